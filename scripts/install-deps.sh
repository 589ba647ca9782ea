#!/usr/bin/env bash
# Installs every Debian 12 package memcosim needs to build, test, run the demo and benchmark.
# Idempotent: run it as often as you like (as root, or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libngspice0-dev ngspice          # in-process solver and the reference `ngspice -b`
  gnucap gnucap-default-plugins0  # a second, independent engine that runs exported decks (its
                                   # devices and commands are plugins, a Recommends we must name)
  libeigen3-dev libboost-dev       # linear algebra, Boost.Odeint
  catch2                           # unit tests (v2), registered with CTest
  libcli11-dev                     # command-line parsing
  nlohmann-json3-dev               # JSON output
  libtomlplusplus-dev              # TOML configs
  libfmt-dev                       # formatting
  gnuplot-nox                      # plots (PNG/SVG)
  adms                             # admsXml parse-checks the emitted Verilog-A
  libopenmpi-dev openmpi-bin       # `memcosim sweep` across `mpirun -np N` ranks
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs dependencies, builds memcosim and runs the demo: SPICE decks solved in-process,
# every vector written as CSV under out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs" --target memcosim

out=out/demo
for deck in rc_lowpass diode_clipper; do
  ./build/memcosim run "netlists/$deck.cir" --out "$out/$deck"
done
echo "demo: results in $out/"

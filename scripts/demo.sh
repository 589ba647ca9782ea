#!/usr/bin/env bash
# Installs dependencies, builds memcosim and runs the demo: a memristor characterised (I-V
# loops at three frequencies with both engines, a potentiation/depression pulse train), SPICE
# decks solved in-process, and a small EqProp network trained on Iris at circuit fidelity,
# first with ideal conductances, then with memristor (MMS) weights programmed by pulses.
# Results (CSV, JSON, PNG, the trained network.cir) go under out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs" --target memcosim

out=out/demo
memcosim=./build/memcosim
echo "== I-V loops of the Yakopcic model (chalcogenide fit) at 100 Hz, 1 kHz, 10 kHz"
$memcosim iv --model yakopcic --amplitude 0.25 --frequency 100,1000,10000 --engine native --out "$out/iv_yakopcic"
$memcosim iv --model yakopcic --amplitude 0.25 --frequency 100,1000,10000 --engine ngspice --out "$out/iv_yakopcic_ngspice"
echo "== I-V loops of TEAM (Xyce YMEMRISTOR level=2 parameters)"
$memcosim iv --model team --out "$out/iv_team"
echo "== Pulse train: 50 set pulses (+0.5 V, 100 us) then 50 reset pulses (-0.5 V)"
$memcosim pulses --model yakopcic --set-amplitude 0.5 --reset-amplitude -0.5 --width 1e-4 --count 50 \
  --out "$out/pulses_yakopcic"
echo "== SPICE decks solved in-process"
for deck in rc_lowpass diode_clipper; do
  $memcosim run "netlists/$deck.cir" --out "$out/$deck"
done
echo "== EqProp on Iris, both phases solved by ngspice in process (ideal conductances)"
rm -rf "$out/eqprop_iris" "$out/eqprop_iris_mms"
$memcosim train --config examples/eqprop_iris.toml --out "$out/eqprop_iris"
echo "== The same with MMS memristor weights in the same window (R_off/R_on = 100), every update written as pulses"
$memcosim train --config examples/eqprop_iris_mms.toml --out "$out/eqprop_iris_mms"
echo "demo: results in $out/"

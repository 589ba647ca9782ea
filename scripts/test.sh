#!/usr/bin/env bash
# Installs dependencies, builds memcosim, runs the whole test suite, then the spice, io, solver
# and learning tests again under AddressSanitizer + UndefinedBehaviorSanitizer (with LeakSanitizer).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

./scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

# Sanitizer build of the layers that own memory, the ngspice session, the native solver, and of training.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMEMCOSIM_SANITIZE=ON -DMEMCOSIM_BUILD_BENCH=OFF
cmake --build build-asan -j"$jobs" --target tests_spice tests_io tests_solver tests_learning
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -L 'spice|io|solver|learning'

#!/usr/bin/env bash
# The one command that builds and tests everything, on a fresh Debian 12
# machine (as root) or a developer box:
#
#   bash scripts/test.sh              # dev (g++), clang (clang++-19), asan, bench (differential check)
#   bash scripts/test.sh dev          # just one (or several) configure presets
#
# Each configuration is a preset from CMakePresets.json, built in
# build/<preset>. Stops at the first failure with a non-zero exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_common.sh

# ninja-build: the presets use the Ninja generator (faster no-op rebuilds,
# and it is what the compile-fail tests drive recursively).
# graphviz: examples/tests may render computation graphs with `dot`.
# doxygen: the API reference (target typegrad_docs, test docs.doxygen).
# clang-format (14), python3: the checks format.check and docs.check (cmake/TypegradChecks.cmake).
# libeigen3-dev: with Eigen on the include path the tensor engine's large products run on
# Eigen, so every configuration tests that path (tests/eigen_kernel also builds a TU without
# Eigen, which keeps typegrad's own loops tested).
ensure_packages cmake ninja-build g++ clang-19 libboost-dev catch2 graphviz doxygen libeigen3-dev libtbb-dev clang-format python3

# The "bench" configuration builds the benchmark contenders and runs only the differential
# check (every contender's value and gradient against typegrad's and the hand-written ones):
# ADOL-C, Stan Math headers (with their Eigen and TBB), Eigen and Google Benchmark.
bench_packages=(libbenchmark-dev libadolc-dev r-cran-stanheaders libeigen3-dev libtbb-dev pkg-config)

presets=("$@")
[ "${#presets[@]}" -eq 0 ] && presets=(dev clang asan bench)
for p in "${presets[@]}"; do
    if [ "$p" = bench ]; then ensure_packages "${bench_packages[@]}"; fi
done

logdir="$(mktemp -d)"
results=()
total_passed=0
current=""
step=""
t_all=$SECONDS

summary() {
    local rc=$?
    echo
    echo "==================== typegrad scripts/test.sh summary ===================="
    local r
    for r in "${results[@]}"; do echo "  $r"; done
    if [ "$rc" -ne 0 ] && [ -n "$current" ]; then
        echo "  $current: FAILED during $step (exit $rc)"
        echo "  (later configurations were not run)"
    fi
    echo "  elapsed: $(fmt_duration $(( SECONDS - t_all )))"
    echo "=========================================================================="
    rm -rf "$logdir"
    if [ "$rc" -eq 0 ]; then
        echo "total: ${total_passed} passed, 0 failed"
    fi
}
trap summary EXIT

for preset in "${presets[@]}"; do
    current=$preset
    t0=$SECONDS
    echo
    echo "==================== [$preset] ===================="

    step="configure"
    cmake --preset "$preset"

    step="build"
    cmake --build --preset "$preset"

    step="ctest"
    log="$logdir/$preset.log"
    ctest --preset "$preset" 2>&1 | tee "$log"

    count=$(sed -nE 's/.*tests passed, 0 tests failed out of ([0-9]+).*/\1/p' "$log" | tail -n1)
    total_passed=$(( total_passed + ${count:-0} ))
    results+=("$(printf '%-8s ok   %4s tests  %s' "$preset" "${count:-?}" "$(fmt_duration $(( SECONDS - t0 )))")")
    current=""
done

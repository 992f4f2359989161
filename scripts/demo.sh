#!/usr/bin/env bash
# Builds the examples (release preset, build/release) and runs each one,
# showing its output:
#
#   bash scripts/demo.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_common.sh

# catch2 is needed because the release preset also configures the tests,
# even though only the examples are built here.
ensure_packages cmake ninja-build g++ libboost-dev catch2 graphviz libtbb-dev

shopt -s nullglob
sources=(examples/*.cpp)
if [ "${#sources[@]}" -eq 0 ]; then
    echo "No examples yet (examples/*.cpp is empty); nothing to demo."
    exit 0
fi

cmake --preset release
# Only the examples: the aggregate target defined by typegrad_add_example.
cmake --build --preset release --target typegrad_examples

failed=()
for src in "${sources[@]}"; do
    name="$(basename "$src" .cpp)"
    echo
    echo "==================== example: $name ($src) ===================="
    # Run inside build/release/examples so files an example writes stay there.
    rc=0
    (cd "build/release/examples" && "./$name") || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "!! example $name exited with status $rc"
        failed+=("$name")
    fi
done

echo
if [ "${#failed[@]}" -ne 0 ]; then
    echo "demo: ${#failed[@]} example(s) failed: ${failed[*]}"
    exit 1
fi
echo "demo: all ${#sources[@]} example(s) ran successfully (binaries in build/release/examples/)"

#!/usr/bin/env bash
# Why is typegrad's scalar reverse mode slower than the hand-written gradient? Builds the
# scalar contenders (bench/runtime/typegrad.cpp) against variants of the headers, each a
# copy of include/ with one change (variants.py; include/ itself is never touched), then
# prints, per problem, the instructions per call (callgrind: deterministic on a shared
# machine) and the CPU time per call (median of 5 runs) of each variant, next to the
# hand-written gradient and plain f. Findings: README.md.
#
#   bash bench/runtime/ratio_probe/run.sh              everything (about 10 minutes on 2 loaded cores)
#   VARIANTS="base all" bash .../run.sh                some variants
#   NO_TIME=1 / NO_COUNT=1                             skip the timings / the instruction counts
#   OUT [/tmp/tgb-ratio-probe]                         build directory
#   EXTRA_FLAGS [none]                                 more flags for typegrad.cpp (e.g. -fno-tree-slp-vectorize)
#   SPELLINGS=1                                        S1b and S3 spelled as a newcomer writes them (formula
#                                                      sigmoid, 0.5 * pow(r, 2)): -DTGB_SPELLINGS=1 on typegrad.cpp
#   FORWARD=1                                          instead: the forward-mode table (base headers only):
#                                                      instructions per call of forward_value_and_grad, jvp,
#                                                      the hand-written gradient and tangent, Sacado's SFad
#                                                      (n lanes and 1 lane), reverse mode and plain f
#   TESTS=1                                            also run the unit tests that pin the semantics
#                                                      (constexpr, edge cases, modes agree, worked examples,
#                                                      finite differences) against each variant; needs Catch2 v2
# Needs g++, valgrind, Eigen 3.4 (the contender list links the Eigen contender).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here="$root/bench/runtime/ratio_probe"
src="$root/bench/runtime"
out=${OUT:-/tmp/tgb-ratio-probe}
variants=${VARIANTS:-"base guarded nan errno outline"}
sacado=0
sacado_libs=()
if [ -f /usr/include/trilinos/Sacado.hpp ]; then
    sacado=1
    sacado_libs=(-ltrilinos_sacado -ltrilinos_teuchoskokkoscomm -ltrilinos_teuchoskokkoscompat -ltrilinos_teuchosnumerics
                 -ltrilinos_teuchoscomm -ltrilinos_teuchosparameterlist -ltrilinos_teuchosparser -ltrilinos_teuchoscore
                 -ltrilinos_kokkoscore -L/usr/lib/x86_64-linux-gnu/openmpi/lib -lmpi)
fi
cxx="g++ -std=c++20 -O2 -DNDEBUG -DTGB_SPELLINGS=${SPELLINGS:-0} -DTGB_HAVE_ADOLC=0 -DTGB_HAVE_STAN=0 -DTGB_HAVE_TYPEGRAD=1 -DTGB_HAVE_SACADO=$sacado"
[ -z "${FORWARD:-}" ] || variants=base
mkdir -p "$out/obj"

echo "==> header variants in $out/inc"
# shellcheck disable=SC2086 # $variants is a list of names
python3 "$here/variants.py" "$root/include" "$out/inc" $variants

echo "==> the other objects (they include no typegrad header: built once, shared by every variant)"
others=("$src/hand.cpp" "$src/hand_tangent.cpp" "$src/plain.cpp" "$src/contenders.cpp" "$src/eigen.cpp"
        "$here/stub_tensor.cpp" "$here/driver.cpp")
[ "$sacado" = 0 ] || others+=("$src/sacado.cpp")
for f in "${others[@]}"; do
    o="$out/obj/$(basename "$f" .cpp).o"
    [ "$o" -nt "$f" ] || $cxx -I"$root/include" -I"$src" -I/usr/include/eigen3 -isystem /usr/include/trilinos \
        -DOMPI_SKIP_MPICXX -I/usr/lib/x86_64-linux-gnu/openmpi/include -c "$f" -o "$o"
done
for v in $variants; do
    echo "==> typegrad.cpp against the variant $v"
    mkdir -p "$out/$v"
    # shellcheck disable=SC2086 # EXTRA_FLAGS is a list of flags
    $cxx ${EXTRA_FLAGS:-} -I"$out/inc/$v" -I"$src" -c "$src/typegrad.cpp" -o "$out/$v/typegrad.o"
    g++ "$out/$v/typegrad.o" "$out"/obj/*.o "${sacado_libs[@]}" -o "$out/$v/drv"
done

problems=("S1b 1 20000000" "S1c 1 50000000" "S2 3 20000000" "S2 4 10000000" "S2 5 5000000" "S3 1 200000"
          "N2 1 10000000")
# Instructions per call: (callgrind total at N calls - total at 0 calls) / N.
count() {  # drv who problem size
    local a b n=20000
    a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" "$4" 0 2>&1 | awk '/Collected/ {print $4}')
    b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" "$4" $n 2>&1 | awk '/Collected/ {print $4}')
    echo $(( (b - a) / n ))
}
# CPU ns per call: median of 5 runs.
timeit() {  # drv who problem size iters
    for _ in 1 2 3 4 5; do "$@" | awk '{print $3}'; done | sort -n | sed -n 3p
}
if [ -n "${FORWARD:-}" ]; then
    who=(fwd hand jvp hand_tangent sacado_sfad sacado_tangent rev plain)
    echo; echo "Instructions per call (callgrind), forward mode (base headers):"; echo
    echo "| problem |$(printf ' %s |' "${who[@]}")"
    echo "|---|$(for _ in "${who[@]}"; do printf -- '---|'; done)"
    for p in "S1a 1" "S1b 1" "S1c 1" "S2 3" "S2 4" "S2 5" "S3 1" "S4 1" "N2 1"; do
        set -- $p
        line="| $1/$2 |"
        for w in "${who[@]}"; do
            if "$out/base/drv" "$w" "$1" "$2" 0 >/dev/null 2>&1; then
                line="$line $(count "$out/base/drv" "$w" "$1" "$2") |"
            else
                line="$line - |"
            fi
        done
        echo "$line"
    done
    exit 0
fi
header="| problem | $(for v in $variants; do printf '%s | ' "$v"; done)hand | plain |"
rule="|---|$(for _ in $variants; do printf -- '---|'; done)---|---|"
if [ -z "${NO_COUNT:-}" ]; then
    echo; echo "Instructions per call (callgrind), typegrad reverse by header variant:"; echo
    echo "$header"; echo "$rule"
    for p in "${problems[@]}"; do
        set -- $p
        line="| $1/$2 |"
        for v in $variants; do line="$line $(count "$out/$v/drv" rev "$1" "$2") |"; done
        base=$(echo $variants | awk '{print $1}')
        line="$line $(count "$out/$base/drv" hand "$1" "$2") | $(count "$out/$base/drv" plain "$1" "$2") |"
        echo "$line"
    done
fi
if [ -z "${NO_TIME:-}" ]; then
    echo; echo "CPU ns per call (median of 5 runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)):"; echo
    echo "$header"; echo "$rule"
    for p in "${problems[@]}"; do
        set -- $p
        line="| $1/$2 |"
        for v in $variants; do line="$line $(timeit "$out/$v/drv" rev "$1" "$2" "$3") |"; done
        base=$(echo $variants | awk '{print $1}')
        line="$line $(timeit "$out/$base/drv" hand "$1" "$2" "$3") | $(timeit "$out/$base/drv" plain "$1" "$2" "$3") |"
        echo "$line"
    done
    echo; echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    b0=$(echo $variants | awk '{print $1}')
    for mode in nostep store; do
        echo; echo "S1b, $mode (nostep: one input point; store: one input stored right before each call):"
        for v in $variants; do echo "  $v: $(timeit "$out/$v/drv" rev S1b 1 20000000 $mode) ns"; done
        echo "  hand: $(timeit "$out/$b0/drv" hand S1b 1 20000000 $mode) ns"
        echo "  hand_locals: $(timeit "$out/$b0/drv" hand_locals S1b 1 20000000 $mode) ns"
    done
fi
if [ -n "${TESTS:-}" ]; then
    echo; echo "Unit tests against each variant (g++ -O1):"
    mkdir -p "$out/tests"
    [ -f "$out/tests/main.o" ] || g++ -std=c++20 -O1 -c "$root/tests/unit/main.cpp" -o "$out/tests/main.o"
    for v in $variants; do
        objs=()
        for t in test_constexpr test_edge_cases test_modes_agree test_worked_examples test_finite_differences; do
            g++ -std=c++20 -O1 -I"$out/inc/$v" -I"$root/tests/unit" -c "$root/tests/unit/$t.cpp" -o "$out/tests/${v}_$t.o"
            objs+=("$out/tests/${v}_$t.o")
        done
        g++ "$out/tests/main.o" "${objs[@]}" -o "$out/tests/${v}_tests"
        echo "  $v: $("$out/tests/${v}_tests" 2>&1 | tail -3 | grep -E 'passed|failed' | tr -s ' ' | tr '\n' ' ')"
    done
fi

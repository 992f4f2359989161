#!/usr/bin/env bash
# Runtime benchmarks, one command: installs what they need (apt, only if missing), builds
# bench/ in build/bench (Release, -O2), runs the differential check, runs every problem size
# in a fresh process (raw JSON merged into bench/results/runtime.json), and regenerates
# docs/benchmarks.md and docs/img/bench_*.png.
#
#   scripts/bench.sh                 full run (5 repetitions, medians; well under 10 minutes)
#   scripts/bench.sh --quick         smoke run (1 repetition, short minimum time)
#   scripts/bench.sh --filter RE     only the problem sizes whose "PROBLEM/SIZE" matches RE
#   scripts/bench.sh --no-report     no markdown and plots, only the JSON
# Only a full run writes bench/results/runtime.json, docs/benchmarks.md and docs/img/; quick
# or filtered runs write the same files under build/bench/ (runtime.json, benchmarks.md, img/).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/_common.sh
. "$root/scripts/_common.sh"

repetitions=5
min_time=0.05
filter=""
report=1
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) repetitions=1; min_time=0.01 ;;
        --filter) filter="$2"; shift ;;
        --no-report) report=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

start=$(date +%s)
ensure_packages g++ cmake ninja-build pkg-config util-linux \
    libbenchmark-dev libadolc-dev r-cran-stanheaders libeigen3-dev libtbb-dev libboost-dev \
    libtrilinos-sacado-dev libtrilinos-kokkos-dev libtrilinos-teuchos-dev libopenmpi-dev \
    python3 python3-matplotlib

# matplotlib comes from Debian: use the system interpreter even when another python3
# (pyenv, a venv) is first on PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=python3

build="$root/build/bench"
echo "==> configuring $build (Release, -O2)"
cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DTYPEGRAD_BUILD_BENCHMARKS=ON \
    -DTYPEGRAD_BUILD_TESTS=OFF \
    -DTYPEGRAD_BUILD_EXAMPLES=OFF >/dev/null
echo "==> building bench_runtime and bench_check"
cmake --build "$build" --target bench_runtime bench_check

bin="$build/bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> differential check (ctest bench.differential_check)"
# ADOL-C writes the tapes that exceed its buffers into the working directory: keep them in $work.
ctest --test-dir "$build" -R '^bench\.differential_check$' --output-on-failure

"$py" "$root/bench/runtime/report.py" machine --out "$work/machine.json"

# Repetitions of the contenders of one problem size are interleaved at random, so that load
# changes on a shared machine hit all contenders alike instead of whichever ran at the time.
flags="--benchmark_repetitions=$repetitions --benchmark_report_aggregates_only=true --benchmark_min_time=$min_time"
flags="$flags --benchmark_enable_random_interleaving=true"
# One process per problem size (ADOL-C's global state would otherwise carry over from a
# large tape to the next, small one); all contenders of a size run in the same process.
instances=$("$bin/bench_runtime" --benchmark_list_tests | awk -F/ '{print $1 "/" $3}' | awk '!seen[$0]++')
mkdir -p "$work/parts"
count=0
for inst in $instances; do
    if [ -n "$filter" ] && ! [[ "$inst" =~ $filter ]]; then continue; fi
    problem=${inst%/*}
    size=${inst#*/}
    count=$((count + 1))
    echo "==> $inst"
    part="$work/parts/$(printf '%03d' "$count")_${problem}_${size}.json"
    # shellcheck disable=SC2086 # $flags is a list of flags
    if ! (cd "$work" && "$bin/bench_runtime" $flags --benchmark_filter="^${problem}/[^/]+/${size}\$" \
            --benchmark_out="$part" --benchmark_out_format=json >"$work/log" 2>&1); then
        cat "$work/log" >&2
        echo "bench.sh: bench_runtime failed on $inst" >&2
        exit 1
    fi
    # The medians (or, with one repetition, the single runs), without the banner.
    grep -E '^[A-Z][0-9a-z]*/[a-z_]+/[0-9]+(_median)? ' "$work/log" || true
    rm -f "$work"/ADOLC-*.tap
done

out="$root/bench/results/runtime.json"
md="$root/docs/benchmarks.md"
img="$root/docs/img"
if [ -n "$filter" ] || [ "$repetitions" = 1 ]; then
    out="$build/runtime.json"
    md="$build/benchmarks.md"
    img="$build/img"
fi
if [ "$count" = 0 ]; then
    echo "bench.sh: no benchmark matches --filter '$filter'" >&2
    exit 1
fi

load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)
mkdir -p "$(dirname "$out")"
"$py" "$root/bench/runtime/report.py" merge --out "$out" --load-end "$load_end" \
    --machine "$work/machine.json" --command "scripts/bench.sh" --bench-flags "$flags" "$work"/parts/*.json
echo "==> raw results: ${out#"$root"/}"

if [ "$report" = 1 ]; then
    "$py" "$root/bench/runtime/report.py" report --json "$out" --md "$md" --img "$img"
    echo "==> report: ${md#"$root"/}, plots: ${img#"$root"/}/bench_*.png"
fi
echo "==> done in $(fmt_duration $(( $(date +%s) - start )))"

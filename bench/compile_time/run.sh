#!/usr/bin/env bash
# Compile-time benchmark: how long g++ (and clang++-19, when installed) take to compile
# value_and_grad / eval / derivative on DAG-heavy, wide and deep expression types.
#
#   bash bench/compile_time/run.sh                  # measure, write results.csv, regenerate the doc
#   REPORT_ONLY=1 bash bench/compile_time/run.sh    # regenerate docs/compile_time.md from results.csv
#   SKIP_MEASURE=1 bash bench/compile_time/run.sh   # only the -ftime-report runs, then the doc
#
# Settings (environment variables, defaults in brackets):
#   SIZES [25,50,100,200]   values of k          CASES [all]   see generate.py
#   COMPILERS [g++ and clang++-19 if installed]  FLAGS [-O2]
#   REPEAT [3]  runs per compile (least CPU time kept; compiles over 20 CPU s run once)
#   CPU_CAP [120] CPU seconds per compiler process (ulimit -t)   MEM_CAP_GB [8] (ulimit -v)
#   WALL_CAP [600] wall seconds (timeout), a backstop for a loaded machine
#   VARIANT [repo]  label of the include tree measured; PATCH [none]: a patch (-p1, relative
#                   to the repo root) applied to a copy of include/ first, to measure a proposed
#                   change without touching include/, e.g. VARIANT=try1 PATCH=/tmp/try1.patch
#   TIME_REPORT [chain_vg:100,wide_vg:50]  case:k pairs compiled once more with g++ -ftime-report
#                   ("" = none), saved as bench/compile_time/ftime-report-VARIANT-CASE-kK.txt
#
# Writes bench/compile_time/results.csv (rows of other compiler/variant/case triples are kept),
# bench/compile_time/ftime-report-*.txt, docs/compile_time.md, docs/img/compile_time*.png.
# Needs /usr/bin/time (Debian package "time") and python3 with matplotlib
# (python3-matplotlib); both are installed with apt-get when missing and we are root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=bench/compile_time
BUILD=$HERE/build

need_apt=()
[[ -x /usr/bin/time ]] || need_apt+=(time)
# The report needs matplotlib; the Debian python3 is preferred (pyenv shims may lack it).
PY=
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import matplotlib' 2>/dev/null; then PY=$p; break; fi
done
[[ -n $PY ]] || need_apt+=(python3-matplotlib)
if ((${#need_apt[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "run.sh: please install: ${need_apt[*]}" >&2
        exit 1
    fi
    [[ -n $PY ]] || PY=/usr/bin/python3
fi

VARIANT=${VARIANT:-repo}
if [[ ${REPORT_ONLY:-0} != 1 ]]; then
    SIZES=${SIZES:-25,50,100,200}
    CASES=${CASES:-chain_vg,chain_eval,chain_deriv,wide_vg,deep_vg,tensor_mlp,tensor_deep}
    if [[ -z ${COMPILERS:-} ]]; then
        COMPILERS=g++
        command -v clang++-19 >/dev/null && COMPILERS="g++ clang++-19"
    fi
    INCLUDE=$ROOT/include
    if [[ -n ${PATCH:-} ]]; then
        rm -rf "$BUILD/tree-$VARIANT" && mkdir -p "$BUILD/tree-$VARIANT"
        cp -r include "$BUILD/tree-$VARIANT/"
        (cd "$BUILD/tree-$VARIANT" && patch -s -p1 < "$ROOT/$PATCH")
        INCLUDE=$ROOT/$BUILD/tree-$VARIANT/include
    fi
    # The revision measured: HEAD, plus "+dirty" when include/ has uncommitted changes.
    REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    [[ -z $(git status --porcelain -- include 2>/dev/null) ]] || REV="$REV+dirty"
    [[ -z ${PATCH:-} ]] || REV="$REV+$(basename "$PATCH")"
    rm -rf "$BUILD/src" && "$PY" $HERE/generate.py "$BUILD/src" --sizes "$SIZES" --cases "$CASES" >/dev/null
    [[ ${SKIP_MEASURE:-0} == 1 ]] || "$PY" $HERE/measure.py --src-dir "$BUILD/src" --obj-dir "$BUILD/obj" --include "$INCLUDE" \
        --variant "$VARIANT" --rev "$REV" --compilers "$COMPILERS" --cases "$CASES" --sizes "$SIZES" \
        --repeat "${REPEAT:-3}" --cpu-cap "${CPU_CAP:-120}" --mem-cap-gb "${MEM_CAP_GB:-8}" \
        --wall-cap "${WALL_CAP:-600}" --flags="${FLAGS:--O2}" --csv $HERE/results.csv

    TIME_REPORT=${TIME_REPORT-chain_vg:100,wide_vg:50}
    for tr in ${TIME_REPORT//,/ }; do
        tr_case=${tr%%:*} tr_k=${tr##*:}
        "$PY" $HERE/generate.py "$BUILD/src" --sizes "$tr_k" --cases "$tr_case" >/dev/null
        out=$HERE/ftime-report-$VARIANT-$tr_case-k$tr_k.txt
        {
            echo "# g++ ${FLAGS:--O2} -ftime-report, $tr_case k = $tr_k, include tree $VARIANT $REV ($(g++ --version | head -1))"
            echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
            (ulimit -t "${CPU_CAP:-120}"; ulimit -v $((${MEM_CAP_GB:-8} * 1024 * 1024));
             /usr/bin/time -f '# wall %e s, cpu %U+%S s, peak %M KB' \
                 g++ -std=c++20 ${FLAGS:--O2} -ftime-report -I"$INCLUDE" -c "$BUILD/src/${tr_case}_k${tr_k}.cpp" \
                 -o /dev/null 2>&1) || echo "# (the compile failed or reached a cap)"
        } > "$out" 2>&1
        echo "wrote $out"
    done
fi

"$PY" $HERE/report.py --csv $HERE/results.csv --doc docs/compile_time.md --img-dir docs/img \
    --notes $HERE/notes.md --time-reports "$HERE"

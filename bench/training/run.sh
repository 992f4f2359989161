#!/usr/bin/env bash
# Time per step of the seeds' 2-layer network: typegrad against the same step hand-written
# with Eigen (typegrad's large products run on Eigen, which is on the include path). Prints
# the median CPU time per step of each and their ratio. Usage, from the repository root:
#   bench/training/run.sh [repetitions (default 20)]
# Builds with the bench preset (g++ 12, Release -O2). CPU time, not wall time: the machine
# is shared; repetitions of the two contenders are interleaved at random.
set -euo pipefail
reps="${1:-20}"
cmake --preset bench >/dev/null
cmake --build build/bench --target bench_mlp_step >/dev/null
out="$(mktemp -d)"
for b in bench_mlp_step; do
  "build/bench/bench/training/$b" --benchmark_repetitions="$reps" --benchmark_min_time=0.5 \
    --benchmark_enable_random_interleaving=true --benchmark_out="$out/$b.json" --benchmark_out_format=json >/dev/null 2>&1
done
python3 - "$out" <<'PY'
import json, sys, os
d = sys.argv[1]
def medians(name):
    runs = json.load(open(os.path.join(d, name + ".json")))["benchmarks"]
    m = {}
    for r in runs:
        if r.get("aggregate_name") == "median":
            m[r["run_name"]] = r["cpu_time"]  # in ms (Unit(kMillisecond))
    return m
print("%-30s %14s %14s %8s" % ("typegrad build", "typegrad (ms)", "Eigen (ms)", "ratio"))
for name, label in (("bench_mlp_step", "Eigen kernels"),):
    m = medians(name)
    t, e = m["BM_mlp_step_typegrad"], m["BM_mlp_step_eigen"]
    print("%-30s %14.3f %14.3f %8.2f" % (label, t, e, t / e))
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

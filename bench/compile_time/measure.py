#!/usr/bin/env python3
"""Compiles the generated sources and records compile time and peak memory (called by run.sh).

Each compile is one command (the exact one is printed with --print-command and written to
docs/compile_time.md):

    bash -c 'ulimit -t CPU_CAP; ulimit -v MEM_CAP_KB; exec /usr/bin/time -f "%e %U %S %M" \
        timeout WALL_CAP COMPILER -std=c++20 -O2 -IINCLUDE -c SRC -o OBJ'

%e is wall seconds, %U + %S the CPU seconds of the compiler driver and all its children
(cc1plus, as), %M the peak resident set of the largest child in KB. The CPU cap (ulimit -t,
per process) is the primary cap because it does not depend on how loaded the machine is; the
wall cap is a backstop. A case that fails (cap reached, out of memory, compile error) at some
k is not compiled at larger k (status "skipped"): cost only grows with k.

Results are merged into the CSV: rows of the same (compiler, variant, case) are replaced, others kept.
"""

import argparse
import csv
import os
import re
import shlex
import subprocess
import sys
import time

FIELDS = ["compiler", "compiler_version", "variant", "include_rev", "case", "k", "unique_nodes", "status", "wall_s", "cpu_s",
          "maxrss_mb", "runs", "load1", "note"]

# Unique nodes of the expression handed to the entry point, as a function of k.
UNIQUE_NODES = {
    "chain_vg": lambda k: 2 * k + 3,
    "chain_eval": lambda k: 2 * k + 3,
    "chain_deriv": lambda k: 2 * k + 3,  # of q_k; the derivative expression has its own
    "wide_vg": lambda k: 4 * k - 1,
    "deep_vg": lambda k: k + 1,
    "pairwise_vg": lambda k: 3 * k + 18 * (k * (k - 1) // 2) + 2,  # an upper bound: shared differences not merged
    "hessian": lambda k: 6 * k,  # of f; each row's derivative expression has its own
}


def compiler_version(cxx):
    try:
        out = subprocess.run([cxx, "--version"], capture_output=True, text=True, check=True).stdout
        return out.splitlines()[0].strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def command(cxx, include, src, obj, cpu_cap, mem_cap_kb, wall_cap, flags):
    compile_cmd = [cxx, "-std=c++20", *flags, f"-I{include}", "-c", src, "-o", obj]
    inner = (f"ulimit -t {cpu_cap}; ulimit -v {mem_cap_kb}; exec /usr/bin/time -f '%e %U %S %M' "
             f"timeout {wall_cap} {shlex.join(compile_cmd)}")
    return ["bash", "-c", inner]


def classify(rc, stderr, cpu, cpu_cap, wall, wall_cap):
    if rc == 0:
        return "ok"
    text = stderr.lower()
    if "out of memory" in text or "virtual memory exhausted" in text or "bad_alloc" in text or "cannot allocate" in text:
        return "out-of-memory"
    # RLIMIT_CPU sends SIGXCPU at the soft limit, SIGKILL at the hard one (ulimit -t sets both).
    if "cpu time limit" in text or rc in (128 + 24, 128 + 9) or cpu >= 0.97 * cpu_cap:
        return "cpu-cap"
    if rc == 124 or wall >= wall_cap - 1:
        return "wall-cap"
    return "error"


def run_once(cmd, cpu_cap, wall_cap):
    p = subprocess.run(cmd, capture_output=True, text=True)
    # /usr/bin/time prints its line last on stderr (also when the command failed).
    m = None
    for line in reversed(p.stderr.splitlines()):
        m = re.fullmatch(r"\s*([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*", line)
        if m:
            break
    if m:
        wall, user, sys_, rss = float(m[1]), float(m[2]), float(m[3]), int(m[4])
    else:
        wall, user, sys_, rss = float("nan"), float("nan"), float("nan"), 0
    cpu = user + sys_
    status = classify(p.returncode, p.stderr, cpu, cpu_cap, wall, wall_cap)
    return status, wall, cpu, rss / 1024.0, p.stderr


def load1():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return float("nan")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src-dir", required=True)
    ap.add_argument("--obj-dir", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--variant", default="repo")
    ap.add_argument("--rev", default="", help="revision of the include tree (recorded in the CSV)")
    ap.add_argument("--compilers", default="g++")
    ap.add_argument("--cases", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--repeat", type=int, default=3, help="runs per compile; the least CPU time is kept")
    ap.add_argument("--repeat-below", type=float, default=20.0,
                    help="repeat only compiles whose first run took less CPU time than this")
    ap.add_argument("--cpu-cap", type=int, default=120, help="CPU seconds per process (ulimit -t)")
    ap.add_argument("--mem-cap-gb", type=float, default=8.0, help="address space per process (ulimit -v)")
    ap.add_argument("--wall-cap", type=int, default=600, help="wall seconds (timeout)")
    ap.add_argument("--flags", default="-O2")
    ap.add_argument("--csv", required=True)
    args = ap.parse_args(argv)

    os.makedirs(args.obj_dir, exist_ok=True)
    mem_cap_kb = int(args.mem_cap_gb * 1024 * 1024)
    flags = args.flags.split()
    compilers = args.compilers.split()
    cases = [c for c in args.cases.split(",") if c]
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)

    rows = []

    def measure(cxx, version, case, k, src):
        obj = os.path.join(args.obj_dir, os.path.basename(src)[:-4] + "." + os.path.basename(cxx) + ".o")
        cmd = command(cxx, args.include, src, obj, args.cpu_cap, mem_cap_kb, args.wall_cap, flags)
        best = None
        runs = 0
        for i in range(max(1, args.repeat)):
            ld = load1()
            status, wall, cpu, rss, err = run_once(cmd, args.cpu_cap, args.wall_cap)
            runs += 1
            if status != "ok":
                best = (status, wall, cpu, rss, ld)
                tail = "\n".join(err.strip().splitlines()[-3:])
                print(f"    {status}: {tail[:600]}", file=sys.stderr)
                break
            if best is None or cpu < best[2]:
                best = (status, wall, cpu, rss, ld)
            if cpu >= args.repeat_below:
                break
        status, wall, cpu, rss, ld = best
        note = ""
        if status != "ok":
            # The compiler's own first error line, if any (e.g. a nesting or depth limit).
            errs = [l for l in err.splitlines() if "error" in l and "exited with" not in l]
            note = re.sub(r"\s+", " ", errs[0])[:200] if errs else ""
        row = {"compiler": os.path.basename(cxx), "compiler_version": version, "variant": args.variant,
               "include_rev": args.rev,
               "case": case, "k": k if k is not None else "",
               "unique_nodes": UNIQUE_NODES[case](k) if k is not None else "",
               "status": status, "wall_s": f"{wall:.2f}", "cpu_s": f"{cpu:.2f}", "maxrss_mb": f"{rss:.0f}",
               "runs": runs, "load1": f"{ld:.1f}", "note": note}
        print(f"  {row['compiler']:>12} {case:>12} k={row['k']!s:>4}  {status:>13}  wall {wall:8.2f} s  "
              f"cpu {cpu:8.2f} s  {rss:7.0f} MB  (runs {runs}, load {ld:.1f})", flush=True)
        rows.append(row)
        return status

    for cxx in compilers:
        version = compiler_version(cxx)
        print(f"{cxx}: {version}", flush=True)
        measure(cxx, version, "baseline", None, os.path.join(args.src_dir, "baseline.cpp"))
        for case in cases:
            failed = None
            for k in sizes:
                if failed:
                    rows.append({"compiler": os.path.basename(cxx), "compiler_version": version,
                                 "variant": args.variant, "include_rev": args.rev, "case": case, "k": k,
                                 "unique_nodes": UNIQUE_NODES[case](k), "status": "skipped", "wall_s": "",
                                 "cpu_s": "", "maxrss_mb": "", "runs": 0, "load1": ""})
                    continue
                status = measure(cxx, version, case, k, os.path.join(args.src_dir, f"{case}_k{k}.cpp"))
                if status != "ok":
                    failed = status

    # Merge: replace the rows of the (compiler, variant, case) triples measured, keep the others.
    measured = {(r["compiler"], r["variant"], r["case"]) for r in rows}
    kept = []
    if os.path.exists(args.csv):
        with open(args.csv, newline="") as f:
            kept = [r for r in csv.DictReader(f) if (r["compiler"], r["variant"], r["case"]) not in measured]
    with open(args.csv, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        for r in kept + rows:
            w.writerow({k: r.get(k, "") for k in FIELDS})
    print(f"wrote {args.csv}")


UNIQUE_NODES["baseline"] = lambda k: ""

if __name__ == "__main__":
    main(sys.argv[1:])

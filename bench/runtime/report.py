#!/usr/bin/env python3
"""Merges the raw Google Benchmark JSON of scripts/bench.sh and writes docs/benchmarks.md
and the plots docs/img/bench_*.png from it.

    report.py machine --out machine.json
    report.py merge --out bench/results/runtime.json --machine machine.json part1.json ...
    report.py report --json bench/results/runtime.json --md docs/benchmarks.md --img docs/img

Every number in the report comes from the JSON: the median over the repetitions of the
CPU time per iteration (value + gradient, or f alone for the value-only contenders).
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys

# Problems in report order: id -> (title, size label, kind). Kinds: "scalar" (S1-S3),
# "vector" (V1-V5), "network" (N1-N2). Keep in sync with bench/runtime/problems.hpp.
PROBLEMS = [
    ("S1a", "(x+y)*z", "-", "scalar"),
    ("S1b", "sigmoid neuron sigmoid(w0 x0 + w1 x1 + w2)", "-", "scalar"),
    ("S1c", "(a+b)*b^3", "-", "scalar"),
    ("S2", "determinant by minors, l x l", "l", "scalar"),
    ("S3", "least squares fit, m = 9 coefficients, n = 100 points", "-", "scalar"),
    ("V1", "sum x_i", "N", "vector"),
    ("V2", "log-sum-exp (max-shifted)", "N", "vector"),
    ("V3", "normal log-pdf, mu and sigma fixed", "N", "vector"),
    ("V3b", "normal log-pdf, mu and sigma inputs", "N", "vector"),
    ("V4", "matrix product sum 1^T A B 1, A and B n x n", "n", "vector"),
    ("V5", "Bayesian linear regression, X 1000 x p", "p", "vector"),
    ("N1", "2-layer MLP training step (N=64, D_in=1000, H=100, D_out=10)", "-", "network"),
    ("N2", "XOR 2-2-1 ReLU network, full batch", "-", "network"),
    ("S4", "Gaussian log-density, shared scale: -1/2 sum ((y - m)/s)^2 - 3 log s, 3 points", "-", "scalar"),
]
PROBLEM_INFO = {p[0]: p for p in PROBLEMS}

CONTENDERS = [  # name, label, description
    ("plain", "plain f", "f alone in double: the denominator of every ratio"),
    ("hand", "hand-written", "the gradient written by hand as the seeds' flat code (forward values, backward adjoints)"),
    ("typegrad_rev", "typegrad reverse", "typegrad::value_and_grad (scalar problems); typegrad::value_and_grad, "
     "the tensor engine (V1-V5, N1)"),
    ("typegrad_dyn", "typegrad dynamic", "typegrad::value_and_grad with dynamic extents (tg::dynamic, V1-V5, V3b, N1): "
     "the same expressions as typegrad reverse, their extents known at run time"),
    ("typegrad_fwd", "typegrad forward", "typegrad::forward_value_and_grad (one tangent lane per input)"),
    ("hand_tangent", "hand-written tangent", "one directional derivative written by hand, values and tangents side "
     "by side (S1, S2, S4, N2)"),
    ("typegrad_jvp", "typegrad jvp", "typegrad::jvp along the same direction (one tangent)"),
    ("sacado_sfad", "Sacado SFad", "Sacado (Trilinos 13.2) Fad::SFad<double, n>, one lane per input"),
    ("sacado_tangent", "Sacado SFad<1>", "Sacado Fad::SFad<double, 1> along the jvp's direction"),
    ("sacado_rad", "Sacado Rad", "Sacado Rad::ADvar reverse mode, its graph recorded on every call"),
    ("adolc_cold", "ADOL-C cold", "ADOL-C 2.7, re-taping every call: trace_on(keep=1) ... trace_off, fos_reverse"),
    ("adolc_steady", "ADOL-C steady", "ADOL-C 2.7, tape recorded once, replayed: zos_forward + fos_reverse"),
    ("stan", "Stan", "Stan Math 2.21, stan::math::gradient (its graph is rebuilt on every call, by nature)"),
    ("eigen", "Eigen", "Eigen 3.4: f and the hand-derived gradient formulas as matrix kernels (V4, V5, N1)"),
    ("eigen_f", "Eigen f only", "Eigen 3.4: f alone, what a tuned gemm/gemv costs next to the plain loops"),
]
LABEL = {c[0]: c[1] for c in CONTENDERS}

# Published ratios (value + gradient / plain f) from FastAD's ADBenchmark (GCC 10 -O3
# -march=native, expression and buffers built once outside the timing loop), as quoted in the
# project's reference benchmarks.md: (problem, size, row, {contender: ratio}).
PUBLISHED = [
    ("V1", 16384, "sum x_i (vector op; scalar loop)", {"FastAD": "2.6; 1.8", "Stan": "50; 10.7", "ADOL-C": "177; 17"}),
    ("V2", 16384, "log sum exp", {"FastAD": "1.5", "Stan": "9.0", "ADOL-C": "23.5"}),
    ("V3", 16384, "normal log-pdf", {"FastAD": "3.0", "Stan": "80", "ADOL-C": "313"}),
    ("V4", 181, "sum of entries of A B", {"FastAD": "3.2", "Stan": "6.3", "ADOL-C": "3676"}),
    ("V5", 150, "Bayesian linear regression", {"FastAD": "2.1", "Stan": "18.5", "ADOL-C": "249"}),
]
ORDER = {c[0]: i for i, c in enumerate(CONTENDERS)}
# The problems with a dynamic-extent contender, shown beside their fixed-extent version.
DYNAMIC = ["V1", "V2", "V3", "V3b", "V4", "V5", "N1"]


def load(path):
    with open(path) as f:
        return json.load(f)


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def cmd_machine(args):
    """What the report says about the machine, captured when the benchmarks run."""
    lscpu = {}
    for line in run(["lscpu"]).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            lscpu[k.strip()] = v.strip()
    detail = ", ".join("%s %s" % (k, lscpu[k]) for k in ("L1d cache", "L2 cache", "L3 cache") if k in lscpu)
    virt = lscpu.get("Hypervisor vendor", "")
    versions = []
    gxx = run(["g++", "--version"]).splitlines()
    if gxx:
        versions.append(gxx[0])
    cm = run(["cmake", "--version"]).splitlines()
    if cm:
        versions.append(cm[0])
    for pkg in ("libadolc-dev", "r-cran-stanheaders", "libeigen3-dev", "r-cran-rcppeigen", "libbenchmark-dev",
                "libtbb-dev", "libboost-dev"):
        v = run(["dpkg-query", "-W", "-f=${Version}", pkg])
        if v:
            versions.append("%s %s" % (pkg, v))
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = ""
    out = {
        "cpu_model": lscpu.get("Model name", platform.processor()),
        "cores": str(os.cpu_count()),
        "threads_per_core": lscpu.get("Thread(s) per core", "?"),
        "cpu_detail": detail,
        "virtualization": ("virtual machine (%s)" % virt) if virt else "",
        "kernel": "Linux " + platform.release(),
        "os": run(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "versions": versions,
        "load": load,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)


def cmd_merge(args):
    merged = None
    for path in args.parts:
        part = load(path)
        if merged is None:
            merged = {"context": part["context"], "benchmarks": []}
            # The build directory is the runner's own: keep the program's name only.
            if "executable" in merged["context"]:
                merged["context"]["executable"] = os.path.basename(merged["context"]["executable"])
        merged["benchmarks"].extend(part.get("benchmarks", []))
    if merged is None:
        sys.exit("merge: no input files")
    if args.machine:
        merged["context"]["tgb_machine"] = load(args.machine)
    if args.command:
        merged["context"]["tgb_command"] = args.command
    if args.bench_flags:
        merged["context"]["tgb_bench_flags"] = args.bench_flags
    if args.load_end:
        merged["context"]["tgb_load_end"] = args.load_end
    merged["context"]["tgb_parts"] = len(args.parts)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(merged, f, indent=1)
        f.write("\n")


def medians(data):
    """{(problem, contender, size): median cpu time in ns}."""
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        parts = name.split("/")
        if len(parts) != 3:
            continue
        key = (parts[0], parts[1], int(parts[2]))
        # Without aggregates (a single repetition) the plain iteration entry is the median.
        if b.get("run_type") == "iteration" and key in out:
            continue
        out[key] = b["cpu_time"] * scale[b.get("time_unit", "ns")]
    return out


def fmt_time(ns):
    if ns < 1e3:
        return "%.3g ns" % ns
    if ns < 1e6:
        return "%.3g us" % (ns / 1e3)
    if ns < 1e9:
        return "%.3g ms" % (ns / 1e6)
    return "%.3g s" % (ns / 1e9)


def fmt_ratio(r):
    if r is None:
        return "-"
    if r >= 100:
        return "%.0f" % r
    if r >= 10:
        return "%.1f" % r
    return "%.2f" % r


def size_name(problem, size):
    label = PROBLEM_INFO[problem][2]
    return "-" if label == "-" else "%s=%d" % (label, size)


class Results:
    def __init__(self, data):
        self.t = medians(data)
        self.sizes = {}
        self.contenders = {}
        for (p, c, s) in self.t:
            self.sizes.setdefault(p, set()).add(s)
            self.contenders.setdefault(p, set()).add(c)

    def time(self, p, c, s):
        return self.t.get((p, c, s))

    def ratio(self, p, c, s, to):
        a, b = self.time(p, c, s), self.time(p, to, s)
        return None if a is None or b is None or b == 0 else a / b

    def problems(self):
        return [p[0] for p in PROBLEMS if p[0] in self.sizes]

    def contenders_of(self, p):
        return sorted(self.contenders.get(p, ()), key=lambda c: ORDER.get(c, 99))


# ---------------------------------------------------------------------------------------
# The bars of the issue.
# ---------------------------------------------------------------------------------------
# Why a bar is not met, per (bar, problem): the causes found by reading the generated code
# and counting instructions (bench/runtime/ratio_probe/README.md has the measurements and
# the commands). Printed only next to a bar that the data of this run says is not met.
WHY = {
    ("hand", "S1b"): "no zero test is left on S1b (plain_products, passes/reverse.hpp) and sigmoid takes one "
                     "exponential; 130 instructions per call against 125 (callgrind, ratio probe)",
    ("hand", "S1c"): "b*b*b is differentiated as written (b used three times: four products, three sums) "
                     "where the hand-written gradient uses 3 b^2 (a + b): 55 instructions per call against "
                     "51 (callgrind, ratio probe), visible at 2-3 ns per call",
    ("hand", "S2"): "not the zero test any more (plain_products leaves none on S2: 873 instructions per call "
                    "at l = 5 against the hand-written 961, callgrind, ratio probe; l = 3 and 4 are faster "
                    "than hand-written). What makes l = 5 slower in time with fewer instructions is not "
                    "analysed (a candidate, not measured: the node values spilled to the stack "
                    "where the hand-written code indexes two arrays)",
    ("hand", "S3"): "not the zero test (none is left on S3) and not the square (pow(r, c<2>) is "
                    "r * r, and g++ vectorizes the per-point loop): each of the 100 points is its own "
                    "value_and_grad call, which rebuilds 9 bindings, and its 1/2 and 2 are separate "
                    "products: 4916 instructions per call against 3488 (ratio probe)",
    ("hand", "N2"): "not the zero test (none is left on N2: 282 instructions per call against the "
                    "hand-written 317, ratio probe)",
    ("hand", "V2"): "tg::logsumexp keeps its exponentials and row sums from the forward pass in its "
                    "value slice (an op's scratch values, tensor/program.hpp), so the gradient takes no "
                    "exponential; what remains is the division exp(x_j - m) / s per element, where the "
                    "hand-written gradient multiplies by 1/s (one more rounding; typegrad keeps the "
                    "correctly rounded quotient), and the scratch values written and read back",
    ("hand", "V3"): "two loops over the N elements (the fused region's forward loop, which also sums, and "
                    "its backward loop) where the hand-written gradient needs one: the engine does not "
                    "compute the gradient inside the forward loop when the reduction's adjoint does not "
                    "depend on its value",
    ("hand", "V3b"): "as V3, and the loop does more per element than the hand-written one: one division, "
                     "(y - mu) / sigma, as the value needs (the divisor's adjoint is divided once after the "
                     "loop), then 2 z, 2 z / sigma stored, 2 z z summed for sigma apart from z z for the value, "
                     "mu's total, and the sum of the stored adjoints that detects a NaN (region_program's "
                     "plain-first sweep): 20 instructions per element against about 13, and a second pass "
                     "that scales the stored adjoints by -1/2 (5189 instructions per call at N = 256 against "
                     "3475, callgrind)",
    ("hand", "V4"): "the rank-one vector-Jacobian products of A B (the product's only parent is sum(), so "
                    "its adjoint is uniform) leave the forward product itself, Eigen's gemm against the "
                    "plain code's loops",
    ("hand", "V5"): "the w part of X w's vector-Jacobian product, dw_k = sum_r X[r, k] dy_r, runs along "
                    "the rows of X; what remains is the fixed cost of a call at small p",
    ("plain", "V2"): "tg::logsumexp's two exp per element (see the hand-written bar), against plain f's one",
    ("plain", "V3"): "as for the hand-written bar: two loops over the data where f needs one",
    ("plain", "V3b"): "two loops and two divisions per element (see the hand-written bar)",
    ("tape", "S3"): "ADOL-C's replay of a 100-point tape is cheap per operation and typegrad's S3 is slow "
                    "(see the hand-written bar)",
    ("tape", "V2"): "Stan's log_sum_exp is one node with a hand-coded adjoint (softmax), not a tape of "
                    "scalar operations: Stan is itself close to a hand-written gradient here; and "
                    "tg::logsumexp takes two exp per element (see the hand-written bar)",
    ("tape", "V3b"): "Stan's normal_lpdf is one node with analytic partials; typegrad's V3b is slow (see "
                     "the hand-written bar)",
    ("tape", "V4"): "Stan's multiply and typegrad's product are both Eigen's gemm, and typegrad's whole "
                    "gradient takes about 1.1x Eigen's forward product alone (the \"Eigen f only\" "
                    "column): a 5x margin over Stan would need a gradient cheaper than the product it "
                    "differentiates",
    ("tape", "V5"): "Stan's X w is Eigen's gemv and normal_lpdf one node with analytic partials; at the "
                    "smallest p a call's fixed costs weigh most (typegrad's margin grows with p)",
    ("tape", "N1"): "Stan's and typegrad's products are both Eigen's gemm: typegrad's gradient step takes "
                    "about 2x Eigen's forward pass alone (the \"Eigen f only\" column), the cost of the "
                    "two backward products, and Stan's is within a small factor of that",
    ("dyn", "V1"): "at N = 16 a call's fixed work with run-time extents (the binding's extent, the layout and "
                   "the workspace sized from it): 214 instructions per call against 154 with fixed extents "
                   "(callgrind); from N = 256 the dynamic call takes no more instructions than the fixed one",
    ("dyn", "V2"): "the call's fixed work with run-time extents, which weighs at the smallest N only",
    ("dyn", "V3"): "the call's fixed work with run-time extents weighs at N = 16 (456 instructions per call "
                   "against 317 with fixed extents, callgrind); at N = 256 3934 against 3764",
    ("dyn", "V3b"): "the call's fixed work with run-time extents weighs at N = 16 (686 instructions per call "
                    "against 549 with fixed extents, callgrind); at N = 256 5383 against 5189",
    ("dyn", "V4"): "at n = 2 a call's fixed work with run-time extents (the bindings' extent checks, the "
                   "shape relation, the layout and workspace sized from the extents, the choice between "
                   "Eigen and the loops) and a 2 x 2 product in loops with run-time bounds, which fixed "
                   "extents unroll completely: about 560 instructions per call against 104 (callgrind); "
                   "from n = 16 the loops run four elements a step, as fixed extents' vectorized loops do",
    ("dyn", "V5"): "X w with a run-time p: each row's dot product is a loop with a run-time bound where fixed "
                   "extents unroll it (156809 instructions per call against 125525 at p = 10, callgrind)",
    ("dyn", "N1"): "not analysed: the products of N1 run on Eigen's GEMM with either kind of extent",
}


def bar_rows(res):
    """[(bar, [(problem, status)])]: status is 'met ...', 'NOT met ...' or 'not yet measured ...'."""
    def check(problems, measure, limit, better="le", key=None, need=None):
        rows = []
        for p in problems:
            if p not in res.sizes:
                rows.append((p, "not run"))
                continue
            vals = []
            for s in sorted(res.sizes[p]):
                v = measure(p, s)
                if v is not None:
                    vals.append((v, s))
            if not vals:
                rows.append((p, "not yet measured (no typegrad contender for %s)" % p))
                continue
            worst = max(vals) if better == "le" else min(vals)
            ok = all((v <= limit) if better == "le" else (v >= limit) for v, _ in vals)
            where = "" if PROBLEM_INFO[p][2] == "-" else " at %s" % size_name(p, worst[1])
            missing = len(res.sizes[p]) - len(vals)
            note = "; %d size(s) not measured" % missing if missing else ""
            status = "%s (worst %sx%s%s)" % ("met" if ok else "NOT met", fmt_ratio(worst[0]), where, note)
            if not ok and need:
                status += "; " + need(p, worst[1])
            if not ok and (key, p) in WHY:
                status += ". Why: " + WHY[(key, p)]
            rows.append((p, status))
        return rows

    def tg_over_hand(p, s):
        return res.ratio(p, "typegrad_rev", s, "hand")

    def speedup_vs_tapes(p, s):
        tg = res.time(p, "typegrad_rev", s)
        others = [res.time(p, c, s) for c in ("adolc_steady", "stan")]
        others = [o for o in others if o is not None]
        if tg is None or not others:
            return None
        return min(others) / tg

    def tg_over_plain(p, s):
        return res.ratio(p, "typegrad_rev", s, "plain")

    def tape_need(factor):
        """What the tape bar asks of typegrad at size s, in units of plain f."""
        def need(p, s):
            others = [res.time(p, c, s) for c in ("adolc_steady", "stan")]
            others = [o for o in others if o is not None]
            plain, hand = res.time(p, "plain", s), res.time(p, "hand", s)
            if not others or not plain:
                return ""
            text = "the bar asks for typegrad <= %sx plain f there" % fmt_ratio(min(others) / factor / plain)
            if hand:
                text += " (hand-written: %sx)" % fmt_ratio(hand / plain)
            return text
        return need

    scalar = ["S1a", "S1b", "S1c", "S2", "S3", "S4"]
    tangent = ["S1a", "S1b", "S1c", "S2", "S4", "N2"]

    def ratio_of(c, to):
        return lambda p, s: res.ratio(p, c, s, to)

    def inputs(p, s):
        return {"S1a": 3, "S1b": 5, "S1c": 2, "S2": s * s, "S3": 9, "S4": 5, "N2": 9}[p]

    def fwd_over_n_jvp(p, s):
        r = res.ratio(p, "typegrad_fwd", s, "typegrad_jvp")
        return None if r is None else r / inputs(p, s)

    forward = [
        ("typegrad jvp within 1.2x of the hand-written tangent",
         check(tangent, ratio_of("typegrad_jvp", "hand_tangent"), 1.2)),
        ("typegrad forward_value_and_grad within 1.1x of the hand-written gradient (S1a, S1c)",
         check(["S1a", "S1c"], ratio_of("typegrad_fwd", "hand"), 1.1)),
        ("typegrad forward_value_and_grad within (number of inputs) x one jvp (S1b, S2, S4, N2; "
         "the ratio shown is forward / (inputs x jvp))",
         check(["S1b", "S2", "S4", "N2"], fwd_over_n_jvp, 1.0)),
        ("typegrad forward_value_and_grad faster than Sacado's SFad<double, n>",
         check(tangent + ["S3"], ratio_of("typegrad_fwd", "sacado_sfad"), 1.0)),
        ("typegrad jvp faster than Sacado's SFad<double, 1>",
         check(tangent, ratio_of("typegrad_jvp", "sacado_tangent"), 1.0)),
    ]
    return forward + [
        ("typegrad reverse within 1.1x of the hand-written gradient (S1-S3, V1-V4)",
         check(scalar + ["V1", "V2", "V3", "V3b", "V4"], tg_over_hand, 1.1, key="hand")),
        ("typegrad reverse within 1.2x of the hand-written gradient (V5, N1)",
         check(["V5", "N1"], tg_over_hand, 1.2, key="hand")),
        ("typegrad reverse >= 10x faster than the faster of ADOL-C steady and Stan (scalar problems S1-S3)",
         check(scalar, speedup_vs_tapes, 10.0, better="ge", key="tape", need=tape_need(10.0))),
        ("typegrad reverse >= 5x faster than the faster of ADOL-C steady and Stan (everywhere else)",
         check(["V1", "V2", "V3", "V3b", "V4", "V5", "N1", "N2"], speedup_vs_tapes, 5.0, better="ge", key="tape",
               need=tape_need(5.0))),
        ("typegrad value + gradient <= 2x plain f (V1-V3)",
         check(["V1", "V2", "V3", "V3b"], tg_over_plain, 2.0, key="plain")),
        ("dynamic within 1.1x of fixed at the same size (V1-V5, N1; typegrad dynamic / typegrad reverse)",
         check(DYNAMIC, ratio_of("typegrad_dyn", "typegrad_rev"), 1.1, key="dyn")),
    ]


# ---------------------------------------------------------------------------------------
# Plots.
# ---------------------------------------------------------------------------------------
def plots(res, img_dir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    os.makedirs(img_dir, exist_ok=True)
    made = []
    markers = "os^vD<>ph*"
    # One colour and marker per contender, the same in every plot.
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    style = {c: (palette[i % len(palette)], markers[i % len(markers)]) for i, (c, _, _) in enumerate(CONTENDERS)}
    for p in res.problems():
        sizes = sorted(res.sizes[p])
        if len(sizes) < 2:
            continue
        fig, ax = plt.subplots(figsize=(6.4, 4.4))
        for c in res.contenders_of(p):
            if c == "plain":
                continue
            pts = [(s, res.ratio(p, c, s, "plain")) for s in sizes]
            pts = [(s, r) for s, r in pts if r is not None]
            if pts:
                color, marker = style.get(c, (None, "o"))
                ax.plot([s for s, _ in pts], [r for _, r in pts], marker=marker, color=color,
                        label=LABEL.get(c, c))
        ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(FixedLocator(sizes))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xticklabels([str(s) for s in sizes])
        ax.set_xlabel(PROBLEM_INFO[p][2] + " (problem size)")
        ax.set_ylabel("time / time of plain f")
        ax.set_title("%s: %s" % (p, PROBLEM_INFO[p][1]), fontsize=10)
        ax.grid(True, which="both", linewidth=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = os.path.join(img_dir, "bench_%s.png" % p)
        fig.savefig(path, dpi=110)
        plt.close(fig)
        made.append((p, path))

    single = [p for p in res.problems() if len(res.sizes[p]) == 1]
    if single:
        conts = [c for c in (x[0] for x in CONTENDERS) if c != "plain"
                 and any(res.time(p, c, min(res.sizes[p])) is not None for p in single)]
        fig, ax = plt.subplots(figsize=(8.0, 4.4))
        width = 0.8 / max(1, len(conts))
        for i, c in enumerate(conts):
            xs, ys = [], []
            for j, p in enumerate(single):
                r = res.ratio(p, c, min(res.sizes[p]), "plain")
                if r is not None:
                    xs.append(j + (i - (len(conts) - 1) / 2) * width)
                    ys.append(r)
            ax.bar(xs, ys, width=width, label=LABEL.get(c, c), color=style.get(c, (None,))[0])
        ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
        ax.set_yscale("log")
        ax.set_xticks(range(len(single)))
        ax.set_xticklabels(single)
        ax.set_ylabel("time / time of plain f")
        ax.set_title("single-size problems", fontsize=10)
        ax.grid(True, axis="y", which="both", linewidth=0.3)
        ax.legend(fontsize=7, ncol=2)
        fig.tight_layout()
        path = os.path.join(img_dir, "bench_single_size.png")
        fig.savefig(path, dpi=110)
        plt.close(fig)
        made.append(("single", path))
    return made


# ---------------------------------------------------------------------------------------
# The compile-time table of bench/compile_time (results.csv), shown on the same page.
# ---------------------------------------------------------------------------------------
COMPILE_CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compile_time", "results.csv")
COMPILE_CPU_CAP = 120  # CPU seconds per compile, bench/compile_time/run.sh's default CPU_CAP


def compile_time_section(img_dir, md_dir):
    """Markdown lines: the table of results.csv (variant "repo") and its plot, made with
    bench/compile_time/report.py's own reading, cells and plot (one definition of each)."""
    if not os.path.exists(COMPILE_CSV):
        return []
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "tgb_compile_report", os.path.join(os.path.dirname(COMPILE_CSV), "report.py"))
    ct = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ct)
    rows = [r for r in ct.read_rows(COMPILE_CSV, COMPILE_CPU_CAP) if r["variant"] == "repo"]
    if not rows:
        return []
    compilers = []
    for r in rows:
        if r["compiler"] not in compilers:
            compilers.append(r["compiler"])
    path = os.path.join(img_dir, "bench_compile_time.png")
    ct.plot(rows, "repo", compilers, COMPILE_CPU_CAP, path)
    revs = sorted({r["include_rev"] for r in rows if r["include_rev"]})
    loads = [float(r["load1"]) for r in rows if r.get("load1")]
    L = []
    w = L.append
    w("## Compile time")
    w("")
    w("The other cost of a compile-time library: how long the compiler takes on growing expression")
    w("types. Measured by `bash bench/compile_time/run.sh` (its table: `bench/compile_time/results.csv`;")
    w("the analysis, the fitted growth exponents and the commands: [compile_time.md](compile_time.md)).")
    w("Each cell: wall seconds (CPU seconds) and peak memory of one `-O2` compile of one translation")
    w("unit, the least CPU time of up to 3 runs; a compile is stopped at %d CPU seconds or 8 GB."
      % COMPILE_CPU_CAP)
    w("Include tree measured: %s; load average (1 min) during the measurements: %s."
      % (", ".join(revs) or "?", "%.1f-%.1f" % (min(loads), max(loads)) if loads else "?"))
    w("")
    w("| case | k | unique nodes | " + " | ".join(compilers) + " |")
    w("|---|---|---|" + "---|" * len(compilers))
    cases = [c for c in ["baseline"] + ct.CASE_ORDER if any(r["case"] == c for r in rows)]
    for case in cases:
        ks = sorted({r["k"] for r in rows if r["case"] == case}, key=lambda k: int(k) if k else 0)
        for k in ks:
            cells, nodes = [], ""
            for comp in compilers:
                r = next((r for r in rows if r["case"] == case and r["k"] == k and r["compiler"] == comp), None)
                cells.append(ct.cell(r, COMPILE_CPU_CAP) if r else "")
                if r and r["unique_nodes"]:
                    nodes = r["unique_nodes"]
            w("| %s | %s | %s | %s |" % (case, k or "-", nodes or "-", " | ".join(cells)))
    w("")
    for case in ct.CASE_ORDER:
        if any(r["case"] == case for r in rows):
            w("- `%s`: %s" % (case, ct.CASE_TEXT[case]))
    w("- `baseline`: `#include <typegrad.hpp>` and nothing else.")
    w("")
    w("![compile time](%s)" % os.path.relpath(path, md_dir))
    w("")
    return L


# ---------------------------------------------------------------------------------------
# Dynamic extents beside fixed extents.
# ---------------------------------------------------------------------------------------
def dynamic_section(res):
    """Markdown lines: each dynamic-extent case next to its fixed-extent case at the same size."""
    rows = [(p, s) for p in DYNAMIC if p in res.sizes for s in sorted(res.sizes[p])
            if res.time(p, "typegrad_dyn", s) is not None or res.time(p, "typegrad_rev", s) is not None]
    if not rows:
        return []
    L = []
    w = L.append
    w("## Dynamic extents beside fixed extents")
    w("")
    w("The same expressions with extents known at compile time (`typegrad reverse`,")
    w("`bench/runtime/typegrad_tensor.cpp`) and at run time (`typegrad dynamic`, `tg::dynamic` bound")
    w("to spans, `bench/runtime/typegrad_dynamic.cpp`: one instantiation for every size, the shapes")
    w("checked once per call, a workspace made before the timed calls). Median CPU time per call and")
    w("dynamic / fixed (the bar: at most 1.1).")
    w("")
    w("| problem | size | fixed | dynamic | dynamic / fixed |")
    w("|---|---|---|---|---|")
    for p, s in rows:
        tf, td = res.time(p, "typegrad_rev", s), res.time(p, "typegrad_dyn", s)
        w("| %s | %s | %s | %s | %s |" % (p, size_name(p, s), fmt_time(tf) if tf else "-",
                                         fmt_time(td) if td else "-", fmt_ratio(res.ratio(p, "typegrad_dyn", s,
                                                                                        "typegrad_rev"))))
    w("")
    return L


# ---------------------------------------------------------------------------------------
# The report.
# ---------------------------------------------------------------------------------------
def cmd_report(args):
    data = load(args.json)
    res = Results(data)
    ctx = data.get("context", {})
    mach = ctx.get("tgb_machine", {})
    made = plots(res, args.img)
    md_dir = os.path.dirname(os.path.abspath(args.md))

    L = []
    w = L.append
    w("# Runtime benchmarks")
    w("")
    w("<!-- Generated by bench/runtime/report.py from %s; do not edit by hand: run scripts/bench.sh. -->"
      % os.path.relpath(os.path.abspath(args.json), os.path.dirname(md_dir)))
    w("")
    w("Value and full gradient of the same function on the same inputs, per problem and size, for")
    w("typegrad and the other contenders, as **ratios of median CPU times**: to one plain double")
    w("evaluation of f (the denominator; lower is better) and to the hand-written gradient. Problem")
    w("definitions: `bench/runtime/problems.hpp` (and the reference `benchmarks.md`).")
    w("")
    w("## How these numbers were made")
    w("")
    w("- Command: `%s` (raw Google Benchmark JSON: `bench/results/runtime.json`)." % ctx.get("tgb_command", "scripts/bench.sh"))
    w("- Date: %s." % ctx.get("date", "?"))
    if mach:
        w("- Machine: %s, %s cores, %s thread(s) per core (%s); %s, %s; %s." % (
            mach.get("cpu_model", "?"), mach.get("cores", "?"), mach.get("threads_per_core", "?"),
            mach.get("cpu_detail", ""), mach.get("os", "?"), mach.get("kernel", "?"),
            mach.get("virtualization", "")))
        w("- Compilers and libraries: %s." % "; ".join(mach.get("versions", [])))
    w("- Build: %s. Everything is compiled with the same flags; Stan Math 2.21 in its own" % ctx.get("tgb_build", "?"))
    w("  shared library (C++17, its own Eigen 3.3 kept private by hidden visibility).")
    w("- Google Benchmark flags: `%s`." % ctx.get("tgb_bench_flags", "?"))
    if mach.get("load"):
        end = ctx.get("tgb_load_end")
        w("- Load average (1, 5, 15 min) when the run started: %s%s." % (
            mach["load"], "; when it ended: %s" % end if end else ""))
    ratios = sorted(b["real_time"] / b["cpu_time"] for b in data["benchmarks"]
                    if b.get("aggregate_name", "median") == "median" and b.get("cpu_time"))
    if ratios:
        w("- Wall time / CPU time of the benchmarks (a measure of how shared the machine was): median")
        w("  %.2f, range %.2f-%.2f. The ratios below use CPU time." % (
            ratios[len(ratios) // 2], ratios[0], ratios[-1]))
    w("")
    w("Protocol:")
    w("")
    w("- Each iteration moves to the next input point (one entry switched between two pre-generated")
    w("  valid inputs per step, 2n points in a cycle) and calls the contender through the same virtual")
    w("  `Kernel::run(x, g)`; the value goes through `benchmark::DoNotOptimize` and the gradient buffer")
    w("  through `ClobberMemory`, so nothing is folded and every contender pays the same call and")
    w("  input-refresh overhead. For problems with at most 64 inputs the 2n points are laid out once")
    w("  and the step only moves a pointer; larger problems store the one entry. (A store right")
    w("  before the call would make code that loads two inputs as one 16-byte pair wait for the")
    w("  8-byte store to reach the cache, which cannot be forwarded: a harness artifact, not work;")
    w("  `bench/runtime/ratio_probe/README.md`, \"The store before the call\".) Plain f of S1a,")
    w("  that overhead included, takes %s: at that scale (S1) the ratios measure call overhead as"
      % (fmt_time(res.time("S1a", "plain", 1)) if res.time("S1a", "plain", 1) else "?"))
    w("  much as arithmetic, and differ by some 20% from run to run.")
    w("- Each problem size runs in a fresh process: ADOL-C keeps global state between tapes")
    w("  that slows small tapes after a large one in the same process (CPU time of V2 N=16 cold")
    w("  3.8 us alone, 43 us after V1 N=16384:")
    w("  `bench_runtime --benchmark_filter='^(V1/adolc_cold/16384|V2/adolc_cold/16)$'`).")
    w("- Median of the repetitions, CPU time; the repetitions of all contenders of a problem size")
    w("  are interleaved at random, so that load changes affect them alike. On a shared machine")
    w("  (see the load average above) wall time is inflated far more than the process's CPU time;")
    w("  ratios between contenders are the robust part, absolute times less so.")
    w("- ADOL-C cold re-tapes every call (`trace_on(tag, keep=1)` ... `trace_off`, then `fos_reverse`);")
    w("  ADOL-C steady records the tape once, outside the timing, and replays it")
    w("  (`zos_forward` + `fos_reverse`, what `gradient()` does, plus the value). ADOL-C runs with")
    w("  its default buffers: tapes larger than them (V4 n=181, N1, ...) spill to files, as by default.")
    w("- Stan rebuilds its expression graph on every call by nature (`stan::math::gradient`), so it")
    w("  has one protocol. Vector problems use Stan's vectorized functions (sum, log_sum_exp,")
    w("  normal_lpdf, multiply, inv_logit), the scalar ones the same code as everyone else.")
    w("- det by minors (S2): every contender computes each minor once (l 2^(l-1) products), which is")
    w("  what typegrad's shared subexpression types give; the naive recursion would redo them.")
    w("- Google Benchmark is Debian's libbenchmark-dev, which warns that it was built as DEBUG; that")
    w("  affects its bookkeeping between batches of iterations, not the timed loop, which is inline.")
    w("- Before timing, `bench_check` (ctest `bench.differential_check`) compares every contender's")
    w("  value and gradient with the reference (typegrad reverse where it exists, else the")
    w("  hand-written gradient) at relative 1e-10, checks the hand-written gradients against finite")
    w("  differences and the S1 references against the seeds' worked examples.")
    w("")

    w("## Summary: largest size of each problem")
    w("")
    w("Time / plain f (lower is better); \"-\": no such contender for that problem.")
    w("")
    summary = [c for c in (x[0] for x in CONTENDERS) if c != "plain"
               and any(c in res.contenders.get(p, ()) for p in res.problems())]
    w("| problem | size | plain f | " + " | ".join(LABEL[c] for c in summary) + " |")
    w("|---|---|---|" + "---|" * len(summary))
    for p in res.problems():
        s_max = max(res.sizes[p])
        t = res.time(p, "plain", s_max)
        w("| %s | %s | %s | %s |" % (p, size_name(p, s_max), fmt_time(t) if t else "-",
                                    " | ".join(fmt_ratio(res.ratio(p, c, s_max, "plain")) for c in summary)))
    w("")
    w("For context, published ratios from FastAD's ADBenchmark (another machine, GCC 10 -O3")
    w("-march=native, setup outside the timing loop) next to this run's:")
    w("")
    w("| published row | size | FastAD | Stan (published / here) | ADOL-C (published / here: steady, cold) |")
    w("|---|---|---|---|---|")
    for p, size, row, pub in PUBLISHED:
        here = lambda c: fmt_ratio(res.ratio(p, c, size, "plain"))
        w("| %s | %s | %s | %s / %s | %s / %s, %s |" % (
            row, size_name(p, size), pub["FastAD"], pub["Stan"], here("stan"),
            pub["ADOL-C"], here("adolc_steady"), here("adolc_cold")))
    w("")
    w("Here the plain loops are compiled at -O2 without -march=native (SSE2 only), which makes the")
    w("denominators slower and the ratios of vectorized library kernels (Stan's multiply uses")
    w("Eigen's gemm) smaller than with -O3 -march=native; see the \"Eigen f only\" rows for what a")
    w("tuned kernel costs next to the plain loops.")
    w("")
    w("## The bars")
    w("")
    for bar, rows in bar_rows(res):
        w("**%s**" % bar)
        w("")
        w("| problem | status |")
        w("|---|---|")
        for p, status in rows:
            w("| %s | %s |" % (p, status))
        w("")
    w("\"worst\" is the size where the bar is furthest from being met. A \"why\" is given with every")
    w("bar not met: the causes, found in the generated code and by counting instructions with")
    w("callgrind (`bench/runtime/ratio_probe/README.md`: the measurements, the fixes tried on a copy")
    w("of the headers, and the commands). typegrad's V1-V5 and N1 contenders use the tensor engine")
    w("(`bench/runtime/typegrad_tensor.cpp`); V2 is `tg::logsumexp(x)`, the engine's max-shifted")
    w("logsumexp with its softmax vector-Jacobian product. `forward_value_and_grad` is an entry point")
    w("of scalar expressions (tensors have `tg::jvp`), so \"typegrad forward\" covers the scalar")
    w("problems only.")
    w("")
    w("The scalar passes have the ratio probe's fixes (`bench/runtime/ratio_probe/README.md`): the")
    w("value and adjoint sweeps and the entry points forced inline, the sweeps' arrays not zero-filled")
    w("at run time, one exponential per sigmoid (shared between its value and its partial), and")
    w("no NaN/zero test on the chain-rule products that the graph proves finite at")
    w("finite inputs (`plain_products`, passes/reverse.hpp; docs/design.md, section 5): the test")
    w("stays only where an infinity can reach a product from a finite input (sqrt, /, log, ...), so")
    w("edge case 17 still holds there. On S1-S3 and N2 no test is left.")
    w("")

    L.extend(dynamic_section(res))

    w("## Results")
    w("")
    w("Each cell: **time / plain f** (time / hand-written gradient). The first row is the")
    w("absolute median time of plain f. The \"typegrad dynamic\" row, the same expression with its")
    w("extents known at run time, also gives its time / typegrad reverse at fixed extents (\"x fixed\").")
    w("")
    for p in res.problems():
        sizes = sorted(res.sizes[p])
        w("### %s: %s" % (p, PROBLEM_INFO[p][1]))
        w("")
        w("| contender | " + " | ".join(size_name(p, s) for s in sizes) + " |")
        w("|---|" + "---|" * len(sizes))
        w("| plain f, absolute | " + " | ".join(
            fmt_time(res.time(p, "plain", s)) if res.time(p, "plain", s) else "-" for s in sizes) + " |")
        for c in res.contenders_of(p):
            if c == "plain":
                continue
            cells = []
            for s in sizes:
                rp = res.ratio(p, c, s, "plain")
                rh = res.ratio(p, c, s, "hand")
                if rp is None:
                    cells.append("-")
                elif c == "typegrad_dyn":
                    rf = res.ratio(p, c, s, "typegrad_rev")
                    cells.append("**%s** (%s; %sx fixed)" % (fmt_ratio(rp), fmt_ratio(rh), fmt_ratio(rf)))
                elif c == "hand" or rh is None:
                    cells.append("**%s**" % fmt_ratio(rp))
                else:
                    cells.append("**%s** (%s)" % (fmt_ratio(rp), fmt_ratio(rh)))
            w("| %s | %s |" % (LABEL.get(c, c), " | ".join(cells)))
        if "typegrad_rev" not in res.contenders.get(p, ()):
            w("| typegrad | not yet measured |" + " |" * (len(sizes) - 1))
        w("")
        for q, path in made:
            if q == p:
                w("![%s](%s)" % (p, os.path.relpath(path, md_dir)))
                w("")
    for q, path in made:
        if q == "single":
            w("### Single-size problems")
            w("")
            w("![single-size problems](%s)" % os.path.relpath(path, md_dir))
            w("")

    L.extend(compile_time_section(args.img, md_dir))

    w("## Contenders")
    w("")
    w("| name | what |")
    w("|---|---|")
    for name, label, desc in CONTENDERS:
        w("| %s (`%s`) | %s |" % (label, name, desc))
    w("")
    w("## Reproducing")
    w("")
    w("```sh")
    w("scripts/bench.sh                    # install, build (Release -O2), check, benchmark, this report")
    w("scripts/bench.sh --quick            # smoke run; writes build/bench/{runtime.json,benchmarks.md,img/}")
    w("scripts/bench.sh --filter '^V4/'    # some problem sizes; also only under build/bench/")
    w("build/bench/bench/bench_check --only V2                                # the check, one problem")
    w("build/bench/bench/bench_runtime --benchmark_filter='^V2/[^/]+/4096$'   # one problem size by hand")
    w("```")
    w("")
    with open(args.md, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("merge")
    m.add_argument("--out", required=True)
    m.add_argument("--machine")
    m.add_argument("--command")
    m.add_argument("--bench-flags")
    m.add_argument("--load-end", help="load average when the runs ended")
    m.add_argument("parts", nargs="+")
    mc = sub.add_parser("machine")
    mc.add_argument("--out", required=True)
    r = sub.add_parser("report")
    r.add_argument("--json", required=True)
    r.add_argument("--md", required=True)
    r.add_argument("--img", required=True)
    args = ap.parse_args()
    {"machine": cmd_machine, "merge": cmd_merge, "report": cmd_report}[args.cmd](args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes tests/data/random_dags.inc: random DAG expressions over x, y, z with mpmath references.

From a fixed list of seeds, each seed gives one expression: a DAG of 5 to 10 operations
(+ - * /, negation, exp, log, sqrt, sin, cos, tanh, sigmoid, softplus, pow, log1p, expm1,
atan, hypot) whose operands are the variables or earlier nodes, so subexpressions are
shared; depth at most 5 before the nodes nothing uses join the result. Each expression is evaluated at 3 points with |x|, |y|, |z| <= 3.

The references are exact derivatives, not finite differences: every node is evaluated in
second-order forward mode (value, gradient, Hessian over x, y, z) in mpmath at 60 digits,
each quantity rounded once to the nearest double. A row is kept only when

  * the same computation at 120 digits rounds to the same doubles, and
  * it is well conditioned: the computation repeated 8 times with every node's value,
    gradient and Hessian and every local partial derivative of every rule (f', f'', and
    the first and second partials of binary ops) multiplied by a random (1 + d),
    |d| <= 2 u (u = 2^-53, one rounding plus one ulp of a libm call), moves none of the
    10 rounded results by more than 8 ulp. A double computation of the expression in any
    mode rounds at each node; where that alone can move a result by more than 8 ulp
    (cancellation, a result near a zero), the row says nothing about the rules, and the
    seed's expression is drawn again.

Domains are kept valid by construction: the argument of log, sqrt and the base of pow is
wrapped as (a * a + 1.0) unless it exceeds 0.05 at every point, log1p's as a * a unless it
exceeds -0.9, a divisor as (a * a + 1.0) unless |a| >= 0.2 everywhere; exp and expm1 only
of arguments with |a| <= 20; intermediate magnitudes stay below 1e8.

    python3 scripts/reference/random_dags.py > tests/data/random_dags.inc

tests/unit/test_random_dags.cpp checks every mode of the library against the table.
"""
import math
import random
import sys

import mpmath as mp

SEEDS = list(range(1, 49))  # one expression per seed
POINTS = 3
MAX_DEPTH = 5
U = mp.mpf(2) ** -53
ACCEPT_ULPS = 8
TRIALS = 8
N = 3  # variables x, y, z


class HD:
    """Value, gradient and Hessian with respect to (x, y, z)."""

    __slots__ = ("v", "g", "h")

    def __init__(self, v, g, h):
        self.v, self.g, self.h = v, g, h


def var(i, value):
    g = [mp.mpf(0)] * N
    g[i] = mp.mpf(1)
    return HD(mp.mpf(value), g, [[mp.mpf(0)] * N for _ in range(N)])


PERTURB = None  # a random.Random while the rounding model runs


def jitter(q):
    """q times (1 + d), |d| <= 2 u, while the rounding model runs."""
    return q if PERTURB is None else q * (1 + (2 * PERTURB.random() - 1) * 2 * U)


def unary(a, f, f1, f2):
    f1, f2 = jitter(mp.mpf(f1)), jitter(mp.mpf(f2))
    g = [f1 * gi for gi in a.g]
    h = [[f1 * a.h[i][j] + f2 * a.g[i] * a.g[j] for j in range(N)] for i in range(N)]
    return HD(f, g, h)


def binary(a, b, f, fa, fb, faa, fab, fbb):
    fa, fb, faa, fab, fbb = [jitter(mp.mpf(q)) for q in (fa, fb, faa, fab, fbb)]
    g = [fa * a.g[i] + fb * b.g[i] for i in range(N)]
    h = [[fa * a.h[i][j] + fb * b.h[i][j] + faa * a.g[i] * a.g[j] + fab * (a.g[i] * b.g[j] + b.g[i] * a.g[j]) +
          fbb * b.g[i] * b.g[j] for j in range(N)] for i in range(N)]
    return HD(f, g, h)


def sig(t):
    return 1 / (1 + mp.exp(-t))


def apply(op, args):
    a = args[0]
    t = a.v
    if op == "neg":
        return unary(a, -t, -1, 0)
    if op == "exp":
        e = mp.exp(t)
        return unary(a, e, e, e)
    if op == "expm1":
        e = mp.exp(t)
        return unary(a, mp.expm1(t), e, e)
    if op == "log":
        return unary(a, mp.log(t), 1 / t, -1 / t ** 2)
    if op == "log1p":
        return unary(a, mp.log1p(t), 1 / (1 + t), -1 / (1 + t) ** 2)
    if op == "sqrt":
        s = mp.sqrt(t)
        return unary(a, s, 1 / (2 * s), -1 / (4 * t * s))
    if op == "sin":
        return unary(a, mp.sin(t), mp.cos(t), -mp.sin(t))
    if op == "cos":
        return unary(a, mp.cos(t), -mp.sin(t), -mp.cos(t))
    if op == "tanh":
        th = mp.tanh(t)
        s2 = mp.sech(t) ** 2
        return unary(a, th, s2, -2 * th * s2)
    if op == "sigmoid":
        s = sig(t)
        d = s * (1 - s)
        return unary(a, s, d, d * (1 - 2 * s))
    if op == "softplus":
        s = sig(t)
        return unary(a, mp.log1p(mp.exp(t)), s, s * (1 - s))
    if op == "atan":
        q = 1 + t * t
        return unary(a, mp.atan(t), 1 / q, -2 * t / q ** 2)
    b = args[1]
    u = b.v
    if op == "add":
        return binary(a, b, t + u, 1, 1, 0, 0, 0)
    if op == "sub":
        return binary(a, b, t - u, 1, -1, 0, 0, 0)
    if op == "mul":
        return binary(a, b, t * u, u, t, 0, 1, 0)
    if op == "div":
        return binary(a, b, t / u, 1 / u, -t / u ** 2, 0, -1 / u ** 2, 2 * t / u ** 3)
    if op == "pow":
        p = mp.power(t, u)
        lg = mp.log(t)
        return binary(a, b, p, u * mp.power(t, u - 1), p * lg, u * (u - 1) * mp.power(t, u - 2),
                      mp.power(t, u - 1) * (1 + u * lg), p * lg * lg)
    if op == "hypot":
        r = mp.sqrt(t * t + u * u)
        return binary(a, b, r, t / r, u / r, u * u / r ** 3, -t * u / r ** 3, t * t / r ** 3)
    raise ValueError(op)


CXX = {
    "neg": "-{0}", "exp": "tg::exp({0})", "expm1": "tg::expm1({0})", "log": "tg::log({0})",
    "log1p": "tg::log1p({0})", "sqrt": "tg::sqrt({0})", "sin": "tg::sin({0})", "cos": "tg::cos({0})",
    "tanh": "tg::tanh({0})", "sigmoid": "tg::sigmoid({0})", "softplus": "tg::softplus({0})",
    "atan": "tg::atan({0})", "add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0} * {1}", "div": "{0} / {1}",
    "pow": "tg::pow({0}, {1})", "hypot": "tg::hypot({0}, {1})",
    # domain wrappers
    "sq1": "{0} * {0} + 1.0", "sq": "{0} * {0}",
}
UNARY = ["neg", "exp", "expm1", "log", "log1p", "sqrt", "sin", "cos", "tanh", "sigmoid", "softplus", "atan"]
BINARY = ["add", "sub", "mul", "div", "pow", "hypot"]


class Node:
    def __init__(self, op, operands, depth, uses_vars):
        self.op, self.operands, self.depth, self.vars = op, operands, depth, uses_vars


def evaluate(nodes, point, perturb=None):
    """Every node at `point` in forward mode; perturb: a random.Random for the rounding model."""
    vals = []
    for k, node in enumerate(nodes):
        if node.op == "var":
            vals.append(var(node.operands[0], point[node.operands[0]]))
            continue
        args = [vals[i] for i in node.operands]
        if node.op == "sq1":
            a = args[0]
            r = apply("add", [apply("mul", [a, a]), HD(mp.mpf(1), [mp.mpf(0)] * N, [[mp.mpf(0)] * N] * N)])
        elif node.op == "sq":
            r = apply("mul", [args[0], args[0]])
        else:
            r = apply(node.op, args)
        if perturb is not None:
            def p(q):
                return q * (1 + (2 * perturb.random() - 1) * 2 * U)
            r = HD(p(r.v), [p(q) for q in r.g], [[p(q) for q in row] for row in r.h])
        vals.append(r)
    return vals


def outputs(hd):
    h = hd.h
    return [hd.v] + list(hd.g) + [h[0][0], h[0][1], h[0][2], h[1][1], h[1][2], h[2][2]]


def ulps(a, b):
    """Distance between two doubles in ulp of the larger."""
    if a == b:
        return 0
    m = max(abs(a), abs(b))
    return abs(a - b) / math.ulp(m)


def fits(v):
    return mp.isfinite(v) and abs(v) < 1e8


def domain_ok(op, vals):
    """True when op applied to operand values vals (one per point) is safely in its domain."""
    if op in ("log", "sqrt"):
        return all(v[0] > 0.05 for v in vals)
    if op == "log1p":
        return all(v[0] > -0.9 for v in vals)
    if op in ("exp", "expm1"):
        return all(abs(v[0]) <= 20 for v in vals)
    if op == "div":
        return all(abs(v[1]) >= 0.2 for v in vals)
    if op == "pow":
        return all(v[0] > 0.05 and abs(v[1]) <= 4 for v in vals)
    return True


def generate(seed):
    rng = random.Random(seed)
    points = [[rng.choice([-1, 1]) * rng.uniform(0.1, 3.0) for _ in range(N)] for _ in range(POINTS)]
    nodes = [Node("var", [i], 0, {i}) for i in range(N)]
    vals = [evaluate(nodes, p) for p in points]
    target = rng.randint(5, 10)
    ops = 0
    attempts = 0
    while ops < target and attempts < 500:
        attempts += 1
        op = rng.choice(UNARY + BINARY + BINARY[:3])  # arithmetic a little more often
        arity = 1 if op in UNARY else 2
        pool = [i for i, n in enumerate(nodes) if n.depth < MAX_DEPTH - (1 if op in ("log", "sqrt", "pow", "div", "log1p") else 0)]
        if not pool:
            continue
        # the first operand is mostly the latest node (depth), the second any earlier one (sharing)
        operands = [pool[-1] if rng.random() < 0.7 else rng.choice(pool)] + [rng.choice(pool) for _ in range(arity - 1)]
        if arity == 2 and operands[0] == operands[1] and op in ("sub", "div"):
            continue
        # domain wrappers, as nodes of their own
        extra = []
        if op in ("log", "sqrt", "log1p", "pow", "div"):
            k = 0 if op != "div" else 1
            opvals = [[vals[p][i].v for i in operands] for p in range(POINTS)]
            bad = False
            if op in ("log", "sqrt", "pow"):
                bad = not all(v[0] > 0.05 for v in opvals)
                wrap = "sq1"
            elif op == "log1p":
                bad = not all(v[0] > -0.9 for v in opvals)
                wrap = "sq"
            else:
                bad = not all(abs(v[1]) >= 0.2 for v in opvals)
                wrap = "sq1"
            if bad:
                src = operands[k]
                extra.append(Node(wrap, [src], nodes[src].depth + 1, set(nodes[src].vars)))
                operands[k] = len(nodes)
        trial_nodes = nodes + extra
        depth = 1 + max(trial_nodes[i].depth for i in operands)
        if depth > MAX_DEPTH:
            continue
        new = Node(op, operands, depth, set().union(*[trial_nodes[i].vars for i in operands]))
        trial_nodes = trial_nodes + [new]
        try:
            trial_vals = [evaluate(trial_nodes, p) for p in points]
        except (ZeroDivisionError, ValueError):
            continue
        opvals = [[tv[i].v for i in operands] for tv in trial_vals]
        if not domain_ok(op, opvals):
            continue
        if not all(fits(q) for tv in trial_vals for q in outputs(tv[-1])):
            continue
        if any(isinstance(q, mp.mpc) for tv in trial_vals for q in outputs(tv[-1])):
            continue
        nodes, vals = trial_nodes, trial_vals
        ops += 1
    # the nodes nothing uses (and the variables the result misses) join the result
    used = {i for n in nodes if n.op != "var" for i in n.operands}
    for k in range(N, len(nodes) - 1):
        if k not in used and nodes[k].op not in ("sq", "sq1"):
            op = rng.choice(["add", "mul", "sub"])
            nodes.append(Node(op, [len(nodes) - 1, k], 1 + max(nodes[-1].depth, nodes[k].depth),
                              nodes[-1].vars | nodes[k].vars))
    for i in range(N):
        if i not in nodes[-1].vars:
            op = rng.choice(["add", "mul", "sub"])
            nodes.append(Node(op, [len(nodes) - 1, i], nodes[-1].depth + 1, nodes[-1].vars | {i}))
    return nodes, points


def row_at(nodes, point, dps):
    with mp.workdps(dps):
        return [float(q) for q in outputs(evaluate(nodes, point)[-1])]


def conditioned(nodes, point, exact, seed):
    global PERTURB
    rng = random.Random(seed)
    worst = 0
    with mp.workdps(60):
        for _ in range(TRIALS):
            PERTURB = rng
            try:
                got = [float(q) for q in outputs(evaluate(nodes, point, rng)[-1])]
            finally:
                PERTURB = None
            worst = max(worst, max(ulps(a, b) for a, b in zip(got, exact)))
    return worst


def cxx_lambda(nodes):
    """The expression as statements over x, y, z: nodes used more than once are named."""
    uses = [0] * len(nodes)
    live = [False] * len(nodes)
    live[-1] = True
    for k in range(len(nodes) - 1, -1, -1):
        if live[k]:
            for i in nodes[k].operands if nodes[k].op != "var" else []:
                live[i] = True
                uses[i] += 1 if nodes[k].op != "sq1" and nodes[k].op != "sq" else 2
    text = {}
    lines = []
    for k, node in enumerate(nodes):
        if not live[k]:
            continue
        if node.op == "var":
            text[k] = "xyz"[node.operands[0]]
            continue
        args = [text[i] for i in node.operands]
        args = [a if (" " not in a or a.startswith("tg::") and a.endswith(")") and a.count("(") == 1) else "(" + a + ")"
                for a in args]
        if node.op in ("pow", "hypot") or node.op in UNARY and node.op != "neg":
            args = [text[i] for i in node.operands]  # function arguments need no parentheses
        e = CXX[node.op].format(*args)
        if k == len(nodes) - 1:
            lines.append("return " + e + ";")
        elif uses[k] > 1:
            name = "n%d" % k
            lines.append("const auto %s = %s;" % (name, e))
            text[k] = name
        else:
            text[k] = e
    return " ".join(lines)


def hexf(v):
    if v == 0:
        return "-0.0" if math.copysign(1, v) < 0 else "0.0"
    return v.hex()


def main():
    out = sys.stdout
    out.write("// Generated by scripts/reference/random_dags.py (mpmath, 60 digits); do not edit.\n")
    out.write("// Regenerate: python3 scripts/reference/random_dags.py > tests/data/random_dags.inc\n")
    out.write("// TG_DAG_EXPR(id, statements over x, y, z); TG_DAG_ROW(id, x, y, z, value, dx, dy, dz,\n")
    out.write("// dxx, dxy, dxz, dyy, dyz, dzz).\n")
    exprs = rows = 0
    for seed in SEEDS:
        sub = 0
        while True:
            nodes, points = generate(seed * 1000 + sub)
            kept = []
            for point in points:
                r60 = row_at(nodes, point, 60)
                r120 = row_at(nodes, point, 120)
                if r60 == r120 and conditioned(nodes, point, r60, seed) <= ACCEPT_ULPS:
                    kept.append((point, r60))
            if len(kept) == POINTS and len(set(tuple(p) for p, _ in kept)) == POINTS:
                break
            sub += 1
        out.write("TG_DAG_EXPR(%d, %s)\n" % (exprs, cxx_lambda(nodes)))
        for point, r in kept:
            out.write("TG_DAG_ROW(%d, %s)\n" % (exprs, ", ".join(hexf(float(c)) for c in list(point) + r)))
            rows += 1
        exprs += 1
    out.write("// %d expressions, %d rows\n" % (exprs, rows))


if __name__ == "__main__":
    main()

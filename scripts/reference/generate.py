#!/usr/bin/env python3
"""Writes tests/data/reference_table.inc: 60-digit mpmath references for every scalar op.

For each op and each point of its grid the table holds the value, the first derivatives and
the second derivatives, each rounded once to the nearest double. tests/unit/test_reference.cpp
checks every mode of the library against it.

    python3 scripts/reference/generate.py > tests/data/reference_table.inc

Adding an op: one line in OPS below (name, arity, value, first and second derivatives as
mpmath formulas, extra grid points) and one line in tests/unit/test_reference.cpp.

Truth at non-finite inputs (docs/api.md, "Non-finite inputs and the domain"):
  * NaN input: NaN wherever the quantity depends on that input; a derivative that is a
    constant (d(x + y)/dx = 1) or does not involve the NaN input (d(x y)/dx = y) keeps its value.
  * +-inf input: the limit as the input grows (exp(-inf) = 0, swish(-inf) = 0,
    swish'(inf) = 1); NaN where there is no limit (sin(inf)) or the value is inf - inf / 0 inf
    in plain IEEE arithmetic (the value of x * y at (inf, 0) is what C++ computes).
  * Outside the domain (log(-1), sqrt(-1), log1p(-2)): NaN value and NaN derivatives.
  * Second derivatives of piecewise-linear ops (abs, relu, max, ...) are the constant 0, also
    at NaN: the derivative of an indicator is 0.
  * Points where a one-sided convention applies (abs'(0) = 0, relu'(0) = 0, max at a tie,
    sqrt'(+-0) = log'(+-0) = +inf): the documented convention, written in the formulas below.
"""
import math
import sys

import mpmath as mp

mp.mp.dps = 60

NAN = mp.mpf("nan")
INF = mp.inf
# Stands in for an infinite input when mpmath's own arithmetic gives inf - inf or 0 inf:
# the limit is the value at a number far beyond any double (1e400; mpmath exponents are unbounded).
HUGE = mp.mpf("1e400")


def isnan(v):
    return isinstance(v, mp.mpf) and mp.isnan(v)


def real_or_nan(v):
    """mpmath answers log(-1) with a complex number: outside the domain is NaN."""
    if isinstance(v, mp.mpc):
        return v.real if v.imag == 0 else NAN
    return mp.mpf(v)


def call(fn, *args):
    try:
        return real_or_nan(fn(*args))
    except (ZeroDivisionError, ValueError, OverflowError):
        return NAN


def at(fn, args, no_limit):
    """fn at args; where an input is infinite and mpmath gives NaN, the limit (unless no_limit)."""
    r = call(fn, *args)
    if isnan(r) and not no_limit and any(mp.isinf(a) for a in args) and not any(isnan(a) for a in args):
        r = call(fn, *[(HUGE if a > 0 else -HUGE) if mp.isinf(a) else a for a in args])
    return r


def to_double(v):
    if isnan(v):
        return math.nan
    if mp.isinf(v):
        return math.inf if v > 0 else -math.inf
    return float(mp.nstr(v, 40, min_fixed=1, max_fixed=0))  # decimal string: rounded once, to nearest


def cxx(v):
    if math.isnan(v):
        return "nan_v"
    if math.isinf(v):
        return "inf_v" if v > 0 else "-inf_v"
    if v == 0:
        return "-0.0" if math.copysign(1, v) < 0 else "0.0"
    return v.hex()


# ---- helpers in mpmath -------------------------------------------------------------------

def sig(x):
    return 1 / (1 + mp.exp(-x)) if x >= 0 else mp.exp(x) / (1 + mp.exp(x))


def nan_guard(fn):
    """NaN in any argument: NaN out (for quantities that depend on every argument)."""
    return lambda *a: NAN if any(isnan(v) for v in a) else fn(*a)


def kink(fn):
    return nan_guard(fn)


def ieee_div(a, b):
    if b == 0:
        if a == 0 or isnan(a):
            return NAN
        return INF if a > 0 else -INF  # +0 divisor: the grid's zeros are read as +0 here
    return a / b


def pos(x):
    return x > 0


# ---- the ops ------------------------------------------------------------------------------
# unary: (name, 1, f, f', f'', extra points, no limit at +-inf (periodic))
# binary: (name, 2, f, (fx, fy), (fxx, fxy, fyy), grid, no limit: plain IEEE at infinite inputs)

ZERO = lambda *a: mp.mpf(0)
ONE = lambda *a: mp.mpf(1)
CONST = lambda c: (lambda *a: mp.mpf(c))

OPS = [
    ("neg", 1, lambda x: -x, CONST(-1), ZERO, [], False),
    ("exp", 1, mp.exp, mp.exp, mp.exp, [709.78, 709.79, -745.1, -745.2, -708.4], False),
    ("log", 1, mp.log, lambda x: ieee_div(1, x) if x >= 0 else NAN,
     lambda x: -ieee_div(1, x * x) if x >= 0 else NAN, [-1.0, 1.0000000000000002, 0.9999999999999999], False),
    ("sqrt", 1, mp.sqrt, lambda x: ieee_div(1, 2 * mp.sqrt(x)) if x >= 0 else NAN,
     lambda x: -ieee_div(1, 4 * x * mp.sqrt(x)) if x >= 0 else NAN, [-1.0, 4.0], False),
    ("expm1", 1, mp.expm1, mp.exp, mp.exp, [-36.0, -38.0, 1e-10, -1e-10], False),
    ("log1p", 1, mp.log1p, lambda x: ieee_div(1, 1 + x) if x >= -1 else NAN,
     lambda x: -ieee_div(1, (1 + x) ** 2) if x >= -1 else NAN, [-0.9999999999999999, -1.0, -2.0, 1e-10], False),
    ("sin", 1, mp.sin, mp.cos, lambda x: -mp.sin(x), [3.141592653589793, 1e22], True),
    ("cos", 1, mp.cos, lambda x: -mp.sin(x), lambda x: -mp.cos(x), [1.5707963267948966, 1e22], True),
    ("tan", 1, mp.tan, lambda x: 1 + mp.tan(x) ** 2, lambda x: 2 * mp.tan(x) * (1 + mp.tan(x) ** 2),
     [1.5707963267948966, -1.5707963267948966, 1.5], True),
    ("tanh", 1, mp.tanh, lambda x: mp.sech(x) ** 2, lambda x: -2 * mp.tanh(x) * mp.sech(x) ** 2, [19.0, 0.1], False),
    ("sigmoid", 1, sig, lambda x: sig(x) * sig(-x), lambda x: -sig(x) * sig(-x) * mp.tanh(x / 2),
     [-80.0, -79.99999999999999, -80.00000000000001, 36.0, 37.0], False),
    ("softplus", 1, lambda x: mp.log1p(mp.exp(x)), sig, lambda x: sig(x) * sig(-x), [-745.2, 36.0], False),
    ("log_sigmoid", 1, lambda x: -mp.log1p(mp.exp(-x)), lambda x: sig(-x), lambda x: -sig(x) * sig(-x), [-36.0], False),
    ("swish", 1, lambda x: x * sig(x), lambda x: sig(x) * (1 + x * sig(-x)),
     lambda x: sig(x) * sig(-x) * (2 + x * (sig(-x) - sig(x))), [-80.0], False),
    ("abs", 1, kink(abs), kink(lambda x: mp.sign(x)), ZERO, [], False),
    ("relu", 1, kink(lambda x: x if x > 0 else mp.mpf(0)), kink(lambda x: mp.mpf(1) if x > 0 else mp.mpf(0)),
     ZERO, [], False),
    ("hard_tanh", 1, kink(lambda x: max(-1, min(1, x))), kink(lambda x: mp.mpf(1) if abs(x) < 1 else mp.mpf(0)),
     ZERO, [-1.0, 0.9999999999999999, 1.0000000000000002], False),
    ("leaky_relu", 1, kink(lambda x: x if x > 0 else x / 100), kink(lambda x: mp.mpf(1) if x > 0 else mp.mpf(1) / 100),
     ZERO, [], False),
    ("elu", 1, kink(lambda x: x if x > 0 else mp.expm1(x)), kink(lambda x: mp.mpf(1) if x > 0 else mp.exp(x)),
     kink(lambda x: mp.mpf(0) if x > 0 else mp.exp(x)), [-36.0, -38.0], False),
    ("sech2", 1, lambda x: mp.sech(x) ** 2, lambda x: -2 * mp.tanh(x) * mp.sech(x) ** 2,
     lambda x: mp.sech(x) ** 2 * (4 * mp.tanh(x) ** 2 - 2 * mp.sech(x) ** 2), [19.0], False),
    # ---- binary ----
    ("add", 2, lambda x, y: x + y, (ONE, ONE), (ZERO, ZERO, ZERO), "arith", True),
    ("sub", 2, lambda x, y: x - y, (ONE, CONST(-1)), (ZERO, ZERO, ZERO), "arith", True),
    ("mul", 2, lambda x, y: x * y, (lambda x, y: y, lambda x, y: x), (ZERO, ONE, ZERO), "arith", True),
    ("div", 2, ieee_div, (lambda x, y: ieee_div(1, y), lambda x, y: -ieee_div(x, y * y)),
     (ZERO, lambda x, y: -ieee_div(1, y * y), lambda x, y: ieee_div(2 * x, y ** 3)), "arith", True),
    ("max", 2, nan_guard(max), (nan_guard(lambda x, y: mp.mpf(1) if x > y else mp.mpf(0) if x < y else mp.mpf(0.5)),
                                nan_guard(lambda x, y: mp.mpf(0) if x > y else mp.mpf(1) if x < y else mp.mpf(0.5))),
     (ZERO,) * 3, "arith", True),
    ("min", 2, nan_guard(min), (nan_guard(lambda x, y: mp.mpf(0) if x > y else mp.mpf(1) if x < y else mp.mpf(0.5)),
                                nan_guard(lambda x, y: mp.mpf(1) if x > y else mp.mpf(0) if x < y else mp.mpf(0.5))),
     (ZERO,) * 3, "arith", True),
    # pow on x > 0 (the domain where a^b is real for every b), and the denormal corner.
    ("pow", 2, lambda x, y: mp.power(x, y),
     (lambda x, y: y * mp.power(x, y - 1), lambda x, y: mp.power(x, y) * mp.log(x)),
     (lambda x, y: y * (y - 1) * mp.power(x, y - 2), lambda x, y: mp.power(x, y - 1) * (1 + y * mp.log(x)),
      lambda x, y: mp.power(x, y) * mp.log(x) ** 2), "pow", False),
]

COMMON = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, 1e-300, -1e-300,
          1e-8, -1e-8, 0.3, -0.5, 0.7, 1.0, -1.0, 2.0, -2.5, 3.7, 10.0, -10.0, 20.0, -20.0, 30.0, -30.0,
          40.0, -40.0, 709.0, -709.0, 745.0, -745.0, 800.0, -800.0, 1e300, -1e300,
          math.inf, -math.inf, math.nan]
ARITH = [0.0, 5e-324, 1e-300, 0.5, -1.0, 3.0, -2.5, 1e300, math.inf, -math.inf, math.nan]
POW_X = [5e-324, 1e-300, 0.5, 1.0, 2.0, 3.0, 1e300]
POW_Y = [5e-324, 0.5, 1.0, 2.0, -1.5, 3.0]


def grid(spec, extra):
    if spec == "arith":
        return [(x, y) for x in ARITH for y in ARITH]
    if spec == "pow":
        return [(x, y) for x in POW_X for y in POW_Y]
    seen, out = set(), []
    for p in COMMON + extra:
        key = (p, math.copysign(1, p)) if not math.isnan(p) else "nan"
        if key not in seen:
            seen.add(key)
            out.append((p,))
    return out


def row_at(periodic, point, fn, firsts, seconds):
    args = [mp.mpf(p) for p in point]
    values = [at(fn, args, periodic)] + [at(g, args, periodic) for g in firsts] + [at(g, args, periodic) for g in seconds]
    return [to_double(v) for v in values]


def row(name, periodic, point, fn, firsts, seconds):
    """The row at 60 digits, checked against the same formulas at 400 digits: a formula that
    cancels (s(-x) - s(x) at x = 1e-300 needs 300 digits) stops the generator."""
    r = row_at(periodic, point, fn, firsts, seconds)
    with mp.workdps(400):
        check = row_at(periodic, point, fn, firsts, seconds)
    same = [a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(r, check)]
    if not all(same):
        sys.exit("generate.py: %s at %r depends on the working precision: %r at 60 digits, %r at 400" %
                 (name, point, r, check))
    return r


def main():
    out = sys.stdout
    out.write("// Generated by scripts/reference/generate.py (mpmath, 60 digits); do not edit.\n")
    out.write("// Regenerate: python3 scripts/reference/generate.py > tests/data/reference_table.inc\n")
    out.write("// Rows: {op, x, y, value, df/dx, df/dy, d2f/dx2, d2f/dxdy, d2f/dy2} (unary ops: y and its\n")
    out.write("// derivatives are 0).\n")
    count = 0
    for name, arity, fn, firsts, seconds, spec, periodic in OPS:
        if arity == 1:
            firsts, seconds, pts = [firsts], [seconds], grid(None, spec)
        else:
            pts = grid(spec, [])
        for point in pts:
            r = row(name, periodic, point, fn, firsts, seconds)
            if arity == 1:
                x, = point
                cells = [x, 0.0, r[0], r[1], 0.0, r[2], 0.0, 0.0]
            else:
                x, y = point
                cells = [x, y] + r
            out.write("{\"%s\", %s},\n" % (name, ", ".join(cxx(c) for c in cells)))
            count += 1
    out.write("// %d rows\n" % count)


if __name__ == "__main__":
    main()

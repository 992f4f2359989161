// Double-word arithmetic (an unevaluated sum hi + lo): TwoSum, TwoProd, the operations on pairs.
// The implementations behind detail/constexpr_math.hpp (see its overview).

#pragma once

#include <typegrad/detail/cmath/float_format.hpp>

namespace typegrad::detail::cmath::impl {

// ===========================================================================
// Double-W arithmetic: a value is hi + lo with |lo| <= ulp(hi)/2.
// TwoSum and TwoProd are exact for round-to-nearest binary arithmetic, which
// both constant evaluation and strict IEEE run-time arithmetic provide.
// ===========================================================================
template <class W>
struct dd {
    W hi;
    W lo;
};

template <class W>
constexpr dd<W> two_sum(W a, W b) noexcept {
    const W s = a + b;
    const W bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

template <class W>
constexpr dd<W> fast_two_sum(W a, W b) noexcept {  // requires |a| >= |b| or a == 0
    const W s = a + b;
    return {s, b - (s - a)};
}

// Dekker's split a = hi + lo with both halves of at most ceil(p/2) bits.
template <class W>
constexpr dd<W> split(W a) noexcept {
    const W t = fpc<W>::splitter * a;
    const W hi = t - (t - a);
    return {hi, a - hi};
}

// a * b = prod + err exactly.  Constant evaluation uses Dekker's algorithm
// (all partial products of the halves are exact); at run time std::fma gives
// the same exact error term and is immune to -ffp-contract rewriting.
template <class W>
constexpr dd<W> two_prod(W a, W b) noexcept {
    const W prod = a * b;
    if (!std::is_constant_evaluated()) return {prod, std::fma(a, b, -prod)};
    const dd<W> as = split(a);
    const dd<W> bs = split(b);
    const W err = ((as.hi * bs.hi - prod) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
    return {prod, err};
}

template <class W>
constexpr dd<W> neg(dd<W> a) noexcept {
    return {-a.hi, -a.lo};
}

template <class W>
constexpr dd<W> add(dd<W> a, dd<W> b) noexcept {
    dd<W> s = two_sum(a.hi, b.hi);
    const dd<W> t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}

template <class W>
constexpr dd<W> add(dd<W> a, W b) noexcept {
    dd<W> s = two_sum(a.hi, b);
    s.lo += a.lo;
    return fast_two_sum(s.hi, s.lo);
}

template <class W>
constexpr dd<W> mul(dd<W> a, dd<W> b) noexcept {
    dd<W> pr = two_prod(a.hi, b.hi);
    pr.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(pr.hi, pr.lo);
}

template <class W>
constexpr dd<W> mul(dd<W> a, W b) noexcept {
    dd<W> pr = two_prod(a.hi, b);
    pr.lo += a.lo * b;
    return fast_two_sum(pr.hi, pr.lo);
}

// Long division: three quotient digits, each from the current remainder.
template <class W>
constexpr dd<W> div(dd<W> a, dd<W> b) noexcept {
    const W q1 = a.hi / b.hi;
    dd<W> r = add(a, neg(mul(b, q1)));
    const W q2 = r.hi / b.hi;
    r = add(r, neg(mul(b, q2)));
    const W q3 = r.hi / b.hi;
    return add(fast_two_sum(q1, q2), q3);
}

// Division by a single W: one quotient correction from the exact remainder
// a.hi - q1*b (Sterbenz makes a.hi - p.hi exact).
template <class W>
constexpr dd<W> div(dd<W> a, W b) noexcept {
    const W q1 = a.hi / b;
    const dd<W> pr = two_prod(q1, b);
    const W rem = ((a.hi - pr.hi) - pr.lo) + a.lo;
    return fast_two_sum(q1, rem / b);
}

template <class W>
constexpr dd<W> scale(dd<W> a, int n) noexcept {
    return {scale(a.hi, n), scale(a.lo, n)};
}

template <class W>
constexpr W to_w(dd<W> a) noexcept {
    return a.hi + a.lo;
}

// (hi + lo) * 2^k rounded once to W, including overflow to infinity and
// correctly rounded subnormal results.
template <class W>
constexpr W round_scaled(dd<W> v, int k) noexcept {
    using F = fp<W>;
    dd<W> n = fast_two_sum(v.hi, v.lo);  // n.hi is v rounded to W
    if (n.hi == 0) return n.hi;
    const bool negative = n.hi < 0;
    if (negative) n = neg(n);
    const int e = frexp(n.hi).e + k;  // result lies in [2^(e-1), 2^e]
    W r{};
    if (e > F::max_exp) {
        r = F::inf;
    } else if (e >= F::min_exp) {
        r = scale(n.hi, k);  // normal: exact
    } else if (e < F::min_exp - F::p - 1) {
        r = 0;  // below half the smallest subnormal
    } else {
        // Subnormal: count in units of the smallest subnormal q = 2^(min_exp-p),
        // round hi + lo to an integer N (hi alone fixes it unless near a tie),
        // and return N * q, which is exact.
        const int sh = k - (F::min_exp - F::p);
        const W h = scale(n.hi, sh);  // < 2^(p-1)
        const W l = scale(n.lo, sh);
        W count = nearest_int(h);
        const W d = (h - count) + l;
        if (d > W(0.5)) {
            count += 1;
        } else if (d < W(-0.5)) {
            count -= 1;
        }
        r = count * std::numeric_limits<W>::denorm_min();
    }
    return negative ? -r : r;
}

}  // namespace typegrad::detail::cmath::impl

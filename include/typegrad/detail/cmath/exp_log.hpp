// Constexpr exp, expm1, log, log1p and sqrt in double-word arithmetic.
// The implementations behind detail/constexpr_math.hpp (see its overview).

#pragma once

#include <typegrad/detail/cmath/series.hpp>

namespace typegrad::detail::cmath::impl {

// ===========================================================================
// exp / expm1
// ===========================================================================

// e^r - 1 = r (1 + r/2! + r^2/3! + ...), for |r| <= 0.35.
template <class W>
constexpr dd<W> expm1_taylor(dd<W> r) noexcept {
    return mul(horner(inv_factorial<W>, 1, 1, series<W>::expm1, false, r), r);
}

template <class W>
struct scaled {
    dd<W> m;  // value = m * 2^k, 1/sqrt(2) <~ m <~ sqrt(2)
    int k;
};

// e^x for a double-W argument with |x| below ~2^20 (callers bound it).
// Cody-Waite reduction x = k*ln2 + r, |r| <= ln2/2: the products k*ln2_i are
// formed exactly with TwoProd, so r carries ~2p correct bits; then
// e^x = 2^k * e^r with e^r from its Taylor series.
template <class W>
constexpr scaled<W> exp_core(dd<W> x) noexcept {
    const W k = nearest_int(x.hi * inv_ln2<W>);
    dd<W> r = add(x, neg(two_prod(k, W(ln2_1))));
    r = add(r, neg(two_prod(k, W(ln2_2))));
    r = add(r, -(k * W(ln2_3)));
    return {add(expm1_taylor(r), W(1)), static_cast<int>(k)};
}

template <std::floating_point T>
constexpr T exp(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(exp(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        // Beyond these bounds the result is certainly inf / 0 (this also covers
        // +-inf); closer cases are decided exactly by round_scaled.
        if (x > T(F::max_exp + 1) * T(ln2_1)) return F::inf;
        if (x < T(F::min_exp - F::p - 2) * T(ln2_1)) return T(0);
        const scaled<T> s = exp_core(dd<T>{x, 0});
        return round_scaled(s.m, s.k);
    }
}

// e^x - 1 as double-W for moderate |x| (|x| <~ 2p ln2): the Taylor series near
// 0 avoids the cancellation of e^x - 1.
template <class W>
constexpr dd<W> expm1_dd(W x) noexcept {
    if (fabs(x) < W(0.34)) return expm1_taylor(dd<W>{x, 0});
    const scaled<W> s = exp_core(dd<W>{x, 0});
    return add(scale(s.m, s.k), W(-1));
}

template <std::floating_point T>
constexpr T expm1(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(expm1(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x > T(F::max_exp + 1) * T(ln2_1)) return F::inf;
        // e^x < 2^-(p+2): -1 + e^x rounds to -1 (covers -inf).
        if (x < -T(F::p + 2) * T(ln2_1)) return T(-1);
        // |x| < 2^-(p+2): x + x^2/2 rounds to x (keeps -0 and subnormals exact).
        if (fabs(x) < pow2<T>(-F::p - 2)) return x;
        if (fabs(x) < T(0.34)) return to_w(expm1_taylor(dd<T>{x, 0}));
        const scaled<T> s = exp_core(dd<T>{x, 0});
        // For large k the -1 is far below the rounding precision of e^x.
        if (s.k > 2 * F::p + 4) return round_scaled(s.m, s.k);
        return to_w(add(scale(s.m, s.k), T(-1)));
    }
}

// ===========================================================================
// log / log1p
// ===========================================================================

// log(a) for a finite positive double-W a.  a = m * 2^e with m in
// [1/sqrt2, sqrt2); log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) with
// s = (m-1)/(m+1), |s| <= 0.172, so s^2 <= 0.0295 and the series converges
// fast; m - 1 is exact, so there is no cancellation near a = 1.
template <class W>
constexpr dd<W> log_dd(dd<W> a) noexcept {
    const frexp_result<W> fr = frexp(a.hi);
    W m = fr.m;
    W ml = scale(a.lo, -fr.e);
    int e = fr.e;
    if (m < W(0.70710678118654752440L)) {
        m *= 2;
        ml *= 2;
        e -= 1;
    }
    const dd<W> num = add(dd<W>{m - 1, 0}, ml);
    const dd<W> den = add(two_sum(m, W(1)), ml);
    const dd<W> s = div(num, den);
    // atanh s = s (1 + s^2/3 + s^4/5 + ...)
    const dd<W> sum = mul(horner(inv_odd<W>, 0, 1, series<W>::atanh, false, mul(s, s)), s);
    const W ew = W(e);  // exact; e * ln2 is formed exactly part by part
    dd<W> res = two_prod(ew, W(ln2_1));
    res = add(res, two_prod(ew, W(ln2_2)));
    res = add(res, ew * W(ln2_3));
    return add(res, scale(sum, 1));
}

template <std::floating_point T>
constexpr T log(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(log(static_cast<double>(x)));
    } else {
        if (isnan(x)) return x;
        if (x < 0) return fp<T>::nan;
        if (x == 0) return -fp<T>::inf;
        if (isinf(x)) return x;
        return to_w(log_dd(dd<T>{x, 0}));
    }
}

template <std::floating_point T>
constexpr T log1p(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(log1p(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x < -1) return F::nan;
        if (x == -1) return -F::inf;
        if (isinf(x)) return x;
        // |x| < 2^-(p+2): x - x^2/2 rounds to x.
        if (fabs(x) < pow2<T>(-F::p - 2)) return x;
        // 1 + x is exact as a double-W value, so log_dd sees no rounding error.
        return to_w(log_dd(two_sum(T(1), x)));
    }
}

// ===========================================================================
// sqrt
// ===========================================================================
template <std::floating_point T>
constexpr T sqrt(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(sqrt(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x == 0) return x;  // keeps the sign of -0
        if (x < 0) return F::nan;
        if (isinf(x)) return x;
        // x = m * 2^e with e even and m in [0.5, 2): sqrt(x) = sqrt(m) * 2^(e/2).
        const frexp_result<T> fr = frexp(x);
        T m = fr.m;
        int e = fr.e;
        if ((e & 1) != 0) {
            m *= 2;
            e -= 1;
        }
        // Initial guess from the bits of m as a double (halving the biased
        // exponent, ~4% error), then Newton's iteration g <- (g + m/g)/2 which
        // doubles the number of correct bits each step.
        const double md = static_cast<double>(m);
        double gd = std::bit_cast<double>((std::bit_cast<std::uint64_t>(md) >> 1) + 0x1ff7a3bea91d9b1bULL);
        for (int i = 0; i < 6; ++i) gd = 0.5 * (gd + md / gd);
        T g = static_cast<T>(gd);
        for (int i = 0; i < 2; ++i) g = T(0.5) * (g + m / g);
        // Correction: g is the correctly rounded root iff
        // (g - ulp_below/2)^2 < m < (g + ulp_above/2)^2.  R = m - g^2 is exact as
        // a double-W value (TwoProd, Sterbenz), and the midpoint tests are exact
        // because all terms are multiples of (ulp/2)^2 spanning < 2p bits.
        for (int iter = 0; iter < 4; ++iter) {
            const T up = g >= 1 ? pow2<T>(1 - F::p) : pow2<T>(-F::p);
            const T down = g > 1 ? pow2<T>(1 - F::p) : pow2<T>(-F::p);
            const dd<T> g2 = two_prod(g, g);
            const dd<T> r = two_sum(m - g2.hi, -g2.lo);
            // m - (g + up/2)^2 = R - g*up - up^2/4
            const dd<T> du = add(add(r, -(g * up)), -(up * up * T(0.25)));
            if (du.hi > 0) {
                g += up;
                continue;
            }
            // m - (g - down/2)^2 = R + g*down - down^2/4
            const dd<T> dl = add(add(r, g * down), -(down * down * T(0.25)));
            if (dl.hi < 0) {
                g -= down;
                continue;
            }
            break;
        }
        return scale(g, e / 2);
    }
}

// sqrt of a double-W value with hi in [1, 2] (all atan needs): Newton's
// iteration from g = (1 + a)/2 (error < 6%, doubling the correct bits each
// step) gives ~p bits; one double-W correction (a - s^2)/(2s) doubles that.
template <class W>
constexpr dd<W> sqrt_dd(dd<W> a) noexcept {
    W s = W(0.5) * (1 + a.hi);
    for (int i = 0; i < 6; ++i) s = W(0.5) * (s + a.hi / s);
    const dd<W> s2 = two_prod(s, s);
    const dd<W> r = add(add(dd<W>{a.hi - s2.hi, 0}, -s2.lo), a.lo);
    return fast_two_sum(s, r.hi / (2 * s));
}

}  // namespace typegrad::detail::cmath::impl

// Constexpr asin, acos, atan2, asinh, acosh, atanh, hypot, cbrt, log2, log10, exp2, ceil,
// round: the rest of <cmath>'s elementary functions, dispatching to std:: at run time.
#pragma once

// Like constexpr_math.hpp, every public function f is
//
//     if (std::is_constant_evaluated()) return impl::f(x); else return std::f(x);
//
// so run-time values are exactly those of <cmath>. The implementations used in constant
// evaluation are compositions of the correctly rounded functions of constexpr_math.hpp
// (atan, log1p, log, exp, sqrt) in plain W arithmetic: within a few ulp of the C library
// (tests/unit/test_math_constexpr.cpp), not correctly rounded. Special values (NaN, +-inf,
// signed zeros, poles, overflow) follow C Annex F and are returned from numeric_limits,
// never computed, because constant evaluation rejects arithmetic that overflows or makes
// a NaN. float is evaluated in double and rounded once.

#include <typegrad/config.hpp>
#include <typegrad/detail/constexpr_math.hpp>

#include <cmath>
#include <concepts>
#include <type_traits>

namespace typegrad::detail::cmath {

namespace impl {

template <class W>
inline constexpr W pi_v = W(3.141592653589793238462643383279502884L);
template <class W>
inline constexpr W ln2_v = W(0.693147180559945309417232121458176568L);

template <std::floating_point T>
constexpr T asin(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(asin(static_cast<double>(x)));
    } else {
        if (isnan(x) || fabs(x) > 1) return fp<T>::nan;
        if (fabs(x) == 1) return copysign(pi_v<T> / 2, x);
        if (x == 0) return x;
        // asin x = atan(x / sqrt((1 - x)(1 + x))): 1 - x and 1 + x are exact near |x| = 1.
        return atan(x / sqrt((1 - x) * (1 + x)));
    }
}

template <std::floating_point T>
constexpr T acos(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(acos(static_cast<double>(x)));
    } else {
        if (isnan(x) || fabs(x) > 1) return fp<T>::nan;
        if (x == -1) return pi_v<T>;
        // acos x = 2 atan(sqrt((1 - x) / (1 + x))), no cancellation near x = 1.
        return 2 * atan(sqrt((1 - x) / (1 + x)));
    }
}

/// atan2 per C Annex F (signed zeros, infinities). The quotient is always the smaller
/// magnitude over the larger, so it cannot overflow.
template <std::floating_point T>
constexpr T atan2(T y, T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(atan2(static_cast<double>(y), static_cast<double>(x)));
    } else {
        const T pi = pi_v<T>;
        if (isnan(x) || isnan(y)) return fp<T>::nan;
        const bool xneg = signbit(x);
        if (y == 0) return xneg ? copysign(pi, y) : y;
        if (isinf(x) && isinf(y)) return copysign(xneg ? 3 * pi / 4 : pi / 4, y);
        if (isinf(x)) return xneg ? copysign(pi, y) : copysign(T(0), y);
        if (x == 0 || isinf(y)) return copysign(pi / 2, y);
        const T ax = fabs(x);
        const T ay = fabs(y);
        T r{};
        if (ay <= ax) {
            r = atan(ay / ax);
            if (xneg) r = pi - r;
        } else {
            r = pi / 2 - atan(ax / ay) * (xneg ? -1 : 1);
        }
        return copysign(r, y);
    }
}

template <std::floating_point T>
constexpr T asinh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(asinh(static_cast<double>(x)));
    } else {
        if (isnan(x) || isinf(x) || x == 0) return x;
        const T a = fabs(x);
        T r{};
        if (a > pow2<T>(fp<T>::p / 2 + 2)) {
            r = log(a) + ln2_v<T>;  // sqrt(1 + a^2) = a to working precision
        } else {
            // log(a + sqrt(1 + a^2)) = log1p(a + a^2 / (1 + sqrt(1 + a^2))): no cancellation at 0.
            r = log1p(a + a * a / (1 + sqrt(1 + a * a)));
        }
        return copysign(r, x);
    }
}

/// acosh: 0 at the branch point 1, NaN below it, +inf at +inf.
template <std::floating_point T>
constexpr T acosh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(acosh(static_cast<double>(x)));
    } else {
        if (isnan(x) || x < 1) return fp<T>::nan;
        if (isinf(x)) return x;
        if (x > pow2<T>(fp<T>::p / 2 + 2)) return log(x) + ln2_v<T>;
        const T t = x - 1;  // exact for x in [1, 2]
        if (t < 1) return log1p(t + sqrt(2 * t + t * t));
        return log(2 * x - 1 / (x + sqrt(x * x - 1)));
    }
}

/// atanh: +-inf at the branch points +-1, NaN beyond them.
template <std::floating_point T>
constexpr T atanh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(atanh(static_cast<double>(x)));
    } else {
        if (isnan(x) || fabs(x) > 1) return fp<T>::nan;
        if (fabs(x) == 1) return copysign(fp<T>::inf, x);
        if (x == 0) return x;
        const T a = fabs(x);
        return copysign(log1p(2 * a / (1 - a)) / 2, x);  // 1 - a is exact for a >= 1/2
    }
}

/// sqrt(x^2 + y^2) scaled by the larger magnitude: no overflow or underflow in between.
/// An infinite argument gives +inf even when the other is NaN (Annex F).
template <std::floating_point T>
constexpr T hypot(T x, T y) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(hypot(static_cast<double>(x), static_cast<double>(y)));
    } else {
        if (isinf(x) || isinf(y)) return fp<T>::inf;
        if (isnan(x) || isnan(y)) return fp<T>::nan;
        const T a = fabs(x) < fabs(y) ? fabs(y) : fabs(x);
        const T b = fabs(x) < fabs(y) ? fabs(x) : fabs(y);
        if (a == 0) return T(0);
        const T q = b / a;
        const T s = sqrt(1 + q * q);
        if (a > std::numeric_limits<T>::max() / s) return fp<T>::inf;
        return a * s;
    }
}

template <std::floating_point T>
constexpr T hypot(T x, T y, T z) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(hypot(static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)));
    } else {
        if (isinf(x) || isinf(y) || isinf(z)) return fp<T>::inf;
        if (isnan(x) || isnan(y) || isnan(z)) return fp<T>::nan;
        T a = fabs(x);
        if (fabs(y) > a) a = fabs(y);
        if (fabs(z) > a) a = fabs(z);
        if (a == 0) return T(0);
        const T p = x / a, q = y / a, r = z / a;
        const T s = sqrt(p * p + q * q + r * r);
        if (a > std::numeric_limits<T>::max() / s) return fp<T>::inf;
        return a * s;
    }
}

/// Real cube root, negative for negative x; one Newton step on exp(log|x| / 3).
template <std::floating_point T>
constexpr T cbrt(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(cbrt(static_cast<double>(x)));
    } else {
        if (isnan(x) || isinf(x) || x == 0) return x;
        // Scale into [1, 8) by a power of 8 so that y^3 neither overflows nor underflows.
        const frexp_result<T> fr = frexp(fabs(x));
        int e = fr.e;
        T m = fr.m;
        while (e % 3 != 0) {
            m *= 2;
            --e;
        }
        T y = exp(log(m) / 3);
        y = y - (y * y * y - m) / (3 * y * y);
        return copysign(scale(y, e / 3), x);
    }
}

template <std::floating_point T>
constexpr T log2(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(log2(static_cast<double>(x)));
    } else {
        if (isnan(x) || x < 0) return fp<T>::nan;
        if (x == 0) return -fp<T>::inf;
        if (isinf(x)) return x;
        const frexp_result<T> fr = frexp(x);  // x = m 2^e: log2 x = e + log2 m, exact for powers of 2
        const dd<T> l = log_dd(dd<T>{fr.m, 0});
        const dd<T> inv{T(0x1.71547652b82fep+0L), T(0x1.777d0ffda0d24p-56L)};
        return to_w(add(mul(l, inv), T(fr.e)));
    }
}

template <std::floating_point T>
constexpr T log10(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(log10(static_cast<double>(x)));
    } else {
        if (isnan(x) || x < 0) return fp<T>::nan;
        if (x == 0) return -fp<T>::inf;
        if (isinf(x)) return x;
        const dd<T> inv{T(0x1.bcb7b1526e50ep-2L), T(0x1.95355baaafad3p-57L)};
        return to_w(mul(log_dd(dd<T>{x, 0}), inv));
    }
}

template <std::floating_point T>
constexpr T exp2(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(exp2(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x >= T(F::max_exp)) return F::inf;
        if (x < T(F::min_exp - F::p - 1)) return T(0);
        const T k = trunc(x);  // x = k + f, 2^x = 2^k e^(f ln2), exact for integer x
        const T f = x - k;
        const dd<T> ln2{T(ln2_1), T(ln2_2)};
        const scaled<T> s = exp_core(mul(ln2, f));
        return round_scaled(s.m, s.k + static_cast<int>(k));
    }
}

template <std::floating_point T>
constexpr T ceil(T x) noexcept {
    const T f = floor(x);
    return f == x ? x : copysign(f + 1, x);  // keeps -0.0 for x in (-1, 0)
}

/// Nearest integer, halfway cases away from zero (std::round).
template <std::floating_point T>
constexpr T round(T x) noexcept {
    if (isnan(x) || isinf(x)) return x;
    const T t = trunc(x);
    return fabs(x - t) >= T(0.5) ? t + copysign(T(1), x) : t;
}

}  // namespace impl

TYPEGRAD_CONSTEXPR_DISPATCH(asin)
TYPEGRAD_CONSTEXPR_DISPATCH(acos)
TYPEGRAD_CONSTEXPR_DISPATCH(asinh)
TYPEGRAD_CONSTEXPR_DISPATCH(acosh)
TYPEGRAD_CONSTEXPR_DISPATCH(atanh)
TYPEGRAD_CONSTEXPR_DISPATCH(cbrt)
TYPEGRAD_CONSTEXPR_DISPATCH(log2)
TYPEGRAD_CONSTEXPR_DISPATCH(log10)
TYPEGRAD_CONSTEXPR_DISPATCH(exp2)
TYPEGRAD_CONSTEXPR_DISPATCH(ceil)
TYPEGRAD_CONSTEXPR_DISPATCH(round)

template <std::floating_point T>
constexpr T atan2(T y, T x) noexcept {
    if (std::is_constant_evaluated()) return impl::atan2(y, x);
    return std::atan2(y, x);
}

template <std::floating_point T>
constexpr T hypot(T x, T y) noexcept {
    if (std::is_constant_evaluated()) return impl::hypot(x, y);
    return std::hypot(x, y);
}

template <std::floating_point T>
constexpr T hypot(T x, T y, T z) noexcept {
    if (std::is_constant_evaluated()) return impl::hypot(x, y, z);
    return std::hypot(x, y, z);
}

}  // namespace typegrad::detail::cmath

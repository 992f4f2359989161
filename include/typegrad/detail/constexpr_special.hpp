// Constexpr erf, erfc and lgamma (std:: at run time), and digamma and trigamma (one
// implementation for both: <cmath> has none).
#pragma once

// erf and erfc in constant evaluation: for |x| < 2 the series
//   erf x = 2/sqrt(pi) e^(-x^2) sum_n (2 x^2)^n x / (2n+1)!!   (all terms positive)
// summed in double-W arithmetic, so erfc = 1 - erf keeps ~90 good bits even where erf is
// close to 1; for x >= 2 the continued fraction
//   erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
// (70 levels, evaluated backwards: converged to 1e-17 relative from x = 2 up) with e^(-x^2)
// formed from the exact double-W square, so the tail is accurate down to the subnormals.
// lgamma: Stirling's series from 15 up, the recurrence below, the reflection formula for
// x < 1/2. digamma and trigamma: the recurrence to x >= 10, then their asymptotic series;
// reflection for x < 0. Near the zeros of lgamma (1, 2) and of digamma (1.4616...) these
// are accurate to ~1e-15 absolute, elsewhere to a few ulp.
//
// Conventions: lgamma is +inf at 0 and the negative integers (as C); digamma is NaN there
// (the sign of its infinity depends on the side); trigamma is +inf there.

#include <typegrad/detail/constexpr_inverse.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

namespace typegrad::detail::cmath {

namespace impl {

/// e^(-x^2) / sqrt(pi) * k, rounded once (correct through the subnormal range).
template <class W>
constexpr W gauss_times(W x, W k) noexcept {
    const scaled<W> s = exp_core(neg(two_prod(x, x)));
    const dd<W> inv_sqrt_pi{W(0x1.20dd750429b6dp-1L), W(0x1.1ae3a914fed80p-57L)};
    return round_scaled(mul(mul(s.m, inv_sqrt_pi), k), s.k);
}

/// erf x for 0 <= x < 2 in double-W.
template <class W>
constexpr dd<W> erf_series(W x) noexcept {
    const dd<W> x2 = two_prod(x, x);
    const dd<W> two_x2 = scale(x2, 1);
    dd<W> term{x, 0};
    dd<W> sum = term;
    for (int n = 1; n < 200 && term.hi > sum.hi * pow2<W>(-2 * fp<W>::p - 4); ++n) {
        term = div(mul(term, two_x2), W(2 * n + 1));
        sum = add(sum, term);
    }
    const scaled<W> g = exp_core(neg(x2));
    const dd<W> two_over_sqrt_pi{W(0x1.20dd750429b6dp+0L), W(0x1.1ae3a914fed80p-56L)};
    return mul(mul(scale(g.m, g.k), two_over_sqrt_pi), sum);
}

/// erfc x for x >= 2 (continued fraction).
template <class W>
constexpr W erfc_tail(W x) noexcept {
    if (x > W(27.3)) return W(0);  // below half the smallest subnormal for double
    W t = x;
    for (int k = 70; k > 0; --k) t = x + (W(k) / 2) / t;
    return gauss_times(x, W(1) / t);
}

/// e^(-x^2) from the exact double-W square.
template <std::floating_point T>
constexpr T gauss(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(gauss(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (fabs(x) > sqrt(T(F::p - F::min_exp + 2) * T(ln2_1))) return T(0);
        const scaled<T> s = exp_core(neg(two_prod(x, x)));
        return round_scaled(s.m, s.k);
    }
}

template <std::floating_point T>
constexpr T erf(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(erf(static_cast<double>(x)));
    } else {
        if (isnan(x) || x == 0) return x;
        const T a = fabs(x);
        if (a > 6) return copysign(T(1), x);
        if (a < pow2<T>(-fp<T>::p)) return x * T(0x1.20dd750429b6dp+0L);  // 2/sqrt(pi) x
        const T r = a < 2 ? to_w(erf_series(a)) : 1 - erfc_tail(a);
        return copysign(r, x);
    }
}

template <std::floating_point T>
constexpr T erfc(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(erfc(static_cast<double>(x)));
    } else {
        if (isnan(x)) return x;
        if (x >= 2) return erfc_tail(x);
        if (x <= -6) return T(2);
        if (x <= -2) return 2 - erfc_tail(-x);
        const dd<T> e = erf_series(fabs(x));
        return to_w(x < 0 ? add(e, T(1)) : add(neg(e), T(1)));
    }
}

template <class W>
constexpr bool is_nonpositive_integer(W x) noexcept {
    return x <= 0 && trunc(x) == x;
}

/// sin(pi x) from the reduced argument x - round(x), exact for any finite x.
template <class W>
constexpr W sin_pi(W x) noexcept {
    const W r = x - nearest_int(x);
    const W s = ::typegrad::detail::cmath::sin(r * pi_v<W>);
    const W half = nearest_int(x) / 2;
    return trunc(half) == half ? s : -s;  // sin(pi (n + r)) = (-1)^n sin(pi r)
}

template <std::floating_point T>
constexpr T lgamma(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(lgamma(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (isinf(x) || is_nonpositive_integer(x)) return F::inf;
        if (x < T(0.5)) {
            // lgamma(x) = log(pi / |sin(pi x)|) - lgamma(1 - x)
            if (fabs(x) < pow2<T>(-F::p - 2)) return -log(fabs(x));
            return log(pi_v<T> / fabs(sin_pi(x))) - lgamma(1 - x);
        }
        // Below 15: lgamma(x) = lgamma(x + n) - log(x (x + 1) ... (x + n - 1)), in double-W, so
        // that the subtraction keeps ~2p bits where the result is small.
        dd<T> y{x, 0};
        dd<T> product{1, 0};
        while (y.hi < 15) {
            product = mul(product, y);
            y = add(y, T(1));
        }
        if (y.hi > std::numeric_limits<T>::max() / 1024) {
            const T ly = log(y.hi);
            if (ly > std::numeric_limits<T>::max() / y.hi) return F::inf;
            return y.hi * (ly - 1);  // the remaining terms are below an ulp
        }
        const T z = 1 / (y.hi * y.hi);
        const T series =
            (T(1) / 12 +
             z * (T(-1) / 360 + z * (T(1) / 1260 + z * (T(-1) / 1680 + z * (T(1) / 1188 + z * (T(-691) / 360360)))))) /
            y.hi;
        // (y - 1/2) log y - y + log(2 pi) / 2 + series - log(product)
        dd<T> r = mul(add(y, T(-0.5)), log_dd(y));
        r = add(r, neg(y));
        r = add(r, dd<T>{T(0x1.d67f1c864beb5p-1L), T(-0x1.65b5a1b7ff5dfp-55L)});
        r = add(r, series);
        r = add(r, neg(log_dd(product)));
        return to_w(r);
    }
}

template <std::floating_point T>
constexpr T digamma(T x) noexcept {
    using F = fp<T>;
    if (isnan(x)) return x;
    if (isinf(x)) return x > 0 ? x : F::nan;
    if (is_nonpositive_integer(x)) return F::nan;
    if (x < 0) {
        // psi(x) = psi(1 - x) - pi cos(pi x) / sin(pi x), with both from the reduced argument.
        const T r = x - nearest_int(x);
        return digamma(1 - x) - pi_v<T> / ::typegrad::detail::cmath::tan(pi_v<T> * r);
    }
    if (x < T(1) / std::numeric_limits<T>::max()) return -F::inf;
    T sum = 0;
    T y = x;
    while (y < 10) {
        sum -= 1 / y;
        y += 1;
    }
    const T z = 1 / (y * y);
    const T series =
        z * (T(1) / 12 -
             z * (T(1) / 120 - z * (T(1) / 252 - z * (T(1) / 240 - z * (T(1) / 132 - z * (T(691) / 32760 - z / 12))))));
    return sum + (::typegrad::detail::cmath::log(y) - T(0.5) / y - series);
}

template <std::floating_point T>
constexpr T trigamma(T x) noexcept {
    using F = fp<T>;
    if (isnan(x)) return x;
    if (isinf(x)) return x > 0 ? T(0) : F::nan;
    if (is_nonpositive_integer(x)) return F::inf;
    if (x < 0) {
        const T s = sin_pi(x);
        return pi_v<T> * pi_v<T> / (s * s) - trigamma(1 - x);
    }
    if (x < 1 / ::typegrad::detail::cmath::sqrt(std::numeric_limits<T>::max())) return F::inf;
    T sum = 0;
    T y = x;
    while (y < 10) {
        sum += 1 / (y * y);
        y += 1;
    }
    const T z = 1 / (y * y);
    const T series =
        z * (T(1) / 6 -
             z * (T(1) / 30 - z * (T(1) / 42 - z * (T(1) / 30 - z * (T(5) / 66 - z * (T(691) / 2730 - z * 7 / 6))))));
    return sum + (1 / y + (T(0.5) * z + series / y));
}

}  // namespace impl

template <std::floating_point T>
constexpr T erf(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::erf(x);
    return std::erf(x);
}

template <std::floating_point T>
constexpr T erfc(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::erfc(x);
    return std::erfc(x);
}

/// e^(-x^2) without the error of the rounded square: x^2 = hi + lo exactly (fma), and
/// e^(-hi - lo) = e^(-hi) (1 - lo) to within lo^2, far below an ulp. Only the rounding of
/// e^(-hi) remains, also where the result is subnormal.
template <std::floating_point T>
constexpr T gauss(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::gauss(x);
    const T hi = x * x;
    const T e = std::exp(-hi);
    if (e == 0) return e;  // also where x^2 overflowed (then lo would be infinite)
    return e * (1 - std::fma(x, x, -hi));
}

/// lgamma without the global signgam that std::lgamma writes: lgamma_r, the same C
/// library function with the sign returned to a local, where the C library has it.
template <std::floating_point T>
constexpr T lgamma(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::lgamma(x);
#if defined(__GLIBC__)
    int sign = 0;
    if constexpr (std::is_same_v<T, float>)
        return ::lgammaf_r(x, &sign);
    else if constexpr (std::is_same_v<T, double>)
        return ::lgamma_r(x, &sign);
    else
        return ::lgammal_r(x, &sign);
#else
    return std::lgamma(x);
#endif
}

template <std::floating_point T>
constexpr T digamma(T x) noexcept {
    if constexpr (std::is_same_v<T, float>)
        return static_cast<float>(impl::digamma(static_cast<double>(x)));
    else
        return impl::digamma(x);
}

template <std::floating_point T>
constexpr T trigamma(T x) noexcept {
    if constexpr (std::is_same_v<T, float>)
        return static_cast<float>(impl::trigamma(static_cast<double>(x)));
    else
        return impl::trigamma(x);
}

}  // namespace typegrad::detail::cmath

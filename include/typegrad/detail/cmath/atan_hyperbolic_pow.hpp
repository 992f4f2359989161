// Constexpr atan, tanh, sinh, cosh and pow in double-word arithmetic.
// The implementations behind detail/constexpr_math.hpp (see its overview).

#pragma once

#include <typegrad/detail/cmath/trig.hpp>

namespace typegrad::detail::cmath::impl {

// ===========================================================================
// atan
// ===========================================================================
template <std::floating_point T>
constexpr T atan(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(atan(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        const T a = fabs(x);
        // atan x = x - x^3/3 rounds to x for |x| < 2^-((p+3)/2).
        if (a < pow2<T>(-(F::p + 3) / 2)) return x;
        dd<T> res{};
        if (isinf(x) || a > pow2<T>(2 * F::p + 2)) {
            res = pio2_dd<T>();  // pi/2 - 1/a is pi/2 to ~2p bits
        } else {
            // atan(a) = pi/2 - atan(1/a) for a > 1, so t <= 1.  Three argument
            // halvings tan(h/2) = t / (1 + sqrt(1 + t^2)) give t <= tan(pi/32) ~ 0.098,
            // then atan t = t - t^3/3 + t^5/5 - ... (ratio t^2 < 0.0097).
            dd<T> t = a <= 1 ? dd<T>{a, 0} : div(dd<T>{1, 0}, dd<T>{a, 0});
            for (int i = 0; i < 3; ++i) t = div(t, add(sqrt_dd(add(mul(t, t), T(1))), T(1)));
            const dd<T> sum = mul(horner(inv_odd<T>, 0, 1, series<T>::atan, true, mul(t, t)), t);
            res = scale(sum, 3);
            if (a > 1) res = add(pio2_dd<T>(), neg(res));
        }
        const T r = to_w(res);
        return x < 0 ? -r : r;
    }
}

// ===========================================================================
// tanh / sinh / cosh
// ===========================================================================
template <std::floating_point T>
constexpr T tanh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(tanh(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        const T a = fabs(x);
        // 1 - tanh a ~ 2 e^(-2a) < 2^-(p+1) (half an ulp below 1) once
        // a > (p+2) ln2 / 2, about 19.1 for double: the result rounds to +-1.
        if (a > T(F::p + 3) * T(0.5) * T(ln2_1)) return x < 0 ? T(-1) : T(1);
        // tanh x = x - x^3/3 rounds to x for |x| < 2^-((p+3)/2).
        if (a < pow2<T>(-(F::p + 3) / 2)) return x;
        // tanh a = E / (E + 2) with E = e^(2a) - 1: no cancellation for small a.
        const dd<T> em1 = expm1_dd(2 * a);
        const T r = to_w(div(em1, add(em1, T(2))));
        return x < 0 ? -r : r;
    }
}

template <std::floating_point T>
constexpr T sinh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(sinh(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x) || isinf(x)) return x;
        const T a = fabs(x);
        // sinh x = x + x^3/6 rounds to x for |x| < 2^-((p+3)/2).
        if (a < pow2<T>(-(F::p + 3) / 2)) return x;
        if (a > T(F::max_exp + 2) * T(ln2_1)) return x < 0 ? -F::inf : F::inf;
        T r{};
        if (a < 1) {
            // sinh a = (E + E/(E+1)) / 2 with E = e^a - 1 avoids e^a - e^-a cancelling.
            const dd<T> em1 = expm1_dd(a);
            r = to_w(scale(add(em1, div(em1, add(em1, T(1)))), -1));
        } else {
            const scaled<T> s = exp_core(dd<T>{a, 0});
            if (s.k > F::p + 3) {
                r = round_scaled(s.m, s.k - 1);  // e^-a is below 2^-(2p+6) relative: drop it
            } else {
                const dd<T> ea = scale(s.m, s.k);
                r = to_w(scale(add(ea, neg(div(dd<T>{1, 0}, ea))), -1));
            }
        }
        return x < 0 ? -r : r;
    }
}

template <std::floating_point T>
constexpr T cosh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(cosh(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (isinf(x)) return F::inf;
        const T a = fabs(x);
        // cosh x = 1 + x^2/2 rounds to 1 for |x| < 2^-(p/2+1).
        if (a < pow2<T>(-(F::p / 2 + 1))) return T(1);
        if (a > T(F::max_exp + 2) * T(ln2_1)) return F::inf;
        const scaled<T> s = exp_core(dd<T>{a, 0});
        if (s.k > F::p + 3) return round_scaled(s.m, s.k - 1);
        const dd<T> ea = scale(s.m, s.k);
        return to_w(scale(add(ea, div(dd<T>{1, 0}, ea)), -1));  // (e^a + e^-a)/2
    }
}

// ===========================================================================
// pow
// ===========================================================================
template <class W>
constexpr bool is_integer(W y) noexcept {  // y finite
    return trunc(y) == y;
}

template <class W>
constexpr bool is_odd_integer(W y) noexcept {  // y finite
    const W a = fabs(y);
    if (a >= pow2<W>(fp<W>::p)) return false;  // all such values are even
    if (trunc(a) != a) return false;
    const W h = a * W(0.5);
    return trunc(h) != h;
}

// Special cases follow C99/C++ Annex F (IEEE 754 pow); the general case is
// |x|^y = exp(y * log|x|) with log in double-W, so the ~2^-104 relative error
// of y*log|x| (|y log x| <= ~11400) costs nothing in the rounded result.
template <std::floating_point T>
constexpr T pow(T x, T y) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(pow(static_cast<double>(x), static_cast<double>(y)));
    } else {
        using F = fp<T>;
        if (y == 0) return T(1);  // even for NaN x
        if (x == 1) return T(1);  // even for NaN y
        if (isnan(x) || isnan(y)) return F::nan;
        if (isinf(y)) {
            const T ax = fabs(x);
            if (ax == 1) return T(1);  // (-1)^+-inf
            return ((ax < 1) == (y > 0)) ? T(0) : F::inf;
        }
        if (x == 0) {
            const bool odd = is_odd_integer(y);
            if (y < 0) return odd ? copysign(F::inf, x) : F::inf;
            return odd ? x : T(0);
        }
        if (isinf(x)) {
            if (x > 0) return y < 0 ? T(0) : F::inf;
            const bool odd = is_odd_integer(y);
            if (y < 0) return odd ? T(-0.0) : T(0);
            return odd ? -F::inf : F::inf;
        }
        bool negative = false;
        if (x < 0) {
            if (!is_integer(y)) return F::nan;  // negative base, non-integer exponent
            negative = is_odd_integer(y);
            x = -x;
        }
        if (x == 1) return negative ? T(-1) : T(1);  // x was -1
        T r{};
        // |y| >= 2^(p+16) with x != 1: |y log x| >= 2^16 and y is even, so the
        // result overflows or underflows (this also keeps TwoProd in range).
        if (fabs(y) >= pow2<T>(F::p + 16)) {
            r = ((x < 1) == (y > 0)) ? T(0) : F::inf;
        } else {
            const dd<T> ylogx = mul(log_dd(dd<T>{x, 0}), y);
            if (ylogx.hi > T(F::max_exp + 1) * T(ln2_1)) {
                r = F::inf;
            } else if (ylogx.hi < T(F::min_exp - F::p - 2) * T(ln2_1)) {
                r = T(0);
            } else {
                const scaled<T> s = exp_core(ylogx);
                r = round_scaled(s.m, s.k);
            }
        }
        return negative ? -r : r;
    }
}

template <std::floating_point T>
constexpr T pow_int(T x, long long n) noexcept {
    return pow(x, static_cast<T>(n));
}

}  // namespace typegrad::detail::cmath::impl

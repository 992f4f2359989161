/// @file
/// Defines sin, cos, tan and tanh (with sech^2, the derivative of tanh).
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace typegrad {

struct sin_op {
    static constexpr std::string_view name = "sin";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::sin(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct cos_op {
    static constexpr std::string_view name = "cos";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::cos(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct tan_op {
    static constexpr std::string_view name = "tan";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::tan(a);
    }
    // tan' = 1 + tan^2, from the stored value.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S& self) {
        return c<1> + self * self;
    }
};

namespace detail {
/// sech^2 a, shared by sech2_op and the ops of its derivatives.
template <class T>
constexpr T sech2_value(const T& a) {
    const T e = math::exp(T(-2) * (a < T(0) ? -a : a));
    const T d = T(1) + e;
    return T(4) * e / (d * d);
}
}  // namespace detail

/// sech^2 a, the derivative of tanh, from one exponential: 4e / (1 + e)^2 with e = exp(-2|a|)
/// (no cosh, whose call costs more; no overflow: e <= 1). Not 1 - tanh^2, which cancels to 0
/// once tanh rounds to 1 (tanh'(20) is 1.7e-17, edge case 13). Within a few ulp
/// (tests/unit/test_reference.cpp).
struct sech2_op {
    static constexpr std::string_view name = "sech2";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::sech2_value(a);
    }
    // (sech^2 a)' = -2 tanh(a) sech^2(a) (sech2_slope_op).
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S& self);
};

/// (sech^2 a)'' = 2 s (2 - 3 s) with s = sech^2 a. Next to its zeros +-x0, x0 = acosh(2) / 2
/// (|a| in [0.33, 1.31], doubles), 4 s^2 sinh(|a| + x0) sinh(|a| - x0) with x0 in two doubles,
/// where 2 - 3 s cancels (26 ulp at 0.7 as 2 - 3 s, within 2 as sinh(|a| - x0): |a| - x0_hi
/// is exact there).
struct sech2_curvature_op {
    static constexpr std::string_view name = "sech2''";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        const T s = detail::sech2_value(a);
        const T m = a < T(0) ? -a : a;
        if constexpr (std::is_same_v<T, double>) {
            if (m >= 0.33 && m <= 1.31) {
                constexpr double x0_hi = 0x1.5124271980435p-1, x0_lo = -0x1.9065ed0bf9dcbp-55;
                const double near = (m - x0_hi) - x0_lo;
                return (T(4) * (s * s)) * (detail::math::sinh(m + x0_hi) * detail::math::sinh(near));
            }
        }
        return T(2) * s * (T(2) - T(3) * s);
    }
    // the third derivative of sech^2: (sech^2)' (4 - 12 sech^2).
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

/// (sech^2 a)' = -2 tanh(a) sech^2(a) from the children (a, s = sech^2 a); its derivative is
/// sech2_curvature_op, taken whole (the product rule on tanh(a) s cancels next to +-x0).
struct sech2_slope_op : printed_as_product {
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& s) {
        return T(-2) * (detail::math::tanh(a) * s);
    }
    template <std::size_t I, class A, class S, class Self>
    static constexpr auto partial(const A& a, const S&, const Self&) {
        if constexpr (I == 0)
            return apply<sech2_curvature_op>(a);
        else
            return c<0>;
    }
    static std::string format(const std::string& a, const std::string& s) { return "-2 * tanh(" + a + ") * " + s; }
};

struct tanh_op {
    static constexpr std::string_view name = "tanh";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::tanh(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

template <class A>
requires operand<A>
constexpr auto sin(const A& a) { return apply<sin_op>(a); }
template <class A>
requires operand<A>
constexpr auto cos(const A& a) { return apply<cos_op>(a); }
template <class A>
requires operand<A>
constexpr auto tan(const A& a) { return apply<tan_op>(a); }
template <class A>
requires operand<A>
constexpr auto tanh(const A& a) { return apply<tanh_op>(a); }
template <class A>
requires operand<A>
constexpr auto sech2(const A& a) { return apply<sech2_op>(a); }

template <std::size_t, class A, class S>
constexpr auto sin_op::partial(const A& a, const S&) {
    return cos(a);
}
template <std::size_t, class A, class S>
constexpr auto cos_op::partial(const A& a, const S&) {
    return -sin(a);
}
template <std::size_t, class A, class S>
constexpr auto tanh_op::partial(const A& a, const S&) {
    return sech2(a);
}
template <std::size_t, class A, class S>
constexpr auto sech2_op::partial(const A& a, const S& self) {
    return apply<sech2_slope_op>(a, self);
}
template <std::size_t, class A, class S>
constexpr auto sech2_curvature_op::partial(const A& a, const S&) {
    return apply<sech2_slope_op>(a, sech2(a)) * (c<4> - c<12> * sech2(a));
}

}  // namespace typegrad

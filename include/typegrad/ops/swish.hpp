/// @file
/// Defines swish(a) = a sigmoid(a) with its first and second derivatives as ops of their own,
/// each accurate in both tails (subnormal results included) and at +-inf.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/activations.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/trig.hpp>

#include <limits>
#include <string_view>

namespace typegrad {

namespace detail {
/// Below -708 (where e^a is subnormal or about to be) sigmoid(a) = e^a and sigmoid(-a) = 1
/// to rounding, so a term p(a) sigmoid(a) is p(a) e^a, computed as (p(a) e^(a/2)) e^(a/2):
/// the first product keeps the bits that p(a) times a subnormal e^a would lose.
inline constexpr int swish_tail = -708;

template <class T>
constexpr T times_exp_in_halves(const T& p, const T& a) {
    const T half = math::exp(a / T(2));
    return (p * half) * half;
}

/// a sigmoid(a), as written, above -708; below it a e^a in halves (swish(-745) within
/// 1 ulp); -0 at -inf, the limit, where a sigmoid(a) is -inf * 0.
template <class T>
constexpr T swish_value(const T& a) {
    if (!(a > T(swish_tail))) [[unlikely]] {
        if (a == -std::numeric_limits<T>::infinity()) return -T(0);
        return times_exp_in_halves(a, a);
    }
    return a * sigmoid_value(a);
}

/// swish'(a) = sigmoid(a) (1 + a sigmoid(-a)): (1 + a) e^a in halves below -708, 1 above
/// 708 (where a sigmoid(-a) < 1e-304 and the form as written is inf * 0 at +inf), -0 at
/// -inf (the limit). sigmoid(-a) is e^-a sigmoid(a), the e^-a of the value.
template <class T>
constexpr T swish_slope_value(const T& a) {
    if (!(a > T(swish_tail))) [[unlikely]] {
        if (a == -std::numeric_limits<T>::infinity()) return -T(0);
        return times_exp_in_halves(T(1) + a, a);
    }
    if (a > T(-swish_tail)) return T(1);
    const T s = sigmoid_value(a);
    return s * (T(1) + a * sigmoid_complement_value(a, s));
}

/// swish''(a) = sigmoid(a) sigmoid(-a) (2 - a tanh(a / 2)): (2 + a) e^a in halves below -708
/// and (2 - a) e^-a above 708 (tanh(a / 2) = -1, 1 and sigmoid(a) sigmoid(-a) = e^-|a| to
/// rounding), 0 at +-inf (the limits).
template <class T>
constexpr T swish_curvature_value(const T& a) {
    if (!(a > T(swish_tail))) [[unlikely]] {
        if (a == -std::numeric_limits<T>::infinity()) return T(0);
        return times_exp_in_halves(T(2) + a, a);
    }
    if (a > T(-swish_tail)) return a == std::numeric_limits<T>::infinity() ? T(0) : times_exp_in_halves(T(2) - a, -a);
    const T s = sigmoid_value(a);
    return (s * sigmoid_complement_value(a, s)) * (T(2) - a * math::tanh(a / T(2)));
}
}  // namespace detail

/// swish''(a), the derivative of swish_slope_op (see detail::swish_curvature_value).
struct swish_curvature_op {
    static constexpr std::string_view name = "swish''";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::swish_curvature_value(a);
    }
    // swish''' = -sigmoid'(a) (3 t - a t^2 + a sech^2(a / 2) / 2) with t = tanh(a / 2).
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

/// swish'(a), one op so that its own derivative is swish_curvature_op, and not the product
/// rule on sigmoid(a) (1 - swish(-a)), which loses the subnormal tails (3200 ulp at -745).
struct swish_slope_op {
    static constexpr std::string_view name = "swish'";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::swish_slope_value(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return apply<swish_curvature_op>(a);
    }
};

/// swish(a) = a sigmoid(a) (see detail::swish_value below -708 and at -inf).
struct swish_op {
    static constexpr std::string_view name = "swish";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::swish_value(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return apply<swish_slope_op>(a);
    }
};

template <class A>
requires operand<A>
constexpr auto swish(const A& a) { return apply<swish_op>(a); }

template <std::size_t, class A, class S>
constexpr auto swish_curvature_op::partial(const A& a, const S&) {
    const auto t = tanh(a * c<1, 2>);
    return -(detail::sigmoid_slope(a) * (c<3> * t - a * (t * t) + a * sech2(a * c<1, 2>) * c<1, 2>));
}

}  // namespace typegrad

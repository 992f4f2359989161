/// @file
/// Defines sigmoid, log_sigmoid and softplus, in their numerically stable forms.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/ops/trig.hpp>

#include <limits>
#include <string>

#include <string_view>

namespace typegrad {

namespace detail {
/// Where sigmoid and its partial change form: a > sigmoid_cut takes the fast form, built on
/// e^-a; a <= sigmoid_cut (and NaN) the form built on e^a. At -80, e^-a = 5.5e34 is finite
/// in every IEEE type from float up, so 1 + e^-a never overflows on the fast side, and below
/// it sigmoid(a) < 1.9e-35, where e^a / (1 + e^a) keeps the subnormal values that 1 / inf
/// would flush to 0. Both sides compute the same function: the cut only moves rounding,
/// and no benchmark or training input reaches it, so its branch is always predicted.
inline constexpr int sigmoid_cut = -80;

/// 1 / (1 + e^-a) above the cut, e^a / (1 + e^a) below it: no cancellation on either side
/// (within 1.5 ulp), sigmoid(800) = 1 and sigmoid(-800) = 0 without inf / inf. e^-a is
/// computed before the branch so that it dominates sigmoid_slope_op's use of it: with
/// math::exp declared const, the compiler shares one exponential between value and partial.
template <class T>
constexpr T sigmoid_value(const T& a) {
    const T e_minus_a = math::exp(-a);
    if (!(a > T(sigmoid_cut))) [[unlikely]] {
        const T e = math::exp(a);
        return e / (T(1) + e);
    }
    return T(1) / (T(1) + e_minus_a);
}
/// log(1 + e^a) = max(a, 0) + log1p(e^-|a|): exact for large |a| in both directions and
/// accurate where the naive form rounds to 0 (softplus(-40) = 4.2e-18).
template <class T>
constexpr T softplus_value(const T& a) {
    if (a > T(0)) return a + math::log1p(math::exp(-a));
    return math::log1p(math::exp(a));
}
/// sigmoid(-a) from a and s = sigmoid(a), with no exponential of its own and no cancellation:
/// e^-a s = e^-a / (1 + e^-a) above sigmoid_cut (the e^-a of the value: shared), and 1 - s
/// below it, where s < 1.9e-35 and 1 - s is exact to rounding. 1 - s everywhere would cancel
/// for large a (s rounds to 1 at a = 37: sigmoid'(40) = 4.2e-18, edge case 11, where the
/// seeds' s (1 - s) gives 0).
template <class T>
constexpr T sigmoid_complement_value(const T& a, const T& s) {
    return a > T(sigmoid_cut) ? math::exp(-a) * s : T(1) - s;
}
}  // namespace detail

/// sigmoid'(a) = sigmoid(a) sigmoid(-a) from a and s = sigmoid(a) (see sigmoid_complement_value):
/// it costs what the seeds' s (1 - s) costs, two products and a branch on a that is always
/// predicted. Its own derivative is taken as one rule, -sigmoid'(a) tanh(a / 2), because the
/// product rule on s sigmoid(-a) gives s sigmoid(-a)^2 - s^2 sigmoid(-a), which cancels near 0
/// (3.7e7 ulp at 1e-8). s is a function of a, so the whole derivative is the partial in a and
/// the partial in s is 0.
struct sigmoid_slope_op : printed_as_product {
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& s) {
        return s * detail::sigmoid_complement_value(a, s);
    }
    template <std::size_t I, class A, class S, class Self>
    static constexpr auto partial(const A& a, const S& s, const Self& self);
    /// Printed as what it is: sigmoid(a) * sigmoid(-a).
    static std::string format(const std::string& a, const std::string&) {
        const bool atom = a.find(' ') == std::string::npos;
        return "sigmoid(" + a + ") * " + (atom ? "sigmoid(-" + a + ")" : "sigmoid(-(" + a + "))");
    }
};

struct sigmoid_op {
    static constexpr std::string_view name = "sigmoid";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::sigmoid_value(a);
    }
    // sigmoid' = sigmoid(a) sigmoid(-a), with sigmoid(-a) from the stored value (see
    // sigmoid_slope_op): one exponential in all, for the value.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S& self);
};

struct softplus_op {
    static constexpr std::string_view name = "softplus";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::softplus_value(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

/// log(sigmoid(a)) = -softplus(-a): -800 at -800, -inf at -inf (edge case 12).
struct log_sigmoid_op {
    static constexpr std::string_view name = "log_sigmoid";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return -detail::softplus_value(-a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

template <class A>
requires operand<A>
constexpr auto sigmoid(const A& a) { return apply<sigmoid_op>(a); }
template <class A>
requires operand<A>
constexpr auto softplus(const A& a) { return apply<softplus_op>(a); }
template <class A>
requires operand<A>
constexpr auto log_sigmoid(const A& a) { return apply<log_sigmoid_op>(a); }

namespace detail {
/// sigmoid'(a) as an expression of a alone (for rules that use it, such as the third
/// derivative of swish).
template <class A>
requires operand<A>
constexpr auto sigmoid_slope(const A& a) { return apply<sigmoid_slope_op>(a, sigmoid(a)); }
}  // namespace detail

template <std::size_t, class A, class S>
constexpr auto sigmoid_op::partial(const A& a, const S& self) {
    return apply<sigmoid_slope_op>(a, self);
}

template <std::size_t I, class A, class S, class Self>
constexpr auto sigmoid_slope_op::partial(const A& a, const S&, const Self& self) {
    if constexpr (I == 0)
        return -(self * tanh(a * c<1, 2>));
    else
        return c<0>;
}
template <std::size_t, class A, class S>
constexpr auto softplus_op::partial(const A& a, const S&) {
    return sigmoid(a);
}
template <std::size_t, class A, class S>
constexpr auto log_sigmoid_op::partial(const A& a, const S&) {
    return sigmoid(-a);
}

}  // namespace typegrad

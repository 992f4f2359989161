/// @file Defines sigmoid, log_sigmoid, softplus and swish, in their numerically stable forms.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>

#include <string_view>

namespace typegrad {

namespace detail {
/// 1 / (1 + e^-a) for a >= 0, e^a / (1 + e^a) otherwise: never evaluates e^(large), so
/// sigmoid(-800) = 0 and sigmoid(800) = 1 without inf / inf.
template <class T>
constexpr T sigmoid_value(const T& a) {
    if (a >= T(0)) return T(1) / (T(1) + math::exp(-a));
    const T e = math::exp(a);
    return e / (T(1) + e);
}
/// log(1 + e^a) = max(a, 0) + log1p(e^-|a|): exact for large |a| in both directions and
/// accurate where the naive form rounds to 0 (softplus(-40) = 4.2e-18).
template <class T>
constexpr T softplus_value(const T& a) {
    if (a > T(0)) return a + math::log1p(math::exp(-a));
    return math::log1p(math::exp(a));
}
}  // namespace detail

struct sigmoid_op {
    static constexpr std::string_view name = "sigmoid";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) { return detail::sigmoid_value(a); }
    // sigmoid' = sigmoid(a) sigmoid(-a), not s (1 - s): 1 - s cancels to 0 once s rounds to
    // 1 (sigmoid'(40) = 4.2e-18, edge case 11).
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S& self);
};

struct softplus_op {
    static constexpr std::string_view name = "softplus";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) { return detail::softplus_value(a); }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

/// log(sigmoid(a)) = -softplus(-a): -800 at -800, -inf at -inf (edge case 12).
struct log_sigmoid_op {
    static constexpr std::string_view name = "log_sigmoid";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) { return -detail::softplus_value(-a); }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

/// swish(a) = a sigmoid(a).
struct swish_op {
    static constexpr std::string_view name = "swish";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) { return a * detail::sigmoid_value(a); }
    // swish' = sigmoid(a) (1 + a sigmoid(-a)).
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
template <class A>
    requires operand<A>
constexpr auto swish(const A& a) { return apply<swish_op>(a); }

template <std::size_t, class A, class S>
constexpr auto sigmoid_op::partial(const A& a, const S& self) { return self * sigmoid(-a); }
template <std::size_t, class A, class S>
constexpr auto softplus_op::partial(const A& a, const S&) { return sigmoid(a); }
template <std::size_t, class A, class S>
constexpr auto log_sigmoid_op::partial(const A& a, const S&) { return sigmoid(-a); }
template <std::size_t, class A, class S>
constexpr auto swish_op::partial(const A& a, const S&) { return sigmoid(a) * (c<1> + a * sigmoid(-a)); }

}  // namespace typegrad

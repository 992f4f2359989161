/// @file Defines sigmoid, log_sigmoid, softplus and swish, in their numerically stable forms.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>

#include <string>

#include <string_view>

namespace typegrad {

namespace detail {
/// 1 / (1 + e^-a): no cancellation on either side (within 1.5 ulp), and sigmoid(800) = 1,
/// sigmoid(-800) = 0 without inf / inf. Computing e^-a on both sides lets the compiler share
/// it with sigmoid_complement_op, which needs the same exponential for a > 1 (math::exp is
/// declared const). Where 1 + e^-a overflows or the quotient underflows (a < -709 in
/// double), e^a / (1 + e^a) gives the subnormal values that 1 / inf would flush to 0.
template <class T>
constexpr T sigmoid_value(const T& a) {
    const T s = T(1) / (T(1) + math::exp(-a));
    if (s == T(0)) [[unlikely]] {
        const T e = math::exp(a);
        return e / (T(1) + e);
    }
    return s;
}
/// log(1 + e^a) = max(a, 0) + log1p(e^-|a|): exact for large |a| in both directions and
/// accurate where the naive form rounds to 0 (softplus(-40) = 4.2e-18).
template <class T>
constexpr T softplus_value(const T& a) {
    if (a > T(0)) return a + math::log1p(math::exp(-a));
    return math::log1p(math::exp(a));
}
}  // namespace detail

/// sigmoid(-a) from a and s = sigmoid(a), with at most one exponential and no cancellation:
/// 1 - s for a <= 1 (exact by Sterbenz' lemma once s >= 1/2, and s < 1/2 needs none), and
/// e^-a s for a > 1, where 1 - s would cancel (s rounds to 1 at a = 37). This is what
/// makes sigmoid' = s sigmoid(-a) as cheap as the seeds' s (1 - s), and accurate in the tail
/// (sigmoid'(40) = 4.2e-18, edge case 11, where s (1 - s) gives 0).
struct sigmoid_complement_op {
    static constexpr std::string_view name = "sigmoid_complement";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a, const T& s) {
        return a <= T(1) ? T(1) - s : detail::math::exp(-a) * s;
    }
    // As a function of (a, s) on each branch: 1 - s, or e^-a s. With s = sigmoid(a) the two
    // branches are the same function, so the chain rule through both arguments gives
    // d/da sigmoid(-a) = -sigmoid(-a) sigmoid(a) on either side.
    template <std::size_t I, class A, class S, class Self>
    static constexpr auto partial(const A& a, const S& s, const Self& self);
    /// Printed as what it is: sigmoid(-a).
    static std::string format(const std::string& a) {
        return a.find(' ') == std::string::npos ? "sigmoid(-" + a + ")" : "sigmoid(-(" + a + "))";
    }
};

struct sigmoid_op {
    static constexpr std::string_view name = "sigmoid";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) { return detail::sigmoid_value(a); }
    // sigmoid' = sigmoid(a) sigmoid(-a), with sigmoid(-a) from the stored value (see
    // sigmoid_complement_op): one exponential in all, for the value.
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

template <class A, class S>
    requires operand<A> && operand<S>
constexpr auto sigmoid_complement(const A& a, const S& s) { return apply<sigmoid_complement_op>(a, s); }

template <std::size_t, class A, class S>
constexpr auto sigmoid_op::partial(const A& a, const S& self) { return self * sigmoid_complement(a, self); }

template <std::size_t I, class A, class S, class Self>
constexpr auto sigmoid_complement_op::partial(const A& a, const S&, const Self& self) {
    if constexpr (I == 0) return where_positive(a - c<1>, -self, c<0>);
    else return where_positive(a - c<1>, exp(-a), c<-1>);
}
template <std::size_t, class A, class S>
constexpr auto softplus_op::partial(const A& a, const S&) { return sigmoid(a); }
template <std::size_t, class A, class S>
constexpr auto log_sigmoid_op::partial(const A& a, const S&) { return sigmoid(-a); }
template <std::size_t, class A, class S>
constexpr auto swish_op::partial(const A& a, const S&) { return sigmoid(a) * (c<1> + a * sigmoid(-a)); }

}  // namespace typegrad

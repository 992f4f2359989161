/// @file
/// Defines sigmoid, log_sigmoid, softplus and swish, in their numerically stable forms.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>

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
/// computed before the branch so that it dominates sigmoid_complement_op's use of it: with
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
/// a sigmoid(a), as written, above -708; below it (where e^a and a e^a are subnormal or
/// about to be, and sigmoid(a) = e^a to rounding), a e^a as (a e^(a/2)) e^(a/2), which keeps
/// the bits that a times a subnormal e^a loses (swish(-745) within 1 ulp); -0 at -inf, the
/// limit, where a sigmoid(a) is -inf * 0.
template <class T>
constexpr T swish_value(const T& a) {
    if (!(a > T(-708))) [[unlikely]] {
        if (a == -std::numeric_limits<T>::infinity()) return -T(0);
        const T half = math::exp(a / T(2));
        return (a * half) * half;
    }
    return a * sigmoid_value(a);
}
}  // namespace detail

/// sigmoid(-a) from a and s = sigmoid(a), with no exponential of its own and no cancellation:
/// e^-a s = e^-a / (1 + e^-a) above detail::sigmoid_cut (the e^-a of the value: shared), and
/// 1 - s below it, where s < 1.9e-35 and 1 - s is exact to rounding. 1 - s everywhere would
/// cancel for large a (s rounds to 1 at a = 37: sigmoid'(40) = 4.2e-18, edge case 11, where
/// the seeds' s (1 - s) gives 0). This makes sigmoid' = s sigmoid(-a) cost what the seeds'
/// s (1 - s) costs: two products, and a branch on a that is always predicted.
struct sigmoid_complement_op {
    static constexpr std::string_view name = "sigmoid_complement";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& s) {
        return a > T(detail::sigmoid_cut) ? detail::math::exp(-a) * s : T(1) - s;
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
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::sigmoid_value(a);
    }
    // sigmoid' = sigmoid(a) sigmoid(-a), with sigmoid(-a) from the stored value (see
    // sigmoid_complement_op): one exponential in all, for the value.
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

/// swish(a) = a sigmoid(a) (see detail::swish_value below -708 and at -inf).
struct swish_op {
    static constexpr std::string_view name = "swish";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::swish_value(a);
    }
    // swish' = sigmoid(a) (1 + a sigmoid(-a)) = sigmoid(a) (1 - swish(-a)): 1 at +inf (swish(-inf)
    // = -0), and 0 at -inf, where the chain product's exact zero wins over 1 - inf.
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
constexpr auto sigmoid_op::partial(const A& a, const S& self) {
    return self * sigmoid_complement(a, self);
}

template <std::size_t I, class A, class S, class Self>
constexpr auto sigmoid_complement_op::partial(const A& a, const S&, const Self& self) {
    // The selector a + 80 has the sign of a - sigmoid_cut exactly (a rounded sum is 0 only
    // when the exact sum is), so it picks the branch value() picks.
    if constexpr (I == 0)
        return where_positive(a + c<-detail::sigmoid_cut>, -self, c<0>);
    else
        return where_positive(a + c<-detail::sigmoid_cut>, exp(-a), c<-1>);
}
template <std::size_t, class A, class S>
constexpr auto softplus_op::partial(const A& a, const S&) {
    return sigmoid(a);
}
template <std::size_t, class A, class S>
constexpr auto log_sigmoid_op::partial(const A& a, const S&) {
    return sigmoid(-a);
}
template <std::size_t, class A, class S>
constexpr auto swish_op::partial(const A& a, const S&) {
    return chain_mul(sigmoid(a), c<1> - swish(-a));
}

}  // namespace typegrad

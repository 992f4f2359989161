/// @file
/// Defines gauss (e^(-x^2)), erf, erfc, lgamma, digamma and trigamma.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <string_view>
#include <type_traits>

// erf' and erfc' are +-2/sqrt(pi) gauss(a), with gauss(a) = e^(-a^2) formed from the exact
// square (detail::cmath::gauss): accurate to an ulp until it underflows near |a| = 27, and
// never 0 * inf or NaN. lgamma' = digamma, digamma' = trigamma; trigamma has no rule:
// differentiating it is a compile error, so lgamma has derivatives to second order.
// Poles (0 and the negative integers): lgamma = +inf (as C), digamma = NaN (the sign of its
// infinity depends on the side), trigamma = +inf.

namespace typegrad {

struct gauss_op {
    static constexpr std::string_view name = "gauss";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::gauss(a);
    }
    // (e^(-a^2))' = -2 a e^(-a^2): chain_mul, so that a = inf (where gauss is 0) gives 0.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S& self) {
        return chain_mul(c<-2> * a, self);
    }
};

struct erf_op {
    static constexpr std::string_view name = "erf";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::erf(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct erfc_op {
    static constexpr std::string_view name = "erfc";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::erfc(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct lgamma_op {
    static constexpr std::string_view name = "lgamma";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::lgamma(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct digamma_op {
    static constexpr std::string_view name = "digamma";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::digamma(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

template <class A>
inline constexpr bool trigamma_has_no_rule = false;

struct trigamma_op {
    static constexpr std::string_view name = "trigamma";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::trigamma(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S&) {
        static_assert(trigamma_has_no_rule<A>,
                      "typegrad: trigamma has no derivative rule (lgamma is differentiable twice, digamma once)");
        return c<0>;
    }
};

template <class A>
requires operand<A>
constexpr auto gauss(const A& a) { return apply<gauss_op>(a); }
template <class A>
requires operand<A>
constexpr auto erf(const A& a) { return apply<erf_op>(a); }
template <class A>
requires operand<A>
constexpr auto erfc(const A& a) { return apply<erfc_op>(a); }
template <class A>
requires operand<A>
constexpr auto lgamma(const A& a) { return apply<lgamma_op>(a); }
template <class A>
requires operand<A>
constexpr auto digamma(const A& a) { return apply<digamma_op>(a); }
template <class A>
requires operand<A>
constexpr auto trigamma(const A& a) { return apply<trigamma_op>(a); }

template <std::size_t, class A, class S>
constexpr auto erf_op::partial(const A& a, const S&) {
    return real<1.1283791670955126> * gauss(a);
}
template <std::size_t, class A, class S>
constexpr auto erfc_op::partial(const A& a, const S&) {
    return real<-1.1283791670955126> * gauss(a);
}
template <std::size_t, class A, class S>
constexpr auto lgamma_op::partial(const A& a, const S&) {
    return digamma(a);
}
template <std::size_t, class A, class S>
constexpr auto digamma_op::partial(const A& a, const S&) {
    return trigamma(a);
}

}  // namespace typegrad

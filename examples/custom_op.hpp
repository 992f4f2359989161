// A user-defined op: "only two things need to be implemented to define a new layer" (seed
// 000): its value and its local derivative. typegrad derives every pass from them.
#pragma once

#include <typegrad.hpp>

#include <string_view>

namespace my {

namespace tg = typegrad;

// [cube]
/// cube(a) = a^3.
struct cube_op {
    static constexpr std::string_view name = "cube";               // how to_string prints it
    static constexpr tg::notation style = tg::notation::function;  // "cube(x)"

    // The value, for any scalar type T.
    template <class T>
    static constexpr T value(const T& a) {
        return a * a * a;
    }

    // The local derivative d cube(a) / da, written with typegrad's own functions so that it
    // works on numbers (numeric passes) and on expressions (symbolic derivative). `self` is
    // the op's own value (or expression), for rules such as exp' = exp.
    template <std::size_t Argument, class A, class Self>
    static constexpr auto partial(const A& a, const Self&) {
        return tg::c<3> * (a * a);
    }
};
// [cube]

/// GELU, tanh approximation: 0.5 a (1 + tanh(k (a + 0.044715 a^3))), k = sqrt(2/pi).
struct gelu_op {
    static constexpr std::string_view name = "gelu";
    static constexpr tg::notation style = tg::notation::function;
    static constexpr double k = 0.7978845608028654;
    static constexpr double c3 = 0.044715;

    template <class T>
    static constexpr T value(const T& a) {
        return T(0.5) * a * (T(1) + tg::tanh(T(k) * (a + T(c3) * a * a * a)));
    }
    // d/da = 0.5 (1 + tanh u) + 0.5 a sech^2(u) k (1 + 3 * 0.044715 a^2), u = k (a + 0.044715 a^3)
    // The rule's constants are compile-time (c<1, 2>, real<...>), not runtime doubles: they
    // are part of the type, so the rule's repeated subexpressions (u) are shared by every
    // pass, and second derivatives stay small.
    template <std::size_t Argument, class A, class Self>
    static constexpr auto partial(const A& a, const Self&) {
        const auto u = tg::real<k> * (a + tg::real<c3> * (a * a * a));
        return tg::c<1, 2> * (tg::c<1> + tg::tanh(u)) +
               tg::c<1, 2> * a * tg::sech2(u) * (tg::real<k> * (tg::c<1> + tg::real<3 * c3> * (a * a)));
    }
};

/// The user-facing functions: numbers give numbers, expressions give nodes.
// [function]
template <class A>
requires tg::operand<A>
constexpr auto cube(const A& a) { return tg::apply<cube_op>(a); }
// [function]
template <class A>
requires tg::operand<A>
constexpr auto gelu(const A& a) { return tg::apply<gelu_op>(a); }

}  // namespace my

/// @file
/// Defines the comparisons < <= > >= == != on expressions (condition nodes) and where.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <functional>
#include <string_view>
#include <type_traits>

// A comparison with an expression on either side is a condition node, whose value is 1 or 0
// (NaN compares false, as in C++). where(condition, a, b) is a if the condition holds and b
// otherwise, exactly as `condition ? a : b` in plain C++.
//
// The derivative goes to the selected branch only, and an infinite or NaN value or
// derivative in the other branch never reaches the result, in any mode:
//   - where's partials are the indicators where(condition, 1, 0) and where(condition, 0, 1),
//     so the branch not taken receives an exact 0 as its adjoint (or contributes 0 times its
//     tangent);
//   - every chain-rule product is chain_mul, in which an exact zero wins over inf and NaN,
//     and where declares no finite_on_finite, so the reverse sweep's finiteness analysis
//     keeps that zero test on every product below the branches (passes/reverse.hpp).
// So where(x > 0, sqrt(x), 0) has derivative 0 at x = -1 and at x = 0, where JAX's where
// gives NaN (its backward pass multiplies the zero cotangent by sqrt's NaN or inf partial).

namespace typegrad {

namespace detail {
template <class Compare, std::string_view const& Name>
struct comparison_op {
    static constexpr std::string_view name = Name;
    static constexpr notation style = notation::infix;
    static constexpr bool finite_on_finite = true;
    static constexpr int precedence = 0;
    static constexpr bool is_comparison = true;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return Compare{}(a, b) ? T(1) : T(0);
    }
    // A condition is piecewise constant: derivative 0.
    template <std::size_t, class A, class B, class S>
    static constexpr auto partial(const A&, const B&, const S&) {
        return c<0>;
    }
};
inline constexpr std::string_view less_name = "<", less_equal_name = "<=", greater_name = ">",
                                  greater_equal_name = ">=", equal_name = "==", not_equal_name = "!=";
}  // namespace detail

using less_op = detail::comparison_op<std::less<>, detail::less_name>;
using less_equal_op = detail::comparison_op<std::less_equal<>, detail::less_equal_name>;
using greater_op = detail::comparison_op<std::greater<>, detail::greater_name>;
using greater_equal_op = detail::comparison_op<std::greater_equal<>, detail::greater_equal_name>;
using equal_op = detail::comparison_op<std::equal_to<>, detail::equal_name>;
using not_equal_op = detail::comparison_op<std::not_equal_to<>, detail::not_equal_name>;

namespace detail {
template <class E, class F = family_of_t<E>>
inline constexpr bool is_condition = false;
template <class E, class Op, class... Cs>
inline constexpr bool is_condition<E, node_family<Op, Cs...>> = requires {
    Op::is_comparison;
};
}  // namespace detail

/// A condition node: a comparison with an expression on at least one side (`x > 0`).
template <class C>
concept condition = detail::is_condition<std::remove_cvref_t<C>>;

struct where_op {
    static constexpr std::string_view name = "where";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& condition, const T& a, const T& b) {
        return condition != T(0) ? a : b;
    }
    template <std::size_t I, class C, class A, class B, class S>
    static constexpr auto partial(const C& condition, const A&, const B&, const S&);
};

template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator<(const A& a, const B& b) { return make_node<less_op>(as_expression(a), as_expression(b)); }
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator<=(const A& a, const B& b) {
    return make_node<less_equal_op>(as_expression(a), as_expression(b));
}
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator>(const A& a, const B& b) { return make_node<greater_op>(as_expression(a), as_expression(b)); }
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator>=(const A& a, const B& b) {
    return make_node<greater_equal_op>(as_expression(a), as_expression(b));
}
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator==(const A& a, const B& b) { return make_node<equal_op>(as_expression(a), as_expression(b)); }
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator!=(const A& a, const B& b) {
    return make_node<not_equal_op>(as_expression(a), as_expression(b));
}

/// where(condition, a, b): a where the condition holds, b elsewhere; a and b are
/// expressions or numbers. The condition must be a comparison (`x > 0`).
template <class C, class A, class B>
requires operand<A> && operand<B>
constexpr auto where(const C& cond, const A& a, const B& b) {
    static_assert(condition<C> || std::is_arithmetic_v<C>,
                  "typegrad: the first argument of where must be a comparison such as x > 0");
    return apply<where_op>(cond, a, b);
}

template <std::size_t I, class C, class A, class B, class S>
constexpr auto where_op::partial(const C& cond, const A&, const B&, const S&) {
    if constexpr (I == 0)
        return c<0>;
    else if constexpr (I == 1)
        return where(cond, c<1>, c<0>);
    else
        return where(cond, c<0>, c<1>);
}

}  // namespace typegrad

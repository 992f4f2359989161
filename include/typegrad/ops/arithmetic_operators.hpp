/// @file
/// Defines the operators + - * / and unary - on expressions, tg::chain_mul, and the algebraic
/// simplifications of the arithmetic ops that the symbolic derivative relies on: constants
/// fold, 0 and 1 vanish, constants move left, products take the canonical order.
#pragma once

#include <typegrad/ops/arithmetic_ops.hpp>

namespace typegrad {

// ---- user-facing operators (found by ADL on any typegrad expression) -------------------

/// The operands of the binary operators: at least one expression, the other a number or an
/// expression. A named concept, so that the tensor operators (tensor/ops.hpp), with the
/// same parameters, can add a constraint that subsumes it and be preferred.
template <class A, class B>
concept binary_operands = (expression<A> || expression<B>)&&operand<A>&& operand<B>;

template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator+(const A& a, const B& b) { return apply<add_op>(a, b); }
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator-(const A& a, const B& b) { return apply<sub_op>(a, b); }
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator*(const A& a, const B& b) { return apply<mul_op>(a, b); }
template <class A, class B>
requires binary_operands<A, B>
constexpr auto operator/(const A& a, const B& b) { return apply<div_op>(a, b); }
template <expression A>
constexpr auto operator-(const A& a) {
    return apply<neg_op>(a);
}
template <expression A>
constexpr auto operator+(const A& a) {
    return a;
}

/// The chain-rule product, usable on numbers and expressions (see chain_mul_op). A
/// compile-time constant factor needs no zero test (0 folds to an exact zero, any other
/// constant is finite), and 1 or -1 need no multiplication at all.
template <operand A, operand B>
constexpr auto chain_mul(const A& a, const B& b) {
    if constexpr (compile_time_constant<A> && !expression<B>) {
        if constexpr (detail::is_zero<A>)
            return c<0>;
        else if constexpr (detail::is_one<A>)
            return b;
        else if constexpr (detail::is_minus_one<A>)
            return -b;
        else
            return detail::to_number<B>(a) * b;
    } else if constexpr (compile_time_constant<B> && !expression<A>) {
        if constexpr (detail::is_zero<B>)
            return c<0>;
        else if constexpr (detail::is_one<B>)
            return a;
        else if constexpr (detail::is_minus_one<B>)
            return -a;
        else
            return a * detail::to_number<A>(b);
    } else {
        return apply<chain_mul_op>(a, b);
    }
}

// ---- simplifications: constants fold, 0 and 1 vanish, constants move left -------------

namespace detail {
template <class Op, long long N1, long long D1, long long N2, long long D2>
constexpr auto fold_constants(constant<N1, D1>, constant<N2, D2>) {
    if constexpr (std::is_same_v<Op, add_op>)
        return c<N1 * D2 + N2 * D1, D1 * D2>;
    else if constexpr (std::is_same_v<Op, sub_op>)
        return c<N1 * D2 - N2 * D1, D1 * D2>;
    else if constexpr (std::is_same_v<Op, div_op>)
        return c<N1 * D2, D1 * N2>;
    else
        return c<N1 * N2, D1 * D2>;
}

/// The product node of two distinct stateless factors in the canonical order.
template <class Op, class A, class B>
constexpr auto canonical_product(const A& a, const B& b) {
    if constexpr (order_t<B, A>::value < 0)
        return make_node<Op>(b, a);
    else
        return make_node<Op>(a, b);
}
}  // namespace detail

template <expression A, expression B>
constexpr auto add_op::simplify(const A& a, const B& b) {
    // No 0 + b -> b: at b = -0 the sum is +0.
    if constexpr (compile_time_constant<A> && compile_time_constant<B>)
        return detail::fold_constants<add_op>(a, b);
    else if constexpr (detail::both_value_leaves<A, B>)
        return detail::fold_leaves<add_op>(a, b);
    else if constexpr (detail::is_node_of<B, neg_op>)
        return a - b.template child<0>();
    else
        return make_node<add_op>(a, b);
}

template <expression A, expression B>
constexpr auto sub_op::simplify(const A& a, const B& b) {
    // a - 0 is a at every a (-0 - 0 = -0); no 0 - b -> -b (+0 - +0 = +0) and no x - x -> 0
    // (NaN at +-inf and NaN).
    if constexpr (detail::is_zero<B>)
        return a;
    else if constexpr (compile_time_constant<A> && compile_time_constant<B>)
        return detail::fold_constants<sub_op>(a, b);
    else if constexpr (detail::both_value_leaves<A, B>)
        return detail::fold_leaves<sub_op>(a, b);
    else if constexpr (detail::is_node_of<B, neg_op>)
        return a + b.template child<0>();
    else
        return make_node<sub_op>(a, b);
}

template <expression A>
constexpr auto neg_op::simplify(const A& a) {
    if constexpr (compile_time_constant<A>)
        return c<-A::numerator, A::denominator>;
    else if constexpr (detail::is_real_constant_v<A>)
        return real_t<-A::value>{};
    else if constexpr (detail::is_literal_v<A>)
        return literal<0, decltype(a.value)>{-a.value};
    else if constexpr (detail::is_node_of<A, neg_op>)
        return a.template child<0>();
    else
        return make_node<neg_op>(a);
}

template <expression A, expression B>
constexpr auto mul_op::simplify(const A& a, const B& b) {
    // No 0 * b -> 0: NaN at b = +-inf or NaN, -0 at b < 0 (chain_mul's zero wins instead).
    if constexpr (compile_time_constant<A> && compile_time_constant<B>)
        return detail::fold_constants<mul_op>(a, b);
    else if constexpr (detail::is_one<A>)
        return b;
    else if constexpr (detail::is_one<B>)
        return a;
    else if constexpr (compile_time_constant<A> && compile_time_constant<B>)
        return detail::fold_constants<mul_op>(a, b);
    else if constexpr (detail::both_value_leaves<A, B>)
        return detail::fold_leaves<mul_op>(a, b);
    else if constexpr (detail::is_minus_one<A>)
        return -b;
    else if constexpr (detail::is_minus_one<B>)
        return -a;
    else if constexpr (compile_time_value<B> && !compile_time_value<A>)
        return b * a;  // constants to the left: "2 * x"
    // No reassociation (2 * (3 * x) stays as written): 6 * x rounds differently, and values
    // must be bit-identical to the plain double expression.
    else if constexpr (compile_time_constant<A> && !detail::is_zero<A> && detail::is_node_of<B, neg_op>)
        return (-a) * b.template child<0>();
    else
        return make_node<mul_op>(a, b);
}

template <expression A, expression B>
constexpr auto chain_mul_op::simplify(const A& a, const B& b) {
    // An exact zero factor wins (the op's rule); with any other compile-time constant
    // factor, 0 * inf cannot arise: plain multiplication rules apply.
    if constexpr (detail::is_zero<A> || detail::is_zero<B>)
        return c<0>;
    else if constexpr (compile_time_value<A> || compile_time_value<B>)
        return a * b;
    else if constexpr (detail::both_value_leaves<A, B>)
        return detail::fold_leaves<mul_op>(a, b);
    // The factors in the canonical order (core/canonical_order.hpp), so that like terms of a
    // derivative are one node: exact, a b and b a are the same number (and the zero test is
    // symmetric). Only stateless factors move: a literal's position is part of its type.
    else if constexpr (std::is_empty_v<A> && std::is_empty_v<B> && !TYPEGRAD_SAME_TYPE(A, B))
        return detail::canonical_product<chain_mul_op>(a, b);
    else
        return make_node<chain_mul_op>(a, b);
}

template <expression A, expression B>
constexpr auto div_op::simplify(const A& a, const B& b) {
    static_assert(!detail::is_zero<B>, "typegrad: division by the compile-time constant 0");
    // No 0 / b -> 0: NaN at b = 0 or NaN, -0 at b < 0.
    if constexpr (detail::is_one<B>)
        return a;
    else if constexpr (compile_time_constant<A> && compile_time_constant<B>)
        return detail::fold_constants<div_op>(a, b);
    else if constexpr (detail::both_value_leaves<A, B>)
        return detail::fold_leaves<div_op>(a, b);
    else if constexpr (detail::same_stateless<A, B>)
        return make_node<div_op>(a, b);  // x / x is NaN at 0: keep
    // x / 2 = 1/2 * x, but only where the reciprocal is exact in binary (a power of two), so
    // that values stay bit-identical to the plain double expression x / 3.
    else if constexpr (detail::is_power_of_two_constant<B>)
        return c<B::denominator, B::numerator> * a;
    else
        return make_node<div_op>(a, b);
}

}  // namespace typegrad

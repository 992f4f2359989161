/// @file
/// The canonical order of expressions, by structure: the order in which the symbolic
/// derivative writes the two factors of a chain-rule product, so that `exp(x) * cos(x)` and
/// `cos(x) * exp(x)` are one node (one type: computed once, printed once per occurrence).
///
/// The order compares kinds first (nodes, then variables, then run-time literals, then
/// compile-time reals and rationals), nodes by their op's printed name, then their number of
/// children, then their children from the left; variables by name; constants by value.
/// Distinct types that compare equal (two literals; two ops printed alike, such as `*` and
/// the chain-rule product) keep the order they were written in. The order depends only on
/// the structure and the names, never on the compiler, so printed forms agree between
/// compilers.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad::detail {

/// The rank of E's kind: nodes first, then variables, literals, reals and rationals.
template <class E>
consteval int order_kind() {
    if constexpr (is_node_v<E>)
        return 0;
    else if constexpr (is_variable_v<E>)
        return 1;
    else if constexpr (is_literal_v<E>)
        return 2;
    else if constexpr (is_real_constant_v<E>)
        return 3;
    else if constexpr (is_constant_v<E>)
        return 4;
    else
        return 5;
}

template <class T>
consteval int order_sign(T a, T b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

template <class Op>
consteval std::string_view order_name() {
    if constexpr (requires { std::string_view(Op::name); })
        return std::string_view(Op::name);
    else
        return {};
}

/// The order of two leaves of one kind (literals: 0, their values are not known here).
template <class A, class B>
consteval int leaf_order() {
    if constexpr (order_kind<A>() != order_kind<B>())
        return order_sign(order_kind<A>(), order_kind<B>());
    else if constexpr (is_variable_v<A>)
        return order_sign(A::name.view(), B::name.view());
    else if constexpr (is_real_constant_v<A>)
        return order_sign(A::value, B::value);
    else if constexpr (is_constant_v<A>)
        return order_sign(static_cast<long double>(A::numerator) / static_cast<long double>(A::denominator),
                          static_cast<long double>(B::numerator) / static_cast<long double>(B::denominator));
    else
        return 0;
}

/// order_t<A, B>::value is -1 when A comes before B in the canonical order, 1 when after, 0
/// when neither. A class, not a variable template (see core/graph.hpp): memoized per pair.
template <class A, class B, class FA = family_of_t<A>, class FB = family_of_t<B>>
struct order_t : std::integral_constant<int, leaf_order<A, B>()> {};

/// Children compared from the left; the first difference decides.
template <class As, class Bs>
struct children_order_t : std::integral_constant<int, 0> {};
template <class A0, class... As, class B0, class... Bs>
struct children_order_t<list<A0, As...>, list<B0, Bs...>>
    : std::conditional_t<order_t<A0, B0>::value != 0, order_t<A0, B0>, children_order_t<list<As...>, list<Bs...>>> {};
template <class A0, class... As, class... Bs>
struct children_order_t<list<A0, As...>, list<A0, Bs...>> : children_order_t<list<As...>, list<Bs...>> {};

/// The order of two ops by their printed names (a class over the ops alone: small names).
template <class OpA, class OpB>
struct op_order : std::integral_constant<int, order_sign(order_name<OpA>(), order_name<OpB>())> {};

template <class A, class B, class OpA, class... As, class OpB, class... Bs>
struct order_t<A, B, node_family<OpA, As...>, node_family<OpB, Bs...>>
    : std::conditional_t<op_order<OpA, OpB>::value != 0, op_order<OpA, OpB>,
                         std::conditional_t<sizeof...(As) != sizeof...(Bs),
                                            std::integral_constant<int, sizeof...(As) < sizeof...(Bs) ? -1 : 1>,
                                            children_order_t<list<As...>, list<Bs...>>>> {};

}  // namespace typegrad::detail

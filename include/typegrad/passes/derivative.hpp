/// @file
/// Defines typegrad::derivative, the symbol-to-symbol derivative: a new expression type.
#pragma once

#include <typegrad/core/graph.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <type_traits>
#include <utility>

namespace typegrad {

namespace detail {

template <class X, class E>
constexpr auto derivative_of(const E& e);

/// Sums terms left to right; the exact zeros of chain_mul (terms with no dependence) vanish
/// here, in the derivative only: operator+ keeps a user's x + 0 (+0 at x = -0).
constexpr auto sum_terms() { return c<0>; }
template <class T0, class... Ts>
constexpr auto sum_terms(const T0& t0, const Ts&... ts) {
    if constexpr (sizeof...(Ts) == 0)
        return t0;
    else if constexpr (detail::is_zero<T0>)
        return sum_terms(ts...);
    else if constexpr (detail::is_zero<decltype(sum_terms(ts...))>)
        return t0;
    else
        return t0 + sum_terms(ts...);
}

/// Op's partial S with the children themselves as arguments: an expression.
template <std::size_t S, class E, std::size_t... J>
constexpr auto symbolic_partial(const E& e, std::index_sequence<J...>) {
    return E::op::template partial<S>(e.template child<J>()..., e);
}

/// One term of the chain rule, partial_S * d(child_S)/dX, or the constant 0 when child S
/// does not depend on X (then no partial is formed at all).
template <class X, std::size_t S, class E>
constexpr auto chain_term(const E& e) {
    if constexpr (!depends_on_t<at_t<S, typename E::children>, X>::value)
        return c<0>;
    else
        return typegrad::chain_mul(symbolic_partial<S>(e, std::make_index_sequence<E::children::size>{}),
                                   derivative_of<X>(e.template child<S>()));
}

/// d(op(c_0..c_n))/dX = sum_i partial_i(c_0..c_n, self) * d(c_i)/dX: the chain rule on
/// expressions, with each op's partials taken from the same rule the numeric passes use.
template <class X, class E, std::size_t... S>
constexpr auto derivative_of_node(const E& e, std::index_sequence<S...>) {
    return sum_terms(chain_term<X, S>(e)...);
}

/// The derivative of E with respect to X. Each level of the graph costs three nested
/// instantiations (derivative_of, derivative_of_node, chain_term): g++'s default depth of
/// 900 allows graphs about 300 levels deep. A stateless expression usually has a stateless
/// derivative: then only its type is computed (memoized per node type, so a shared DAG
/// costs its unique nodes) and no work is done at run time or in constant evaluation.
template <class X, class E>
constexpr auto derivative_of(const E& e) {
    if constexpr (std::is_same_v<E, X>) {
        return c<1>;
    } else if constexpr (!depends_on_t<E, X>::value) {
        return c<0>;
    } else {
        using R = decltype(derivative_of_node<X>(e, std::make_index_sequence<E::children::size>{}));
        if constexpr (std::is_empty_v<E> && std::is_empty_v<R>)
            return R{};
        else
            return derivative_of_node<X>(e, std::make_index_sequence<E::children::size>{});
    }
}

}  // namespace detail

/// The derivative of f with respect to the variable v, as a simplified expression:
/// `derivative((x + y) * z, x)` is `z`. Differentiate it again for higher orders.
template <expression F, class V>
constexpr auto derivative(const F& f, const V&) {
    static_assert(detail::is_variable_v<V>,
                  "typegrad: derivative(f, v) differentiates with respect to a variable tg::var<\"name\">; "
                  "v is not a variable");
    if constexpr (detail::is_variable_v<V>)
        return detail::derivative_of<V>(f);
    else
        return c<0>;
}

}  // namespace typegrad

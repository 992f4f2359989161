/// @file Defines the type-level graph queries: unique nodes in topological order, variables of an expression.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

namespace typegrad::detail {

// ---- topological order --------------------------------------------------------------
// A depth-first post-order over the expression type that skips nodes already visited.
// Because a node's identity is its type, a subexpression used twice is listed once; each
// step is a class-template instantiation (memoized by the compiler) and membership is one
// fold expression, so the cost is O(unique nodes^2) at worst, never the size of the
// unfolded tree (2^k leaves for the chain q = q*q + x; see docs/compile_time.md).

template <class Visited, class E>
struct visit {
    using type = insert_t<Visited, E>;
};

template <class Visited, class Children>
struct visit_children {
    using type = Visited;
};
template <class Visited, class C0, class... Cs>
struct visit_children<Visited, list<C0, Cs...>> {
    using type = typename visit_children<typename visit<Visited, C0>::type, list<Cs...>>::type;
};

template <class Visited, class Op, class... Cs>
struct visit<Visited, node<Op, Cs...>> {
    template <bool Seen, class Dummy = void>
    struct step {
        using type = Visited;
    };
    template <class Dummy>
    struct step<false, Dummy> {
        using type = typename push_back<typename visit_children<Visited, list<Cs...>>::type, node<Op, Cs...>>::type;
    };
    using type = typename step<contains<node<Op, Cs...>, Visited>>::type;
};

/// The unique nodes of E, children before parents; E itself is last.
template <class E>
using topological_order = typename visit<list<>, E>::type;

// ---- variables ------------------------------------------------------------------------

template <class E>
struct variables_of_impl {
    using type = list<>;
};
template <fixed_string N, std::size_t... X>
struct variables_of_impl<var<N, X...>> {
    using type = list<var<N, X...>>;
};
template <class Acc, class... Cs>
struct merge_all {
    using type = Acc;
};
template <class Acc, class C0, class... Cs>
struct merge_all<Acc, C0, Cs...> {
    using type = typename merge_all<merge_t<Acc, typename variables_of_impl<C0>::type>, Cs...>::type;
};
template <class Op, class... Cs>
struct variables_of_impl<node<Op, Cs...>> {
    using type = typename merge_all<list<>, Cs...>::type;
};

/// The variables an expression depends on, in order of first appearance.
template <class E>
using variables_of = typename variables_of_impl<E>::type;

template <class E, class V>
inline constexpr bool depends_on = contains<V, variables_of<E>>;

/// True when E depends on at least one variable of the list Vs.
template <class E, class Vs>
inline constexpr bool depends_on_any = false;
template <class E, class... Vs>
inline constexpr bool depends_on_any<E, list<Vs...>> = (depends_on<E, Vs> || ...);

}  // namespace typegrad::detail

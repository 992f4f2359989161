/// @file Defines the type-level graph queries: unique nodes in topological order, variables of an expression.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

namespace typegrad::detail {

// Every query here is either a variable template defined by one rule per node kind (the
// compiler memoizes it per node type, so a shared subexpression is analysed once and the
// cost follows the unique nodes, never the 2^k leaves of the unfolded chain q = q*q + x),
// or one step per level of the graph. The nesting depth of template instantiations is one
// per level of the DAG: g++ stops at 900 (see docs/compile_time.md).

template <class E>
struct children_of {
    using type = list<>;
};
template <class Op, class... Cs>
struct children_of<node<Op, Cs...>> {
    using type = list<Cs...>;
};

/// Length of the longest path from E down to a leaf (leaves: 0). A child is always lower
/// than its parent, so sorting by height is a topological order.
template <class E>
inline constexpr std::size_t height = 0;
template <class Op, class... Cs>
inline constexpr std::size_t height<node<Op, Cs...>> = 1 + max_of_values({height<Cs>...});

/// True when E contains a variable (a subtree of constants and literals has no adjoint).
template <class E>
inline constexpr bool has_variable = is_variable_v<E>;
template <class Op, class... Cs>
inline constexpr bool has_variable<node<Op, Cs...>> = any_of_values({has_variable<Cs>...});

/// True when E depends on the variable V.
template <class E, class V>
inline constexpr bool depends_on = std::is_same_v<E, V>;
template <class Op, class... Cs, class V>
inline constexpr bool depends_on<node<Op, Cs...>, V> = any_of_values({depends_on<Cs, V>...});

/// True when E depends on at least one variable of the list Vs.
template <class E, class Vs>
inline constexpr bool depends_on_any = is_variable_v<E> && contains<E, Vs>;
template <class Op, class... Cs, class Vs>
inline constexpr bool depends_on_any<node<Op, Cs...>, Vs> = any_of_values({depends_on_any<Cs, Vs>...});

// ---- unique nodes -------------------------------------------------------------------------
// Breadth-first from the root, one level per step: the next frontier is the children of the
// current one that have not been seen. Membership is a derivation test against a type_set,
// and the frontier's children are gathered by concat (no recursion over list elements), so
// the only nesting is one instantiation per level.

template <class Seen, class Frontier>
struct collect_nodes;
template <class Seen>
struct collect_nodes<Seen, list<>> {
    using type = Seen;
};
template <class... Seen, class F0, class... Fs>
struct collect_nodes<list<Seen...>, list<F0, Fs...>> {
    using candidates = typename unique<concat_t<typename children_of<F0>::type, typename children_of<Fs>::type...>>::type;
    using seen_set = type_set<list<Seen...>>;
    template <class Candidates>
    struct fresh;
    template <class... Cs>
    struct fresh<list<Cs...>> {
        static constexpr std::array<bool, sizeof...(Cs)> keep = {!in_set<Cs, seen_set>...};
        using type = typename filter<list<Cs...>, keep>::type;
    };
    using next = typename fresh<candidates>::type;
    using type = typename collect_nodes<typename append<list<Seen...>, next>::type, next>::type;
};

/// Sorts a list of distinct nodes by height, keeping the given order among equal heights.
template <class Nodes>
struct sort_by_height;
template <class... Ns>
struct sort_by_height<list<Ns...>> {
    static constexpr std::size_t n = sizeof...(Ns);
    static constexpr std::array<std::size_t, n> order = [] {
        constexpr std::size_t h[] = {height<Ns>..., 0};
        const std::size_t top = max_of_values({height<Ns>...});
        std::array<std::size_t, n> out{};
        std::size_t j = 0;
        for (std::size_t level = 0; level <= top; ++level)  // counting sort, stable
            for (std::size_t i = 0; i < n; ++i)
                if (h[i] == level) out[j++] = i;
        return out;
    }();
    using type = typename select<list<Ns...>, typename positions_sequence<order>::type>::type;
};

/// The unique nodes of E, children before parents; E itself is last.
template <class E>
using topological_order = typename sort_by_height<typename collect_nodes<list<E>, list<E>>::type>::type;

// ---- variables ------------------------------------------------------------------------

template <class Nodes>
struct variables_in;
template <class... Ns>
struct variables_in<list<Ns...>> {
    static constexpr std::array<bool, sizeof...(Ns)> keep = {is_variable_v<Ns>...};
    using type = typename filter<list<Ns...>, keep>::type;
};

/// The variables an expression depends on (each once).
template <class E>
using variables_of = typename variables_in<topological_order<E>>::type;

}  // namespace typegrad::detail

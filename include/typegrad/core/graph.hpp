/// @file
/// Defines the type-level graph queries: unique nodes in topological order, variables of an expression.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad::detail {

// Every query here is either a variable template defined by one rule per node kind (the
// compiler memoizes it per node type, so a shared subexpression is analysed once and the
// cost follows the unique nodes, never the 2^k leaves of the unfolded chain q = q*q + x),
// or one step per level of the graph. The nesting depth of template instantiations is one
// per level of the DAG: g++ stops at 900 (see docs/compile_time.md).
//
// A node type is not a template specialization (core/expression.hpp), so each per-node
// query takes the node's family (family_of_t<E>: node_family<Op, Cs...>, or void for a
// leaf) as a defaulted last parameter and matches it there.

template <class E, class F = family_of_t<E>>
struct children_of {
    using type = list<>;
};
template <class E, class Op, class... Cs>
struct children_of<E, node_family<Op, Cs...>> {
    using type = list<Cs...>;
};

// The per-node queries are class templates deriving from integral_constant, not variable
// templates: g++ keeps every variable template instantiation as a variable named after its
// (large) arguments and processes it in its middle end; a class is only a type. The
// variable templates below them are conveniences for code outside the hot paths.

/// Length of the longest path from E down to a leaf (leaves: 0). A child is always lower
/// than its parent, so sorting by height is a topological order.
template <class E, class F = family_of_t<E>>
struct height_of : std::integral_constant<std::size_t, 0> {};
template <class E, class Op, class... Cs>
struct height_of<E, node_family<Op, Cs...>>
    : std::integral_constant<std::size_t, 1 + max_of_values({height_of<Cs>::value...})> {};

/// True when E contains a variable (a subtree of constants and literals has no adjoint).
template <class E, class F = family_of_t<E>>
struct has_variable_t : std::bool_constant<is_variable_v<E>> {};
template <class E, class Op, class... Cs>
struct has_variable_t<E, node_family<Op, Cs...>> : std::bool_constant<any_of_values({has_variable_t<Cs>::value...})> {};
template <class E>
inline constexpr bool has_variable = has_variable_t<E>::value;

/// True when E depends on the variable V.
template <class E, class V, class F = family_of_t<E>>
struct depends_on_t : std::bool_constant<TYPEGRAD_SAME_TYPE(E, V)> {};
template <class E, class V, class Op, class... Cs>
struct depends_on_t<E, V, node_family<Op, Cs...>> : std::bool_constant<any_of_values({depends_on_t<Cs, V>::value...})> {
};
template <class E, class V>
inline constexpr bool depends_on = depends_on_t<E, V>::value;

/// True when E depends on at least one variable of the list Vs.
template <class E, class Vs, class F = family_of_t<E>>
struct depends_on_any_t : std::bool_constant<false> {};
template <class V, class... Vs>
requires is_variable_v<V>
struct depends_on_any_t<V, list<Vs...>, void> : std::bool_constant<any_of_values({TYPEGRAD_SAME_TYPE(V, Vs)...})> {
};
template <class E, class Vs, class Op, class... Cs>
struct depends_on_any_t<E, Vs, node_family<Op, Cs...>>
    : std::bool_constant<any_of_values({depends_on_any_t<Cs, Vs>::value...})> {};
template <class E, class Vs>
inline constexpr bool depends_on_any = depends_on_any_t<E, Vs>::value;

// ---- unique nodes -------------------------------------------------------------------------
// Breadth-first from the root, one level per step: the next frontier is the children of the
// current one that have not been seen. Membership is a derivation test against a type_set,
// and the frontier's children are gathered by concat (no recursion over list elements), so
// the only nesting is one instantiation per level.

/// The set of nodes seen so far, one derivation step per level (the previous levels are a
/// base class), so that extending it costs the new nodes only.
template <class Previous, class New>
struct extend_set;
template <class Previous, class... Ns>
struct extend_set<Previous, list<Ns...>> : Previous, type_tag<Ns>... {};

template <class Seen, class SeenSet, class Frontier>
struct collect_nodes;
template <class Seen, class SeenSet>
struct collect_nodes<Seen, SeenSet, list<>> {
    using type = Seen;
};
template <class... Seen, class SeenSet, class F0, class... Fs>
struct collect_nodes<list<Seen...>, SeenSet, list<F0, Fs...>> {
    using candidates =
        typename unique<concat_t<typename children_of<F0>::type, typename children_of<Fs>::type...>>::type;
    template <class Candidates>
    struct fresh;
    template <class... Cs>
    struct fresh<list<Cs...>> {
        using type = typename filter<list<Cs...>, bools<!std::is_base_of<type_tag<Cs>, SeenSet>::value...>>::type;
    };
    using next = typename fresh<candidates>::type;
    using type =
        typename collect_nodes<typename append<list<Seen...>, next>::type, extend_set<SeenSet, next>, next>::type;
};

/// Sorts a list of distinct nodes by height, keeping the given order among equal heights.
template <class Nodes>
struct sort_by_height;
template <class... Ns>
struct sort_by_height<list<Ns...>> {
    static constexpr std::size_t n = sizeof...(Ns);
    static constexpr position_table<n> order = stable_order_by(std::array<std::size_t, n>{height_of<Ns>::value...});
    template <class Indices>
    struct build;
    template <std::size_t... J>
    struct build<std::index_sequence<J...>> {
        using type = list<at_t<order.at[J], list<Ns...>>...>;
    };
    using type = typename build<std::make_index_sequence<n>>::type;
};

/// The unique nodes of E, children before parents; E itself is last.
template <class E>
using topological_order =
    typename sort_by_height<typename collect_nodes<list<E>, extend_set<type_tag<void>, list<E>>, list<E>>::type>::type;

// ---- variables ------------------------------------------------------------------------

template <class Nodes>
struct variables_in;
template <class... Ns>
struct variables_in<list<Ns...>> {
    using type = typename filter<list<Ns...>, bools<is_variable_v<Ns>...>>::type;
};

/// The variables an expression depends on (each once).
template <class E>
using variables_of = typename variables_in<topological_order<E>>::type;

// ---- one name, one variable -----------------------------------------------------------

/// The diagnostic of two different variables with one name in one expression (tg::var<"A",
/// 2, 3> and tg::var<"A", 3>): the compiler shows V and W, both names with their shapes.
template <class V, class W>
struct one_name_one_variable {
    static_assert(std::is_same_v<V, W>,
                  "typegrad: two variables with one name in one expression (one_name_one_variable<V, W> "
                  "shows both, with their shapes): one name, one variable");
    static constexpr bool value = std::is_same_v<V, W>;
};

template <class V, class... Ws>
consteval std::size_t count_named_as() {
    return (std::size_t{0} + ... + (V::name == Ws::name ? 1 : 0));
}

/// True when no two of the names are equal: sorted, then compared with their neighbours
/// (n log n comparisons; a count per variable over the list was n^2, 1.4 GB at 100 variables).
template <std::size_t N>
consteval bool all_names_distinct(std::array<std::string_view, N> names) {
    std::sort(names.begin(), names.end());
    return std::adjacent_find(names.begin(), names.end()) == names.end();
}

/// True when no two of the variables Vs share a name.
template <class Vs>
inline constexpr bool names_distinct = true;
template <class... Vs>
inline constexpr bool names_distinct<list<Vs...>> =
    all_names_distinct<sizeof...(Vs)>(std::array<std::string_view, sizeof...(Vs)>{Vs::name.view()...});

/// Instantiates one_name_one_variable for the first variable of Rest named like V.
template <class V, class W, class... Rest>
constexpr void report_partner() {
    if constexpr (V::name == W::name)
        (void)one_name_one_variable<V, W>::value;
    else if constexpr (sizeof...(Rest) > 0)
        report_partner<V, Rest...>();
}
/// The one diagnostic of a failed names_distinct: the first variable with a namesake, and
/// that namesake (which comes after it).
template <class All, class Vs>
struct report_same_names;
template <class All>
struct report_same_names<All, list<>> {
    static constexpr void report() {}
};
template <class... All, class V, class... Rest>
struct report_same_names<list<All...>, list<V, Rest...>> {
    static constexpr void report() {
        if constexpr (count_named_as<V, All...>() > 1)
            report_partner<V, Rest...>();
        else
            report_same_names<list<All...>, list<Rest...>>::report();
    }
};
template <class Vs>
constexpr void report_same_names_of() {
    report_same_names<Vs, Vs>::report();
}

}  // namespace typegrad::detail

/// @file
/// Defines make_node and as_expression: building a node numbers its literals.
#pragma once

#include <typegrad/core/node.hpp>

#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

namespace typegrad {

// ---------------------------------------------------------------------------------------
// Literal numbering: every literal's index is its position among the literals of the
// whole expression, counted left to right. Building a node renumbers each child's
// literals to follow those of the children on its left (a subtree taken out of a larger
// expression is renumbered too). Expressions without runtime constants are never rewritten.

namespace detail {

// Class templates, not variable templates (see is_node_v above): literal_count_t<E>::value.
template <class E, class F = family_of_t<E>>
struct literal_count_t : std::integral_constant<std::size_t, 0> {};
template <std::size_t I, class T>
struct literal_count_t<literal<I, T>, void> : std::integral_constant<std::size_t, 1> {};
template <class E, class Op, class... Cs>
struct literal_count_t<E, node_family<Op, Cs...>>
    : std::integral_constant<std::size_t, sum_of_values({literal_count_t<Cs>::value...})> {};

/// The smallest literal index in E: indices within any subtree are contiguous, starting
/// here (0 for a freshly built expression, more for a subtree taken out of a larger one).
template <class E, class F = family_of_t<E>>
struct literal_base_t : std::integral_constant<std::size_t, 0> {};
template <std::size_t I, class T>
struct literal_base_t<literal<I, T>, void> : std::integral_constant<std::size_t, I> {};
/// The base of the first child holding a literal (0 when none does).
constexpr std::size_t first_literal_base(std::initializer_list<std::size_t> counts,
                                         std::initializer_list<std::size_t> bases) {
    const std::size_t* base = bases.begin();
    for (std::size_t count : counts) {
        if (count != 0) return *base;
        ++base;
    }
    return 0;
}
template <class E, class Op, class... Cs>
struct literal_base_t<E, node_family<Op, Cs...>>
    : std::integral_constant<std::size_t,
                             first_literal_base({literal_count_t<Cs>::value...}, {literal_base_t<Cs>::value...})> {};

/// Renumbers the literals of E to start at Base, keeping their order.
template <std::size_t Base, class E, class F = family_of_t<E>>
struct rebase {
    using type = E;
    static constexpr const E& apply(const E& e) { return e; }
};
template <std::size_t Base, std::size_t I, class T>
requires(Base != I) struct rebase<Base, literal<I, T>, void> {
    using type = literal<Base, T>;
    static constexpr type apply(const literal<I, T>& e) { return type{e.value}; }
};
template <std::size_t Base, class E, class Op, class... Cs>
requires(literal_count_t<E>::value != 0 &&
         Base != literal_base_t<E>::value) struct rebase<Base, E, node_family<Op, Cs...>> {
    // Each child keeps its position relative to the node's first literal.
    using type = node<Op, typename rebase<Base + (literal_base_t<Cs>::value - literal_base_t<E>::value), Cs>::type...>;
    static constexpr type apply(const E& e) { return apply_impl(e, std::index_sequence_for<Cs...>{}); }
    template <std::size_t... Is>
    static constexpr type apply_impl(const E& e, std::index_sequence<Is...>) {
        return type(rebase<Base + (literal_base_t<Cs>::value - literal_base_t<E>::value), Cs>::apply(
            e.template child<Is>())...);
    }
};

constexpr std::size_t prefix_sum_of(std::size_t count, std::initializer_list<std::size_t> values) {
    std::size_t sum = 0;
    for (std::size_t v : values) {
        if (count-- == 0) break;
        sum += v;
    }
    return sum;
}
template <std::size_t I>
constexpr std::size_t prefix_sum(std::initializer_list<std::size_t> values) {
    return prefix_sum_of(I, values);
}

/// Number of literals in the children before child I: where child I's literals start.
template <std::size_t I, class... Cs>
using literal_offset = std::integral_constant<std::size_t, prefix_sum<I>({literal_count_t<Cs>::value...})>;

// A free function template, not a member template of node_builder<Op, Cs...>: g++ 12 spends
// time exponential in the depth of a shared DAG when it calls a member function template
// whose parameter types are the enclosing class template's arguments (const Cs&...).
template <class Op, std::size_t... Is, class... Cs>
constexpr auto build_node(std::index_sequence<Is...>, const Cs&... cs) {
    using result = node<Op, typename rebase<literal_offset<Is, Cs...>::value, Cs>::type...>;
    // A node without runtime constants is empty: value-initialized by its trivial default
    // constructor, so that building it instantiates no constructor per node (every function
    // whose signature names a node is mangled, and the name of a deep node is long).
    if constexpr (std::is_empty<result>::value)
        return result{};
    else
        return result(rebase<literal_offset<Is, Cs...>::value, Cs>::apply(cs)...);
}

/// True when the subtree E holds the literal numbered I.
template <class E, std::size_t I, class F = family_of_t<E>>
inline constexpr bool holds_literal = false;
template <std::size_t J, class T, std::size_t I>
inline constexpr bool holds_literal<literal<J, T>, I, void> = (I == J);
template <class E, std::size_t I, class Op, class... Cs>
inline constexpr bool holds_literal<E, I, node_family<Op, Cs...>> = (holds_literal<Cs, I> || ...);

template <std::size_t Child, class List, std::size_t I>
struct child_holding;
template <std::size_t Child, class C0, class... Cs, std::size_t I>
struct child_holding<Child, list<C0, Cs...>, I> {
    static constexpr std::size_t value = holds_literal<C0, I> ? Child : child_holding<Child + 1, list<Cs...>, I>::value;
};
template <std::size_t Child, std::size_t I>
struct child_holding<Child, list<>, I> {
    static constexpr std::size_t value = Child;
};

/// Finds literal number I inside an expression object (only literals store data): a walk
/// down the one path that holds it, resolved at compile time.
template <std::size_t I, class E>
constexpr decltype(auto) find_literal(const E& e) {
    if constexpr (is_literal_v<E>) {
        static_assert(holds_literal<E, I>);
        return (e.value);
    } else {
        static_assert(holds_literal<E, I>, "typegrad internal: literal not found");
        return find_literal<I>(e.template child<child_holding<0, typename E::children, I>::value>());
    }
}

}  // namespace detail

/// Makes a node from operands; numbers become literals. This is the only way nodes are
/// built, so literal numbering is always consistent.
template <class Op, expression... Cs>
constexpr auto make_node(const Cs&... cs) {
    return detail::build_node<Op>(std::index_sequence_for<Cs...>{}, cs...);
}

/// Turns an operand into an expression: numbers become literal<0, T>.
template <operand T>
constexpr auto as_expression(const T& t) {
    if constexpr (expression<T>)
        return t;
    else
        return literal<0, std::remove_cvref_t<T>>{t};
}

}  // namespace typegrad

/// @file Defines the forward sweep shared by every numeric pass: the value of each unique node, once.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace typegrad::detail {

/// The numeric program for the unique nodes `list<Nodes...>` of one root expression:
/// node i's value is stored in slot i, computed from its children's slots. Everything is
/// resolved at compile time; at run time this is straight-line code.
template <class Nodes>
struct program;

template <class... Nodes>
struct program<list<Nodes...>> {
    using nodes = list<Nodes...>;
    static constexpr std::size_t size = sizeof...(Nodes);

    template <class E>
    static constexpr std::size_t slot_of = index_of<E, nodes>;

    template <class T>
    using values_t = std::array<T, size>;

    /// Value of one node given the values of the nodes before it.
    template <class T, class N, class Root, class Env>
    static constexpr T value_of(const Root& root, const Env& env, const values_t<T>& v) {
        if constexpr (is_variable_v<N>) {
            return static_cast<T>(env.template get<N>());
        } else if constexpr (is_constant_v<N> || is_real_constant_v<N>) {
            return to_number<T>(N{});
        } else if constexpr (is_literal_v<N>) {
            return static_cast<T>(literal_value<N>(root));
        } else {
            return value_of_node<T>(static_cast<N*>(nullptr), v);
        }
    }

    template <class T, class Op, class... Cs>
    static constexpr T value_of_node(node<Op, Cs...>*, const values_t<T>& v) {
        return static_cast<T>(Op::value(v[slot_of<Cs>]...));
    }

    template <class L, class Root>
    static constexpr decltype(auto) literal_value(const Root& root) {
        return literal_index_lookup(static_cast<L*>(nullptr), root);
    }
    template <std::size_t I, class U, class Root>
    static constexpr decltype(auto) literal_index_lookup(literal<I, U>*, const Root& root) {
        if constexpr (is_literal_v<Root>)
            return (root.value);
        else
            return find_literal<I>(root);
    }

    /// The forward sweep: every unique node evaluated once, in topological order.
    template <class T, class Root, class Env>
    static constexpr values_t<T> values(const Root& root, const Env& env) {
        values_t<T> v{};
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((v[I] = value_of<T, at_t<I, nodes>>(root, env, v)), ...);
        }(std::make_index_sequence<size>{});
        return v;
    }
};

template <class E>
using program_of = program<topological_order<E>>;

}  // namespace typegrad::detail

/// @file Defines the reverse sweep: adjoints accumulated over the unique nodes in reverse topological order.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>

#include <array>

namespace typegrad::detail {

/// Adds one use's contribution to a node's adjoint. Structural zeros (compile-time 0
/// partials) generate no code at all.
template <class T, class Contribution>
constexpr void accumulate(T& adjoint, const Contribution& contribution) {
    if constexpr (!std::is_same_v<Contribution, zero_t>) adjoint = adjoint + to_number<T>(contribution);
}

/// One use of child S by node<Op, Cs...>: adjoint(child) += upstream * partial_S.
template <class Program, class T, class Op, std::size_t S, class... Cs>
constexpr void push_to_child(const T& upstream, const typename Program::template values_t<T>& v,
                             std::array<T, Program::size>& adj) {
    using N = node<Op, Cs...>;
    using C = at_t<S, list<Cs...>>;
    if constexpr (!is_empty_list<variables_of<C>>) {
        const auto local = Op::template partial<S>(v[Program::template slot_of<Cs>]..., v[Program::template slot_of<N>]);
        accumulate(adj[Program::template slot_of<C>], chain_mul(upstream, local));
    }
}

template <class Program, class T, class Op, class... Cs>
constexpr void backpropagate_node(node<Op, Cs...>*, const typename Program::template values_t<T>& v,
                                  std::array<T, Program::size>& adj) {
    using N = node<Op, Cs...>;
    if constexpr (!is_empty_list<variables_of<N>>) {
        const T upstream = adj[Program::template slot_of<N>];
        [&]<std::size_t... S>(std::index_sequence<S...>) {
            (push_to_child<Program, T, Op, S, Cs...>(upstream, v, adj), ...);
        }(std::index_sequence_for<Cs...>{});
    }
}

/// Leaves have no children; nodes push into theirs.
template <class Program, class T, class N>
constexpr void backpropagate(N* n, const typename Program::template values_t<T>& v, std::array<T, Program::size>& adj) {
    if constexpr (is_node_v<N>) backpropagate_node<Program, T>(n, v, adj);
}

/// Reverse accumulation (seed 002): after the forward sweep has stored every node's value,
/// walk the nodes from the root down; each node pushes adjoint * local partial into each
/// child that depends on a variable. A node used twice receives the sum over its uses,
/// because its adjoint is only read once all its parents (later in topological order)
/// have been processed. Adjoints start at -0.0, the additive identity that compilers may
/// fold away (x + -0.0 == x exactly), so the first contribution costs no addition.
template <class Program, class T>
constexpr std::array<T, Program::size> adjoints(const typename Program::template values_t<T>& v) {
    std::array<T, Program::size> adj{};
    adj.fill(T(-0.0));
    adj[Program::size - 1] = T(1);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (backpropagate<Program, T>(static_cast<at_t<Program::size - 1 - I, typename Program::nodes>*>(nullptr), v, adj),
         ...);
    }(std::make_index_sequence<Program::size>{});
    return adj;
}

}  // namespace typegrad::detail

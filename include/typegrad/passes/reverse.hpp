/// @file Defines the reverse sweep: adjoints accumulated over the unique nodes in reverse topological order.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>

#include <array>
#include <cstddef>

namespace typegrad::detail {

template <class N>
struct children_of {
    using type = list<>;
};
template <class Op, class... Cs>
struct children_of<node<Op, Cs...>> {
    using type = list<Cs...>;
};

/// The use of child C that the reverse sweep reaches first: the parent latest in
/// topological order (the sweep runs from the root down), at its lowest slot holding C.
template <class Nodes, class C>
struct first_use;
template <class... Nodes, class C>
struct first_use<list<Nodes...>, C> {
    static constexpr std::size_t parent = [] {
        constexpr bool uses[] = {contains<C, typename children_of<Nodes>::type>..., false};
        std::size_t last = 0;
        for (std::size_t i = 0; i < sizeof...(Nodes); ++i)
            if (uses[i]) last = i;
        return last;
    }();
    static constexpr std::size_t slot = index_of<C, typename children_of<at_t<parent, list<Nodes...>>>::type>;
};

/// Adds one use's contribution to a node's adjoint. The first use assigns, so no addition
/// to zero is ever computed; structural zeros (compile-time 0 partials) cost nothing.
template <bool First, class T, class Contribution>
constexpr void accumulate(T& adjoint, const Contribution& contribution) {
    if constexpr (First)
        adjoint = to_number<T>(contribution);
    else if constexpr (!std::is_same_v<Contribution, zero_t>)
        adjoint = adjoint + to_number<T>(contribution);
}

/// One use of child S by node<Op, Cs...>: adjoint(child) += upstream * partial_S.
template <class Program, class T, class Op, std::size_t S, class... Cs, class Upstream>
constexpr void push_to_child(const Upstream& upstream, const typename Program::template values_t<T>& v,
                             std::array<T, Program::size>& adj) {
    using N = node<Op, Cs...>;
    using C = at_t<S, list<Cs...>>;
    if constexpr (!is_empty_list<variables_of<C>>) {
        using use = first_use<typename Program::nodes, C>;
        constexpr bool first = use::parent == Program::template slot_of<N> && use::slot == S;
        const auto local = Op::template partial<S>(v[Program::template slot_of<Cs>]..., v[Program::template slot_of<N>]);
        accumulate<first>(adj[Program::template slot_of<C>], chain_mul(upstream, local));
    }
}

/// Node N hands its adjoint to each child that depends on a variable. The root's adjoint is
/// the compile-time constant 1, so its children receive the bare partials.
template <class Program, class T, class N>
constexpr void backpropagate(const typename Program::template values_t<T>& v, std::array<T, Program::size>& adj) {
    if constexpr (is_node_v<N> && !is_empty_list<variables_of<N>>) {
        constexpr std::size_t self = Program::template slot_of<N>;
        [&]<class Op, class... Cs>(node<Op, Cs...>*) {
            [&]<std::size_t... S>(std::index_sequence<S...>) {
                if constexpr (self == Program::size - 1)
                    (push_to_child<Program, T, Op, S, Cs...>(c<1>, v, adj), ...);
                else
                    (push_to_child<Program, T, Op, S, Cs...>(adj[self], v, adj), ...);
            }(std::index_sequence_for<Cs...>{});
        }(static_cast<N*>(nullptr));
    }
}

/// Reverse accumulation (seed 002): after the forward sweep has stored every node's value,
/// walk the nodes from the root down; each node pushes adjoint * local partial into each
/// child that depends on a variable. A node used twice receives the sum over its uses,
/// because its adjoint is only read once all its parents (later in topological order)
/// have been processed.
template <class Program, class T>
constexpr std::array<T, Program::size> adjoints(const typename Program::template values_t<T>& v) {
    std::array<T, Program::size> adj{};
    adj[Program::size - 1] = T(1);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (backpropagate<Program, T, at_t<Program::size - 1 - I, typename Program::nodes>>(v, adj), ...);
    }(std::make_index_sequence<Program::size>{});
    return adj;
}

}  // namespace typegrad::detail

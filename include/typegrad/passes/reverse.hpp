/// @file
/// Defines the reverse sweep: adjoints accumulated over the unique nodes in reverse topological order.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>
#include <typegrad/passes/finiteness.hpp>

#include <array>
#include <cstddef>

namespace typegrad::detail {

/// Position of the last true value (0 when there is none).
constexpr std::size_t last_true(std::initializer_list<bool> values) {
    std::size_t i = 0, last = 0;
    for (bool v : values) {
        if (v) last = i;
        ++i;
    }
    return last;
}

/// The use of child C that the reverse sweep reaches first: the parent latest in
/// topological order (the sweep runs from the root down), at its lowest slot holding C.
/// (The tensor engine's sweep uses this form; the scalar sweep reads program::last_parent.)
template <class Nodes, class C>
struct first_use;
template <class... Nodes, class C>
struct first_use<list<Nodes...>, C> {
    static constexpr std::size_t parent = last_true({contains<C, typename children_of<Nodes>::type>...});
    static constexpr std::size_t slot = index_of<C, typename children_of<at_t<parent, list<Nodes...>>>::type>;
};

/// What one node does in the reverse sweep: the node in slot Self (an Op on the children in
/// slots S...) hands its adjoint to each child that depends on a variable (Active), the
/// first use of each child assigning (First). The root's adjoint is the constant 1. Plain:
/// the products need no zero test (finiteness_table::reverse_plain, passes/finiteness.hpp).
template <class Op, std::size_t Self, bool IsRoot, bool Plain, class Slots, class Active, class First>
struct backprop_step {};
struct no_backprop {};

template <class T>
TYPEGRAD_ALWAYS_INLINE constexpr void run_backprop(no_backprop, const T*, T*) {}

template <class Op, std::size_t Self, bool IsRoot, bool Plain, std::size_t... S, bool... Active, bool... First, class T>
TYPEGRAD_ALWAYS_INLINE constexpr void run_backprop(
    backprop_step<Op, Self, IsRoot, Plain, std::index_sequence<S...>, bools<Active...>, bools<First...>>, const T* v,
    T* adj) {
    const auto upstream = [&] {
        if constexpr (IsRoot)
            return c<1>;
        else
            return adj[Self];
    }();
    [&]<std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
        (void)in_order{0, (
                              [&]() TYPEGRAD_LAMBDA_INLINE {
                                  if constexpr (bool_at<P, Active...>) {
                                      const auto local = Op::template partial<P>(v[S]..., v[Self]);
                                      accumulate<bool_at<P, First...>>(adj[size_at<P, S...>],
                                                                       chain_product<Plain>(upstream, local));
                                  }
                              }(),
                              0)...};
    }
    (std::make_index_sequence<sizeof...(S)>{});
}

template <class Program, std::size_t Self, class N, class F = family_of_t<N>>
struct backprop_of {
    using type = no_backprop;
};
template <class Program, std::size_t Self, class N, class Op, class... Cs>
requires has_variable_t<N>::value struct backprop_of<Program, Self, N, node_family<Op, Cs...>> {
    template <class Positions>
    struct firsts;
    template <std::size_t... P>
    struct firsts<std::index_sequence<P...>> {
        using type = bools<Program::is_first_use(Self, P)...>;
    };
    using type =
        backprop_step<Op, Self, Self == Program::size - 1, finiteness_of<Program>::table.reverse_plain[Self],
                      typename child_slots_in<typename Program::pack, N>::type, bools<has_variable_t<Cs>::value...>,
                      typename firsts<std::index_sequence_for<Cs...>>::type>;
};

template <class Program, class T, class... Nodes, std::size_t... I>
TYPEGRAD_ALWAYS_INLINE constexpr void reverse_sweep(list<Nodes...>, std::index_sequence<I...>,
                                                    const std::array<T, Program::size>& v,
                                                    std::array<T, Program::size>& adj) {
    // Slot I is processed at position size - 1 - I of the braced list: root first. The
    // arrays are indexed through pointers (evaluate.hpp, run_step).
    const T* const vp = v.data();
    T* const ap = adj.data();
    (void)in_order{
        0,
        (run_backprop(
             typename backprop_of<Program, Program::size - 1 - I, at_t<Program::size - 1 - I, list<Nodes...>>>::type{},
             vp, ap),
         0)...};
}

/// Reverse accumulation (seed 002): after the forward sweep has stored every node's value,
/// walk the nodes from the root down; each node pushes adjoint * local partial into each
/// child that depends on a variable. A node used twice receives the sum over its uses,
/// because its adjoint is only read once all its parents (later in topological order)
/// have been processed. Only the slots of nodes that depend on a variable are written
/// (the caller reads the variables' slots); the array is not zero-filled at run time.
template <class Program, class T>
TYPEGRAD_ALWAYS_INLINE constexpr void adjoints(const typename Program::template values_t<T>& v,
                                               std::array<T, Program::size>& adj) {
    if (std::is_constant_evaluated()) adj = std::array<T, Program::size>{};
    adj[Program::size - 1] = T(1);
    reverse_sweep<Program, T>(typename Program::nodes{}, std::make_index_sequence<Program::size>{}, v, adj);
}

}  // namespace typegrad::detail

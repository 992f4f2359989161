/// @file
/// Defines the reverse sweep: adjoints accumulated over the unique nodes in reverse topological order.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>

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

// ---- which chain-rule products need chain_mul's zero test ----------------------------
// chain_mul keeps an exact zero factor absorbing an infinite or NaN one (edge case 17:
// y * sqrt(x) at y = 0, x = 0 has d/dx = 0, not 0 * inf). The test is only needed where a
// factor can be infinite or NaN. An op declares `static constexpr bool finite_on_finite =
// true` when, for finite operands, its value and every partial are finite (overflow
// aside): + - * exp sin tanh sigmoid relu ... do; / log sqrt log1p pow(x, real) and any op
// that does not say so do not. Then, with finite inputs and no overflow:
//   - a node's value and partials are finite when its op is finite_on_finite and all its
//     children's values are (leaves: inputs, literals and constants are finite);
//   - a node's adjoint is finite when every parent's adjoint and partials are (root: 1).
// Where both hold, upstream * partial is a product of finite numbers, the same with or
// without the test, and the sweep multiplies plainly (S1b, the sigmoid neuron, has no test
// left). Elsewhere, and wherever the graph cannot prove it, chain_mul keeps the test. At an
// infinite input or after an overflow a plain product 0 * inf is NaN, as in Stan, PyTorch
// and JAX; forward mode and the symbolic derivative keep the test everywhere (docs/api.md,
// "Zeros, infinities and NaN").

template <class Op>
inline constexpr bool finite_on_finite_v = false;
template <class Op>
    requires requires { requires bool(Op::finite_on_finite); }
inline constexpr bool finite_on_finite_v<Op> = true;

/// True for a leaf (an input, a literal or a constant) and for a node whose op is finite_on_finite.
template <class N, class F = family_of_t<N>>
struct keeps_finite : std::true_type {};
template <class N, class Op, class... Cs>
struct keeps_finite<N, node_family<Op, Cs...>> : std::bool_constant<finite_on_finite_v<Op>> {};

/// Row of one node, aligned with program::rows (entry k + 1 for child position k): true
/// where the partial is a compile-time constant (+'s 1, -'s -1), finite whatever the
/// operands, so that the child's adjoint stays finite even when a sibling's value may not be.
template <std::size_t W, class N, class F = family_of_t<N>>
struct constant_partials_row {
    static constexpr std::array<bool, W> value{};
};
template <std::size_t W, class N, class Op, class... Cs>
struct constant_partials_row<W, N, node_family<Op, Cs...>> {
    template <std::size_t... P>
    static constexpr std::array<bool, W> make(std::index_sequence<P...>) {
        std::array<bool, W> row{};
        ((row[P + 1] = compile_time_value<decltype(Op::template partial<P>((void(sizeof(Cs*)), 0.0)..., 0.0))>), ...);
        return row;
    }
    static constexpr std::array<bool, W> value = make(std::index_sequence_for<Cs...>{});
};

/// For each slot: can its products upstream * partial skip chain_mul's test (see above)?
/// rows are program::rows (count, then child slots), in topological order; keeps[i] is
/// keeps_finite of node i, constant[i] its constant_partials_row.
template <std::size_t N, std::size_t W>
consteval std::array<bool, N> plain_products(const std::array<std::array<std::size_t, W>, N>& rows,
                                             const std::array<bool, N>& keeps,
                                             const std::array<std::array<bool, W>, N>& constant) {
    std::array<bool, N> finite{};  // the node's value and partials are finite
    for (std::size_t i = 0; i < N; ++i) {
        finite[i] = keeps[i];
        for (std::size_t k = 1; k <= rows[i][0]; ++k) finite[i] = finite[i] && finite[rows[i][k]];
    }
    std::array<bool, N> adjoint_finite{};
    for (std::size_t i = 0; i < N; ++i) adjoint_finite[i] = true;
    for (std::size_t p = N; p-- > 0;)  // parents before children: the root first
        for (std::size_t k = 1; k <= rows[p][0]; ++k) {
            const std::size_t c = rows[p][k];
            adjoint_finite[c] = adjoint_finite[c] && adjoint_finite[p] && (finite[p] || constant[p][k]);
        }
    std::array<bool, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = finite[i] && adjoint_finite[i];
    return out;
}

template <class Program, class Nodes = typename Program::nodes>
struct plain_products_of;
template <class Program, class... Nodes>
struct plain_products_of<Program, list<Nodes...>> {
    static constexpr std::size_t width = Program::max_arity + 1;
    static constexpr std::array<bool, sizeof...(Nodes)> value =
        plain_products(Program::rows, std::array<bool, sizeof...(Nodes)>{keeps_finite<Nodes>::value...},
                       std::array<std::array<bool, width>, sizeof...(Nodes)>{constant_partials_row<width, Nodes>::value...});
};

/// The chain-rule product where the graph has proved both factors finite: the plain
/// product (constant factors fold as in chain_mul).
template <bool Plain, class A, class B>
TYPEGRAD_ALWAYS_INLINE constexpr auto chain_product(const A& upstream, const B& local) {
    if constexpr (Plain && !compile_time_value<A> && !compile_time_value<B>)
        return upstream * local;
    else
        return chain_mul(upstream, local);
}

/// Adds one use's contribution to a node's adjoint. The first use assigns, so no addition
/// to zero is ever computed; structural zeros (compile-time 0 partials) cost nothing.
template <bool First, class T, class Contribution>
constexpr void accumulate(T& adjoint, const Contribution& contribution) {
    if constexpr (First)
        adjoint = to_number<T>(contribution);
    else if constexpr (!std::is_same_v<Contribution, zero_t>)
        adjoint = adjoint + to_number<T>(contribution);
}

/// What one node does in the reverse sweep: the node in slot Self (an Op on the children in
/// slots S...) hands its adjoint to each child that depends on a variable (Active), the
/// first use of each child assigning (First). The root's adjoint is the constant 1. Plain:
/// the products need no zero test (plain_products).
template <class Op, std::size_t Self, bool IsRoot, bool Plain, class Slots, class Active, class First>
struct backprop_step {};
struct no_backprop {};

template <class T, std::size_t N>
TYPEGRAD_ALWAYS_INLINE constexpr void run_backprop(no_backprop, const std::array<T, N>&, std::array<T, N>&) {}

template <class Op, std::size_t Self, bool IsRoot, bool Plain, std::size_t... S, bool... Active, bool... First, class T,
          std::size_t N>
TYPEGRAD_ALWAYS_INLINE constexpr void run_backprop(backprop_step<Op, Self, IsRoot, Plain, std::index_sequence<S...>, bools<Active...>, bools<First...>>,
                            const std::array<T, N>& v, std::array<T, N>& adj) {
    const auto upstream = [&] {
        if constexpr (IsRoot)
            return c<1>;
        else
            return adj[Self];
    }();
    [&]<std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
        (void)in_order{0, ([&]() TYPEGRAD_LAMBDA_INLINE {
                               if constexpr (bool_at<P, Active...>) {
                                   const auto local = Op::template partial<P>(v[S]..., v[Self]);
                                   accumulate<bool_at<P, First...>>(adj[size_at<P, S...>], chain_product<Plain>(upstream, local));
                               }
                           }(),
                           0)...};
    }(std::make_index_sequence<sizeof...(S)>{});
}

template <class Program, std::size_t Self, class N, class F = family_of_t<N>>
struct backprop_of {
    using type = no_backprop;
};
template <class Program, std::size_t Self, class N, class Op, class... Cs>
    requires has_variable_t<N>::value
struct backprop_of<Program, Self, N, node_family<Op, Cs...>> {
    template <class Positions>
    struct firsts;
    template <std::size_t... P>
    struct firsts<std::index_sequence<P...>> {
        using type = bools<Program::is_first_use(Self, P)...>;
    };
    using type = backprop_step<Op, Self, Self == Program::size - 1, plain_products_of<Program>::value[Self],
                               typename Program::template child_slots<N>::type,
                               bools<has_variable_t<Cs>::value...>, typename firsts<std::index_sequence_for<Cs...>>::type>;
};

template <class Program, class T, class... Nodes, std::size_t... I>
TYPEGRAD_ALWAYS_INLINE constexpr void reverse_sweep(list<Nodes...>, std::index_sequence<I...>, const std::array<T, Program::size>& v,
                             std::array<T, Program::size>& adj) {
    // Slot I is processed at position size - 1 - I of the braced list: root first.
    (void)in_order{0, (run_backprop(typename backprop_of<Program, Program::size - 1 - I,
                                                         at_t<Program::size - 1 - I, list<Nodes...>>>::type{},
                                    v, adj),
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

/// @file
/// Defines the finiteness analysis of a graph (which chain-rule products need chain_mul's zero test) and the sweeps'
/// product and sum.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>

#include <array>
#include <cstddef>

namespace typegrad::detail {

// chain_mul keeps an exact zero factor absorbing an infinite or NaN one (edge case 17:
// y * sqrt(x) at y = 0, x = 0 has d/dx = 0, not 0 * inf). The test is only needed where a
// factor can be infinite or NaN. An op declares `static constexpr bool finite_on_finite =
// true` when, for finite operands, its value and every partial are finite (overflow
// aside): + - * exp sin tanh sigmoid relu ... do; / log sqrt log1p pow(x, real) and any op
// that does not say so do not. Then, with finite inputs (and finite tangents) and no overflow:
//   - a node's value and partials are finite when its op is finite_on_finite and all its
//     children's values are (leaves: inputs, literals and constants are finite);
//   - a node's adjoint is finite when every parent's adjoint and partials are (root: 1);
//   - a node's tangent is finite when every child's tangent and the partial towards it are
//     (leaves: the seeds, finite).
// Where the factors of a product are proved finite, the product is the same with or without
// the test, and the sweeps multiply plainly. Elsewhere, and wherever the graph cannot prove
// it, chain_mul keeps the test. At an infinite input or after an overflow a plain product
// 0 * inf is NaN, as in Stan, PyTorch and JAX (docs/api.md, "Zeros, infinities and NaN").
// The analysis is one table per graph, read by node index (reverse.hpp, forward.hpp).

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

/// A quotient by a compile-time constant (x / c<3>; div_op::simplify rejects c<0> and turns a
/// power of two into a product) is finite at finite operands: its value a / k and its
/// partials 1 / k and -(a / k) / k are (overflow aside). A quotient by anything else is not,
/// whatever its sign: the divisor can be 0. pow(x, n) for an `int` n stays out too (pow_n_op
/// declares nothing): its sign is known only at run time, and x^-1 at 0 is a division by 0.
template <class N, class A, class B>
requires compile_time_constant<B>
struct keeps_finite<N, node_family<div_op, A, B>> : std::true_type {
};

/// Row of one node, aligned with program::rows (entry k + 1 for child position k): true
/// where the partial is a compile-time constant (+'s 1, -'s -1), finite whatever the
/// operands, so that the product through it stays finite even when a sibling's value may not be.
/// The row depends on the op and the number of children only, so the static member that
/// holds it is named after those (a member of a class named after the node would be one
/// variable per node, with the node's long name, docs/compile_time.md).
template <std::size_t W, class Op, class Positions>
struct op_constant_partials_row {
    static constexpr std::array<bool, W> value{};
};
template <std::size_t W, class Op, std::size_t... P>
struct op_constant_partials_row<W, Op, std::index_sequence<P...>> {
    static constexpr std::array<bool, W> make() {
        std::array<bool, W> row{};
        ((row[P + 1] = compile_time_value<decltype(Op::template partial<P>((void(P), 0.0)..., 0.0))>), ...);
        return row;
    }
    static constexpr std::array<bool, W> value = make();
};
template <std::size_t W, class N, class F = family_of_t<N>>
struct constant_partials_row : op_constant_partials_row<W, void, std::index_sequence<>> {};
template <std::size_t W, class N, class Op, class... Cs>
struct constant_partials_row<W, N, node_family<Op, Cs...>>
    : op_constant_partials_row<W, Op, std::index_sequence_for<Cs...>> {};

/// The analysis of one graph of N nodes (rows of width W: count, then child slots), by node
/// index in topological order.
template <std::size_t N, std::size_t W>
struct finiteness_table {
    std::array<bool, N> value{};    ///< the node's value and partials are finite
    std::array<bool, N> adjoint{};  ///< the node's adjoint is finite
    std::array<bool, N> tangent{};  ///< the node's tangent (each lane) is finite
    /// Reverse sweep: the products adjoint(i) * partial of node i need no test.
    std::array<bool, N> reverse_plain{};
    /// Forward sweep: entry [i][k + 1] is true when partial_k(i) * tangent(child k) needs no test.
    std::array<std::array<bool, W>, N> forward_plain{};
};

/// rows are program::rows (count, then child slots), in topological order; keeps[i] is
/// keeps_finite of node i, constant[i] its constant_partials_row. The root's adjoint is the
/// seed: 1, or, for a graph run inside a larger one (a fused tensor region), the adjoint it
/// receives, finite or not as root_adjoint_finite says.
/// tangent_in[i] is false where node i's tangent is an input that may be infinite (a fused
/// tensor region's leaf whose tangent the enclosing graph does not prove finite); by default
/// every input tangent (the seeds) is finite.
template <std::size_t N, std::size_t W>
consteval finiteness_table<N, W> analyse_finiteness(const std::array<std::array<std::size_t, W>, N>& rows,
                                                    const std::array<bool, N>& keeps,
                                                    const std::array<std::array<bool, W>, N>& constant,
                                                    bool root_adjoint_finite, const std::array<bool, N>& tangent_in) {
    finiteness_table<N, W> t{};
    for (std::size_t i = 0; i < N; ++i) {  // children before parents
        t.value[i] = keeps[i];
        for (std::size_t k = 1; k <= rows[i][0]; ++k) t.value[i] = t.value[i] && t.value[rows[i][k]];
    }
    for (std::size_t i = 0; i < N; ++i) {
        t.adjoint[i] = true;
        t.tangent[i] = tangent_in[i];
        for (std::size_t k = 1; k <= rows[i][0]; ++k) {
            t.forward_plain[i][k] = (t.value[i] || constant[i][k]) && t.tangent[rows[i][k]];
            t.tangent[i] = t.tangent[i] && t.forward_plain[i][k];
        }
    }
    if constexpr (N > 0) t.adjoint[N - 1] = root_adjoint_finite;
    for (std::size_t p = N; p-- > 0;)  // parents before children: the root first
        for (std::size_t k = 1; k <= rows[p][0]; ++k) {
            const std::size_t c = rows[p][k];
            t.adjoint[c] = t.adjoint[c] && t.adjoint[p] && (t.value[p] || constant[p][k]);
        }
    for (std::size_t i = 0; i < N; ++i) t.reverse_plain[i] = t.value[i] && t.adjoint[i];
    return t;
}
template <std::size_t N, std::size_t W>
consteval finiteness_table<N, W> analyse_finiteness(const std::array<std::array<std::size_t, W>, N>& rows,
                                                    const std::array<bool, N>& keeps,
                                                    const std::array<std::array<bool, W>, N>& constant,
                                                    bool root_adjoint_finite = true) {
    std::array<bool, N> seeds_finite{};
    for (bool& b : seeds_finite) b = true;
    return analyse_finiteness(rows, keeps, constant, root_adjoint_finite, seeds_finite);
}

/// The finiteness table of a program (program_of<E>): finiteness_of<Program>::table.
template <class Program, class Nodes = typename Program::nodes>
struct finiteness_of;
template <class Program, class... Nodes>
struct finiteness_of<Program, list<Nodes...>> {
    static constexpr std::size_t width = Program::max_arity + 1;
    static constexpr finiteness_table<sizeof...(Nodes), width> table = analyse_finiteness(
        Program::rows, std::array<bool, sizeof...(Nodes)>{keeps_finite<Nodes>::value...},
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

/// Adds one term to a node's adjoint or tangent lane. The first term assigns, so no addition
/// to zero is ever computed; structural zeros (compile-time 0 partials) cost nothing.
template <bool First, class T, class Contribution>
constexpr void accumulate(T& adjoint, const Contribution& contribution) {
    if constexpr (First)
        adjoint = to_number<T>(contribution);
    else if constexpr (!std::is_same_v<Contribution, zero_t>)
        adjoint = adjoint + to_number<T>(contribution);
}

}  // namespace typegrad::detail

/// @file
/// Defines the fusion of elementwise regions: which nodes of a tensor graph are computed
/// inside one loop and never stored, the region of each stored node, and the per-element
/// scalar program that runs a region (the core's value and reverse sweeps, element by element).
#pragma once

#include <typegrad/core/graph.hpp>
#include <typegrad/passes/evaluate.hpp>
#include <typegrad/passes/finiteness.hpp>
#include <typegrad/passes/reverse.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

// A region is a set of elementwise nodes of one size (a core op applied element by element,
// operands broadcast) that the sweep runs as one loop forward and one loop backward: its
// root is stored, the nodes inside are recomputed per element and never stored, its leaves
// (variables, kernels' results, scalars, other regions' roots) are read in place. A sum or a
// squared_norm of an elementwise node used nowhere else is the root of its operand's region:
// the loop accumulates the terms, and nothing of the operand is stored (docs/design.md,
// section 7).

/// A core op applied element by element to operands of which one at least is a tensor.
template <class N, class F = detail::family_of_t<N>>
struct elementwise_node : std::false_type {};
template <class N, class Op, class... Cs>
struct elementwise_node<N, node_family<Op, Cs...>> : std::bool_constant<!tensor_op<Op> && (shape_of<N>::rank > 0)> {};

/// A reduction that sums one term per element of its operand: the op gives the term as
/// `element_term<A>`, an expression of the operand's element A (sum: A; squared_norm: A * A).
template <class N, class F = detail::family_of_t<N>>
struct summing_reduction : std::false_type {
    template <class A>
    using term = A;
};
template <class N, class Op, class C>
requires requires { typename Op::template element_term<C>; }
struct summing_reduction<N, node_family<Op, C>> : std::true_type {
    template <class A>
    using term = typename Op::template element_term<A>;
};

template <std::size_t N>
struct fusion_table {
    std::array<bool, N> interior{};  ///< computed inside its parents' regions, never stored
    std::array<bool, N> root{};      ///< the stored root of a region
};

/// rows: program::rows of the graph (count, then child slots), children before parents.
template <std::size_t N, std::size_t W>
consteval fusion_table<N> plan_fusion(const std::array<std::array<std::size_t, W>, N>& rows,
                                      const std::array<bool, N>& elementwise, const std::array<std::size_t, N>& size,
                                      const std::array<bool, N>& reduction) {
    fusion_table<N> t{};
    for (std::size_t i = 0; i + 1 < N; ++i) {
        if (!elementwise[i]) continue;
        std::size_t parents = 0, reducing = 0;
        bool same = true;
        for (std::size_t p = i + 1; p < N; ++p) {
            bool uses = false;
            for (std::size_t k = 1; k <= rows[p][0]; ++k) uses = uses || rows[p][k] == i;
            if (!uses) continue;
            ++parents;
            reducing += reduction[p] ? 1 : 0;
            same = same && elementwise[p] && size[p] == size[i];
        }
        t.interior[i] = same || (parents == 1 && reducing == 1);
    }
    for (std::size_t i = 0; i < N; ++i)
        t.root[i] = (elementwise[i] && !t.interior[i]) || (reduction[i] && t.interior[rows[i][1]]);
    return t;
}

/// 1 for the nodes of the region of root R, 2 for its leaves, 0 elsewhere.
template <std::size_t N, std::size_t W>
consteval std::array<char, N> region_marks(const std::array<std::array<std::size_t, W>, N>& rows,
                                           const std::array<bool, N>& interior, std::size_t root) {
    std::array<char, N> mark{};
    mark[root] = 1;
    for (std::size_t p = root + 1; p-- > 0;)
        if (mark[p] == 1)
            for (std::size_t k = 1; k <= rows[p][0]; ++k) {
                const std::size_t c = rows[p][k];
                mark[c] = interior[c] ? 1 : (mark[c] == 1 ? 1 : 2);
            }
    return mark;
}

template <std::size_t N>
consteval std::array<bool, N> negated(const std::array<bool, N>& a) {
    std::array<bool, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = !a[i];
    return out;
}

/// The leaves (mark 2) of a region, or its nodes (mark 1) without a reduction root `skip`.
template <std::size_t N>
consteval std::array<bool, N> marked(const std::array<char, N>& marks, char which, std::size_t skip) {
    std::array<bool, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = marks[i] == which && i != skip;
    return out;
}

template <std::size_t N>
consteval std::size_t count_true(const std::array<bool, N>& a) {
    std::size_t n = 0;
    for (bool b : a) n += b ? 1 : 0;
    return n;
}

/// The elements of List where Mask is true, in order.
template <class List, std::size_t N, std::array<bool, N> Mask>
struct masked {
    static constexpr std::size_t count = count_true(Mask);
    static constexpr detail::position_table<count> positions = detail::true_positions<count>(Mask);
    template <class J>
    struct build;
    template <std::size_t... J>
    struct build<std::index_sequence<J...>> {
        using type = list<at_t<positions.at[J], List>...>;
    };
    using type = typename build<std::make_index_sequence<count>>::type;
};

/// The fusion table of the graph whose unique nodes, children before parents, are Ns (the
/// only class here expanded over the node pack).
template <class Nodes>
struct fusion_tables;
template <class... Ns>
struct fusion_tables<list<Ns...>> {
    static constexpr std::size_t n = sizeof...(Ns);
    static constexpr fusion_table<n> table = plan_fusion(
        detail::program<list<Ns...>>::rows, std::array<bool, n>{elementwise_node<Ns>::value...},
        std::array<std::size_t, n>{shape_of<Ns>::size...}, std::array<bool, n>{summing_reduction<Ns>::value...});
};

/// The fusion of the graph whose unique nodes, children before parents, are Nodes. Its
/// per-node member templates belong to a class over the list, not over the node pack: g++
/// substitutes an enclosing pack into every instantiation of a member template
/// (bench/compile_time/notes.md, notes 8 and 15).
template <class Nodes>
struct fusion_plan {
    using all = Nodes;
    using graph = detail::program<all>;
    static constexpr std::size_t n = all::size;
    // A copy, not a reference: nvcc 13 rejects a static constexpr reference member bound to
    // another class's static member ("has already been initialized").
    static constexpr fusion_table<n> table = fusion_tables<all>::table;
    /// The nodes the sweep visits and stores: every node but the interior ones.
    using nodes = typename masked<all, n, negated(table.interior)>::type;

    template <class N>
    static constexpr bool is_root = table.root[index_of<N, all>];

    /// The region of root R: its leaves, and its nodes in topological order ending with the
    /// term (R itself, or the reduction's term of R's operand).
    template <class R>
    struct region {
        static constexpr std::size_t at = index_of<R, all>;
        static constexpr std::array<char, n> marks = region_marks(graph::rows, table.interior, at);
        using leaves = typename masked<all, n, marked(marks, 2, n)>::type;
        using operand_nodes = typename masked<all, n, marked(marks, 1, summing_reduction<R>::value ? at : n)>::type;
        /// The node whose elements the loop runs over: R, or the reduction's operand.
        using element = at_t<operand_nodes::size - 1, operand_nodes>;
        using term = typename summing_reduction<R>::template term<element>;
        using inner = std::conditional_t<std::is_same_v<term, element>, operand_nodes,
                                         typename detail::push_back<operand_nodes, term>::type>;
    };

    /// The children of a stored node in the fused graph: a region root's leaves.
    template <class N>
    struct children {
        using type = typename children_of<N>::type;
    };
    template <class N>
    requires(is_root<N>) struct children<N> {
        using type = typename region<N>::leaves;
    };
};

template <class E>
using fusion_of = fusion_plan<detail::topological_order<E>>;

}  // namespace typegrad::detail

/// @file
/// Defines the fused graph of a tensor expression: its stored nodes with their children (a
/// region root's are its leaves), the finiteness analysis of the core over it, the first use
/// of each node in the reverse sweep, and the per-element program of each region.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/finiteness.hpp>
#include <typegrad/passes/reverse.hpp>
#include <typegrad/tensor/fusion.hpp>
#include <typegrad/tensor/region.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

/// Ops whose vector-Jacobian product gives every element of the operand the same value
/// (`uniform_vjp`: sum), and ops with a kernel for that case (`backward_uniform`: matmul).
template <class Op>
concept uniform_vjp = requires {
    requires Op::uniform_vjp;
};
template <class N>
consteval bool has_uniform_vjp_op() {
    if constexpr (detail::is_node_v<N>)
        return uniform_vjp<typename N::op>;
    else
        return false;
}

/// True when every element of an operand of shape S maps to the same element of a result of
/// shape Shape (not a broadcast scalar or row): equal sizes, or, with a dynamic extent, equal
/// ranks (the call checked the extents).
template <class S, class Shape>
inline constexpr bool same_elements =
    S::fixed&& Shape::fixed ? S::size == Shape::size : S::rank == Shape::rank && !is_row_of<S, Shape>;

/// True for the family of a division by Leaf whose dividend is not Leaf.
template <class Leaf, class F>
struct divides_by : std::false_type {};
template <class Leaf, class A>
struct divides_by<Leaf, node_family<div_op, A, Leaf>> : std::bool_constant<!std::is_same_v<A, Leaf>> {};

/// Per node of a graph: its number of parents (a parent using it twice counts once), and
/// whether every parent hands it a uniform adjoint (`uniform_parent`, true without parents).
/// One pass over the rows (children before parents), not one query per node over all nodes.
template <std::size_t N>
struct parent_table {
    std::array<std::size_t, N> count{};
    std::array<bool, N> uniform{};
};
template <std::size_t N, std::size_t W>
consteval parent_table<N> tabulate_parents(const std::array<std::array<std::size_t, W>, N>& rows,
                                           const std::array<bool, N>& uniform_parent) {
    parent_table<N> t{};
    for (std::size_t i = 0; i < N; ++i) t.uniform[i] = true;
    for (std::size_t p = 0; p < N; ++p)
        for (std::size_t k = 1; k <= rows[p][0]; ++k) {
            const std::size_t c = rows[p][k];
            bool seen = false;
            for (std::size_t j = 1; j < k; ++j) seen = seen || rows[p][j] == c;
            if (seen) continue;
            ++t.count[c];
            t.uniform[c] = t.uniform[c] && uniform_parent[p];
        }
    return t;
}

/// The fused graph of E: its stored nodes, each with its children (a region root's are its
/// region's leaves), and the finiteness analysis over it.
template <class E, class Differentiated>
struct fused_graph {
    using plan = fusion_of<E>;
    using nodes = typename plan::nodes;
    template <class N>
    using children = typename plan::template children<N>::type;

    /// A sum hands its operand a uniform adjoint, unless the sum is a region's root: then its
    /// leaves receive the region's per-element adjoints.
    template <class P>
    static consteval bool uniform_parent() {
        return has_uniform_vjp_op<P>() && !plan::template is_root<P>;
    }

    /// The per-node queries of the analysis are members of this class, not of analysis
    /// (a class expanded over the node pack, whose member templates g++ would instantiate
    /// with the whole pack, bench/compile_time/notes.md, note 15).
    template <std::size_t W, class Cs>
    struct row_of;
    template <std::size_t W, class... Cs>
    struct row_of<W, list<Cs...>> {
        static constexpr std::array<std::size_t, W> value{sizeof...(Cs), index_of<Cs, nodes>...};
    };
    template <class... Rs>
    static consteval bool region_keeps(list<Rs...>*) {
        return detail::all_of_values({detail::keeps_finite<Rs>::value...});
    }
    template <class N>
    static consteval bool keeps() {
        if constexpr (plan::template is_root<N>)
            return region_keeps(static_cast<typename plan::template region<N>::inner*>(nullptr));
        else
            return detail::keeps_finite<N>::value;
    }
    template <std::size_t W, class N>
    static consteval std::array<bool, W> constant_row() {
        if constexpr (detail::is_node_v<N> && !plan::template is_root<N>) {
            if constexpr (!tensor_op<typename N::op>) return detail::constant_partials_row<W, N>::value;
        }
        return {};
    }

    template <class Ns = nodes>
    struct analysis;
    template <class... Ns>
    struct analysis<list<Ns...>> {
        static constexpr std::size_t n = sizeof...(Ns);
        static constexpr std::size_t width = detail::max_of_values({std::size_t{1}, children<Ns>::size...}) + 1;
        using row = std::array<std::size_t, width>;
        static constexpr std::array<row, n> rows{row_of<width, children<Ns>>::value...};
        static constexpr detail::finiteness_table<n, width> table =
            detail::analyse_finiteness(rows, std::array<bool, n>{keeps<Ns>()...},
                                       std::array<std::array<bool, width>, n>{constant_row<width, Ns>()...});
        static constexpr std::array<std::size_t, n> last_parent = detail::last_parents(rows);
        static constexpr parent_table<n> parents = tabulate_parents(rows, std::array<bool, n>{uniform_parent<Ns>()...});
    };
    using A = analysis<>;

    template <class N>
    static constexpr std::size_t slot = index_of<N, nodes>;

    /// Child C's first use in the reverse sweep: the last parent in topological order, at
    /// C's first position among that parent's children.
    template <class C, class N>
    static constexpr bool first_use_is(std::size_t position) {
        return A::last_parent[slot<C>] == slot<N> && index_of<C, children<N>> == position;
    }

    /// True when every parent of N hands it a uniform adjoint (all its elements equal).
    template <class N>
    struct uniform_adjoint {
        static constexpr bool value = A::parents.uniform[slot<N>];
    };
    /// The number of parents of N in the fused graph.
    template <class N>
    struct parent_count {
        static constexpr std::size_t value = A::parents.count[slot<N>];
    };

    /// True for a summing region (its root a reduction, its adjoint one scalar) whose reverse
    /// sweep runs inside its forward loop, seeded with 1, the adjoint applied when the reverse
    /// sweep reaches it: every leaf with an adjoint is a broadcast scalar (its sum over the
    /// elements is held until then) or has the root as its only parent (its adjoint, written
    /// in the loop, is scaled in place). Not over one element: a 1-element tensor keeps the
    /// scalar's bits.
    template <class R, class Ls = typename plan::template region<R>::leaves>
    struct deferred_region;
    template <class R, class... Ls>
    struct deferred_region<R, list<Ls...>> {
        using element = shape_of<typename plan::template region<R>::element>;
        template <class Leaf>
        static constexpr bool broadcast = !same_elements<shape_of<Leaf>, element> && shape_of<Leaf>::size == 1;
        static constexpr bool value =
            summing_reduction<R>::value && detail::depends_on_any<R, Differentiated> &&
            !(element::fixed && element::size == 1) &&
            (... && (!detail::depends_on_any<Ls, Differentiated> || broadcast<Ls> || parent_count<Ls>::value == 1));
    };
    template <class N>
    static consteval std::size_t held_slots() {
        if constexpr (plan::template is_root<N>) {
            if constexpr (deferred_region<N>::value) return plan::template region<N>::leaves::size;
        }
        return 0;
    }
    /// Where each deferred region keeps its broadcast leaves' sums, between the two sweeps.
    template <class Ns = nodes>
    struct held_layout;
    template <class... Ns>
    struct held_layout<list<Ns...>> {
        static constexpr std::array<std::size_t, sizeof...(Ns) + 1> offsets = [] {
            std::array<std::size_t, sizeof...(Ns) + 1> o{};
            const std::array<std::size_t, sizeof...(Ns)> c{held_slots<Ns>()...};
            for (std::size_t i = 0; i < c.size(); ++i) o[i + 1] = o[i] + c[i];
            return o;
        }();
        static constexpr std::size_t total = offsets[sizeof...(Ns)];
    };
    template <class N>
    static constexpr bool deferred = [] {
        if constexpr (plan::template is_root<N>)
            return deferred_region<N>::value;
        else
            return false;
    }();

    /// The program of the region of root R for one element; with UnitSeed, seeded with 1
    /// (a deferred region's loop, docs/design.md, section 7).
    template <class R, bool UnitSeed = false>
    struct region_of {
        using region = typename plan::template region<R>;
        using element = shape_of<typename region::element>;
        /// A leaf is factored when it needs an adjoint, is one scalar broadcast over more than
        /// one element, and the region reads it only as a divisor (a / leaf, a not the leaf):
        /// its adjoint is summed as adj * quotient and divided once (div_op::divisor_adjoint).
        template <class Leaf, class Ns = typename region::inner>
        struct factored;
        template <class Leaf, class... Ns>
        struct factored<Leaf, list<Ns...>> {
            static constexpr bool value = detail::depends_on_any<Leaf, Differentiated> &&
                                          !(element::fixed && element::size == 1) &&
                                          !same_elements<shape_of<Leaf>, element> && shape_of<Leaf>::size == 1 &&
                                          (... || divides_by<Leaf, detail::family_of_t<Ns>>::value) &&
                                          (... && (divides_by<Leaf, detail::family_of_t<Ns>>::value ||
                                                   !detail::contains<Leaf, typename children_of<Ns>::type>));
        };
        template <class Ls>
        struct leaf_flags;
        template <class... Ls>
        struct leaf_flags<list<Ls...>> {
            using finite = detail::bools<A::table.value[slot<Ls>]...>;
            using tangent_finite = detail::bools<A::table.tangent[slot<Ls>]...>;
            using factored_leaves = detail::bools<factored<Ls>::value...>;
        };
        template <class Ns>
        struct active_flags;
        template <class... Ns>
        struct active_flags<list<Ns...>> {
            using type = detail::bools<detail::depends_on_any<Ns, Differentiated>...>;
        };
        using program = region_program<
            typename region::leaves, typename region::inner,
            typename active_flags<typename detail::concat_t<typename region::leaves, typename region::inner>>::type,
            typename leaf_flags<typename region::leaves>::finite, UnitSeed || A::table.adjoint[slot<R>],
            typename leaf_flags<typename region::leaves>::tangent_finite,
            typename leaf_flags<typename region::leaves>::factored_leaves>;
    };
};

}  // namespace typegrad::detail

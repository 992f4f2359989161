/// @file
/// Defines the per-element program of a fused region: the core's value sweep and reverse
/// sweep over the region's nodes, with the region's leaves as inputs and the region root's
/// adjoint as the seed (tensor/fusion.hpp says what a region is).
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/core/node.hpp>
#include <typegrad/passes/evaluate.hpp>
#include <typegrad/passes/finiteness.hpp>
#include <typegrad/passes/reverse.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

/// A leaf's row of the program's tables (no children, no constant partials): all zeros.
template <class Leaf, class Row>
inline constexpr Row leaf_row{};

/// The program of one region, for one element: slots 0 .. L-1 hold the leaves (inputs),
/// the next ones the region's nodes in topological order, the last one its term (the
/// region's root, or a reduction's term). Active: the nodes that depend on a differentiated
/// (reverse) or seeded (forward) variable. LeafFinite: per leaf, its value is finite at
/// finite inputs. SeedFinite: the adjoint the region receives is. LeafTangentFinite: per
/// leaf, its tangent is finite at finite inputs and seeds. Factored: per leaf, it is a
/// divisor broadcast over the region's loop (fused_graph::region_of): its adjoint here is
/// the sum of adj * quotient, which the sweep divides once after the loop
/// (div_op::divisor_adjoint).
template <class Bools>
struct bool_array;
template <bool... B>
struct bool_array<detail::bools<B...>> {
    static constexpr std::array<bool, sizeof...(B)> value{B...};
};

template <class Leaves, class Inner, class Active, class LeafFinite, bool SeedFinite, class LeafTangentFinite,
          class Factored>
struct region_program;
template <class... Ls, class... Ns, class Active, bool... LeafFinite, bool SeedFinite, bool... LeafTangentFinite,
          class Factored>
struct region_program<detail::list<Ls...>, detail::list<Ns...>, Active, detail::bools<LeafFinite...>, SeedFinite,
                      detail::bools<LeafTangentFinite...>, Factored> {
    using nodes = detail::list<Ls..., Ns...>;
    static constexpr std::size_t leaves = sizeof...(Ls);
    static constexpr std::size_t size = leaves + sizeof...(Ns);
    static constexpr std::array<bool, size> active = bool_array<Active>::value;
    static constexpr std::array<bool, leaves> factored = bool_array<Factored>::value;

    template <class C>
    static constexpr std::size_t slot = detail::index_of<C, nodes>;

    static constexpr std::size_t max_arity = detail::max_of_values({std::size_t{1}, children_of<Ns>::type::size...});
    using row = std::array<std::size_t, max_arity + 1>;
    template <class N, class F = detail::family_of_t<N>>
    struct row_of;
    template <class N, class Op, class... Cs>
    struct row_of<N, node_family<Op, Cs...>> {
        static constexpr row value{sizeof...(Cs), slot<Cs>...};
    };
    static constexpr std::array<row, size> rows{leaf_row<Ls, row>..., row_of<Ns>::value...};
    static constexpr std::array<std::size_t, size> last_parent = detail::last_parents(rows);

    static constexpr detail::finiteness_table<size, max_arity + 1> finiteness = detail::analyse_finiteness(
        rows, std::array<bool, size>{LeafFinite..., detail::keeps_finite<Ns>::value...},
        std::array<std::array<bool, max_arity + 1>, size>{leaf_row<Ls, std::array<bool, max_arity + 1>>...,
                                                          detail::constant_partials_row<max_arity + 1, Ns>::value...},
        SeedFinite, std::array<bool, size>{LeafTangentFinite..., (sizeof(Ns*) > 0)...});

    /// Per node and child position (a row): true where the partial is a compile-time
    /// constant, finite and not 0 (a leaf's adjoint is then NaN exactly when the node's is).
    template <class Op, std::size_t P, class... Cs>
    static consteval bool nonzero_constant_partial() {
        using D = std::remove_cvref_t<decltype(Op::template partial<P>((void(sizeof(Cs*)), 0.0)..., 0.0))>;
        if constexpr (compile_time_value<D>) {
            const double c = detail::to_number<double>(D{});
            return c != 0.0 && c - c == 0.0;
        } else {
            return false;
        }
    }
    template <class N, class F = detail::family_of_t<N>>
    struct nonzero_row;
    template <class N, class Op, class... Cs>
    struct nonzero_row<N, node_family<Op, Cs...>> {
        static constexpr std::array<bool, max_arity + 1> value = []<std::size_t... P>(std::index_sequence<P...>) {
            return std::array<bool, max_arity + 1>{false, nonzero_constant_partial<Op, P, Cs...>()...};
        }
        (std::index_sequence_for<Cs...>{});
    };
    static constexpr std::array<std::array<bool, max_arity + 1>, size> nonzero_partials{
        leaf_row<Ls, std::array<bool, max_arity + 1>>..., nonzero_row<Ns>::value...};

    /// True when, in a sweep with every product plain, leaf k's adjoint is NaN only if the
    /// sum of some leaf marked in `summed` is: k has one use, at a node whose other child is
    /// such a leaf, both partials there constant, finite and not 0 (a NaN adjoint of the node
    /// reaches both, and a sum keeps it).
    static consteval bool nan_reaches_sum(std::size_t k, const std::array<bool, leaves>& summed) {
        std::size_t uses = 0, at = 0, position = 0;
        for (std::size_t p = leaves; p < size; ++p)
            for (std::size_t j = 1; j <= rows[p][0]; ++j)
                if (rows[p][j] == k) {
                    ++uses;
                    at = p;
                    position = j;
                }
        if (uses != 1 || !nonzero_partials[at][position]) return false;
        for (std::size_t j = 1; j <= rows[at][0]; ++j) {
            const std::size_t b = rows[at][j];
            if (j != position && b < leaves && summed[b] && active[b] && nonzero_partials[at][j]) return true;
        }
        return false;
    }

    static consteval bool is_first_use(std::size_t self, std::size_t position) {
        return detail::first_use_in(rows[self], last_parent[rows[self][position + 1]] == self, position);
    }

    /// The values of every slot, from the leaves' values.
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr std::array<T, size> values(const std::array<T, leaves>& in) {
        std::array<T, size> v;
        if (std::is_constant_evaluated()) v = std::array<T, size>{};
        for (std::size_t k = 0; k < leaves; ++k) v[k] = in[k];
        [&]<std::size_t... I>(std::index_sequence<I...>) TYPEGRAD_LAMBDA_INLINE {
            (void)detail::in_order{0, (v[leaves + I] = value_of<T>(static_cast<Ns*>(nullptr), v), 0)...};
        }
        (std::index_sequence_for<Ns...>{});
        return v;
    }

    /// True when some product of the reverse sweep keeps chain_mul's zero test (an active node
    /// the analysis does not prove finite).
    static constexpr bool guarded = [] {
        for (std::size_t k = leaves; k < size; ++k)
            if (active[k] && !finiteness.reverse_plain[k]) return true;
        return false;
    }();

    /// The adjoints of every active slot below the term, whose adjoint adj[size - 1] the
    /// caller has set: the core's reverse sweep, each product plain where the analysis allows,
    /// or, with AllPlain, every product plain. A plain product differs from chain_mul only
    /// where it is NaN, and a NaN adjoint reaches every leaf adjoint it contributes to
    /// (sums and plain products keep it), so leaf adjoints free of NaN from an AllPlain sweep
    /// equal those of the guarded one (tensor/sweep.hpp runs the guarded sweep otherwise).
    template <class T, bool AllPlain = false>
    TYPEGRAD_ALWAYS_INLINE static constexpr void adjoints(const std::array<T, size>& v, std::array<T, size>& adj) {
        [&]<std::size_t... I>(std::index_sequence<I...>) TYPEGRAD_LAMBDA_INLINE {
            (void)detail::in_order{0, (backprop<size - 1 - I, AllPlain>(v, adj), 0)...};
        }
        (std::make_index_sequence<sizeof...(Ns)>{});
    }

    /// The tangents of every active slot, whose leaves' tangents tan[0 .. leaves) the caller
    /// has set (those of inactive leaves are not read): the core's forward step, each node's
    /// tangent the sum over its active children of partial * tangent, the first term
    /// assigning, each product plain where the analysis allows.
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void tangents(const std::array<T, size>& v, std::array<T, size>& tan) {
        [&]<std::size_t... I>(std::index_sequence<I...>) TYPEGRAD_LAMBDA_INLINE {
            (void)detail::in_order{0, (tangent_of<leaves + I>(v, tan), 0)...};
        }
        (std::index_sequence_for<Ns...>{});
    }

private:
    template <std::size_t Self, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void tangent_of(const std::array<T, size>& v, std::array<T, size>& tan) {
        using N = detail::at_t<Self, nodes>;
        if constexpr (active[Self]) tangent_node<Self>(static_cast<typename N::family*>(nullptr), v, tan);
    }
    template <std::size_t Self, class Op, class... Cs, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void tangent_node(node_family<Op, Cs...>*, const std::array<T, size>& v,
                                                              std::array<T, size>& tan) {
        [&]<std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
            (void)detail::in_order{0, (tangent_term<Self, Op, P, slot<Cs>...>(v, tan), 0)...};
        }
        (std::index_sequence_for<Cs...>{});
    }
    /// True when no child before position P is active: the term of P assigns.
    template <std::size_t P, std::size_t... S>
    static consteval bool first_active() {
        const std::array<std::size_t, sizeof...(S)> slots{S...};
        for (std::size_t q = 0; q < P; ++q)
            if (active[slots[q]]) return false;
        return true;
    }
    template <std::size_t Self, class Op, std::size_t P, std::size_t... S, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void tangent_term(const std::array<T, size>& v, std::array<T, size>& tan) {
        constexpr std::size_t C = detail::size_at<P, S...>;
        if constexpr (active[C])
            detail::accumulate<first_active<P, S...>()>(tan[Self],
                                                        detail::chain_product<finiteness.forward_plain[Self][P + 1]>(
                                                            Op::template partial<P>(v[S]..., v[Self]), tan[C]));
    }

    template <class T, class N>
    TYPEGRAD_ALWAYS_INLINE static constexpr T value_of(N*, const std::array<T, size>& v) {
        return value_step<T>(static_cast<typename N::family*>(nullptr), v);
    }
    template <class T, class Op, class... Cs>
    TYPEGRAD_ALWAYS_INLINE static constexpr T value_step(node_family<Op, Cs...>*, const std::array<T, size>& v) {
        return static_cast<T>(Op::value(v[slot<Cs>]...));
    }

    template <std::size_t Self, bool AllPlain, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backprop(const std::array<T, size>& v, std::array<T, size>& adj) {
        using N = detail::at_t<Self, nodes>;
        if constexpr (active[Self])
            backprop_node<Self, AllPlain || finiteness.reverse_plain[Self]>(static_cast<typename N::family*>(nullptr),
                                                                            v, adj);
    }
    /// True when Op divides by a factored leaf (its child 1).
    template <class Op, class... Cs>
    static consteval bool divides_by_factored() {
        if constexpr (std::is_same_v<Op, div_op> && sizeof...(Cs) == 2) {
            constexpr std::size_t b = slot<detail::at_t<1, detail::list<Cs...>>>;
            if constexpr (b < leaves) return factored[b];
        }
        return false;
    }
    template <std::size_t Self, bool Plain, class Op, class... Cs, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backprop_node(node_family<Op, Cs...>*, const std::array<T, size>& v,
                                                               std::array<T, size>& adj) {
        constexpr bool divisor = divides_by_factored<Op, Cs...>();
        [&]<std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
            detail::run_backprop(detail::backprop_step<Op, Self, false, Plain, std::index_sequence<slot<Cs>...>,
                                                       detail::bools<(active[slot<Cs>] && !(divisor && P == 1))...>,
                                                       detail::bools<is_first_use(Self, P)...>>{},
                                 v.data(), adj.data());
        }
        (std::index_sequence_for<Cs...>{});
        if constexpr (divisor) {
            // The factored leaf's term: adj * quotient (div_op::divisor_adjoint divides the sum).
            constexpr std::size_t b = slot<detail::at_t<1, detail::list<Cs...>>>;
            detail::accumulate<is_first_use(Self, 1)>(adj[b], detail::chain_product<Plain>(adj[Self], v[Self]));
        }
    }
};

}  // namespace typegrad::detail

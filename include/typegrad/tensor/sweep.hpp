/// @file
/// Defines the tensor engine's sweeps: the forward sweep over the stored nodes of a tensor
/// expression and the reverse sweep of vector-Jacobian products. Each fused elementwise
/// region runs as one loop forward and one loop backward (tensor/fusion.hpp), and the core's
/// finiteness analysis decides which chain-rule products multiply plainly.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/finiteness.hpp>
#include <typegrad/tensor/extents.hpp>
#include <typegrad/tensor/fused_graph.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

/// The index into an operand of shape S of element i of a result of shape Shape: a scalar
/// operand is broadcast, a row operand (M against N x M) is repeated on every row.
template <class S, class Shape>
constexpr std::size_t element(std::size_t i) {
    if constexpr (S::size == Shape::size)
        return i;
    else if constexpr (S::size == 1)
        return 0;
    else
        return i % S::size;
}

/// g_i (=|+=) up_i * Op::partial<S>(child_i..., self_i) for a scalar node (a rank-0 node
/// outside any region): a chain_mul unless the graph proves both factors finite (Plain).
template <class Op, std::size_t S, bool Assign, bool Plain, class T, class... Ptrs>
constexpr void scalar_backward(T* g, const T* up, const T* self, Ptrs... in) {
    const auto c = detail::chain_product<Plain>(up[0], Op::template partial<S>(in[0]..., self[0]));
    if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(c)>, zero_t>)
        store<Assign>(g[0], detail::to_number<T>(c));
    else if constexpr (Assign)
        g[0] = T(0);
}

/// Tensor ops whose kernels take run-time extents (`forward_dims`, `backward_dims`).
template <class Op>
struct op_takes_dynamic_extents {
    static constexpr bool value = requires { &Op::template forward_dims<shape<1>, double>; }
    || requires { &Op::template forward_dims<shape<1>, shape<1>, double>; };
};

template <class L>
inline constexpr std::size_t literal_index = 0;
template <std::size_t I, class U>
inline constexpr std::size_t literal_index<literal<I, U>> = I;

// ---- the sweeps ---------------------------------------------------------------------------

/// The forward and reverse sweeps over the stored nodes of E, in and against topological
/// order. `values` and `adjoints` are flat arrays laid out by layout_of<E>; `gradients`
/// holds, per bound variable, where its gradient goes.
template <class E, class Env, class T>
struct sweep {
    using differentiated = typename Env::differentiated;
    using graph = fused_graph<E, differentiated>;
    using plan = typename graph::plan;
    using nodes = typename graph::nodes;
    using L = layout<nodes, differentiated>;
    using variables = typename Env::variables;

    template <class N>
    static constexpr bool needs_adjoint = detail::depends_on_any<N, differentiated>;

    const E& root;
    const Env& env;
    T* values;
    T* adjoints;
    T* const* gradients;
    /// The offsets of a call with a dynamic extent (else L's, known at compile time).
    const runtime_layout<nodes, differentiated>* offsets = nullptr;
    /// The sums of the deferred regions' broadcast leaves (graph::deferred), from the forward
    /// sweep to the reverse sweep.
    mutable std::array<T, graph::template held_layout<>::total> held{};

    template <class N>
    static constexpr std::size_t slot = index_of<N, nodes>;

    template <class N>
    constexpr std::size_t value_offset() const {
        if constexpr (L::fixed)
            return L::value_offsets[slot<N>];
        else
            return offsets->value_offsets[slot<N>];
    }
    template <class N>
    constexpr std::size_t adjoint_offset() const {
        if constexpr (L::fixed)
            return L::adjoint_offsets[slot<N>];
        else
            return offsets->adjoint_offsets[slot<N>];
    }
    /// The elements of Shape in this call.
    template <class Shape>
    constexpr std::size_t count() const {
        return element_count<Shape>(env);
    }
    /// The index into an operand of shape S of element i of a region over Shape.
    template <class S, class Shape>
    constexpr std::size_t index(std::size_t i) const {
        if constexpr (S::fixed && Shape::fixed)
            return element<S, Shape>(i);
        else if constexpr (same_elements<S, Shape>)
            return i;
        else if constexpr (S::size == 1)
            return 0;
        else
            return i % S::size;  // a row: its extents are fixed (is_row_of)
    }

    /// const T*; for a variable bound to labels (`y = labels`), the labels' const L*.
    template <class N>
    constexpr auto value() const {
        if constexpr (is_tensor_variable<N>)
            return detail::binding_for<N>(env).data;
        else
            return static_cast<const T*>(values + value_offset<N>());
    }
    template <class N>
    constexpr T* adjoint() const {
        if constexpr (detail::is_variable_v<N>)
            return gradients[index_of<N, variables>];
        else
            return adjoints + adjoint_offset<N>();
    }

    template <class Literal>
    constexpr decltype(auto) literal_value() const {
        if constexpr (detail::is_literal_v<E>)
            return (root.value);
        else
            return detail::find_literal<literal_index<Literal>>(root);
    }

    // ---- forward ----------------------------------------------------------------------------

    template <class N>
    constexpr void forward_node() const {
        if constexpr (is_tensor_variable<N>) {
            // read in place
        } else if constexpr (detail::is_variable_v<N>) {
            values[value_offset<N>()] = static_cast<T>(detail::binding_for<N>(env).value);
        } else if constexpr (detail::is_constant_v<N> || detail::is_real_constant_v<N>) {
            values[value_offset<N>()] = detail::to_number<T>(N{});
        } else if constexpr (detail::is_literal_v<N>) {
            values[value_offset<N>()] = static_cast<T>(literal_value<N>());
        } else if constexpr (plan::template is_root<N>) {
            using leaves = typename plan::template region<N>::leaves*;
            if constexpr (graph::template deferred<N>) {
                if (gradients != nullptr) return forward_backward_region<N>(static_cast<leaves>(nullptr));
            }
            forward_region<N>(static_cast<leaves>(nullptr));
        } else {
            forward_op(static_cast<typename N::family*>(nullptr));
        }
    }
    template <class Op, class... Cs>
    constexpr void forward_op(node_family<Op, Cs...>*) const {
        using N = node<Op, Cs...>;
        T* out = values + value_offset<N>();
        if constexpr (requires { typename Op::counted_shape; })
            out[0] = static_cast<T>(count<typename Op::counted_shape>());
        else if constexpr (tensor_op<Op> && !(shape_of<N>::fixed && ... && shape_of<Cs>::fixed))
            dynamic_forward<Op, Cs...>(out);
        else if constexpr (tensor_op<Op>)
            Op::template forward<shape_of<Cs>...>(out, value<Cs>()...);
        else
            out[0] = static_cast<T>(Op::value(value<Cs>()[0]...));
    }

    template <class Op, class... Cs>
    constexpr void dynamic_forward(T* out) const {
        static_assert(op_takes_dynamic_extents<Op>::value,
                      "typegrad: this tensor operation takes fixed extents only; the operations on dynamic "
                      "extents are the elementwise ones, sum, mean, dot, squared_norm, transpose, the "
                      "matrix product and logsumexp");
        if constexpr (op_takes_dynamic_extents<Op>::value)
            Op::template forward_dims<shape_of<Cs>...>({dims_of<shape_of<Cs>>(env)...}, out, value<Cs>()...);
    }

    /// The values of the leaves that are broadcast whole (a scalar against a tensor), read
    /// once before a region's loop: inside it, a store to an adjoint could alias them.
    template <class... Ls>
    constexpr std::array<T, sizeof...(Ls)> broadcast_values() const {
        return {(shape_of<Ls>::size == 1 ? value<Ls>()[0] : T(0))...};
    }
    /// The leaves' values at element i of a region over elements of shape Shape.
    template <class Shape, class... Ls>
    constexpr std::array<T, sizeof...(Ls)> leaf_values(std::size_t i, const std::array<T, sizeof...(Ls)>& fixed) const {
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return std::array<T, sizeof...(Ls)>{leaf_value<Shape, Ls, K>(i, fixed)...};
        }
        (std::index_sequence_for<Ls...>{});
    }
    template <class Shape, class Leaf, std::size_t K, std::size_t NL>
    constexpr T leaf_value(std::size_t i, const std::array<T, NL>& fixed) const {
        if constexpr (shape_of<Leaf>::size == 1)
            return fixed[K];
        else
            return value<Leaf>()[index<shape_of<Leaf>, Shape>(i)];
    }

    /// One loop: each element's term, stored (an elementwise root) or summed (a reduction).
    template <class R, class... Ls>
    constexpr void forward_region(list<Ls...>*) const {
        using region = typename plan::template region<R>;
        using program = typename graph::template region_of<R>::program;
        using Shape = shape_of<typename region::element>;
        T* out = values + value_offset<R>();
        const auto fixed = broadcast_values<Ls...>();
        if constexpr (summing_reduction<R>::value) {
            T total = program::template values<T>(leaf_values<Shape, Ls...>(0, fixed))[program::size - 1];
            for (std::size_t i = 1, n = count<Shape>(); i < n; ++i)
                total = total + program::template values<T>(leaf_values<Shape, Ls...>(i, fixed))[program::size - 1];
            out[0] = total;
        } else {
            for (std::size_t i = 0, n = count<Shape>(); i < n; ++i)
                out[i] = program::template values<T>(leaf_values<Shape, Ls...>(i, fixed))[program::size - 1];
        }
    }

    // ---- reverse ----------------------------------------------------------------------------

    /// Node N hands its adjoint to each child that depends on a variable.
    template <class N>
    constexpr void backward_node() const {
        if constexpr (detail::is_node_v<N> && needs_adjoint<N>) {
            if constexpr (graph::template deferred<N>)
                scale_region<N>(static_cast<typename plan::template region<N>::leaves*>(nullptr));
            else if constexpr (plan::template is_root<N>)
                backward_region<N>(static_cast<typename plan::template region<N>::leaves*>(nullptr));
            else
                backward_op(static_cast<typename N::family*>(nullptr));
        }
    }
    template <class Op, class... Cs>
    constexpr void backward_op(node_family<Op, Cs...>*) const {
        [&]<std::size_t... S>(std::index_sequence<S...>) { (backward_child<S, Op, Cs...>(), ...); }
        (std::index_sequence_for<Cs...>{});
    }
    template <std::size_t S, class Op, class... Cs>
    constexpr void backward_child() const {
        using N = node<Op, Cs...>;
        using C = at_t<S, list<Cs...>>;
        if constexpr (needs_adjoint<C>) {
            // Every parent of C needs an adjoint too, so all of C's uses are visited and the
            // first one in the sweep assigns.
            constexpr bool first = graph::template first_use_is<C, N>(S);
            if constexpr (tensor_op<Op> && !(shape_of<N>::fixed && ... && shape_of<Cs>::fixed)) {
                if constexpr (requires { &Op::template backward_uniform_dims<S, first, shape_of<Cs>..., T>; } &&
                              !std::is_same_v<N, E> && graph::template uniform_adjoint<N>::value)
                    Op::template backward_uniform_dims<S, first, shape_of<Cs>...>(
                        {dims_of<shape_of<Cs>>(env)...}, adjoint<C>(), adjoint<N>()[0], value<Cs>()...);
                else if constexpr (op_takes_dynamic_extents<Op>::value)
                    Op::template backward_dims<S, first, shape_of<Cs>...>({dims_of<shape_of<Cs>>(env)...}, adjoint<C>(),
                                                                          adjoint<N>(), value<Cs>()..., value<N>());
            } else if constexpr (tensor_op<Op> &&
                                 requires { &Op::template backward_uniform<S, first, shape_of<Cs>..., T>; } &&
                                 !std::is_same_v<N, E> && graph::template uniform_adjoint<N>::value)
                // A uniform upstream (sum of this node): the op's rank-one kernel.
                Op::template backward_uniform<S, first, shape_of<Cs>...>(adjoint<C>(), adjoint<N>()[0], value<Cs>()...);
            else if constexpr (tensor_op<Op>)
                Op::template backward<S, first, shape_of<Cs>...>(adjoint<C>(), adjoint<N>(), value<Cs>()...,
                                                                 value<N>());
            else
                scalar_backward<Op, S, first, graph::A::table.reverse_plain[slot<N>]>(adjoint<C>(), adjoint<N>(),
                                                                                      value<N>(), value<Cs>()...);
        }
    }

    /// One loop: each element's values again, then the region's reverse sweep seeded with
    /// the element's adjoint (a reduction: the same adjoint for every element), its leaves'
    /// adjoints scattered (a broadcast leaf receives the sum over its elements).
    template <class R, class... Ls>
    constexpr void backward_region(list<Ls...>*) const {
        using region = typename plan::template region<R>;
        using program = typename graph::template region_of<R>::program;
        using Shape = shape_of<typename region::element>;
        const T* up = adjoint<R>();
        const auto fixed = broadcast_values<Ls...>();
        const T seed = up[0];
        std::array<T, sizeof...(Ls)> totals{};
        for (std::size_t i = 0, n = count<Shape>(); i < n; ++i) {
            const auto v = program::template values<T>(leaf_values<Shape, Ls...>(i, fixed));
            std::array<T, program::size> adj;
            adj[program::size - 1] = summing_reduction<R>::value ? seed : up[i];
            program::template adjoints<T>(v, adj);
            [&]<std::size_t... K>(std::index_sequence<K...>) { (scatter<R, Ls, K, Shape>(i, adj[K], totals[K]), ...); }
            (std::index_sequence_for<Ls...>{});
        }
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((divide_total<program, K>(totals[K], fixed[K]), finish_scatter<R, Ls, K, Shape>(totals[K])), ...);
        }
        (std::index_sequence_for<Ls...>{});
    }
    /// A factored divisor's total (region_program::factored): sum adj * quotient, divided once.
    template <class Program, std::size_t K>
    static constexpr void divide_total(T& total, const T& divisor) {
        if constexpr (Program::factored[K]) total = div_op::divisor_adjoint(total, divisor);
    }
    template <class R, class Leaf, std::size_t K, class Shape>
    constexpr void scatter(std::size_t i, const T& contribution, T& total) const {
        using S = shape_of<Leaf>;
        constexpr bool first = graph::template first_use_is<Leaf, R>(K);
        if constexpr (needs_adjoint<Leaf>) {
            if constexpr (same_elements<S, Shape>) {
                store<first>(adjoint<Leaf>()[i], contribution);
            } else if constexpr (S::size == 1) {
                total = i == 0 ? contribution : total + contribution;
            } else if (first && i < S::size) {
                adjoint<Leaf>()[i] = contribution;
            } else {
                T& g = adjoint<Leaf>()[i % S::size];
                g = g + contribution;
            }
        }
    }
    /// A deferred region (graph::deferred) in one loop: each element's values, then the
    /// region's reverse sweep seeded with 1, its leaves' adjoints scattered as above. Where
    /// the region keeps chain_mul's zero test (region_program::guarded), the loop runs first
    /// with every product plain, and again with the tests only when a leaf's adjoint came out
    /// NaN: the results are those of the guarded loop (region_program::adjoints).
    template <class R, class... Ls>
    constexpr void forward_backward_region(list<Ls...>* leaves) const {
        using program = typename graph::template region_of<R, true>::program;
        if constexpr (program::guarded && std::is_floating_point_v<T>) {
            if (deferred_loop<R, true>(leaves)) return;
        }
        deferred_loop<R, false>(leaves);
    }
    /// The loop of forward_backward_region; with AllPlain, false (and nothing kept) when a
    /// leaf's adjoint is NaN.
    template <class R, bool AllPlain, class... Ls>
    constexpr bool deferred_loop(list<Ls...>*) const {
        using program = typename graph::template region_of<R, true>::program;
        using Shape = shape_of<typename plan::template region<R>::element>;
        const auto fixed = broadcast_values<Ls...>();
        std::array<T, sizeof...(Ls)> totals{};
        T probe = T(0);  // the sum of the adjoints stored element by element: NaN if one is
        const auto term = [&](std::size_t i) TYPEGRAD_LAMBDA_INLINE {
            const auto v = program::template values<T>(leaf_values<Shape, Ls...>(i, fixed));
            std::array<T, program::size> adj;
            adj[program::size - 1] = T(1);
            program::template adjoints<T, AllPlain>(v, adj);
            [&]<std::size_t... K>(std::index_sequence<K...>) TYPEGRAD_LAMBDA_INLINE {
                (scatter<R, Ls, K, Shape>(i, adj[K], totals[K]), ...);
                if constexpr (AllPlain && probing<R, Ls...>()) ((probe = probed<Ls, Shape>(probe, adj[K])), ...);
            }
            (std::index_sequence_for<Ls...>{});
            return v[program::size - 1];
        };
        T total = term(0);
        for (std::size_t i = 1, n = count<Shape>(); i < n; ++i) total = total + term(i);
        if constexpr (AllPlain) {
            bool clean = !detail::math::isnan(probe);
            for (const T& t : totals) clean = clean && !detail::math::isnan(t);
            if (!clean) [[unlikely]]
                return false;
        }
        values[value_offset<R>()] = total;
        [&]<std::size_t... K>(std::index_sequence<K...>) { (divide_total<program, K>(totals[K], fixed[K]), ...); }
        (std::index_sequence_for<Ls...>{});
        for (std::size_t k = 0; k < sizeof...(Ls); ++k) held[held_offset<R>() + k] = totals[k];
        return true;
    }
    /// A leaf whose adjoint the loop stores at each element (not a broadcast scalar's, summed).
    template <class Leaf, class Shape>
    static constexpr bool stored =
        needs_adjoint<Leaf> && !(shape_of<Leaf>::size == 1 && !same_elements<shape_of<Leaf>, Shape>);
    /// True when the loop of a deferred region needs the sum of its stored adjoints to detect
    /// a NaN: false when each stored adjoint's NaN reaches a broadcast leaf's total
    /// (region_program::nan_reaches_sum), which the loop tests anyway.
    template <class R, class... Ls>
    static consteval bool probing() {
        using program = typename graph::template region_of<R, true>::program;
        using Shape = shape_of<typename plan::template region<R>::element>;
        constexpr std::array<bool, sizeof...(Ls)> summed{(needs_adjoint<Ls> && !stored<Ls, Shape>)...};
        constexpr std::array<bool, sizeof...(Ls)> kept{stored<Ls, Shape>...};
        for (std::size_t k = 0; k < sizeof...(Ls); ++k)
            if (kept[k] && !program::nan_reaches_sum(k, summed)) return true;
        return false;
    }
    /// probe plus a leaf's adjoint at one element, when the loop stores it (not a broadcast
    /// scalar's, summed in a total).
    template <class Leaf, class Shape>
    static constexpr T probed(const T& probe, const T& contribution) {
        if constexpr (stored<Leaf, Shape>)
            return probe + contribution;
        else
            return probe;
    }
    template <class R>
    static constexpr std::size_t held_offset() {
        return graph::template held_layout<>::offsets[slot<R>];
    }
    /// The reverse step of a deferred region: its adjoint (exactly 1 at the root) times each
    /// leaf's adjoint from the loop, a product plain where the analysis proves both finite.
    template <class R, class... Ls>
    constexpr void scale_region(list<Ls...>*) const {
        using program = typename graph::template region_of<R, true>::program;
        const T seed = adjoint<R>()[0];
        [&]<std::size_t... K>(std::index_sequence<K...>) { (scale_leaf<R, Ls, K, program>(seed), ...); }
        (std::index_sequence_for<Ls...>{});
    }
    template <class R, class Leaf, std::size_t K, class Program>
    constexpr void scale_leaf(const T seed) const {  // a copy: no store through g can change it
        constexpr bool plain = graph::A::table.adjoint[slot<R>] && Program::finiteness.adjoint[K];
        const auto scaled = [&](const T& d) {
            if constexpr (std::is_same_v<R, E>)
                return d;
            else
                return detail::to_number<T>(detail::chain_product<plain>(seed, d));
        };
        if constexpr (!needs_adjoint<Leaf>) {
        } else if constexpr (graph::template deferred_region<R>::template broadcast<Leaf>) {
            store<graph::template first_use_is<Leaf, R>(K)>(adjoint<Leaf>()[0], scaled(held[held_offset<R>() + K]));
        } else if constexpr (!std::is_same_v<R, E>) {
            T* g = adjoint<Leaf>();
            const std::size_t n = count<shape_of<Leaf>>();
            if constexpr (!plain && std::is_floating_point_v<T>) {
                // chain_mul(seed, d) is seed * d when seed is finite and not 0: the product is
                // then NaN only where d is, and neither factor is 0.
                if (seed - seed == T(0) && seed != T(0)) [[likely]] {
                    each_element(n, [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { g[j] = seed * g[j]; });
                    return;
                }
            }
            each_element(n, [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { g[j] = scaled(g[j]); });
        }
    }

    template <class R, class Leaf, std::size_t K, class Shape>
    constexpr void finish_scatter(const T& total) const {
        if constexpr (needs_adjoint<Leaf> && shape_of<Leaf>::size == 1 && Shape::size != 1)
            store<graph::template first_use_is<Leaf, R>(K)>(adjoint<Leaf>()[0], total);
    }

    constexpr void forward() const {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (void)in_order{0, (forward_node<at_t<I, nodes>>(), 0)...}; }
        (std::make_index_sequence<L::count>{});
    }
    /// Seeds the root's adjoint with 1 and runs the nodes from the root down: a node's
    /// adjoint is complete before it is read, because all its parents come later in
    /// topological order.
    constexpr void backward() const {
        if constexpr (needs_adjoint<E>) {
            adjoint<E>()[0] = T(1);
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (void)in_order{0, (backward_node<at_t<L::count - 1 - I, nodes>>(), 0)...};
            }
            (std::make_index_sequence<L::count>{});
        }
    }
};

}  // namespace typegrad::detail

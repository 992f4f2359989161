/// @file
/// Defines the tensor engine's forward-mode sweep: each stored node's value and tangent
/// (its directional derivative along the seeded variables' tangents), in one pass in
/// topological order. A fused elementwise region runs as one loop computing each element's
/// values and tangents (the core's forward step, element by element); a tensor op's tangent
/// is its `jvp` rule.
#pragma once

#include <typegrad/core/graph.hpp>
#include <typegrad/passes/finiteness.hpp>
#include <typegrad/tensor/fused_graph.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/sweep.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

/// The forward-mode sweep of E: the values as the value sweep computes them (the same
/// code, so the same bits as tg::eval), and the tangents of the nodes that depend on a
/// variable bound in TEnv (the others are structural zeros: never computed nor read).
/// `tangents` is a flat array laid out by tangent_layout<nodes, seeded>.
template <class E, class Env, class TEnv, class T>
struct tangent_sweep {
    using seeded = typename TEnv::variables;
    using graph = fused_graph<E, seeded>;
    using plan = typename graph::plan;
    using nodes = typename graph::nodes;
    using TL = tangent_layout<nodes, seeded>;
    using value_sweep = sweep<E, Env, T>;

    const value_sweep& values;
    const TEnv& tangent_env;
    T* tangents;

    template <class N>
    static constexpr bool carries = detail::depends_on_any<N, seeded>;
    template <class N>
    static constexpr std::size_t slot = index_of<N, nodes>;

    /// N's tangent, or a null pointer where it is structurally zero.
    template <class N>
    constexpr const T* tangent() const {
        if constexpr (!carries<N>)
            return nullptr;
        else if constexpr (is_tensor_variable<N>)
            return detail::binding_for<N>(tangent_env).data;
        else
            return tangents + TL::offsets[slot<N>];
    }

    template <class N>
    constexpr void visit() const {
        if constexpr (!carries<N>) {
            values.template forward_node<N>();
        } else if constexpr (plan::template is_root<N>) {
            region<N>(static_cast<typename plan::template region<N>::leaves*>(nullptr));
        } else if constexpr (is_tensor_variable<N>) {
            // value and tangent read in place
        } else if constexpr (detail::is_variable_v<N>) {
            values.template forward_node<N>();
            tangents[TL::offsets[slot<N>]] = static_cast<T>(detail::binding_for<N>(tangent_env).value);
        } else {
            values.template forward_node<N>();
            op(static_cast<typename N::family*>(nullptr));
        }
    }

    template <class Op, class... Cs>
    constexpr void op(node_family<Op, Cs...>*) const {
        using N = node<Op, Cs...>;
        T* out = tangents + TL::offsets[slot<N>];
        if constexpr (tensor_op<Op>) {
            Op::template jvp<shape_of<Cs>...>(out, values.template value<Cs>()..., tangent<Cs>()...,
                                              values.template value<N>());
        } else {
            // A scalar node outside any region: the core's forward step on element 0.
            const T self = values.template value<N>()[0];
            [&]<std::size_t... P>(std::index_sequence<P...>) { (scalar_term<N, Op, P, Cs...>(out[0], self), ...); }
            (std::index_sequence_for<Cs...>{});
        }
    }
    template <class N, class Op, std::size_t P, class... Cs>
    constexpr void scalar_term(T& out, const T& self) const {
        using C = at_t<P, list<Cs...>>;
        if constexpr (carries<C>) {
            constexpr bool first = [] {
                const std::array<bool, sizeof...(Cs)> active{carries<Cs>...};
                for (std::size_t q = 0; q < P; ++q)
                    if (active[q]) return false;
                return true;
            }();
            constexpr bool plain = graph::A::table.forward_plain[slot<N>][P + 1];
            detail::accumulate<first>(
                out, detail::chain_product<plain>(Op::template partial<P>(values.template value<Cs>()[0]..., self),
                                                  tangent<C>()[0]));
        }
    }

    /// The tangents of the leaves that are broadcast whole, read once before the loop.
    template <class... Ls>
    constexpr std::array<T, sizeof...(Ls)> broadcast_tangents() const {
        return {(shape_of<Ls>::size == 1 && carries<Ls> ? tangent<Ls>()[0] : T(0))...};
    }

    /// A carrying leaf's tangent at element i of a region over elements of shape Shape.
    template <class Shape, class Leaf, std::size_t K, std::size_t NL>
    constexpr void leaf_tangent(std::size_t i, const std::array<T, NL>& fixed, T& out) const {
        if constexpr (carries<Leaf> && shape_of<Leaf>::size == 1)
            out = fixed[K];
        else if constexpr (carries<Leaf>)
            out = tangent<Leaf>()[element<shape_of<Leaf>, Shape>(i)];
    }

    /// One loop: each element's values, then its tangents from its leaves' tangents; the
    /// term stored (an elementwise root) or summed (a reduction), value and tangent alike.
    template <class R, class... Ls>
    constexpr void region(list<Ls...>*) const {
        using reg = typename plan::template region<R>;
        using program = typename graph::template region_of<R>::program;
        using Shape = shape_of<typename reg::element>;
        constexpr std::size_t last = program::size - 1;
        T* out = const_cast<T*>(values.template value<R>());
        T* tout = tangents + TL::offsets[slot<R>];
        const auto fixed = values.template broadcast_values<Ls...>();
        const auto fixed_tangents = broadcast_tangents<Ls...>();
        T total{}, total_tangent{};
        for (std::size_t i = 0; i < Shape::size; ++i) {
            const auto v = program::template values<T>(values.template leaf_values<Shape, Ls...>(i, fixed));
            std::array<T, program::size> tan;
            if (std::is_constant_evaluated()) tan = {};
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (leaf_tangent<Shape, Ls, K>(i, fixed_tangents, tan[K]), ...);
            }
            (std::index_sequence_for<Ls...>{});
            program::template tangents<T>(v, tan);
            if constexpr (summing_reduction<R>::value) {
                total = i == 0 ? v[last] : total + v[last];
                total_tangent = i == 0 ? tan[last] : total_tangent + tan[last];
            } else {
                out[i] = v[last];
                tout[i] = tan[last];
            }
        }
        if constexpr (summing_reduction<R>::value) {
            out[0] = total;
            tout[0] = total_tangent;
        }
    }

    constexpr void run() const {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (void)in_order{0, (visit<at_t<I, nodes>>(), 0)...}; }
        (std::make_index_sequence<layout<nodes, seeded>::count>{});
    }
};

}  // namespace typegrad::detail

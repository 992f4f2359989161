/// @file
/// Defines the tensor engine's forward-mode call behind tg::jvp: the value and the
/// directional derivative (tangent) of a tensor expression, each a number or a tensor.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/tensor/api.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/sweep.hpp>
#include <typegrad/tensor/tangent_sweep.hpp>
#include <typegrad/tensor/workspace.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad {

/// The result of tg::jvp: the value and the tangent, numbers for a scalar expression; for a
/// tensor expression, tensor values (`r.tangent(i, j)`) or, with a workspace, views of it.
template <class Value, class Tangent>
struct value_and_tangent {
    Value value;
    Tangent tangent;
};

namespace detail {

/// The tensor engine's environment of the bindings grouped by tg::at (references to them).
template <class... Bs>
constexpr environment<Bs...> environment_of(const typegrad::environment<Bs...>& grouped) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return environment<Bs...>{{detail::binding_at<I>(grouped.bindings)...}};
    }
    (std::index_sequence_for<Bs...>{});
}

/// The diagnostic of tg::jvp on an expression with a dynamic extent.
template <bool Fixed>
constexpr bool check_jvp_extents() {
    static_assert(Fixed,
                  "typegrad: tg::jvp takes fixed extents only; for an expression with a dynamic extent "
                  "(tg::dynamic), tg::value_and_grad gives the gradient, and a tangent is its dot product "
                  "with the direction");
    return Fixed;
}

/// The value and the tangent of a tensor expression along the tangents given for some of
/// its variables (the others have tangent 0): one forward sweep, each node's tangent
/// computed with its value (tensor/tangent_sweep.hpp). Values and tangents live on the
/// stack (at most stack_limit_bytes) or in the workspace.
template <class WS, expression E, class... Ps, class... Ts>
constexpr auto jvp_call(WS* ws, const E& f, const typegrad::environment<Ps...>& point,
                        const typegrad::environment<Ts...>& direction) {
    using T = scalar_type<Ps...>;
    using S = shape_of<E>;
    constexpr bool in_workspace = !std::is_same_v<WS, no_workspace>;
    using V = std::conditional_t<S::rank == 0, T,
                                 std::conditional_t<in_workspace, tensor_view<const T, S>, tensor_value<T, S>>>;
    value_and_tangent<V, V> result{};
    if constexpr (!check_tensor_call<E, Ps...>()) {
        report_tensor_call_errors<E, Ps...>();
    } else if constexpr (!bindings_ok<Ps..., Ts...>()) {
        // after the one error above (a tangent that is no binding, or of another element
        // type), no further ones
    } else if constexpr (!check_workspace<WS, E, T>()) {
        // after the one error above, no further ones
    } else if constexpr (!check_jvp_extents<layout_of<E>::fixed>()) {
        // after the one error above, no further ones
    } else {
        using Env = environment<Ps...>;
        using TEnv = environment<Ts...>;
        using L = layout_of<E>;
        using TL = tangent_layout_of<E, typename TEnv::variables>;
        constexpr std::size_t copies = S::rank == 0 ? 0 : 2 * S::size;
        constexpr std::size_t stack_bytes = in_workspace ? 0 : (L::values + TL::tangents + copies) * sizeof(T);
        if constexpr (!check_stack_bytes<stack_bytes>()) {
            return result;  // after the one error above, no further ones
        } else {
            const Env env = environment_of(point);
            const TEnv tangent_env = environment_of(direction);
            const auto run = [&](T* values, T* tangents, T* zero_tangent) {
                const sweep<E, Env, T> value_sweep{f, env, values, nullptr, nullptr};
                const tangent_sweep<E, Env, TEnv, T> program{value_sweep, tangent_env, tangents};
                program.run();
                const T* value = value_sweep.template value<E>();
                const T* tangent = program.template tangent<E>();
                if constexpr (S::rank == 0) {
                    result.value = value[0];
                    result.tangent = tangent == nullptr ? T(0) : tangent[0];
                } else if constexpr (in_workspace) {
                    if (tangent == nullptr) {
                        for (std::size_t i = 0; i < S::size; ++i) zero_tangent[i] = T(0);
                        tangent = zero_tangent;
                    }
                    result.value = V(value);
                    result.tangent = V(tangent);
                } else {
                    for (std::size_t i = 0; i < S::size; ++i) {
                        result.value.elements[i] = value[i];
                        result.tangent.elements[i] = tangent == nullptr ? T(0) : tangent[i];
                    }
                }
            };
            if constexpr (in_workspace) {
                run(ws->values(), ws->tangents(), ws->tangents() + TL::tangents);
            } else {
                std::array<T, L::values> values;
                std::array<T, TL::tangents> tangents;
                if (std::is_constant_evaluated()) {
                    values = {};
                    tangents = {};
                }
                run(values.data(), tangents.data(), nullptr);
            }
        }
    }
    return result;
}

}  // namespace detail

}  // namespace typegrad

/// @file
/// Defines the tensor engine's calls behind tg::eval and tg::value_and_grad, their
/// results, and the compile-time workspace size of an expression.
#pragma once

#include <typegrad/core/graph.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/call_checks.hpp>
#include <typegrad/tensor/column_major.hpp>
#include <typegrad/tensor/gradient.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/sweep.hpp>
#include <typegrad/tensor/workspace.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace typegrad {

namespace detail {

/// The value of a tensor expression: a number for a scalar expression, else a
/// tensor_value (`v(i, j)`, `v[flat]`, `v.to_array()`) or, with a workspace, a tensor_view
/// of the workspace. `tg::eval(W * x, W = w, x = v)`.
template <class WS, expression E, class... Bindings>
constexpr auto eval_call(WS* ws, const E& f, const Bindings&... bindings) {
    using T = scalar_type<Bindings...>;
    using S = shape_of<E>;
    constexpr bool in_workspace = !std::is_same_v<WS, no_workspace>;
    using L = layout_of<E>;
    using Result = std::conditional_t<
        S::rank == 0, T,
        std::conditional_t<!L::fixed, dynamic_tensor_view<const T, S::rank>,
                           std::conditional_t<in_workspace, tensor_view<const T, S>, tensor_value<T, S>>>>;
    Result result{};
    if constexpr (!check_tensor_call<E, Bindings...>()) {
        report_tensor_call_errors<E, Bindings...>();
    } else if constexpr (!check_workspace<WS, E, T>()) {
        // after the one error above, no further ones
    } else if constexpr (!L::fixed) {
        if constexpr (check_dynamic_workspace<WS>()) {
            using Env = tensor_environment<Bindings...>;
            const Env env{{bindings...}};
            check_extents<E>(env);
            const runtime_layout<typename sweep<E, Env, T>::nodes, typename Env::differentiated> layout(env);
            const auto run = [&](const auto& run_env, T* base) {
                const sweep<E, std::remove_cvref_t<decltype(run_env)>, T> program{f,       run_env, base,
                                                                                  nullptr, nullptr, &layout};
                program.forward();
                if constexpr (S::rank == 0) {
                    result = program.template value<E>()[0];
                } else {
                    result.pointer = program.template value<E>();
                    result.extents = runtime_shape<S>::extents(env);
                }
            };
            if constexpr (!any_column_major<Bindings...>) {
                run(env, ws->reserve(layout.values()));
            } else {
                T* base =
                    ws->reserve(layout.values() + column_major_elements(env, static_cast<list<Bindings...>*>(nullptr)));
                with_row_major_bindings(env, base + layout.values(), [&](const auto& row_env) { run(row_env, base); });
            }
        }
    } else if constexpr (in_workspace) {
        using Env = tensor_environment<Bindings...>;
        const Env env{{bindings...}};
        const sweep<E, Env, T> program{f, env, ws->values(), nullptr, nullptr};
        program.forward();
        if constexpr (S::rank == 0)
            result = program.template value<E>()[0];
        else
            result = Result(program.template value<E>());
    } else if constexpr (!check_stack_bytes<(L::values + (S::rank == 0 ? 0 : S::size)) * sizeof(T)>()) {
        // after the one error above, no further ones
    } else {
        using Env = tensor_environment<Bindings...>;
        const Env env{{bindings...}};
        std::array<T, L::values> values;
        const sweep<E, Env, T> program{f, env, values.data(), nullptr, nullptr};
        program.forward();
        const T* root = program.template value<E>();
        if constexpr (S::rank == 0)
            result = root[0];
        else
            for (std::size_t i = 0; i < S::size; ++i) result.elements[i] = root[i];
    }
    return result;
}

/// The sweeps of dynamic_value_and_grad, reading the bindings of row_env (env's, or their
/// row-major copies), the values and adjoints at `base`, owned gradients at base + own[k].
template <class Result, class E, class Env, class RowEnv, class Layout, class T, std::size_t N>
TYPEGRAD_ALWAYS_INLINE void dynamic_sweeps(Result& result, const E& f, const Env& env, const RowEnv& row_env,
                                           const Layout& layout, T* base, const std::array<std::size_t, N>& own) {
    using G = decltype(result.grad);
    std::array<T*, N> gradients{};
    [&]<class... Bindings, std::size_t... K>(list<Bindings...>*, std::index_sequence<K...>) {
        (
            [&] {
                using B = detail::at_t<K, list<Bindings...>>;
                using S = shape_of<typename B::variable>;
                if constexpr (G::template delivery<B> == gradient_to::buffer)
                    result.grad.sink[K] = detail::binding_at<K>(row_env.bindings).sink;
                result.grad.place[K] = G::template delivery<B> == gradient_to::buffer ? result.grad.sink[K]
                                       : G::template delivery<B> == gradient_to::none ? nullptr
                                                                                      : base + own[K];
                result.grad.extents[K] = dims_of<S>(env);
                gradients[K] = result.grad.place[K];
                // A differentiated variable that f does not use has a zero gradient.
                if constexpr (G::template delivery<B> != gradient_to::none &&
                              !detail::contains<typename B::variable, detail::variables_of<E>>)
                    for (std::size_t i = 0, c = element_count<S>(env); i < c; ++i) gradients[K][i] = T(0);
            }(),
            ...);
    }(static_cast<typename G::bindings*>(nullptr), std::make_index_sequence<N>{});
    const sweep<E, RowEnv, T> program{f, row_env, base, base + layout.values(), gradients.data(), &layout};
    program.forward();
    result.value = program.template value<E>()[0];
    program.backward();
}

/// value_and_grad_call for an expression with a dynamic extent: the extents are checked, the
/// layout summed and the workspace grown if needed (in that order, so that a mismatch writes
/// nothing), then the same sweeps run with the call's offsets.
template <class WS, class Result, class E, class... Bindings>
void dynamic_value_and_grad(WS& ws, Result& result, const E& f, const Bindings&... bindings) {
    using T = scalar_type<Bindings...>;
    using G = decltype(result.grad);
    using Env = tensor_environment<Bindings...>;
    const Env env{{bindings...}};
    check_extents<E>(env);
    const runtime_layout<typename sweep<E, Env, T>::nodes, typename Env::differentiated> layout(env);
    constexpr std::size_t n = sizeof...(Bindings);
    std::array<std::size_t, n> own{};
    std::size_t total = layout.values() + layout.adjoints();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                using B = detail::at_t<K, list<Bindings...>>;
                if constexpr (G::template delivery<B> == gradient_to::result) {
                    own[K] = total;
                    total += element_count<shape_of<typename B::variable>>(env);
                }
            }(),
            ...);
    }
    (std::make_index_sequence<n>{});
    if constexpr (!any_column_major<Bindings...>) {
        dynamic_sweeps(result, f, env, env, layout, ws.reserve(total), own);
    } else {
        T* base = ws.reserve(total + column_major_elements(env, static_cast<list<Bindings...>*>(nullptr)));
        with_row_major_bindings(env, base + total, [&](const auto& row_env) {
            dynamic_sweeps(result, f, env, row_env, layout, base, own);
            write_column_major_gradients(env, row_env);
        });
    }
}

/// Value and gradient of a scalar tensor expression by reverse mode: one forward sweep
/// storing each unique node's value, one reverse sweep of vector-Jacobian products.
/// `r.value`, `r.grad[W](0, 1)`. Values, adjoints and gradients live on the stack (at most
/// stack_limit_bytes) or in the workspace; variables are read from the caller's storage and,
/// with `.grad_into(buffer)`, their gradients written to the caller's buffers: nothing is
/// allocated, nothing copied in.
template <class WS, expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto value_and_grad_call(WS* ws, const E& f, const Bindings&... bindings) {
    using T = scalar_type<Bindings...>;
    constexpr bool in_workspace = !std::is_same_v<WS, no_workspace>;
    using G = tensor_gradient<T, in_workspace, Bindings...>;
    tensor_value_and_gradient<T, G> result{};
    static_assert(differentiated_expression_is_scalar<shape_of<E>>::value,
                  "typegrad: value_and_grad differentiates a scalar expression; reduce a tensor first "
                  "(tg::sum, tg::mean, tg::squared_norm, tg::dot); its shape is the argument of "
                  "differentiated_expression_is_scalar");
    if constexpr (shape_of<E>::rank != 0) {
        // after the one error above, no further ones
    } else if constexpr (!check_tensor_call<E, Bindings...>()) {
        report_tensor_call_errors<E, Bindings...>();
    } else if constexpr (!check_workspace<WS, E, T>()) {
        // after the one error above, no further ones
    } else if constexpr (!layout_of<E>::fixed) {
        if constexpr (check_dynamic_workspace<WS>()) dynamic_value_and_grad(*ws, result, f, bindings...);
    } else if constexpr (G::dynamic) {
        static_assert(!G::dynamic,
                      "typegrad: a variable with a dynamic extent is bound in a call whose expression does not use "
                      "it; leave its binding out");
    } else {
        using Env = tensor_environment<Bindings...>;
        using L = layout_of<E, typename Env::differentiated>;
        constexpr std::size_t stack_bytes =
            in_workspace ? 0 : (L::values + L::adjoints + G::owned_elements) * sizeof(T);
        if constexpr (!check_stack_bytes<stack_bytes>()) {
            return result;  // after the one error above, no further ones
        } else {
            const Env env{{bindings...}};
            if constexpr (in_workspace) {
                static_assert(G::owned_elements <= WS::gradient_elements,
                              "typegrad: a variable bound in this call is not a variable of the workspace's "
                              "expression; write its gradient with .grad_into(buffer) or leave it out");
                result.grad.owned = ws->gradients();
            }
            std::array<T*, sizeof...(Bindings)> gradients{};
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (
                    [&] {
                        using B = detail::at_t<K, list<Bindings...>>;
                        if constexpr (G::template sinks<B>)
                            result.grad.sink[K] = detail::binding_at<K>(env.bindings).sink;
                        gradients[K] = result.grad.template destination<K>();
                        // A differentiated variable that f does not use has a zero gradient.
                        if constexpr (G::template delivery<B> != gradient_to::none &&
                                      !detail::contains<typename B::variable, detail::variables_of<E>>)
                            for (std::size_t i = 0; i < shape_of<typename B::variable>::size; ++i)
                                gradients[K][i] = T(0);
                    }(),
                    ...);
            }
            (std::make_index_sequence<sizeof...(Bindings)>{});

            if constexpr (in_workspace) {
                const sweep<E, Env, T> program{f, env, ws->values(), ws->adjoints(), gradients.data()};
                program.forward();
                result.value = program.template value<E>()[0];
                program.backward();
            } else {
                std::array<T, L::values> values;
                std::array<T, L::adjoints> adjoints;
                const sweep<E, Env, T> program{f, env, values.data(), adjoints.data(), gradients.data()};
                program.forward();
                result.value = program.template value<E>()[0];
                program.backward();
            }
        }
    }
    return result;
}

}  // namespace detail

}  // namespace typegrad

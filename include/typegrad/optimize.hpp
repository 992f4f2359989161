/// @file
/// Defines how the optimizers (tg::sgd, tg::momentum, tg::adam) update a scalar environment:
/// `opt.step(env, r.grad, state...)` moves every variable bound in `env` by its partial
/// derivative in `r.grad`, with the same formulas as for tensors (tensor/optimizers.hpp).
///
///     constexpr tg::var<"a"> a;
///     constexpr tg::var<"b"> b;
///     auto params = tg::at(a = 0.0, b = 0.0);
///     tg::sgd opt{.learning_rate = 0.05};
///     for (int i = 0; i < 500; ++i) opt.step(params, tg::value_and_grad(loss, params).grad);
///
/// Momentum keeps a velocity and Adam two moments per variable: each is an environment of
/// the same variables in the same order, zero at the start, owned by the caller
/// (`auto velocity = tg::at(a = 0.0, b = 0.0); opt.step(params, r.grad, velocity);`).
#pragma once

#include <typegrad/api.hpp>
#include <typegrad/core/binding.hpp>
#include <typegrad/tensor/optimizers.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

/// The value bound in position I of an environment, for an optimizer to update in place.
template <std::size_t I, class B>
constexpr auto& bound_value_at(binding_slot<I, B>& slot) {
    return slot.binding.value;
}

/// tg::param for the variable in position I of env: its value, its partial in grad, and its
/// entries in the optimizer's state environments.
template <std::size_t I, class... Bs, class Variables, class T, class Used, class... State>
constexpr auto environment_param(environment<Bs...>& env, const gradient<Variables, T, Used>& grad, State&... state) {
    using V = at_t<I, list<typename Bs::variable...>>;
    static_assert(contains<V, Variables>,
                  "typegrad: the gradient has no entry for a variable of the environment: compute it "
                  "with the same environment (tg::value_and_grad(f, env))");
    return ::typegrad::param(bound_value_at<I>(env.bindings), detail::partial_at<index_of<V, Variables>>(grad),
                             bound_value_at<I>(state.bindings)...);
}

template <class Optimizer, class... Bindings, class Variables, class T, class Used, class... State>
constexpr void step_environment(Optimizer& optimizer, environment<Bindings...>& env,
                                const gradient<Variables, T, Used>& grad, State&... state) {
    constexpr bool scalar_values = all_of_values({std::is_same_v<typename Bindings::value_type, T>...});
    constexpr bool same_variables =
        all_of_values({std::is_same_v<typename State::variables, list<typename Bindings::variable...>>...});
    static_assert(scalar_values,
                  "typegrad: an optimizer updates variables bound to values of the gradient's scalar "
                  "type (bind `x = 1.0`, not `x = 1`)");
    static_assert(same_variables,
                  "typegrad: an optimizer's state is an environment of the same variables as the "
                  "parameters, in the same order (tg::at(x = 0.0, y = 0.0))");
    if constexpr (scalar_values && same_variables) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            optimizer.step(environment_param<I>(env, grad, state...)...);
        }
        (std::index_sequence_for<Bindings...>{});
    }
}

}  // namespace typegrad::detail

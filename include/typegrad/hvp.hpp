/// @file
/// Defines tg::hvp, the Hessian of a scalar expression times a direction by forward over
/// reverse mode: on a scalar expression the core's value and reverse programs, on a tensor
/// expression the tensor engine's sweeps (tensor/hvp.hpp), both over dual numbers.
#pragma once

#include <typegrad/api.hpp>
#include <typegrad/detail/dual.hpp>
#include <typegrad/tensor/hvp.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad {

namespace detail {
/// tg::hvp of a scalar expression: the core's value and reverse sweeps over dual numbers
/// seeded with the direction (the program of tg::value_and_grad, on dual<T>).
template <expression E, class... Ps, class TEnv>
constexpr auto scalar_hvp(const E& f, const typegrad::environment<Ps...>& point, const TEnv& direction) {
    using Env = typegrad::environment<Ps...>;
    using T = typename Env::scalar;
    using D = dual<T>;
    using G = gradient_for<E, Env>;
    value_grad_and_hvp<T, G> result{};
    if constexpr (!check_scalar_call<E, Env>()) {
        report_scalar_call_errors<E, Env>();
    } else {
        const auto env = [&]<std::size_t... K>(std::index_sequence<K...>) {
            return at(binding<typename Ps::variable, D>{[&] {
                using V = typename Ps::variable;
                const T value = static_cast<T>(binding_at<K>(point.bindings).value);
                if constexpr (TEnv::template binds<V>)
                    return D(value, static_cast<T>(direction.template get<V>()));
                else
                    return D(value);
            }()}...);
        }
        (std::index_sequence_for<Ps...>{});
        using P = program_of<E>;
        const auto v = P::template values<D>(f, env);
        std::array<D, P::size> adj;
        adjoints<P, D>(v, adj);
        result.value = v[P::size - 1].v;
        [&]<std::size_t... S, std::size_t... J>(std::index_sequence<S...>, std::index_sequence<J...>) {
            (void)in_order{0, ((detail::partial_at<J>(result.grad) = S < P::size ? adj[S < P::size ? S : 0].v : T(0),
                                detail::partial_at<J>(result.hvp) = S < P::size ? adj[S < P::size ? S : 0].t : T(0)),
                               0)...};
        }
        (typename gradient_slots<typename P::nodes, typename Env::variables>::type{},
         std::make_index_sequence<sizeof...(Ps)>{});
    }
    return result;
}
}  // namespace detail

/// The Hessian of a scalar f times a direction, by forward over reverse mode, with the value
/// and the gradient: `hvp(f, at(W = w, x = v), at(W = dw))` gives `.value`, `.grad[W]` and
/// `.hvp[W]` (the variables without a direction have direction 0). One value sweep and one
/// reverse sweep over dual numbers (a value and its tangent along the direction); the value
/// and the gradient are the same bits as value_and_grad's (to rounding where a product of
/// doubles runs on Eigen: the dual products run on typegrad's loops). With a workspace
/// (`hvp(f, ws, at(...), at(...))`, `auto ws = make_workspace(f, for_hvp)`) the gradient
/// and the product view it.
template <expression E, class Env, class Direction>
TYPEGRAD_ALWAYS_INLINE constexpr auto hvp(const E& f, const Env& point, const Direction& direction) {
    static_assert(detail::is_environment_v<Env> && detail::is_environment_v<Direction>,
                  "typegrad: hvp(f, tg::at(W = value, ...), tg::at(W = direction, ...)): the point and the "
                  "direction are bindings grouped by tg::at");
    if constexpr (!detail::is_environment_v<Env> || !detail::is_environment_v<Direction>)
        return value_grad_and_hvp<double, double>{};  // after the one error above, no further ones
    else if constexpr (!detail::direction_check<Env, Direction>::value)
        return detail::direction_check<Env, Direction>::report(), value_grad_and_hvp<double, double>{};
    else if constexpr (detail::tensor_jvp<E, Env, Direction>)
        return detail::hvp_call(static_cast<detail::no_workspace*>(nullptr), f, point, direction);
    else
        return detail::scalar_hvp(f, point, direction);
}
template <expression E, class WE, class T, class Env, class Direction>
constexpr auto hvp(const E& f, detail::hvp_workspace_of<WE, T>& ws, const Env& point, const Direction& direction) {
    static_assert(detail::is_environment_v<Env> && detail::is_environment_v<Direction>,
                  "typegrad: hvp(f, ws, tg::at(W = value, ...), tg::at(W = direction, ...)): the point and the "
                  "direction are bindings grouped by tg::at");
    static_assert(std::is_same_v<WE, E>,
                  "typegrad: this workspace was made for another expression: make it with "
                  "tg::make_workspace(f, tg::for_hvp) for the f of the call");
    if constexpr (!detail::is_environment_v<Env> || !detail::is_environment_v<Direction> || !std::is_same_v<WE, E>)
        return value_grad_and_hvp<T, T>{};
    else if constexpr (!detail::direction_check<Env, Direction>::value)
        return detail::direction_check<Env, Direction>::report(), value_grad_and_hvp<T, T>{};
    else
        return detail::hvp_call(&ws, f, point, direction);
}
template <expression E, class WE, class T, class Env, class Direction>
constexpr auto hvp(const E&, detail::workspace_of<WE, T>&, const Env&, const Direction&) {
    static_assert(detail::always_false<WE>,
                  "typegrad: tg::hvp computes in dual numbers and takes its own workspace: "
                  "auto ws = tg::make_workspace(f, tg::for_hvp)");
    return value_grad_and_hvp<T, T>{};
}

}  // namespace typegrad

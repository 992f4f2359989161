/// @file
/// Defines the entry points: eval, value_and_grad, grad, jvp, forward_gradient, hessian
/// (tg::hvp: typegrad/hvp.hpp).
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/gradient.hpp>
#include <typegrad/passes/call.hpp>
#include <typegrad/passes/derivative.hpp>
#include <typegrad/passes/evaluate.hpp>
#include <typegrad/passes/forward.hpp>
#include <typegrad/passes/reverse.hpp>
#include <typegrad/tensor/api.hpp>
#include <typegrad/tensor/jvp.hpp>

#include <array>
#include <cstddef>

namespace typegrad {

// The entry points are forced inline, like the sweeps they call: the call site is where the
// bound values live, and g++ otherwise keeps a larger expression's value_and_grad out of
// line, with the bindings stored to memory and reloaded (about 1.5x the time of the inline
// call on the det-by-minors benchmark S2 at l = 3; bench/runtime/ratio_probe measures it).

/// The value of f at the bindings: `eval(f, x = 1.0, y = 2.0)`; for a tensor expression
/// larger than tg::stack_limit_bytes, `eval(f, ws, W = w)` with `auto ws = tg::make_workspace(f)`.
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto eval(const E& f, const Bindings&... bindings) {
    if constexpr (detail::tensor_call<E, Bindings...>)
        return detail::eval_call(static_cast<detail::no_workspace*>(nullptr), f, bindings...);
    else
        return detail::scalar_eval(f, bindings...);
}
template <expression E, class WE, class T, class... Bindings>
constexpr auto eval(const E& f, detail::workspace_of<WE, T>& ws, const Bindings&... bindings) {
    return detail::eval_call(&ws, f, bindings...);
}
template <expression E, class WE, class T, class... Bindings>
constexpr auto eval(const E& f, detail::dynamic_workspace_of<WE, T>& ws, const Bindings&... bindings) {
    return detail::eval_call(&ws, f, bindings...);
}

/// Value and gradient by reverse mode: one forward sweep storing each unique node's value,
/// one reverse sweep accumulating adjoints. `r.value`, `r.grad[x]`. With a workspace
/// (`value_and_grad(f, ws, W = w, ...)`) a tensor call keeps its values, adjoints and
/// gradients there, and `r.grad[W]` views it.
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto value_and_grad(const E& f, const Bindings&... bindings) {
    if constexpr (detail::tensor_call<E, Bindings...>)
        return detail::value_and_grad_call(static_cast<detail::no_workspace*>(nullptr), f, bindings...);
    else
        return detail::scalar_value_and_grad(f, bindings...);
}
template <expression E, class WE, class T, class... Bindings>
constexpr auto value_and_grad(const E& f, detail::workspace_of<WE, T>& ws, const Bindings&... bindings) {
    return detail::value_and_grad_call(&ws, f, bindings...);
}
template <expression E, class WE, class T, class... Bindings>
constexpr auto value_and_grad(const E& f, detail::dynamic_workspace_of<WE, T>& ws, const Bindings&... bindings) {
    return detail::value_and_grad_call(&ws, f, bindings...);
}

/// The gradient alone: `grad(f, x = 1.0)[x]`, `grad(f, ws, W = w)[W]`.
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto grad(const E& f, const Bindings&... bindings) {
    return value_and_grad(f, bindings...).grad;
}
template <expression E, class WE, class T, class... Bindings>
constexpr auto grad(const E& f, detail::workspace_of<WE, T>& ws, const Bindings&... bindings) {
    return value_and_grad(f, ws, bindings...).grad;
}
template <expression E, class WE, class T, class... Bindings>
constexpr auto grad(const E& f, detail::dynamic_workspace_of<WE, T>& ws, const Bindings&... bindings) {
    return value_and_grad(f, ws, bindings...).grad;
}

/// Forward mode (Jacobian-vector product): the value and the directional derivative along
/// the tangents given for some variables (the others have tangent 0):
/// `jvp(f, at(x = 1.0, y = 2.0), at(x = 1.0))` is df/dx. One pass computes each node's
/// value and tangent (passes/forward.hpp). On a tensor expression the tangents are bound
/// like the values (`jvp(f, at(W = w, x = v), at(W = dw))`), and `.value` and `.tangent`
/// are tensors when f is one; with a workspace (`jvp(f, ws, at(...), at(...))`) they view it.
template <expression E, class Env, class TangentEnv>
TYPEGRAD_ALWAYS_INLINE constexpr auto jvp(const E& f, const Env& point, const TangentEnv& tangents) {
    static_assert(detail::is_environment_v<Env> && detail::is_environment_v<TangentEnv>,
                  "typegrad: jvp(f, tg::at(x = value, ...), tg::at(x = tangent, ...))");
    if constexpr (!detail::is_environment_v<Env> || !detail::is_environment_v<TangentEnv>) {
        return value_and_tangent<double, double>{};  // after the one error above, no further ones
    } else if constexpr (!detail::direction_check<Env, TangentEnv>::value) {
        detail::direction_check<Env, TangentEnv>::report();
        return value_and_tangent<double, double>{};
    } else if constexpr (detail::tensor_jvp<E, Env, TangentEnv>) {
        return detail::jvp_call(static_cast<detail::no_workspace*>(nullptr), f, point, tangents);
    } else {
        using T = typename Env::scalar;
        value_and_tangent<T, T> result{};
        if constexpr (!detail::check_scalar_call<E, Env>()) {
            detail::report_scalar_call_errors<E, Env>();
        } else {
            using P = detail::program_of<E>;
            using Seeding = detail::one_lane<typename TangentEnv::variables>;
            std::array<T, 1> lane;
            detail::value_and_lanes<P, Seeding>(f, point, detail::bound_values<T>(tangents), result.value, lane);
            result.tangent = lane[0];
        }
        return result;
    }
}
template <expression E, class WE, class T, class Env, class TangentEnv>
constexpr auto jvp(const E& f, detail::workspace_of<WE, T>& ws, const Env& point, const TangentEnv& tangents) {
    static_assert(detail::is_environment_v<Env> && detail::is_environment_v<TangentEnv>,
                  "typegrad: jvp(f, ws, tg::at(W = value, ...), tg::at(W = tangent, ...))");
    if constexpr (!detail::is_environment_v<Env> || !detail::is_environment_v<TangentEnv>)
        return value_and_tangent<T, T>{};
    else if constexpr (!detail::direction_check<Env, TangentEnv>::value)
        return detail::direction_check<Env, TangentEnv>::report(), value_and_tangent<T, T>{};
    else
        return detail::jvp_call(&ws, f, point, tangents);
}
template <expression E, class WE, class T, class Env, class TangentEnv>
constexpr auto jvp(const E&, detail::dynamic_workspace_of<WE, T>&, const Env&, const TangentEnv&) {
    detail::check_jvp_extents<detail::fixed_extents<WE>>();
    return value_and_tangent<T, T>{};  // after the one error above, no further ones
}

namespace detail {
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto scalar_forward_value_and_grad(const E& f, const Bindings&... bindings) {
    const auto env = make_environment(bindings...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = typename Env::scalar;
    using G = detail::gradient_for<E, Env>;
    value_and_gradient<T, G> result{};
    if constexpr (!detail::check_scalar_call<E, Env>()) {
        detail::report_scalar_call_errors<E, Env>();
    } else {
        using P = detail::program_of<E>;
        using Seeding = detail::unit_lanes<typename Env::variables>;
        std::array<T, Env::variables::size> lanes;
        detail::value_and_lanes<P, Seeding>(f, env, std::array<T, 0>{}, result.value, lanes);
        detail::set_partials(result.grad, lanes);
    }
    return result;
}
}  // namespace detail

/// The full gradient by forward mode: one tangent lane per bound variable, computed in the
/// same pass as the values, each node carrying only the lanes of the variables it depends on.
/// It equals value_and_grad at finite inputs (to rounding: the sums are taken in another order).
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto forward_value_and_grad(const E& f, const Bindings&... bindings) {
    static_assert(detail::forward_gradient_of_scalars<E, Bindings...>::value,
                  "typegrad: forward_value_and_grad carries one tangent per scalar variable; for a tensor "
                  "expression use tg::value_and_grad (reverse mode: every gradient in one sweep) or tg::jvp "
                  "(one directional derivative)");
    if constexpr (!detail::forward_gradient_of_scalars<E, Bindings...>::value)
        return value_and_gradient<double, double>{};  // after the one error above, no further ones
    else
        return detail::scalar_forward_value_and_grad(f, bindings...);
}

/// Second derivatives indexed by variables: `hessian(f, ...)[x][z]`. Row i is the gradient,
/// by reverse mode, of the symbolic derivative df/dv_i (see hessian()).
template <class Variables, class T>
struct hessian_matrix {
    std::array<std::array<T, Variables::size>, Variables::size> entries{};

    struct row {
        const std::array<T, Variables::size>* r;
        template <class V>
        requires detail::is_variable_v<V>
        constexpr T operator[](V) const {
            static_assert(detail::contains<V, Variables>, "typegrad: that variable was not bound in the call");
            return (*r)[detail::index_of<V, Variables>];
        }
    };
    template <class V>
    requires detail::is_variable_v<V>
    constexpr row operator[](V) const {
        static_assert(detail::contains<V, Variables>, "typegrad: that variable was not bound in the call");
        return row{&entries[detail::index_of<V, Variables>]};
    }

    /// The matrix of second derivatives in the order asked: `h.matrix(x, y)[0][1]` is d2f/dxdy.
    template <class... Vs>
    constexpr std::array<std::array<T, sizeof...(Vs)>, sizeof...(Vs)> matrix(Vs... vs) const {
        const auto row_of = [&](auto vi) { return std::array<T, sizeof...(Vs)>{(*this)[vi][vs]...}; };
        return {row_of(vs)...};
    }
};

namespace detail {
/// Row Vi of the Hessian: the gradient of df/dVi by reverse mode at env.
template <class Vi, class E, class Env, class T, std::size_t N>
TYPEGRAD_ALWAYS_INLINE constexpr void hessian_row(const E& f, const Env& env, std::array<T, N>& row) {
    const auto first = as_expression(derivative(f, Vi{}));
    row = detail::partials_of(scalar_value_and_grad(first, env).grad);
}
}  // namespace detail

template <expression E, class... Bindings>
constexpr auto hessian(const E& f, const Bindings&... bindings) {
    const auto env = make_environment(bindings...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = typename Env::scalar;
    using Vars = typename Env::variables;
    hessian_matrix<Vars, T> result{};
    if constexpr (!detail::check_scalar_call<E, Env>()) {
        detail::report_scalar_call_errors<E, Env>();
    } else {
        // Reverse over symbolic: n symbolic first derivatives, each differentiated once more by
        // the reverse sweep, instead of n^2 symbolic second derivatives. The second derivative
        // expressions of a 5-variable neuron took 75 s and 9.9 GB to compile with g++ -O2 -g
        // (bench/compile_time/hessian_neuron.cpp); their values are the same but for rounding
        // order (the reverse sweep shares the products that the symbolic form repeats).
        [&]<class... Vs>(detail::list<Vs...>) {
            std::size_t i = 0;
            (detail::hessian_row<Vs>(f, env, result.entries[i++]), ...);
        }(Vars{});
    }
    return result;
}

}  // namespace typegrad

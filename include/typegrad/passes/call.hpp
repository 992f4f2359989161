/// @file
/// Defines what the entry points share: the result type value_and_gradient, the checks of a
/// call, the choice between the scalar and the tensor engine, and the scalar calls
/// (detail::scalar_eval, detail::scalar_value_and_grad).
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/gradient.hpp>
#include <typegrad/passes/evaluate.hpp>
#include <typegrad/passes/reverse.hpp>
#include <typegrad/tensor/api.hpp>

#include <array>
#include <cstddef>

namespace typegrad {

template <class T, class Gradient>
struct value_and_gradient {
    T value;
    Gradient grad;
};

namespace detail {

/// Which engine a call goes to (tensor/binding.hpp specializes is_tensor_binding_hook).
template <class V>
inline constexpr bool has_extents = false;
template <class V>
requires is_variable_v<V>
inline constexpr bool has_extents<V> = V::rank > 0;
template <class Vs>
inline constexpr bool any_has_extents = false;
template <class... Vs>
inline constexpr bool any_has_extents<list<Vs...>> = any_of_values({has_extents<Vs>...});
// A class per node, not a function or a variable: those are named after the node (long
// names that g++ mangles, docs/compile_time.md).
template <class N, class F = family_of_t<N>>
struct is_tensor_node : std::false_type {};
template <class N, class Op, class... Cs>
struct is_tensor_node<N, node_family<Op, Cs...>> : std::bool_constant<detail::tensor_op<Op>> {};
template <class Nodes>
inline constexpr bool any_tensor_node = false;
template <class... Ns>
inline constexpr bool any_tensor_node<list<Ns...>> = any_of_values({is_tensor_node<Ns>::value...});
/// A tensor call: a tensor binding, a variable with extents, or a tensor op (logsumexp of
/// scalars) anywhere in the expression.
template <class E, class... Bindings>
inline constexpr bool tensor_call = any_of_values({is_tensor_binding_hook<Bindings>...}) ||
                                    any_has_extents<variables_of<E>> || any_tensor_node<topological_order<E>>;

/// The diagnostic of forward_value_and_grad on a tensor expression (asserted, so that the
/// failed requirement names the expression and the bindings).
template <class E, class... Bindings>
struct forward_gradient_of_scalars {
    static constexpr bool value = !tensor_call<E, Bindings...>;
};
/// A tensor jvp: a tensor call by its point's or its tangents' bindings.
template <class E, class Env, class TangentEnv>
inline constexpr bool tensor_jvp = false;
template <class E, class... Ps, class... Ts>
inline constexpr bool tensor_jvp<E, typegrad::environment<Ps...>, typegrad::environment<Ts...>> =
    tensor_call<E, Ps..., Ts...>;

template <class E, class Env>
constexpr bool check_scalar_call() {
    static_assert(expression<E>, "typegrad: the first argument must be a typegrad expression");
    if constexpr (expression<E>)
        return names_distinct<variables_of<E>> && all_bound<Env, variables_of<E>>::value;
    else
        return false;
}

/// Instantiates the diagnostics of a failed check_scalar_call (only called when it failed,
/// so that the static_assert naming the unbound variable is the only error).
template <class E, class Env>
void report_scalar_call_errors() {
    if constexpr (expression<E>) {
        if constexpr (!names_distinct<variables_of<E>>)
            report_same_names_of<variables_of<E>>();
        else
            all_bound<Env, variables_of<E>>::report();
    }
}

/// For each bound variable, its slot in the program (Nodes::size when the expression does not use it).
template <class Nodes, class Variables>
struct gradient_slots;
template <class... Nodes, class... Vs>
struct gradient_slots<list<Nodes...>, list<Vs...>> {
    using type = std::index_sequence<find_t<Vs, list<Nodes...>>::value...>;
};
template <std::size_t... J, class... Vs, class T, bool... Us, std::size_t N, std::size_t... S>
TYPEGRAD_ALWAYS_INLINE constexpr void read_gradient(
    gradient_entries<std::index_sequence<J...>, list<Vs...>, T, bools<Us...>>& g, const std::array<T, N>& adj,
    std::index_sequence<S...>) {
    const T* const a = adj.data();  // the built-in subscript, no call per variable (evaluate.hpp, run_step)
    (void)in_order{0,
                   ((static_cast<gradient_entry<J, Vs, T, Us>&>(g).partial = S < N ? a[S < N ? S : 0] : T(0)), 0)...};
}

/// For each variable of Variables, whether it is in the list Used.
template <class Variables, class Used>
struct used_mask;
template <class... Vs, class Used>
struct used_mask<list<Vs...>, Used> {
    using type = bools<(find_t<Vs, Used>::value != not_found)...>;
};

template <class E, class Env>
using gradient_for = gradient<typename Env::variables, typename Env::scalar,
                              typename used_mask<typename Env::variables, variables_of<E>>::type>;

}  // namespace detail

namespace detail {
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto scalar_eval(const E& f, const Bindings&... bindings) {
    const auto env = make_environment(bindings...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = typename Env::scalar;
    if constexpr (!detail::check_scalar_call<E, Env>()) {
        detail::report_scalar_call_errors<E, Env>();
        return T{};
    } else {
        using P = detail::program_of<E>;
        return P::template values<T>(f, env)[P::size - 1];
    }
}

}  // namespace detail

namespace detail {
template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto scalar_value_and_grad(const E& f, const Bindings&... bindings) {
    const auto env = make_environment(bindings...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = typename Env::scalar;
    using G = detail::gradient_for<E, Env>;
    value_and_gradient<T, G> result{};
    if constexpr (!detail::check_scalar_call<E, Env>()) {
        detail::report_scalar_call_errors<E, Env>();
    } else {
        using P = detail::program_of<E>;
        const auto v = P::template values<T>(f, env);
        std::array<T, P::size> adj;
        result.value = v[P::size - 1];
        using slots = typename detail::gradient_slots<typename P::nodes, typename Env::variables>::type;
        detail::adjoints<P, T>(v, adj);
        detail::read_gradient(result.grad, adj, slots{});
    }
    return result;
}

}  // namespace detail

}  // namespace typegrad

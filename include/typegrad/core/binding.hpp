/// @file
/// Defines bindings (`x = 2.0`) and environments (`tg::at(x = 2.0, y = 3.0)`).
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/graph.hpp>

#include <type_traits>
#include <utility>

namespace typegrad {

/// A variable together with its value; made by `x = value`.
template <class Var, class Value>
struct binding {
    using variable = Var;
    using value_type = Value;
    Value value;
};

namespace detail {
/// True for the tensor engine's bindings (specialized in <typegrad/tensor/binding.hpp>):
/// the entry points of api.hpp then hand the call to the tensor engine.
template <class B>
inline constexpr bool is_tensor_binding_hook = false;

template <class T>
inline constexpr bool is_binding_v = false;
template <class V, class T>
inline constexpr bool is_binding_v<binding<V, T>> = true;

template <class... Vs>
inline constexpr bool all_distinct = all_of_values({find_t<Vs, list<Vs...>>::value != not_found...});

/// Bound values of integer type compute in double (exp(2) is not an integer).
template <class... Ts>
struct scalar_of {
    using common = std::common_type_t<Ts...>;
    using type = std::conditional_t<std::is_integral_v<common>, double, common>;
};
template <>
struct scalar_of<> {
    using type = double;
};

// The bindings are held in one aggregate with a base per binding, not in a std::tuple: a
// tuple of k elements instantiates k nested implementation classes with k constructors
// whose signatures list the remaining elements (k^2 symbols of length k), which dominated
// the compile time of expressions with a hundred variables (docs/compile_time.md).
template <std::size_t I, class B>
struct binding_slot {
    B binding;
};
template <class Indices, class... Bs>
struct binding_slots;
template <std::size_t... Is, class... Bs>
struct binding_slots<std::index_sequence<Is...>, Bs...> : binding_slot<Is, Bs>... {};

/// The binding in position I (B is deduced from the base class).
template <std::size_t I, class B>
constexpr const B& binding_at(const binding_slot<I, B>& slot) {
    return slot.binding;
}
}  // namespace detail

/// A set of bindings, one per variable, in the order given.
template <class... Bindings>
struct environment {
    static_assert(detail::all_of_values({(detail::is_binding_v<Bindings> ||
                                          detail::is_tensor_binding_hook<Bindings>)...}),
                  "typegrad: tg::at(...) takes bindings written `name = value`");

    using variables = detail::list<typename Bindings::variable...>;
    /// The scalar type the passes compute in: the common type of the bound values.
    using scalar = typename detail::scalar_of<typename Bindings::value_type...>::type;

    detail::binding_slots<std::index_sequence_for<Bindings...>, Bindings...> bindings;

    template <class Var>
    static constexpr bool binds = detail::find_t<Var, variables>::value != detail::not_found;

    template <class Var>
    constexpr const auto& get() const {
        return detail::binding_at<detail::find_t<Var, variables>::value>(bindings).value;
    }

    // Last, so that the members above exist even when an assertion fails (one error).
    static_assert(detail::all_distinct<typename Bindings::variable...>,
                  "typegrad: a variable is bound twice in the same call");
};

/// Groups bindings: `tg::at(x = 1.0, y = 2.0)`.
template <class... Bindings>
constexpr environment<Bindings...> at(const Bindings&... bs) {
    return [&]<std::size_t... Is>(std::index_sequence<Is...>) {
        return environment<Bindings...>{{detail::binding_slot<Is, Bindings>{bs}...}};
    }
    (std::index_sequence_for<Bindings...>{});
}

namespace detail {
template <class T>
inline constexpr bool is_environment_v = false;
template <class... Bs>
inline constexpr bool is_environment_v<environment<Bs...>> = true;

/// The diagnostic for a variable without a binding. Its name appears in the compiler's
/// "in instantiation of ... variable_is_not_bound<var<"z">>" line.
template <class Var>
struct variable_is_not_bound {
    static_assert(always_false<Var>,
                  "typegrad: a variable of the expression is not bound; pass `name = value` for it "
                  "(the variable is named in the instantiation of variable_is_not_bound below)");
    static constexpr bool value = false;
};

/// The diagnostic for a direction of tg::jvp or tg::hvp that binds a variable the point does
/// not bind. Its name appears in the compiler's "in instantiation of ...
/// direction_variable_is_bound_in_the_point<var<"z">>" line.
template <class Var>
struct direction_variable_is_bound_in_the_point {
    static_assert(always_false<Var>,
                  "typegrad: the direction binds a variable that the point does not bind; bind it in the "
                  "point or leave it out of the direction (the variable is named in the instantiation of "
                  "direction_variable_is_bound_in_the_point)");
    static constexpr bool value = false;
};

/// Whether every variable of Vs is bound in Env; report() instantiates Diagnostic for each
/// one that is not.
template <class Env, class Vs, template <class> class Diagnostic = variable_is_not_bound>
struct all_bound;
template <class Env, class... Vs, template <class> class Diagnostic>
struct all_bound<Env, list<Vs...>, Diagnostic> {
    template <class V>
    using bound = std::bool_constant<find_t<V, typename Env::variables>::value != not_found>;
    static constexpr bool value = all_of_values({bound<Vs>::value...});
    /// Instantiates the diagnostic for each unbound variable, and only for those
    /// (conditional_t names a type without instantiating it; sizeof completes it).
    static void report() {
        (void)sum_of_values({sizeof(std::conditional_t<bound<Vs>::value, std::true_type, Diagnostic<Vs>>)...});
    }
};

/// Whether every variable of a direction (tg::jvp, tg::hvp) is bound in the point; report()
/// names each one that is not in its own diagnostic.
template <class Point, class Direction>
using direction_check = all_bound<Point, typename Direction::variables, direction_variable_is_bound_in_the_point>;
}  // namespace detail

/// Normalizes "bindings..." or "one environment" into an environment.
template <class... Args>
constexpr auto make_environment(const Args&... args) {
    if constexpr (sizeof...(Args) == 1 && detail::all_of_values({detail::is_environment_v<Args>...}))
        return (args, ...);
    else
        return at(args...);
}

}  // namespace typegrad

/// @file Defines bindings (`x = 2.0`) and environments (`tg::at(x = 2.0, y = 3.0)`).
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/graph.hpp>

#include <tuple>
#include <type_traits>

namespace typegrad {

/// A variable together with its value; made by `x = value`.
template <class Var, class Value>
struct binding {
    using variable = Var;
    using value_type = Value;
    Value value;
};

namespace detail {
template <class T>
inline constexpr bool is_binding_v = false;
template <class V, class T>
inline constexpr bool is_binding_v<binding<V, T>> = true;

template <class... Vs>
inline constexpr bool all_distinct = true;
template <class V0, class... Vs>
inline constexpr bool all_distinct<V0, Vs...> = (!std::is_same_v<V0, Vs> && ...) && all_distinct<Vs...>;

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
}  // namespace detail

/// A set of bindings, one per variable, in the order given.
template <class... Bindings>
struct environment {
    static_assert((detail::is_binding_v<Bindings> && ...),
                  "typegrad: tg::at(...) takes bindings written `name = value`");

    using variables = detail::list<typename Bindings::variable...>;
    /// The scalar type the passes compute in: the common type of the bound values.
    using scalar = typename detail::scalar_of<typename Bindings::value_type...>::type;

    std::tuple<Bindings...> bindings;

    template <class Var>
    static constexpr bool binds = detail::contains<Var, variables>;

    template <class Var>
    constexpr const auto& get() const {
        return std::get<detail::index_of<Var, variables>>(bindings).value;
    }

    // Last, so that the members above exist even when an assertion fails (one error).
    static_assert(detail::all_distinct<typename Bindings::variable...>,
                  "typegrad: a variable is bound twice in the same call");
};

/// Groups bindings: `tg::at(x = 1.0, y = 2.0)`.
template <class... Bindings>
constexpr environment<Bindings...> at(const Bindings&... bs) {
    return environment<Bindings...>{std::tuple<Bindings...>{bs...}};
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

template <class Env, class Vs>
struct all_bound;
template <class Env, class... Vs>
struct all_bound<Env, list<Vs...>> {
    static constexpr bool value = (Env::template binds<Vs> && ...);
    /// Instantiates the diagnostic for each unbound variable, and only for those
    /// (conditional_t names a type without instantiating it; sizeof completes it).
    static void report() {
        (void)(sizeof(std::conditional_t<Env::template binds<Vs>, std::true_type, variable_is_not_bound<Vs>>) + ...);
    }
};
}  // namespace detail

/// Normalizes "bindings..." or "one environment" into an environment.
template <class... Args>
constexpr auto make_environment(const Args&... args) {
    if constexpr (sizeof...(Args) == 1 && (detail::is_environment_v<Args> && ...))
        return (args, ...);
    else
        return at(args...);
}

}  // namespace typegrad

/// @file
/// Defines the compile-time checks of a tensor call: the differentiated expression is a
/// scalar, every variable is bound, and the workspace (or its absence) fits the call.
#pragma once

#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/workspace.hpp>

#include <cstddef>
#include <type_traits>

namespace typegrad {

namespace detail {

/// The diagnostic of differentiating a tensor-valued expression (asserted, so that the
/// failed requirement shows the shape).
template <class Shape>
struct differentiated_expression_is_scalar {
    static constexpr bool value = Shape::rank == 0;
};

/// True when the call is well-formed. Each kind of mistake is one static_assert here, except
/// unbound variables, which report_tensor_call_errors names (only called when this failed).
template <class E, class... Bs>
constexpr bool check_tensor_call() {
    static_assert(expression<E>, "typegrad: the first argument must be a typegrad expression");
    if constexpr (!expression<E>) {
        return false;
    } else if constexpr (!bindings_ok<Bs...>()) {
        return false;
    } else {
        static_assert(detail::all_distinct<typename Bs::variable...>,
                      "typegrad: a variable is bound twice in the same call");
        return detail::all_distinct<typename Bs::variable...> && detail::names_distinct<variables_of<E>> &&
               detail::all_bound<tensor_environment<Bs...>, variables_of<E>>::value &&
               check_column_major_call<layout_of<E>::fixed, Bs...>();
    }
}

/// Names each unbound variable of E in its own diagnostic (the core's variable_is_not_bound).
template <class E, class... Bs>
void report_tensor_call_errors() {
    if constexpr (expression<E> && bindings_ok<Bs...>()) {
        if constexpr (!detail::names_distinct<variables_of<E>>)
            detail::report_same_names_of<variables_of<E>>();
        else
            detail::all_bound<tensor_environment<Bs...>, variables_of<E>>::report();
    }
}

}  // namespace detail

namespace detail {

/// The workspace argument of a call made without one.
struct no_workspace {};

/// The diagnostic of a workspace made for another expression or element type (asserted, so
/// that its arguments name both).
template <class Workspace, class Expression, class Element>
struct workspace_matches_the_call {
    static constexpr bool value = false;
};
template <class E, class T>
struct workspace_matches_the_call<detail::workspace_of<E, T>, E, T> {
    static constexpr bool value = true;
};
template <class E, class T>
struct workspace_matches_the_call<detail::dynamic_workspace_of<E, T>, E, T> {
    static constexpr bool value = true;
};

/// The diagnostic of a call of an expression with a dynamic extent made without a workspace.
template <class WS>
constexpr bool check_dynamic_workspace() {
    static_assert(!std::is_same_v<WS, no_workspace>,
                  "typegrad: an expression with a dynamic extent (tg::dynamic) needs a workspace, sized at run "
                  "time: auto ws = tg::make_workspace(f, y = data); tg::value_and_grad(f, ws, y = data, ...)");
    return !std::is_same_v<WS, no_workspace>;
}
template <class WS, class E, class T>
constexpr bool check_workspace() {
    if constexpr (std::is_same_v<WS, no_workspace>) {
        return true;
    } else {
        static_assert(workspace_matches_the_call<WS, E, T>::value,
                      "typegrad: this workspace was made for another expression or element type (the "
                      "arguments of workspace_matches_the_call): make it with tg::make_workspace(f) for "
                      "the f of the call");
        return workspace_matches_the_call<WS, E, T>::value;
    }
}

}  // namespace detail

}  // namespace typegrad

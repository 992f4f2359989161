/// @file
/// Defines the workspace: caller-owned memory for the values, adjoints and gradients of
/// one tensor expression, allocated once when it is made, and the stack bound of a call
/// without one.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/tensor/column_major.hpp>
#include <typegrad/tensor/extents.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <type_traits>

namespace typegrad {

/// The most a call of tg::eval, tg::value_and_grad or tg::jvp puts on the stack for a
/// tensor expression's values, adjoints or tangents, and gradients. A call that needs more
/// does not compile without a workspace (tg::make_workspace).
inline constexpr std::size_t stack_limit_bytes = std::size_t{256} * 1024;

namespace detail {

template <class Vars>
struct variable_elements;
template <class... Vs>
struct variable_elements<list<Vs...>> {
    static constexpr std::size_t value = (std::size_t{0} + ... + shape_of<Vs>::size);
};

/// The diagnostic of a call that would exceed the stack bound: its arguments are the bytes
/// the call would put on the stack and the bound.
template <std::size_t Bytes, std::size_t Limit>
struct call_fits_on_the_stack {
    static constexpr bool value = Bytes <= Limit;
};

template <std::size_t Bytes>
constexpr bool check_stack_bytes() {
    static_assert(call_fits_on_the_stack<Bytes, stack_limit_bytes>::value,
                  "typegrad: this call needs more than tg::stack_limit_bytes (256 KiB) of values, adjoints "
                  "or tangents, and gradients (the bytes are the first argument of call_fits_on_the_stack); pass a "
                  "workspace: auto ws = tg::make_workspace(f); tg::value_and_grad(f, ws, W = w, ...)");
    return call_fits_on_the_stack<Bytes, stack_limit_bytes>::value;
}

}  // namespace detail

/// Memory for every call of tg::eval, tg::value_and_grad, tg::grad and tg::jvp on the
/// expression E with elements of type T: the values of its intermediate nodes, their
/// adjoints or tangents, and the gradients of its variables (the variables themselves stay in the caller's storage). It
/// allocates once, when it is made; a call that takes it allocates nothing. The result of
/// such a call views the workspace (`r.grad[W]`, a tensor value of tg::eval) and stays valid
/// until the next call with the same workspace. One workspace serves one call at a time.
namespace detail {
template <class E, class T>
class workspace_of {
    using L = detail::layout_of<E>;

public:
    using expression_type = E;
    using value_type = T;

    /// Elements of each region, for the expression with every variable differentiated (a
    /// call with .no_grad() or .grad_into() bindings uses less).
    static constexpr std::size_t value_elements = L::values;
    static constexpr std::size_t adjoint_elements = L::adjoints;
    static constexpr std::size_t gradient_elements = detail::variable_elements<detail::variables_of<E>>::value;
    /// The forward mode's tangents (tg::jvp), and room for a tensor root's zero tangent;
    /// they share the space of the adjoints and gradients, which a jvp call does not use.
    static constexpr std::size_t tangent_elements = detail::tangent_layout_of<E>::tangents + shape_of<E>::size;
    static constexpr std::size_t elements =
        value_elements + std::max(adjoint_elements + gradient_elements, tangent_elements);

    workspace_of() : data_(std::make_unique_for_overwrite<T[]>(elements == 0 ? 1 : elements)) {}

    T* values() { return data_.get(); }
    T* adjoints() { return data_.get() + value_elements; }
    T* gradients() { return data_.get() + value_elements + adjoint_elements; }
    T* tangents() { return data_.get() + value_elements; }

    /// The size of the allocation in bytes.
    static constexpr std::size_t bytes() { return elements * sizeof(T); }

private:
    std::unique_ptr<T[]> data_;
};

/// The workspace of an expression with a dynamic extent: its size depends on the call's
/// extents. It holds one allocation; a call that needs more elements than it holds replaces it
/// with one of the call's size (the one allocation of that call), a call that fits allocates
/// nothing. `make_workspace(f, bindings...)` sizes it for those bindings.
template <class E, class T>
class dynamic_workspace_of {
public:
    using expression_type = E;
    using value_type = T;

    dynamic_workspace_of() = default;
    explicit dynamic_workspace_of(std::size_t elements) { reserve(elements); }

    /// The elements held (0 before the first call of a workspace made without bindings).
    std::size_t capacity() const { return capacity_; }
    std::size_t bytes() const { return capacity_ * sizeof(T); }
    /// The start of at least `elements` elements: the held ones, or a larger allocation.
    T* reserve(std::size_t elements) {
        if (elements > capacity_) {
            data_ = std::make_unique_for_overwrite<T[]>(elements);
            capacity_ = elements;
        }
        return data_.get();
    }

private:
    std::unique_ptr<T[]> data_;
    std::size_t capacity_ = 0;
};

template <class E>
inline constexpr bool fixed_extents = detail::layout_of<E>::fixed;

template <class E, class T, bool Fixed = fixed_extents<E>>
struct workspace_type {
    using type = workspace_of<E, T>;
};
template <class E, class T>
struct workspace_type<E, T, false> {
    using type = dynamic_workspace_of<E, T>;
};
}  // namespace detail

/// `tg::workspace<decltype(f)>` (or `tg::workspace<decltype(f), float>`): the type of
/// `tg::make_workspace(f)`.
template <class E, class T = double>
using workspace = typename detail::workspace_type<std::remove_cvref_t<E>, T>::type;

/// The workspace of f: `auto ws = tg::make_workspace(f);` (elements of type double), or
/// `tg::make_workspace<float>(f)`. For f with a dynamic extent, it allocates at the first call.
template <class T = double, expression E>
workspace<E, T> make_workspace(const E&) {
    return workspace<E, T>{};
}

namespace detail {
/// The elements a call of E with these bindings needs with every variable differentiated:
/// values, adjoints and the variables' gradients.
template <class E, class... Bs>
std::size_t dynamic_elements(const Bs&... bindings) {
    using Env = tensor_environment<Bs...>;
    const Env env{{bindings...}};
    check_extents<E>(env);
    const runtime_layout<typename fusion_of<E>::nodes, variables_of<E>> layout(env);
    std::size_t gradients = 0;
    [&]<class... Vs>(list<Vs...>*) {
        ((gradients += element_count<shape_of<Vs>>(env)), ...);
    }(static_cast<variables_of<E>*>(nullptr));
    return layout.values() + layout.adjoints() + gradients +
           column_major_elements(env, static_cast<list<Bs...>*>(nullptr));
}
}  // namespace detail

/// The workspace of f with a dynamic extent, sized for a call with these bindings (the
/// bindings of every variable that has a dynamic extent; checked like a call's): the one
/// allocation; calls whose extents are at most these allocate nothing.
/// `auto ws = tg::make_workspace(f, y = data);`
template <class T = double, expression E, class B0, class... Bs>
requires(!detail::fixed_extents<E>) workspace<E, T> make_workspace(const E&, const B0& b0, const Bs&... bindings) {
    return workspace<E, T>(detail::dynamic_elements<E>(b0, bindings...));
}

}  // namespace typegrad

/// @file
/// Defines the tensor entry points: tensor_eval, tensor_value_and_grad, tensor_grad, and
/// the compile-time workspace size of an expression.
#pragma once

#include <typegrad/core/graph.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace typegrad {

/// Number of elements of the workspace a gradient of E uses (values of the intermediate
/// nodes plus their adjoints; the variables are read and written in place), when every
/// variable is differentiated (.no_grad() bindings can only make it smaller). Nothing of
/// the size of a Jacobian is ever formed.
template <class E>
inline constexpr std::size_t workspace_size =
    tensor_detail::layout_of<std::remove_cvref_t<E>>::values + tensor_detail::layout_of<std::remove_cvref_t<E>>::adjoints;

/// The same in bytes, for elements of type T (on the stack of tensor_value_and_grad).
template <class E, class T = double>
inline constexpr std::size_t workspace_bytes = workspace_size<E> * sizeof(T);

/// The gradients of one call, indexed by variable: `g[W](0, 1)`, `g[x](1)`, `g[s]` (a
/// scalar). A variable bound with `.grad_into(buffer)` has its gradient in that buffer (and
/// `g[W]` views it); the others are stored here.
template <class T, class... Bs>
struct tensor_gradient {
    using variables = tensor_detail::list<typename Bs::variable...>;

    template <class B>
    static constexpr gradient_to delivery = tensor_detail::gradient_of<B>();
    template <class B>
    static constexpr bool sinks = delivery<B> == gradient_to::buffer;
    static constexpr std::array<std::size_t, sizeof...(Bs)> owned_sizes{
        (delivery<Bs> == gradient_to::result ? shape_of<typename Bs::variable>::size : 0)...};
    static constexpr auto owned_offsets = tensor_detail::prefix_sums<sizeof...(Bs)>(owned_sizes);

    std::array<T, owned_offsets[sizeof...(Bs)]> owned{};
    std::array<T*, sizeof...(Bs)> sink{};  // the caller's buffers (null for owned gradients)

    /// Where the gradient of the k-th bound variable is written.
    template <std::size_t K>
    constexpr T* destination() {
        using B = detail::at_t<K, tensor_detail::list<Bs...>>;
        if constexpr (delivery<B> == gradient_to::buffer)
            return sink[K];
        else if constexpr (delivery<B> == gradient_to::none)
            return nullptr;
        else
            return owned.data() + owned_offsets[K];
    }
    template <std::size_t K>
    constexpr const T* source() const {
        if constexpr (sinks<detail::at_t<K, tensor_detail::list<Bs...>>>)
            return sink[K];
        else
            return owned.data() + owned_offsets[K];
    }

    template <fixed_string N, std::size_t... Es>
    constexpr auto operator[](var<N, Es...>) const {
        using V = var<N, Es...>;
        static_assert(detail::contains<V, variables>,
                      "typegrad: this gradient has no entry for that variable: it was not bound in the call");
        constexpr std::size_t k = detail::index_of<V, variables>;
        if constexpr (!detail::contains<V, variables>) {
            return T{};
        } else if constexpr (delivery<detail::at_t<k, tensor_detail::list<Bs...>>> == gradient_to::none) {
            static_assert(delivery<detail::at_t<k, tensor_detail::list<Bs...>>> != gradient_to::none,
                          "typegrad: this variable was bound with .no_grad(): its gradient was not computed");
            if constexpr (sizeof...(Es) == 0)
                return T{};
            else
                return tensor_view<const T, shape<Es...>>(nullptr);  // after the one error above, no more
        }
        else if constexpr (sizeof...(Es) == 0)
            return *source<k>();
        else
            return tensor_view<const T, shape<Es...>>(source<k>());
    }
};

template <class T, class Gradient>
struct tensor_value_and_gradient {
    T value;
    Gradient grad;
};

namespace tensor_detail {

/// The diagnostic of differentiating a tensor-valued expression (asserted, so that the
/// failed requirement shows the shape).
template <class Shape>
struct differentiated_expression_is_scalar {
    static constexpr bool value = Shape::rank == 0;
};

/// True when the call is well-formed. Each kind of mistake is one static_assert here, except
/// unbound variables, which report_call_errors names (only called when this failed).
template <class E, class... Bs>
constexpr bool check_call() {
    static_assert(expression<E>, "typegrad: the first argument must be a typegrad expression");
    if constexpr (!expression<E>) {
        return false;
    } else if constexpr (!bindings_ok<Bs...>()) {
        return false;
    } else {
        static_assert(detail::all_distinct<typename Bs::variable...>, "typegrad: a variable is bound twice in the same call");
        return detail::all_distinct<typename Bs::variable...> &&
               detail::all_bound<environment<Bs...>, variables_of<E>>::value;
    }
}

/// Names each unbound variable of E in its own diagnostic (the core's variable_is_not_bound).
template <class E, class... Bs>
void report_call_errors() {
    if constexpr (expression<E> && bindings_ok<Bs...>())
        detail::all_bound<environment<Bs...>, variables_of<E>>::report();
}

}  // namespace tensor_detail

/// The value of a tensor expression: a number for a scalar expression, else a
/// tensor_value (`v(i, j)`, `v[flat]`, `v.to_array()`).
/// `tg::tensor_eval(W * x, tg::bind(W, w), tg::bind(x, v))`.
template <expression E, class... Bindings>
constexpr auto tensor_eval(const E& f, const Bindings&... bindings) {
    using T = tensor_detail::scalar_type<Bindings...>;
    using S = shape_of<E>;
    using Result = std::conditional_t<S::rank == 0, T, tensor_value<T, S>>;
    Result result{};
    if constexpr (!tensor_detail::check_call<E, Bindings...>()) {
        tensor_detail::report_call_errors<E, Bindings...>();
    } else {
        using Env = tensor_detail::environment<Bindings...>;
        using L = tensor_detail::layout_of<E>;
        const Env env{{bindings...}};
        std::array<T, L::values> values;
        const tensor_detail::sweep<E, Env, T> program{f, env, values.data(), nullptr, nullptr};
        program.forward();
        const T* root = program.template value<E>();
        if constexpr (S::rank == 0)
            result = root[0];
        else
            for (std::size_t i = 0; i < S::size; ++i) result.elements[i] = root[i];
    }
    return result;
}

/// Value and gradient of a scalar tensor expression by reverse mode: one forward sweep
/// storing each unique node's value, one reverse sweep of vector-Jacobian products.
/// `r.value`, `r.grad[W](0, 1)`. The workspace (workspace_bytes<E, T>) is on the stack;
/// variables are read from the caller's storage and, with `.grad_into(buffer)`, their
/// gradients written to the caller's buffers: nothing is allocated, nothing copied in.
template <expression E, class... Bindings>
constexpr auto tensor_value_and_grad(const E& f, const Bindings&... bindings) {
    using T = tensor_detail::scalar_type<Bindings...>;
    using G = tensor_gradient<T, Bindings...>;
    tensor_value_and_gradient<T, G> result{};
    static_assert(tensor_detail::differentiated_expression_is_scalar<shape_of<E>>::value,
                  "typegrad: value_and_grad differentiates a scalar expression; reduce a tensor first "
                  "(tg::sum, tg::mean, tg::squared_norm, tg::dot); its shape is the argument of "
                  "differentiated_expression_is_scalar");
    if constexpr (shape_of<E>::rank != 0) {
        // after the one error above, no further ones
    } else if constexpr (!tensor_detail::check_call<E, Bindings...>()) {
        tensor_detail::report_call_errors<E, Bindings...>();
    } else {
        using Env = tensor_detail::environment<Bindings...>;
        using L = tensor_detail::layout_of<E, typename Env::differentiated>;
        using Vars = typename Env::variables;
        const Env env{{bindings...}};

        std::array<T*, sizeof...(Bindings)> gradients{};
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (
                [&] {
                    using B = detail::at_t<K, tensor_detail::list<Bindings...>>;
                    if constexpr (G::template sinks<B>) result.grad.sink[K] = std::get<K>(env.bindings).sink;
                    gradients[K] = result.grad.template destination<K>();
                    // A differentiated variable that f does not use has a zero gradient.
                    if constexpr (G::template delivery<B> != gradient_to::none &&
                                  !detail::contains<typename B::variable, detail::variables_of<E>>)
                        for (std::size_t i = 0; i < shape_of<typename B::variable>::size; ++i) gradients[K][i] = T(0);
                }(),
                ...);
        }(std::make_index_sequence<Vars::size>{});

        std::array<T, L::values> values;
        std::array<T, L::adjoints> adjoints;
        const tensor_detail::sweep<E, Env, T> program{f, env, values.data(), adjoints.data(), gradients.data()};
        program.forward();
        result.value = program.template value<E>()[0];
        program.backward();
    }
    return result;
}

/// The gradients alone: `tg::tensor_grad(f, tg::bind(W, w))[W]`.
template <expression E, class... Bindings>
constexpr auto tensor_grad(const E& f, const Bindings&... bindings) {
    return tensor_value_and_grad(f, bindings...).grad;
}

}  // namespace typegrad

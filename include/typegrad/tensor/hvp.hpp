/// @file
/// Defines the tensor engine's Hessian-vector product behind tg::hvp: the value, the
/// gradient and the Hessian times a direction of a scalar tensor expression, by forward
/// over reverse mode. The value sweep and the reverse sweep of tg::value_and_grad run once
/// on dual numbers (detail/dual.hpp) whose tangents are seeded with the direction: the
/// values' tangents are the directional derivatives, the adjoints' tangents the product.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/detail/dual.hpp>
#include <typegrad/tensor/api.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/jvp.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/sweep.hpp>
#include <typegrad/tensor/workspace.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace typegrad {

/// The result of tg::hvp: the value, the gradient and the Hessian times the direction, the
/// last two indexed by variable like value_and_grad's gradient (`r.grad[W](0, 1)`,
/// `r.hvp[W](0, 1)`, `r.hvp[s]`).
template <class T, class Gradient>
struct value_grad_and_hvp {
    T value;
    Gradient grad;
    Gradient hvp;
};

/// The tag of tg::hvp's workspace: `auto ws = tg::make_workspace(f, tg::for_hvp);`.
struct for_hvp_t {
    explicit constexpr for_hvp_t() = default;
};
inline constexpr for_hvp_t for_hvp{};

namespace detail {

/// The memory of every tg::hvp call on the expression E with elements of type T: the dual
/// values, adjoints and gradients of the sweeps, the dual copies of the variables (value and
/// direction), and the gradients and products the result views. It allocates when it is
/// made; a call that takes it allocates nothing.
template <class E, class T>
class hvp_workspace_of {
    using L = layout_of<E>;

public:
    using expression_type = E;
    using value_type = T;
    static constexpr std::size_t variable_elements = detail::variable_elements<variables_of<E>>::value;
    static constexpr std::size_t dual_elements = L::values + L::adjoints + 2 * variable_elements;

    hvp_workspace_of()
        : duals_(std::make_unique<dual<T>[]>(dual_elements == 0 ? 1 : dual_elements)),
          results_(std::make_unique_for_overwrite<T[]>(variable_elements == 0 ? 2 : 2 * variable_elements)) {}

    dual<T>* values() { return duals_.get(); }
    dual<T>* adjoints() { return duals_.get() + L::values; }
    dual<T>* gradients() { return adjoints() + L::adjoints; }
    dual<T>* points() { return gradients() + variable_elements; }
    T* grads() { return results_.get(); }
    T* products() { return results_.get() + variable_elements; }

    /// The size of the allocations in bytes.
    static constexpr std::size_t bytes() { return dual_elements * sizeof(dual<T>) + 2 * variable_elements * sizeof(T); }

private:
    std::unique_ptr<dual<T>[]> duals_;
    std::unique_ptr<T[]> results_;
};

/// A binding of the point as the dual sweep reads it: a tensor of T becomes one of dual<T>
/// (the caller's values copied with their direction), a number a dual number, labels stay.
template <class B, class T>
struct dual_binding {
    using type = B;
};
template <class V, class U, gradient_to G, class T>
requires(!std::is_integral_v<U>) struct dual_binding<tensor_binding<V, U, G>, T> {
    using type = tensor_binding<V, dual<T>, G>;
};
template <class V, class U, class T>
struct dual_binding<binding<V, U>, T> {
    using type = binding<V, dual<T>>;
};

/// The elements a binding's dual copy takes (0 for numbers and labels).
template <class B>
inline constexpr std::size_t copied_elements = 0;
template <class V, class U, gradient_to G>
requires(!std::is_integral_v<U>) inline constexpr std::size_t copied_elements<tensor_binding<V, U, G>> =
    shape_of<V>::size;

/// The direction of variable V: the binding of V in the direction's environment, or none.
template <class V, class TEnv>
constexpr const auto* direction_of(const TEnv& direction) {
    if constexpr (TEnv::template binds<V>)
        return &detail::binding_for<V>(direction);
    else
        return static_cast<const int*>(nullptr);
}

/// The dual binding of the point's binding b, copying a tensor into `copy`.
template <class T, class B, class TEnv>
constexpr auto make_dual_binding(const B& b, const TEnv& direction, dual<T>* copy) {
    using V = typename B::variable;
    using DB = typename dual_binding<B, T>::type;
    const auto* d = direction_of<V>(direction);
    constexpr bool directed = TEnv::template binds<V>;
    if constexpr (std::is_same_v<DB, B>) {
        return b;
    } else if constexpr (is_tensor_binding_v<B>) {
        for (std::size_t i = 0; i < shape_of<V>::size; ++i) {
            if constexpr (directed)
                copy[i] = dual<T>(static_cast<T>(b.data[i]), static_cast<T>(d->data[i]));
            else
                copy[i] = dual<T>(static_cast<T>(b.data[i]));
        }
        return DB{copy};
    } else if constexpr (directed) {
        return DB{dual<T>(static_cast<T>(b.value), static_cast<T>(d->value))};
    } else {
        return DB{dual<T>(static_cast<T>(b.value))};
    }
}

/// The diagnostic of tg::hvp on a tensor-valued expression.
template <class Shape>
struct hvp_expression_is_scalar {
    static constexpr bool value = Shape::rank == 0;
};
/// The diagnostic of a .grad_into binding in tg::hvp.
template <class B>
struct hvp_binding_writes_into_the_result {
    static constexpr bool value = gradient_of<B>() != gradient_to::buffer;
};

/// The diagnostic of tg::hvp on an expression with a dynamic extent.
template <bool Fixed>
constexpr bool check_hvp_extents() {
    static_assert(Fixed,
                  "typegrad: tg::hvp takes fixed extents only; for an expression with a dynamic extent "
                  "(tg::dynamic), tg::value_and_grad gives the gradient");
    return Fixed;
}

/// The diagnostic of a workspace of another element type.
template <class WS, class T>
constexpr bool check_hvp_workspace() {
    if constexpr (std::is_same_v<WS, no_workspace>) {
        return true;
    } else {
        static_assert(std::is_same_v<typename WS::value_type, T>,
                      "typegrad: this workspace was made for another element type: make it with "
                      "tg::make_workspace<T>(f, tg::for_hvp), T the element type of the bindings");
        return std::is_same_v<typename WS::value_type, T>;
    }
}

template <class E, class... Ps>
constexpr bool check_hvp() {
    static_assert(hvp_expression_is_scalar<shape_of<E>>::value,
                  "typegrad: tg::hvp takes a scalar expression (its Hessian times a direction); reduce a "
                  "tensor first (tg::sum, tg::mean, tg::squared_norm, tg::dot); its shape is the argument of "
                  "hvp_expression_is_scalar");
    if constexpr (shape_of<E>::rank != 0) {
        return false;
    } else {
        static_assert((hvp_binding_writes_into_the_result<Ps>::value && ...),
                      "typegrad: tg::hvp writes the gradient and the product into its result; bind the variable "
                      "without .grad_into(buffer)");
        return (hvp_binding_writes_into_the_result<Ps>::value && ...);
    }
}

/// The value, gradient and Hessian-vector product of a scalar tensor expression: the sweeps
/// of tg::value_and_grad over dual numbers seeded with the direction (the variables without
/// a direction have tangent 0). Values and gradients are the value parts, the same
/// operations as value_and_grad's; they live on the stack (at most stack_limit_bytes) or in
/// the workspace (tg::make_workspace(f, tg::for_hvp)).
template <class WS, expression E, class... Ps, class... Ts>
constexpr auto hvp_call(WS* ws, const E& f, const typegrad::environment<Ps...>& point,
                        const typegrad::environment<Ts...>& direction) {
    using T = scalar_type<Ps...>;
    using D = dual<T>;
    constexpr bool in_workspace = !std::is_same_v<WS, no_workspace>;
    using G = tensor_gradient<T, in_workspace, Ps...>;
    value_grad_and_hvp<T, G> result{};
    if constexpr (!check_hvp<E, Ps...>()) {
        // after the one error above, no further ones
    } else if constexpr (!check_tensor_call<E, Ps...>()) {
        report_tensor_call_errors<E, Ps...>();
    } else if constexpr (!bindings_ok<Ps..., Ts...>()) {
        // after the one error above (a direction that is no binding, or of another element
        // type), no further ones
    } else if constexpr (!check_hvp_extents<layout_of<E>::fixed>()) {
        // after the one error above, no further ones
    } else if constexpr (!check_hvp_workspace<WS, T>()) {
        // after the one error above, no further ones
    } else {
        using DEnv = tensor_environment<typename dual_binding<Ps, T>::type...>;
        using L = layout_of<E, typename DEnv::differentiated>;
        constexpr std::array<std::size_t, sizeof...(Ps)> copy_sizes{copied_elements<Ps>...};
        constexpr auto copy_offsets = prefix_sums<sizeof...(Ps)>(copy_sizes);
        constexpr std::size_t copies = copy_offsets[sizeof...(Ps)];
        constexpr std::size_t stack_bytes = in_workspace
                                                ? 0
                                                : (L::values + L::adjoints + G::owned_elements + copies) * sizeof(D) +
                                                      2 * G::owned_elements * sizeof(T);
        if constexpr (in_workspace)
            static_assert(G::owned_elements <= WS::variable_elements,
                          "typegrad: a variable bound in this call is not a variable of the workspace's "
                          "expression; leave it out");
        if constexpr (!check_stack_bytes<stack_bytes>()) {
            return result;  // after the one error above, no further ones
        } else {
            const auto tangents = environment_of(direction);
            const auto run = [&](D* values, D* adjoints, D* gradients, D* points) {
                const auto dual_bindings = [&]<std::size_t... K>(std::index_sequence<K...>) {
                    return std::tuple<typename dual_binding<Ps, T>::type...>{
                        make_dual_binding<T>(binding_at<K>(point.bindings), tangents, points + copy_offsets[K])...};
                }
                (std::index_sequence_for<Ps...>{});
                const DEnv env = std::apply([](const auto&... bs) { return DEnv{{bs...}}; }, dual_bindings);
                std::array<D*, sizeof...(Ps)> sinks{};
                [&]<std::size_t... K>(std::index_sequence<K...>) {
                    (
                        [&] {
                            using B = at_t<K, list<Ps...>>;
                            using S = shape_of<typename B::variable>;
                            if constexpr (G::template delivery<B> == gradient_to::result) {
                                sinks[K] = gradients + G::owned_offsets[K];
                                // A differentiated variable that f does not use has a zero gradient.
                                if constexpr (!contains<typename B::variable, variables_of<E>>)
                                    for (std::size_t i = 0; i < S::size; ++i) sinks[K][i] = D(0);
                            }
                        }(),
                        ...);
                }
                (std::index_sequence_for<Ps...>{});
                const sweep<E, DEnv, D> program{f, env, values, adjoints, sinks.data()};
                program.forward();
                result.value = program.template value<E>()[0].v;
                program.backward();
                for (std::size_t i = 0; i < G::owned_elements; ++i) {
                    result.grad.owned_data()[i] = gradients[i].v;
                    result.hvp.owned_data()[i] = gradients[i].t;
                }
            };
            if constexpr (in_workspace) {
                result.grad.owned = ws->grads();
                result.hvp.owned = ws->products();
                run(ws->values(), ws->adjoints(), ws->gradients(), ws->points());
            } else {
                std::array<D, L::values> values;
                std::array<D, L::adjoints> adjoints;
                std::array<D, G::owned_elements> gradients;
                std::array<D, copies> points;
                run(values.data(), adjoints.data(), gradients.data(), points.data());
            }
        }
    }
    return result;
}

}  // namespace detail

/// tg::hvp's workspace: `auto ws = tg::make_workspace(f, tg::for_hvp);` (elements of type
/// double), or `tg::make_workspace<float>(f, tg::for_hvp)`.
template <class T = double, expression E>
requires detail::fixed_extents<E> detail::hvp_workspace_of<E, T> make_workspace(const E&, for_hvp_t) {
    return detail::hvp_workspace_of<E, T>{};
}

}  // namespace typegrad

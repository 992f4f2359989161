/// @file
/// Defines the environment of a tensor call (its bindings, its element type) and the storage
/// layout of a tensor expression: one slice of one flat array per stored node, at
/// compile-time offsets (the sweeps are in tensor/sweep.hpp).
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/reverse.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/fusion.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

// ---- environment --------------------------------------------------------------------------

template <class B>
inline constexpr bool is_any_binding_v = is_tensor_binding_v<B> || detail::is_binding_v<B>;

/// Diagnostics (asserted, so that the failed requirement names the types involved).
template <class B>
struct is_a_binding {
    static constexpr bool value = is_any_binding_v<B>;
};
template <class Var>
struct scalar_binding_of_a_scalar_variable {
    static constexpr bool value = shape_of<Var>::rank == 0;
};
template <class Elements>
struct same_element_types {
    static constexpr bool value = true;
};
template <class T0, class... Ts>
struct same_element_types<list<T0, Ts...>> {
    static constexpr bool value = (std::is_same_v<T0, Ts> && ...);
};

template <class B>
using differentiated_variable =
    std::conditional_t<gradient_of<B>() == gradient_to::none, list<>, list<typename B::variable>>;

/// References to the bindings of one call, one base per binding (not a std::tuple, see
/// core/binding.hpp), read with binding_at<I>.
template <class Indices, class... Bs>
struct binding_refs;
template <std::size_t... Is, class... Bs>
struct binding_refs<std::index_sequence<Is...>, Bs...> : binding_slot<Is, const Bs&>... {
    constexpr binding_refs(const Bs&... bs) : binding_slot<Is, const Bs&>{bs}... {}
};

/// The bindings of one call, by reference (they live until the end of the call).
template <class... Bs>
struct tensor_environment {
    using variables = list<typename Bs::variable...>;
    /// The variables whose gradients are wanted (all but those bound with .no_grad()).
    using differentiated = typename concat<list<>, differentiated_variable<Bs>...>::type;
    binding_refs<std::index_sequence_for<Bs...>, Bs...> bindings;

    template <class Var>
    static constexpr bool binds = detail::contains<Var, variables>;
};

/// The binding of Var in env. A function at namespace scope, not a member template of
/// tensor_environment, whose instantiations g++ would substitute the whole binding pack into
/// (bench/compile_time/notes.md, note 15).
template <class Var, class Env>
constexpr const auto& binding_for(const Env& env) {
    return detail::binding_at<index_of<Var, typename Env::variables>>(env.bindings);
}

/// Label bindings (`y = labels`, tensor/labels.hpp: integer class indices, never
/// differentiated) hold integers and take no part in the element type.
template <class B>
using tensor_element_list = std::conditional_t<is_tensor_binding_v<B> && !std::is_integral_v<typename B::value_type>,
                                               list<typename B::value_type>, list<>>;

/// The element type of the computation: the tensors' element type (they must agree), or,
/// with scalar bindings only, their common type (integers compute in double).
template <class Elements, class... Bs>
struct scalar_type_impl {
    using type = typename detail::scalar_of<typename Bs::value_type...>::type;
};
template <class T0, class... Ts, class... Bs>
struct scalar_type_impl<list<T0, Ts...>, Bs...> {
    using type = T0;  // check_tensor_call asserts that Ts... are all T0
};
template <class... Bs>
using scalar_type = typename scalar_type_impl<typename concat<list<>, tensor_element_list<Bs>...>::type, Bs...>::type;

/// Checks the bindings, one assertion per kind of mistake.
template <class B>
constexpr bool binding_ok() {
    static_assert(is_a_binding<B>::value,
                  "typegrad: tg::eval and tg::value_and_grad take bindings: `W = array` for a tensor "
                  "variable, `x = value` for a scalar one");
    if constexpr (!is_any_binding_v<B>) {
        return false;
    } else {
        static_assert(is_tensor_binding_v<B> || scalar_binding_of_a_scalar_variable<typename B::variable>::value,
                      "typegrad: a tensor variable is bound to a single number; bind it to its storage with "
                      "`W = array`");
        return is_tensor_binding_v<B> || shape_of<typename B::variable>::rank == 0;
    }
}
template <class... Bs>
constexpr bool bindings_ok() {
    if constexpr (!(binding_ok<Bs>() && ...)) {
        return false;
    } else {
        using elements = typename concat<list<>, tensor_element_list<Bs>...>::type;
        static_assert(same_element_types<elements>::value,
                      "typegrad: the tensors bound in one call must share one element type (the types listed "
                      "in same_element_types)");
        return same_element_types<elements>::value;
    }
}

// ---- layout -------------------------------------------------------------------------------

template <class N>
inline constexpr bool is_tensor_variable = detail::is_variable_v<N> && (shape_of<N>::rank > 0);

/// Values a tensor op keeps after its result, for its vector-Jacobian product: an op that
/// declares `scratch_size<S...>` (S... its operands' shapes) gets that many more elements in
/// its value slice, which its forward writes and its backward reads (logsumexp keeps its
/// exponentials there, so the backward takes none).
template <class Op, class Children>
struct op_scratch {
    static constexpr std::size_t value = 0;
};
template <class Op, class... Cs>
requires requires { Op::template scratch_size<shape_of<Cs>...>; }
struct op_scratch<Op, list<Cs...>> {
    static constexpr std::size_t value = Op::template scratch_size<shape_of<Cs>...>;
};
template <class N>
consteval std::size_t scratch_size_of() {
    if constexpr (detail::is_node_v<N>)
        return op_scratch<typename N::op, typename N::children>::value;
    else
        return 0;
}

/// Every node but a tensor variable (read in place from the caller's storage) has a value
/// slice (its result, then its op's scratch values); every non-variable node that depends on
/// a differentiated variable has an adjoint slice (a variable's adjoint is its gradient,
/// written to the result or the caller's buffer).
template <class N>
inline constexpr std::size_t value_size = is_tensor_variable<N> ? 0 : shape_of<N>::size + scratch_size_of<N>();
template <class N, class Differentiated>
inline constexpr std::size_t adjoint_size =
    detail::is_variable_v<N> || !detail::depends_on_any<N, Differentiated> ? 0 : shape_of<N>::size;

template <std::size_t N>
constexpr std::array<std::size_t, N + 1> prefix_sums(const std::array<std::size_t, N>& sizes) {
    std::array<std::size_t, N + 1> offsets{};
    for (std::size_t i = 0; i < N; ++i) offsets[i + 1] = offsets[i] + sizes[i];
    return offsets;
}

template <class Nodes, class Differentiated>
struct layout;
template <class... Ns, class Differentiated>
struct layout<list<Ns...>, Differentiated> {
    static constexpr std::size_t count = sizeof...(Ns);
    /// False when a node has a dynamic extent: the offsets are then runtime_layout's
    /// (tensor/extents.hpp), computed once per call, and these are not used.
    static constexpr bool fixed = all_of_values({shape_of<Ns>::fixed...});
    static constexpr auto value_offsets = prefix_sums<count>({value_size<Ns>...});
    static constexpr auto adjoint_offsets = prefix_sums<count>({adjoint_size<Ns, Differentiated>...});
    static constexpr std::size_t values = value_offsets[count];
    static constexpr std::size_t adjoints = adjoint_offsets[count];
};

/// A stored node's tangent slice in the forward-mode sweep (tensor/tangent_sweep.hpp): the
/// size of its value slice (its result and its op's scratch values, which the op's jvp may
/// use) when it depends on a seeded variable; nothing for a tensor variable, whose tangent
/// is read in place from the caller's storage.
template <class N, class Seeded>
inline constexpr std::size_t tangent_size = detail::depends_on_any<N, Seeded> ? value_size<N> : 0;

template <class Nodes, class Seeded>
struct tangent_layout;
template <class... Ns, class Seeded>
struct tangent_layout<list<Ns...>, Seeded> {
    static constexpr auto offsets = prefix_sums<sizeof...(Ns)>({tangent_size<Ns, Seeded>...});
    static constexpr std::size_t tangents = offsets[sizeof...(Ns)];
};

/// The layout of E's workspace when the variables Differentiated are (by default all): the
/// nodes the sweep stores (fusion_of<E>::nodes, without the nodes inside fused regions).
template <class E, class Differentiated = variables_of<E>>
using layout_of = layout<typename fusion_of<E>::nodes, Differentiated>;
/// The tangent layout of E when the variables Seeded carry tangents (by default all).
template <class E, class Seeded = variables_of<E>>
using tangent_layout_of = tangent_layout<typename fusion_of<E>::nodes, Seeded>;

}  // namespace typegrad::detail

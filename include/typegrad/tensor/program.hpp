/// @file
/// Defines the tensor engine: the storage layout of a tensor expression (one slice of
/// one flat array per unique node, at compile-time offsets), the forward sweep and the
/// reverse sweep of vector-Jacobian products.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/reverse.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace typegrad::tensor_detail {

using detail::at_t;
using detail::index_of;
using detail::variables_of;

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

template <class Acc, class... Ls>
struct concat {
    using type = Acc;
};
template <class... As, class... Bs, class... Ls>
struct concat<list<As...>, list<Bs...>, Ls...> {
    using type = typename concat<list<As..., Bs...>, Ls...>::type;
};

template <class B>
using differentiated_variable =
    std::conditional_t<gradient_of<B>() == gradient_to::none, list<>, list<typename B::variable>>;

/// The bindings of one call, by reference (they live until the end of the call).
template <class... Bs>
struct environment {
    using variables = list<typename Bs::variable...>;
    /// The variables whose gradients are wanted (all but those bound with .no_grad()).
    using differentiated = typename concat<list<>, differentiated_variable<Bs>...>::type;
    std::tuple<const Bs&...> bindings;

    template <class Var>
    static constexpr bool binds = detail::contains<Var, variables>;

    template <class Var>
    constexpr const auto& get() const {
        return std::get<index_of<Var, variables>>(bindings);
    }
};

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
    using type = T0;  // check_call asserts that Ts... are all T0
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
    static constexpr auto value_offsets = prefix_sums<count>({value_size<Ns>...});
    static constexpr auto adjoint_offsets = prefix_sums<count>({adjoint_size<Ns, Differentiated>...});
    static constexpr std::size_t values = value_offsets[count];
    static constexpr std::size_t adjoints = adjoint_offsets[count];
};

/// The layout of E's workspace when the variables Differentiated are (by default all).
template <class E, class Differentiated = variables_of<E>>
using layout_of = layout<detail::topological_order<E>, Differentiated>;

// ---- elementwise application of a scalar op -----------------------------------------------

/// The index into an operand of shape S of element i of a result of shape Shape: a scalar
/// operand is broadcast, a row operand (M against N x M) is repeated on every row.
template <class S, class Shape>
constexpr std::size_t element(std::size_t i) {
    if constexpr (S::size == Shape::size)
        return i;
    else if constexpr (S::size == 1)
        return 0;
    else
        return i % S::size;
}

/// out_i = Op::value(child_i...): the core's scalar value rule, element by element.
template <class Op, class Shape, class... Ss, class T, class... Ptrs>
constexpr void map_forward(T* out, Ptrs... in) {
    for (std::size_t i = 0; i < Shape::size; ++i) out[i] = static_cast<T>(Op::value(in[element<Ss, Shape>(i)]...));
}

/// g_i (=|+=) chain_mul(up_i, Op::partial<S>(child_i..., self_i)): the core's scalar partial,
/// element by element (a Hadamard product with the upstream adjoint). A broadcast child
/// receives the sum over the elements it was broadcast to: all of them for a scalar, each
/// column for a row. A partial that is a compile-time zero costs nothing (or zeroes the
/// adjoint, if this is its first use).
template <class Op, std::size_t S, bool Assign, class Shape, class... Ss, class T, class... Ptrs>
constexpr void map_backward(T* g, const T* up, const T* self, Ptrs... in) {
    using Child = at_t<S, list<Ss...>>;
    const auto contribution = [&](std::size_t i) {
        return detail::to_number<T>(chain_mul(up[i], Op::template partial<S>(in[element<Ss, Shape>(i)]..., self[i])));
    };
    using C = decltype(chain_mul(up[0], Op::template partial<S>(in[0]..., self[0])));
    if constexpr (std::is_same_v<std::remove_cvref_t<C>, zero_t>) {
        if constexpr (Assign)
            for (std::size_t i = 0; i < Child::size; ++i) g[i] = T(0);
    } else if constexpr (Child::size == Shape::size) {
        for (std::size_t i = 0; i < Shape::size; ++i) store<Assign>(g[i], contribution(i));
    } else if constexpr (Child::size == 1) {
        T total = contribution(0);
        for (std::size_t i = 1; i < Shape::size; ++i) total = total + contribution(i);
        store<Assign>(g[0], total);
    } else {
        constexpr std::size_t M = Child::size, rows = Shape::size / M;
        for (std::size_t j = 0; j < M; ++j) store<Assign>(g[j], contribution(j));
        for (std::size_t r = 1; r < rows; ++r)
            for (std::size_t j = 0; j < M; ++j) g[j] = g[j] + contribution(r * M + j);
    }
}

/// Ops whose vector-Jacobian product gives every element of the operand the same value
/// (`uniform_vjp`: sum), and ops with a kernel for that case (`backward_uniform`: matmul).
template <class Op>
concept uniform_vjp = requires {
    requires Op::uniform_vjp;
};
template <class N>
consteval bool has_uniform_vjp_op() {
    if constexpr (detail::is_node_v<N>)
        return uniform_vjp<typename N::op>;
    else
        return false;
}

/// True when every parent of N in Nodes hands it a uniform adjoint (all its elements equal):
/// then N's adjoint is u 1 1^T for the scalar u in its first element.
template <class N, class Nodes>
struct uniform_adjoint;
template <class N, class... Ns>
struct uniform_adjoint<N, list<Ns...>> {
    static constexpr bool value = detail::all_of_values(
        {(!detail::contains<N, typename detail::children_of<Ns>::type> || has_uniform_vjp_op<Ns>())...});
};

template <class L>
inline constexpr std::size_t literal_index = 0;
template <std::size_t I, class U>
inline constexpr std::size_t literal_index<literal<I, U>> = I;

// ---- the sweeps ---------------------------------------------------------------------------

/// The forward and reverse sweeps over the unique nodes of E, in and against topological
/// order. `values` and `adjoints` are flat arrays laid out by layout_of<E>; `gradients`
/// holds, per bound variable, where its gradient goes.
template <class E, class Env, class T>
struct sweep {
    using nodes = detail::topological_order<E>;
    using differentiated = typename Env::differentiated;
    using L = layout<nodes, differentiated>;
    using variables = typename Env::variables;

    template <class N>
    static constexpr bool needs_adjoint = detail::depends_on_any<N, differentiated>;

    const E& root;
    const Env& env;
    T* values;
    T* adjoints;
    T* const* gradients;

    template <class N>
    static constexpr std::size_t slot = index_of<N, nodes>;

    /// const T*; for a variable bound to labels (`y = labels`), the labels' const L*.
    template <class N>
    constexpr auto value() const {
        if constexpr (is_tensor_variable<N>)
            return env.template get<N>().data;
        else
            return static_cast<const T*>(values + L::value_offsets[slot<N>]);
    }
    template <class N>
    constexpr T* adjoint() const {
        if constexpr (detail::is_variable_v<N>)
            return gradients[index_of<N, variables>];
        else
            return adjoints + L::adjoint_offsets[slot<N>];
    }

    template <class Literal>
    constexpr decltype(auto) literal_value() const {
        if constexpr (detail::is_literal_v<E>)
            return (root.value);
        else
            return detail::find_literal<literal_index<Literal>>(root);
    }

    template <class N>
    constexpr void forward_node() const {
        if constexpr (is_tensor_variable<N>) {
            // read in place
        } else if constexpr (detail::is_variable_v<N>) {
            values[L::value_offsets[slot<N>]] = static_cast<T>(env.template get<N>().value);
        } else if constexpr (detail::is_constant_v<N> || detail::is_real_constant_v<N>) {
            values[L::value_offsets[slot<N>]] = detail::to_number<T>(N{});
        } else if constexpr (detail::is_literal_v<N>) {
            values[L::value_offsets[slot<N>]] = static_cast<T>(literal_value<N>());
        } else {
            forward_op(static_cast<typename N::family*>(nullptr));
        }
    }
    template <class Op, class... Cs>
    constexpr void forward_op(node_family<Op, Cs...>*) const {
        using N = node<Op, Cs...>;
        T* out = values + L::value_offsets[slot<N>];
        if constexpr (tensor_op<Op>)
            Op::template forward<shape_of<Cs>...>(out, value<Cs>()...);
        else
            map_forward<Op, shape_of<N>, shape_of<Cs>...>(out, value<Cs>()...);
    }

    /// Node N hands its adjoint to each child that depends on a variable.
    template <class N>
    constexpr void backward_node() const {
        if constexpr (detail::is_node_v<N> && needs_adjoint<N>) backward_op(static_cast<typename N::family*>(nullptr));
    }
    template <class Op, class... Cs>
    constexpr void backward_op(node_family<Op, Cs...>*) const {
        [&]<std::size_t... S>(std::index_sequence<S...>) { (backward_child<S, Op, Cs...>(), ...); }
        (std::index_sequence_for<Cs...>{});
    }
    template <std::size_t S, class Op, class... Cs>
    constexpr void backward_child() const {
        using N = node<Op, Cs...>;
        using C = at_t<S, list<Cs...>>;
        if constexpr (needs_adjoint<C>) {
            // Every parent of C needs an adjoint too, so all of C's uses are visited and the
            // first one in the sweep (which assigns) is the core's first_use.
            using use = detail::first_use<nodes, C>;
            constexpr bool first = use::parent == slot<N> && use::slot == S;
            if constexpr (tensor_op<Op> && requires { &Op::template backward_uniform<S, first, shape_of<Cs>..., T>; } &&
                          !std::is_same_v<N, E> && uniform_adjoint<N, nodes>::value)
                // A uniform upstream (sum of this node): the op's rank-one kernel.
                Op::template backward_uniform<S, first, shape_of<Cs>...>(adjoint<C>(), adjoint<N>()[0], value<Cs>()...);
            else if constexpr (tensor_op<Op>)
                Op::template backward<S, first, shape_of<Cs>...>(adjoint<C>(), adjoint<N>(), value<Cs>()...,
                                                                 value<N>());
            else
                map_backward<Op, S, first, shape_of<N>, shape_of<Cs>...>(adjoint<C>(), adjoint<N>(), value<N>(),
                                                                         value<Cs>()...);
        }
    }

    constexpr void forward() const {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (forward_node<at_t<I, nodes>>(), ...); }
        (std::make_index_sequence<L::count>{});
    }
    /// Seeds the root's adjoint with 1 and runs the nodes from the root down: a node's
    /// adjoint is complete before it is read, because all its parents come later in
    /// topological order.
    constexpr void backward() const {
        if constexpr (needs_adjoint<E>) {
            adjoint<E>()[0] = T(1);
            [&]<std::size_t... I>(std::index_sequence<I...>) { (backward_node<at_t<L::count - 1 - I, nodes>>(), ...); }
            (std::make_index_sequence<L::count>{});
        }
    }
};

}  // namespace typegrad::tensor_detail

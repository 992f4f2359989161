/// @file
/// Defines the run-time side of dynamic extents (`tg::var<"y", tg::dynamic>`): the value of
/// each symbolic extent in a call (read from the binding of its variable), the shape relations
/// that only a call can check (checked once, before anything is read or written), and the
/// workspace layout of a call, linear in the extents.
#pragma once

#include <typegrad/core/graph.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/storage.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>

namespace typegrad::detail {

// ---- the value of a symbolic extent in a call ---------------------------------------------

template <std::size_t E, class V>
consteval bool owns_extent() {
    using S = shape_of<V>;
    if constexpr (S::rank > symbolic_axis(E))
        return S::extents[symbolic_axis(E)] == E;
    else
        return false;
}
template <std::size_t E, class... Vs>
consteval std::size_t owner_index(list<Vs...>*) {
    constexpr bool owns[] = {owns_extent<E, Vs>()..., true};
    std::size_t i = 0;
    while (!owns[i]) ++i;
    return i;
}
/// The variable whose axis the symbolic extent E is.
template <std::size_t E, class Variables>
using owner_of = at_t<owner_index<E>(static_cast<Variables*>(nullptr)), Variables>;

/// The extent E in the call whose bindings are env: E itself, or the run-time extent of the
/// bound variable it names.
template <std::size_t E, class Env>
constexpr std::size_t extent_value(const Env& env) {
    if constexpr (!is_symbolic(E))
        return E;
    else
        return detail::binding_for<owner_of<E, typename Env::variables>>(env).extents[symbolic_axis(E)];
}

template <class Shape>
struct runtime_shape;
template <std::size_t... Es>
struct runtime_shape<shape<Es...>> {
    template <class Env>
    static constexpr std::array<std::size_t, sizeof...(Es)> extents(const Env& env) {
        return {extent_value<Es>(env)...};
    }
    template <class Env>
    static constexpr std::size_t count(const Env& env) {
        if constexpr (shape<Es...>::fixed)
            return shape<Es...>::size;
        else
            return (extent_value<Es>(env) * ... * std::size_t{1});
    }
};

/// The number of elements of Shape in a call (Shape::size for a fixed shape).
template <class Shape, class Env>
constexpr std::size_t element_count(const Env& env) {
    return runtime_shape<Shape>::count(env);
}

/// Rows and columns of Shape in a call; a vector is a column, a scalar 1 x 1.
template <class Shape, class Env>
constexpr dims2 dims_of(const Env& env) {
    const auto e = runtime_shape<Shape>::extents(env);
    if constexpr (Shape::rank == 0)
        return {1, 1};
    else if constexpr (Shape::rank == 1)
        return {e[0], 1};
    else
        return {e[0], e[1]};
}

// ---- shape relations checked once per call ------------------------------------------------

/// "y" of shape 7 x 4 (the variable an extent belongs to), or "a fixed extent of 3".
template <std::size_t E, class Env>
std::string extent_owner_text(const Env& env) {
    if constexpr (!is_symbolic(E)) {
        return "a fixed extent of " + std::to_string(E);
    } else {
        using V = owner_of<E, typename Env::variables>;
        const auto e = runtime_shape<shape_of<V>>::extents(env);
        return "\"" + std::string(V::name.view()) + "\" of shape " + shape_text(e.data(), e.size());
    }
}

/// Throws the shape_error of check_extent_pair (out of line: the check itself is a compare).
template <std::size_t A, std::size_t B, class Op, class Env>
TYPEGRAD_COLD void throw_extent_mismatch(const Env& env, const char* relation) {
    const std::size_t a = extent_value<A>(env), b = extent_value<B>(env);
    throw shape_error("typegrad: shape mismatch in " + std::string(Op::name) + " (" + relation +
                      "): " + extent_owner_text<A, Env>(env) + " against " + extent_owner_text<B, Env>(env) + " (" +
                      std::to_string(a) + " against " + std::to_string(b) + ")");
}
/// Throws shape_error unless extents A and B of node Op's operands are equal in this call.
template <std::size_t A, std::size_t B, class Op, class Env>
TYPEGRAD_ALWAYS_INLINE constexpr void check_extent_pair(const Env& env, const char* relation) {
    if constexpr (A != B) {
        if (extent_value<A>(env) != extent_value<B>(env)) [[unlikely]]
            throw_extent_mismatch<A, B, Op>(env, relation);
    }
}
template <class Op, class SA, class SB, class Env, std::size_t... D>
constexpr void check_same_extents(const Env& env, std::index_sequence<D...>) {
    (check_extent_pair<SA::extents[D], SB::extents[D], Op>(env, "operands of one shape"), ...);
}

/// The relations of node N's operands that involve a dynamic extent: an elementwise
/// operand of the result's rank has the result's extents (a row or a scalar is broadcast),
/// a matrix product's inner extents agree, dot's operands have one shape.
template <class N, class Env>
constexpr void check_node_extents(const Env& env) {
    if constexpr (detail::is_node_v<N>)
        [&]<class Op, class... Cs>(node_family<Op, Cs...>*) {
            using SN = shape_of<N>;
            if constexpr (std::is_same_v<Op, matmul_op>) {
                using D = matmul_dims<shape_of<Cs>...>;
                check_extent_pair<D::inner, D::inner_b, Op>(env, "the columns of A against the rows of B");
            } else if constexpr (std::is_same_v<Op, dot_op>) {
                using SA = shape_of<at_t<0, list<Cs...>>>;
                using SB = shape_of<at_t<1, list<Cs...>>>;
                check_same_extents<Op, SA, SB>(env, std::make_index_sequence<SA::rank>{});
            } else if constexpr (!tensor_op<Op>) {
                (
                    [&]<class SC>(SC*) {
                        if constexpr (SC::rank == SN::rank && SN::rank > 0 && !is_row_of<SC, SN>)
                            check_same_extents<Op, SC, SN>(env, std::make_index_sequence<SN::rank>{});
                    }(static_cast<shape_of<Cs>*>(nullptr)),
                    ...);
            }
        }(static_cast<typename N::family*>(nullptr));
}

/// Every relation of E that only the call can check, before the call reads or writes.
template <class E, class Env>
constexpr void check_extents(const Env& env) {
    [&]<class... Ns>(list<Ns...>*) {
        (check_node_extents<Ns>(env), ...);
    }(static_cast<detail::topological_order<E>*>(nullptr));
}

// ---- the layout of a call -----------------------------------------------------------------

/// The scratch values of node N in a call: scratch_size_of<N>() when its operands' extents are
/// fixed, its op's `scratch_size_dims` of their run-time extents when one is dynamic.
template <class Op, class Children>
struct dynamic_scratch {
    template <class Env>
    static constexpr std::size_t count(const Env&) {
        return 0;
    }
};
template <class Op, class... Cs>
struct dynamic_scratch<Op, list<Cs...>> {
    template <class Env>
    static constexpr std::size_t count(const Env& env) {
        if constexpr ((shape_of<Cs>::fixed && ...)) {
            return op_scratch<Op, list<Cs...>>::value;
        } else {
            constexpr bool sized_at_run_time = requires { &Op::template scratch_size_dims<shape_of<Cs>...>; };
            static_assert(
                sized_at_run_time || op_scratch<Op, list<Cs...>>::value == 0,
                "typegrad: an op that keeps scratch values takes a dynamic extent only with scratch_size_dims");
            if constexpr (sized_at_run_time)
                return Op::template scratch_size_dims<shape_of<Cs>...>({dims_of<shape_of<Cs>>(env)...});
            else
                return 0;
        }
    }
};
template <class N, class Env>
constexpr std::size_t scratch_elements(const Env& env) {
    if constexpr (detail::is_node_v<N>)
        return dynamic_scratch<typename N::op, typename N::children>::count(env);
    else
        return 0;
}

/// The offsets of each stored node's value and adjoint slices in a call whose expression
/// has a dynamic extent: layout's sizes with the call's extents, summed once per call.
template <class Nodes, class Differentiated>
struct runtime_layout;
template <class... Ns, class Differentiated>
struct runtime_layout<list<Ns...>, Differentiated> {
    static constexpr std::size_t count = sizeof...(Ns);
    std::array<std::size_t, count + 1> value_offsets{};
    std::array<std::size_t, count + 1> adjoint_offsets{};

    template <class Env>
    TYPEGRAD_ALWAYS_INLINE constexpr explicit runtime_layout(const Env& env) {
        std::size_t k = 0;
        (
            [&] {
                const std::size_t n = element_count<shape_of<Ns>>(env);
                value_offsets[k + 1] = value_offsets[k] + (is_tensor_variable<Ns> ? 0 : n + scratch_elements<Ns>(env));
                adjoint_offsets[k + 1] =
                    adjoint_offsets[k] +
                    (detail::is_variable_v<Ns> || !detail::depends_on_any<Ns, Differentiated> ? 0 : n);
                ++k;
            }(),
            ...);
    }
    constexpr std::size_t values() const { return value_offsets[count]; }
    constexpr std::size_t adjoints() const { return adjoint_offsets[count]; }
};

}  // namespace typegrad::detail

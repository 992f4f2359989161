/// @file
/// Defines `tg::stack(a, b, ...)`: a vector made of scalar expressions (logsumexp(x, x)
/// is logsumexp(stack(x, x))), with its vector-Jacobian product.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>

namespace typegrad {

namespace detail {
/// The diagnostic of stack(...): every operand is a scalar.
template <class... Ss>
struct stacked_operands_are_scalars {
    static constexpr bool value = ((Ss::rank == 0) && ...);
};
}  // namespace detail

/// stack(a_0, ..., a_{n-1}) = the vector [a_0, ..., a_{n-1}]. Backward: da_i = dy_i, so a
/// scalar stacked twice receives the sum of its two elements' adjoints.
struct stack_op {
    static constexpr std::string_view name = "stack";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class... Ss>
    using result_shape = shape<sizeof...(Ss)>;

    template <class... Ss, class T, class... In>
    static constexpr void forward(T* out, const In*... in) {
        std::size_t i = 0;
        ((out[i++] = static_cast<T>(in[0])), ...);
    }

    /// Linear: element i is operand i's tangent (0 for a null one). The arguments are the n
    /// operands' values, their n tangents, then self, as in every op's jvp.
    template <class... Ss, class T, class... Args>
    static constexpr void jvp(T* out, const Args*... args) {
        constexpr std::size_t n = sizeof...(Ss);
        static_assert(sizeof...(Args) == 2 * n + 1);
        const std::tuple<const Args*...> all{args...};
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((out[I] = std::get<n + I>(all) == nullptr ? T(0) : static_cast<T>(std::get<n + I>(all)[0])), ...);
        }
        (std::make_index_sequence<n>{});
    }

    template <std::size_t I, bool Assign, class... Ss, class T, class... In>
    static constexpr void backward(T* g, const T* up, const In*...) {
        detail::store<Assign>(g[0], up[I]);
    }
};

/// The vector of the given scalars (numbers become literals).
template <class A, class... Rest>
requires operand<A> &&(operand<Rest>&&...) &&
    (expression<A> || (expression<Rest> || ...)) constexpr auto stack(const A& a, const Rest&... rest) {
    static_assert(detail::stacked_operands_are_scalars<shape_of<decltype(as_expression(a))>,
                                                       shape_of<decltype(as_expression(rest))>...>::value,
                  "typegrad: stack(a, b, ...) makes a vector of scalars; the operands' shapes are the arguments "
                  "of stacked_operands_are_scalars");
    return make_node<stack_op>(as_expression(a), as_expression(rest)...);
}

}  // namespace typegrad

/// @file
/// Defines `tg::concat(a, b)`: two vectors end to end, or two matrices with as many columns
/// stacked, with its forward kernel, vector-Jacobian and Jacobian-vector products.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <string_view>

namespace typegrad {

namespace detail {

template <class SA, class SB, bool Matrices = SA::rank == 2 && SB::rank == 2>
struct concat_result {
    using type = shape<SA::size + SB::size>;
};
template <class SA, class SB>
struct concat_result<SA, SB, true> {
    using type = shape<SA::extents[0] + SB::extents[0], SA::extents[1]>;
};

template <class SA, class SB>
struct concat_dims {
    static constexpr bool ok = [] {
        if constexpr (SA::rank == 1 && SB::rank == 1)
            return true;
        else if constexpr (SA::rank == 2 && SB::rank == 2)
            return SA::extents[SA::rank - 1] == SB::extents[SB::rank - 1];
        else
            return false;
    }();
    using result = typename concat_result<SA, SB>::type;
};

/// The diagnostic asserted in concat: the failed requirement names the two shapes.
template <class SA, class SB>
struct concat_shapes_agree {
    static constexpr bool value = concat_dims<SA, SB>::ok;
};
}  // namespace detail

/// concat(a, b): two vectors end to end (N + M), or two matrices of C columns stacked, a's
/// rows first ((R1 + R2) x C). Row-major, both are a's elements followed by b's.
struct concat_op {
    static constexpr std::string_view name = "concat";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class SA, class SB>
    using result_shape = typename detail::concat_dims<SA, SB>::result;

    template <class SA, class SB, class T>
    static constexpr void forward(T* out, const T* a, const T* b) {
        for (std::size_t i = 0; i < SA::size; ++i) out[i] = a[i];
        for (std::size_t i = 0; i < SB::size; ++i) out[SA::size + i] = b[i];
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T*, const T*) {
        constexpr std::size_t n = I == 0 ? SA::size : SB::size;
        const T* part = up + (I == 0 ? 0 : SA::size);
        for (std::size_t i = 0; i < n; ++i) detail::store<Assign>(g[i], part[i]);
    }

    // A null tangent is a zero part of the result.
    template <class SA, class SB, class T>
    static constexpr void jvp(T* out, const T*, const T*, const T* ta, const T* tb, const T*) {
        for (std::size_t i = 0; i < SA::size; ++i) out[i] = ta ? ta[i] : T(0);
        for (std::size_t i = 0; i < SB::size; ++i) out[SA::size + i] = tb ? tb[i] : T(0);
    }
};

/// Two vectors end to end, or two matrices with as many columns stacked (a's rows first).
template <expression A, expression B>
constexpr auto concat(const A& a, const B& b) {
    static_assert(detail::concat_shapes_agree<shape_of<A>, shape_of<B>>::value,
                  "typegrad: concat(a, b) takes two vectors, or two matrices with the same number of columns; the "
                  "two shapes are the arguments of concat_shapes_agree");
    if constexpr (!detail::concat_shapes_agree<shape_of<A>, shape_of<B>>::value)
        return c<0>;
    else
        return make_node<concat_op>(a, b);
}

}  // namespace typegrad

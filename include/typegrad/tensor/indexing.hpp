/// @file
/// Defines the tensor ops that select or rearrange elements: `tg::element<i, j>(A)`,
/// `tg::element<i>(v)`, `tg::row<i>(A)`, `tg::col<j>(A)`, `tg::slice<begin, count>(v)`,
/// and `tg::reshape<R, C>(A)` (`tg::concat`: tensor/concat.hpp), each with its forward kernel, its
/// vector-Jacobian product (`backward`) and its Jacobian-vector product (`jvp`). All are
/// linear: the jvp is the forward applied to the tangent, and every value is an element of an
/// operand, bit for bit.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// The elements `offset + k stride`, k < count, of an operand (row-major), as a result of
/// shape Result: what element, row, col, slice and reshape select.
template <std::size_t Offset, std::size_t Count, std::size_t Stride, class Result>
struct strided_pick {
    static constexpr std::size_t offset = Offset, count = Count, stride = Stride;
    using result = Result;
};

template <class S, std::size_t... Is>
struct element_dims {
    static constexpr bool ok = [] {
        if constexpr (sizeof...(Is) != S::rank || S::rank == 0) {
            return false;
        } else {
            const std::size_t index[] = {Is...};
            for (std::size_t d = 0; d < S::rank; ++d)
                if (index[d] >= S::extents[d]) return false;
            return true;
        }
    }();
    static constexpr std::size_t flat = [] {
        if constexpr (!ok) {
            return std::size_t{0};
        } else {
            const std::size_t index[] = {Is...};
            std::size_t f = 0;
            for (std::size_t d = 0; d < S::rank; ++d) f = f * S::extents[d] + index[d];
            return f;
        }
    }();
    using pick = strided_pick<flat, 1, 1, shape<>>;
};

template <class S, std::size_t I>
struct row_dims {
    static constexpr bool ok = S::rank == 2 && I < S::extents[0];
    static constexpr std::size_t cols = S::rank == 2 ? S::extents[S::rank == 2 ? 1 : 0] : 1;
    using pick = strided_pick<I * cols, cols, 1, shape<cols>>;
};

template <class S, std::size_t J>
struct col_dims {
    static constexpr bool ok = S::rank == 2 && J < S::extents[S::rank == 2 ? 1 : 0];
    static constexpr std::size_t rows = S::rank == 2 ? S::extents[0] : 1;
    static constexpr std::size_t cols = S::rank == 2 ? S::extents[S::rank == 2 ? 1 : 0] : 1;
    using pick = strided_pick<J, rows, cols, shape<rows>>;
};

template <class S, std::size_t Begin, std::size_t Count>
struct slice_dims {
    static constexpr bool ok = S::rank == 1 && Count > 0 && Begin + Count <= S::size;
    using pick = strided_pick<Begin, Count, 1, shape<Count>>;
};

template <class S, std::size_t... Es>
struct reshape_dims {
    static constexpr bool ok = S::rank > 0 && (sizeof...(Es) == 1 || sizeof...(Es) == 2) && ((Es > 0) && ...) &&
                               (Es * ... * 1) == S::size;
    using pick = strided_pick<0, S::size, 1, shape<Es...>>;
};

/// Diagnostics, asserted in the functions users call: the failed requirement names the
/// shape and the indices.
template <class S, std::size_t... Is>
struct element_index_in_range {
    static constexpr bool value = element_dims<S, Is...>::ok;
};
template <class S, std::size_t I>
struct row_index_in_range {
    static constexpr bool value = row_dims<S, I>::ok;
};
template <class S, std::size_t J>
struct col_index_in_range {
    static constexpr bool value = col_dims<S, J>::ok;
};
template <class S, std::size_t Begin, std::size_t Count>
struct slice_in_range {
    static constexpr bool value = slice_dims<S, Begin, Count>::ok;
};
template <class S, std::size_t... Es>
struct reshape_keeps_size {
    static constexpr bool value = reshape_dims<S, Es...>::ok;
};

/// The printed name of a parametrized op: `row<2>(A)`.
template <std::size_t... Ns>
std::string with_indices(std::string_view name, const std::string& operand) {
    std::string s(name);
    s += '<';
    std::size_t k = 0;
    ((s += (k++ ? ", " : "") + std::to_string(Ns)), ...);
    return s + ">(" + operand + ")";
}

/// The rule shared by the ops that pick elements (Picks<S>::pick is a strided_pick).
template <template <class> class Picks>
struct pick_rule {
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class S>
    using result_shape = typename Picks<S>::pick::result;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        using P = typename Picks<S>::pick;
        for (std::size_t k = 0; k < P::count; ++k) out[k] = a[P::offset + k * P::stride];
    }

    // g[offset + k stride] (=|+=) up[k]; an assigning store zeroes the elements not picked.
    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T*) {
        using P = typename Picks<S>::pick;
        if constexpr (Assign)
            if constexpr (P::count != S::size)
                for (std::size_t i = 0; i < S::size; ++i) g[i] = T(0);
        for (std::size_t k = 0; k < P::count; ++k) store<Assign>(g[P::offset + k * P::stride], up[k]);
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T*) {
        forward<S>(out, ta);
    }
};

template <std::size_t... Is>
struct element_picks {
    template <class S>
    using type = element_dims<S, Is...>;
};
template <std::size_t I>
struct row_picks {
    template <class S>
    using type = row_dims<S, I>;
};
template <std::size_t J>
struct col_picks {
    template <class S>
    using type = col_dims<S, J>;
};
template <std::size_t Begin, std::size_t Count>
struct slice_picks {
    template <class S>
    using type = slice_dims<S, Begin, Count>;
};
template <std::size_t... Es>
struct reshape_picks {
    template <class S>
    using type = reshape_dims<S, Es...>;
};

}  // namespace detail

/// element<i, j>(A) = A(i, j); element<i>(v) = v(i): a scalar.
template <std::size_t... Is>
struct element_op : detail::pick_rule<detail::element_picks<Is...>::template type> {
    static constexpr std::string_view name = "element";
    static std::string format(const std::string& a) { return detail::with_indices<Is...>(name, a); }
};

/// row<i>(A): row i of an R x C matrix, a vector of C.
template <std::size_t I>
struct row_op : detail::pick_rule<detail::row_picks<I>::template type> {
    static constexpr std::string_view name = "row";
    static std::string format(const std::string& a) { return detail::with_indices<I>(name, a); }
};

/// col<j>(A): column j of an R x C matrix, a vector of R.
template <std::size_t J>
struct col_op : detail::pick_rule<detail::col_picks<J>::template type> {
    static constexpr std::string_view name = "col";
    static std::string format(const std::string& a) { return detail::with_indices<J>(name, a); }
};

/// slice<begin, count>(v): the elements v(begin), ..., v(begin + count - 1), a vector of count.
template <std::size_t Begin, std::size_t Count>
struct slice_op : detail::pick_rule<detail::slice_picks<Begin, Count>::template type> {
    static constexpr std::string_view name = "slice";
    static std::string format(const std::string& a) { return detail::with_indices<Begin, Count>(name, a); }
};

/// reshape<R, C>(A) (or reshape<N>(A)): the same elements in row-major order, another shape
/// of the same size.
template <std::size_t... Es>
struct reshape_op : detail::pick_rule<detail::reshape_picks<Es...>::template type> {
    static constexpr std::string_view name = "reshape";
    static std::string format(const std::string& a) { return detail::with_indices<Es...>(name, a); }
};

// ---- the functions users call -----------------------------------------------------------

/// A(i, j) of a matrix, v(i) of a vector; an index out of range is a compile error.
template <std::size_t... Is, expression A>
constexpr auto element(const A& a) {
    static_assert(detail::element_index_in_range<shape_of<A>, Is...>::value,
                  "typegrad: element<i, j>(A) of a matrix or element<i>(v) of a vector needs one index per "
                  "dimension, each less than its extent; the shape and the indices are the arguments of "
                  "element_index_in_range");
    if constexpr (!detail::element_index_in_range<shape_of<A>, Is...>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return make_node<element_op<Is...>>(a);
}

/// Row i of a matrix (a vector).
template <std::size_t I, expression A>
constexpr auto row(const A& a) {
    static_assert(detail::row_index_in_range<shape_of<A>, I>::value,
                  "typegrad: row<i>(A) needs a matrix and i less than its number of rows; the shape and i are "
                  "the arguments of row_index_in_range");
    if constexpr (!detail::row_index_in_range<shape_of<A>, I>::value)
        return c<0>;
    else
        return make_node<row_op<I>>(a);
}

/// Column j of a matrix (a vector).
template <std::size_t J, expression A>
constexpr auto col(const A& a) {
    static_assert(detail::col_index_in_range<shape_of<A>, J>::value,
                  "typegrad: col<j>(A) needs a matrix and j less than its number of columns; the shape and j "
                  "are the arguments of col_index_in_range");
    if constexpr (!detail::col_index_in_range<shape_of<A>, J>::value)
        return c<0>;
    else
        return make_node<col_op<J>>(a);
}

/// count consecutive elements of a vector from begin.
template <std::size_t Begin, std::size_t Count, expression A>
constexpr auto slice(const A& a) {
    static_assert(detail::slice_in_range<shape_of<A>, Begin, Count>::value,
                  "typegrad: slice<begin, count>(v) needs a vector, count > 0 and begin + count at most its "
                  "size; the shape, begin and count are the arguments of slice_in_range");
    if constexpr (!detail::slice_in_range<shape_of<A>, Begin, Count>::value)
        return c<0>;
    else
        return make_node<slice_op<Begin, Count>>(a);
}

/// The elements of a vector or matrix in row-major order as an R x C matrix (reshape<R, C>)
/// or a vector (reshape<N>); the sizes must be equal.
template <std::size_t... Es, expression A>
constexpr auto reshape(const A& a) {
    static_assert(detail::reshape_keeps_size<shape_of<A>, Es...>::value,
                  "typegrad: reshape<R, C>(A) or reshape<N>(A) needs a vector or a matrix of the same number of "
                  "elements; the shape and the new extents are the arguments of reshape_keeps_size");
    if constexpr (!detail::reshape_keeps_size<shape_of<A>, Es...>::value)
        return c<0>;
    else if constexpr (std::is_same_v<shape_of<A>, shape<Es...>>)
        return a;
    else
        return make_node<reshape_op<Es...>>(a);
}

}  // namespace typegrad

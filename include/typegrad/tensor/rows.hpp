/// @file
/// Defines what the row-wise ops (softmax, log_softmax, logsumexp) share: the rows of a
/// shape, the row maximum, and the max-shifted sums of exponentials of a row.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/stack.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// A vector is one row of all its elements; an R x C matrix is R rows of C.
template <class S>
struct rows_of {
    static constexpr std::size_t rows = S::rank == 2 ? S::extents[0] : 1;
    static constexpr std::size_t cols = S::rank == 2 ? S::extents[1] : S::size;
};

template <class S>
struct has_rows {
    static constexpr bool value = S::rank == 1 || S::rank == 2;
};

/// The row shift of the max-shifted forms: the row's maximum, NaN if any element is NaN.
template <class T>
constexpr T row_max(const T* x, std::size_t n) {
    T m = x[0];
    for (std::size_t i = 1; i < n && !detail::math::isnan(m); ++i)
        if (x[i] > m || detail::math::isnan(x[i])) m = x[i];
    return m;
}

/// x - m, taken as 0 where x == m. For a finite m this is exactly x - m. Where the maximum
/// is infinite it is the limit that makes the forms total: m = +inf gives the +inf elements
/// weight 1 each and the others 0; m = -inf (every element -inf) gives all elements weight 1,
/// a uniform distribution (the limit of softmax(c, c, ...) as c -> -inf), instead of
/// -inf - (-inf) = NaN. A NaN anywhere makes m NaN and every shifted element NaN.
template <class T>
constexpr T shifted(const T& x, const T& m) {
    return x == m ? T(0) : x - m;
}

/// The row's max shift m and s = sum_j exp(x_j - m) (s >= 1: the maximum contributes
/// exp(0) = 1, so log s never sees 0 and exp never overflows).
template <class T>
struct row_stats {
    T max;
    T sum;
};
template <class T>
constexpr row_stats<T> stats_of_row(const T* x, std::size_t n) {
    const T m = row_max(x, n);
    T s = detail::math::exp(shifted(x[0], m));
    for (std::size_t j = 1; j < n; ++j) s = s + detail::math::exp(shifted(x[j], m));
    return {m, s};
}

/// stats_of_row, keeping each exp(x_j - m) in e[j]: the same operations in the same order,
/// so the same m and s. softmax keeps them in its result; logsumexp and the softmax
/// cross-entropy keep them as scratch values, so their backward takes no exponential.
template <class T>
constexpr row_stats<T> stats_of_row_kept(const T* x, std::size_t n, T* e) {
    const T m = row_max(x, n);
    T s = T(0);
    for (std::size_t j = 0; j < n; ++j) {
        e[j] = detail::math::exp(shifted(x[j], m));
        s = j == 0 ? e[j] : s + e[j];
    }
    return {m, s};
}

}  // namespace detail

}  // namespace typegrad

/// @file
/// Defines the storage a tensor variable binds to (std::array, C array, std::span of static
/// or dynamic extent, std::vector), how its size is checked against the variable's shape, and
/// tg::shape_error, thrown when a size known only at run time does not match.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace typegrad {

/// A size mismatch found when a call's bindings are made: storage whose size is known only at
/// run time (a std::vector, a std::span with dynamic extent) holds a different number of
/// elements than the variable's shape. The message names the variable, its shape and both
/// sizes. It is thrown while the bindings are made, before the call reads or writes anything.
class shape_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// Row-major storage of `rows` x `cols` elements given with its extents, for a matrix variable
/// with two dynamic extents (`tg::var<"A", tg::dynamic, tg::dynamic>`), or any matrix variable:
/// `A = tg::matrix_storage(std::span(p, r * c), r, c)`. The binding checks the extents.
template <class T>
struct matrix_storage {
    std::span<T> elements;
    std::size_t rows = 0;
    std::size_t cols = 0;
};
template <class S>
matrix_storage(S&, std::size_t, std::size_t)
    -> matrix_storage<std::remove_pointer_t<decltype(std::declval<S&>().data())>>;
template <class T>
matrix_storage(std::span<T>, std::size_t, std::size_t) -> matrix_storage<T>;

namespace detail {

/// What a tensor variable binds to. `extent` is the number of elements when the type fixes it,
/// std::dynamic_extent when only the object knows it. Constness of the elements is kept.
template <class S>
struct storage_kind {
    static constexpr bool supported = false;
    using element = double;
    static constexpr std::size_t extent = 0;
};
template <class T, std::size_t N>
struct storage_kind<std::array<T, N>> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = N;
    static constexpr T* data(std::array<T, N>& s) { return s.data(); }
    static constexpr const T* data(const std::array<T, N>& s) { return s.data(); }
    static constexpr std::size_t size(const std::array<T, N>&) { return N; }
};
template <class T, std::size_t N>
struct storage_kind<T[N]> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = N;
    static constexpr T* data(T (&s)[N]) { return &s[0]; }
    static constexpr const T* data(const T (&s)[N]) { return &s[0]; }
    static constexpr std::size_t size(const T (&)[N]) { return N; }
};
template <class T, std::size_t N>
struct storage_kind<std::span<T, N>> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = N;
    // A span is a view: a const span still gives its elements' constness.
    static constexpr T* data(const std::span<T, N>& s) { return s.data(); }
    static constexpr std::size_t size(const std::span<T, N>& s) { return s.size(); }
};
template <class T, class A>
struct storage_kind<std::vector<T, A>> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = std::dynamic_extent;
    static constexpr T* data(std::vector<T, A>& s) { return s.data(); }
    static constexpr const T* data(const std::vector<T, A>& s) { return s.data(); }
    static constexpr std::size_t size(const std::vector<T, A>& s) { return s.size(); }
};

template <class T>
struct storage_kind<matrix_storage<T>> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = std::dynamic_extent;
    static constexpr T* data(const matrix_storage<T>& s) { return s.elements.data(); }
    static constexpr std::size_t size(const matrix_storage<T>& s) { return s.elements.size(); }
    static constexpr std::size_t rows(const matrix_storage<T>& s) { return s.rows; }
    static constexpr std::size_t cols(const matrix_storage<T>& s) { return s.cols; }
};

/// std::vector<bool> packs its bits: it has no element pointer to bind.
template <class A>
struct storage_kind<std::vector<bool, A>> : storage_kind<void> {};

template <class S>
inline constexpr bool is_std_array = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array<std::array<T, N>> = true;
template <class S>
inline constexpr bool is_std_span = false;
template <class T, std::size_t N>
inline constexpr bool is_std_span<std::span<T, N>> = true;
template <class T>
inline constexpr bool is_std_span<matrix_storage<T>> = true;  // a view, like a span

/// Storage that owns its elements (binding a temporary one would leave a dangling pointer).
template <class S>
inline constexpr bool is_owning_array =
    storage_kind<std::remove_cvref_t<S>>::supported && !is_std_span<std::remove_cvref_t<S>>;

/// The diagnostic of storage whose type fixes a size other than the shape's (asserted, so that
/// the failed requirement names the variable's shape and the storage's size).
template <class Shape, std::size_t StorageSize>
struct storage_size_matches {
    static constexpr bool value = Shape::size == StorageSize;
};
template <class Storage>
struct storage_is_supported {
    static constexpr bool value = false;
};

/// A shape as text: "2 x 3", "dynamic x 4" (a dynamic extent), "scalar".
inline std::string shape_text(const std::size_t* extents, std::size_t rank) {
    std::string shape = rank == 0 ? std::string("scalar") : std::string();
    for (std::size_t d = 0; d < rank; ++d)
        shape += (d == 0 ? "" : " x ") + (extents[d] >> 63 ? std::string("dynamic") : std::to_string(extents[d]));
    return shape;
}
inline std::string element_count_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " element" : " elements"); }

/// The message of a run-time size mismatch: the variable, what was bound, its shape and sizes.
inline std::string size_mismatch_message(std::string_view variable, std::string_view what, const std::size_t* extents,
                                         std::size_t rank, std::size_t expected, std::size_t given) {
    std::string message = "typegrad: size mismatch binding tensor variable \"";
    message.append(variable).append("\" of shape ").append(shape_text(extents, rank));
    message.append(" (").append(element_count_text(expected)).append(") to ").append(what).append(" of ");
    return message.append(element_count_text(given));
}

/// The same for a shape with a dynamic extent whose storage's size is 0 or not a multiple of
/// the product of the fixed extents (`known`).
inline std::string dynamic_size_message(std::string_view variable, std::string_view what, const std::size_t* extents,
                                        std::size_t rank, std::size_t known, std::size_t given) {
    std::string message = "typegrad: size mismatch binding tensor variable \"";
    message.append(variable).append("\" of shape ").append(shape_text(extents, rank)).append(" to ").append(what);
    message.append(" of ").append(element_count_text(given));
    return message.append(given == 0 ? " (a dynamic extent needs at least one element)"
                                     : " (not a multiple of " + std::to_string(known) + ")");
}

template <class Shape>
[[noreturn]] void throw_size_mismatch(std::string_view variable, std::string_view what, std::size_t given) {
    throw shape_error(size_mismatch_message(variable, what, Shape::extents.data(), Shape::rank, Shape::size, given));
}

/// Storage kinds whose matrices are column-major (Eigen's default order): element (r, c) is at
/// c * rows + r. They bind through checked_column_major_pointer (the call copies them).
template <class K>
inline constexpr bool column_major_kind = requires {
    requires K::column_major;
};

/// The diagnostic of column-major storage where typegrad reads row-major elements in place.
template <class K>
constexpr void check_row_major() {
    static_assert(!column_major_kind<K>,
                  "typegrad: a column-major matrix (Eigen's default order) binds only as a matrix variable's "
                  "storage or gradient buffer (`X = m`, `.grad_into(g)`); give a row-major matrix here");
}

/// The element pointer type of storage S: const where the storage is const (a std::span
/// carries its own constness in its element type).
template <class S>
using element_pointer_of = std::conditional_t<std::is_const_v<S> && !is_std_span<std::remove_const_t<S>>,
                                              const typename storage_kind<std::remove_const_t<S>>::element,
                                              typename storage_kind<std::remove_const_t<S>>::element>*;

/// The one diagnostic of storage typegrad does not bind, and a null pointer of its type.
template <class S>
constexpr element_pointer_of<S> unsupported_storage() {
    static_assert(storage_is_supported<std::remove_const_t<S>>::value,
                  "typegrad: a tensor variable binds to a std::array, a C array, a std::span or a "
                  "std::vector; bind a pointer p to n elements as std::span(p, n), so that its size is "
                  "checked");
    return nullptr;
}

/// The element pointer of storage bound to a variable of shape Shape (nullptr and one
/// static_assert for unsupported storage). A size fixed by the storage's type is checked at
/// compile time; a size known at run time is checked here, once, and a mismatch throws
/// shape_error naming `variable`; `what` says which storage ("storage", "a gradient buffer",
/// "labels").
template <class Shape, class S>
constexpr auto checked_pointer(S& storage, std::string_view variable, std::string_view what) {
    using K = storage_kind<std::remove_const_t<S>>;
    using E = element_pointer_of<S>;
    if constexpr (!K::supported) {
        return unsupported_storage<S>();
    } else if constexpr (column_major_kind<K>) {
        check_row_major<K>();
        return static_cast<E>(nullptr);
    } else if constexpr (K::extent != std::dynamic_extent) {
        static_assert(storage_size_matches<Shape, K::extent>::value,
                      "typegrad: the storage bound to a tensor variable must hold exactly as many elements as "
                      "its shape; the variable's shape and the storage's size are the arguments of "
                      "storage_size_matches");
        return static_cast<E>(K::data(storage));
    } else {
        const std::size_t given = K::size(storage);
        if (given != Shape::size) throw_size_mismatch<Shape>(variable, what, given);
        return static_cast<E>(K::data(storage));
    }
}

/// The shape_error of checked_matrix_extents, out of line: the check itself is a few
/// comparisons per binding.
[[noreturn]] inline void throw_matrix_extents_mismatch(std::string_view variable, std::string_view what,
                                                       const std::size_t* expected,
                                                       const std::array<std::size_t, 2>& given, std::size_t size) {
    throw shape_error("typegrad: size mismatch binding tensor variable \"" + std::string(variable) + "\" of shape " +
                      shape_text(expected, 2) + " to " + std::string(what) + " of " + shape_text(given.data(), 2) +
                      " (" + element_count_text(size) + ")");
}

/// The rows and columns of storage that has its own (a matrix), checked against `expected`
/// (a shape's extents, a dynamic one matching any positive extent): a mismatch throws
/// shape_error naming the variable, its shape and the storage's.
template <class S, class Extents>
TYPEGRAD_ALWAYS_INLINE std::array<std::size_t, 2> checked_matrix_extents(S& storage, std::string_view variable,
                                                                         std::string_view what,
                                                                         const Extents& expected) {
    using K = storage_kind<std::remove_const_t<S>>;
    const std::array<std::size_t, 2> given{K::rows(storage), K::cols(storage)};
    bool ok = given[0] * given[1] == K::size(storage) && given[0] > 0 && given[1] > 0;
    for (std::size_t d = 0; d < 2; ++d) ok = ok && (expected[d] >> 63 || expected[d] == given[d]);
    if (!ok) [[unlikely]]
        throw_matrix_extents_mismatch(variable, what, expected.data(), given, K::size(storage));
    return given;
}

/// The element pointer of column-major storage bound to a matrix variable (or given as its
/// gradient buffer), with its rows and columns checked against `expected` (tg::shape_error)
/// and returned in `dims`.
template <class S, class Extents>
constexpr auto checked_column_major_pointer(S& storage, std::string_view variable, std::string_view what,
                                            const Extents& expected, std::array<std::size_t, 2>& dims) {
    using K = storage_kind<std::remove_const_t<S>>;
    using E = element_pointer_of<S>;
    dims = checked_matrix_extents(storage, variable, what, expected);
    return static_cast<E>(K::data(storage));
}

/// The element pointer of storage bound to a variable whose shape has one dynamic extent
/// (`tg::var<"y", tg::dynamic>`, `tg::var<"X", tg::dynamic, 4>`), and that extent in
/// `extents` (the shape's extents, each dynamic one replaced by its run-time value). The
/// storage's size must be a positive multiple of the fixed extents' product: a std::array or
/// a C array is checked like a std::vector, when the binding is made (tg::shape_error).
template <class Shape, class S, class Extents>
constexpr auto checked_dynamic_pointer(S& storage, std::string_view variable, std::string_view what, Extents& extents) {
    using K = storage_kind<std::remove_const_t<S>>;
    using E = element_pointer_of<S>;
    constexpr std::size_t dynamic_axes = [] {
        std::size_t n = 0;
        for (const std::size_t e : Shape::extents) n += e >> 63;
        return n;
    }();
    constexpr std::size_t known = [] {
        std::size_t n = 1;
        for (const std::size_t e : Shape::extents) n *= e >> 63 ? 1 : e;
        return n;
    }();
    if constexpr (!K::supported) {
        return unsupported_storage<S>();
    } else if constexpr (Shape::rank == 2 && requires { K::rows(storage); }) {
        static_assert(!column_major_kind<K>,
                      "typegrad: a column-major matrix is bound by checked_column_major_pointer");
        const auto given = checked_matrix_extents(storage, variable, what, Shape::extents);
        extents[0] = given[0];
        extents[1] = given[1];
        return static_cast<E>(K::data(storage));
    } else {
        static_assert(dynamic_axes == 1,
                      "typegrad: flat storage gives one dynamic extent; bind a matrix with two dynamic "
                      "extents to tg::matrix_storage(storage, rows, cols) or a row-major Eigen matrix");
        const std::size_t given = K::size(storage);
        if (given == 0 || given % known != 0) {
            throw shape_error(dynamic_size_message(variable, what, Shape::extents.data(), Shape::rank, known, given));
        }
        for (std::size_t d = 0; d < Shape::rank; ++d)
            extents[d] = Shape::extents[d] >> 63 ? given / known : Shape::extents[d];
        return static_cast<E>(K::data(storage));
    }
}

/// The element pointer of storage that must hold exactly `count` elements (a gradient buffer of
/// a variable with a dynamic extent, whose run-time extents are `extents`).
template <class Shape, class S, class Extents>
constexpr auto checked_sized_pointer(S& storage, std::string_view variable, std::string_view what,
                                     const Extents& extents) {
    using K = storage_kind<std::remove_const_t<S>>;
    using E = element_pointer_of<S>;
    if constexpr (!K::supported) {
        return unsupported_storage<S>();
    } else if constexpr (column_major_kind<K>) {
        check_row_major<K>();
        return static_cast<E>(nullptr);
    } else {
        std::size_t count = 1;
        for (std::size_t d = 0; d < Shape::rank; ++d) count *= extents[d];
        const std::size_t given = K::size(storage);
        if (given != count)
            throw shape_error(size_mismatch_message(variable, what, extents.data(), Shape::rank, count, given));
        return static_cast<E>(K::data(storage));
    }
}

}  // namespace detail

}  // namespace typegrad

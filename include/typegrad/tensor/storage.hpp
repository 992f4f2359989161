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

namespace tensor_detail {

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

/// The message of a run-time size mismatch: the variable, what was bound, its shape and sizes.
inline std::string size_mismatch_message(std::string_view variable, std::string_view what, const std::size_t* extents,
                                         std::size_t rank, std::size_t expected, std::size_t given) {
    std::string shape = rank == 0 ? std::string("scalar") : std::string();
    for (std::size_t d = 0; d < rank; ++d) shape += (d == 0 ? "" : " x ") + std::to_string(extents[d]);
    const auto elements = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " element" : " elements"); };
    std::string message = "typegrad: size mismatch binding tensor variable \"";
    message.append(variable).append("\" of shape ").append(shape).append(" (").append(elements(expected));
    message.append(") to ").append(what).append(" of ").append(elements(given));
    return message;
}

template <class Shape>
[[noreturn]] void throw_size_mismatch(std::string_view variable, std::string_view what, std::size_t given) {
    throw shape_error(size_mismatch_message(variable, what, Shape::extents.data(), Shape::rank, Shape::size, given));
}

/// The element pointer of storage bound to a variable of shape Shape (nullptr and one
/// static_assert for unsupported storage). A size fixed by the storage's type is checked at
/// compile time; a size known at run time is checked here, once, and a mismatch throws
/// shape_error naming `variable`; `what` says which storage ("storage", "a gradient buffer",
/// "labels").
template <class Shape, class S>
constexpr auto checked_pointer(S& storage, std::string_view variable, std::string_view what) {
    using K = storage_kind<std::remove_const_t<S>>;
    using E = std::conditional_t<std::is_const_v<S> && !is_std_span<std::remove_const_t<S>>, const typename K::element,
                                 typename K::element>;
    if constexpr (!K::supported) {
        static_assert(storage_is_supported<std::remove_const_t<S>>::value,
                      "typegrad: a tensor variable binds to a std::array, a C array, a std::span or a "
                      "std::vector; bind a pointer p to n elements as std::span(p, n), so that its size is "
                      "checked");
        return static_cast<E*>(nullptr);
    } else if constexpr (K::extent != std::dynamic_extent) {
        static_assert(storage_size_matches<Shape, K::extent>::value,
                      "typegrad: the storage bound to a tensor variable must hold exactly as many elements as "
                      "its shape; the variable's shape and the storage's size are the arguments of "
                      "storage_size_matches");
        return static_cast<E*>(K::data(storage));
    } else {
        const std::size_t given = K::size(storage);
        if (given != Shape::size) throw_size_mismatch<Shape>(variable, what, given);
        return static_cast<E*>(K::data(storage));
    }
}

}  // namespace tensor_detail

}  // namespace typegrad

/// @file
/// Defines label bindings: `y = labels` (integer storage) binds a tensor variable to the
/// caller's integer class indices (one per row of a batch of logits), by pointer, never
/// differentiated. softmax_cross_entropy (tensor/losses.hpp) reads them.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>

namespace typegrad {

namespace tensor_detail {

/// Diagnostics (asserted, so that the failed requirement names the types involved).
template <class Element>
struct labels_are_integers {
    static constexpr bool value = std::is_integral_v<Element> && !std::is_same_v<Element, bool>;
};
template <class Storage>
struct label_storage_is_supported {
    static constexpr bool value = false;
};

template <class Shape, class Element, std::size_t Given>
constexpr void check_label_storage() {
    static_assert(storage_size_matches<Shape, Given>::value,
                  "typegrad: the labels bound to a variable must be exactly as many as its shape's elements; the "
                  "variable's shape and the storage's size are the arguments of storage_size_matches");
    static_assert(labels_are_integers<std::remove_const_t<Element>>::value,
                  "typegrad: labels are integer class indices (std::array<int, N>, ...); bind "
                  "floating data with (x = data).no_grad()");
}

/// The element pointer of integer storage for Shape::size labels, checked at compile time.
template <class Shape, class S>
constexpr auto label_pointer(const S& storage) {
    if constexpr (is_std_array<S>) {
        check_label_storage<Shape, typename S::value_type, std::tuple_size_v<S>>();
        return storage.data();
    } else if constexpr (is_std_span<S>) {
        static_assert(S::extent != std::dynamic_extent,
                      "typegrad: bind a std::span with a static extent (std::span<const int, 4>): the extents "
                      "are checked at compile time");
        if constexpr (S::extent != std::dynamic_extent)
            check_label_storage<Shape, typename S::element_type, S::extent>();
        return static_cast<const typename S::element_type*>(storage.data());
    } else if constexpr (std::is_array_v<S> && std::rank_v<S> == 1) {
        check_label_storage<Shape, std::remove_extent_t<S>, std::extent_v<S>>();
        return static_cast<const std::remove_extent_t<S>*>(&storage[0]);
    } else if constexpr (std::is_pointer_v<S>) {
        check_label_storage<Shape, std::remove_cv_t<std::remove_pointer_t<S>>, Shape::size>();
        return static_cast<const std::remove_cv_t<std::remove_pointer_t<S>>*>(storage);
    } else {
        static_assert(label_storage_is_supported<S>::value,
                      "typegrad: labels bind to a std::array, a std::span with static extent, a C array or a "
                      "pointer of integers (the extents are the variable's)");
        return static_cast<const int*>(nullptr);
    }
}

}  // namespace tensor_detail

/// A tensor variable bound to the caller's integer labels: a pointer, nothing copied. Labels
/// are data: they have no gradient (`r.grad[y]` is a compile error) and take no part in the
/// element type of the call.
template <class Var, class L>
struct label_binding {
    using variable = Var;
    using value_type = L;
    using shape_type = shape_of<Var>;
    static constexpr gradient_to gradient = gradient_to::none;

    const L* data;
};

namespace tensor_detail {
// A label binding is a tensor binding (read in place through `data`, gradient none); its
// integer element type is left out of the call's element type (program.hpp).
template <class V, class L>
inline constexpr bool is_tensor_binding_v<label_binding<V, L>> = true;
}  // namespace tensor_detail

namespace tensor_detail {
/// Binds a tensor variable to integer class indices, one per row of the logits it labels:
/// `y = labels` with `std::array<int, N> labels` for a `var<"y", N>`. The storage must
/// outlive the call (binding a temporary array is a compile error).
template <fixed_string N, std::size_t... Es, class Storage>
constexpr auto bind_labels(var<N, Es...>, Storage&& storage) {
    static_assert(sizeof...(Es) > 0,
                  "typegrad: labels bind to a tensor variable (var<\"y\", N>: one label per row of the logits)");
    static_assert(!std::is_rvalue_reference_v<Storage&&> || !tensor_detail::is_owning_array<Storage>,
                  "typegrad: `y = labels` keeps a pointer to the caller's storage; bind an array that "
                  "outlives the call, not a temporary");
    if constexpr (sizeof...(Es) == 0) {
        return label_binding<var<N, Es...>, int>{nullptr};  // after the one error above, no further ones
    } else {
        using S = std::remove_cvref_t<Storage>;
        const auto* p = tensor_detail::label_pointer<shape<Es...>, S>(storage);
        using L = std::remove_cvref_t<decltype(*p)>;
        return label_binding<var<N, Es...>, L>{p};
    }
}

/// The element type of storage that a tensor variable can bind to (void for anything else).
template <class S>
struct storage_element {
    using type = void;
};
template <class T, std::size_t N>
struct storage_element<std::array<T, N>> {
    using type = T;
};
template <class T, std::size_t N>
struct storage_element<std::span<T, N>> {
    using type = T;
};
template <class T, std::size_t N>
struct storage_element<T[N]> {
    using type = T;
};
template <class T>
struct storage_element<T*> {
    using type = T;
};
template <class S>
inline constexpr bool holds_labels =
    std::is_integral_v<std::remove_cv_t<typename storage_element<std::remove_cvref_t<S>>::type>>;
}  // namespace tensor_detail

/// `W = w` for a tensor variable (the core's var::operator= forwards tensor variables here):
/// floating storage binds values, integer storage binds class labels.
namespace detail {
template <fixed_string N, std::size_t... Es>
requires(sizeof...(Es) > 0) struct tensor_binder<var<N, Es...>> {
    template <class Storage>
    static constexpr auto bind(Storage&& storage) {
        if constexpr (tensor_detail::holds_labels<Storage>)
            return tensor_detail::bind_labels(var<N, Es...>{}, std::forward<Storage>(storage));
        else
            return tensor_detail::bind(var<N, Es...>{}, std::forward<Storage>(storage));
    }
};
}  // namespace detail

}  // namespace typegrad

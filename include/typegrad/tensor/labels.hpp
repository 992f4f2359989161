/// @file
/// Defines label bindings: `y = labels` (integer storage) binds a tensor variable to the
/// caller's integer class indices (one per row of a batch of logits), by pointer, never
/// differentiated. softmax_cross_entropy (tensor/losses.hpp) reads them.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/storage.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// The diagnostic of labels that are not integers (asserted, so that it names the type).
template <class Element>
struct labels_are_integers {
    static constexpr bool value = std::is_integral_v<Element> && !std::is_same_v<Element, bool>;
};

/// The element pointer of integer storage for Shape::size labels; its size is checked as for
/// values (storage.hpp).
template <class Shape, class S>
constexpr auto label_pointer(const S& storage, std::string_view variable) {
    const auto* p = checked_pointer<Shape>(storage, variable, "labels");
    static_assert(labels_are_integers<std::remove_cvref_t<decltype(*p)>>::value,
                  "typegrad: labels are integer class indices (std::array<int, N>, ...); bind "
                  "floating data with (x = data).no_grad()");
    return p;
}

}  // namespace detail

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

namespace detail {
// A label binding is a tensor binding (read in place through `data`, gradient none); its
// integer element type is left out of the call's element type (program.hpp).
template <class V, class L>
inline constexpr bool is_tensor_binding_v<label_binding<V, L>> = true;
}  // namespace detail
template <class V, class L>
inline constexpr bool detail::is_tensor_binding_hook<label_binding<V, L>> = true;

namespace detail {
/// Binds a tensor variable to integer class indices, one per row of the logits it labels:
/// `y = labels` with `std::array<int, N> labels` for a `var<"y", N>`. The storage must
/// outlive the call (binding a temporary array is a compile error).
template <fixed_string N, std::size_t... Es, class Storage>
constexpr auto bind_labels(var<N, Es...>, Storage&& storage) {
    static_assert(sizeof...(Es) > 0,
                  "typegrad: labels bind to a tensor variable (var<\"y\", N>: one label per row of the logits)");
    static_assert(!std::is_rvalue_reference_v<Storage&&> || !detail::is_owning_array<Storage>,
                  "typegrad: `y = labels` keeps a pointer to the caller's storage; bind storage that "
                  "outlives the call, not a temporary");
    if constexpr (sizeof...(Es) == 0) {
        return label_binding<var<N, Es...>, int>{nullptr};  // after the one error above, no further ones
    } else {
        using S = std::remove_cvref_t<Storage>;
        const auto* p = detail::label_pointer<shape<Es...>, S>(storage, N.view());
        using L = std::remove_cvref_t<decltype(*p)>;
        return label_binding<var<N, Es...>, L>{p};
    }
}

/// Integer storage binds labels; any other storage binds values (or is rejected there).
template <class S>
inline constexpr bool holds_labels = storage_kind<std::remove_cvref_t<S>>::supported&&
    std::is_integral_v<std::remove_cv_t<typename storage_kind<std::remove_cvref_t<S>>::element>>;
}  // namespace detail

/// `W = w` for a tensor variable (the core's var::operator= forwards tensor variables here):
/// floating storage binds values, integer storage binds class labels.
namespace detail {
template <fixed_string N, std::size_t... Es>
requires(sizeof...(Es) > 0) struct tensor_binder<var<N, Es...>> {
    template <class Storage>
    static constexpr auto bind(Storage&& storage) {
        if constexpr (detail::holds_labels<Storage>)
            return detail::bind_labels(var<N, Es...>{}, std::forward<Storage>(storage));
        else
            return detail::bind(var<N, Es...>{}, std::forward<Storage>(storage));
    }
};
}  // namespace detail

}  // namespace typegrad

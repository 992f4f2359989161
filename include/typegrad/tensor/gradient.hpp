/// @file
/// Defines the results of a tensor call of tg::value_and_grad: the gradients indexed by
/// variable and the value with its gradients.
#pragma once

#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace typegrad {

/// The gradients of one call, indexed by variable: `g[W](0, 1)`, `g[x](1)`, `g[s]` (a
/// scalar). A variable bound with `.grad_into(buffer)` has its gradient in that buffer (and
/// `g[W]` views it); the others are stored here.
template <class T, bool InWorkspace, class... Bs>
struct tensor_gradient {
    using variables = detail::list<typename Bs::variable...>;
    using bindings = detail::list<Bs...>;

    template <class B>
    static constexpr gradient_to delivery = detail::gradient_of<B>();
    template <class B>
    static constexpr bool sinks = delivery<B> == gradient_to::buffer;
    static constexpr std::array<std::size_t, sizeof...(Bs)> owned_sizes{
        (delivery<Bs> == gradient_to::result && shape_of<typename Bs::variable>::fixed
             ? shape_of<typename Bs::variable>::size
             : 0)...};
    static constexpr auto owned_offsets = detail::prefix_sums<sizeof...(Bs)>(owned_sizes);

    static constexpr std::size_t owned_elements = owned_offsets[sizeof...(Bs)];
    /// True when a variable has a dynamic extent: each gradient's place and extents are then
    /// set by the call (in the workspace or the caller's buffer).
    static constexpr bool dynamic = !detail::all_of_values({shape_of<typename Bs::variable>::fixed...});
    /// The gradients this result holds: its own array, or a view of the call's workspace.
    std::conditional_t<InWorkspace, T*, std::array<T, owned_elements>> owned{};
    std::array<T*, sizeof...(Bs)> sink{};  // the caller's buffers (null for owned gradients)
    struct no_places {};
    [[no_unique_address]] std::conditional_t<dynamic, std::array<T*, sizeof...(Bs)>, no_places> place{};
    [[no_unique_address]] std::conditional_t<dynamic, std::array<detail::dims2, sizeof...(Bs)>, no_places> extents{};

    constexpr T* owned_data() {
        if constexpr (InWorkspace)
            return owned;
        else
            return owned.data();
    }
    constexpr const T* owned_data() const {
        if constexpr (InWorkspace)
            return owned;
        else
            return owned.data();
    }

    /// Where the gradient of the k-th bound variable is written.
    template <std::size_t K>
    constexpr T* destination() {
        using B = detail::at_t<K, detail::list<Bs...>>;
        if constexpr (dynamic)
            return place[K];
        else if constexpr (delivery<B> == gradient_to::buffer)
            return sink[K];
        else if constexpr (delivery<B> == gradient_to::none)
            return nullptr;
        else
            return owned_data() + owned_offsets[K];
    }
    template <std::size_t K>
    constexpr const T* source() const {
        if constexpr (dynamic)
            return place[K];
        else if constexpr (sinks<detail::at_t<K, detail::list<Bs...>>>)
            return sink[K];
        else
            return owned_data() + owned_offsets[K];
    }

    template <fixed_string N, std::size_t... Es>
    constexpr auto operator[](var<N, Es...>) const {
        using V = var<N, Es...>;
        static_assert(detail::contains<V, variables>,
                      "typegrad: this gradient has no entry for that variable: it was not bound in the call");
        constexpr std::size_t k = detail::index_of<V, variables>;
        if constexpr (!detail::contains<V, variables>) {
            return T{};
        } else if constexpr (delivery<detail::at_t<k, detail::list<Bs...>>> == gradient_to::none) {
            static_assert(delivery<detail::at_t<k, detail::list<Bs...>>> != gradient_to::none,
                          "typegrad: this variable was bound with .no_grad(): its gradient was not computed");
            if constexpr (sizeof...(Es) == 0)
                return T{};
            else if constexpr (!shape_of<V>::fixed)
                return dynamic_tensor_view<const T, sizeof...(Es)>{};
            else
                return tensor_view<const T, shape<Es...>>(nullptr);  // after the one error above, no more
        } else if constexpr (sizeof...(Es) == 0) {
            return *source<k>();
        } else if constexpr (!shape_of<V>::fixed) {
            dynamic_tensor_view<const T, sizeof...(Es)> view{source<k>(), {}};
            for (std::size_t d = 0; d < sizeof...(Es); ++d) view.extents[d] = extents[k][d];
            return view;
        } else {
            return tensor_view<const T, shape<Es...>>(source<k>());
        }
    }
};

template <class T, class Gradient>
struct tensor_value_and_gradient {
    T value;
    Gradient grad;
};

}  // namespace typegrad

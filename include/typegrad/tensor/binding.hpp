/// @file
/// Defines tensor bindings (`W = w`: a pointer to the caller's storage, never
/// a copy, its size checked when the binding is made), optional gradient outputs (`.grad_into(gW)`), and the views and values through
/// which results are read (`r.grad[W](0, 1)`).
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/expression.hpp>
#include <typegrad/tensor/eigen_storage.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/storage.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace typegrad {

namespace detail {

template <class T>
inline constexpr bool valid_element = detail::number_like<T> && !std::is_integral_v<T>;

/// The diagnostic of integer or bool elements (asserted, so that it names the element type).
template <class Element>
struct tensor_element_is_floating {
    static constexpr bool value = valid_element<std::remove_const_t<Element>>;
};

/// The element pointer of storage bound to a tensor variable named Name (the pointer keeps the
/// constness): its size is checked against Shape (storage.hpp), its elements must be floating.
template <class Shape, class S>
constexpr auto storage_pointer(S& storage, std::string_view variable, std::string_view what) {
    auto* p = checked_pointer<Shape>(storage, variable, what);
    static_assert(tensor_element_is_floating<std::remove_pointer_t<decltype(p)>>::value,
                  "typegrad: a tensor's elements must be of a floating type (or a user number type), not an "
                  "integer or bool: gradients are written in the element type");
    return p;
}

/// The run-time extents a binding carries: none for a fixed shape (they are its type's), the
/// extents with each dynamic one replaced by the storage's for a shape with a dynamic extent.
struct no_extents {};
template <class Shape>
using extents_of = std::conditional_t<Shape::fixed, no_extents, std::array<std::size_t, Shape::rank>>;

}  // namespace detail

/// Where the gradient of a bound variable goes.
enum class gradient_to {
    result,  ///< stored in the result: `r.grad[W]` (the default)
    buffer,  ///< written into the caller's buffer: `.grad_into(gW)`
    none,    ///< not computed (data such as inputs and targets): `.no_grad()`
};

/// A tensor variable bound to the caller's storage: a pointer to its elements (row-major,
/// or column-major when ColumnMajorData), plus, after `.grad_into(buffer)`, a pointer to where
/// its gradient is written (column-major when ColumnMajorSink). A call copies column-major
/// elements into its workspace (tensor/column_major.hpp).
template <class Var, class T, gradient_to Gradient = gradient_to::result, bool ColumnMajorData = false,
          bool ColumnMajorSink = false>
struct tensor_binding {
    using variable = Var;
    using value_type = T;
    using shape_type = shape_of<Var>;
    static constexpr gradient_to gradient = Gradient;
    static constexpr bool column_major_data = ColumnMajorData;
    static constexpr bool column_major_sink = ColumnMajorSink;

    const T* data;
    T* sink = nullptr;
    [[no_unique_address]] detail::extents_of<shape_type> extents{};

    /// The same binding, with the gradient written into `buffer` (mutable storage of
    /// shape_type::size elements of type T, as for `W = w`), so that a training loop allocates
    /// and copies nothing. The buffer must not alias the inputs. A buffer whose size is known
    /// only at run time is checked here: a mismatch throws tg::shape_error. A column-major
    /// matrix's rows and columns must be the variable's; it receives the gradient after the call.
    template <class Buffer>
    constexpr auto grad_into(Buffer&& buffer) const {
        static_assert(!std::is_rvalue_reference_v<Buffer&&> || !detail::is_owning_array<Buffer>,
                      "typegrad: grad_into writes into the buffer given; give one that outlives the call, "
                      "not a temporary");
        using K = detail::storage_kind<std::remove_cvref_t<Buffer>>;
        if constexpr (detail::column_major_kind<K>) {
            static_assert(shape_type::rank == 2,
                          "typegrad: a column-major matrix (Eigen's default order) is the gradient buffer of a "
                          "matrix variable only; give a vector variable's gradient an Eigen::VectorXd");
            std::array<std::size_t, 2> dims{};
            auto* p = detail::checked_column_major_pointer(buffer, Var::name.view(), "a column-major gradient buffer",
                                                           matrix_extents(), dims);
            static_assert(std::is_same_v<std::remove_pointer_t<decltype(p)>, T>,
                          "typegrad: grad_into needs a mutable buffer of the bound element type");
            return tensor_binding<Var, T, gradient_to::buffer, ColumnMajorData, true>{data, p, extents};
        } else {
            return row_major_grad_into(buffer);
        }
    }

    /// The same binding, not differentiated: data (inputs, targets) whose gradient is not
    /// wanted. Nothing that depends on it alone gets an adjoint; `r.grad[X]` is an error.
    constexpr tensor_binding<Var, T, gradient_to::none, ColumnMajorData> no_grad() const {
        return {data, nullptr, extents};
    }

private:
    /// The variable's rows and columns (a matrix variable's binding).
    constexpr std::array<std::size_t, 2> matrix_extents() const {
        if constexpr (shape_type::fixed)
            return {shape_type::extents[0], shape_type::extents[shape_type::rank - 1]};
        else
            return {extents[0], extents[shape_type::rank - 1]};
    }
    template <class Buffer>
    constexpr tensor_binding<Var, T, gradient_to::buffer, ColumnMajorData> row_major_grad_into(Buffer& buffer) const {
        auto* p = [&] {
            if constexpr (shape_type::fixed)
                return detail::storage_pointer<shape_type>(buffer, Var::name.view(), "a gradient buffer");
            else
                return detail::checked_sized_pointer<shape_type>(buffer, Var::name.view(), "a gradient buffer",
                                                                 extents);
        }();
        static_assert(std::is_same_v<std::remove_pointer_t<decltype(p)>, T>,
                      "typegrad: grad_into needs a mutable buffer of the bound element type");
        return {data, p, extents};
    }
};

/// Tells the core's entry points (api.hpp) that a call holds a tensor binding.
template <class V, class T, gradient_to G, bool CD, bool CS>
inline constexpr bool detail::is_tensor_binding_hook<tensor_binding<V, T, G, CD, CS>> = true;

namespace detail {
template <class B>
inline constexpr bool is_tensor_binding_v = false;
template <class V, class T, gradient_to G, bool CD, bool CS>
inline constexpr bool is_tensor_binding_v<tensor_binding<V, T, G, CD, CS>> = true;

/// How the gradient of a binding's variable is delivered (a scalar binding `x = v`: result).
template <class B>
constexpr gradient_to gradient_of() {
    if constexpr (is_tensor_binding_v<B>)
        return B::gradient;
    else
        return gradient_to::result;
}
}  // namespace detail

namespace detail {
/// `X = m` for a column-major matrix m: its elements in place, its rows and columns checked
/// against the variable's (tg::shape_error); the call reads them through a row-major copy.
template <class V, class Storage>
constexpr auto bind_column_major(const Storage& storage) {
    using S = shape_of<V>;
    static_assert(S::rank == 2,
                  "typegrad: a column-major matrix (Eigen's default order) binds to a matrix variable (two "
                  "extents); bind a vector variable to an Eigen::VectorXd");
    std::array<std::size_t, 2> dims{};
    const auto* p = [&] {
        if constexpr (S::rank == 2)
            return checked_column_major_pointer(storage, V::name.view(), "column-major storage", S::extents, dims);
        else
            return storage.data();
    }();
    using T = std::remove_cvref_t<decltype(*p)>;
    static_assert(tensor_element_is_floating<T>::value,
                  "typegrad: a tensor's elements must be of a floating type (or a user number type), not an "
                  "integer or bool: gradients are written in the element type");
    if constexpr (S::fixed || S::rank != 2)
        return tensor_binding<V, T, gradient_to::result, true>{p};
    else
        return tensor_binding<V, T, gradient_to::result, true>{p, nullptr, dims};
}

/// `W = w`: binds a tensor variable to the caller's storage, by pointer (the storage must
/// outlive the call; nothing is copied). A size fixed by the storage's type is checked at
/// compile time, a size known at run time here (tg::shape_error), before the call begins.
template <fixed_string N, std::size_t... Es, class Storage>
constexpr auto bind(var<N, Es...>, Storage&& storage) {
    static_assert(!std::is_rvalue_reference_v<Storage&&> || !is_owning_array<Storage>,
                  "typegrad: `W = w` keeps a pointer to the caller's storage; bind storage that "
                  "outlives the call, not a temporary");
    using S = shape_of<var<N, Es...>>;
    if constexpr (column_major_kind<storage_kind<std::remove_cvref_t<Storage>>>) {
        return bind_column_major<var<N, Es...>>(std::as_const(storage));
    } else if constexpr (S::fixed) {
        const auto* p = storage_pointer<S>(std::as_const(storage), N.view(), "storage");
        using T = std::remove_cvref_t<decltype(*p)>;
        return tensor_binding<var<N, Es...>, T>{p};
    } else {
        extents_of<S> extents{};
        const auto* p = checked_dynamic_pointer<S>(std::as_const(storage), N.view(), "storage", extents);
        using T = std::remove_cvref_t<decltype(*p)>;
        static_assert(tensor_element_is_floating<T>::value,
                      "typegrad: a tensor's elements must be of a floating type (or a user number type), not an "
                      "integer or bool: gradients are written in the element type");
        return tensor_binding<var<N, Es...>, T>{p, nullptr, extents};
    }
}
}  // namespace detail

// ---- reading tensors ----------------------------------------------------------------------

namespace detail {
template <class Shape, class... I>
constexpr std::size_t flat_index(I... indices) {
    const std::size_t ix[] = {static_cast<std::size_t>(indices)...};
    std::size_t flat = 0;
    for (std::size_t d = 0; d < Shape::rank; ++d) flat = flat * Shape::extents[d] + ix[d];
    return flat;
}

/// Element access shared by views and values: `t(i)`, `t(r, c)` (row-major), `t[flat]`.
template <class Derived, class T, class Shape>
struct indexing {
    using shape_type = Shape;
    static constexpr std::size_t rank = Shape::rank;
    static constexpr std::size_t size() noexcept { return Shape::size; }

    template <class... I>
    requires(sizeof...(I) == Shape::rank && sizeof...(I) > 0 && (std::is_integral_v<I> && ...)) constexpr T& operator()(
        I... indices) const {
        return self().data()[flat_index<Shape>(indices...)];
    }
    constexpr T& operator[](std::size_t flat) const { return self().data()[flat]; }
    constexpr T* begin() const { return self().data(); }
    constexpr T* end() const { return self().data() + Shape::size; }
    /// A copy of the elements, row-major.
    constexpr std::array<std::remove_const_t<T>, Shape::size> to_array() const {
        std::array<std::remove_const_t<T>, Shape::size> out{};
        for (std::size_t i = 0; i < Shape::size; ++i) out[i] = self().data()[i];
        return out;
    }

private:
    constexpr const Derived& self() const { return static_cast<const Derived&>(*this); }
};
}  // namespace detail

/// A view of row-major elements with a compile-time shape (a gradient in a result or in
/// the caller's buffer).
template <class T, class Shape>
struct tensor_view : detail::indexing<tensor_view<T, Shape>, T, Shape> {
    T* pointer = nullptr;
    constexpr tensor_view() = default;
    constexpr explicit tensor_view(T* p) : pointer(p) {}
    constexpr T* data() const { return pointer; }
};

/// A view of row-major elements whose shape has a dynamic extent (a gradient of a variable
/// bound to run-time sized storage): `(i)`, `(i, j)`, `[flat]`, `size()`, `extent(d)`, a
/// range, and a std::span of its elements.
template <class T, std::size_t Rank>
struct dynamic_tensor_view {
    T* pointer = nullptr;
    std::array<std::size_t, Rank> extents{};

    static constexpr std::size_t rank = Rank;
    constexpr std::size_t extent(std::size_t d) const { return extents[d]; }
    constexpr std::size_t size() const {
        std::size_t n = 1;
        for (const std::size_t e : extents) n *= e;
        return n;
    }
    constexpr T* data() const { return pointer; }
    template <class... I>
    requires(sizeof...(I) == Rank && (std::is_integral_v<I> && ...)) constexpr T& operator()(I... indices) const {
        const std::size_t ix[] = {static_cast<std::size_t>(indices)...};
        std::size_t flat = 0;
        for (std::size_t d = 0; d < Rank; ++d) flat = flat * extents[d] + ix[d];
        return pointer[flat];
    }
    constexpr T& operator[](std::size_t flat) const { return pointer[flat]; }
    constexpr T* begin() const { return pointer; }
    constexpr T* end() const { return pointer + size(); }
    constexpr std::span<T> span() const { return {pointer, size()}; }
};

/// A tensor value owned by the result (tg::eval of a non-scalar expression).
template <class T, class Shape>
struct tensor_value : detail::indexing<tensor_value<T, Shape>, const T, Shape> {
    std::array<T, Shape::size> elements{};
    constexpr const T* data() const { return elements.data(); }
    constexpr T* data() { return elements.data(); }
};

}  // namespace typegrad

/// @file
/// Defines how a call reads column-major matrices (Eigen's default order, `Eigen::MatrixXd`):
/// the fused loops and kernels read row-major elements, so a call copies each column-major
/// variable into its workspace in row-major order before the forward sweep, and writes each
/// gradient meant for a column-major buffer transposed into it after the reverse sweep. The
/// copies are part of the workspace's size: a call that fits allocates nothing.
#pragma once

#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/extents.hpp>
#include <typegrad/tensor/program.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace typegrad::detail {

template <class B>
struct column_major_of {
    static constexpr bool data = false;
    static constexpr bool sink = false;
};
template <class V, class T, gradient_to G, bool CD, bool CS>
struct column_major_of<tensor_binding<V, T, G, CD, CS>> {
    static constexpr bool data = CD;
    static constexpr bool sink = CS;
};

/// True when a binding of the call is column-major (its elements or its gradient buffer).
template <class... Bs>
inline constexpr bool any_column_major = ((column_major_of<Bs>::data || column_major_of<Bs>::sink) || ...);

/// The diagnostic of a column-major matrix in a call of fixed extents, which has no workspace
/// sized at run time to copy it into.
template <bool Fixed, class... Bs>
constexpr bool check_column_major_call() {
    static_assert(!(Fixed && any_column_major<Bs...>),
                  "typegrad: a column-major matrix (Eigen's default order) binds to a variable with a dynamic "
                  "extent (tg::dynamic), whose call copies it into the workspace; for fixed extents bind a "
                  "row-major matrix (Eigen::RowMajor) or a std::array");
    return !(Fixed && any_column_major<Bs...>);
}

/// The workspace elements of binding B's copies in a call: its elements and its gradient, for
/// each that is column-major.
template <class B, class Env>
constexpr std::size_t column_major_elements(const Env& env) {
    using C = column_major_of<B>;
    if constexpr (C::data || C::sink)
        return (std::size_t{C::data} + std::size_t{C::sink}) * element_count<shape_of<typename B::variable>>(env);
    else
        return 0;
}
template <class Env, class... Bs>
constexpr std::size_t column_major_elements(const Env& env, list<Bs...>*) {
    return (std::size_t{0} + ... + column_major_elements<Bs>(env));
}

/// The row-major binding a call uses for binding b: b itself, or, for a column-major b, one
/// whose elements are a row-major copy at `free` and whose gradient buffer is the next
/// rows * cols elements (written back by write_column_major_gradient). `free` advances past
/// what it takes.
template <class B, class Env, class T>
constexpr auto row_major_binding(const B& b, const Env& env, T*& free) {
    using C = column_major_of<B>;
    if constexpr (!C::data && !C::sink) {
        return b;
    } else {
        using V = typename B::variable;
        static_assert(std::is_same_v<typename B::value_type, T>,
                      "typegrad: a column-major matrix holds the call's element type");
        tensor_binding<V, T, B::gradient> out{b.data, b.sink, b.extents};
        const dims2 d = dims_of<shape_of<V>>(env);
        if constexpr (C::data) {
            for (std::size_t r = 0; r < d[0]; ++r)
                for (std::size_t c = 0; c < d[1]; ++c) free[r * d[1] + c] = b.data[c * d[0] + r];
            out.data = free;
            free += d[0] * d[1];
        }
        if constexpr (C::sink) {
            out.sink = free;
            free += d[0] * d[1];
        }
        return out;
    }
}

/// After the reverse sweep: the gradient of a column-major buffer's binding b, computed
/// row-major into the buffer of its row-major binding `row`, transposed into the caller's.
template <class B, class Env, class R>
constexpr void write_column_major_gradient(const B& b, const Env& env, const R& row) {
    if constexpr (column_major_of<B>::sink) {
        const dims2 d = dims_of<shape_of<typename B::variable>>(env);
        for (std::size_t c = 0; c < d[1]; ++c)
            for (std::size_t r = 0; r < d[0]; ++r) b.sink[c * d[0] + r] = row.sink[r * d[1] + c];
    }
}

/// Calls `then` with the environment of the call's row-major bindings (row_major_binding of
/// each, the copies taken from `free` on).
template <class... Bs, class T, class F>
constexpr void with_row_major_bindings(const tensor_environment<Bs...>& env, T* free, F&& then) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        const std::tuple rows{row_major_binding(detail::binding_at<K>(env.bindings), env, free)...};
        const tensor_environment<std::tuple_element_t<K, std::remove_const_t<decltype(rows)>>...> row_env{
            {std::get<K>(rows)...}};
        then(row_env);
    }
    (std::index_sequence_for<Bs...>{});
}

/// After the reverse sweep: write_column_major_gradient of each binding of env, whose
/// row-major bindings row_env hold the gradients.
template <class... Bs, class RowEnv>
constexpr void write_column_major_gradients(const tensor_environment<Bs...>& env, const RowEnv& row_env) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (write_column_major_gradient(detail::binding_at<K>(env.bindings), env, detail::binding_at<K>(row_env.bindings)),
         ...);
    }
    (std::index_sequence_for<Bs...>{});
}

}  // namespace typegrad::detail

/// @file
/// Defines the gradient of a scalar call: one entry per bound variable, read as `g[x]`.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace typegrad {

namespace detail {
/// The partial of variable V, in position I of its gradient. `g[x]` is this entry's
/// operator[], a non-template function named after V, I and T only: a member template of
/// the gradient would be named after all the bound variables, and g++ mangles each such name
/// in time quadratic in the number of distinct types it mentions (docs/compile_time.md).
/// A variable the expression does not use reads as an exact zero known at compile time.
template <std::size_t I, class V, class T, bool Used>
struct gradient_entry {
    T partial;
    TYPEGRAD_ALWAYS_INLINE constexpr T operator[](V) const { return partial; }
};
template <std::size_t I, class V, class T>
struct gradient_entry<I, V, T, false> {
    T partial;
    TYPEGRAD_ALWAYS_INLINE constexpr decltype(c<0>) operator[](V) const { return c<0>; }
};

template <class Indices, class Variables, class T, class Used>
struct gradient_entries;
/// All the entries: `g[x]` finds its entry by overload resolution, one candidate per entry.
template <std::size_t... Is, class... Vs, class T, bool... Us>
struct gradient_entries<std::index_sequence<Is...>, list<Vs...>, T, bools<Us...>> : gradient_entry<Is, Vs, T, Us>... {
    using gradient_entry<Is, Vs, T, Us>::operator[]...;

    /// Chosen only for a variable without an entry (a non-template entry is a better match).
    template <class V>
    requires is_variable_v<V>
    constexpr T operator[](V) const {
        static_assert(always_false<V>,
                      "typegrad: this gradient has no entry for that variable: it was not bound in the call");
        return T{};  // after the error above, no further errors
    }
};

/// The partial in position I (V and Used are deduced from the entry base).
template <std::size_t I, class V, class T, bool Used>
constexpr T& partial_at(gradient_entry<I, V, T, Used>& entry) {
    return entry.partial;
}
template <std::size_t I, class V, class T, bool Used>
constexpr const T& partial_at(const gradient_entry<I, V, T, Used>& entry) {
    return entry.partial;
}
}  // namespace detail

/// Partial derivatives indexed by variable: `g[x]`. Variables bound in the call but not
/// used by the expression have an exact zero known at compile time (`c<0>`). Used is a
/// bools<...> mask over Variables, not a second list of variables (docs/compile_time.md).
template <class Variables, class T, class Used>
struct gradient : detail::gradient_entries<std::make_index_sequence<Variables::size>, Variables, T, Used> {
    /// The partials in the order asked, for a solver: `g.array(x, y)`.
    template <class... Vs>
    constexpr std::array<T, sizeof...(Vs)> array(Vs... vs) const {
        return {detail::to_number<T>((*this)[vs])...};
    }
};

namespace detail {
/// All the partials of g in the order of its variables.
template <class Variables, class T, class Used>
constexpr std::array<T, Variables::size> partials_of(const gradient<Variables, T, Used>& g) {
    return [&]<std::size_t... Is>(std::index_sequence<Is...>) {
        return std::array<T, Variables::size>{detail::partial_at<Is>(g)...};
    }
    (std::make_index_sequence<Variables::size>{});
}
/// Sets all the partials of g from an array in the order of its variables.
template <class Variables, class T, class Used>
constexpr void set_partials(gradient<Variables, T, Used>& g, const std::array<T, Variables::size>& p) {
    [&]<std::size_t... Is>(std::index_sequence<Is...>) { (void)in_order{0, (detail::partial_at<Is>(g) = p[Is], 0)...}; }
    (std::make_index_sequence<Variables::size>{});
}
}  // namespace detail

}  // namespace typegrad

/// @file
/// Defines the leaves of an expression: var, constant (`c<N, D>`), real (`real<V>`) and literal.
#pragma once

#include <typegrad/core/fixed_string.hpp>
#include <typegrad/core/type_list.hpp>

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <type_traits>
#include <utility>

namespace typegrad {

template <class Var, class Value>
struct binding;

namespace detail {
template <class T>
concept number_like = !std::is_same_v<std::remove_cvref_t<T>, bool> && requires(T a, T b) {
    {a + b};
    {a - b};
    {a * b};
    {a / b};
    {-a};
    {a < b};
};
}  // namespace detail

namespace detail {
/// Binds a tensor variable to the caller's storage (`W = w`). Specialized by
/// <typegrad/tensor/binding.hpp>; without it, `W = w` is this one error.
template <class Var>
struct tensor_binder {
    template <class Storage>
    static constexpr int bind(Storage&&) {
        static_assert(always_false<Storage>,
                      "typegrad: binding a tensor variable (`W = storage`) needs #include <typegrad.hpp>");
        return 0;
    }
};
}  // namespace detail

/// An independent variable, named at compile time. It holds no state: copying it is free,
/// and two `var<"x">` objects are the same variable. `x = 2.0` makes a binding; for a
/// variable with extents (a vector or matrix, docs/tensors.md) `W = w` binds the caller's
/// storage by reference.
template <fixed_string Name, std::size_t... Extents>
struct var {
    static constexpr auto name = Name;
    /// The number of extents (0 for a scalar). Traits recognize a variable by its member
    /// `variable`, not by a partial specialization on var<N, E...>: nvcc's front end does not
    /// deduce a template argument of class type (the name) there.
    static constexpr std::size_t rank = sizeof...(Extents);
    using variable = var;

    // A forwarding reference, so that the tensor binder can reject a temporary array (the
    // binding keeps a pointer to it); the constraint keeps var's own copy assignment.
    template <class Value>
    requires(!std::is_same_v<std::remove_cvref_t<Value>, var>) constexpr auto operator=(Value&& value) const {
        using V = std::remove_cvref_t<Value>;
        if constexpr (sizeof...(Extents) > 0) {
            return detail::tensor_binder<var>::bind(std::forward<Value>(value));
        } else {
            static_assert(detail::number_like<V>,
                          "typegrad: the value bound to a variable (`x = value`) is not a number");
            if constexpr (detail::number_like<V>)
                return binding<var, V>{value};
            else
                return binding<var, double>{0.0};  // after the error above, no further errors
        }
    }
};

/// A compile-time rational constant N/D, kept in lowest terms with D > 0. Constants are
/// part of the expression type so that the symbolic derivative can simplify: 0 * e is 0,
/// 1 * e is e, and 2 * 3 folds to 6 before any code is generated.
template <long long N, long long D = 1>
struct constant {
    static_assert(D > 0 && std::gcd(N, D) == 1, "typegrad: constant<N, D> must be in lowest terms");
    static constexpr long long numerator = N;
    static constexpr long long denominator = D;

    /// Converts to any number type: the exact value rounded once.
    template <class T>
    requires(std::is_arithmetic_v<T>) constexpr explicit(!std::is_floating_point_v<T>) operator T() const {
        return T(N) / T(D);
    }
};

namespace detail {
constexpr long long abs_ll(long long v) { return v < 0 ? -v : v; }
template <long long N, long long D>
struct make_rational {
    static_assert(D != 0, "typegrad: a compile-time constant divides by zero");
    static constexpr long long g = std::gcd(abs_ll(N), abs_ll(D));
    static constexpr long long sign = D < 0 ? -1 : 1;
    using type = constant<sign * N / g, sign * D / g>;
};
}  // namespace detail

/// `c<3>` is the compile-time constant 3, `c<1, 2>` is one half.
template <long long N, long long D = 1>
inline constexpr typename detail::make_rational<N, D>::type c{};

using zero_t = constant<0>;
using one_t = constant<1>;

/// A compile-time real constant (`real<0.7978845608028654>`): stateless like c<N, D>, for
/// values that are not small rationals. Use it in an op's derivative rule, so that the
/// rule's constants stay part of the type and shared subexpressions stay shared.
/// The type holds the IEEE bit pattern, not the double itself: g++ 12 crashes when it
/// deduces template arguments against types with floating-point template arguments.
template <std::uint64_t Bits>
struct real_constant {
    static constexpr double value = std::bit_cast<double>(Bits);
};
template <double V>
inline constexpr real_constant<std::bit_cast<std::uint64_t>(V)> real{};
/// The type of tg::real<V>.
template <double V>
using real_t = real_constant<std::bit_cast<std::uint64_t>(V)>;

/// A runtime constant (`2.0` in `2.0 * x`), the only node that stores data. I is its
/// position among the literals of the whole expression, so that two literals never share
/// a type: node identity is type identity (see docs/design.md, "sharing").
template <std::size_t I, class T>
struct literal {
    T value;
};

}  // namespace typegrad

/// @file
/// Defines typegrad::apply, which applies an op to numbers (a value) or to expressions (a node).
#pragma once

#include <typegrad/core/expression.hpp>

#include <string_view>
#include <type_traits>

namespace typegrad {

/// How an op is printed by to_string: `f(a, b)`, `a + b` or `-a`.
enum class notation { function, infix, prefix };

namespace detail {

/// Common number type of the non-constant arguments (constants adapt to it; a call on
/// constants alone is evaluated in double).
template <class Acc, class... Ts>
struct numeric_type_impl {
    using type = std::conditional_t<std::is_void_v<Acc>, double, Acc>;
};
template <class Acc, class T, class... Ts>
struct numeric_type_impl<Acc, T, Ts...> {
    using U = std::remove_cvref_t<T>;
    template <class A, class B>
    struct common {
        using type = std::common_type_t<A, B>;
    };
    template <class B>
    struct common<void, B> {
        using type = B;
    };
    using next = typename std::conditional_t<compile_time_value<U>, std::type_identity<Acc>, common<Acc, U>>::type;
    using type = typename numeric_type_impl<next, Ts...>::type;
};
template <class... Ts>
using numeric_type_t = typename numeric_type_impl<void, Ts...>::type;

template <class T, class A>
constexpr T to_number(const A& a) {
    if constexpr (is_real_constant_v<std::remove_cvref_t<A>>) {
        return static_cast<T>(std::remove_cvref_t<A>::value);
    } else if constexpr (compile_time_constant<A>) {
        using C = std::remove_cvref_t<A>;
        if constexpr (C::denominator == 1)
            return T(C::numerator);
        else
            return T(C::numerator) / T(C::denominator);
    } else {
        return static_cast<T>(a);
    }
}

template <class T>
concept is_value_leaf = is_constant_v<T> || is_literal_v<T> || is_real_constant_v<T>;

template <class Op, class... Args>
concept has_simplify = requires(const Args&... args) {
    Op::simplify(args...);
};

}  // namespace detail

/// Applies Op to its operands. This one function serves every pass:
/// - numbers (and constants mixed with numbers) give Op's value;
/// - any expression gives a node, after Op's own algebraic simplification (0 * e -> 0).
/// An op's partial derivatives are written once with typegrad functions, so the same
/// rule yields numbers in the numeric passes and expressions in the symbolic one.
template <class Op, operand... Args>
constexpr auto apply(const Args&... args) {
    constexpr bool any_expression_operand = ((expression<Args> && !compile_time_value<Args>) || ...);
    constexpr bool all_constants = (compile_time_value<Args> && ...);
    if constexpr (any_expression_operand || all_constants) {
        if constexpr (detail::has_simplify<Op, decltype(as_expression(args))...>)
            return Op::simplify(as_expression(args)...);
        else
            return make_node<Op>(as_expression(args)...);
    } else {
        using T = detail::numeric_type_t<Args...>;
        using R = std::conditional_t<std::is_integral_v<T>, double, T>;
        return Op::value(detail::to_number<R>(args)...);
    }
}

}  // namespace typegrad

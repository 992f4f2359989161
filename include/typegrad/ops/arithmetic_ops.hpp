/// @file
/// Defines the arithmetic ops + - * / and unary - (add_op, sub_op, neg_op, mul_op, chain_mul_op,
/// div_op): how each prints, its value and its local partials. Their simplifications and the
/// operators users write: ops/arithmetic_operators.hpp.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/core/canonical_order.hpp>
#include <typegrad/detail/math.hpp>

#include <string_view>

namespace typegrad {

namespace detail {

// Concepts, not variable templates: see is_node_v (core/node.hpp).
template <class A>
concept is_zero = TYPEGRAD_SAME_TYPE(A, zero_t);
template <class A>
concept is_one = TYPEGRAD_SAME_TYPE(A, one_t);
template <class A>
concept is_minus_one = TYPEGRAD_SAME_TYPE(A, constant<-1>);

/// The number stored in a literal, or a constant converted to type T.
template <class T, class A>
constexpr T leaf_number(const A& a) {
    if constexpr (is_literal_v<A>)
        return static_cast<T>(a.value);
    else
        return to_number<T>(a);
}
template <class A>
struct leaf_type {
    using type = void;  // constants adapt to the literal's type
};
template <std::size_t I, class T>
struct leaf_type<literal<I, T>> {
    using type = T;
};

/// Folds an operation on two value leaves (literals or constants, at least one literal)
/// into one literal: `pow(x, 1.875 - 1)` becomes `pow(x, 0.875)`.
template <class Op, class A, class B>
constexpr auto fold_leaves(const A& a, const B& b) {
    using TA = typename leaf_type<A>::type;
    using TB = typename leaf_type<B>::type;
    using T0 = typename std::conditional_t<
        std::is_void_v<TA>, std::type_identity<TB>,
        std::conditional_t<std::is_void_v<TB>, std::type_identity<TA>, std::common_type<TA, TB>>>::type;
    // Integer literals divide exactly as rationals would not: fold quotients in double.
    using T = std::conditional_t<std::is_integral_v<T0> && Op::name == std::string_view("/"), double, T0>;
    if constexpr (!is_literal_v<A> && !is_literal_v<B>)
        // Two compile-time values (one of them real): the result is a compile-time real.
        return real_t<Op::value(leaf_number<double>(A{}), leaf_number<double>(B{}))>{};
    else
        return literal<0, T>{Op::value(leaf_number<T>(a), leaf_number<T>(b))};
}

constexpr bool is_power_of_two(long long n) {
    if (n < 0) n = -n;
    return n > 0 && (n & (n - 1)) == 0;
}

template <class A>
inline constexpr bool is_power_of_two_constant = false;
template <long long N, long long D>
inline constexpr bool is_power_of_two_constant<constant<N, D>> = is_power_of_two(N);

template <class A, class B>
concept both_value_leaves = is_value_leaf<A> && is_value_leaf<B>;

/// The same stateless expression on both sides (x - x, x / x): type identity is node
/// identity, and a stateless type has exactly one value.
template <class A, class B>
inline constexpr bool same_stateless = std::is_same_v<A, B>&& std::is_empty_v<A> && !is_constant_v<A>;

}  // namespace detail

// Binary arithmetic. Each struct is the whole rule of one op: how it prints, its value and
// its local partial derivatives (written with typegrad's own functions so that one rule
// serves numbers and expressions), and its simplifications.

struct add_op {
    static constexpr std::string_view name = "+";
    static constexpr notation style = notation::infix;
    static constexpr bool finite_on_finite = true;
    static constexpr int precedence = 1;

    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return a + b;
    }
    // d(a + b) = da + db: add distributes the upstream gradient unchanged.
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A&, const B&, const S&) {
        return c<1>;
    }

    template <expression A, expression B>
    static constexpr auto simplify(const A& a, const B& b);
};

struct sub_op {
    static constexpr std::string_view name = "-";
    static constexpr notation style = notation::infix;
    static constexpr bool finite_on_finite = true;
    static constexpr int precedence = 1;

    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return a - b;
    }
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A&, const B&, const S&) {
        if constexpr (I == 0)
            return c<1>;
        else
            return c<-1>;
    }

    template <expression A, expression B>
    static constexpr auto simplify(const A& a, const B& b);
};

struct neg_op {
    static constexpr std::string_view name = "-";
    static constexpr notation style = notation::prefix;
    static constexpr bool finite_on_finite = true;
    static constexpr int precedence = 3;

    template <class T>
    static constexpr T value(const T& a) {
        return -a;
    }
    template <std::size_t I, class A, class S>
    static constexpr auto partial(const A&, const S&) {
        return c<-1>;
    }

    template <expression A>
    static constexpr auto simplify(const A& a);
};

/// The printing of an op that prints as a product `a * b`: mul_op, chain_mul_op and the
/// derivative ops that compute a product in a form of their own (sigmoid_slope_op,
/// sech2_slope_op, pow_scaled_op, pow_log_op).
struct printed_as_product {
    static constexpr std::string_view name = "*";
    static constexpr notation style = notation::infix;
    static constexpr int precedence = 2;
};

struct mul_op : printed_as_product {
    static constexpr bool finite_on_finite = true;

    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return a * b;
    }
    // d(a b) = b da + a db: mul "swaps" its inputs in the backward pass.
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S&) {
        if constexpr (I == 0)
            return b;
        else
            return a;
    }

    template <expression A, expression B>
    static constexpr auto simplify(const A& a, const B& b);
};

/// The chain-rule product (upstream times local derivative). Like *, except that an exact
/// zero factor gives zero even when the other factor is infinite or NaN: a zero upstream
/// adjoint or tangent means "no dependence" (edge case 17: d/dx of y*sqrt(x) at y = 0,
/// x = 0 is 0, not 0 * inf = NaN). Every pass multiplies with it, so modes agree.
struct chain_mul_op : printed_as_product {
    static constexpr bool finite_on_finite = true;

    template <class T>
    static constexpr T value(const T& a, const T& b) {
        T product = a * b;
        // The test is on the product, so the common path costs one well-predicted branch.
        if (detail::math::isnan(product) && (a == T(0) || b == T(0))) [[unlikely]]
            return T(0);
        return product;
    }
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S&) {
        if constexpr (I == 0)
            return b;
        else
            return a;
    }

    template <expression A, expression B>
    static constexpr auto simplify(const A& a, const B& b);
};

struct div_op {
    static constexpr std::string_view name = "/";
    static constexpr notation style = notation::infix;
    static constexpr int precedence = 2;

    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return detail::math::divide(a, b);
    }
    // d(a / b) = da / b - (a / b) db / b: reuses the quotient instead of forming b^2.
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A&, const B& b, const S& self) {
        if constexpr (I == 0)
            return c<1> / b;
        else
            return -(self / b);
    }
    // A divisor b shared by the elements of a loop (a scalar broadcast over a tensor) receives
    // sum_i adj_i * -(self_i / b), taken as -(sum_i adj_i * self_i) / b: the loop sums the
    // chain products of the adjoints and the quotients, and this divides once after it. A
    // total of exactly 0 gives 0 where the division is NaN (b = 0 or NaN), as the terms'
    // chain products would (docs/design.md, section 7).
    template <class T>
    static constexpr T divisor_adjoint(const T& total, const T& b) {
        const T r = -detail::math::divide(total, b);
        if (detail::math::isnan(r) && total == T(0)) [[unlikely]]
            return T(0);
        return r;
    }

    template <expression A, expression B>
    static constexpr auto simplify(const A& a, const B& b);
};

}  // namespace typegrad

/// @file
/// Defines abs, relu, max, min, leaky_relu, elu, hard_tanh and their indicator derivatives.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>

#include <string_view>

// Conventions at the non-differentiable points (docs/api.md, "Conventions"):
//   abs'(0) = 0 and relu'(0) = 0 (PyTorch, JAX, autodiff agree; edge case 18);
//   max(x, y) and min(x, y) at x == y give 1/2 to each argument, so the two partials sum
//   to 1 (edge case 19) and max(x, x)' = 1;
//   leaky_relu'(0) = alpha, elu'(0) = alpha (the left derivative), hard_tanh'(+-1) = 0.
// Every comparison is written so that a NaN argument falls through to a NaN result.

namespace typegrad {

namespace detail {
template <class T>
constexpr T nan_of(const T& x) {
    return x - x;  // NaN in, NaN out; called only for NaN x
}
}  // namespace detail

/// step(a) = 1 for a > 0, 0 for a <= 0: the derivative of relu. Its own derivative is 0.
struct step_op {
    static constexpr std::string_view name = "step";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return a > T(0) ? T(1) : a <= T(0) ? T(0) : detail::nan_of(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S&) {
        return c<0>;
    }
};

/// sign(a) in {-1, 0, 1}: the derivative of abs (0 at 0).
struct sign_op {
    static constexpr std::string_view name = "sign";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return a > T(0) ? T(1) : a < T(0) ? T(-1) : a == T(0) ? T(0) : detail::nan_of(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S&) {
        return c<0>;
    }
};

/// max_weight(a, b): the share of max(a, b)'s gradient that goes to a: 1, 0, or 1/2 at a tie.
struct max_weight_op {
    static constexpr std::string_view name = "max_weight";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        if (detail::math::isnan(a) || detail::math::isnan(b)) return a + b;
        return a > b ? T(1) : a < b ? T(0) : T(1) / T(2);
    }
    template <std::size_t, class A, class B, class S>
    static constexpr auto partial(const A&, const B&, const S&) {
        return c<0>;
    }
};

/// where_positive(p, t, f) = t if p > 0, f if p <= 0 (NaN if p is NaN): the selector the
/// piecewise ops' derivatives are written with.
struct where_positive_op {
    static constexpr std::string_view name = "where_positive";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& p, const T& t, const T& f) {
        return p > T(0) ? t : p <= T(0) ? f : detail::nan_of(p);
    }
    template <std::size_t I, class P, class A, class B, class S>
    static constexpr auto partial(const P& p, const A&, const B&, const S&);
};

struct abs_op {
    static constexpr std::string_view name = "abs";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return a < T(0) ? -a : a > T(0) ? a : a == T(0) ? T(0) : a;
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct relu_op {
    static constexpr std::string_view name = "relu";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return a > T(0) ? a : a <= T(0) ? T(0) : a;
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct max_op {
    static constexpr std::string_view name = "max";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        if (detail::math::isnan(a) || detail::math::isnan(b)) return a + b;
        return a < b ? b : a;
    }
    // "max routes": the whole upstream gradient goes to the larger input (half each at a tie).
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S&);
};

struct min_op {
    static constexpr std::string_view name = "min";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        if (detail::math::isnan(a) || detail::math::isnan(b)) return a + b;
        return b < a ? b : a;
    }
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S&);
};

/// leaky_relu(a, alpha) = a for a > 0, alpha a otherwise. alpha may be an expression
/// (a learnable parametric ReLU) or a number; alpha = -1 is absolute-value rectification.
struct leaky_relu_op {
    static constexpr std::string_view name = "leaky_relu";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& alpha) {
        return a > T(0) ? a : a <= T(0) ? alpha * a : a;
    }
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& alpha, const S&);
};

/// elu(a, alpha) = a for a > 0, alpha (e^a - 1) otherwise.
struct elu_op {
    static constexpr std::string_view name = "elu";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a, const T& alpha) {
        return a > T(0) ? a : alpha * detail::math::expm1(a);
    }
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& alpha, const S& self);
};

/// hard_tanh'(a): 1 on (-1, 1), 0 elsewhere (0 at +-1), NaN at NaN. An indicator like step,
/// its own derivative is 0 in every mode, also at NaN (where a selector on 1 - |a| would have
/// reverse mode multiply a zero adjoint by abs'(NaN)).
struct hard_tanh_slope_op {
    static constexpr std::string_view name = "hard_tanh'";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return a > T(-1) && a < T(1) ? T(1) : a == a ? T(0) : detail::nan_of(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S&) {
        return c<0>;
    }
};

/// hard_tanh(a) = max(-1, min(1, a)).
struct hard_tanh_op {
    static constexpr std::string_view name = "hard_tanh";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return a > T(1) ? T(1) : a < T(-1) ? T(-1) : a;
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

template <class A>
requires operand<A>
constexpr auto step(const A& a) { return apply<step_op>(a); }
template <class A>
requires operand<A>
constexpr auto sign(const A& a) { return apply<sign_op>(a); }
template <class A, class B>
requires operand<A> && operand<B>
constexpr auto max_weight(const A& a, const B& b) { return apply<max_weight_op>(a, b); }
template <class P, class A, class B>
requires operand<P> && operand<A> && operand<B>
constexpr auto where_positive(const P& p, const A& t, const B& f) { return apply<where_positive_op>(p, t, f); }
template <class A>
requires operand<A>
constexpr auto abs(const A& a) { return apply<abs_op>(a); }
template <class A>
requires operand<A>
constexpr auto relu(const A& a) { return apply<relu_op>(a); }
template <class A, class B>
requires operand<A> && operand<B> &&(expression<A> || expression<B>)constexpr auto max(const A& a, const B& b) {
    return apply<max_op>(a, b);
}
template <class A, class B>
requires operand<A> && operand<B> &&(expression<A> || expression<B>)constexpr auto min(const A& a, const B& b) {
    return apply<min_op>(a, b);
}
/// leaky_relu(a) uses alpha = 0.01; leaky_relu(a, alpha) any alpha (number or expression).
template <class A, class B = constant<1, 100>>
requires operand<A> && operand<B>
constexpr auto leaky_relu(const A& a, const B& alpha = {}) { return apply<leaky_relu_op>(a, alpha); }
template <class A, class B = constant<1>>
requires operand<A> && operand<B>
constexpr auto elu(const A& a, const B& alpha = {}) { return apply<elu_op>(a, alpha); }
template <class A>
requires operand<A>
constexpr auto hard_tanh(const A& a) { return apply<hard_tanh_op>(a); }

template <std::size_t I, class P, class A, class B, class S>
constexpr auto where_positive_op::partial(const P& p, const A&, const B&, const S&) {
    if constexpr (I == 0)
        return c<0>;
    else if constexpr (I == 1)
        return step(p);
    else
        return c<1> - step(p);
}
template <std::size_t, class A, class S>
constexpr auto abs_op::partial(const A& a, const S&) {
    return sign(a);
}
template <std::size_t, class A, class S>
constexpr auto relu_op::partial(const A& a, const S&) {
    return step(a);
}
template <std::size_t I, class A, class B, class S>
constexpr auto max_op::partial(const A& a, const B& b, const S&) {
    if constexpr (I == 0)
        return max_weight(a, b);
    else
        return max_weight(b, a);
}
template <std::size_t I, class A, class B, class S>
constexpr auto min_op::partial(const A& a, const B& b, const S&) {
    if constexpr (I == 0)
        return max_weight(b, a);
    else
        return max_weight(a, b);
}
template <std::size_t I, class A, class B, class S>
constexpr auto leaky_relu_op::partial(const A& a, const B& alpha, const S&) {
    if constexpr (I == 0)
        return where_positive(a, c<1>, alpha);
    else
        return where_positive(a, c<0>, a);
}
template <std::size_t I, class A, class B, class S>
constexpr auto elu_op::partial(const A& a, const B& alpha, const S&) {
    // For a <= 0: d/da alpha (e^a - 1) = alpha e^a, computed as such (self + alpha cancels
    // for a < -10). The branch not taken is evaluated at min(a, 0), written
    // where_positive(a, 0, a) (a itself for a <= 0, so the same bits): e^a cannot overflow
    // there, and a second derivative, which multiplies it by the selector's 0 above 0, is 0
    // and not 0 * inf (elu''(710) = 0 in every mode).
    const auto below = where_positive(a, c<0>, a);
    if constexpr (I == 0)
        return where_positive(a, c<1>, alpha * exp(below));
    else
        return where_positive(a, c<0>, expm1(below));
}
template <std::size_t, class A, class S>
constexpr auto hard_tanh_op::partial(const A& a, const S&) {
    return apply<hard_tanh_slope_op>(a);
}

}  // namespace typegrad

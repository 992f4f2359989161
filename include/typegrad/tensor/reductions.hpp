/// @file
/// Defines the tensor reductions sum, dot, squared_norm and norm (and the element count
/// that divides a mean), each with its forward kernel, its vector-Jacobian product and its
/// Jacobian-vector product, and the functions users call: `tg::sum`, `tg::mean`, `tg::dot`,
/// `tg::squared_norm`, `tg::norm`.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/core/apply.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/tensor/op_rules.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace typegrad {

/// sum of all elements. Backward: every element receives the upstream scalar.
struct sum_op {
    static constexpr std::string_view name = "sum";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;
    /// One term per element: a sum of an elementwise node is the root of its fused region.
    template <class A>
    using element_term = A;
    /// Its operand's adjoint is uniform (every element receives the same u): an operand whose
    /// op has a `backward_uniform` kernel uses it (matmul).
    static constexpr bool uniform_vjp = true;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        forward_n(out, a, S::size);
    }
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_n(T* out, const T* a, const std::size_t n) {
        T s = a[0];
        for (std::size_t i = 1; i < n; ++i) s = s + a[i];
        out[0] = s;
    }

    /// Linear: the sum of the tangent.
    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T*) {
        forward<S>(out, ta);
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        backward_n<Assign, false>(g, up, a, self, S::size);
    }
    /// With Blocked (a run-time n), four elements a step, which the compiler stores as vectors
    /// (at -O2 it vectorizes a loop of unknown length only so).
    template <bool Assign, bool Blocked, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_n(T* g, const T* up, const T*, const T*,
                                                            const std::size_t n) {
        const T u = up[0];
        std::size_t i = 0;
        if constexpr (Blocked)
            for (; i + 4 <= n; i += 4) {
                detail::store<Assign>(g[i], u);
                detail::store<Assign>(g[i + 1], u);
                detail::store<Assign>(g[i + 2], u);
                detail::store<Assign>(g[i + 3], u);
            }
        for (; i < n; ++i) detail::store<Assign>(g[i], u);
    }
    template <class S, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 1>& d, T* out, const T* a) {
        forward_n(out, a, d[0][0] * d[0][1]);
    }
    template <std::size_t I, bool Assign, class S, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 1>& d, T* g, const T* up, const T* a,
                                        const T* self) {
        backward_n<Assign, true>(g, up, a, self, d[0][0] * d[0][1]);
    }
};

/// dot(a, b) = sum_i a_i b_i (the Frobenius product for matrices). Backward: da = u b, db = u a.
struct dot_op {
    static constexpr std::string_view name = "dot";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class SA, class SB>
    using result_shape = shape<>;

    template <class SA, class SB, class T>
    static constexpr void forward(T* out, const T* a, const T* b) {
        forward_n(out, a, b, SA::size);
    }
    template <class SA, class SB, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 2>& d, T* out, const T* a, const T* b) {
        forward_n(out, a, b, d[0][0] * d[0][1]);
    }
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_n(T* out, const T* a, const T* b, const std::size_t n) {
        T s = a[0] * b[0];
        for (std::size_t i = 1; i < n; ++i) s = s + a[i] * b[i];
        out[0] = s;
    }

    /// Bilinear: dot(ta, b) + dot(a, tb), a null tangent's term skipped.
    template <class SA, class SB, class T>
    static constexpr void jvp(T* out, const T* a, const T* b, const T* ta, const T* tb, const T*) {
        if (ta != nullptr) forward<SA, SB>(out, ta, b);
        if (tb != nullptr) {
            T second{};
            forward<SA, SB>(&second, a, tb);
            out[0] = ta != nullptr ? out[0] + second : second;
        }
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* b, const T*) {
        backward_n<I, Assign>(g, up, a, b, SA::size);
    }
    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 2>& d, T* g, const T* up, const T* a,
                                        const T* b, const T*) {
        backward_n<I, Assign>(g, up, a, b, d[0][0] * d[0][1]);
    }
    template <std::size_t I, bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_n(T* g, const T* up, const T* a, const T* b,
                                                            const std::size_t n) {
        const T u = up[0];
        const T* other = I == 0 ? b : a;
        for (std::size_t i = 0; i < n; ++i) detail::store<Assign>(g[i], u * other[i]);
    }
};

/// squared_norm(a) = sum_i a_i^2. Backward: da = 2 u a.
struct squared_norm_op {
    static constexpr std::string_view name = "squared_norm";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;
    template <class A>
    using element_term = node<mul_op, A, A>;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        forward_n(out, a, S::size);
    }
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_n(T* out, const T* a, const std::size_t n) {
        // One statement per rounding: a * a + s in one expression may be contracted into a
        // fused multiply-add (clang's -ffp-contract=on), which would change the value.
        T s = a[0] * a[0];
        for (std::size_t i = 1; i < n; ++i) {
            const T square = a[i] * a[i];
            s = s + square;
        }
        out[0] = s;
    }

    /// 2 dot(a, ta).
    template <class S, class T>
    static constexpr void jvp(T* out, const T* a, const T* ta, const T*) {
        T s{};
        dot_op::forward<S, S>(&s, a, ta);
        out[0] = s + s;
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        backward_n<Assign>(g, up, a, self, S::size);
    }
    template <bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_n(T* g, const T* up, const T* a, const T*,
                                                            const std::size_t n) {
        const T two_u = up[0] + up[0];
        for (std::size_t i = 0; i < n; ++i) detail::store<Assign>(g[i], two_u * a[i]);
    }
    template <class S, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 1>& d, T* out, const T* a) {
        forward_n(out, a, d[0][0] * d[0][1]);
    }
    template <std::size_t I, bool Assign, class S, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 1>& d, T* g, const T* up, const T* a,
                                        const T* self) {
        backward_n<Assign>(g, up, a, self, d[0][0] * d[0][1]);
    }
};

/// norm(a) = sqrt(sum_i a_i^2), the Euclidean (Frobenius) norm, as one op so that its
/// gradient at the zero vector is the subgradient 0 (edge case 20), not the NaN of the chain
/// sqrt'(0) * 2 a = inf * 0. Its value is sqrt(squared_norm(a)) bit for bit wherever that
/// sum of squares is finite and at least 2^-969; where it overflows or may have lost bits to
/// underflow, the sum is taken over a scaled by an exact power of two (2^-600 or 2^600), so
/// that norm([3e200, 4e200]) = 5e200 and norm([3e-200, 4e-200]) = 5e-200. An infinite
/// component gives inf. Backward: da = u (a / norm); 0 where norm == 0; at an infinite norm,
/// u sign(a_i) for infinite components and 0 for finite ones (the limit of a / norm).
struct norm_op {
    static constexpr std::string_view name = "norm";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        squared_norm_op::forward<S>(out, a);
        const T sum = out[0];
        if constexpr (std::is_same_v<T, double>) {  // the scales below are doubles'
            const bool overflow = !(sum < std::numeric_limits<T>::infinity());
            if ((overflow || sum < T(0x1p-969)) && sum == sum) [[unlikely]] {
                const T down = overflow ? T(0x1p-600) : T(0x1p600);
                T scaled = T(0);
                for (std::size_t i = 0; i < S::size; ++i) {
                    const T square = (a[i] * down) * (a[i] * down);
                    scaled = scaled + square;
                }
                // inf only when a component is infinite: the norm is then inf.
                out[0] = detail::math::sqrt(scaled) * (overflow ? T(0x1p600) : T(0x1p-600));
                return;
            }
        }
        out[0] = detail::math::sqrt(sum);  // the value of sqrt(squared_norm(a)), bit for bit
    }

    /// dot(a / norm, ta), with the backward's conventions: 0 where norm == 0, and at an
    /// infinite norm the sum of sign(a_i) ta_i over the infinite components.
    template <class S, class T>
    static constexpr void jvp(T* out, const T* a, const T* ta, const T* self) {
        const T n = self[0];
        T s = T(0);
        if (n == std::numeric_limits<T>::infinity()) [[unlikely]] {
            for (std::size_t i = 0; i < S::size; ++i)
                if (a[i] == n || a[i] == -n) s = s + (a[i] == n ? ta[i] : -ta[i]);
        } else if (n != T(0)) {
            for (std::size_t i = 0; i < S::size; ++i) s = s + (a[i] / n) * ta[i];
        }
        out[0] = s;
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        const T n = self[0];
        const T u = up[0];
        if (n == std::numeric_limits<T>::infinity()) [[unlikely]] {
            for (std::size_t i = 0; i < S::size; ++i) {
                const T share = a[i] == n ? T(1) : a[i] == -n ? T(-1) : T(0);
                detail::store<Assign>(g[i], u * share);
            }
            return;
        }
        for (std::size_t i = 0; i < S::size; ++i) detail::store<Assign>(g[i], n == T(0) ? T(0) : u * (a[i] / n));
    }
};

/// The number of elements of a shape with a dynamic extent, known when the call's bindings
/// are made (the divisor of `mean`); its operand is the constant 0 (a node needs one), so it
/// depends on no variable and is never differentiated.
template <class Shape>
struct element_count_op {
    static constexpr std::string_view name = "element_count";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;
    using counted_shape = Shape;

    template <class...>
    using result_shape = shape<>;
};

/// The sum of all elements (a scalar is its own sum).
template <expression A>
constexpr auto sum(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return a;
    else
        return make_node<sum_op>(a);
}

/// The mean of all elements: sum(a) / size, a division in the computing type (as numpy does;
/// not a product with a rounded 1 / size).
template <expression A>
constexpr auto mean(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return a;
    else if constexpr (shape_of<A>::fixed)
        return make_node<div_op>(sum(a), real<static_cast<double>(shape_of<A>::size)>);
    else
        return make_node<div_op>(sum(a), make_node<element_count_op<shape_of<A>>>(c<0>));
}

/// The sum of the elementwise products of two operands of one shape (for two scalars, the
/// product).
template <expression A, expression B>
constexpr auto dot(const A& a, const B& b) {
    using SA = shape_of<A>;
    using SB = shape_of<B>;
    if constexpr (SA::rank == 0 && SB::rank == 0) {
        return a * b;
    } else {
        // No broadcast here: dot(s, x) would silently be s * sum(x).
        static_assert(detail::dot_shapes_agree<SA, SB>::value,
                      "typegrad: dot(a, b) needs operands of one shape; the two shapes are the arguments of "
                      "dot_shapes_agree");
        if constexpr (!detail::dot_shapes_agree<SA, SB>::value)
            return c<0>;
        else
            return make_node<dot_op>(a, b);
    }
}

/// The sum of the squared elements, ||a||^2.
template <expression A>
constexpr auto squared_norm(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return a * a;
    else
        return make_node<squared_norm_op>(a);
}

/// The Euclidean (Frobenius) norm, sqrt(squared_norm(a)); its gradient at 0 is 0.
template <expression A>
constexpr auto norm(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return abs(a);
    else
        return make_node<norm_op>(a);
}

}  // namespace typegrad

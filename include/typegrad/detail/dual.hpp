/// @file
/// Defines typegrad::detail::dual, the element type of tg::hvp's sweeps: a value and one
/// tangent (its derivative along the direction of the call). The value part of every
/// operation is the operation on T (detail::math, the same calls as for T itself), so a
/// sweep over duals computes the same value bits as the sweep over T; comparisons look at
/// the value only, so every branch of an op's rule takes the same side as for T.
#pragma once

#include <typegrad/detail/math.hpp>

#include <limits>
#include <numbers>
#include <type_traits>

namespace typegrad::detail {

template <class T>
struct dual {
    T v{};  ///< the value
    T t{};  ///< its tangent

    constexpr dual() = default;
    constexpr dual(T value) : v(value) {}  // implicit: a number is a constant (tangent 0)
    constexpr dual(T value, T tangent) : v(value), t(tangent) {}
    template <class U>
    requires std::is_arithmetic_v<U>
    constexpr dual(U value) : v(static_cast<T>(value)) {}
    /// The value (an index stored in elements of T, such as LU's row permutation, reads back).
    template <class U>
    requires std::is_arithmetic_v<U>
    constexpr explicit operator U() const { return static_cast<U>(v); }

    friend constexpr dual operator+(const dual& a, const dual& b) { return {a.v + b.v, a.t + b.t}; }
    friend constexpr dual operator-(const dual& a, const dual& b) { return {a.v - b.v, a.t - b.t}; }
    friend constexpr dual operator*(const dual& a, const dual& b) { return {a.v * b.v, a.t * b.v + a.v * b.t}; }
    friend constexpr dual operator/(const dual& a, const dual& b) {
        const T q = math::divide(a.v, b.v);
        return {q, math::divide(a.t - q * b.t, b.v)};
    }
    friend constexpr dual operator-(const dual& a) { return {-a.v, -a.t}; }
    friend constexpr dual operator+(const dual& a) { return a; }

    friend constexpr bool operator==(const dual& a, const dual& b) { return a.v == b.v; }
    friend constexpr bool operator!=(const dual& a, const dual& b) { return a.v != b.v; }
    friend constexpr bool operator<(const dual& a, const dual& b) { return a.v < b.v; }
    friend constexpr bool operator>(const dual& a, const dual& b) { return a.v > b.v; }
    friend constexpr bool operator<=(const dual& a, const dual& b) { return a.v <= b.v; }
    friend constexpr bool operator>=(const dual& a, const dual& b) { return a.v >= b.v; }

    // The functions detail::math calls for a non-floating type, found by argument-dependent
    // lookup: the value by the same function of T, the tangent by the chain rule.
    friend constexpr dual exp(const dual& a) {
        const T e = math::exp(a.v);
        return {e, a.t * e};
    }
    friend constexpr dual expm1(const dual& a) { return {math::expm1(a.v), a.t * math::exp(a.v)}; }
    friend constexpr dual exp2(const dual& a) {
        const T e = math::exp2(a.v);
        return {e, a.t * e * std::numbers::ln2_v<T>};
    }
    friend constexpr dual log(const dual& a) { return {math::log(a.v), math::divide(a.t, a.v)}; }
    friend constexpr dual log1p(const dual& a) { return {math::log1p(a.v), math::divide(a.t, T(1) + a.v)}; }
    friend constexpr dual log2(const dual& a) {
        return {math::log2(a.v), math::divide(a.t, a.v * std::numbers::ln2_v<T>)};
    }
    friend constexpr dual log10(const dual& a) {
        return {math::log10(a.v), math::divide(a.t, a.v * std::numbers::ln10_v<T>)};
    }
    friend constexpr dual sqrt(const dual& a) {
        const T r = math::sqrt(a.v);
        return {r, math::divide(a.t, T(2) * r)};
    }
    friend constexpr dual cbrt(const dual& a) {
        const T r = math::cbrt(a.v);
        return {r, math::divide(a.t, T(3) * r * r)};
    }
    friend constexpr dual sin(const dual& a) { return {math::sin(a.v), a.t * math::cos(a.v)}; }
    friend constexpr dual cos(const dual& a) { return {math::cos(a.v), -a.t * math::sin(a.v)}; }
    friend constexpr dual tan(const dual& a) {
        const T y = math::tan(a.v);
        return {y, a.t * (T(1) + y * y)};
    }
    friend constexpr dual sinh(const dual& a) { return {math::sinh(a.v), a.t * math::cosh(a.v)}; }
    friend constexpr dual cosh(const dual& a) { return {math::cosh(a.v), a.t * math::sinh(a.v)}; }
    friend constexpr dual tanh(const dual& a) {
        const T y = math::tanh(a.v);
        return {y, a.t * ((T(1) - y) * (T(1) + y))};
    }
    friend constexpr dual atan(const dual& a) { return {math::atan(a.v), math::divide(a.t, T(1) + a.v * a.v)}; }
    friend constexpr dual asin(const dual& a) {
        return {math::asin(a.v), math::divide(a.t, math::sqrt((T(1) - a.v) * (T(1) + a.v)))};
    }
    friend constexpr dual acos(const dual& a) {
        return {math::acos(a.v), -math::divide(a.t, math::sqrt((T(1) - a.v) * (T(1) + a.v)))};
    }
    friend constexpr dual asinh(const dual& a) { return {math::asinh(a.v), math::divide(a.t, math::hypot(T(1), a.v))}; }
    friend constexpr dual acosh(const dual& a) {
        return {math::acosh(a.v), math::divide(a.t, math::sqrt(a.v - T(1)) * math::sqrt(a.v + T(1)))};
    }
    friend constexpr dual atanh(const dual& a) {
        return {math::atanh(a.v), math::divide(a.t, (T(1) - a.v) * (T(1) + a.v))};
    }
    friend constexpr dual erf(const dual& a) {
        return {math::erf(a.v), a.t * (T(2) * std::numbers::inv_sqrtpi_v<T>)*math::gauss(a.v)};
    }
    friend constexpr dual erfc(const dual& a) {
        return {math::erfc(a.v), -a.t * (T(2) * std::numbers::inv_sqrtpi_v<T>)*math::gauss(a.v)};
    }
    friend constexpr dual lgamma(const dual& a) { return {math::lgamma(a.v), a.t * math::digamma(a.v)}; }
    friend constexpr dual digamma(const dual& a) { return {math::digamma(a.v), a.t * math::trigamma(a.v)}; }
    // Rounding: piecewise constant, tangent 0.
    friend constexpr dual floor(const dual& a) { return dual(math::floor(a.v)); }
    friend constexpr dual ceil(const dual& a) { return dual(math::ceil(a.v)); }
    friend constexpr dual round(const dual& a) { return dual(math::round(a.v)); }
    friend constexpr dual trunc(const dual& a) { return dual(math::trunc(a.v)); }
    friend constexpr dual pow(const dual& x, const dual& y) {
        const T p = math::pow(x.v, y.v);
        // d(x^y) = y x^(y-1) dx + x^y log(x) dy, each term only where its tangent is nonzero
        // (log x is NaN for x < 0, where y is an integer).
        T t = x.t == T(0) ? T(0) : x.t * y.v * math::pow(x.v, y.v - T(1));
        if (y.t != T(0)) t = t + y.t * p * math::log(x.v);
        return {p, t};
    }
    friend constexpr dual atan2(const dual& y, const dual& x) {
        const T r2 = x.v * x.v + y.v * y.v;
        return {math::atan2(y.v, x.v), math::divide(x.v * y.t - y.v * x.t, r2)};
    }
    friend constexpr dual hypot(const dual& x, const dual& y) {
        const T r = math::hypot(x.v, y.v);
        return {r, math::divide(x.v * x.t + y.v * y.t, r)};
    }
    friend constexpr dual hypot(const dual& x, const dual& y, const dual& z) {
        const T r = math::hypot(x.v, y.v, z.v);
        return {r, math::divide(x.v * x.t + y.v * y.t + z.v * z.t, r)};
    }
};

}  // namespace typegrad::detail

namespace std {
/// The limits the op rules read (infinity, NaN, epsilon), with tangent 0.
template <class T>
class numeric_limits<typegrad::detail::dual<T>> : public numeric_limits<T> {
    using D = typegrad::detail::dual<T>;

public:
    static constexpr D min() noexcept { return D(std::numeric_limits<T>::min()); }
    static constexpr D max() noexcept { return D(std::numeric_limits<T>::max()); }
    static constexpr D lowest() noexcept { return D(std::numeric_limits<T>::lowest()); }
    static constexpr D epsilon() noexcept { return D(std::numeric_limits<T>::epsilon()); }
    static constexpr D infinity() noexcept { return D(std::numeric_limits<T>::infinity()); }
    static constexpr D quiet_NaN() noexcept { return D(std::numeric_limits<T>::quiet_NaN()); }
};
}  // namespace std

/// @file
/// Defines typegrad::check_gradient: every partial of every bound variable against a
/// central finite-difference estimate, reporting the worst relative error and where it is
/// (seed 002: "numerical gradient by perturbing each input by epsilon; O(#inputs)
/// evaluations; use it to check correctness").
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/expression.hpp>
#include <typegrad/tensor/api.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/shape.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace typegrad {

/// How check_gradient perturbs and compares.
struct gradient_check_options {
    /// Relative step: element x is moved to x +- h and x +- 2h with h = step * max(1, |x|).
    /// 0 (the default) picks eps^(1/5) of the element type (7.4e-4 for double), which
    /// balances the 4th-order central difference's truncation error, O(h^4 f^(5)), against its
    /// rounding error, O(eps |f| / h).
    double step = 0;
    /// The relative error of a partial is |a - n| / max(|a|, |n|, floor * G), G the largest
    /// |analytic partial| of the whole gradient. A central difference resolves a partial only
    /// to about eps |f| / h in absolute terms (the rounding of f's two evaluations), so a
    /// partial far smaller than the others cannot be checked to a relative 1e-6; below
    /// floor * G partials are compared in units of floor * G instead. A wrong partial of
    /// size 1e-5 G (analytic 0) still shows as an error of 1e-2.
    double floor = 1e-3;
};

/// What check_gradient found: the worst relative error over all partials, and where.
template <class T>
struct gradient_check_report {
    T worst_relative_error = 0;   ///< max over all partials of |a - n| / max(|a|, |n|, floor * G); +inf for NaN
    std::string_view variable{};  ///< the name of the variable holding the worst partial
    std::size_t index = 0;        ///< its flat (row-major) index into that variable
    std::size_t row = 0;          ///< index / columns for a matrix, index for a vector, 0 for a scalar
    std::size_t column = 0;       ///< index % columns for a matrix, else 0
    T analytic = 0;               ///< the reverse-mode partial there
    T numeric = 0;                ///< the finite-difference estimate there
    T value = 0;                  ///< f at the bound point
    T gradient_scale = 0;         ///< G, the largest |analytic partial|
    std::size_t checked = 0;      ///< how many partials were compared (4 evaluations of f each)

    /// True when every partial agrees within `tolerance` (relative).
    constexpr bool passed(T tolerance) const { return worst_relative_error <= tolerance; }
};

namespace detail {

/// The binding to differentiate with: a gradient redirected into a caller's buffer
/// (`.grad_into`) is stored in the result instead, so that checking writes nothing of the
/// caller's; `.no_grad()` bindings stay data (they are not checked).
template <class B>
constexpr auto checked_binding(const B& b) {
    if constexpr (is_tensor_binding_v<B>) {
        if constexpr (B::gradient == gradient_to::buffer)
            return tensor_binding<typename B::variable, typename B::value_type>{b.data};
        else
            return b;
    } else {
        return b;
    }
}

/// The K-th argument of a call in which binding K is replaced by `replacement`.
template <std::size_t J, std::size_t K, class R, class B>
constexpr const auto& pick(const R& replacement, const B& original) {
    if constexpr (J == K)
        return replacement;
    else
        return original;
}

/// f with binding K replaced by `replacement` (the perturbed copy).
template <std::size_t K, class E, class R, class Tuple, std::size_t... J>
auto eval_replacing(const E& f, const R& replacement, const Tuple& bindings, std::index_sequence<J...>) {
    return detail::eval_call(static_cast<detail::no_workspace*>(nullptr), f,
                             pick<J, K>(replacement, std::get<J>(bindings))...);
}

template <class T>
struct checker {
    gradient_check_options options;
    gradient_check_report<T>& report;

    T step_for(T x) const {
        const T relative =
            options.step > 0 ? static_cast<T>(options.step) : std::pow(std::numeric_limits<T>::epsilon(), T(0.2));
        return relative * std::max(T(1), std::abs(x));
    }

    /// Compares one partial; `perturbed(x)` evaluates f with the element set to x.
    template <class Var, class Eval>
    void compare(std::size_t index, T x, T analytic, Eval&& perturbed) const {
        // h made exactly representable as a difference from x (x + h - x == h).
        const T h = (x + step_for(x)) - x;
        // The 4th-order central difference f' = (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h
        // + O(h^4): with a 2-point stencil (error O(h^2)) the best step is eps^(1/3) and the
        // rounding of f is amplified 100 times more (eps |f| / h), too much for functions
        // much larger than their partials (a squared loss over a batch).
        const T near = perturbed(x + h) - perturbed(x - h);
        const T far = perturbed(x + T(2) * h) - perturbed(x - T(2) * h);
        const T numeric = (T(8) * near - far) / (T(12) * h);
        const T scale =
            std::max({std::abs(analytic), std::abs(numeric), static_cast<T>(options.floor) * report.gradient_scale,
                      std::numeric_limits<T>::min()});  // 0 / min = 0 when both are 0
        T error = std::abs(analytic - numeric) / scale;
        if (std::isnan(error)) error = std::numeric_limits<T>::infinity();  // NaN on either side fails the check
        ++report.checked;
        if (report.checked == 1 || error > report.worst_relative_error) {
            using S = shape_of<Var>;
            report.worst_relative_error = error;
            report.variable = Var::name.view();
            report.index = index;
            if constexpr (S::rank == 2) {
                report.row = index / S::extents[1];
                report.column = index % S::extents[1];
            } else {
                report.row = index;
                report.column = 0;
            }
            report.analytic = analytic;
            report.numeric = numeric;
        }
    }

    /// Checks every element of the K-th binding. A tensor is copied into a fixed-size array
    /// on the stack (shape size elements) and perturbed there: the caller's storage, which
    /// may be const, is never written.
    /// G: the largest |analytic partial| of the K-th binding, folded into report.gradient_scale.
    template <std::size_t K, class Tuple, class Gradient>
    void measure(const Gradient& gradient) const {
        using B = std::remove_cvref_t<std::tuple_element_t<K, Tuple>>;
        using Var = typename B::variable;
        if constexpr (is_tensor_binding_v<B>) {
            if constexpr (B::gradient != gradient_to::none) {
                const auto g = gradient[Var{}];
                for (std::size_t i = 0; i < shape_of<Var>::size; ++i)
                    report.gradient_scale = std::max(report.gradient_scale, std::abs(static_cast<T>(g[i])));
            }
        } else {
            report.gradient_scale = std::max(report.gradient_scale, std::abs(static_cast<T>(gradient[Var{}])));
        }
    }

    template <std::size_t K, class E, class Tuple, class Gradient>
    void check_binding(const E& f, const Tuple& bindings, const Gradient& gradient) const {
        using B = std::remove_cvref_t<std::tuple_element_t<K, Tuple>>;
        using Var = typename B::variable;
        constexpr auto all = std::make_index_sequence<std::tuple_size_v<Tuple>>{};
        const B& original = std::get<K>(bindings);
        if constexpr (is_tensor_binding_v<B>) {
            if constexpr (B::gradient != gradient_to::none) {
                constexpr std::size_t n = shape_of<Var>::size;
                std::array<T, n> copy;
                for (std::size_t i = 0; i < n; ++i) copy[i] = original.data[i];
                const tensor_binding<Var, T> moved{copy.data()};
                const auto analytic = gradient[Var{}];
                for (std::size_t i = 0; i < n; ++i) {
                    const T x = copy[i];
                    compare<Var>(i, x, analytic[i], [&](T at) {
                        copy[i] = at;
                        const T y = eval_replacing<K>(f, moved, bindings, all);
                        copy[i] = x;
                        return y;
                    });
                }
            }
        } else {
            const T x = static_cast<T>(original.value);
            compare<Var>(0, x, static_cast<T>(gradient[Var{}]), [&](T at) {
                const binding<Var, T> moved{at};
                return eval_replacing<K>(f, moved, bindings, all);
            });
        }
    }
};

}  // namespace detail

/// Checks the reverse-mode gradient of a scalar expression f against central finite
/// differences, (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h, for every element of every
/// bound variable (except those bound with `.no_grad()`): 4 evaluations of f per element, so use it on
/// small problems. Returns the worst relative error, which variable and element it is at,
/// and the two values there:
///
///     auto r = tg::check_gradient(f, W = w, x = 2.0);
///     if (!r.passed(1e-6)) std::printf("%s[%zu]: %g vs %g\n", r.variable.data(), r.index, ...);
///
/// Nothing is allocated. The caller's storage is read, never written: each tensor is copied
/// in turn into a stack array of its size and perturbed there (so the stack must hold the
/// largest bound tensor plus the gradient workspace). A `.grad_into` buffer is not written
/// either (the analytic gradient is kept in the result). Within 2h of a kink (relu at 0,
/// abs at 0) the two sides disagree by construction; check away from kinks.
template <expression E, class... Bindings>
auto check_gradient(const gradient_check_options& options, const E& f, const Bindings&... bindings) {
    using T = detail::scalar_type<Bindings...>;
    gradient_check_report<T> report{};
    const auto reference = detail::value_and_grad_call(static_cast<detail::no_workspace*>(nullptr), f,
                                                       detail::checked_binding(bindings)...);
    report.value = reference.value;
    const std::tuple<const Bindings&...> all{bindings...};
    const detail::checker<T> checker{options, report};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (checker.template measure<K, std::tuple<const Bindings&...>>(reference.grad), ...);
        (checker.template check_binding<K>(f, all, reference.grad), ...);
    }
    (std::index_sequence_for<Bindings...>{});
    return report;
}

/// check_gradient with the default options (step eps^(1/5), floor 1e-3).
template <expression E, class... Bindings>
auto check_gradient(const E& f, const Bindings&... bindings) {
    return check_gradient(gradient_check_options{}, f, bindings...);
}

}  // namespace typegrad

// Shared checks of the tensor ops of test_tensor_indexing.cpp and test_tensor_linalg.cpp.
// For an op applied to variables of given shapes, against an independent long-double
// implementation `ref` of the op (a function of the flattened operands):
//   - the value of tg::eval, within `value_rel` of ref (relative to the largest |ref|);
//   - the reverse gradient of f = dot(op(...), C) (C a random constant, bound as data; a
//     scalar result is f = op(...)) by tg::value_and_grad, against long-double central
//     differences of sum_k C_k ref_k;
//   - the op's jvp kernel, called directly at random tangents (and with each tangent null,
//     for a binary op), against long-double central differences along the tangent.
#pragma once

#include "test_helpers.hpp"

#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace typegrad_test::ops {

namespace tg = typegrad;
using ld = long double;

/// Random shapes drawn at compile time: draw k of the stream of `seed`, uniform in [lo, hi]
/// (splitmix64, as the test points). A fixed seed reproduces a failure; each seed is a new set
/// of shapes.
constexpr std::size_t drawn_extent(std::uint64_t seed, std::size_t k, std::size_t lo, std::size_t hi) {
    rng g(seed);
    for (std::size_t i = 0; i < k; ++i) g.next();
    return lo + static_cast<std::size_t>(g.next() % (hi - lo + 1));
}

template <std::size_t N>
std::array<double, N> random_array(rng& r, double lo = -1.0, double hi = 1.0) {
    std::array<double, N> a{};
    for (auto& v : a) v = r.uniform(lo, hi);
    return a;
}

template <std::size_t N>
std::array<ld, N> widen(const std::array<double, N>& a) {
    std::array<ld, N> w{};
    for (std::size_t i = 0; i < N; ++i) w[i] = a[i];
    return w;
}

/// The derivative of a long-double function of t at 0 by the 4th-order central difference
/// with step h (truncation ~h^4, rounding ~1e-19 / h).
template <class F>
ld central_difference(const F& f, ld h = 1e-4L) {
    return (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h);
}

/// |a - b| <= rel max(scale, 1e-300).
inline bool close(double a, ld b, double rel, ld scale) {
    return std::abs(static_cast<ld>(a) - b) <= rel * std::max(scale, static_cast<ld>(1e-300));
}

template <std::size_t N>
ld largest(const std::array<ld, N>& a) {
    ld m = 0;
    for (const ld v : a) m = std::max(m, std::abs(v));
    return m;
}

/// Element i of the value of an expression (a number for a scalar result).
template <class V>
double element_of(const V& v, std::size_t i) {
    if constexpr (std::is_arithmetic_v<V>)
        return (void)i, v;
    else
        return v[i];
}

/// C bound as a vector of S::size, seen with shape S (reshape of a vector of that size).
template <class S>
struct as_shape;
template <std::size_t... Es>
struct as_shape<tg::shape<Es...>> {
    template <class E>
    static constexpr auto of(const E& e) {
        return tg::reshape<Es...>(e);
    }
};

/// A unary op: `make(A)` builds op(A) of the variable A (shape S); ref maps the long-double
/// elements of A to those of the result. Tolerances: value_rel for the value, grad_rel for
/// the derivatives (relative to the largest reference derivative).
template <class Var, class Make, class Ref>
void check_unary(const std::string& name, Make make, Ref ref, rng& r, double value_rel, double grad_rel,
                 double lo = -1.0, double hi = 1.0) {
    constexpr Var A;
    constexpr auto e = make(A);
    using E = std::remove_cvref_t<decltype(e)>;
    using Op = typename E::op;
    using S = tg::shape_of<Var>;
    using R = tg::shape_of<E>;
    constexpr std::size_t n = S::size, m = R::size;
    constexpr std::size_t scratch = tg::detail::scratch_size_of<E>();

    auto a = random_array<n>(r, lo, hi);
    const auto expected = ref(widen(a));
    const ld scale = largest(expected);
    INFO(name << " " << tg::to_string(e));

    // The value.
    const auto v = tg::eval(e, A = a);
    for (std::size_t k = 0; k < m; ++k) {
        INFO("value[" << k << "] " << show(element_of(v, k)) << " expected " << show(double(expected[k])));
        CHECK(close(element_of(v, k), expected[k], value_rel, scale));
    }

    // The reverse gradient of dot(op(A), C).
    auto cvals = random_array<m>(r);
    const auto along_c = [&](const std::array<ld, n>& x) {
        const auto y = ref(x);
        ld s = 0;
        for (std::size_t k = 0; k < m; ++k) s += (R::rank == 0 ? 1.0L : static_cast<ld>(cvals[k])) * y[k];
        return s;
    };
    const auto check_gradient = [&](const auto& grad) {
        std::array<ld, n> fd{};
        for (std::size_t i = 0; i < n; ++i)
            fd[i] = central_difference([&](ld t) {
                auto x = widen(a);
                x[i] += t;
                return along_c(x);
            });
        const ld gscale = largest(fd);
        for (std::size_t i = 0; i < n; ++i) {
            INFO("d/dA[" << i << "] ad " << show(grad(i)) << " fd " << show(double(fd[i])));
            CHECK(close(grad(i), fd[i], grad_rel, gscale));
        }
    };
    if constexpr (R::rank == 0) {
        const auto g = tg::value_and_grad(e, A = a);
        check_gradient([&](std::size_t i) { return g.grad[A][i]; });
    } else {
        constexpr tg::var<"C", m> Cv;
        const auto f = tg::dot(e, as_shape<R>::of(Cv));
        const auto g = tg::value_and_grad(f, A = a, (Cv = cvals).no_grad());
        check_gradient([&](std::size_t i) { return g.grad[A][i]; });
    }

    // The jvp kernel, called directly.
    const auto ta = random_array<n>(r);
    std::array<double, m + scratch> self{}, out{};
    Op::template forward<S>(self.data(), a.data());
    Op::template jvp<S>(out.data(), a.data(), ta.data(), self.data());
    for (std::size_t k = 0; k < m; ++k) {
        const ld fd = central_difference([&](ld t) {
            auto x = widen(a);
            for (std::size_t i = 0; i < n; ++i) x[i] += t * ta[i];
            return ref(x)[k];
        });
        std::array<ld, m> all{};
        for (std::size_t j = 0; j < m; ++j)
            all[j] = central_difference([&](ld t) {
                auto x = widen(a);
                for (std::size_t i = 0; i < n; ++i) x[i] += t * ta[i];
                return ref(x)[j];
            });
        INFO("jvp[" << k << "] " << show(out[k]) << " fd " << show(double(fd)));
        CHECK(close(out[k], fd, grad_rel, largest(all)));
    }
}

/// A binary op of variables A (shape SA) and B (shape SB): ref maps (a, b) to the result.
template <class VarA, class VarB, class Make, class Ref>
void check_binary(const std::string& name, Make make, Ref ref, rng& r, double value_rel, double grad_rel,
                  double diagonal = 0.0) {
    constexpr VarA A;
    constexpr VarB B;
    constexpr auto e = make(A, B);
    using E = std::remove_cvref_t<decltype(e)>;
    using Op = typename E::op;
    using SA = tg::shape_of<VarA>;
    using SB = tg::shape_of<VarB>;
    using R = tg::shape_of<E>;
    constexpr std::size_t na = SA::size, nb = SB::size, m = R::size;
    constexpr std::size_t scratch = tg::detail::scratch_size_of<E>();

    auto a = random_array<na>(r);
    if (diagonal != 0.0)  // A square: a dominant diagonal keeps it well conditioned
        for (std::size_t k = 0; k * k < na; ++k) a[k * SA::extents[0] + k] += diagonal;
    auto b = random_array<nb>(r);
    const auto expected = ref(widen(a), widen(b));
    const ld scale = largest(expected);
    INFO(name << " " << tg::to_string(e));

    const auto v = tg::eval(e, A = a, B = b);
    for (std::size_t k = 0; k < m; ++k) {
        INFO("value[" << k << "] " << show(element_of(v, k)) << " expected " << show(double(expected[k])));
        CHECK(close(element_of(v, k), expected[k], value_rel, scale));
    }

    constexpr tg::var<"C", m> Cv;
    auto cvals = random_array<m>(r);
    const auto along_c = [&](const std::array<ld, na>& x, const std::array<ld, nb>& y) {
        const auto z = ref(x, y);
        ld s = 0;
        for (std::size_t k = 0; k < m; ++k) s += static_cast<ld>(cvals[k]) * z[k];
        return s;
    };
    const auto f = tg::dot(e, as_shape<R>::of(Cv));
    const auto g = tg::value_and_grad(f, A = a, B = b, (Cv = cvals).no_grad());
    std::array<ld, na> fda{};
    std::array<ld, nb> fdb{};
    for (std::size_t i = 0; i < na; ++i)
        fda[i] = central_difference([&](ld t) {
            auto x = widen(a);
            x[i] += t;
            return along_c(x, widen(b));
        });
    for (std::size_t i = 0; i < nb; ++i)
        fdb[i] = central_difference([&](ld t) {
            auto y = widen(b);
            y[i] += t;
            return along_c(widen(a), y);
        });
    const ld gscale = std::max(largest(fda), largest(fdb));
    for (std::size_t i = 0; i < na; ++i) {
        INFO("d/dA[" << i << "] ad " << show(g.grad[A][i]) << " fd " << show(double(fda[i])));
        CHECK(close(g.grad[A][i], fda[i], grad_rel, gscale));
    }
    for (std::size_t i = 0; i < nb; ++i) {
        INFO("d/dB[" << i << "] ad " << show(g.grad[B][i]) << " fd " << show(double(fdb[i])));
        CHECK(close(g.grad[B][i], fdb[i], grad_rel, gscale));
    }

    // The jvp kernel with both tangents, then with each one null (a structural zero).
    const auto ta = random_array<na>(r);
    const auto tb = random_array<nb>(r);
    std::array<double, m + scratch> self{};
    Op::template forward<SA, SB>(self.data(), a.data(), b.data());
    for (int which = 0; which < 3; ++which) {
        const double* pa = which == 2 ? nullptr : ta.data();
        const double* pb = which == 1 ? nullptr : tb.data();
        std::array<double, m + scratch> out{};
        Op::template jvp<SA, SB>(out.data(), a.data(), b.data(), pa, pb, self.data());
        std::array<ld, m> fd{};
        for (std::size_t k = 0; k < m; ++k)
            fd[k] = central_difference([&](ld t) {
                auto x = widen(a);
                auto y = widen(b);
                for (std::size_t i = 0; i < na; ++i) x[i] += pa ? t * ta[i] : 0;
                for (std::size_t i = 0; i < nb; ++i) y[i] += pb ? t * tb[i] : 0;
                return ref(x, y)[k];
            });
        for (std::size_t k = 0; k < m; ++k) {
            INFO("jvp (tangents " << which << ")[" << k << "] " << show(out[k]) << " fd " << show(double(fd[k])));
            CHECK(close(out[k], fd[k], grad_rel, largest(fd)));
        }
    }
}

}  // namespace typegrad_test::ops

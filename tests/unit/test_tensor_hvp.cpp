// Hessian-vector products (tg::hvp) of scalar tensor functions against long-double central
// differences of the gradient, at random points and along random directions; the value and
// the gradient against tg::value_and_grad bit for bit; a scalar expression against
// tg::hessian times the direction; the workspace.
//
// Central differences: (g(p + h d) - g(p - h d)) / 2h with g = tg::value_and_grad in long
// double (the tensor engine's kernels are templated on the element type), h = 1e-5: the
// truncation error ~ h^2 |g'''| ~ 1e-10 and the rounding error ~ eps_ld |g| / h ~ 1e-14
// are far below the tolerance 1e-8 max(|fd|, 0.1 S), S = max(1, max |g|).
#include "test_helpers.hpp"

#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

namespace tg = typegrad;
using typegrad_test::rng;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

constexpr long double h = 1e-5L;

template <std::size_t N>
std::array<double, N> random_array(rng& r, double lo, double hi) {
    std::array<double, N> a{};
    for (auto& v : a) v = r.uniform(lo, hi);
    return a;
}

template <std::size_t N>
std::array<long double, N> moved(const std::array<double, N>& x, const std::array<double, N>& d, long double step) {
    std::array<long double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<long double>(x[i]) + step * static_cast<long double>(d[i]);
    return out;
}

/// Appends the elements of a gradient entry (a view, or a number) to `out`.
template <class T, class G>
void append(std::vector<T>& out, const G& g) {
    if constexpr (std::is_arithmetic_v<G>)
        out.push_back(static_cast<T>(g));
    else
        for (std::size_t i = 0; i < g.size(); ++i) out.push_back(static_cast<T>(g[i]));
}

/// Every entry of `product` against the central difference of the gradients `plus`, `minus`.
void check_against_differences(const std::vector<double>& product, const std::vector<long double>& plus,
                               const std::vector<long double>& minus) {
    REQUIRE(product.size() == plus.size());
    long double scale = 1;
    for (std::size_t i = 0; i < plus.size(); ++i) scale = std::max({scale, std::abs(plus[i]), std::abs(minus[i])});
    for (std::size_t i = 0; i < product.size(); ++i) {
        const long double fd = (plus[i] - minus[i]) / (2 * h);
        INFO("entry " << i << ": hvp " << product[i] << ", central difference " << double(fd));
        CHECK(std::abs(product[i] - fd) <= 1e-8L * std::max(std::abs(fd), 0.1L * scale));
    }
}

constexpr tg::var<"W", 3, 4> W;
constexpr tg::var<"x", 4> x;

}  // namespace

TEST_CASE("tensor hvp: sum(tanh(W x)) against central differences of the gradient", "[tensor][hvp]") {
    constexpr auto f = tg::sum(tg::tanh(W * x));
    rng r(typegrad_test::seed_of("hvp sum tanh"));
    for (int trial = 0; trial < 5; ++trial) {
        const auto w = random_array<12>(r, -1, 1), dw = random_array<12>(r, -1, 1);
        const auto v = random_array<4>(r, -2, 2), dv = random_array<4>(r, -1, 1);
        const auto result = tg::hvp(f, tg::at(W = w, x = v), tg::at(W = dw, x = dv));
        const auto reference = tg::value_and_grad(f, W = w, x = v);
        CHECK(same_bits(result.value, reference.value));
        for (std::size_t i = 0; i < 12; ++i) CHECK(same_bits(result.grad[W][i], reference.grad[W][i]));
        for (std::size_t i = 0; i < 4; ++i) CHECK(same_bits(result.grad[x][i], reference.grad[x][i]));
        std::vector<double> product;
        append(product, result.hvp[W]);
        append(product, result.hvp[x]);
        const auto gradient_at = [&](long double step) {
            const auto wl = moved(w, dw, step);
            const auto xl = moved(v, dv, step);
            const auto g = tg::value_and_grad(f, W = wl, x = xl);
            std::vector<long double> out;
            append(out, g.grad[W]);
            append(out, g.grad[x]);
            return out;
        };
        check_against_differences(product, gradient_at(h), gradient_at(-h));

        // A direction on W alone: x has direction 0.
        const auto only_w = tg::hvp(f, tg::at(W = w, x = v), tg::at(W = dw));
        std::vector<double> product_w;
        append(product_w, only_w.hvp[W]);
        append(product_w, only_w.hvp[x]);
        const auto gradient_w_at = [&](long double step) {
            const auto wl = moved(w, dw, step);
            const std::array<long double, 4> xl{v[0], v[1], v[2], v[3]};
            const auto g = tg::value_and_grad(f, W = wl, x = xl);
            std::vector<long double> out;
            append(out, g.grad[W]);
            append(out, g.grad[x]);
            return out;
        };
        check_against_differences(product_w, gradient_w_at(h), gradient_w_at(-h));
    }
}

TEST_CASE("tensor hvp: the seeds' MLP loss (softmax cross-entropy) against central differences", "[tensor][hvp]") {
    constexpr std::size_t N = 6, D = 2, H = 5, C = 3;
    constexpr tg::var<"X", N, D> X;
    constexpr tg::var<"y", N> y;
    constexpr tg::var<"W1", D, H> W1;
    constexpr tg::var<"b1", H> b1;
    constexpr tg::var<"W2", H, C> W2;
    constexpr tg::var<"b2", C> b2;
    constexpr auto logits = tg::linear(tg::relu(tg::linear(X, W1, b1)), W2, b2);
    constexpr auto loss = tg::softmax_cross_entropy(logits, y) + 0.5e-3 * (tg::squared_norm(W1) + tg::squared_norm(W2));
    rng r(typegrad_test::seed_of("hvp mlp"));
    const std::array<int, N> labels{0, 2, 1, 1, 0, 2};
    for (int trial = 0; trial < 3; ++trial) {
        const auto xs = random_array<N * D>(r, -1, 1);
        const auto w1 = random_array<D * H>(r, -1, 1), d1 = random_array<D * H>(r, -1, 1);
        const auto c1 = random_array<H>(r, -0.5, 0.5), e1 = random_array<H>(r, -1, 1);
        const auto w2 = random_array<H * C>(r, -1, 1), d2 = random_array<H * C>(r, -1, 1);
        const auto c2 = random_array<C>(r, -0.5, 0.5), e2 = random_array<C>(r, -1, 1);
        const auto result = tg::hvp(loss, tg::at(X = xs, y = labels, W1 = w1, b1 = c1, W2 = w2, b2 = c2),
                                    tg::at(W1 = d1, b1 = e1, W2 = d2, b2 = e2));
        const auto reference = tg::value_and_grad(loss, X = xs, y = labels, W1 = w1, b1 = c1, W2 = w2, b2 = c2);
        CHECK(same_bits(result.value, reference.value));
        for (std::size_t i = 0; i < D * H; ++i) CHECK(same_bits(result.grad[W1][i], reference.grad[W1][i]));
        for (std::size_t i = 0; i < H * C; ++i) CHECK(same_bits(result.grad[W2][i], reference.grad[W2][i]));
        std::vector<double> product;
        append(product, result.hvp[W1]);
        append(product, result.hvp[b1]);
        append(product, result.hvp[W2]);
        append(product, result.hvp[b2]);
        const auto gradient_at = [&](long double step) {
            const auto xl = moved(xs, xs, 0);
            const auto w1l = moved(w1, d1, step);
            const auto c1l = moved(c1, e1, step);
            const auto w2l = moved(w2, d2, step);
            const auto c2l = moved(c2, e2, step);
            const auto g = tg::value_and_grad(loss, X = xl, y = labels, W1 = w1l, b1 = c1l, W2 = w2l, b2 = c2l);
            std::vector<long double> out;
            append(out, g.grad[W1]);
            append(out, g.grad[b1]);
            append(out, g.grad[W2]);
            append(out, g.grad[b2]);
            return out;
        };
        check_against_differences(product, gradient_at(h), gradient_at(-h));
    }
}

TEST_CASE("tensor hvp: squared_norm((y - mu) / sigma) with scalar mu and sigma", "[tensor][hvp]") {
    constexpr tg::var<"y", 7> y;
    constexpr tg::var<"mu"> mu;
    constexpr tg::var<"sigma"> sigma;
    constexpr auto f = tg::squared_norm((y - mu) / sigma);
    rng r(typegrad_test::seed_of("hvp squared norm"));
    for (int trial = 0; trial < 5; ++trial) {
        const auto ys = random_array<7>(r, -3, 3), dy = random_array<7>(r, -1, 1);
        const double m = r.uniform(-1, 1), dm = r.uniform(-1, 1);
        const double s = r.uniform(0.5, 2), ds = r.uniform(-1, 1);
        const auto result = tg::hvp(f, tg::at(y = ys, mu = m, sigma = s), tg::at(y = dy, mu = dm, sigma = ds));
        const auto reference = tg::value_and_grad(f, y = ys, mu = m, sigma = s);
        CHECK(same_bits(result.value, reference.value));
        CHECK(same_bits(result.grad[mu], reference.grad[mu]));
        CHECK(same_bits(result.grad[sigma], reference.grad[sigma]));
        for (std::size_t i = 0; i < 7; ++i) CHECK(same_bits(result.grad[y][i], reference.grad[y][i]));
        std::vector<double> product;
        append(product, result.hvp[y]);
        append(product, result.hvp[mu]);
        append(product, result.hvp[sigma]);
        const auto gradient_at = [&](long double step) {
            const auto yl = moved(ys, dy, step);
            const auto g = tg::value_and_grad(f, y = yl, mu = m + step * dm, sigma = s + step * ds);
            std::vector<long double> out;
            append(out, g.grad[y]);
            append(out, g.grad[mu]);
            append(out, g.grad[sigma]);
            return out;
        };
        check_against_differences(product, gradient_at(h), gradient_at(-h));
    }
}

TEST_CASE("tensor hvp: det, log_det, solve and inverse against central differences", "[tensor][hvp][linalg]") {
    constexpr tg::var<"A", 3, 3> A;
    constexpr tg::var<"b", 3> b;
    constexpr auto f = tg::log_det(A) + 0.25 * tg::det(A) + tg::squared_norm(tg::solve(A, b)) + tg::sum(tg::inverse(A));
    rng r(typegrad_test::seed_of("hvp linalg"));
    for (int trial = 0; trial < 5; ++trial) {
        auto a = random_array<9>(r, -0.5, 0.5);
        for (std::size_t i = 0; i < 3; ++i) a[4 * i] += 2.5;  // well conditioned, det > 0
        const auto da = random_array<9>(r, -1, 1);
        const auto bs = random_array<3>(r, -1, 1), db = random_array<3>(r, -1, 1);
        const auto result = tg::hvp(f, tg::at(A = a, b = bs), tg::at(A = da, b = db));
        const auto reference = tg::value_and_grad(f, A = a, b = bs);
        CHECK(same_bits(result.value, reference.value));
        for (std::size_t i = 0; i < 9; ++i) CHECK(same_bits(result.grad[A][i], reference.grad[A][i]));
        std::vector<double> product;
        append(product, result.hvp[A]);
        append(product, result.hvp[b]);
        const auto gradient_at = [&](long double step) {
            const auto al = moved(a, da, step);
            const auto bl = moved(bs, db, step);
            const auto g = tg::value_and_grad(f, A = al, b = bl);
            std::vector<long double> out;
            append(out, g.grad[A]);
            append(out, g.grad[b]);
            return out;
        };
        check_against_differences(product, gradient_at(h), gradient_at(-h));
    }
}

TEST_CASE("tensor hvp: a scalar expression against tg::hessian times the direction", "[hvp][scalar]") {
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr tg::var<"c"> c;
    constexpr auto f = tg::sin(a * b) + a * a * c + tg::exp(b) / (1.0 + c * c) + tg::log1p(a * a) * tg::tanh(b * c);
    rng r(typegrad_test::seed_of("hvp scalar"));
    for (int trial = 0; trial < 20; ++trial) {
        const double av = r.uniform(-2, 2), bv = r.uniform(-2, 2), cv = r.uniform(-2, 2);
        const double da = r.uniform(-1, 1), db = r.uniform(-1, 1), dc = r.uniform(-1, 1);
        const auto H = tg::hessian(f, a = av, b = bv, c = cv);
        using ld = long double;
        const auto exact = tg::hessian(f, a = ld(av), b = ld(bv), c = ld(cv));
        const auto reference = tg::value_and_grad(f, a = av, b = bv, c = cv);
        const auto product = tg::hvp(f, tg::at(a = av, b = bv, c = cv), tg::at(a = da, b = db, c = dc));
        CHECK(same_bits(product.value, reference.value));
        CHECK(same_bits(product.grad[a], reference.grad[a]));
        CHECK(same_bits(product.grad[b], reference.grad[b]));
        CHECK(same_bits(product.grad[c], reference.grad[c]));
        // Neither the same bits nor within 2 ulp of tg::hessian's H d: the two round
        // different products (forward over reverse, against reverse over the symbolic first
        // derivative), and the entries are sums of terms that cancel (up to 8 ulp apart at
        // these points). Both are within a few eps S of the long-double H d, S the largest
        // term |H_ij d_j|: the same accuracy.
        const std::array<double, 3> d{da, db, dc};
        const std::array<double, 3> got{product.hvp[a], product.hvp[b], product.hvp[c]};
        const auto hessian_row = [&](std::size_t i) {
            const auto row = [&](auto v) { return std::array<ld, 3>{exact[v][a], exact[v][b], exact[v][c]}; };
            return i == 0 ? row(a) : i == 1 ? row(b) : row(c);
        };
        const auto double_row = [&](std::size_t i) {
            const auto row = [&](auto v) { return std::array<double, 3>{H[v][a], H[v][b], H[v][c]}; };
            return i == 0 ? row(a) : i == 1 ? row(b) : row(c);
        };
        for (std::size_t i = 0; i < 3; ++i) {
            const auto e = hessian_row(i);
            const auto hd = double_row(i);
            ld truth = 0, scale = 0;
            double from_hessian = 0;
            for (std::size_t j = 0; j < 3; ++j) {
                truth += e[j] * d[j];
                scale = std::max(scale, std::abs(e[j] * d[j]));
                from_hessian += hd[j] * d[j];
            }
            INFO("row " << i << ": hvp " << got[i] << ", hessian times d " << from_hessian << ", long double "
                        << double(truth));
            CHECK(std::abs(got[i] - truth) <= 4 * 0x1p-52L * std::max(scale, 1.0L));
            CHECK(std::abs(from_hessian - truth) <= 4 * 0x1p-52L * std::max(scale, 1.0L));
        }
    }
}

TEST_CASE("tensor hvp: a workspace holds the sweeps and the result views it", "[tensor][hvp][workspace]") {
    constexpr auto f = tg::sum(tg::tanh(W * x)) + tg::squared_norm(x);
    rng r(typegrad_test::seed_of("hvp workspace"));
    const auto w = random_array<12>(r, -1, 1), dw = random_array<12>(r, -1, 1);
    const auto v = random_array<4>(r, -2, 2), dv = random_array<4>(r, -1, 1);
    auto ws = tg::make_workspace(f, tg::for_hvp);
    const auto on_stack = tg::hvp(f, tg::at(W = w, x = v), tg::at(W = dw, x = dv));
    const auto in_workspace = tg::hvp(f, ws, tg::at(W = w, x = v), tg::at(W = dw, x = dv));
    CHECK(same_bits(in_workspace.value, on_stack.value));
    for (std::size_t i = 0; i < 12; ++i) {
        CHECK(same_bits(in_workspace.grad[W][i], on_stack.grad[W][i]));
        CHECK(same_bits(in_workspace.hvp[W][i], on_stack.hvp[W][i]));
    }
    for (std::size_t i = 0; i < 4; ++i) CHECK(same_bits(in_workspace.hvp[x][i], on_stack.hvp[x][i]));
    CHECK(in_workspace.hvp[W].data() == ws.products());
}

TEST_CASE("tensor hvp: a direction on data bound .no_grad() moves the others' gradients", "[tensor][hvp]") {
    constexpr auto f = tg::sum(tg::tanh(W * x)) + tg::squared_norm(x);
    rng r(typegrad_test::seed_of("hvp no_grad"));
    const auto w = random_array<12>(r, -1, 1);
    const auto v = random_array<4>(r, -2, 2), dv = random_array<4>(r, -1, 1);
    // The mixed second derivatives: d/dt grad_W f(W, x + t dx).
    const auto result = tg::hvp(f, tg::at(W = w, (x = v).no_grad()), tg::at(x = dv));
    CHECK(same_bits(result.grad[W][5], tg::value_and_grad(f, W = w, (x = v).no_grad()).grad[W][5]));
    std::vector<double> product;
    append(product, result.hvp[W]);
    const auto gradient_at = [&](long double step) {
        const auto wl = moved(w, w, 0);
        const auto xl = moved(v, dv, step);
        std::vector<long double> out;
        append(out, tg::value_and_grad(f, W = wl, (x = xl).no_grad()).grad[W]);
        return out;
    };
    check_against_differences(product, gradient_at(h), gradient_at(-h));
}

// Ops with scratch values on dynamic extents (logsumexp keeps its exponentials after its
// result; the workspace sizes them from the call's extents), and the seeds' network with a
// dynamic batch: values and gradients equal those of fixed extents bit for bit, and agree with
// a long-double evaluation of the definition.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace tg = typegrad;

namespace {
std::vector<double> filled(std::size_t n, double phase) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = 3.0 * std::sin(0.71 * static_cast<double>(i) + phase);
    return v;
}
}  // namespace

TEST_CASE("dynamic extents: logsumexp of a vector and of each row of a matrix", "[tensor][dynamic]") {
    constexpr tg::var<"x", tg::dynamic> x;
    constexpr tg::var<"xf", 37> xf;
    const std::vector<double> v = filled(37, 0.3);
    auto ws = tg::make_workspace(tg::logsumexp(x));
    const auto r = tg::value_and_grad(tg::logsumexp(x), ws, x = v);
    const auto rf = tg::value_and_grad(tg::logsumexp(xf), xf = v);
    CHECK(r.value == rf.value);
    long double m = v[0], s = 0;
    for (const double e : v) m = std::max(m, static_cast<long double>(e));
    for (const double e : v) s += std::exp(static_cast<long double>(e) - m);
    CHECK(r.value == Approx(static_cast<double>(m + std::log(s))).epsilon(4e-16));
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(r.grad[x](i) == rf.grad[xf](i));
        CHECK(r.grad[x](i) ==
              Approx(static_cast<double>(std::exp(static_cast<long double>(v[i]) - m) / s)).epsilon(8e-16));
    }
    // A longer vector grows the workspace (its scratch holds one exponential per element).
    const std::vector<double> longer = filled(500, 1.1);
    const double grown = tg::value_and_grad(tg::logsumexp(x), ws, x = longer).value;
    constexpr tg::var<"xl", 500> xl;
    auto wsl = tg::make_workspace(tg::logsumexp(xl));
    CHECK(grown == tg::value_and_grad(tg::logsumexp(xl), wsl, xl = longer).value);

    // Rows: sum over the rows of logsumexp of each, rows known at run time.
    constexpr tg::var<"X", tg::dynamic, 5> X;
    constexpr tg::var<"Xf", 7, 5> Xf;
    const std::vector<double> xs = filled(35, 0.9);
    auto wsr = tg::make_workspace(tg::sum(tg::logsumexp(X)));
    const auto rr = tg::value_and_grad(tg::sum(tg::logsumexp(X)), wsr, X = xs);
    const auto rrf = tg::value_and_grad(tg::sum(tg::logsumexp(Xf)), Xf = xs);
    CHECK(rr.value == rrf.value);
    for (std::size_t i = 0; i < 35; ++i) CHECK(rr.grad[X](i / 5, i % 5) == rrf.grad[Xf](i / 5, i % 5));
}

TEST_CASE("dynamic extents: the seeds' network with a dynamic batch", "[tensor][dynamic]") {
    constexpr std::size_t n = 9, din = 6, h = 4, dout = 3;
    constexpr tg::var<"W1", din, h> W1;
    constexpr tg::var<"W2", h, dout> W2;
    constexpr tg::var<"X", tg::dynamic, din> X;
    constexpr tg::var<"Y", tg::dynamic, dout> Y;
    constexpr tg::var<"Xf", n, din> Xf;
    constexpr tg::var<"Yf", n, dout> Yf;
    constexpr auto f = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);
    constexpr auto ff = tg::squared_norm(tg::sigmoid(Xf * W1) * W2 - Yf);
    const std::vector<double> w1 = filled(din * h, 0.1), w2 = filled(h * dout, 0.2), xv = filled(n * din, 0.4),
                              yv = filled(n * dout, 0.8);
    auto ws = tg::make_workspace(f);
    const auto r = tg::value_and_grad(f, ws, W1 = w1, W2 = w2, (X = xv).no_grad(), (Y = yv).no_grad());
    const auto rf = tg::value_and_grad(ff, W1 = w1, W2 = w2, (Xf = xv).no_grad(), (Yf = yv).no_grad());
    CHECK(r.value == rf.value);
    for (std::size_t i = 0; i < din * h; ++i) CHECK(r.grad[W1][i] == rf.grad[W1][i]);
    for (std::size_t i = 0; i < h * dout; ++i) CHECK(r.grad[W2][i] == rf.grad[W2][i]);
    // The definition in long double: loss and dloss/dW2 = sigmoid(X W1)^T (2 (out - Y)).
    long double loss = 0;
    std::vector<long double> g2(h * dout, 0);
    for (std::size_t i = 0; i < n; ++i) {
        long double hid[h];
        for (std::size_t k = 0; k < h; ++k) {
            long double z = 0;
            for (std::size_t j = 0; j < din; ++j) z += static_cast<long double>(xv[i * din + j]) * w1[j * h + k];
            hid[k] = 1 / (1 + std::exp(-z));
        }
        for (std::size_t o = 0; o < dout; ++o) {
            long double out = 0;
            for (std::size_t k = 0; k < h; ++k) out += hid[k] * w2[k * dout + o];
            const long double e = out - yv[i * dout + o];
            loss += e * e;
            for (std::size_t k = 0; k < h; ++k) g2[k * dout + o] += 2 * e * hid[k];
        }
    }
    CHECK(r.value == Approx(static_cast<double>(loss)).epsilon(1e-14));
    for (std::size_t i = 0; i < h * dout; ++i)
        CHECK(r.grad[W2][i] == Approx(static_cast<double>(g2[i])).epsilon(1e-13).margin(1e-14));
}

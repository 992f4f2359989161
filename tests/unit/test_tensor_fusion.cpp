// Fused elementwise regions (tensor/fusion.hpp): what is stored, and that a region's values
// and gradients are the core's scalar engine applied per element, to the bit.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>

namespace tg = typegrad;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

constexpr tg::var<"y", 6> y;
constexpr tg::var<"mu"> mu;
constexpr tg::var<"w"> w;
constexpr std::array<double, 6> data{-1.5, -0.25, 0.0, 0.5, 2.0, 7.5};

}  // namespace

TEST_CASE("fusion: a region under a sum stores nothing of its nodes", "[tensor][fusion]") {
    constexpr auto f = tg::sum(tg::tanh(y) * 2.0 + tg::sigmoid(y * mu));
    // Stored: the literal 2.0, mu and the sum; none of the four 6-element nodes.
    STATIC_REQUIRE(tg::workspace<decltype(f)>::value_elements == 3);
    STATIC_REQUIRE(tg::workspace<decltype(f)>::adjoint_elements == 1);

    constexpr auto g = tg::sum(tg::exp(y)) + tg::dot(tg::exp(y), tg::exp(y));
    // exp(y) is used by a dot (a kernel): it is a region's root, stored once.
    STATIC_REQUIRE(tg::workspace<decltype(g)>::value_elements == 6 + 3);
}

TEST_CASE("fusion: values and gradients are the scalar engine's, per element, to the bit", "[tensor][fusion]") {
    constexpr auto f = tg::sum(tg::tanh(y) * 2.0 + tg::sigmoid(y * mu));
    const double m = 0.75;
    const auto r = tg::value_and_grad(f, y = data, mu = m);

    constexpr tg::var<"s"> s;
    constexpr auto g = tg::tanh(s) * 2.0 + tg::sigmoid(s * mu);
    double value = 0, dmu = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const auto e = tg::value_and_grad(g, s = data[i], mu = m);
        value = i == 0 ? e.value : value + e.value;
        dmu = i == 0 ? e.grad[mu] : dmu + e.grad[mu];
        CHECK(same_bits(r.grad[y](i), e.grad[s]));
    }
    CHECK(same_bits(r.value, value));
    CHECK(same_bits(r.grad[mu], dmu));
    CHECK(same_bits(tg::eval(f, y = data, mu = m), value));
}

TEST_CASE("fusion: a one-element tensor and a scalar give the same bits at the edge inputs", "[tensor][fusion]") {
    // The example: sigmoid(w x) at w = 2, x = inf. Both engines multiply plainly
    // where the graph proves the factors finite at finite inputs, so both give NaN for dw.
    constexpr tg::var<"x"> x;
    constexpr tg::var<"v", 1> v;
    constexpr auto scalar = tg::sigmoid(w * x) + tg::sqrt(x * x + 1.0);
    constexpr auto tensor = tg::sum(tg::sigmoid(w * v) + tg::sqrt(tg::hadamard(v, v) + 1.0));
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double inputs[] = {0.0, -0.0, 1.0, -3.5, 1e-310, 1e308, inf, -inf, std::numeric_limits<double>::quiet_NaN()};
    for (double xv : inputs)
        for (double wv : {2.0, 0.0, -inf}) {
            const std::array<double, 1> vv{xv};
            const auto a = tg::value_and_grad(scalar, w = wv, x = xv);
            const auto b = tg::value_and_grad(tensor, w = wv, v = vv);
            INFO("x = " << xv << ", w = " << wv);
            CHECK(same_bits(a.value, b.value));
            CHECK(same_bits(a.grad[x], b.grad[v](0)));
            CHECK(same_bits(a.grad[w], b.grad[w]));
        }
    const std::array<double, 1> at_inf{inf};
    const auto edge = tg::value_and_grad(tensor, w = 2.0, v = at_inf);
    CHECK(std::isnan(edge.grad[w]));
}

TEST_CASE("fusion: a broadcast row receives the sum over the rows", "[tensor][fusion]") {
    constexpr tg::var<"X", 3, 2> X;
    constexpr tg::var<"b", 2> b;
    constexpr auto f = tg::sum(tg::hadamard(tg::tanh(X + b), X));
    const std::array<double, 6> xv{0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
    const std::array<double, 2> bv{0.05, -0.15};
    const auto r = tg::value_and_grad(f, X = xv, b = bv);
    for (std::size_t j = 0; j < 2; ++j) {
        double expected = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            const double t = std::tanh(xv[i * 2 + j] + bv[j]);
            expected += (1 - t * t) * xv[i * 2 + j];
            const double dx = t + (1 - t * t) * xv[i * 2 + j];
            CHECK(r.grad[X](i, j) == Approx(dx).epsilon(1e-14));
        }
        CHECK(r.grad[b](j) == Approx(expected).epsilon(1e-14));
    }
}

TEST_CASE("fusion: an interior node shared by two regions, and a kernel below a region", "[tensor][fusion]") {
    constexpr tg::var<"W", 3, 2> W;
    constexpr tg::var<"x", 2> x;
    constexpr auto u = W * x;               // a kernel: the regions' leaf
    constexpr auto q = tg::hadamard(u, u);  // interior to both regions below
    constexpr auto f = tg::sum(tg::exp(q)) + tg::squared_norm(tg::sin(q));
    const std::array<double, 6> wv{0.3, -0.7, 0.2, 0.5, -0.4, 0.1};
    const std::array<double, 2> xv{0.9, -1.1};
    const auto report = tg::check_gradient(f, W = wv, x = xv);
    INFO("worst " << report.worst_relative_error << " at " << report.variable << "[" << report.index << "]");
    CHECK(report.passed(1e-9));

    double value = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const double ui = wv[i * 2] * xv[0] + wv[i * 2 + 1] * xv[1];
        value += std::exp(ui * ui) + std::sin(ui * ui) * std::sin(ui * ui);
    }
    CHECK(tg::eval(f, W = wv, x = xv) == Approx(value).epsilon(1e-15));
}

TEST_CASE("fusion: a matrix product below a sum's region receives per-element adjoints", "[tensor][fusion]") {
    // The sum is the region's root: the product's adjoint is 2 (X W) elementwise, not the
    // uniform adjoint a sum hands its operand directly (the product's rank-one kernel).
    constexpr tg::var<"X", 2, 2> X;
    constexpr tg::var<"W", 2, 3> W;
    constexpr auto f = tg::sum(tg::pow(X * W, tg::c<2>));
    const std::array<double, 4> xv{0.1, 0.2, -0.3, 0.4};
    const std::array<double, 6> wv{0.5, -0.1, 0.2, 0.3, 0.7, -0.6};
    const auto r = tg::value_and_grad(f, X = xv, W = wv);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t k = 0; k < 2; ++k) {
            double expected = 0;  // d/dX_ik = sum_j 2 (XW)_ij W_kj
            for (std::size_t j = 0; j < 3; ++j) {
                const double p = xv[i * 2] * wv[j] + xv[i * 2 + 1] * wv[3 + j];
                expected += 2 * p * wv[k * 3 + j];
            }
            CHECK(r.grad[X](i, k) == Approx(expected).epsilon(1e-14));
        }
}

TEST_CASE("fusion: a sum under a product runs its reverse sweep in its forward loop", "[tensor][fusion]") {
    // The sum's adjoint (-0.5) is applied after the loop, to y's adjoints in place and to the
    // sums held for mu and sigma; sigma also has a parent outside the region (log).
    constexpr tg::var<"sigma"> sigma;
    constexpr auto f = -0.5 * tg::squared_norm((y - mu) / sigma) - 6.0 * tg::log(sigma);
    const double m = 0.3, s = 1.7;
    const auto r = tg::value_and_grad(f, y = data, mu = m, sigma = s);

    double acc = 0;  // plain C++, the same operations in the same order
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double z = (data[i] - m) / s;
        acc = i == 0 ? z * z : acc + z * z;
    }
    CHECK(same_bits(r.value, -0.5 * acc - 6.0 * std::log(s)));

    // The oracle: the closed form in long double.
    long double zsum = 0, z2sum = 0;
    const auto close = [](double got, long double want) {
        return std::fabs(static_cast<long double>(got) - want) <=
               4 * std::numeric_limits<double>::epsilon() * std::fabs(want);
    };
    for (std::size_t i = 0; i < data.size(); ++i) {
        const long double z = (static_cast<long double>(data[i]) - m) / s;
        zsum += z;
        z2sum += z * z;
        CHECK(close(r.grad[y](i), -z / s));
    }
    CHECK(close(r.grad[mu], zsum / s));
    CHECK(close(r.grad[sigma], (z2sum - 6) / s));
}

TEST_CASE("fusion: a deferred sum's adjoint of 0 times an infinite partial gives 0, as in the scalar engine",
          "[tensor][fusion][edge]") {
    constexpr tg::var<"c"> c;
    constexpr tg::var<"s"> s;
    constexpr tg::var<"t"> t;
    constexpr auto f = c * tg::sum(y / s);
    constexpr auto scalar = c * (t / s);
    for (double cv : {0.0, 2.0, -0.0})
        for (double sv : {0.0, 1.5, std::numeric_limits<double>::infinity()}) {
            const auto r = tg::value_and_grad(f, y = data, c = cv, s = sv);
            INFO("c = " << cv << ", s = " << sv);
            for (std::size_t i = 0; i < data.size(); ++i) {
                const auto e = tg::value_and_grad(scalar, t = data[i], c = cv, s = sv);
                CHECK(same_bits(r.grad[y](i), e.grad[t]));
            }
        }
}

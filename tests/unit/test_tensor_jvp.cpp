// Forward mode on tensor expressions (tg::jvp): the tangent against long-double central
// differences of tg::eval, the value against tg::eval bit for bit, tensor-valued results,
// the workspace, and a one-element tensor against the scalar engine, bit for bit, at the
// edge-case inputs (tests/data/edge_cases.md).
//
// Central differences: (f(p + h d) - f(p - h d)) / 2h with the expression evaluated in long
// double (the tensor engine's kernels are templated on the element type), h = 1e-6: the
// truncation error ~ h^2 |f'''| and the rounding error ~ eps_ld |f| / h (~1e-13 |f|) are
// far below the tolerance 1e-8 max(|fd|, 0.1 S), S = max(1, |f|).
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

namespace tg = typegrad;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

constexpr long double h = 1e-6L;

template <std::size_t N>
std::array<double, N> filled(double seed, double scale) {
    std::array<double, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = scale * std::sin(seed + 1.7 * double(i));
    return a;
}

template <std::size_t N>
std::array<long double, N> moved(const std::array<double, N>& x, const std::array<double, N>& d, long double step) {
    std::array<long double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<long double>(x[i]) + step * static_cast<long double>(d[i]);
    return out;
}

void check_close(double jvp, long double fd, long double scale) {
    INFO("jvp " << jvp << ", central difference " << double(fd));
    CHECK(std::abs(jvp - fd) <= 1e-8L * std::max(std::abs(fd), 0.1L * std::max(1.0L, scale)));
}

constexpr tg::var<"W", 3, 4> W;
constexpr tg::var<"x", 4> x;
constexpr tg::var<"b", 3> b;
constexpr tg::var<"s"> s;

const std::array<double, 12> w_value = filled<12>(0.3, 0.8), w_tangent = filled<12>(2.1, 1.0);
const std::array<double, 4> x_value = filled<4>(1.1, 1.5), x_tangent = filled<4>(0.7, 1.0);
const std::array<double, 3> b_value = filled<3>(0.9, 0.5), b_tangent = filled<3>(4.2, 1.0);
constexpr double s_value = 0.75, s_tangent = -0.4;

/// jvp of a scalar-valued f along (dW, dx, db, ds) against the central difference.
template <class E>
void check_scalar_jvp(const E& f) {
    const auto r = tg::jvp(f, tg::at(W = w_value, x = x_value, b = b_value, s = s_value),
                           tg::at(W = w_tangent, x = x_tangent, b = b_tangent, s = s_tangent));
    CHECK(same_bits(r.value, tg::eval(f, W = w_value, x = x_value, b = b_value, s = s_value)));
    const auto at = [&](long double step) {
        const auto wl = moved(w_value, w_tangent, step);
        const auto xl = moved(x_value, x_tangent, step);
        const auto bl = moved(b_value, b_tangent, step);
        return tg::eval(f, W = wl, x = xl, b = bl, s = s_value + step * s_tangent);
    };
    const long double plus = at(h), minus = at(-h);
    check_close(r.tangent, (plus - minus) / (2 * h), std::max(std::abs(plus), std::abs(minus)));

    // One direction at a time: a variable without a tangent is a structural zero.
    const auto only_w = tg::jvp(f, tg::at(W = w_value, x = x_value, b = b_value, s = s_value), tg::at(W = w_tangent));
    const auto only_w_at = [&](long double step) {
        const std::array<long double, 4> xl{x_value[0], x_value[1], x_value[2], x_value[3]};
        const std::array<long double, 3> bl{b_value[0], b_value[1], b_value[2]};
        const auto wl = moved(w_value, w_tangent, step);
        return tg::eval(f, W = wl, x = xl, b = bl, s = s_value);
    };
    const long double pw = only_w_at(h), mw = only_w_at(-h);
    check_close(only_w.tangent, (pw - mw) / (2 * h), std::max(std::abs(pw), std::abs(mw)));
}

}  // namespace

TEST_CASE("tensor jvp: scalar functions of tensors against long-double central differences", "[tensor][jvp]") {
    SECTION("a fused region over a matrix product, a broadcast bias and scalar") {
        check_scalar_jvp(tg::sum(tg::tanh(W * x + b) * s + tg::sigmoid(W * x)));
    }
    SECTION("reductions of regions: squared_norm, mean, dot") {
        check_scalar_jvp(tg::squared_norm(tg::exp(x * s) - 1.0) + tg::mean(tg::softplus(W)) +
                         tg::dot(b, tg::tanh(W * x)));
    }
    SECTION("softmax, log_softmax, logsumexp and norm") {
        check_scalar_jvp(tg::logsumexp(tg::softmax(W * x) * 3.0) + tg::sum(tg::log_softmax(W * x + b)) * tg::norm(x) +
                         tg::sum(tg::logsumexp(W)));
    }
    SECTION("losses, max_along and transpose") {
        check_scalar_jvp(tg::mse(tg::max_along<1>(W), b) + tg::bce_with_logits(W * x, tg::sigmoid(b)) +
                         tg::sum(tg::transpose(W) * b) * s);
    }
    SECTION("scalar nodes between tensor ops") {
        check_scalar_jvp(tg::sin(tg::sum(W) * s) / (1.0 + tg::squared_norm(x)) + tg::logsumexp(s, s * s));
    }
}

TEST_CASE("tensor jvp: softmax_cross_entropy with integer labels", "[tensor][jvp]") {
    constexpr tg::var<"X", 4, 3> X;
    constexpr tg::var<"y", 4> y;
    constexpr tg::var<"V", 3, 3> V;
    constexpr auto f = tg::softmax_cross_entropy(X * V, y);
    const auto xv = filled<12>(0.2, 2.0);
    const auto vv = filled<9>(1.3, 1.0), dv = filled<9>(3.3, 1.0);
    const std::array<int, 4> labels{0, 2, 1, 2};
    const auto r = tg::jvp(f, tg::at(X = xv, V = vv, y = labels), tg::at(V = dv));
    const std::array<long double, 12> xl = [&] {
        std::array<long double, 12> a{};
        for (std::size_t i = 0; i < 12; ++i) a[i] = xv[i];
        return a;
    }();
    const auto vp = moved(vv, dv, h), vm = moved(vv, dv, -h);
    const long double plus = tg::eval(f, X = xl, V = vp, y = labels);
    const long double minus = tg::eval(f, X = xl, V = vm, y = labels);
    check_close(r.tangent, (plus - minus) / (2 * h), plus);
}

TEST_CASE("tensor jvp: a tensor-valued function gives tensor value and tangent", "[tensor][jvp]") {
    constexpr auto f = tg::softmax(tg::tanh(W * x + b) * s);
    const auto r =
        tg::jvp(f, tg::at(W = w_value, x = x_value, b = b_value, s = s_value), tg::at(x = x_tangent, s = s_tangent));
    const auto value = tg::eval(f, W = w_value, x = x_value, b = b_value, s = s_value);
    const std::array<long double, 12> wl = [&] {
        std::array<long double, 12> a{};
        for (std::size_t i = 0; i < 12; ++i) a[i] = w_value[i];
        return a;
    }();
    const std::array<long double, 3> bl{b_value[0], b_value[1], b_value[2]};
    const auto xp = moved(x_value, x_tangent, h), xm = moved(x_value, x_tangent, -h);
    const auto plus = tg::eval(f, W = wl, x = xp, b = bl, s = s_value + h * s_tangent);
    const auto minus = tg::eval(f, W = wl, x = xm, b = bl, s = s_value - h * s_tangent);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(same_bits(r.value(i), value(i)));
        check_close(r.tangent(i), (plus(i) - minus(i)) / (2 * h), 1.0L);
    }
    // Elementwise root (no reduction): the region stores value and tangent per element.
    constexpr auto g = tg::tanh(W) * s;
    const auto q = tg::jvp(g, tg::at(W = w_value, s = s_value), tg::at(W = w_tangent));
    for (std::size_t i = 0; i < 12; ++i) {
        const double c = std::cosh(w_value[i]);
        CHECK(std::abs(q.tangent[i] - s_value * w_tangent[i] / (c * c)) <= 1e-15);
    }
    // No tangent at all (an empty direction): the tangent is zero.
    const auto z = tg::jvp(g, tg::at(W = w_value, s = s_value), tg::at());
    for (std::size_t i = 0; i < 12; ++i) CHECK(z.tangent[i] == 0.0);
}

TEST_CASE("tensor jvp: a workspace holds values and tangents, and results view it", "[tensor][jvp][workspace]") {
    constexpr auto f = tg::tanh(W * x + b);
    auto ws = tg::make_workspace(f);
    const auto on_stack =
        tg::jvp(f, tg::at(W = w_value, x = x_value, b = b_value), tg::at(W = w_tangent, b = b_tangent));
    const auto in_ws =
        tg::jvp(f, ws, tg::at(W = w_value, x = x_value, b = b_value), tg::at(W = w_tangent, b = b_tangent));
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(same_bits(on_stack.value(i), in_ws.value(i)));
        CHECK(same_bits(on_stack.tangent(i), in_ws.tangent(i)));
    }
    const auto zero = tg::jvp(f, ws, tg::at(W = w_value, x = x_value, b = b_value), tg::at());
    for (std::size_t i = 0; i < 3; ++i) CHECK(zero.tangent(i) == 0.0);
    // A large elementwise function, above the stack bound: in the workspace only.
    constexpr std::size_t n = 300;
    constexpr tg::var<"A", n, n> A;
    constexpr auto wide = tg::exp(A) * 0.5;
    STATIC_REQUIRE(tg::workspace<decltype(wide)>::bytes() > tg::stack_limit_bytes);
    std::vector<double> a(n * n), da(n * n, 1.0);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.01 * double(i));
    auto wide_ws = tg::make_workspace(wide);
    const std::span<const double, n * n> av(a.data(), n * n), dav(da.data(), n * n);
    const auto r = tg::jvp(wide, wide_ws, tg::at(A = av), tg::at(A = dav));
    std::size_t bad = 0;
    for (std::size_t i = 0; i < a.size(); ++i) bad += r.tangent[i] == std::exp(a[i]) * 0.5 ? 0 : 1;
    CHECK(bad == 0);
}

TEST_CASE("tensor jvp: a one-element tensor and a scalar give the same bits at the edge inputs", "[tensor][jvp]") {
    constexpr tg::var<"u"> u;
    constexpr tg::var<"w"> w;
    constexpr tg::var<"v", 1> v;
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double inputs[] = {
        0.0,  -0.0,  1.0,  -1.3, 0.49,  0.99, 1.01,  -3.5, 1e-310, 20.0,
        40.0, -40.0, 800., -800, 1e308, 710., 1e-10, inf,  -inf,   std::numeric_limits<double>::quiet_NaN()};
    const auto compare = [&](const auto& scalar, const auto& tensor) {
        for (double xv : inputs)
            for (double wv : {2.0, 0.0, -inf, 0.5}) {
                const std::array<double, 1> vv{xv}, one{1.0}, half{0.5};
                for (int direction = 0; direction < 3; ++direction) {
                    INFO("x = " << xv << ", w = " << wv << ", direction " << direction);
                    if (direction == 0) {
                        const auto a = tg::jvp(scalar, tg::at(w = wv, u = xv), tg::at(u = 1.0));
                        const auto b = tg::jvp(tensor, tg::at(w = wv, v = vv), tg::at(v = one));
                        CHECK(same_bits(a.value, b.value));
                        CHECK(same_bits(a.tangent, b.tangent));
                    } else if (direction == 1) {
                        const auto a = tg::jvp(scalar, tg::at(w = wv, u = xv), tg::at(w = 1.0));
                        const auto b = tg::jvp(tensor, tg::at(w = wv, v = vv), tg::at(w = 1.0));
                        CHECK(same_bits(a.value, b.value));
                        CHECK(same_bits(a.tangent, b.tangent));
                    } else {
                        const auto a = tg::jvp(scalar, tg::at(w = wv, u = xv), tg::at(u = 0.5, w = -2.0));
                        const auto b = tg::jvp(tensor, tg::at(w = wv, v = vv), tg::at(v = half, w = -2.0));
                        CHECK(same_bits(a.value, b.value));
                        CHECK(same_bits(a.tangent, b.tangent));
                    }
                }
            }
    };
    // Rows 10, 11, 17 and the example: sigmoid(w x) at x = inf.
    compare(tg::sigmoid(w * u) + tg::sqrt(u * u + 1.0),
            tg::sum(tg::sigmoid(w * v) + tg::sqrt(tg::hadamard(v, v) + 1.0)));
    // Rows 6-9, 12, 13: softplus, log_sigmoid, tanh.
    compare(tg::softplus(u) * w + tg::log_sigmoid(u) + tg::tanh(u * w),
            tg::sum(tg::softplus(v) * w + tg::log_sigmoid(v) + tg::tanh(v * w)));
    // Rows 17, 18, 25: sqrt, abs, relu at 0; exp(710), log(0).
    compare(tg::sqrt(u) * w + tg::abs(u) + tg::relu(u) + tg::exp(u) + tg::log(u),
            tg::sum(tg::sqrt(v) * w + tg::abs(v) + tg::relu(v) + tg::exp(v) + tg::log(v)));
    // Rows 19, 21, 23: max at a tie, powers at 0, expm1 and log1p near 0.
    compare(tg::max(u, w) + tg::pow(u, 1.875) + tg::pow(u, 0.5) + tg::pow(u, 2) + tg::expm1(u) + tg::log1p(u),
            tg::sum(tg::max(v, w) + tg::pow(v, 1.875) + tg::pow(v, 0.5) + tg::pow(v, 2) + tg::expm1(v) + tg::log1p(v)));
    // Row 22: d/dy pow(0, y), and a quotient.
    compare(tg::pow(u, w) / (u + 1.0), tg::sum(tg::pow(v, w) / (v + 1.0)));
}

// A scalar divisor broadcast over a fused region (div_op::divisor_adjoint): its adjoint is
// the sum over the elements of adj_i * q_i, divided once after the loop. Checked against the
// closed form in long double (a few ulp), long-double central differences at random inputs,
// and, at the edge inputs (a divisor of 0, -0, +-inf, NaN; infinite and zero data; a zero
// adjoint), against the scalar engine's terms added per element.
#include "test_helpers.hpp"

#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace tg = typegrad;

namespace {

constexpr std::size_t n = 7;
constexpr tg::var<"y", n> y;
constexpr tg::var<"mu"> mu;
constexpr tg::var<"s"> s;
constexpr tg::var<"c"> c;
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// |got - want| <= ulps * eps * scale (scale: the sum of the terms' magnitudes).
bool within(double got, long double want, long double scale, double ulps) {
    return std::fabs(static_cast<long double>(got) - want) <= ulps * std::numeric_limits<double>::epsilon() * scale;
}

std::array<double, n> sample_data(typegrad_test::rng& r) {
    std::array<double, n> v{};
    for (auto& e : v) e = r.uniform(-3.0, 3.0);
    return v;
}

}  // namespace

TEST_CASE("divisor: a broadcast divisor's adjoint is within a few ulp of the long-double closed form",
          "[tensor][fusion][divisor]") {
    // Deferred (a sum under a product) and not (a region whose root a dot kernel reads).
    constexpr auto deferred = -0.5 * tg::squared_norm((y - mu) / s) - 7.0 * tg::log(s);
    constexpr auto stored = tg::dot((y - mu) / s, y);
    typegrad_test::rng r(typegrad_test::seed_of("divisor closed form"));
    for (int trial = 0; trial < 50; ++trial) {
        const auto data = sample_data(r);
        const double m = r.uniform(-1.0, 1.0), sv = r.uniform(0.2, 4.0) * (trial % 2 == 0 ? 1 : -1);
        const auto a = tg::value_and_grad(deferred, y = data, mu = m, s = std::fabs(sv));  // log: s > 0
        const auto b = tg::value_and_grad(stored, y = data, mu = m, s = sv);
        long double z2 = 0, zy = 0, zyabs = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const long double z = (static_cast<long double>(data[i]) - m) / sv;
            z2 += z * z;
            zy += z * data[i];
            zyabs += std::fabs(z * data[i]);
        }
        INFO("trial " << trial << ", s = " << sv);
        const long double ls = sv;
        CHECK(within(a.grad[s], (z2 - 7) / std::fabs(ls), (z2 + 7) / std::fabs(ls), 8));
        CHECK(within(b.grad[s], -zy / ls, zyabs / std::fabs(ls), 8));
    }
}

TEST_CASE("divisor: long-double central differences at random inputs", "[tensor][fusion][divisor]") {
    // s is read twice as a divisor in one region and once outside it; c scales the region.
    constexpr auto f = c * tg::sum(tg::tanh((y - mu) / s) + tg::hadamard(y, y) / s) + tg::log(s * s);
    const auto plain = [](const std::array<double, n>& data, long double m, long double sv, long double cv) {
        long double total = 0;
        for (double e : data) total += std::tanh((e - m) / sv) + static_cast<long double>(e) * e / sv;
        return cv * total + std::log(sv * sv);
    };
    typegrad_test::rng r(typegrad_test::seed_of("divisor central differences"));
    for (int trial = 0; trial < 50; ++trial) {
        const auto data = sample_data(r);
        const double m = r.uniform(-1.0, 1.0), sv = r.uniform(0.3, 3.0) * (trial % 2 == 0 ? 1 : -1);
        const double cv = r.uniform(-2.0, 2.0);
        const auto g = tg::value_and_grad(f, y = data, mu = m, s = sv, c = cv);
        const long double h = 1e-6L * std::fabs(sv);
        const long double fd = (plain(data, m, sv + h, cv) - plain(data, m, sv - h, cv)) / (2 * h);
        INFO("trial " << trial << ", s = " << sv << ", fd = " << static_cast<double>(fd) << ", ad = " << g.grad[s]);
        CHECK(std::fabs(g.grad[s] - fd) <= 1e-8L * std::max(1.0L, std::fabs(fd)));
    }
}

TEST_CASE("divisor: at the edge inputs, the non-finite and zero results of the per-element terms",
          "[tensor][fusion][divisor][edge]") {
    // The scalar engine on one element gives each term; the terms' sum classifies the result
    // (NaN, +-inf, 0) and, when finite, bounds it within a few ulp.
    constexpr tg::var<"t"> t;
    constexpr auto f = c * tg::sum(tg::relu(y / s)) + c * tg::squared_norm((y - mu) / s);
    constexpr auto term = c * tg::relu(t / s) + c * (((t - mu) / s) * ((t - mu) / s));
    const std::array<std::array<double, n>, 3> rows{{{-1.5, -0.25, 0.0, 0.5, 2.0, 7.5, -0.0},
                                                     {1.0, inf, -2.0, 0.0, 3.0, -inf, 0.5},
                                                     {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}}};
    for (const auto& data : rows)
        for (double sv : {0.0, -0.0, inf, -inf, not_a_number, 1.5, -2.0, 1e-310, 1e308})
            for (double cv : {0.0, 2.0})
                for (double m : {0.0, 0.5}) {
                    const auto r = tg::value_and_grad(f, y = data, s = sv, c = cv, mu = m);
                    double sum = 0, magnitude = 0;
                    for (std::size_t i = 0; i < n; ++i) {
                        const double e = tg::value_and_grad(term, t = data[i], s = sv, c = cv, mu = m).grad[s];
                        sum = i == 0 ? e : sum + e;
                        magnitude += std::fabs(e);
                    }
                    INFO("row " << data[1] << ", s = " << sv << ", c = " << cv << ", mu = " << m << ": got "
                                << r.grad[s] << ", terms " << sum);
                    if (std::isnan(sum) || std::isinf(sum) || sum == 0)
                        CHECK((std::isnan(r.grad[s]) == std::isnan(sum) && (std::isnan(sum) || r.grad[s] == sum)));
                    else if (std::isfinite(magnitude))
                        CHECK(within(r.grad[s], sum, magnitude, 16));
                }
}

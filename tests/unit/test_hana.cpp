// Hana at the edges: tg::variables(f) is a hana::tuple, a gradient and an environment are
// Searchable and Foldable keyed by variable, and the optimizers update every variable of a
// scalar environment. Oracles: the derivatives of (x + y) * z by hand, the optimizers' update
// formulas by hand, and the closed-form least-squares line computed in long double.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <boost/hana.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

namespace tg = typegrad;
namespace hana = boost::hana;

namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
constexpr tg::var<"u"> u;
}  // namespace

TEST_CASE("tg::variables is a hana::tuple in breadth-first order from the root", "[hana]") {
    constexpr auto vs = tg::variables((x + y) * z);
    static_assert(
        std::is_same_v<std::remove_const_t<decltype(vs)>, hana::tuple<tg::var<"z">, tg::var<"x">, tg::var<"y">>>);
    // A shared variable appears once; a constant-only expression has none.
    static_assert(hana::length(tg::variables(x * x + x)) == hana::size_c<1>);
    static_assert(hana::length(tg::variables(tg::c<2> * tg::c<3>)) == hana::size_c<0>);
    std::string names;
    hana::for_each(vs, [&](auto v) { names += std::string(v.name.view()) + " "; });
    CHECK(names == "z x y ");
}

TEST_CASE("a gradient is Searchable and Foldable, keyed by variable", "[hana]") {
    const double xv = -2.0, yv = 5.0, zv = -4.0;
    const auto r = tg::value_and_grad((x + y) * z, x = xv, y = yv, z = zv, u = 7.0);
    using G = std::remove_const_t<decltype(r.grad)>;
    static_assert(hana::Searchable<G>::value && hana::Foldable<G>::value);

    // Entries in the order of the bindings; u is bound but unused: an exact zero.
    std::string names;
    std::array<double, 4> partials{};
    std::size_t i = 0;
    hana::for_each(r.grad, [&](const auto& entry) {
        names += std::string(hana::first(entry).name.view()) + " ";
        partials[i++] = hana::second(entry);
    });
    CHECK(names == "x y z u ");
    CHECK(partials == std::array<double, 4>{zv, zv, xv + yv, 0.0});

    CHECK(hana::at_key(r.grad, x) == zv);
    CHECK(hana::at_key(r.grad, z) == xv + yv);
    CHECK(hana::at_key(r.grad, u) == 0.0);
    static_assert(std::is_same_v<decltype(hana::keys(r.grad)),
                                 hana::tuple<tg::var<"x">, tg::var<"y">, tg::var<"z">, tg::var<"u">>>);
    static_assert(decltype(hana::contains(r.grad, y))::value);
    static_assert(!decltype(hana::contains(r.grad, tg::var<"w">{}))::value);
    static_assert(decltype(hana::is_nothing(hana::find(r.grad, tg::var<"w">{})))::value);

    // Converted to a hana::map keyed by variable.
    const auto m = hana::to_map(r.grad);
    CHECK(m[y] == zv);
    static_assert(decltype(hana::length(m))::value == 4);
    CHECK(hana::fold_left(r.grad, 0.0, [](double s, const auto& e) { return s + hana::second(e); }) ==
          zv + zv + xv + yv);
}

TEST_CASE("an environment is Searchable and Foldable, keyed by variable", "[hana]") {
    const auto env = tg::at(y = 2.5, x = 1.5f);
    static_assert(hana::Searchable<std::remove_const_t<decltype(env)>>::value);
    CHECK(hana::at_key(env, x) == 1.5f);
    CHECK(hana::at_key(env, y) == 2.5);
    static_assert(std::is_same_v<decltype(hana::at_key(env, x)), float>);
    static_assert(std::is_same_v<decltype(hana::keys(env)), hana::tuple<tg::var<"y">, tg::var<"x">>>);
    static_assert(!decltype(hana::contains(env, z))::value);
    std::string names;
    hana::for_each(env, [&](const auto& entry) { names += std::string(hana::first(entry).name.view()); });
    CHECK(names == "yx");
    // The same environment evaluates the expression.
    CHECK(tg::eval(x * y, env) == 1.5 * 2.5);
}

TEST_CASE("optimizers step every variable of a scalar environment by its formula", "[hana][optimizers]") {
    // f = (x - 3)^2 + y^2 + x y: gradient (2 (x - 3) + y, 2 y + x).
    constexpr auto f = (x - 3.0) * (x - 3.0) + y * y + x * y;
    auto gradient_at = [](double xv, double yv) { return std::array<double, 2>{2 * (xv - 3) + yv, 2 * yv + xv}; };

    SECTION("sgd: theta - eta g") {
        auto params = tg::at(x = 1.0, y = -1.0);
        const auto g = gradient_at(1.0, -1.0);
        tg::sgd{.learning_rate = 0.1}.step(params, tg::value_and_grad(f, params).grad);
        CHECK(hana::at_key(params, x) == 1.0 - 0.1 * g[0]);
        CHECK(hana::at_key(params, y) == -1.0 - 0.1 * g[1]);
    }
    SECTION("momentum: v <- mu v - eta g, theta <- theta + v, two steps") {
        auto params = tg::at(x = 1.0, y = -1.0);
        auto velocity = tg::at(x = 0.0, y = 0.0);
        const tg::momentum opt{.learning_rate = 0.1, .mu = 0.5};
        std::array<double, 2> theta{1.0, -1.0}, v{0.0, 0.0};
        for (int step = 0; step < 2; ++step) {
            opt.step(params, tg::value_and_grad(f, params).grad, velocity);
            const auto g = gradient_at(theta[0], theta[1]);
            for (std::size_t k = 0; k < 2; ++k) {
                v[k] = 0.5 * v[k] - 0.1 * g[k];
                theta[k] += v[k];
            }
        }
        CHECK(hana::at_key(params, x) == theta[0]);
        CHECK(hana::at_key(params, y) == theta[1]);
        CHECK(hana::at_key(velocity, y) == v[1]);
    }
    SECTION("adam: the first step moves each variable by about eta against its gradient's sign") {
        auto params = tg::at(x = 1.0, y = -1.0);
        auto m = tg::at(x = 0.0, y = 0.0), v = m;
        tg::adam opt{.learning_rate = 0.01};
        const auto g = gradient_at(1.0, -1.0);
        opt.step(params, tg::value_and_grad(f, params).grad, m, v);
        CHECK(opt.t == 1);
        // m_hat = g, v_hat = g^2 at t = 1: the step is eta g / (|g| + epsilon).
        CHECK(hana::at_key(params, x) == Approx(1.0 - 0.01 * g[0] / (std::fabs(g[0]) + 1e-8)).epsilon(1e-14));
        CHECK(hana::at_key(params, y) == Approx(-1.0 - 0.01 * g[1] / (std::fabs(g[1]) + 1e-8)).epsilon(1e-14));
        CHECK(hana::at_key(m, x) == Approx(0.1 * g[0]).epsilon(1e-15));
    }
}

namespace {
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr std::array<double, 6> xs{-1.0, 0.0, 0.5, 1.0, 2.0, 3.5};
constexpr std::array<double, 6> ys{-2.9, -1.2, 0.1, 0.7, 2.9, 6.2};

// The mean squared error of the line a x + b over the data, the data as literals.
constexpr auto line_loss = []<std::size_t... I>(std::index_sequence<I...>) {
    return ((tg::c<1, 6> * (a * xs[I] + b - ys[I]) * (a * xs[I] + b - ys[I])) + ...);
}
(std::make_index_sequence<xs.size()>{});
}  // namespace

TEST_CASE("a line fitted by tg::sgd over its environment reaches the least-squares solution", "[hana][optimizers]") {
    // Oracle: the normal equations solved in long double.
    long double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        sx += xs[i];
        sy += ys[i];
        sxx += static_cast<long double>(xs[i]) * xs[i];
        sxy += static_cast<long double>(xs[i]) * ys[i];
    }
    const long double n = xs.size();
    const long double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const long double intercept = (sy - slope * sx) / n;

    auto params = tg::at(a = 0.0, b = 0.0);
    const tg::sgd opt{.learning_rate = 0.1};
    for (int epoch = 0; epoch < 2000; ++epoch) opt.step(params, tg::value_and_grad(line_loss, params).grad);
    CHECK(std::fabs(hana::at_key(params, a) - static_cast<double>(slope)) < 1e-12);
    CHECK(std::fabs(hana::at_key(params, b) - static_cast<double>(intercept)) < 1e-12);
    // At the minimum the gradient vanishes.
    hana::for_each(tg::value_and_grad(line_loss, params).grad,
                   [](const auto& entry) { CHECK(std::fabs(hana::second(entry)) < 1e-12); });
}

// The chain-rule products of a symbolic derivative in the canonical order
// (core/canonical_order.hpp): the rough edge, the third derivative of
// sin(x) * exp(x), where exp(x) * cos(x) and cos(x) * exp(x) were two different nodes.
#include "test_helpers.hpp"

#include <typegrad.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>

namespace {
namespace tg = typegrad;

template <class L>
struct chain_products;
template <class... Ns>
struct chain_products<tg::detail::list<Ns...>> {
    static constexpr int value = (0 + ... + int(tg::detail::is_node_of<Ns, tg::chain_mul_op>));
};

/// The number of distinct chain-rule product nodes of E (each computed once).
template <class E>
constexpr int distinct_products = chain_products<tg::detail::topological_order<E>>::value;

constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
const auto f = tg::sin(x) * tg::exp(x);
const auto d1 = tg::derivative(f, x);
const auto d2 = tg::derivative(d1, x);
const auto d3 = tg::derivative(d2, x);
}  // namespace

TEST_CASE("the third derivative of sin(x) * exp(x) has one node per distinct product", "[print][canonical]") {
    CHECK(tg::to_string(d1) == "cos(x) * exp(x) + exp(x) * sin(x)");
    CHECK(tg::to_string(d3) ==
          "-cos(x) * exp(x) + -sin(x) * exp(x) + (-sin(x) * exp(x) + cos(x) * exp(x)) + "
          "(exp(x) * sin(x) + cos(x) * exp(x) + (-sin(x) * exp(x) + cos(x) * exp(x)))");
    // Before the canonical order: exp(x) * -sin(x), cos(x) * exp(x), -sin(x) * exp(x),
    // exp(x) * -cos(x), exp(x) * cos(x) and sin(x) * exp(x), six nodes.
    STATIC_REQUIRE(distinct_products<std::remove_cvref_t<decltype(d3)>> == 4);
    STATIC_REQUIRE(std::is_empty_v<std::remove_cvref_t<decltype(d3)>>);
}

TEST_CASE("reordered products keep the values bit for bit", "[canonical][value]") {
    // The chain-rule product (zero wins over inf and NaN), as the rule writes it.
    const auto cm = [](double a, double b) {
        const double p = a * b;
        return std::isnan(p) && (a == 0 || b == 0) ? 0.0 : p;
    };
    const auto same_bits = [](double a, double b) {
        return std::isnan(a) ? std::isnan(b) : std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
    };
    for (const double v : {-3.5, -1.0, -0.0, 0.0, 0.3, 1.0, 2.75, 700.0, 710.0, -800.0, 1e300, typegrad_test::inf_v,
                           -typegrad_test::inf_v, typegrad_test::nan_v}) {
        // The derivatives with their factors in the order the chain rule writes them.
        const double s = std::sin(v), co = std::cos(v), e = std::exp(v);
        const double first = cm(e, co) + cm(s, e);
        const double third =
            cm(e, -s) + cm(co, e) + (cm(-s, e) + cm(e, -co)) + (cm(co, e) + cm(e, -s) + (cm(e, co) + cm(s, e)));
        CHECK(same_bits(tg::eval(d1, x = v), first));
        CHECK(same_bits(tg::eval(d3, x = v), third));
        // The reverse pass over d2 agrees within a few ulp at finite points (it sums in its
        // own order).
        if (std::isfinite(v)) CHECK(typegrad_test::near_ulp_or_rel(tg::value_and_grad(d2, x = v).grad[x], third, 4));
        // Against the closed form 2 e^x (cos x - sin x), away from overflow.
        if (std::isfinite(v) && std::abs(v) < 5)
            CHECK(typegrad_test::near_rel(third, 2 * e * (co - s), 1e-14, 1e-14 * e));
    }
}

TEST_CASE("only the derivative's stateless products are reordered", "[print][canonical]") {
    // A product the user writes prints as written.
    CHECK(tg::to_string(tg::exp(x) * tg::cos(x)) == "exp(x) * cos(x)");
    CHECK(tg::to_string(y * x) == "y * x");
    // The chain-rule product puts a node before a variable: d/dx sin(x y) = cos(x y) * y.
    CHECK(tg::to_string(tg::derivative(tg::sin(x * y), x)) == "cos(x * y) * y");
    // The user's product exp(y) * x is a node printed "*", before "exp".
    CHECK(tg::to_string(tg::derivative(tg::exp(y) * x * tg::exp(x), x)) == "exp(x) * exp(y) + exp(y) * x * exp(x)");
    // A run-time literal keeps its place (its position is part of its type).
    const auto g = tg::derivative(tg::sin(2.5 * x), x);
    CHECK(typegrad_test::same_value(tg::eval(g, x = 0.25), std::cos(2.5 * 0.25) * 2.5));
}

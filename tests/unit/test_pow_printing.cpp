// pow(u, 1) with a run-time integer exponent prints as u (issue's rough edge: the printed
// derivative of pow(1 - x, 2) contained pow(1 - x, 1)); its value stays pow_integer's, u.
#include "test_helpers.hpp"

#include <typegrad.hpp>

#include <catch2/catch.hpp>

namespace {
namespace tg = typegrad;
}

TEST_CASE("the derivative of pow(1 - x, 2) prints without pow(1 - x, 1)", "[print][pow]") {
    constexpr tg::var<"x"> x;
    const auto d = tg::derivative(tg::pow(1 - x, 2), x);
    CHECK(tg::to_string(d) == "-(2 * (1 - x))");
    CHECK(tg::to_string(tg::pow(x, 1)) == "x");
    CHECK(tg::to_string(tg::pow(x, 3)) == "pow(x, 3)");
    CHECK(typegrad_test::same_value(tg::eval(d, x = 0.3), -(2 * (1 - 0.3))));
}

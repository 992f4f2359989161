// Compile-time real constants (tg::real<...>) folded with each other and with integer
// constants: the folds are constant expressions on every compiler, and their values are the
// plain double operations.
#include "test_helpers.hpp"

#include <cmath>
#include <type_traits>

namespace {

namespace tg = typegrad;

constexpr tg::var<"x"> x;

}  // namespace

TEST_CASE("tg::real folds with tg::real and integer constants at compile time", "[constants][real]") {
    constexpr auto product = tg::real<2.5> * tg::real<2.0>;
    static_assert(decltype(product)::value == 5.0);
    static_assert(decltype(tg::real<2.5> - tg::c<1>)::value == 1.5);
    CHECK(tg::eval(product + x, tg::at(x = 1.0)) == 6.0);

    // d/dx (x / 2.5) = 1 / 2.5: the fold of c<1> / real<2.5>.
    const auto quotient = tg::derivative(x / tg::real<2.5>, x);
    CHECK(tg::eval(quotient, tg::at(x = 3.0)) == 1.0 / 2.5);

    // d/dx pow(x, 2.5) = 2.5 pow(x, 1.5): the exponent folds to real<1.5>.
    const auto power = tg::derivative(tg::pow(x, tg::real<2.5>), x);
    CHECK(tg::eval(power, tg::at(x = 3.0)) == 2.5 * std::pow(3.0, 1.5));
    CHECK(tg::to_string(power) == "2.5 * pow(x, 1.5)");
}

// Expressions as types: statelessness, runtime constants (literals), bindings, scalar
// types, simplification and printing.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <string>

namespace tg = typegrad;
using tg::c;

namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
}  // namespace

TEST_CASE("variables and compile-time constants carry no state, literals are stored", "[types]") {
    STATIC_REQUIRE(std::is_empty_v<tg::var<"x">>);
    STATIC_REQUIRE(std::is_empty_v<decltype(c<3>)>);
    STATIC_REQUIRE(std::is_empty_v<decltype(tg::exp(x * y) + c<1, 2> * z)>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(tg::exp(x * y) + 2.0 * z)>);
    STATIC_REQUIRE(sizeof(2.0 * x + 3.0 * y) == 2 * sizeof(double));
    // Two literals never share a type, so node identity stays type identity.
    const auto f = (x + 1.0) * (x + 2.0);
    CHECK(tg::eval(f, x = 1.0) == 6.0);
    CHECK(tg::grad(f, x = 1.0)[x] == 5.0);
    CHECK(tg::to_string(f) == "(x + 1) * (x + 2)");
    // Subexpressions taken from one expression and recombined keep their own constants.
    const auto g = tg::derivative(f, x) * (x + 3.0) + f;
    CHECK(tg::eval(g, x = 1.0) == 5.0 * 4.0 + 6.0);
    // (x+1)(x+2)(x+4)'' = 6x + 2 (1 + 2 + 4) = 20 at x = 1.
    CHECK(tg::hessian(f * (x + 4.0), x = 1.0)[x][x] == 20.0);
}

TEST_CASE("mixed literals: integers, doubles, floats", "[literals]") {
    CHECK(tg::eval(2.0 * x, x = 3.0) == 6.0);
    CHECK(tg::eval(x + 1, x = 3.0) == 4.0);
    CHECK(tg::eval(1 - x, x = 3.0) == -2.0);
    CHECK(tg::eval(x / 2, x = 3.0) == 1.5);
    CHECK(tg::eval(tg::pow(x, 3), x = 2.0) == 8.0);
    CHECK(tg::eval(tg::pow(x, 1.875), x = 2.0) == Approx(std::pow(2.0, 1.875)).epsilon(1e-15));
    CHECK(tg::grad(tg::pow(x, y), x = 2.0, y = 3.0)[y] == Approx(8.0 * std::log(2.0)).epsilon(1e-15));
    CHECK(tg::to_string(tg::derivative(tg::pow(x, 1.875), x)) == "1.875 * pow(x, 0.875)");
    CHECK(tg::to_string(tg::derivative(tg::pow(x, c<3>), x)) == "3 * pow(x, 2)");
    CHECK(tg::to_string(tg::derivative(tg::derivative(tg::pow(x, c<3>), x), x)) ==
          "3 * (2 * x)");  // no reassociation: values stay bit-identical
}

TEST_CASE("scalar types: float, double, long double, integers compute in double", "[scalar]") {
    const auto f = tg::sigmoid(x * y) + tg::log1p(x);
    const auto rf = tg::value_and_grad(f, x = 0.5f, y = 2.0f);
    const auto rd = tg::value_and_grad(f, x = 0.5, y = 2.0);
    const auto rl = tg::value_and_grad(f, x = 0.5L, y = 2.0L);
    STATIC_REQUIRE(std::is_same_v<decltype(rf.value), float>);
    STATIC_REQUIRE(std::is_same_v<decltype(rl.value), long double>);
    CHECK(rf.grad[x] == Approx(rd.grad[x]).epsilon(1e-6));
    CHECK(static_cast<double>(rl.grad[x]) == Approx(rd.grad[x]).epsilon(1e-15));
    const auto ri = tg::value_and_grad(x * x, x = 3);
    STATIC_REQUIRE(std::is_same_v<decltype(ri.value), double>);
    CHECK(ri.grad[x] == 6.0);
}

TEST_CASE("bindings: any order, unused variables have an exact zero gradient", "[bindings]") {
    const auto f = (x + y) * z;
    CHECK(tg::eval(f, z = -4.0, y = 5.0, x = -2.0) == -12.0);
    constexpr tg::var<"w"> w;
    const auto r = tg::value_and_grad(f, x = -2.0, w = 9.0, y = 5.0, z = -4.0);
    STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(r.grad[w])>, tg::constant<0>>);
    CHECK(double(r.grad[w]) == 0.0);
    CHECK(r.grad[z] == 3.0);
    // An environment can be built once and reused.
    const auto point = tg::at(x = -2.0, y = 5.0, z = -4.0);
    CHECK(tg::eval(f, point) == -12.0);
    CHECK(tg::grad(f, point)[x] == -4.0);
}

TEST_CASE("simplification keeps derivatives small", "[symbolic]") {
    CHECK(tg::to_string(tg::derivative(x * y + c<0> * z, x)) == "y");
    CHECK(tg::to_string(tg::derivative(c<2> * (c<3> * x), x)) == "6");
    CHECK(tg::to_string(tg::derivative(x - x, x)) == "0");
    CHECK(tg::to_string(tg::derivative(-(-x), x)) == "1");
    CHECK(tg::to_string(tg::derivative(x / c<2>, x)) == "1/2");
    CHECK(tg::to_string(tg::derivative(tg::exp(c<2> * x), x)) == "2 * exp(2 * x)");
    CHECK(tg::to_string(x - (y - z)) == "x - (y - z)");
    CHECK(tg::to_string(x - y - z) == "x - y - z");
    CHECK(tg::to_string(-(x + y)) == "-(x + y)");
    CHECK(tg::to_string(x / (y * z)) == "x / (y * z)");
    CHECK(tg::to_string(x * -2.0) == "x * (-2)");
    CHECK(tg::eval(tg::derivative(tg::derivative(tg::derivative(x * x * x, x), x), x), x = 5.0) == 6.0);
}

TEST_CASE("to_dot draws each unique node once", "[print]") {
    const auto s = x * y;
    const std::string dot = tg::to_dot(s + tg::exp(s));
    CHECK(dot.rfind("digraph", 0) == 0);
    // x, y, x*y, exp, + : five vertices although x*y is used twice.
    std::size_t vertices = 0;
    for (std::size_t at = dot.find("[label="); at != std::string::npos; at = dot.find("[label=", at + 1)) ++vertices;
    CHECK(vertices == 5);
}

// expect-error: A's columns must equal B's rows
// Extents known at compile time are checked there, also beside a dynamic one: X has a
// dynamic number of rows and 4 columns, V 3 rows; X * V is one static_assert naming both shapes.
#include <typegrad.hpp>

#include <array>
#include <vector>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"X", tg::dynamic, 4> X;
    constexpr tg::var<"V", 3, 1> V;
    constexpr tg::var<"U", 4, 1> U;
    const std::vector<double> x(8, 0.5);
    const std::array<double, 3> v{};
    const std::array<double, 4> u{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(X * V);  // X has 4 columns, V 3 rows
    (void)f;
    (void)u;
    (void)x;
    (void)v;
    return 0;
#else
    constexpr auto f = tg::sum(X * U);
    auto ws = tg::make_workspace(f);
    (void)v;
    (void)V;
    return static_cast<int>(tg::value_and_grad(f, ws, X = x, U = u).value);
#endif
}

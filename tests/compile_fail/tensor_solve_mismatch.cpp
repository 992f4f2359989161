// expect-error: solve_shapes_agree<typegrad::shape<2, 2>, typegrad::shape<3> ?>
// solve(A, b) with b's rows unequal to A's order is one static_assert naming both shapes.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 2> A;
    constexpr tg::var<"b", 3> b;
    std::array<double, 4> a{1, 0, 0, 1};
    std::array<double, 3> v{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::solve(A, b));
#else
    constexpr auto f = tg::sum(tg::solve(A, tg::slice<0, 2>(b)));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a, b = v).value);
}

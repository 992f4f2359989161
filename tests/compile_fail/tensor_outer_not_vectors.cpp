// expect-error: outer_operands_are_vectors<typegrad::shape<2, 3> ?, typegrad::shape<3> ?>
// outer(u, v) of a matrix is one static_assert naming both shapes.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    constexpr tg::var<"v", 3> v;
    std::array<double, 6> a{};
    std::array<double, 3> x{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::outer(A, v));
#else
    constexpr auto f = tg::sum(tg::outer(tg::row<0>(A), v));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a, v = x).value);
}

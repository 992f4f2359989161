// expect-error: linalg_operand_is_square<typegrad::shape<2, 3> ?>
// det (log_det, inverse) of a non-square matrix is one static_assert naming the shape.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    std::array<double, 6> a{1, 0, 0, 0, 1, 0};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::det(A);
#else
    constexpr auto f = tg::det(A * tg::transpose(A));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a).value);
}

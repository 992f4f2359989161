// expect-error: log_det.A. takes a square matrix
// log_det of a non-square matrix is one static_assert naming the shape (linalg_operand_is_square).
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    std::array<double, 6> a{1, 2, 3, 4, 5, 6};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::log_det(A);
#else
    constexpr auto f = tg::log_det(A * tg::transpose(A));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a).value);
}

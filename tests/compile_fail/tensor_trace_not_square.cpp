// expect-error: trace_operand_is_square<typegrad::shape<2, 3> ?>
// trace of a non-square matrix is one static_assert naming the shape.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    std::array<double, 6> a{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::trace(A);
#else
    constexpr auto f = tg::trace(A * tg::transpose(A)) + tg::sum(tg::diag(A));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a).value);
}

// expect-error: diag_operand_is_vector_or_matrix<typegrad::shape<> ?>
// diag of a scalar is one static_assert naming the shape.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    constexpr tg::var<"s"> s;
    std::array<double, 6> a{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::diag(s)) + tg::sum(A);
#else
    constexpr auto f = tg::sum(tg::diag(s * A));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a, s = 2.0).value);
}

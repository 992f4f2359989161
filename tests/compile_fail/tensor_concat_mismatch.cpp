// expect-error: concat_shapes_agree<typegrad::shape<2, 3> ?, typegrad::shape<2, 2> ?>
// concat of two matrices with different numbers of columns is one static_assert naming both shapes.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    constexpr tg::var<"B", 2, 2> B;
    std::array<double, 6> a{};
    std::array<double, 4> b{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::concat(A, B));
#else
    constexpr auto f = tg::sum(tg::concat(tg::transpose(A), B));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a, B = b).value);
}

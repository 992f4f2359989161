// expect-error: reshape_keeps_size<typegrad::shape<2, 3>, 4, 2>
// reshape to a shape of another size is one static_assert naming both.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    constexpr tg::var<"B", 1, 3> B;
    std::array<double, 6> a{};
    std::array<double, 3> b{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::reshape<4, 2>(A)) + tg::sum(B);
#else
    constexpr auto f = tg::sum(tg::reshape<3, 2>(A)) + tg::sum(tg::concat(A, B));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a, B = b).value);
}

// expect-error: rank_at_most_2<typegrad::shape<2, 2, 2> ?>
// transpose of a tensor of rank 3 is one static_assert (rank_at_most_2).
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    std::array<double, 6> a{1, 2, 3, 4, 5, 6};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr tg::var<"T", 2, 2, 2> T;
    constexpr auto f = tg::sum(tg::transpose(T)) + tg::sum(A);
#else
    constexpr auto f = tg::sum(tg::transpose(A) * A);
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a).value);
}

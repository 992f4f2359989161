// expect-error: row_index_in_range<typegrad::shape<2, 3> ?, 2>
// row<i>(A) with i not less than A's rows is one static_assert naming the shape and the index.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    std::array<double, 6> a{1, 2, 3, 4, 5, 6};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::row<2>(A));
#else
    constexpr auto f = tg::sum(tg::row<1>(A));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a).value);
}

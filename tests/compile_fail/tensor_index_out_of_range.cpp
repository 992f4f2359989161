// expect-error: element_index_in_range<typegrad::shape<2, 3>, 2, 0>
// An element index beyond the extent is one static_assert whose failed requirement names the
// shape and the indices.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    std::array<double, 6> a{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::element<2, 0>(A);  // A has rows 0 and 1
#else
    constexpr auto f = tg::element<1, 0>(A) + tg::sum(tg::row<1>(A)) + tg::sum(tg::slice<1, 1>(tg::col<0>(A)));
#endif
    return static_cast<int>(tg::value_and_grad(f, A = a).value);
}

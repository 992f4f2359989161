// expect-error: slice_in_range<typegrad::shape<5> ?, 3, 3>
// slice<begin, count>(v) reaching past the end of v is one static_assert naming the shape, begin and count.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"v", 5> v;
    std::array<double, 5> x{1, 2, 3, 4, 5};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::sum(tg::slice<3, 3>(v));
#else
    constexpr auto f = tg::sum(tg::slice<3, 2>(v));
#endif
    return static_cast<int>(tg::value_and_grad(f, v = x).value);
}

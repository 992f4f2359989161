// expect-error: two variables with one name in one expression
// tg::var<"v"> (a scalar) and tg::var<"v", 3> (a vector) are two variables with one name: an
// expression with both is rejected, and the diagnostic shows both.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"v"> v;
    constexpr tg::var<"w", 3> w;
    std::array<double, 3> values{1, 2, 3};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr tg::var<"v", 3> v3;
    return static_cast<int>(tg::eval(tg::sum(v * w + v3), v = 2.0, w = values, v3 = values));
#else
    return static_cast<int>(tg::eval(tg::sum(v * w), v = 2.0, w = values)) - 12;
#endif
}

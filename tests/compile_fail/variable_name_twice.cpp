// expect-error: two variables with one name in one expression
// tg::var<"A", 2, 3> and tg::var<"A", 3> are two variables with one name: one name, one
// variable, so an expression with both is rejected, and the diagnostic shows both shapes.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"A", 2, 3> A;
    constexpr tg::var<"B", 3> B;
    std::array<double, 6> a{1, 2, 3, 4, 5, 6};
    std::array<double, 3> b{1, 1, 1};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr tg::var<"A", 3> A3;
    return static_cast<int>(tg::eval(tg::sum(A * B) + tg::sum(A3), A = a, B = b, A3 = b));
#else
    return static_cast<int>(tg::eval(tg::sum(A * B), A = a, B = b)) - 21;
#endif
}

// expect-error: bind a pointer p to n elements as std::span\(p, n\)
// A pointer carries no size, so a tensor variable does not bind to one: std::span(p, n)
// gives the size, which the binding checks.
#include <typegrad.hpp>

#include <array>
#include <span>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 3> W;
    std::array<double, 6> w{1, 2, 3, 4, 5, 6};
    const double* p = w.data();
#ifdef TYPEGRAD_MUST_FAIL
    const auto b = (W = p);
#else
    const auto b = (W = std::span(p, 6));
#endif
    return static_cast<int>(tg::eval(tg::sum(W), b)) - 21;
}

// expect-error: tg::jvp takes fixed extents only
// Forward mode runs on fixed extents: tg::jvp on an expression with a dynamic extent is one
// static_assert naming the alternative (the gradient by tg::value_and_grad).
#include <typegrad.hpp>

#include <span>
#include <vector>

namespace tg = typegrad;

int main() {
    const std::vector<double> data(10, 0.5), direction(10, 1.0);
#ifdef TYPEGRAD_MUST_FAIL
    constexpr tg::var<"y", tg::dynamic> y;
    constexpr auto f = tg::sum(tg::exp(y));
    auto ws = tg::make_workspace(f);
    return static_cast<int>(tg::jvp(f, ws, tg::at(y = data), tg::at(y = direction)).tangent);
#else
    constexpr tg::var<"y", 10> y;
    constexpr auto f = tg::sum(tg::exp(y));
    auto ws = tg::make_workspace(f);
    const std::span<const double, 10> d(data.data(), 10), t(direction.data(), 10);
    return static_cast<int>(tg::jvp(f, ws, tg::at(y = d), tg::at(y = t)).tangent);
#endif
}

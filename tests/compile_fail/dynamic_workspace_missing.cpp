// expect-error: an expression with a dynamic extent \(tg::dynamic\) needs a workspace
// The size of a call with a dynamic extent is known at run time: the call needs a workspace,
// and without one it is one static_assert naming the fix.
#include <typegrad.hpp>

#include <vector>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"y", tg::dynamic> y;
    constexpr auto f = tg::sum(tg::exp(y));
    const std::vector<double> data(10, 0.5);
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::value_and_grad(f, y = data).value);
#else
    auto ws = tg::make_workspace(f);
    return static_cast<int>(tg::value_and_grad(f, ws, y = data).value);
#endif
}

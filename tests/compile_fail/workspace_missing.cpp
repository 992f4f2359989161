// expect-error: (call_fits_on_the_stack<8000016, 262144>.*pass a workspace|pass a workspace.*call_fits_on_the_stack<8000016, 262144>)
// A call whose values, adjoints and gradients exceed tg::stack_limit_bytes needs a workspace;
// the diagnostic names the bytes (the million-element gradient of v, the root's value and
// adjoint: 8000016) and the remedy.
#include <typegrad.hpp>

#include <span>
#include <vector>

namespace tg = typegrad;

int main() {
    constexpr std::size_t n = 1000000;
    constexpr tg::var<"v", n> v;
    constexpr auto f = tg::sum(v);
    std::vector<double> data(n, 1.0);
    const std::span<const double, n> d(data.data(), n);
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::value_and_grad(f, v = d).value);
#else
    auto ws = tg::make_workspace(f);
    return static_cast<int>(tg::value_and_grad(f, ws, v = d).value) - static_cast<int>(n);
#endif
}

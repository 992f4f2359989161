// expect-error: (call_fits_on_the_stack<32000008, 262144>.*pass a workspace|pass a workspace.*call_fits_on_the_stack<32000008, 262144>)
// A jvp whose values and tangents exceed tg::stack_limit_bytes needs a workspace, with the
// same diagnostic as value_and_grad: the bytes (exp(v) * 0.5 of a million elements: its
// value and tangent copied into the result, 32000008; the region itself stores only the
// literal) and the remedy.
#include <typegrad.hpp>

#include <span>
#include <vector>

namespace tg = typegrad;

int main() {
    constexpr std::size_t n = 1000000;
    constexpr tg::var<"v", n> v;
    constexpr auto f = tg::exp(v) * 0.5;
    std::vector<double> data(n, 0.0), direction(n, 1.0);
    const std::span<const double, n> d(data.data(), n), t(direction.data(), n);
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::jvp(f, tg::at(v = d), tg::at(v = t)).tangent[0]);
#else
    auto ws = tg::make_workspace(f);
    return static_cast<int>(tg::jvp(f, ws, tg::at(v = d), tg::at(v = t)).tangent[0]) - 0;
#endif
}

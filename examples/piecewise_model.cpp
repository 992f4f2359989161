// Piecewise models with tg::where.
//  1. A safe softplus: where(z > 30, z, log1p(exp(z))). At z = 1000 the branch not taken
//     overflows (exp(1000) = inf, its derivative inf), yet value and gradient are exact.
//  2. Robust line fit: the Huber loss, where(|e| <= 1, e^2 / 2, |e| - 1/2), summed over
//     residuals e = w t + b - y of data with one gross outlier, minimized by gradient
//     descent. Least squares is pulled by the outlier; the Huber fit stays near the line
//     y = 2 t + 1 the other points lie on.
// Exits non-zero if a claimed result is not reached.
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {
constexpr tg::var<"z"> z;
constexpr tg::var<"w"> w;
constexpr tg::var<"b"> b;

// [softplus]
constexpr auto softplus = tg::where(z > 30.0, z, tg::log1p(tg::exp(z)));
// [softplus]

int failures = 0;
void check(bool ok, const char* what) {
    std::printf("  %s: %s\n", ok ? "ok" : "FAILED", what);
    failures += ok ? 0 : 1;
}

// [huber]
template <class E>
constexpr auto huber(const E& e) {
    return tg::where(tg::abs(e) <= 1.0, 0.5 * e * e, tg::abs(e) - 0.5);
}
// [huber]

constexpr std::array<double, 8> ts{0, 1, 2, 3, 4, 5, 6, 7};
constexpr std::array<double, 8> ys{1.1, 2.9, 5.05, 6.9, 9.1, 40.0, 13.05, 14.95};  // 40: the outlier

template <std::size_t... I>
constexpr auto total_loss(std::index_sequence<I...>) {
    return (huber(w * ts[I] + b - ys[I]) + ...);
}
template <std::size_t... I>
constexpr auto squared_loss(std::index_sequence<I...>) {
    return ((0.5 * tg::pow(w * ts[I] + b - ys[I], tg::c<2>)) + ...);
}

template <class L>
std::array<double, 2> descend(const L& loss) {
    double wv = 0, bv = 0;
    for (int step = 0; step < 20000; ++step) {
        const auto g = tg::grad(loss, w = wv, b = bv).array(w, b);
        wv -= 0.004 * g[0];
        bv -= 0.004 * g[1];
    }
    return {wv, bv};
}
}  // namespace

int main() {
    std::printf("Safe softplus with where:\n");
    for (double zv : {-5.0, 0.0, 29.0, 1000.0}) {
        const auto r = tg::value_and_grad(softplus, z = zv);
        std::printf("  softplus(%g) = %.17g, d/dz = %.17g\n", zv, r.value, r.grad[z]);
    }
    const auto far = tg::value_and_grad(softplus, z = 1000.0);
    check(far.value == 1000.0 && far.grad[z] == 1.0, "softplus(1000) = 1000 with derivative 1 (not NaN)");
    const auto near = tg::value_and_grad(softplus, z = 0.0);
    check(std::abs(near.value - std::log(2.0)) < 1e-16 && std::abs(near.grad[z] - 0.5) < 1e-16,
          "softplus(0) = log 2, slope 1/2");

    std::printf("Robust line fit, one outlier at t = 5:\n");
    const auto huber_fit = descend(total_loss(std::make_index_sequence<8>{}));
    const auto ls_fit = descend(squared_loss(std::make_index_sequence<8>{}));
    std::printf("  Huber:         y = %.4f t + %.4f\n", huber_fit[0], huber_fit[1]);
    std::printf("  least squares: y = %.4f t + %.4f\n", ls_fit[0], ls_fit[1]);
    check(std::abs(huber_fit[0] - 2) < 0.1 && std::abs(huber_fit[1] - 1) < 0.5, "the Huber fit stays near y = 2 t + 1");
    check(std::abs(ls_fit[0] - 2) > 0.3 || std::abs(ls_fit[1] - 1) > 1.0,
          "least squares is pulled away by the outlier");
    return failures == 0 ? 0 : 1;
}

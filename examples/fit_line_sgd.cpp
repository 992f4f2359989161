// A line y = a x + b fitted to six points by tg::sgd over its environment: the optimizer
// updates every variable of `params`, and Hana walks the variables and the gradient. The
// result is checked against the least-squares line from the normal equations (exit code 1
// when they differ).
#include <typegrad.hpp>

#include <boost/hana.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <utility>

namespace tg = typegrad;
namespace hana = boost::hana;

// [loss]
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr std::array<double, 6> xs{-1.0, 0.0, 0.5, 1.0, 2.0, 3.5};
constexpr std::array<double, 6> ys{-2.9, -1.2, 0.1, 0.7, 2.9, 6.2};

// Mean squared error of the line over the data; the data are literals of the expression.
constexpr auto loss = []<std::size_t... I>(std::index_sequence<I...>) {
    return ((tg::c<1, 6> * (a * xs[I] + b - ys[I]) * (a * xs[I] + b - ys[I])) + ...);
}
(std::make_index_sequence<xs.size()>{});
// [loss]

int main() {
    std::printf("variables of the loss:");
    hana::for_each(tg::variables(loss), [](auto v) { std::printf(" %s", v.name.chars); });
    std::printf("\n");

    // [sgd]
    auto params = tg::at(a = 0.0, b = 0.0);
    const tg::sgd opt{.learning_rate = 0.1};
    for (int epoch = 0; epoch <= 1000; ++epoch) {
        const auto r = tg::value_and_grad(loss, params);
        if (epoch % 250 == 0) {
            std::printf("epoch %4d  loss %.12f ", epoch, r.value);
            hana::for_each(r.grad, [](const auto& entry) {
                std::printf(" d/d%s %+.3e", hana::first(entry).name.chars, hana::second(entry));
            });
            std::printf("\n");
        }
        opt.step(params, r.grad);
    }
    // [sgd]

    // The least-squares line, from the normal equations in long double.
    long double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        sx += xs[i];
        sy += ys[i];
        sxx += static_cast<long double>(xs[i]) * xs[i];
        sxy += static_cast<long double>(xs[i]) * ys[i];
    }
    const long double n = xs.size();
    const long double exact_slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double slope = static_cast<double>(exact_slope);
    const double intercept = static_cast<double>((sy - exact_slope * sx) / n);

    const double fitted_a = hana::at_key(params, a), fitted_b = hana::at_key(params, b);
    std::printf("fitted     a = %.15f  b = %.15f\n", fitted_a, fitted_b);
    std::printf("normal eq. a = %.15f  b = %.15f\n", slope, intercept);
    const bool ok = std::fabs(fitted_a - slope) < 1e-12 && std::fabs(fitted_b - intercept) < 1e-12;
    std::printf("%s\n", ok ? "agree within 1e-12" : "MISMATCH");
    return ok ? 0 : 1;
}

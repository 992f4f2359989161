// Fits y = a exp(-b t) to points read from a CSV file at run time (examples/data/decay.csv,
// 50 points): t and y are vectors of dynamic length, bound to std::vector; the workspace is
// made once from the first bindings, and every step of gradient descent allocates nothing.
//
//   decay_fit examples/data/decay.csv
#include "read_csv.hpp"

#include <typegrad.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

namespace tg = typegrad;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: decay_fit FILE.csv (columns t, y)\n");
        return 2;
    }
    const example::table data = example::read_csv(argv[1]);
    std::vector<double> t, y;
    for (const auto& row : data.rows) {
        t.push_back(row[0]);
        y.push_back(row[1]);
    }

    constexpr tg::var<"t", tg::dynamic> T;
    constexpr tg::var<"y", tg::dynamic> Y;
    constexpr tg::var<"a"> A;
    constexpr tg::var<"b"> B;
    // The mean squared residual; its length is that of the bound data.
    constexpr auto residual = A * tg::exp(-B * T) - Y;
    constexpr auto loss = tg::mean(tg::hadamard(residual, residual));

    auto ws = tg::make_workspace(loss, T = t, Y = y);
    double a = 1.0, b = 0.5;
    const double step = 0.5;
    double value = 0;
    for (int iteration = 0; iteration < 20000; ++iteration) {
        const auto r = tg::value_and_grad(loss, ws, (T = t).no_grad(), (Y = y).no_grad(), A = a, B = b);
        value = r.value;
        a -= step * r.grad[A];
        b -= step * r.grad[B];
    }
    std::printf("%zu points: a = %.4f, b = %.4f, mean squared residual %.3g\n", t.size(), a, b, value);
    // decay.csv holds 2.5 exp(-1.3 t) plus noise of standard deviation 0.02 (make_decay.py).
    const bool ok = std::abs(a - 2.5) < 0.05 && std::abs(b - 1.3) < 0.05 && value < 2 * 0.02 * 0.02;
    return ok ? 0 : 1;
}

// tg::hessian of the 5-variable sigmoid neuron (seed 000): its compile cost.
//   /usr/bin/time -f "%e s wall, %U s user, %M KB" g++ -std=c++20 -O2 -g -Iinclude
//   bench/compile_time/hessian_neuron.cpp -o hessian_neuron
// 2026-11-23, reverse over symbolic: 1.13 s wall, 0.98 s user, 231 196 KB. The symbolic form it
// replaced: 69.7 s wall, 63.7 s user, 9 874 124 KB (commit 7d0f62c). See notes.md, section 7.
#include <cstdio>
#include <typegrad.hpp>
namespace tg = typegrad;
constexpr tg::var<"w0"> w0;
constexpr tg::var<"x0"> x0;
constexpr tg::var<"w1"> w1;
constexpr tg::var<"x1"> x1;
constexpr tg::var<"w2"> w2;
volatile double in = 1.0;
int main() {
    constexpr auto f = 1.0 / (1.0 + tg::exp(-(w0 * x0 + w1 * x1 + w2)));
    const auto H = tg::hessian(f, w0 = 2.0 * in, x0 = -1.0 * in, w1 = -3.0 * in, x1 = -2.0 * in, w2 = -3.0 * in);
    std::printf("%g %g\n", H[w0][x0], H[w2][w2]);
}

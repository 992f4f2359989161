// The sum of a std::vector whose length is read from the command line: `tg::var<"v",
// tg::dynamic>` binds to it, and the value equals the plain loop's sum bit for bit.
//
//   sum_vector 1000
#include <typegrad.hpp>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace tg = typegrad;

int main(int argc, char** argv) {
    const long n = argc == 2 ? std::strtol(argv[1], nullptr, 10) : 0;
    if (n <= 0) {
        std::fprintf(stderr, "usage: sum_vector N (a positive length)\n");
        return 2;
    }
    std::vector<double> v(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = 1.0 / static_cast<double>(i + 1);

    constexpr tg::var<"v", tg::dynamic> V;
    constexpr auto f = tg::sum(V);
    auto ws = tg::make_workspace(f, V = v);
    const auto r = tg::value_and_grad(f, ws, V = v);

    double plain = 0;
    for (const double x : v) plain += x;
    bool ok = r.value == plain && r.grad[V].size() == v.size();
    for (const double g : r.grad[V]) ok = ok && g == 1.0;
    std::printf("sum of 1/k for k = 1..%ld: %.17g (plain loop: %.17g)\n", n, r.value, plain);
    return ok ? 0 : 1;
}

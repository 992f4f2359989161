/// @file The probe's driver: calls one contender's Kernel::run `iters` times on one problem
/// instance, moving to the next input point before each call as bench_runtime does
/// (Perturber), and prints the CPU time per call. Under callgrind, the difference of two runs
/// (iters and 0) divided by iters is the instruction count of one call.
///
///   drv WHO PROBLEM SIZE ITERS [nostep|store]
///   WHO: plain | hand | hand_locals (S1b) | rev | fwd | hand_tangent | jvp (one tangent, S1a-c, S2,
///        S4, N2) | any other contender's name (contenders.cpp, e.g. sacado_sfad, sacado_tangent)
/// `nostep` keeps one input point; `store` stores one input entry right before each call
/// (bench_runtime's protocol before 2026-12-04; see README.md, "The store before the call").
#include "contenders.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

using namespace tgb;

namespace {
/// S1b's hand-written gradient as hand.cpp has it, except that it reads its five inputs
/// into locals first (hand.cpp reads x[] in place, after the stores to g that may alias it).
/// GCC's SLP vectorizer then loads two inputs as one 16-byte pair: under the `store` mode
/// that load follows the 8-byte store of one of them, which cannot be forwarded.
class HandLocalsS1b final : public Kernel {
public:
    double run(const double* x, double* g) override {
        const double w0 = x[0], x0 = x[1], w1 = x[2], x1 = x[3], w2 = x[4];
        const double s = w0 * x0 + w1 * x1 + w2;
        const double f = 1.0 / (1.0 + std::exp(-s));
        const double ds = f * (1.0 - f);
        g[0] = ds * x0;
        g[1] = ds * w0;
        g[2] = ds * x1;
        g[3] = ds * w1;
        g[4] = ds;
        return f;
    }
};
}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: %s plain|hand|hand_locals|rev|fwd|hand_tangent|jvp|CONTENDER PROBLEM SIZE ITERS "
                     "[nostep|store]\n",
                     argv[0]);
        return 2;
    }
    const char* who = argv[1];
    const int size = std::atoi(argv[3]);
    const long iters = std::atol(argv[4]);
    const bool step = argc < 6 || std::strcmp(argv[5], "nostep") != 0;
    const bool store = argc >= 6 && std::strcmp(argv[5], "store") == 0;
    const ProblemInfo* pi = nullptr;
    for (const auto& p : problems())
        if (std::strcmp(p.id, argv[2]) == 0) pi = &p;
    if (!pi) return 2;
    const Instance& in = instance(pi->pid, size);
    std::unique_ptr<Kernel> k;
    if (!std::strcmp(who, "hand"))
        k = make_hand(in);
    else if (!std::strcmp(who, "hand_locals"))
        k = pi->pid == Pid::S1b ? std::make_unique<HandLocalsS1b>() : nullptr;
    else if (!std::strcmp(who, "plain"))
        k = make_plain(in);
    else if (!std::strcmp(who, "rev"))
        k = make_typegrad(in, false);
    else if (!std::strcmp(who, "hand_tangent"))
        k = make_hand_tangent(in);
    else if (!std::strcmp(who, "jvp"))
        k = make_typegrad_jvp(in);
    else if (!std::strcmp(who, "fwd"))
        k = make_typegrad(in, true);
    else if (const Contender* c = find_contender(who); c && c->supports(pi->pid, size))
        k = c->make(in);
    if (!k) return 2;
    Perturber x(in, !store);
    std::vector<double> g(in.n);
    double acc = 0;
    const std::clock_t t0 = std::clock();
    for (long i = 0; i < iters; ++i) {
        if (step) x.step();
        acc += k->run(x.x(), g.data());
        asm volatile("" ::: "memory");  // g and acc are used: nothing is folded
    }
    const std::clock_t t1 = std::clock();
    std::printf("%s %s/%d: %.3f ns/call (cpu) acc=%g g0=%g\n", who, pi->id, size,
                iters ? 1e9 * double(t1 - t0) / CLOCKS_PER_SEC / double(iters) : 0.0, acc, g[0]);
    return 0;
}

/// @file The probe's driver: calls one contender's Kernel::run `iters` times on one problem
/// instance, changing one input entry before each call as bench_runtime does (Perturber),
/// and prints the CPU time per call. Under callgrind, the difference of two runs (iters and
/// 0) divided by iters is the instruction count of one call.
///
///   drv WHO PROBLEM SIZE ITERS [nostep]     WHO: plain | hand | rev | fwd
/// `nostep` leaves the inputs unchanged (no store right before the call: see README.md, S1b).
#include "contenders.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

using namespace tgb;

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s plain|hand|rev|fwd PROBLEM SIZE ITERS [nostep]\n", argv[0]);
        return 2;
    }
    const char* who = argv[1];
    const int size = std::atoi(argv[3]);
    const long iters = std::atol(argv[4]);
    const bool step = argc < 6;
    const ProblemInfo* pi = nullptr;
    for (const auto& p : problems())
        if (std::strcmp(p.id, argv[2]) == 0) pi = &p;
    if (!pi) return 2;
    const Instance& in = instance(pi->pid, size);
    std::unique_ptr<Kernel> k;
    if (!std::strcmp(who, "hand")) k = make_hand(in);
    else if (!std::strcmp(who, "plain")) k = make_plain(in);
    else if (!std::strcmp(who, "rev")) k = make_typegrad(in, false);
    else k = make_typegrad(in, true);
    if (!k) return 2;
    Perturber x(in);
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

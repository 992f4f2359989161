// One program of two kernel configurations: tu_eigen.cpp (Eigen on the include path) and
// tu_loops.cpp (without) make the same typegrad calls. Each must keep its own kernels (the
// inline namespace of its configuration) and both must be right, against an independent
// long double computation.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "problem.hpp"

#include <cmath>
#include <cstddef>

namespace {

using namespace kernel_test;

/// f = |A B|^2, df/dA = 2 Y B^T, df/dB = 2 A^T Y, g = sum tanh(M v) and its gradients, in long double.
struct oracle {
    std::array<long double, R * C> y{};
    long double f = 0, g = 0;
    std::array<long double, R * K> da{};
    std::array<long double, K * C> db{};
    std::array<long double, MR * MK> dm{};
    std::array<long double, MK> dv{};
    explicit oracle(const inputs& in) {
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t c = 0; c < C; ++c) {
                long double s = 0;
                for (std::size_t k = 0; k < K; ++k) s += static_cast<long double>(in.a[r * K + k]) * in.b[k * C + c];
                y[r * C + c] = s;
                f += s * s;
            }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t k = 0; k < K; ++k)
                for (std::size_t c = 0; c < C; ++c) da[r * K + k] += 2 * y[r * C + c] * in.b[k * C + c];
        for (std::size_t k = 0; k < K; ++k)
            for (std::size_t c = 0; c < C; ++c)
                for (std::size_t r = 0; r < R; ++r)
                    db[k * C + c] += 2 * static_cast<long double>(in.a[r * K + k]) * y[r * C + c];
        for (std::size_t r = 0; r < MR; ++r) {
            long double z = 0;
            for (std::size_t k = 0; k < MK; ++k) z += static_cast<long double>(in.m[r * MK + k]) * in.v[k];
            const long double t = std::tanh(z), w = 1 - t * t;
            g += t;
            for (std::size_t k = 0; k < MK; ++k) {
                dm[r * MK + k] = w * in.v[k];
                dv[k] += w * in.m[r * MK + k];
            }
        }
    }
};

template <class Got, class Want>
void require_close(const Got& got, const Want& want, double tolerance) {
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("element " << i << ": " << got[i] << " against " << static_cast<double>(want[i]));
        REQUIRE(std::abs(static_cast<long double>(got[i]) - want[i]) <= tolerance * (1 + std::abs(want[i])));
    }
}

void require_right(const results& r, const oracle& o) {
    require_close(r.product, o.y, 1e-14);
    REQUIRE(std::abs(r.f - o.f) <= 1e-14 * o.f);
    require_close(r.df_da, o.da, 1e-13);
    require_close(r.df_db, o.db, 1e-13);
    REQUIRE(std::abs(r.g - o.g) <= 1e-13 * (1 + std::abs(o.g)));
    require_close(r.dg_dm, o.dm, 1e-13);
    require_close(r.dg_dv, o.dv, 1e-13);
}

}  // namespace

TEST_CASE("a TU with Eigen and a TU without, linked together, each keep their kernels and are right",
          "[eigen_kernel]") {
    static const inputs in;
    static results with_eigen, with_loops;
    compute_with_eigen(in, with_eigen);
    compute_with_loops(in, with_loops);
    CHECK(with_eigen.eigen_kernels);
    CHECK_FALSE(with_loops.eigen_kernels);
    const oracle o(in);
    require_right(with_eigen, o);
    require_right(with_loops, o);
    // Two different kernels ran: Eigen's GEMV sums in packet lanes and rounds differently from
    // the loops' sequential sums (had the link merged the two configurations' definitions, one
    // kernel would have served both calls and every bit would agree).
    std::size_t differing = with_eigen.g != with_loops.g;
    for (std::size_t i = 0; i < MK; ++i) differing += with_eigen.dg_dv[i] != with_loops.dg_dv[i];
    CHECK(differing > 0);
}

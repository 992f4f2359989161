// The translation unit built without Eigen on the include path: typegrad's own loops.
#include "tu_calls.hpp"

#include <catch2/catch.hpp>

#ifdef TYPEGRAD_EIGEN_KERNELS
#error "tu_loops.cpp is built without Eigen on the include path"
#endif

void kernel_test::compute_with_loops(const inputs& in, results& out) { compute(in, out); }

TEST_CASE("without Eigen, products run on the loops: the product is the plain loop's, bit for bit", "[eigen_kernel]") {
    using namespace kernel_test;
    STATIC_REQUIRE_FALSE(tg::detail::use_eigen_product<double, R, K, C>);
    STATIC_REQUIRE(tg::detail::product_scratch_elements<R, K, C> == 0);
    static const inputs in;
    static results out;
    compute(in, out);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t c = 0; c < C; ++c) {
            double s = in.a[r * K] * in.b[c];
            for (std::size_t k = 1; k < K; ++k) s = s + in.a[r * K + k] * in.b[k * C + c];
            REQUIRE(out.product[r * C + c] == s);
        }
}

// Eigen storage for tensor variables with dynamic extents (tensor/eigen_storage.hpp): vectors,
// row-major matrices and maps bind in place and give the results of std::vector storage; a
// row-major matrix's extents are checked against the variable's fixed ones.
#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <string>
#include <vector>

namespace tg = typegrad;

TEST_CASE("Eigen vectors, row-major matrices and maps bind to dynamic extents", "[tensor][dynamic][eigen]") {
    constexpr tg::var<"X", tg::dynamic, 3> X;
    constexpr tg::var<"A", tg::dynamic, tg::dynamic> A;
    constexpr tg::var<"w", 3> w;
    constexpr tg::var<"y", tg::dynamic> y;
    constexpr auto f = tg::squared_norm(X * w - y);
    constexpr auto g = tg::squared_norm(A * w - y);
    const std::vector<double> xs{0.1, -0.4, 0.7, 0.3, 0.9, -0.2, 1.1, 0.05, -0.6, 0.45};
    std::vector<double> x(xs.begin(), xs.begin() + 9);
    const std::vector<double> ys{0.5, -1.5, 0.25};
    const std::array<double, 3> wv{0.3, -0.7, 1.2};
    auto ws = tg::make_workspace(f);
    const auto reference = tg::value_and_grad(f, ws, X = x, w = wv, y = ys);
    const double value = reference.value;
    const std::vector<double> gx(reference.grad[X].begin(), reference.grad[X].end());

    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> xm(3, 3);
    for (int i = 0; i < 9; ++i) xm(i / 3, i % 3) = x[static_cast<std::size_t>(i)];
    Eigen::VectorXd yv(3);
    for (int i = 0; i < 3; ++i) yv(i) = ys[static_cast<std::size_t>(i)];
    const Eigen::Map<const Eigen::VectorXd> ymap(ys.data(), 3);
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>> xmap(x.data(), 3, 3);

    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> gxm(3, 3);
    const auto r = tg::value_and_grad(f, ws, (X = xm).grad_into(gxm), w = wv, y = yv);
    CHECK(r.value == value);
    for (int i = 0; i < 9; ++i) CHECK(gxm(i / 3, i % 3) == gx[static_cast<std::size_t>(i)]);
    CHECK(tg::value_and_grad(f, ws, X = xmap, w = wv, y = ymap).value == value);
    auto wsg = tg::make_workspace(g);
    CHECK(tg::value_and_grad(g, wsg, A = xm, w = wv, y = ymap).value == value);

    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> wide(3, 4);
    wide.setZero();
    std::string message;
    try {
        (void)(X = wide);
    } catch (const tg::shape_error& e) {
        message = e.what();
    }
    CHECK(
        message ==
        "typegrad: size mismatch binding tensor variable \"X\" of shape dynamic x 3 to storage of 3 x 4 (12 elements)");
}

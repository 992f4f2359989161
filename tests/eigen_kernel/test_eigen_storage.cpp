// Eigen storage for tensor variables with dynamic extents (tensor/eigen_storage.hpp): vectors,
// row-major matrices and maps bind in place and give the results of std::vector storage; a
// matrix's extents are checked against the variable's fixed ones; column-major matrices and
// gradient buffers go through row-major copies in the workspace; a product of run-time
// extents runs on Eigen's GEMM as the fixed one does.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
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

namespace {
/// A column-major matrix (Eigen's default order) with row-major elements `rows_of`.
Eigen::MatrixXd column_major(const std::vector<double>& rows_of, Eigen::Index rows, Eigen::Index cols) {
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = rows_of[static_cast<std::size_t>(r * cols + c)];
    return m;
}
}  // namespace

TEST_CASE("column-major Eigen matrices bind through a row-major copy in the workspace", "[tensor][dynamic][eigen]") {
    constexpr tg::var<"X", tg::dynamic, 3> X;
    constexpr tg::var<"A", tg::dynamic, tg::dynamic> A;
    constexpr tg::var<"W", 3, 2> W;  // fixed extents, in an expression with a dynamic one
    constexpr tg::var<"w", 3> w;
    constexpr tg::var<"y", tg::dynamic> y;
    // A non-symmetric use of X: its transpose and its row order both show in f.
    constexpr auto f = tg::squared_norm(X * w - y) + tg::sum(tg::sin(X));
    constexpr auto g = tg::squared_norm(A * w - y) + tg::sum(tg::sin(A));
    constexpr auto h = tg::sum(tg::exp(X * W)) + tg::squared_norm(y);
    const std::vector<double> x{0.1, -0.4, 0.7, 0.3, 0.9, -0.2, 1.1, 0.05, -0.6, 0.45, -0.8, 0.25};  // 4 x 3
    const std::vector<double> ys{0.5, -1.5, 0.25, 2.0};
    const std::vector<double> wv{0.3, -0.7, 1.2};
    const std::vector<double> Wv{0.2, -0.1, 0.4, 0.3, -0.5, 0.6};  // 3 x 2
    auto ws = tg::make_workspace(f);
    auto wsg = tg::make_workspace(g);
    auto wsh = tg::make_workspace(h);
    const auto reference = tg::value_and_grad(f, ws, X = x, w = wv, y = ys);
    const double value = reference.value;
    const std::vector<double> gx(reference.grad[X].begin(), reference.grad[X].end());
    const std::vector<double> gw(reference.grad[w].begin(), reference.grad[w].end());
    const auto reference_h = tg::value_and_grad(h, wsh, X = x, W = Wv, y = ys);
    const std::vector<double> gW(reference_h.grad[W].begin(), reference_h.grad[W].end());

    const Eigen::MatrixXd xm = column_major(x, 4, 3);
    const Eigen::Map<const Eigen::MatrixXd> xmap(xm.data(), 4, 3);
    Eigen::MatrixXd xmut = xm;
    const Eigen::Map<Eigen::MatrixXd> xmutmap(xmut.data(), 4, 3);
    const Eigen::Matrix<double, 4, 3> xfixed = xm;  // column-major with fixed extents

    SECTION("values and gradients equal those of row-major storage, bit for bit") {
        const auto check = [&](const auto& r, const auto& var) {
            CHECK(r.value == value);
            for (std::size_t i = 0; i < 12; ++i) CHECK(r.grad[var](i / 3, i % 3) == gx[i]);
            for (std::size_t i = 0; i < 3; ++i) CHECK(r.grad[w](i) == gw[i]);
        };
        check(tg::value_and_grad(f, ws, X = xm, w = wv, y = ys), X);
        check(tg::value_and_grad(f, ws, X = xmap, w = wv, y = ys), X);
        check(tg::value_and_grad(f, ws, X = xmutmap, w = wv, y = ys), X);
        check(tg::value_and_grad(f, ws, X = xfixed, w = wv, y = ys), X);
        check(tg::value_and_grad(g, wsg, A = xm, w = wv, y = ys), A);
        CHECK(tg::eval(f, ws, X = xm, w = wv, y = ys) == value);
        auto wsp = tg::make_workspace(X * w);
        auto wsp_rows = tg::make_workspace(X * w);
        const auto product = tg::eval(X * w, wsp, X = xm, w = wv);
        const auto product_rows = tg::eval(X * w, wsp_rows, X = x, w = wv);
        REQUIRE(product.size() == 4);
        for (std::size_t i = 0; i < 4; ++i) CHECK(product(i) == product_rows(i));
    }

    SECTION("a column-major gradient buffer receives the gradient in its own order") {
        Eigen::MatrixXd gxm(4, 3);
        gxm.setConstant(7.0);
        const auto r = tg::value_and_grad(f, ws, (X = xm).grad_into(gxm), w = wv, y = ys);
        CHECK(r.value == value);
        for (std::size_t i = 0; i < 12; ++i) {
            CHECK(gxm(static_cast<Eigen::Index>(i / 3), static_cast<Eigen::Index>(i % 3)) == gx[i]);
            CHECK(r.grad[X](i / 3, i % 3) == gx[i]);  // the result views the row-major gradient
        }
        // Row-major elements, column-major gradient; and a fixed-extent variable's.
        Eigen::MatrixXd gxm2(4, 3);
        CHECK(tg::value_and_grad(f, ws, (X = x).grad_into(gxm2), w = wv, y = ys).value == value);
        CHECK(gxm2 == gxm);
        Eigen::MatrixXd gWm(3, 2);
        Eigen::Map<Eigen::MatrixXd> gWmap(gWm.data(), 3, 2);
        const Eigen::MatrixXd Wm = column_major(Wv, 3, 2);
        CHECK(tg::value_and_grad(h, wsh, X = xm, (W = Wm).grad_into(gWmap), y = ys).value == reference_h.value);
        for (std::size_t i = 0; i < 6; ++i)
            CHECK(gWm(static_cast<Eigen::Index>(i / 2), static_cast<Eigen::Index>(i % 2)) == gW[i]);
        // A column-major matrix as the gradient buffer of a variable f does not use: zeros.
        constexpr tg::var<"Z", tg::dynamic, 2> Z;
        Eigen::MatrixXd gz(2, 2);
        gz.setConstant(3.0);
        const Eigen::MatrixXd z = Eigen::MatrixXd::Ones(2, 2);
        CHECK(tg::value_and_grad(f, ws, X = xm, w = wv, y = ys, (Z = z).grad_into(gz)).value == value);
        CHECK(gz == Eigen::MatrixXd::Zero(2, 2));
    }

    SECTION("shape errors name the variable and write nothing") {
        const auto message_of = [](const auto& make) {
            std::string message;
            try {
                make();
            } catch (const tg::shape_error& e) {
                message = e.what();
            }
            return message;
        };
        const Eigen::MatrixXd wide = Eigen::MatrixXd::Zero(4, 4);
        CHECK(message_of([&] { (void)(X = wide); }) ==
              "typegrad: size mismatch binding tensor variable \"X\" of shape dynamic x 3 to column-major storage "
              "of 4 x 4 (16 elements)");
        const Eigen::MatrixXd square = Eigen::MatrixXd::Zero(3, 3);
        CHECK(message_of([&] { (void)(W = square); }) ==
              "typegrad: size mismatch binding tensor variable \"W\" of shape 3 x 2 to column-major storage of 3 x 3 "
              "(9 elements)");
        Eigen::MatrixXd transposed(3, 4);
        transposed.setConstant(7.0);
        CHECK(message_of([&] { (void)(X = xm).grad_into(transposed); }) ==
              "typegrad: size mismatch binding tensor variable \"X\" of shape 4 x 3 to a column-major gradient buffer "
              "of 3 x 4 (12 elements)");
        CHECK(transposed == Eigen::MatrixXd::Constant(3, 4, 7.0));
        // A mismatch found when the call checks its extents (y has 3 rows, X 4): nothing written.
        Eigen::MatrixXd gxm(4, 3);
        gxm.setConstant(7.0);
        const std::vector<double> short_y{0.5, -1.5, 0.25};
        CHECK_THROWS_AS(tg::value_and_grad(f, ws, (X = xm).grad_into(gxm), w = wv, y = short_y), tg::shape_error);
        CHECK(gxm == Eigen::MatrixXd::Constant(4, 3, 7.0));
    }
}

TEST_CASE("a product of run-time extents runs Eigen's GEMM as the fixed one does: the same bits",
          "[tensor][dynamic][eigen]") {
    constexpr std::size_t n = 40, k = 30, m = 25;  // 30000 multiply-adds: on Eigen
    STATIC_REQUIRE(tg::detail::use_eigen_product<double, n, k, m>);
    constexpr tg::var<"A", tg::dynamic, tg::dynamic> A;
    constexpr tg::var<"B", tg::dynamic, m> B;
    constexpr tg::var<"Af", n, k> Af;
    constexpr tg::var<"Bf", k, m> Bf;
    std::vector<double> a(n * k), b(k * m);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.3 * static_cast<double>(i));
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = std::cos(0.7 * static_cast<double>(i));
    constexpr auto f = tg::squared_norm(tg::tanh(A * B));
    constexpr auto ff = tg::squared_norm(tg::tanh(Af * Bf));
    auto ws = tg::make_workspace(f);
    auto wsf = tg::make_workspace(ff);
    const auto r = tg::value_and_grad(f, ws, A = tg::matrix_storage(a, n, k), B = b);
    const auto rf = tg::value_and_grad(ff, wsf, Af = a, Bf = b);
    CHECK(r.value == rf.value);
    for (std::size_t i = 0; i < n * k; ++i) CHECK(r.grad[A][i] == rf.grad[Af][i]);
    for (std::size_t i = 0; i < k * m; ++i) CHECK(r.grad[B][i] == rf.grad[Bf][i]);
    // The loops' result differs from the GEMM's in rounding only: an independent check.
    double direct = 0;
    for (std::size_t r0 = 0; r0 < n; ++r0)
        for (std::size_t c = 0; c < m; ++c) {
            double s = 0;
            for (std::size_t j = 0; j < k; ++j) s += a[r0 * k + j] * b[j * m + c];
            direct += std::tanh(s) * std::tanh(s);
        }
    CHECK(r.value == Approx(direct).epsilon(1e-13));
}

TEST_CASE("tensor gradients and values as Eigen maps: in place, typegrad's order, to an Eigen solver",
          "[tensor][eigen][eigen_map]") {
    constexpr tg::var<"W", 2, 3> W;
    constexpr tg::var<"x", 3> x;
    constexpr tg::var<"y", 2> y;
    constexpr auto f = tg::squared_norm(W * x - y);
    const std::array<double, 6> wv{0.3, -0.7, 1.2, 0.5, 0.25, -1.5};
    const std::array<double, 3> xv{1.5, -0.5, 2.0};
    const std::array<double, 2> yv{0.75, -2.0};
    const auto r = tg::value_and_grad(f, W = wv, x = xv, y = yv);
    const auto gw = tg::eigen_map(r.grad[W]);
    const auto gx = tg::eigen_map(r.grad[x]);
    STATIC_REQUIRE(std::is_same_v<std::remove_const_t<decltype(gw)>,
                                  Eigen::Map<const Eigen::Matrix<double, 2, 3, Eigen::RowMajor>>>);
    STATIC_REQUIRE(std::is_same_v<std::remove_const_t<decltype(gx)>, Eigen::Map<const Eigen::Vector3d>>);
    CHECK(gw.data() == r.grad[W].data());  // a view, not a copy
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) CHECK(gw(i, j) == r.grad[W](i, j));
    for (int j = 0; j < 3; ++j) CHECK(gx(j) == r.grad[x](j));
    // Independently, in Eigen: dW = 2 (W x - y) x^T and dx = 2 W^T (W x - y).
    const Eigen::Map<const Eigen::Matrix<double, 2, 3, Eigen::RowMajor>> wm(wv.data());
    const Eigen::Map<const Eigen::Vector3d> xm(xv.data());
    const Eigen::Map<const Eigen::Vector2d> ym(yv.data());
    const Eigen::Vector2d residual = wm * xm - ym;
    const Eigen::Matrix<double, 2, 3, Eigen::RowMajor> dw = 2.0 * residual * xm.transpose();
    const Eigen::Vector3d dx = 2.0 * wm.transpose() * residual;
    CHECK((gw - dw).cwiseAbs().maxCoeff() <= 4 * 2.2e-16 * dw.cwiseAbs().maxCoeff());
    CHECK((gx - dx).cwiseAbs().maxCoeff() <= 4 * 2.2e-16 * dx.cwiseAbs().maxCoeff());
    // Handed to a solver as it is: a damped Gauss-Newton step (W^T W + I) d = -dx.
    const Eigen::Matrix3d normal = wm.transpose() * wm + Eigen::Matrix3d::Identity();
    const Eigen::Vector3d step = normal.ldlt().solve(-gx);
    CHECK((normal * step + gx).norm() <= 1e-13 * gx.norm());

    // Values of tg::eval: a row 1 x 3 maps row-major, a column 3 x 1 column-major.
    const auto wx = tg::eval(W * x, W = wv, x = xv);
    const auto row = tg::eval(tg::transpose(x), x = xv);
    const auto column = tg::eval(tg::reshape<3, 1>(x), x = xv);
    STATIC_REQUIRE(
        std::is_same_v<decltype(tg::eigen_map(row)), Eigen::Map<const Eigen::Matrix<double, 1, 3, Eigen::RowMajor>>>);
    STATIC_REQUIRE(std::is_same_v<decltype(tg::eigen_map(column)), Eigen::Map<const Eigen::Matrix<double, 3, 1>>>);
    CHECK(tg::eigen_map(wx) == (wm * xm).eval());
    CHECK(tg::eigen_map(row) == xm.transpose());
    CHECK(tg::eigen_map(column) == xm);

    // Dynamic extents: the map has the call's rows and columns.
    constexpr tg::var<"X", tg::dynamic, 3> X;
    constexpr tg::var<"t", tg::dynamic> t;
    constexpr auto g = tg::squared_norm(X * x - t);
    const std::vector<double> xs{0.1, -0.4, 0.7, 0.3, 0.9, -0.2, 1.1, 0.05, -0.6, 0.45, 0.2, -0.3};
    const std::vector<double> ts{0.5, -1.5, 0.25, 1.0};
    auto ws = tg::make_workspace(g);
    const auto rd = tg::value_and_grad(g, ws, X = xs, x = xv, t = ts);
    const auto gX = tg::eigen_map(rd.grad[X]);
    const auto gt = tg::eigen_map(rd.grad[t]);
    CHECK(gX.rows() == 4);
    CHECK(gX.cols() == 3);
    CHECK(gt.size() == 4);
    CHECK(gX.data() == rd.grad[X].data());
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 3; ++j) CHECK(gX(i, j) == rd.grad[X](i, j));
        CHECK(gt(i) == rd.grad[t](i));
    }
}

// Dynamic extents (tg::dynamic): every kind of storage binds, the values and gradients equal
// those of the same expression with fixed extents bit for bit, the gradients agree with
// long-double central differences, every shape relation that only the call can check throws
// tg::shape_error naming the variables before anything is written, and the workspace grows
// once for larger data.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace tg = typegrad;

namespace {
constexpr tg::var<"X", tg::dynamic, 3> X;
constexpr tg::var<"w", 3> w;
constexpr tg::var<"y", tg::dynamic> y;
constexpr tg::var<"z", tg::dynamic> z;
constexpr tg::var<"a"> a;

constexpr tg::var<"X", 5, 3> X5;
constexpr tg::var<"y", 5> y5;
constexpr tg::var<"z", 5> z5;

/// Values read through volatile, so that every call computes at run time (as
/// test_tensor_storage.cpp: clang folds calls with visible inputs at compile time).
std::vector<double> opaque(std::vector<double> values) {
    for (double& v : values) {
        const volatile double copy = v;
        v = copy;
    }
    return values;
}
const std::vector<double> x_values =
    opaque({0.1, -0.4, 0.7, 0.3, 0.9, -0.2, 1.1, 0.05, -0.6, 0.45, -0.8, 0.25, 0.6, 0.35, -0.15});
const std::vector<double> y_values = opaque({0.5, -1.5, 0.25, 2.0, -0.75});
const std::vector<double> z_values = opaque({1.25, 0.5, -0.5, 0.125, 3.0});
const std::array<double, 3> w_values{0.3, -0.7, 1.2};

template <std::size_t N>
std::array<double, N> to_array(const std::vector<double>& v) {
    std::array<double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = v[i];
    return out;
}

/// The message of the shape_error that `make` throws (empty when it throws nothing).
template <class F>
std::string shape_error_of(F&& make) {
    try {
        make();
    } catch (const tg::shape_error& e) {
        return e.what();
    }
    return {};
}
}  // namespace

TEST_CASE("dynamic extents: the extents of a call come from its storage", "[tensor][dynamic]") {
    auto xb = (X = x_values);
    CHECK(xb.extents[0] == 5);
    CHECK(xb.extents[1] == 3);
    auto yb = (y = std::span<const double>(y_values));
    CHECK(yb.extents[0] == 5);
    static_assert(!tg::shape_of<decltype(y)>::fixed && tg::shape_of<decltype(y5)>::fixed);
    static_assert(sizeof(tg::tensor_binding<decltype(y5), double>) == 2 * sizeof(double*));
}

TEST_CASE("dynamic extents: values and gradients equal those of fixed extents bit for bit", "[tensor][dynamic]") {
    const auto xa = to_array<15>(x_values);
    const auto ya = to_array<5>(y_values);
    const auto za = to_array<5>(z_values);

    SECTION("elementwise with a scalar variable, summed") {
        constexpr auto f = tg::sum(tg::exp(y * a) + tg::sigmoid(z));
        constexpr auto f5 = tg::sum(tg::exp(y5 * a) + tg::sigmoid(z5));
        auto ws = tg::make_workspace(f);
        const auto r = tg::value_and_grad(f, ws, y = y_values, z = z_values, a = 0.5);
        const auto r5 = tg::value_and_grad(f5, y5 = ya, z5 = za, a = 0.5);
        CHECK(r.value == r5.value);
        CHECK(r.grad[a] == r5.grad[a]);
        REQUIRE(r.grad[y].size() == 5);
        for (std::size_t i = 0; i < 5; ++i) {
            CHECK(r.grad[y](i) == r5.grad[y5](i));
            CHECK(r.grad[z][i] == r5.grad[z5][i]);
        }
    }
    SECTION("matrix product, difference, squared_norm") {
        constexpr auto f = tg::squared_norm(X * w - y);
        constexpr auto f5 = tg::squared_norm(X5 * w - y5);
        auto ws = tg::make_workspace(f, X = x_values, y = y_values);
        const auto r = tg::value_and_grad(f, ws, X = x_values, w = w_values, y = y_values);
        const auto r5 = tg::value_and_grad(f5, X5 = xa, w = w_values, y5 = ya);
        CHECK(r.value == r5.value);
        for (std::size_t k = 0; k < 3; ++k) CHECK(r.grad[w](k) == r5.grad[w](k));
        REQUIRE(r.grad[X].extent(0) == 5);
        REQUIRE(r.grad[X].extent(1) == 3);
        for (std::size_t i = 0; i < 5; ++i) {
            CHECK(r.grad[y](i) == r5.grad[y5](i));
            for (std::size_t k = 0; k < 3; ++k) CHECK(r.grad[X](i, k) == r5.grad[X5](i, k));
        }
    }
    SECTION("dot, mean and a transpose") {
        constexpr auto f = tg::dot(y, z) * tg::mean(tg::tanh(y)) + tg::sum(tg::transpose(X) * y);
        constexpr auto f5 = tg::dot(y5, z5) * tg::mean(tg::tanh(y5)) + tg::sum(tg::transpose(X5) * y5);
        auto ws = tg::make_workspace(f);
        const auto r = tg::value_and_grad(f, ws, X = x_values, y = y_values, z = z_values);
        const auto r5 = tg::value_and_grad(f5, X5 = xa, y5 = ya, z5 = za);
        CHECK(r.value == r5.value);
        for (std::size_t i = 0; i < 5; ++i) {
            CHECK(r.grad[y](i) == r5.grad[y5](i));
            CHECK(r.grad[z](i) == r5.grad[z5](i));
        }
        for (std::size_t i = 0; i < 15; ++i) CHECK(r.grad[X][i] == r5.grad[X5][i]);
    }
    SECTION("a bias row broadcast over run-time rows, and eval of a tensor") {
        constexpr tg::var<"W", 3, 2> W;
        constexpr tg::var<"c", 2> c;
        const std::array<double, 6> w6{0.5, -0.25, 1.5, 0.75, -1.0, 0.2};
        const std::array<double, 2> c2{0.1, -0.3};
        constexpr auto h = tg::tanh(X * W + c);
        constexpr auto h5 = tg::tanh(X5 * W + c);
        auto ws = tg::make_workspace(h);
        const auto v = tg::eval(h, ws, X = x_values, W = w6, c = c2);
        const auto v5 = tg::eval(h5, X5 = xa, W = w6, c = c2);
        REQUIRE(v.extent(0) == 5);
        REQUIRE(v.extent(1) == 2);
        for (std::size_t i = 0; i < 5; ++i)
            for (std::size_t j = 0; j < 2; ++j) CHECK(v(i, j) == v5(i, j));
        constexpr auto f = tg::sum(h);
        constexpr auto f5 = tg::sum(h5);
        auto ws2 = tg::make_workspace(f);
        const auto r = tg::value_and_grad(f, ws2, (X = x_values).no_grad(), W = w6, c = c2);
        const auto r5 = tg::value_and_grad(f5, (X5 = xa).no_grad(), W = w6, c = c2);
        CHECK(r.value == r5.value);
        for (std::size_t i = 0; i < 6; ++i) CHECK(r.grad[W][i] == r5.grad[W][i]);
        for (std::size_t j = 0; j < 2; ++j) CHECK(r.grad[c][j] == r5.grad[c][j]);
    }
}

TEST_CASE("dynamic extents: every kind of storage binds and gives the same results", "[tensor][dynamic]") {
    constexpr auto f = tg::squared_norm(tg::tanh(y) - z);
    auto ws = tg::make_workspace(f);
    const auto reference = tg::value_and_grad(f, ws, y = y_values, z = z_values);
    const double value = reference.value;
    std::vector<double> gy(reference.grad[y].begin(), reference.grad[y].end());

    const auto ya = to_array<5>(y_values);
    double yc[5];
    for (std::size_t i = 0; i < 5; ++i) yc[i] = y_values[i];
    const auto check = [&](const auto& binding) {
        const auto r = tg::value_and_grad(f, ws, binding, z = z_values);
        CHECK(r.value == value);
        REQUIRE(r.grad[y].size() == 5);
        for (std::size_t i = 0; i < 5; ++i) CHECK(r.grad[y](i) == gy[i]);
    };
    check(y = ya);
    check(y = yc);
    check(y = std::span<const double>(y_values));
    check(y = std::span<const double, 5>(ya));
    check(y = std::span(y_values.data(), y_values.size()));

    SECTION("gradients written into the caller's buffers") {
        std::vector<double> gz(5, -1.0);
        std::array<double, 5> gya{};
        const auto r = tg::value_and_grad(f, ws, (y = y_values).grad_into(gya), (z = z_values).grad_into(gz));
        CHECK(r.value == value);
        CHECK(r.grad[y].data() == gya.data());
        CHECK(r.grad[z].data() == gz.data());
        for (std::size_t i = 0; i < 5; ++i) {
            CHECK(gya[i] == gy[i]);
            CHECK(gz[i] == reference.grad[z](i));
        }
    }
}

TEST_CASE("dynamic extents: gradients against long-double central differences", "[tensor][dynamic]") {
    // f(X, w, y, a) = sum_i exp(-a (X w - y)_i^2), 7 rows.
    constexpr auto f = tg::sum(tg::exp(-a * tg::hadamard(X * w - y, X * w - y)));
    std::vector<double> xv = opaque({0.3, -0.2, 0.8, 1.1, 0.4,  -0.5, -0.9, 0.6,  0.2,  0.15, -0.35,
                                     0.7, 0.5,  0.5, 0.5, -1.2, 0.1,  0.3,  0.05, 0.95, -0.45});
    std::vector<double> yv = opaque({0.2, -0.6, 1.3, 0.4, -0.1, 0.7, 0.0});
    std::array<double, 3> wv{0.4, -1.1, 0.9};
    double av = 0.8;
    const auto reference = [&]() {
        long double total = 0;
        for (std::size_t i = 0; i < 7; ++i) {
            long double r = 0;
            for (std::size_t k = 0; k < 3; ++k) r += (long double)xv[i * 3 + k] * wv[k];
            r -= yv[i];
            total += std::exp(-(long double)av * r * r);
        }
        return total;
    };
    const auto central = [&](double& v) {
        const double saved = v;
        const double h = 1e-4 * std::max(1.0, std::abs(saved));
        v = saved + h;
        const long double up = reference();
        v = saved - h;
        const long double down = reference();
        v = saved;
        return static_cast<double>((up - down) / (2 * (long double)h));
    };
    auto ws = tg::make_workspace(f);
    const auto r = tg::value_and_grad(f, ws, X = xv, w = wv, y = yv, a = av);
    CHECK(r.value == Approx(static_cast<double>(reference())).epsilon(1e-14));
    const auto near = [](double ad, double fd) {
        return std::abs(ad - fd) <= 1e-7 * std::max({1.0, std::abs(ad), std::abs(fd)});
    };
    for (std::size_t i = 0; i < xv.size(); ++i) CHECK(near(r.grad[X][i], central(xv[i])));
    for (std::size_t i = 0; i < yv.size(); ++i) CHECK(near(r.grad[y][i], central(yv[i])));
    for (std::size_t k = 0; k < 3; ++k) CHECK(near(r.grad[w][k], central(wv[k])));
    CHECK(near(r.grad[a], central(av)));
}

TEST_CASE("dynamic extents: mismatches throw tg::shape_error naming the variables, nothing written",
          "[tensor][dynamic]") {
    constexpr auto f = tg::squared_norm(X * w - y);
    auto ws = tg::make_workspace(f, X = x_values, y = y_values);
    const std::vector<double> short_y(4, 1.0);
    std::vector<double> gx(15, -7.0);
    std::array<double, 3> gw{-7.0, -7.0, -7.0};

    SECTION("storage that is not a whole number of rows") {
        const std::vector<double> ragged(10, 0.5);
        CHECK(shape_error_of([&] { (void)(X = ragged); }) ==
              "typegrad: size mismatch binding tensor variable \"X\" of shape dynamic x 3 to storage of 10 elements "
              "(not a multiple of 3)");
    }
    SECTION("empty storage") {
        const std::vector<double> empty;
        CHECK(shape_error_of([&] { (void)(y = empty); }) ==
              "typegrad: size mismatch binding tensor variable \"y\" of shape dynamic to storage of 0 elements (a "
              "dynamic extent needs at least one element)");
    }
    SECTION("a gradient buffer of another size") {
        std::vector<double> small(12);
        CHECK(shape_error_of([&] { (void)(X = x_values).grad_into(small); }) ==
              "typegrad: size mismatch binding tensor variable \"X\" of shape 5 x 3 (15 elements) to a gradient "
              "buffer of 12 elements");
    }
    SECTION("rows of X against the length of y: checked once per call, before anything is written") {
        const auto capacity = ws.capacity();
        const std::string message = shape_error_of([&] {
            (void)tg::value_and_grad(f, ws, (X = x_values).grad_into(gx), (w = w_values).grad_into(gw), y = short_y);
        });
        CHECK(message ==
              "typegrad: shape mismatch in - (operands of one shape): \"X\" of shape 5 x 3 against \"y\" of shape 4 (5 "
              "against 4)");
        for (const double g : gx) CHECK(g == -7.0);
        for (const double g : gw) CHECK(g == -7.0);
        CHECK(ws.capacity() == capacity);
    }
    SECTION("the inner extents of a matrix product") {
        constexpr tg::var<"v", tg::dynamic> v;
        constexpr auto g = tg::sum(X * v);
        auto wsg = tg::make_workspace(g);
        const std::vector<double> four(4, 1.0);
        CHECK(shape_error_of([&] { (void)tg::eval(g, wsg, X = x_values, v = four); }) ==
              "typegrad: shape mismatch in matmul (the columns of A against the rows of B): a fixed extent of 3 "
              "against \"v\" of shape 4 (3 against 4)");
        CHECK(wsg.capacity() == 0);
    }
    SECTION("dot of two dynamic vectors") {
        constexpr auto g = tg::dot(y, z);
        auto wsg = tg::make_workspace(g);
        CHECK(shape_error_of([&] { (void)tg::eval(g, wsg, y = y_values, z = short_y); }) ==
              "typegrad: shape mismatch in dot (operands of one shape): \"y\" of shape 5 against \"z\" of shape 4 (5 "
              "against 4)");
    }
}

TEST_CASE("dynamic extents: the workspace is reused when the data fits and grows once when it does not",
          "[tensor][dynamic]") {
    constexpr auto f = tg::sum(tg::exp(tg::hadamard(tg::tanh(y), z)));
    std::vector<double> small(4, 0.5), large(400, 0.25);
    auto ws = tg::make_workspace(f, y = small, z = small);
    const std::size_t fitted = ws.capacity();
    CHECK(fitted > 0);
    const auto r1 = tg::value_and_grad(f, ws, y = small, z = small);
    CHECK(ws.capacity() == fitted);
    const double* before = r1.grad[y].data();
    const auto r2 = tg::value_and_grad(f, ws, y = large, z = large);
    CHECK(ws.capacity() > fitted);
    CHECK(r2.value == Approx(400 * std::exp(std::tanh(0.25) * 0.25)));
    const std::size_t grown = ws.capacity();
    const auto r3 = tg::value_and_grad(f, ws, y = small, z = small);
    CHECK(ws.capacity() == grown);
    CHECK(r3.value == Approx(4 * std::exp(std::tanh(0.5) * 0.5)));
    (void)before;

    auto empty = tg::make_workspace(f);
    CHECK(empty.capacity() == 0);
    (void)tg::eval(f, empty, y = small, z = small);
    CHECK(empty.capacity() > 0);
}

TEST_CASE("dynamic extents: a matrix with two dynamic extents binds to tg::matrix_storage", "[tensor][dynamic]") {
    constexpr tg::var<"A", tg::dynamic, tg::dynamic> A;
    constexpr tg::var<"v", tg::dynamic> v;
    constexpr tg::var<"A", 5, 3> A5;
    constexpr tg::var<"v", 3> v3;
    const auto xa = to_array<15>(x_values);
    constexpr auto f = tg::squared_norm(tg::tanh(A * v));
    constexpr auto f5 = tg::squared_norm(tg::tanh(A5 * v3));
    auto ws = tg::make_workspace(f);
    const std::array<double, 3> vv{0.5, -1.0, 0.25};
    const auto r = tg::value_and_grad(f, ws, A = tg::matrix_storage(std::span<const double>(x_values), 5, 3), v = vv);
    const auto r5 = tg::value_and_grad(f5, A5 = xa, v3 = vv);
    CHECK(r.value == r5.value);
    REQUIRE(r.grad[A].extent(0) == 5);
    REQUIRE(r.grad[A].extent(1) == 3);
    for (std::size_t i = 0; i < 15; ++i) CHECK(r.grad[A][i] == r5.grad[A5][i]);
    for (std::size_t k = 0; k < 3; ++k) CHECK(r.grad[v](k) == r5.grad[v3](k));
    // The same elements as 3 x 5: A * v needs 5 elements of v.
    CHECK(shape_error_of([&] {
              (void)tg::eval(f, ws, A = tg::matrix_storage(std::span<const double>(x_values), 3, 5), v = vv);
          }) ==
          "typegrad: shape mismatch in matmul (the columns of A against the rows of B): \"A\" of shape 3 x 5 "
          "against \"v\" of shape 3 (5 against 3)");
    // Rows and columns that do not cover the elements, and a fixed extent that differs.
    CHECK(shape_error_of([&] { (void)(A = tg::matrix_storage(std::span<const double>(x_values), 4, 3)); }) ==
          "typegrad: size mismatch binding tensor variable \"A\" of shape dynamic x dynamic to storage of 4 x 3 (15 "
          "elements)");
    CHECK(shape_error_of([&] { (void)(X = tg::matrix_storage(std::span<const double>(x_values), 3, 5)); }) ==
          "typegrad: size mismatch binding tensor variable \"X\" of shape dynamic x 3 to storage of 3 x 5 (15 "
          "elements)");
}

// The ops that select and rearrange elements (tensor/indexing.hpp) and outer, diag, trace
// (tensor/products.hpp): values (bit for bit: each is an element, a copy or one product),
// reverse gradients and jvp kernels against long-double central differences of independent
// index formulas (tensor_op_checks.hpp), at several shapes.
#include "tensor_op_checks.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;
using namespace typegrad_test::ops;

template <std::size_t I, std::size_t J, std::size_t R, std::size_t C>
void check_element(rng& r) {
    check_unary<tg::var<"A", R, C>>(
        "element", [](auto A) { return tg::element<I, J>(A); },
        [](const std::array<ld, R * C>& a) { return std::array<ld, 1>{a[I * C + J]}; }, r, 0, 1e-9);
}

template <std::size_t I, std::size_t R, std::size_t C>
void check_row(rng& r) {
    check_unary<tg::var<"A", R, C>>(
        "row", [](auto A) { return tg::row<I>(A); },
        [](const std::array<ld, R * C>& a) {
            std::array<ld, C> y{};
            for (std::size_t j = 0; j < C; ++j) y[j] = a[I * C + j];
            return y;
        },
        r, 0, 1e-9);
}

template <std::size_t J, std::size_t R, std::size_t C>
void check_col(rng& r) {
    check_unary<tg::var<"A", R, C>>(
        "col", [](auto A) { return tg::col<J>(A); },
        [](const std::array<ld, R * C>& a) {
            std::array<ld, R> y{};
            for (std::size_t i = 0; i < R; ++i) y[i] = a[i * C + J];
            return y;
        },
        r, 0, 1e-9);
}

template <std::size_t Begin, std::size_t Count, std::size_t N>
void check_slice(rng& r) {
    check_unary<tg::var<"v", N>>(
        "slice", [](auto v) { return tg::slice<Begin, Count>(v); },
        [](const std::array<ld, N>& a) {
            std::array<ld, Count> y{};
            for (std::size_t k = 0; k < Count; ++k) y[k] = a[Begin + k];
            return y;
        },
        r, 0, 1e-9);
}

/// Every op of this file at shapes drawn from `Seed` (drawn_extent): A is R x C, B is M x C,
/// u a vector of N, v of M, S square N x N; indices and the slice drawn within range.
template <std::uint64_t Seed>
void check_at_drawn_shapes(rng& r) {
    constexpr std::size_t R = drawn_extent(Seed, 0, 1, 5), C = drawn_extent(Seed, 1, 1, 5);
    constexpr std::size_t N = drawn_extent(Seed, 2, 1, 6), M = drawn_extent(Seed, 3, 1, 4);
    constexpr std::size_t I = drawn_extent(Seed, 4, 0, R - 1), J = drawn_extent(Seed, 5, 0, C - 1);
    constexpr std::size_t K = drawn_extent(Seed, 6, 0, N - 1);
    constexpr std::size_t Begin = drawn_extent(Seed, 7, 0, N - 1), Count = drawn_extent(Seed, 8, 1, N - Begin);
    INFO("R = " << R << ", C = " << C << ", N = " << N << ", M = " << M << ", (I, J, K) = (" << I << ", " << J << ", "
                << K << "), slice<" << Begin << ", " << Count << ">");
    using A = tg::var<"A", R, C>;
    using B = tg::var<"B", M, C>;
    using U = tg::var<"u", N>;
    using V = tg::var<"v", M>;
    const auto same = [](const auto& a) { return a; };
    const auto concat_ref = [](const auto& a, const auto& b) {
        std::array<ld, std::tuple_size_v<std::remove_cvref_t<decltype(a)>> +
                           std::tuple_size_v<std::remove_cvref_t<decltype(b)>>>
            y{};
        std::size_t k = 0;
        for (const ld x : a) y[k++] = x;
        for (const ld x : b) y[k++] = x;
        return y;
    };
    check_unary<A>(
        "transpose", [](auto a) { return tg::transpose(a); },
        [](const std::array<ld, R * C>& a) {
            std::array<ld, R * C> y{};
            for (std::size_t i = 0; i < R; ++i)
                for (std::size_t j = 0; j < C; ++j) y[j * R + i] = a[i * C + j];
            return y;
        },
        r, 0, 1e-9);
    check_unary<U>(
        "transpose of a vector", [](auto u) { return tg::transpose(u); }, same, r, 0, 1e-9);
    check_element<I, J, R, C>(r);
    check_unary<U>(
        "element of a vector", [](auto u) { return tg::element<K>(u); },
        [](const std::array<ld, N>& u) { return std::array<ld, 1>{u[K]}; }, r, 0, 1e-9);
    check_row<I, R, C>(r);
    check_col<J, R, C>(r);
    check_slice<Begin, Count, N>(r);
    check_unary<A>(
        "reshape to a vector", [](auto a) { return tg::reshape<R * C>(a); }, same, r, 0, 1e-9);
    check_unary<tg::var<"w", R * C>>(
        "reshape to a matrix", [](auto w) { return tg::reshape<R, C>(w); }, same, r, 0, 1e-9);
    check_binary<U, V>(
        "concat of vectors", [](auto u, auto v) { return tg::concat(u, v); }, concat_ref, r, 0, 1e-9);
    check_binary<A, B>(
        "concat of matrices", [](auto a, auto b) { return tg::concat(a, b); }, concat_ref, r, 0, 1e-9);
    check_binary<U, V>(
        "outer", [](auto u, auto v) { return tg::outer(u, v); },
        [](const std::array<ld, N>& u, const std::array<ld, M>& v) {
            std::array<ld, N * M> y{};
            for (std::size_t i = 0; i < N; ++i)
                for (std::size_t j = 0; j < M; ++j) y[i * M + j] = u[i] * v[j];
            return y;
        },
        r, 2.3e-16, 1e-9);
    check_unary<U>(
        "diag of a vector", [](auto u) { return tg::diag(u); },
        [](const std::array<ld, N>& u) {
            std::array<ld, N * N> y{};
            for (std::size_t k = 0; k < N; ++k) y[k * N + k] = u[k];
            return y;
        },
        r, 0, 1e-9);
    check_unary<A>(
        "diag of a matrix", [](auto a) { return tg::diag(a); },
        [](const std::array<ld, R * C>& a) {
            std::array<ld, (R < C ? R : C)> y{};
            for (std::size_t k = 0; k < y.size(); ++k) y[k] = a[k * C + k];
            return y;
        },
        r, 0, 1e-9);
    check_unary<tg::var<"S", N, N>>(
        "trace", [](auto s) { return tg::trace(s); },
        [](const std::array<ld, N * N>& s) {
            ld t = 0;
            for (std::size_t k = 0; k < N; ++k) t += s[k * N + k];
            return std::array<ld, 1>{t};
        },
        r, 1e-15, 1e-9);
}

}  // namespace

TEST_CASE("transpose and the ops of indexing and products at random shapes", "[tensor][indexing][random_shapes]") {
    rng r(seed_of("indexing at random shapes"));
    check_at_drawn_shapes<seed_of("random shapes 1")>(r);
    check_at_drawn_shapes<seed_of("random shapes 2")>(r);
    check_at_drawn_shapes<seed_of("random shapes 3")>(r);
}

TEST_CASE("element, row, col and slice: values, gradients and jvp at several shapes", "[tensor][indexing]") {
    rng r(seed_of("indexing"));
    check_element<0, 0, 1, 1>(r);
    check_element<1, 2, 2, 3>(r);
    check_element<3, 0, 4, 2>(r);
    check_unary<tg::var<"v", 5>>(
        "element of a vector", [](auto v) { return tg::element<3>(v); },
        [](const std::array<ld, 5>& a) { return std::array<ld, 1>{a[3]}; }, r, 0, 1e-9);
    check_row<0, 1, 4>(r);
    check_col<0, 1, 4>(r);
    check_row<2, 3, 3>(r);
    check_col<2, 3, 3>(r);
    check_row<1, 4, 2>(r);
    check_col<1, 4, 2>(r);
    check_slice<0, 1, 1>(r);
    check_slice<2, 3, 6>(r);
    check_slice<0, 7, 7>(r);
}

TEST_CASE("reshape and concat: values, gradients and jvp", "[tensor][indexing]") {
    rng r(seed_of("reshape concat"));
    check_unary<tg::var<"A", 2, 3>>(
        "reshape", [](auto A) { return tg::reshape<3, 2>(A); }, [](const std::array<ld, 6>& a) { return a; }, r, 0,
        1e-9);
    check_unary<tg::var<"A", 2, 3>>(
        "reshape to a vector", [](auto A) { return tg::reshape<6>(A); }, [](const std::array<ld, 6>& a) { return a; },
        r, 0, 1e-9);
    check_unary<tg::var<"v", 4>>(
        "reshape of a vector", [](auto v) { return tg::reshape<1, 4>(v); },
        [](const std::array<ld, 4>& a) { return a; }, r, 0, 1e-9);
    const auto concat_ref = [](const auto& a, const auto& b) {
        std::array<ld, std::tuple_size_v<std::remove_cvref_t<decltype(a)>> +
                           std::tuple_size_v<std::remove_cvref_t<decltype(b)>>>
            y{};
        std::size_t k = 0;
        for (const ld x : a) y[k++] = x;
        for (const ld x : b) y[k++] = x;
        return y;
    };
    check_binary<tg::var<"a", 3>, tg::var<"b", 2>>(
        "concat of vectors", [](auto a, auto b) { return tg::concat(a, b); }, concat_ref, r, 0, 1e-9);
    check_binary<tg::var<"A", 2, 3>, tg::var<"B", 1, 3>>(
        "concat of matrices", [](auto a, auto b) { return tg::concat(a, b); }, concat_ref, r, 0, 1e-9);

    constexpr tg::var<"A", 2, 3> A;
    constexpr tg::var<"B", 1, 3> B;
    static_assert(std::is_same_v<tg::shape_of<decltype(tg::concat(A, B))>, tg::shape<3, 3>>);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(tg::reshape<2, 3>(A))>,
                                 std::remove_cvref_t<decltype(A)>>);  // the same shape: A itself
    CHECK(tg::to_string(tg::row<1>(A)) == "row<1>(A)");
    CHECK(tg::to_string(tg::element<1, 2>(A)) == "element<1, 2>(A)");
    CHECK(tg::to_string(tg::slice<2, 3>(tg::reshape<6>(A))) == "slice<2, 3>(reshape<6>(A))");
}

TEST_CASE("outer, diag and trace: values, gradients and jvp", "[tensor][products]") {
    rng r(seed_of("outer diag trace"));
    check_binary<tg::var<"u", 3>, tg::var<"v", 4>>(
        "outer", [](auto u, auto v) { return tg::outer(u, v); },
        [](const std::array<ld, 3>& u, const std::array<ld, 4>& v) {
            std::array<ld, 12> y{};
            for (std::size_t i = 0; i < 3; ++i)
                for (std::size_t j = 0; j < 4; ++j) y[i * 4 + j] = u[i] * v[j];
            return y;
        },
        r, 2.3e-16, 1e-9);  // one rounding of the exact product
    check_binary<tg::var<"u", 1>, tg::var<"v", 2>>(
        "outer 1 x 2", [](auto u, auto v) { return tg::outer(u, v); },
        [](const std::array<ld, 1>& u, const std::array<ld, 2>& v) {
            return std::array<ld, 2>{u[0] * v[0], u[0] * v[1]};
        },
        r, 2.3e-16, 1e-9);
    check_unary<tg::var<"v", 3>>(
        "diag of a vector", [](auto v) { return tg::diag(v); },
        [](const std::array<ld, 3>& v) {
            std::array<ld, 9> y{};
            for (std::size_t k = 0; k < 3; ++k) y[k * 4] = v[k];
            return y;
        },
        r, 0, 1e-9);
    check_unary<tg::var<"A", 2, 4>>(
        "diag of a wide matrix", [](auto A) { return tg::diag(A); },
        [](const std::array<ld, 8>& a) {
            return std::array<ld, 2>{a[0], a[5]};
        },
        r, 0, 1e-9);
    check_unary<tg::var<"A", 3, 2>>(
        "diag of a tall matrix", [](auto A) { return tg::diag(A); },
        [](const std::array<ld, 6>& a) {
            return std::array<ld, 2>{a[0], a[3]};
        },
        r, 0, 1e-9);
    check_unary<tg::var<"A", 4, 4>>(
        "trace", [](auto A) { return tg::trace(A); },
        [](const std::array<ld, 16>& a) { return std::array<ld, 1>{a[0] + a[5] + a[10] + a[15]}; }, r, 1e-16, 1e-9);
    check_unary<tg::var<"A", 1, 1>>(
        "trace 1 x 1", [](auto A) { return tg::trace(A); },
        [](const std::array<ld, 1>& a) { return std::array<ld, 1>{a[0]}; }, r, 0, 1e-9);

    // outer(u, v) is u * transpose(v), bit for bit; trace sums in index order as plain C++.
    constexpr tg::var<"u", 3> u;
    constexpr tg::var<"v", 2> v;
    std::array<double, 3> uu{0.1, -2.5, 3.3};
    std::array<double, 2> vv{0.7, 1.0 / 3.0};
    const auto o = tg::eval(tg::outer(u, v), u = uu, v = vv);
    const auto p = tg::eval(u * tg::transpose(v), u = uu, v = vv);
    for (std::size_t i = 0; i < 6; ++i) CHECK(same_value(o[i], p[i]));
    constexpr tg::var<"A", 3, 3> A;
    std::array<double, 9> a{0.1, 9, 9, 9, 0.2, 9, 9, 9, 0.3};
    CHECK(same_value(tg::eval(tg::trace(A), A = a), 0.1 + 0.2 + 0.3));
}

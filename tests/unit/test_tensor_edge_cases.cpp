// The tensor rows of tests/data/edge_cases.md (rows 1-5, 14-16, 20), in every mode
// of the tensor engine: eval (value), value_and_grad (value and gradient in the
// result), grad, the gradient written into the caller's buffer (.grad_into), and
// constant evaluation (the entry points are constexpr); each through every spelling that
// computes the row (a vector, a batch of rows, scalars stacked), and against central finite
// differences where the function is differentiable and finite around the point.
//
// Expected values are the table's. The engine has no second-order mode: row 1's Hessian is
// checked as the finite-difference derivative of the reverse-mode gradient.
#include "tensor_fd_helpers.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;
using namespace typegrad_test::tensor;

constexpr tg::var<"v", 2> v;
constexpr tg::var<"M", 2, 2> M;  // two rows, each the row of the table
constexpr tg::var<"R", 1, 2> R;  // one row: the batch form of a vector
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr tg::var<"x"> x;
constexpr tg::var<"y", 1> y;    // one label
constexpr tg::var<"y2", 2> y2;  // a label per row of M
constexpr tg::var<"ys"> ys;     // a label as a scalar variable
constexpr tg::var<"w2", 2> w2;  // weights of a vector-Jacobian product

// ---- every mode of a function of one tensor variable ---------------------------------------

template <std::size_t N>
struct tensor_modes {
    double eval;                      ///< tg::eval
    double rev_value;                 ///< tg::value_and_grad(...).value
    double buffer_value;              ///< the same, with .grad_into(buffer)
    std::array<double, N> rev_grad;   ///< .grad[V]
    std::array<double, N> grad_only;  ///< tg::grad(...)[V]
    std::array<double, N> buffer;     ///< the caller's buffer after .grad_into(buffer)
};

/// f at V = values in every run-time mode; extras are further bindings (labels, data).
template <class F, class V, std::size_t N, class... Extras>
[[gnu::noinline]] tensor_modes<N> all_modes(const F& f, V var, const std::array<double, N>& values,
                                            const Extras&... extras) {
    tensor_modes<N> m{};
    m.eval = tg::eval(f, var = values, extras...);
    const auto r = tg::value_and_grad(f, var = values, extras...);
    m.rev_value = r.value;
    m.rev_grad = r.grad[var].to_array();
    m.grad_only = tg::grad(f, var = values, extras...)[var].to_array();
    const auto rb = tg::value_and_grad(f, (var = values).grad_into(m.buffer), extras...);
    m.buffer_value = rb.value;
    return m;
}

/// Every mode's value within `ulps` of `value`, every mode's gradient within `ulps` of `grad`
/// (NaN never matches a number; infinities exactly).
template <std::size_t N>
void check_modes(const tensor_modes<N>& m, double value, const std::array<double, N>& grad, std::uint64_t ulps = 0) {
    TG_CHECK_ULP(m.eval, value, ulps);
    TG_CHECK_ULP(m.rev_value, value, ulps);
    TG_CHECK_ULP(m.buffer_value, value, ulps);
    for (std::size_t i = 0; i < N; ++i) {
        INFO("element " << i);
        TG_CHECK_ULP(m.rev_grad[i], grad[i], ulps);
        TG_CHECK_ULP(m.grad_only[i], grad[i], ulps);
        TG_CHECK_ULP(m.buffer[i], grad[i], ulps);
    }
}

/// Two copies of a row: the 2 x 2 batch whose rows are both `row`.
std::array<double, 4> twice(const std::array<double, 2>& row) { return {row[0], row[1], row[0], row[1]}; }

/// logsumexp of the table's row through every spelling: a vector, a one-row batch, a
/// two-row batch (summed: each row's gradient is the row's), and two stacked scalars.
void check_logsumexp_row(std::array<double, 2> row, double value, std::array<double, 2> grad, std::uint64_t ulps = 0) {
    check_modes(all_modes(tg::logsumexp(v), v, row), value, grad, ulps);
    check_modes(all_modes(tg::sum(tg::logsumexp(R)), R, row), value, grad, ulps);
    // Two identical rows: the sum is 2 value (exact: doubling), each row's gradient is grad.
    check_modes(all_modes(tg::sum(tg::logsumexp(M)), M, twice(row)), 2 * value, twice(grad), ulps);
    const auto r = tg::value_and_grad(tg::logsumexp(a, b), a = row[0], b = row[1]);
    TG_CHECK_ULP(r.value, value, ulps);
    TG_CHECK_ULP(r.grad[a], grad[0], ulps);
    TG_CHECK_ULP(r.grad[b], grad[1], ulps);
    TG_CHECK_ULP(tg::eval(tg::logsumexp(a, b), a = row[0], b = row[1]), value, ulps);
}

// ---- rows 1-5: logsumexp -------------------------------------------------------------------

TEST_CASE("tensor edge case 1: logsumexp([1000, 1000]) = 1000.6931471805599, gradient [0.5, 0.5]",
          "[tensor][edge][logsumexp]") {
    check_logsumexp_row({1000, 1000}, 1000.6931471805599, {0.5, 0.5});

    // Finite differences (an absolute step: logsumexp varies on the scale of 1, not of 1000).
    std::array<double, 2> at{1000, 1000};
    check_fd_step("logsumexp([1000, 1000])", 1e-3, tg::logsumexp(v), none, in(v, at));
}

TEST_CASE("tensor edge case 1: the Hessian of logsumexp at [1000, 1000] is [[.25, -.25], [-.25, .25]]",
          "[tensor][edge][logsumexp][hessian]") {
    // No second-order mode in the tensor engine: differentiate the reverse-mode gradient by
    // the 6-point stencil (step 1e-3; the gradient is O(1), so the error is ~ eps / h).
    const std::array<std::array<double, 2>, 2> expected{{{0.25, -0.25}, {-0.25, 0.25}}};
    for (std::size_t j = 0; j < 2; ++j) {
        for (std::size_t i = 0; i < 2; ++i) {
            std::array<double, 2> at{1000, 1000};
            const fd_result fd = fd6_step(
                [&](double t) {
                    at[j] = t;
                    return tg::grad(tg::logsumexp(v), v = at)[v](i);
                },
                1000.0, 1e-3);
            INFO("d^2 / dv" << i << " dv" << j << ": fd " << show(fd.derivative));
            CHECK(near_rel(fd.derivative, expected[i][j], 1e-8));
        }
    }
}

TEST_CASE("tensor edge case 2: logsumexp([-1000, -1000]) = -999.3068528194401 (naive: -inf), gradient [0.5, 0.5]",
          "[tensor][edge][logsumexp]") {
    check_logsumexp_row({-1000, -1000}, -999.3068528194401, {0.5, 0.5});
    std::array<double, 2> at{-1000, -1000};
    check_fd_step("logsumexp([-1000, -1000])", 1e-3, tg::logsumexp(v), none, in(v, at));
}

TEST_CASE("tensor edge case 3: logsumexp([1000, 0]) = 1000, gradient [1, 0] without NaN", "[tensor][edge][logsumexp]") {
    check_logsumexp_row({1000, 0}, 1000, {1, 0});
    std::array<double, 2> at{1000, 0};
    check_fd_step("logsumexp([1000, 0])", 1e-3, tg::logsumexp(v), none, in(v, at));
}

TEST_CASE("tensor edge case 4: d/dx logsumexp(x, x) at 1e50 = 1 in total, 0.5 per argument",
          "[tensor][edge][logsumexp]") {
    // The value 1e50 + log 2 rounds to 1e50.
    // One variable used twice: its gradient is the sum of the two arguments' partials.
    const auto r = tg::value_and_grad(tg::logsumexp(x, x), x = 1e50);
    TG_CHECK_SAME(r.value, 1e50);
    TG_CHECK_SAME(r.grad[x], 1.0);
    TG_CHECK_SAME(tg::grad(tg::logsumexp(x, x), x = 1e50)[x], 1.0);
    TG_CHECK_SAME(tg::eval(tg::logsumexp(x, x), x = 1e50), 1e50);
    // The same through stack(x, x), and x broadcast into a vector (x + [0, 0]).
    TG_CHECK_SAME(tg::value_and_grad(tg::logsumexp(tg::stack(x, x)), x = 1e50).grad[x], 1.0);
    const std::array<double, 2> zeros{0, 0};
    const auto rb = tg::value_and_grad(tg::logsumexp(x + v), x = 1e50, (v = zeros).no_grad());
    TG_CHECK_SAME(rb.value, 1e50);
    TG_CHECK_SAME(rb.grad[x], 1.0);
    // Per argument: 0.5 each, in every spelling.
    check_logsumexp_row({1e50, 1e50}, 1e50, {0.5, 0.5});

    // Finite differences of x -> logsumexp(x, x) (Stan's step: here f varies on the scale of x).
    std::array<double, 1> at{1e50};
    check_fd("logsumexp(x, x)", tg::logsumexp(x, x), none, in(x, at));
}

TEST_CASE(
    "tensor edge case 5: logsumexp([-inf, -inf]) = -inf with gradient [0.5, 0.5] (documented), "
    "logsumexp([0, -inf]) = 0 with gradient [1, 0]",
    "[tensor][edge][logsumexp]") {
    // The documented choice for an all -inf row (docs/tensors.md): the uniform weights, the
    // limit of logsumexp's gradient at [c, c] as c -> -inf. Finite, never NaN.
    check_logsumexp_row({-inf_v, -inf_v}, -inf_v, {0.5, 0.5});
    check_logsumexp_row({0, -inf_v}, 0, {1, 0});
    check_logsumexp_row({-inf_v, 0}, 0, {0, 1});

    // Finite differences where f is finite around the point: along the finite argument.
    std::array<double, 2> at{0, -inf_v};
    const auto r = tg::value_and_grad(tg::logsumexp(v), v = at);
    const fd_result fd = fd6(
        [&](double t) {
            at[0] = t;
            return tg::eval(tg::logsumexp(v), v = at);
        },
        0.0);
    CHECK(near_rel(r.grad[v](0), fd.derivative, grad_rel, grad_floor));
}

// ---- row 14: log_softmax --------------------------------------------------------------------

TEST_CASE("tensor edge case 14: log_softmax([1000, 0]) = [0, -1000] (naive: -inf)", "[tensor][edge][log_softmax]") {
    const std::array<double, 2> row{1000, 0};
    // The value, as a vector and as the rows of a batch.
    const auto y_vec = tg::eval(tg::log_softmax(v), v = row);
    TG_CHECK_SAME(y_vec(0), 0.0);
    TG_CHECK_SAME(y_vec(1), -1000.0);
    const std::array<double, 4> rows{1000, 0, 0, 1000};
    const auto y_mat = tg::eval(tg::log_softmax(M), M = rows);
    TG_CHECK_SAME(y_mat(0, 0), 0.0);
    TG_CHECK_SAME(y_mat(0, 1), -1000.0);
    TG_CHECK_SAME(y_mat(1, 0), -1000.0);
    TG_CHECK_SAME(y_mat(1, 1), 0.0);

    // The gradient of each component (the rows of the Jacobian, by one VJP each): with
    // p = softmax = [1, 0], d log_softmax_i / dx_j = [i == j] - p_j.
    const std::array<double, 2> e0{1, 0}, e1{0, 1};
    check_modes(all_modes(tg::dot(tg::log_softmax(v), w2), v, row, (w2 = e0).no_grad()), 0.0, {0, 0});
    check_modes(all_modes(tg::dot(tg::log_softmax(v), w2), v, row, (w2 = e1).no_grad()), -1000.0, {-1, 1});
    check_modes(all_modes(tg::sum(tg::log_softmax(R)), R, row), -1000.0, {-1, 1});

    // Against finite differences, with weights that mix both components.
    std::array<double, 2> at{1000, 0};
    std::array<double, 2> weights{0.3, -1.7};
    check_fd_step("log_softmax([1000, 0])", 1e-3, tg::dot(tg::log_softmax(v), w2), none, in(v, at), in(w2, weights));
}

// ---- row 15: softmax cross-entropy ---------------------------------------------------------

TEST_CASE(
    "tensor edge case 15: softmax cross-entropy of logits [1000, 0]: label 1 gives 1000 and [1, -1], "
    "label 0 gives 0 and [0, 0]",
    "[tensor][edge][cross_entropy]") {
    const std::array<double, 2> row{1000, 0};
    const std::array<int, 1> label1{1}, label0{0};
    // A vector of logits with one label; a one-row batch.
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, y = label1), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, y = label0), 0.0, {0, 0});
    check_modes(all_modes(tg::softmax_cross_entropy(R, y), R, row, y = label1), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(R, y), R, row, y = label0), 0.0, {0, 0});
    // A two-row batch, one row per label: the mean over rows, (1000 + 0) / 2, and each row's
    // gradient divided by the number of rows.
    const std::array<int, 2> labels10{1, 0};
    check_modes(all_modes(tg::softmax_cross_entropy(M, y2), M, twice(row), y2 = labels10), 500.0, {0.5, -0.5, 0, 0});
    // Every way of binding the label: a span, a C array, a vector, a (pointer, size) span,
    // floating data, a scalar.
    const std::span<const int, 1> span1(label1);
    const int carray1[1] = {1};
    const long long* pointer1 = nullptr;
    const std::array<long long, 1> long1{1};
    pointer1 = long1.data();
    const std::array<double, 1> double1{1.0};
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, y = span1), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, y = carray1), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, y = std::span(pointer1, 1)), 1000.0, {1, -1});
    const std::vector<short> vector1{1};
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, y = vector1), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(v, y), v, row, (y = double1).no_grad()), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(v, ys), v, row, ys = 1), 1000.0, {1, -1});
    check_modes(all_modes(tg::softmax_cross_entropy(v, ys), v, row, ys = 0), 0.0, {0, 0});

    // Against finite differences (absolute step: the loss varies on the scale of 1).
    std::array<double, 2> at{1000, 0};
    check_fd_step("cross-entropy, label 1", 1e-3, tg::softmax_cross_entropy(v, y), std::tuple{(y = label1)}, in(v, at));
    check_fd_step("cross-entropy, label 0", 1e-3, tg::softmax_cross_entropy(v, y), std::tuple{(y = label0)}, in(v, at));
}

// ---- row 16: binary cross-entropy with logits ----------------------------------------------

constexpr tg::var<"z1", 1> z1;
constexpr tg::var<"t1", 1> t1;
constexpr tg::var<"Z11", 1, 1> Z11;
constexpr tg::var<"T11", 1, 1> T11;
constexpr tg::var<"t"> t;

TEST_CASE("tensor edge case 16: bce_with_logits(x = -800, y = 1) = 800, derivative -1", "[tensor][edge][bce]") {
    const std::array<double, 1> z{-800}, target{1};
    check_modes(all_modes(tg::bce_with_logits(z1, t1), z1, z, (t1 = target).no_grad()), 800.0, {-1});
    check_modes(all_modes(tg::bce_with_logits(Z11, T11), Z11, z, (T11 = target).no_grad()), 800.0, {-1});
    // Scalars: the logit and the target as scalar variables, both differentiated
    // (d/dt = -z = 800).
    const auto r = tg::value_and_grad(tg::bce_with_logits(x, t), x = -800.0, t = 1.0);
    TG_CHECK_SAME(r.value, 800.0);
    TG_CHECK_SAME(r.grad[x], -1.0);
    TG_CHECK_SAME(r.grad[t], 800.0);
    TG_CHECK_SAME(tg::eval(tg::bce_with_logits(x, t), x = -800.0, t = 1.0), 800.0);
    // The target's gradient in the tensor form too.
    const auto rt = tg::value_and_grad(tg::bce_with_logits(z1, t1), z1 = z, t1 = target);
    TG_CHECK_SAME(rt.grad[t1](0), 800.0);

    std::array<double, 1> at{-800}, target_at{1};
    check_fd("bce_with_logits(-800, 1)", tg::bce_with_logits(z1, t1), none, in(z1, at), in(t1, target_at));
}

// ---- row 20: the norm of a zero vector ------------------------------------------------------

constexpr tg::var<"u", 3> u;

TEST_CASE("tensor edge case 20: ||0||_2 = 0 with gradient 0 (the subgradient), not NaN", "[tensor][edge][norm]") {
    check_modes(all_modes(tg::norm(u), u, std::array<double, 3>{0, 0, 0}), 0.0, {0, 0, 0});
    check_modes(all_modes(tg::norm(M), M, std::array<double, 4>{0, 0, 0, 0}), 0.0, {0, 0, 0, 0});  // Frobenius
    check_modes(all_modes(tg::norm(u), u, std::array<double, 3>{-0.0, 0, -0.0}), 0.0, {0, 0, 0});
    // The norm of a scalar is abs, whose derivative at 0 is 0 (edge case 18's convention).
    const auto r = tg::value_and_grad(tg::norm(x), x = 0.0);
    TG_CHECK_SAME(r.value, 0.0);
    TG_CHECK_SAME(r.grad[x], 0.0);
    // Composed: a zero upstream and a zero norm (norm(u) * s at s = 0) stay 0; a nonzero
    // upstream through the zero norm is still 0.
    const std::array<double, 3> zero{0, 0, 0};
    const auto rc = tg::value_and_grad(tg::norm(u) * x, u = zero, x = 0.0);
    TG_CHECK_SAME(rc.grad[x], 0.0);
    for (std::size_t i = 0; i < 3; ++i) TG_CHECK_SAME(rc.grad[u](i), 0.0);
    const auto rs = tg::value_and_grad(3.0 * tg::norm(u), u = zero);
    for (std::size_t i = 0; i < 3; ++i) TG_CHECK_SAME(rs.grad[u](i), 0.0);

    // The central difference at 0 is (|h| - |-h|) / 2h = 0 along every axis: the subgradient.
    std::array<double, 3> at{0, 0, 0};
    check_fd("norm at 0", tg::norm(u), none, in(u, at));
    // Away from 0, the gradient is u / ||u||.
    std::array<double, 3> away{0.3, -1.2, 2.0};
    check_fd("norm away from 0", tg::norm(u), none, in(u, away));
}

TEST_CASE("tensor norm: scaled where the sum of squares overflows or underflows", "[tensor][edge][norm]") {
    // 5e200 and 5e-200 (the nearest doubles; 2 ulp for the scaled sum and root) with the
    // gradient a / norm = [0.6, 0.8].
    check_modes(all_modes(tg::norm(v), v, std::array<double, 2>{3e200, 4e200}), 5e200, {0.6, 0.8}, 2);
    check_modes(all_modes(tg::norm(v), v, std::array<double, 2>{3e-200, 4e-200}), 5e-200, {0.6, 0.8}, 2);
    check_modes(all_modes(tg::norm(v), v, std::array<double, 2>{-3e200, 4e200}), 5e200, {-0.6, 0.8}, 2);
    // An infinite component: inf, partial sign(a_i) for it and 0 for the finite ones (no NaN).
    check_modes(all_modes(tg::norm(v), v, std::array<double, 2>{inf_v, 0.0}), inf_v, {1.0, 0.0});
    check_modes(all_modes(tg::norm(v), v, std::array<double, 2>{-inf_v, 2.0}), inf_v, {-1.0, 0.0});
    // Ordinary inputs: sqrt of the plain sum of squares, bit for bit. The squares are separate
    // statements: clang may contract a * a + b * b in one expression into a fused multiply-add
    // (-ffp-contract=on), which the sweep's loop does not do.
    const std::array<double, 2> ordinary{0.3, -1.2};
    const double square0 = ordinary[0] * ordinary[0];
    const double square1 = ordinary[1] * ordinary[1];
    CHECK(tg::eval(tg::norm(v), v = ordinary) == std::sqrt(square0 + square1));
    const std::array<double, 2> tiny{1e-160, 3e-170};  // a sum of squares of 1e-320: subnormal, scaled
    CHECK(tg::eval(tg::norm(v), v = tiny) == 1e-160);
}

// ---- constant evaluation -------------------------------------------------------------------

/// value and gradient of f at V = values, at compile time when called in a constant expression.
template <class F, class V, std::size_t N, class... Extras>
constexpr std::array<double, N + 1> value_and_grad_array(const F& f, V var, std::array<double, N> values,
                                                         const Extras&... extras) {
    const auto r = tg::value_and_grad(f, var = values, extras...);
    std::array<double, N + 1> out{r.value};
    for (std::size_t i = 0; i < N; ++i) out[i + 1] = r.grad[var][i];
    return out;
}

constexpr std::array<int, 1> ct_label1{1};
constexpr std::array<int, 1> ct_label0{0};
constexpr std::array<double, 1> ct_target{1};

TEST_CASE("tensor edge cases 1-5, 14-16, 20 at compile time", "[tensor][edge][constexpr]") {
    constexpr auto row1 = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{1000, 1000});
    constexpr auto row2 = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{-1000, -1000});
    constexpr auto row3 = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{1000, 0});
    constexpr auto row14 = value_and_grad_array(tg::sum(tg::log_softmax(R)), R, std::array<double, 2>{1000, 0});
    constexpr auto row15a =
        value_and_grad_array(tg::softmax_cross_entropy(v, y), v, std::array<double, 2>{1000, 0}, y = ct_label1);
    constexpr auto row15b =
        value_and_grad_array(tg::softmax_cross_entropy(v, y), v, std::array<double, 2>{1000, 0}, y = ct_label0);
    constexpr auto row16 =
        value_and_grad_array(tg::bce_with_logits(z1, t1), z1, std::array<double, 1>{-800}, (t1 = ct_target).no_grad());
    constexpr auto row20 = value_and_grad_array(tg::norm(u), u, std::array<double, 3>{0, 0, 0});

    constexpr auto row4 = [] {
        const auto r = tg::value_and_grad(tg::logsumexp(x, x), x = 1e50);
        return std::array<double, 2>{r.value, r.grad[x]};
    }();
    constexpr auto row5a = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{-inf_v, -inf_v});
    constexpr auto row5b = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{0, -inf_v});

    // The table's numbers, exactly (as at run time).
    STATIC_REQUIRE(row1[0] == 1000.6931471805599);
    STATIC_REQUIRE(row1[1] == 0.5);
    STATIC_REQUIRE(row1[2] == 0.5);
    STATIC_REQUIRE(row2[0] == -999.3068528194401);
    STATIC_REQUIRE(row2[1] == 0.5);
    STATIC_REQUIRE(row2[2] == 0.5);
    STATIC_REQUIRE(row3[0] == 1000);
    STATIC_REQUIRE(row3[1] == 1);
    STATIC_REQUIRE(row3[2] == 0);
    STATIC_REQUIRE(row4[0] == 1e50);
    STATIC_REQUIRE(row4[1] == 1);
    STATIC_REQUIRE(row5a[0] == -inf_v);
    STATIC_REQUIRE(row5a[1] == 0.5);
    STATIC_REQUIRE(row5a[2] == 0.5);
    STATIC_REQUIRE(row5b[0] == 0);
    STATIC_REQUIRE(row5b[1] == 1);
    STATIC_REQUIRE(row5b[2] == 0);
    STATIC_REQUIRE(row14[0] == -1000);
    STATIC_REQUIRE(row14[1] == -1);
    STATIC_REQUIRE(row14[2] == 1);
    STATIC_REQUIRE(row15a[0] == 1000);
    STATIC_REQUIRE(row15a[1] == 1);
    STATIC_REQUIRE(row15a[2] == -1);
    STATIC_REQUIRE(row15b[0] == 0);
    STATIC_REQUIRE(row15b[1] == 0);
    STATIC_REQUIRE(row15b[2] == 0);
    STATIC_REQUIRE(row16[0] == 800);
    STATIC_REQUIRE(row16[1] == -1);
    STATIC_REQUIRE(row20[0] == 0);
    STATIC_REQUIRE(row20[1] == 0);
    STATIC_REQUIRE(row20[2] == 0);
    STATIC_REQUIRE(row20[3] == 0);

    // The same numbers at run time, bit for bit.
    const auto run1 = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{1000, 1000});
    const auto run2 = value_and_grad_array(tg::logsumexp(v), v, std::array<double, 2>{-1000, -1000});
    for (std::size_t i = 0; i < 3; ++i) {
        TG_CHECK_SAME(row1[i], run1[i]);
        TG_CHECK_SAME(row2[i], run2[i]);
    }
}

}  // namespace

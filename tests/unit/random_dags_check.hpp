// Random DAG expressions in every mode against mpmath: tests/data/random_dags.inc, generated
// by scripts/reference/random_dags.py from a fixed list of seeds, holds 48 expressions over
// x, y, z (ops + - * /, negation, exp, log, sqrt, sin, cos, tanh, sigmoid, softplus, pow,
// log1p, expm1, atan, hypot; shared subexpressions; depth up to 5 before the unused nodes
// join the result) and, at 3 points each with |x|, |y|, |z| <= 3, the value, the gradient and
// the Hessian, exact to 60 digits and rounded once.
//
// Every mode is checked against each row:
//   value:  eval, value_and_grad().value, jvp().value, forward_value_and_grad().value
//   first:  value_and_grad (reverse), jvp per direction (forward), forward_value_and_grad,
//           eval(derivative) (symbolic), for each of x, y, z
//   second: the 9 entries of tg::hessian
//
// Tolerance: 32 ulp of the reference for every quantity (NaN == NaN, infinities exact, +0 ==
// -0). The generator keeps only rows that are well conditioned: recomputing the row with
// every node's value, gradient and Hessian and every local partial derivative of every rule
// perturbed by a relative 2 u (one rounding plus one ulp of a libm call) moves no result by more than 8 ulp. A double computation rounds a few
// times per node in each rule, which that model covers within a small factor, so 32 ulp (4x
// the model's bound) holds for correct rules; a wrong rule (a sign, a lost term, a factor)
// misses by far more, and a rule that cancels at these inputs by more than 4x.
#pragma once

#include "test_helpers.hpp"

#include <cstdint>
#include <iterator>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

struct dag_row {
    int expr;
    double x, y, z, value, dx, dy, dz, dxx, dxy, dxz, dyy, dyz, dzz;
};

#define TG_DAG_EXPR(id, ...)
#define TG_DAG_ROW(id, ...) {id, __VA_ARGS__},
constexpr dag_row dag_rows[] = {
#include "../data/random_dags.inc"
};
#undef TG_DAG_EXPR
#undef TG_DAG_ROW

constexpr std::uint64_t dag_ulps = 32;

constexpr tg::var<"x"> var_x;
constexpr tg::var<"y"> var_y;
constexpr tg::var<"z"> var_z;

/// h[i][j] by tg::hessian against the reference's 6 entries (both orders of a mixed entry).
void check_hessian(const double (&h)[3][3], const dag_row& r) {
    const double expected[3][3] = {{r.dxx, r.dxy, r.dxz}, {r.dxy, r.dyy, r.dyz}, {r.dxz, r.dyz, r.dzz}};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            INFO("hessian entry "
                 << "xyz"[i] << "xyz"[j]);
            TG_CHECK_ULP(h[i][j], expected[i][j], dag_ulps);
        }
}

/// Checks f = make(x, y, z) against every row of expression `id`; returns the number of rows.
template <class Make>
int check_dag(int id, const char* text, Make make) {
    const auto f = make(var_x, var_y, var_z);
    int rows = 0;
    for (const auto& r : dag_rows) {
        if (r.expr != id) continue;
        ++rows;
        // Read through volatile: the inputs are run-time values, nothing is constant-folded
        // (clang may contract a * b + c in folded code).
        volatile double in[3] = {r.x, r.y, r.z};
        const auto env = tg::at(var_x = in[0], var_y = in[1], var_z = in[2]);
        INFO("expression " << id << ": " << text << " at x = " << show(r.x) << ", y = " << show(r.y)
                           << ", z = " << show(r.z));
        check_first_order(all_first_order(f, var_x, env), r.value, r.dx, dag_ulps);
        check_first_order(all_first_order(f, var_y, env), r.value, r.dy, dag_ulps);
        check_first_order(all_first_order(f, var_z, env), r.value, r.dz, dag_ulps);
        const auto H = call::hessian(f, env);
        const double h[3][3] = {{static_cast<double>(H[var_x][var_x]), static_cast<double>(H[var_x][var_y]),
                                 static_cast<double>(H[var_x][var_z])},
                                {static_cast<double>(H[var_y][var_x]), static_cast<double>(H[var_y][var_y]),
                                 static_cast<double>(H[var_y][var_z])},
                                {static_cast<double>(H[var_z][var_x]), static_cast<double>(H[var_z][var_y]),
                                 static_cast<double>(H[var_z][var_z])}};
        check_hessian(h, r);
    }
    return rows;
}

/// Expression Id, checked in the translation unit whose Part is Id % 2 (two units halve the
/// compile time of each); the generic lambda of another part is never instantiated.
template <int Part, int Id, class Make>
int check_dag_in_part(const char* text, Make make) {
    if constexpr (Id % 2 == Part)
        return check_dag(Id, text, make);
    else
        return 0;
}

/// The number of rows of the expressions of one part.
constexpr int rows_of_part(int part) {
    int n = 0;
    for (const auto& r : dag_rows)
        if (r.expr % 2 == part) ++n;
    return n;
}

}  // namespace

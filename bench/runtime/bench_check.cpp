/// @file The differential check run before any timing (ctest: bench.differential_check).
///
/// For every problem and size: every contender's value (and gradient, or tangent) at several
/// input points must match the reference, typegrad's reverse mode where it covers the
/// problem, else the hand-written gradient, to relative 1e-10:
///   value:    |v - v_ref| <= 1e-10 |v_ref|
///   gradient: max_i |g_i - g_ref_i| <= 1e-10 max_i |g_ref_i|   (normwise, so that entries
///             that cancel to ~0 are not judged by their own size)
///   tangent:  |t - sum_i g_ref_i d_i| <= 1e-10 sum_i |g_ref_i d_i|   (d = tangent_direction)
/// The points are `base`, `alt`, a mix of the two, and `base` again; the repeat and the
/// switches exercise ADOL-C's steady tape away from the point where it was recorded.
/// The references are themselves checked: the hand-written gradient against central finite
/// differences of plain f, and the seed problems (S1) against the worked examples.
///
/// Exits 1 on any mismatch. `--only PROBLEM` restricts the run to one problem id.
#include "contenders.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace tgb;

constexpr double kTol = 1e-10;
constexpr double kExactTol = 1e-12;  // worked examples: exact to double rounding
constexpr double kFdTol = 1e-6;

int passed = 0, failed = 0;

void verdict(bool ok, const char* what, const std::string& where, double err, double tol) {
    (ok ? passed : failed)++;
    std::printf("%-5s %-14s %-28s err %.2e (tol %.0e)\n", ok ? "ok" : "FAIL", what, where.c_str(), err, tol);
}

double rel_err(double v, double ref) {
    if (v == ref) return 0.0;
    return std::abs(v - ref) / std::max(std::abs(ref), 1e-300);
}

double tangent_err(double t, const std::vector<double>& ref) {
    double dot = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        dot += ref[i] * tangent_direction(int(i));
        scale += std::abs(ref[i] * tangent_direction(int(i)));
    }
    const double d = std::abs(t - dot);
    if (std::isnan(d)) return INFINITY;
    return d == 0.0 ? 0.0 : d / std::max(scale, 1e-300);
}

double grad_err(const std::vector<double>& g, const std::vector<double>& ref) {
    double num = 0.0, den = 0.0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double d = std::abs(g[i] - ref[i]);
        num = std::isnan(d) ? INFINITY : std::max(num, d);
        den = std::max(den, std::abs(ref[i]));
    }
    return num == 0.0 ? 0.0 : num / std::max(den, 1e-300);
}

std::vector<std::vector<double>> points(const Instance& in) {
    std::vector<double> mix(in.n);
    for (std::size_t i = 0; i < in.n; ++i) mix[i] = (i % 2) ? in.alt[i] : in.base[i];
    return {in.base, in.alt, mix, in.base};
}

/// The worked examples of the seeds (worked_examples.md #1, #2, #4) at the base points.
bool worked_example(Pid p, double& value, std::vector<double>& grad) {
    switch (p) {
        case Pid::S1a:
            value = -12.0;
            grad = {-4.0, -4.0, 3.0};
            return true;
        case Pid::S1b:
            value = 0.7310585786300049;
            grad = {-0.19661193324148185, 0.3932238664829637, -0.3932238664829637, -0.5898357997244456,
                    0.19661193324148185};
            return true;
        case Pid::S1c:
            value = 270.0;
            grad = {27.0, 297.0};
            return true;
        default:
            return false;
    }
}

/// Central differences of plain f on up to 24 coordinates (spread over the input).
void check_fd(const Instance& in, const std::string& where) {
    auto plain = make_plain(in);
    auto hand = make_hand(in);
    std::vector<double> x = in.alt, g(in.n);
    const double f = hand->run(x.data(), g.data());
    double gmax = 0.0;
    for (double e : g) gmax = std::max(gmax, std::abs(e));
    const std::size_t count = std::min<std::size_t>(in.n, 24);
    double worst = 0.0;
    for (std::size_t c = 0; c < count; ++c) {
        const std::size_t j = count == 1 ? 0 : c * (in.n - 1) / (count - 1);
        const double h = 1e-5 * std::max(1.0, std::abs(x[j]));
        const double xj = x[j];
        x[j] = xj + h;
        const double fp = plain->run(x.data(), nullptr);
        x[j] = xj - h;
        const double fm = plain->run(x.data(), nullptr);
        x[j] = xj;
        const double fd = (fp - fm) / (2 * h);
        const double scale = gmax + 1.0 + 1e-15 * std::abs(f) / h / kFdTol;
        worst = std::max(worst, std::abs(fd - g[j]) / scale);
    }
    verdict(worst <= kFdTol, "hand~fin.diff", where, worst, kFdTol);
}

void check_instance(Pid p, int size) {
    const Instance& in = instance(p, size);
    const std::string where = std::string(info(p).id) + "/" + std::to_string(size);
    const Contender* ref = find_contender("typegrad_rev");
    if (!ref || !ref->supports(p, size)) ref = find_contender("hand");
    const auto pts = points(in);
    std::vector<double> ref_v(pts.size());
    std::vector<std::vector<double>> ref_g(pts.size(), std::vector<double>(in.n));
    {
        auto k = ref->make(in);
        for (std::size_t i = 0; i < pts.size(); ++i) ref_v[i] = k->run(pts[i].data(), ref_g[i].data());
    }
    std::printf("--- %s (%s, %zu inputs), reference: %s\n", where.c_str(), info(p).title, in.n, ref->name.c_str());

    double wv = 0.0;
    std::vector<double> wg;
    if (worked_example(p, wv, wg)) {
        const double e = std::max(rel_err(ref_v[0], wv), grad_err(ref_g[0], wg));
        verdict(e <= kExactTol, ("ref~worked"), where, e, kExactTol);
    }
    check_fd(in, where);

    for (const Contender& c : contenders()) {
        if (&c == ref || !c.supports(p, size)) continue;
        auto k = c.make(in);
        double worst = 0.0;
        std::vector<double> g(in.n);
        for (std::size_t i = 0; i < pts.size(); ++i) {
            std::fill(g.begin(), g.end(), NAN);
            const double v = k->run(pts[i].data(), g.data());
            double e = rel_err(v, ref_v[i]);
            if (c.output == Output::gradient) e = std::max(e, grad_err(g, ref_g[i]));
            if (c.output == Output::tangent) e = std::max(e, tangent_err(g[0], ref_g[i]));
            if (std::isnan(e)) e = INFINITY;
            worst = std::max(worst, e);
        }
        verdict(worst <= kTol, c.name.c_str(), where, worst, kTol);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const char* only = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else {
            std::fprintf(stderr, "usage: %s [--only PROBLEM]\n", argv[0]);
            return 2;
        }
    }
    std::printf("contenders:");
    for (const Contender& c : contenders()) std::printf(" %s", c.name.c_str());
    std::printf("\n");
    for (const ProblemInfo& pi : problems()) {
        if (only && std::strcmp(only, pi.id) != 0) continue;
        for (int size : pi.sizes) check_instance(pi.pid, size);
    }
    std::printf("\nbench_check: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

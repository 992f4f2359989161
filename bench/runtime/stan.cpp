/// @file Contender "stan": Stan Math 2.21 reverse mode, stan::math::gradient with a functor.
/// Compiled as C++17 into its own shared library (see stan_api.hpp for why).
///
/// Scalar problems (S1-S3, N2) instantiate the same f as everyone else (problems.hpp) with
/// stan::math::var. Vector problems use Stan's own vectorized functions, as a Stan user
/// (and ADBenchmark) writes them: sum, log_sum_exp, normal_lpdf, multiply, inv_logit, ...
/// Stan builds its expression graph on every call by nature: there is no "steady" protocol.
#include <stan/math.hpp>

#include "stan_api.hpp"

#include <algorithm>
#include <vector>

namespace tgb {

using stan::math::var;
using VarVec = Eigen::Matrix<var, Eigen::Dynamic, 1>;
using VarMat = Eigen::Matrix<var, Eigen::Dynamic, Eigen::Dynamic>;
using RowMatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <>
struct Ops<var> {
    static var max(const var& a, const var& b) { return stan::math::fmax(a, b); }
};

namespace {

/// A row-major n x m block of x (starting at offset) as a matrix of var (copies pointers).
VarMat var_matrix(const VarVec& x, Eigen::Index offset, Eigen::Index rows, Eigen::Index cols) {
    VarMat M(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
        for (Eigen::Index j = 0; j < cols; ++j) M(i, j) = x(offset + i * cols + j);
    return M;
}

template <Pid P>
struct StanF {
    const Instance& in;
    Eigen::MatrixXd X, Y;  // V5: X (1000 x p), y (1000 x 1); N1: X (64 x 1000), Y (64 x 10)
    mutable std::vector<var> scratch;

    explicit StanF(const Instance& instance) : in(instance), scratch(scratch_size(P, instance.size)) {
        if constexpr (P == Pid::V5) {
            X = Eigen::Map<const RowMatD>(in.X.data(), kV5N, in.size);
            Y = Eigen::Map<const Eigen::VectorXd>(in.y.data(), kV5N);
        } else if constexpr (P == Pid::N1) {
            X = Eigen::Map<const RowMatD>(in.X.data(), kN1N, kN1Din);
            Y = Eigen::Map<const RowMatD>(in.y.data(), kN1N, kN1Dout);
        }
    }

    var operator()(const VarVec& x) const {
        using namespace stan::math;
        const int n = in.size;
        if constexpr (P == Pid::V1) {
            return sum(x);
        } else if constexpr (P == Pid::V2) {
            return log_sum_exp(x);
        } else if constexpr (P == Pid::V3) {
            // normal_lpdf includes -N log(sqrt(2 pi)); the benchmark's f does not.
            return normal_lpdf(x, kV3Mu, kV3Sigma) + n * kHalfLog2Pi;
        } else if constexpr (P == Pid::V3b) {
            const VarVec y = x.head(n);
            return normal_lpdf(y, x(n), x(n + 1)) + n * kHalfLog2Pi;
        } else if constexpr (P == Pid::V4) {
            return sum(multiply(var_matrix(x, 0, n, n), var_matrix(x, n * n, n, n)));
        } else if constexpr (P == Pid::V5) {
            const VarVec w = x.head(n);
            const var& b = x(n);
            const var& sigma = x(n + 1);
            const Eigen::VectorXd y = Y.col(0);
            return normal_lpdf(y, add(multiply(X, w), b), sigma) + normal_lpdf(w, 0, 1) + normal_lpdf(b, 0, 1) +
                   uniform_lpdf(sigma, kV5SigmaLo, kV5SigmaHi);
        } else if constexpr (P == Pid::N1) {
            const VarMat H = inv_logit(multiply(X, var_matrix(x, 0, kN1Din, kN1H)));
            const VarMat D = subtract(multiply(H, var_matrix(x, kN1Din * kN1H, kN1H, kN1Dout)), Y);
            return sum(square(D));
        } else {
            return eval<P, var>(x.data(), in, scratch.data());
        }
    }
};

template <Pid P>
class StanKernel final : public Kernel {
public:
    explicit StanKernel(const Instance& in) : f_(in), x_(in.n), grad_(in.n) {}
    double run(const double* x, double* g) override {
        std::copy(x, x + x_.size(), x_.data());
        double fx = 0.0;
        stan::math::gradient(f_, x_, fx, grad_);
        std::copy(grad_.data(), grad_.data() + grad_.size(), g);
        return fx;
    }

private:
    StanF<P> f_;
    Eigen::VectorXd x_, grad_;
};

}  // namespace

bool stan_supports(Pid, int) { return true; }

Kernel* stan_make(const Instance& in) {
    return dispatch(in.pid, [&](auto p) -> Kernel* { return new StanKernel<decltype(p)::value>(in); });
}

}  // namespace tgb

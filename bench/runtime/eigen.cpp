/// @file Contenders "eigen" and "eigen_f": the matrix-kernel problems (V4, V5, N1) written with
/// Eigen 3.4 (the system libeigen3-dev): eigen_f is f alone (what a tuned gemm/gemv costs,
/// next to the plain loops), eigen is value plus the hand-derived gradient formulas in Eigen.
#include "contenders.hpp"

#include <Eigen/Dense>

#include <cmath>

namespace tgb {
namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using CMap = Eigen::Map<const RowMat>;
using Map = Eigen::Map<RowMat>;
using CVec = Eigen::Map<const Eigen::VectorXd>;
using Vec = Eigen::Map<Eigen::VectorXd>;

class EigenV4 final : public Kernel {
public:
    EigenV4(const Instance& in, bool grad) : n_(in.size), grad_(grad), C_(n_, n_) {}
    double run(const double* x, double* g) override {
        const CMap A(x, n_, n_), B(x + n_ * n_, n_, n_);
        C_.noalias() = A * B;
        const double f = C_.sum();
        if (grad_) {
            Map gA(g, n_, n_), gB(g + n_ * n_, n_, n_);
            gA.rowwise() = B.rowwise().sum().transpose();  // 1 (B 1)^T
            gB.colwise() = A.colwise().sum().transpose();  // (A^T 1) 1^T
        }
        return f;
    }

private:
    Eigen::Index n_;
    bool grad_;
    RowMat C_;
};

class EigenV5 final : public Kernel {
public:
    EigenV5(const Instance& in, bool grad)
        : p_(in.size), grad_(grad), X_(in.X.data(), kV5N, p_), y_(in.y.data(), kV5N), d_(kV5N) {}
    double run(const double* x, double* g) override {
        const CVec w(x, p_);
        const double b = x[p_], sigma = x[p_ + 1];
        if (!(sigma > kV5SigmaLo && sigma < kV5SigmaHi)) {
            if (grad_) Vec(g, p_ + 2).setZero();
            return -std::numeric_limits<double>::infinity();
        }
        d_.noalias() = y_ - X_ * w;
        d_.array() -= b;
        const double acc = d_.squaredNorm();
        const double inv2 = 1.0 / (sigma * sigma);
        const double f = -0.5 * acc * inv2 - kV5N * std::log(sigma) - kV5N * kHalfLog2Pi - 0.5 * w.squaredNorm() -
                         0.5 * b * b - double(p_ + 1) * kHalfLog2Pi - std::log(kV5SigmaHi - kV5SigmaLo);
        if (grad_) {
            Vec gw(g, p_);
            gw.noalias() = inv2 * (X_.transpose() * d_);
            gw -= w;
            g[p_] = d_.sum() * inv2 - b;
            g[p_ + 1] = acc * inv2 / sigma - kV5N / sigma;
        }
        return f;
    }

private:
    Eigen::Index p_;
    bool grad_;
    CMap X_;
    CVec y_;
    Eigen::VectorXd d_;
};

class EigenN1 final : public Kernel {
public:
    EigenN1(const Instance& in, bool grad)
        : grad_(grad),
          X_(in.X.data(), kN1N, kN1Din),
          Y_(in.y.data(), kN1N, kN1Dout),
          H_(kN1N, kN1H),
          D_(kN1N, kN1Dout),
          G_(kN1N, kN1H) {}
    double run(const double* x, double* g) override {
        const CMap W1(x, kN1Din, kN1H), W2(x + kN1Din * kN1H, kN1H, kN1Dout);
        H_.noalias() = X_ * W1;
        H_ = (1.0 + (-H_.array()).exp()).inverse().matrix();
        D_.noalias() = H_ * W2;
        D_ -= Y_;
        const double loss = D_.squaredNorm();
        if (grad_) {
            Map gW1(g, kN1Din, kN1H), gW2(g + kN1Din * kN1H, kN1H, kN1Dout);
            D_ *= 2.0;  // adjoint of y_pred
            gW2.noalias() = H_.transpose() * D_;
            G_.noalias() = D_ * W2.transpose();
            G_.array() *= H_.array() * (1.0 - H_.array());
            gW1.noalias() = X_.transpose() * G_;
        }
        return loss;
    }

private:
    bool grad_;
    CMap X_, Y_;
    RowMat H_, D_, G_;
};

}  // namespace

bool eigen_supports(Pid p) { return p == Pid::V4 || p == Pid::V5 || p == Pid::N1; }

std::unique_ptr<Kernel> make_eigen(const Instance& in, bool gradient) {
    switch (in.pid) {
        case Pid::V4:
            return std::make_unique<EigenV4>(in, gradient);
        case Pid::V5:
            return std::make_unique<EigenV5>(in, gradient);
        case Pid::N1:
            return std::make_unique<EigenN1>(in, gradient);
        default:
            return nullptr;
    }
}

}  // namespace tgb

/// @file Contender "hand": the gradient written by hand as the seeds' "flat code": a forward
/// pass computing and keeping the intermediate values, then a backward pass accumulating
/// adjoints, exploiting what a person would (an adjoint of all ones is not multiplied).
/// It is the reference of the correctness check until typegrad covers a problem.
#include "contenders.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tgb {
namespace {

double hand_S1a(const double* x, double* g) {
    const double q = x[0] + x[1];
    const double f = q * x[2];
    g[0] = x[2];  // add distributes, mul swaps
    g[1] = x[2];
    g[2] = q;
    return f;
}

double hand_S1b(const double* x, double* g) {  // x = [w0, x0, w1, x1, w2]
    const double s = x[0] * x[1] + x[2] * x[3] + x[4];
    const double f = 1.0 / (1.0 + std::exp(-s));
    const double ds = f * (1.0 - f);  // sigmoid' = (1 - sigmoid) sigmoid
    g[0] = ds * x[1];
    g[1] = ds * x[0];
    g[2] = ds * x[3];
    g[3] = ds * x[2];
    g[4] = ds;
    return f;
}

double hand_S1c(const double* x, double* g) {  // (a+b)*b^3: b is used twice, adjoints add
    const double q = x[0] + x[1];
    const double b2 = x[1] * x[1];
    const double b3 = b2 * x[1];
    g[0] = b3;
    g[1] = b3 + q * 3.0 * b2;
    return q * b3;
}

/// Forward: all minors M[S], as f_S2 (straight-line for the fixed L). Backward: masks in
/// decreasing order, so an adjoint gM[S] is complete (all supersets done) before it is
/// pushed to a and to the smaller minors. Everything indexed at compile time.
template <int L, unsigned S, int J>
void s2_adjoint_term(const double* a, const double* M, double* ga, double* gM) {
    if constexpr ((S >> J) & 1u) {
        constexpr int r = L - __builtin_popcount(S);
        constexpr double sign = __builtin_popcount(S & ((1u << J) - 1)) % 2 == 0 ? 1.0 : -1.0;
        constexpr unsigned sub = S ^ (1u << J);
        const double gm = sign * gM[S];
        ga[r * L + J] += M[sub] * gm;
        if constexpr (sub != 0) gM[sub] += a[r * L + J] * gm;
    }
}
template <int L, unsigned S, int... J>
void s2_adjoint(const double* a, const double* M, double* ga, double* gM, std::integer_sequence<int, J...>) {
    (s2_adjoint_term<L, S, J>(a, M, ga, gM), ...);
}
template <int L, unsigned... K>
void s2_backward(const double* a, const double* M, double* ga, double* gM, std::integer_sequence<unsigned, K...>) {
    // K = 0, 1, ...: masks full - K, i.e. decreasing.
    (s2_adjoint<L, (1u << L) - 1 - K>(a, M, ga, gM, std::make_integer_sequence<int, L>{}), ...);
}

template <int L>
double hand_S2(const double* a, double* g) {
    constexpr unsigned full = (1u << L) - 1;
    double M[1u << L];
    M[0] = 1.0;
    detail::s2_all<L>(a, M, std::make_integer_sequence<unsigned, full>{});
    double gM[1u << L] = {};
    double ga[L * L] = {};
    gM[full] = 1.0;
    s2_backward<L>(a, M, ga, gM, std::make_integer_sequence<unsigned, full>{});
    for (int i = 0; i < L * L; ++i) g[i] = ga[i];
    return M[full];
}

double hand_S2(const double* a, double* g, int l) {
    switch (l) {
        case 3:
            return hand_S2<3>(a, g);
        case 4:
            return hand_S2<4>(a, g);
        default:
            return hand_S2<5>(a, g);
    }
}

/// r_i = s_i - p(t_i); f = 0.5 sum r_i^2; df/dx_j = -sum_i r_i t_i^j. One pass over the
/// points, the gradient accumulated in locals (registers), stored once; the fixed-length
/// loops unrolled (as in f_S3).
double hand_S3(const double* x, double* g, const double* t, const double* s) {
    double acc = 0.0;
    double gl[kS3M] = {};
    for (int i = 0; i < kS3N; ++i) {
        double p = x[kS3M - 1];
#pragma GCC unroll 16
        for (int j = kS3M - 2; j >= 0; --j) p = p * t[i] + x[j];
        const double r = s[i] - p;
        acc += r * r;
        double tp = r;
#pragma GCC unroll 16
        for (int j = 0; j < kS3M; ++j) {
            gl[j] -= tp;
            tp *= t[i];
        }
    }
    for (int j = 0; j < kS3M; ++j) g[j] = gl[j];
    return 0.5 * acc;
}

double hand_V1(const double* x, double* g, int n) {
    double acc = 0.0;
    for (int i = 0; i < n; ++i) acc += x[i];
    std::fill(g, g + n, 1.0);
    return acc;
}

/// f = m + log sum exp(x_i - m), m = max x; gradient softmax(x) (g holds the exps first).
double hand_V2(const double* x, double* g, int n) {
    double m = x[0];
    for (int i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
    double s = 0.0;
    for (int i = 0; i < n; ++i) {
        g[i] = std::exp(x[i] - m);
        s += g[i];
    }
    const double inv = 1.0 / s;
    for (int i = 0; i < n; ++i) g[i] *= inv;
    return m + std::log(s);
}

/// z_i = (y_i - mu)/sigma; f = -0.5 sum z_i^2 - N log sigma; df/dy_i = -z_i / sigma;
/// with mu, sigma as inputs also df/dmu = sum z_i / sigma, df/dsigma = (sum z_i^2 - N) / sigma.
double hand_V3(const double* y, double* g, int n, double mu, double sigma, bool params) {
    const double inv = 1.0 / sigma;
    double acc = 0.0, zsum = 0.0;
    for (int i = 0; i < n; ++i) {
        const double z = (y[i] - mu) * inv;
        acc += z * z;
        zsum += z;
        g[i] = -z * inv;
    }
    if (params) {
        g[n] = zsum * inv;
        g[n + 1] = (acc - n) * inv;
    }
    return -0.5 * acc - n * std::log(sigma);
}

/// Forward forms A B: the same code as plain f (f_V4). Backward: the adjoint of A B is the
/// all-ones matrix, so grad_A = 1 (B 1)^T (every row = row sums of B), grad_B = (A^T 1) 1^T.
double hand_V4(const double* x, double* g, int n, double* row) {
    const double* A = x;
    const double* B = x + n * n;
    const double acc = f_V4(x, n, row);
    double* gA = g;
    double* gB = g + n * n;
    for (int k = 0; k < n; ++k) {  // row sums of B into the first row of grad_A
        double s = 0.0;
        for (int j = 0; j < n; ++j) s += B[k * n + j];
        gA[k] = s;
    }
    for (int i = 1; i < n; ++i) std::copy(gA, gA + n, gA + i * n);
    for (int k = 0; k < n; ++k) gB[k * n] = A[k];  // column sums of A, one per row of grad_B
    for (int i = 1; i < n; ++i)
        for (int k = 0; k < n; ++k) gB[k * n] += A[i * n + k];
    for (int k = 0; k < n; ++k) std::fill(gB + k * n + 1, gB + (k + 1) * n, gB[k * n]);
    return acc;
}

/// d_i = y_i - (X w + b)_i; e = d / sigma^2 is the adjoint of mu; grad_w = X^T e - w,
/// grad_b = sum e - b, grad_sigma = sum d^2 / sigma^3 - N / sigma.
double hand_V5(const double* x, double* g, int p, const double* X, const double* y, double* d) {
    const double b = x[p];
    const double sigma = x[p + 1];
    if (!(sigma > kV5SigmaLo && sigma < kV5SigmaHi)) {
        std::fill(g, g + p + 2, 0.0);
        return -std::numeric_limits<double>::infinity();
    }
    double acc = 0.0;
    for (int i = 0; i < kV5N; ++i) {
        double mu = b;
        for (int j = 0; j < p; ++j) mu += X[i * p + j] * x[j];
        d[i] = y[i] - mu;
        acc += d[i] * d[i];
    }
    double wsq = 0.0;
    for (int j = 0; j < p; ++j) wsq += x[j] * x[j];
    const double inv2 = 1.0 / (sigma * sigma);
    const double f = -0.5 * acc * inv2 - kV5N * std::log(sigma) - kV5N * kHalfLog2Pi - 0.5 * wsq - 0.5 * b * b -
                     (p + 1) * kHalfLog2Pi - std::log(kV5SigmaHi - kV5SigmaLo);
    for (int j = 0; j < p; ++j) g[j] = -x[j];
    double esum = 0.0;
    for (int i = 0; i < kV5N; ++i) {
        const double e = d[i] * inv2;
        esum += e;
        for (int j = 0; j < p; ++j) g[j] += X[i * p + j] * e;
    }
    g[p] = esum - b;
    g[p + 1] = acc * inv2 / sigma - kV5N / sigma;
    return f;
}

/// The seeds' training-step gradient: h = sigmoid(x W1), yp = h W2, loss = sum (yp - y)^2;
/// gyp = 2 (yp - y); gW2 = h^T gyp; gh = gyp W2^T; gz = gh * h * (1 - h); gW1 = x^T gz.
double hand_N1(const double* w, double* g, const double* X, const double* Y, double* Hs, double* Gz) {
    const double* W1 = w;
    const double* W2 = w + kN1Din * kN1H;
    double* gW1 = g;
    double* gW2 = g + kN1Din * kN1H;
    double loss = 0.0;
    std::fill(gW2, gW2 + kN1H * kN1Dout, 0.0);
    for (int n = 0; n < kN1N; ++n) {
        const double* xr = X + n * kN1Din;
        double* h = Hs + n * kN1H;
        for (int j = 0; j < kN1H; ++j) h[j] = xr[0] * W1[j];
        for (int k = 1; k < kN1Din; ++k) {
            const double a = xr[k];
            for (int j = 0; j < kN1H; ++j) h[j] += a * W1[k * kN1H + j];
        }
        for (int j = 0; j < kN1H; ++j) h[j] = 1.0 / (1.0 + std::exp(-h[j]));
        double gyp[kN1Dout];
        for (int o = 0; o < kN1Dout; ++o) {
            double yp = h[0] * W2[o];
            for (int j = 1; j < kN1H; ++j) yp += h[j] * W2[j * kN1Dout + o];
            const double d = yp - Y[n * kN1Dout + o];
            loss += d * d;
            gyp[o] = 2.0 * d;
        }
        double* gz = Gz + n * kN1H;
        for (int j = 0; j < kN1H; ++j) {
            double gh = 0.0;
            for (int o = 0; o < kN1Dout; ++o) {
                gW2[j * kN1Dout + o] += h[j] * gyp[o];
                gh += gyp[o] * W2[j * kN1Dout + o];
            }
            gz[j] = gh * h[j] * (1.0 - h[j]);
        }
    }
    // gW1 = x^T gz, row k of gW1 accumulated over the batch (an axpy per sample).
    for (int k = 0; k < kN1Din; ++k) {
        double* gr = gW1 + k * kN1H;
        const double a0 = X[k];
        for (int j = 0; j < kN1H; ++j) gr[j] = a0 * Gz[j];
        for (int n = 1; n < kN1N; ++n) {
            const double a = X[n * kN1Din + k];
            const double* gz = Gz + n * kN1H;
            for (int j = 0; j < kN1H; ++j) gr[j] += a * gz[j];
        }
    }
    return loss;
}

/// ReLU routes the upstream gradient only where its input is positive (0 at the kink).
double hand_N2(const double* q, double* g) {
    std::fill(g, g + 9, 0.0);
    double loss = 0.0;
    for (int k = 0; k < 4; ++k) {
        const double p0 = kN2P[k][0], p1 = kN2P[k][1];
        const double z0 = p0 * q[0] + p1 * q[2] + q[4];
        const double z1 = p0 * q[1] + p1 * q[3] + q[5];
        const double h0 = z0 > 0.0 ? z0 : 0.0;
        const double h1 = z1 > 0.0 ? z1 : 0.0;
        const double d = h0 * q[6] + h1 * q[7] + q[8] - kN2T[k];
        loss += d * d;
        const double gy = 2.0 * d;
        g[6] += gy * h0;
        g[7] += gy * h1;
        g[8] += gy;
        const double gz0 = z0 > 0.0 ? gy * q[6] : 0.0;
        const double gz1 = z1 > 0.0 ? gy * q[7] : 0.0;
        g[0] += p0 * gz0;
        g[2] += p1 * gz0;
        g[4] += gz0;
        g[1] += p0 * gz1;
        g[3] += p1 * gz1;
        g[5] += gz1;
    }
    return loss;
}

/// The scale's reciprocal once (a person divides once and multiplies), the three standardized
/// points kept for the backward pass.
double hand_S4(const double* x, double* g) {  // x = [a, b, c, m, s]
    const double m = x[3], s = x[4];
    const double za = (x[0] - m) / s, zb = (x[1] - m) / s, zc = (x[2] - m) / s;
    const double f = -0.5 * (za * za + zb * zb + zc * zc) - 3.0 * std::log(s);
    const double is = 1.0 / s;
    const double ga = -za * is, gb = -zb * is, gc = -zc * is;
    g[0] = ga;
    g[1] = gb;
    g[2] = gc;
    g[3] = -(ga + gb + gc);
    g[4] = (za * za + zb * zb + zc * zc - 3.0) * is;
    return f;
}

template <Pid P>
class HandKernel final : public Kernel {
public:
    explicit HandKernel(const Instance& in) : in_(in) {
        if constexpr (P == Pid::V4) {
            s1_.resize(static_cast<std::size_t>(in.size));
        } else if constexpr (P == Pid::V5) {
            s1_.resize(kV5N);
        } else if constexpr (P == Pid::N1) {
            s1_.resize(std::size_t{kN1N} * kN1H);
            s2_.resize(std::size_t{kN1N} * kN1H);
        }
    }

    double run(const double* x, double* g) override {
        const int n = in_.size;
        if constexpr (P == Pid::S1a)
            return hand_S1a(x, g);
        else if constexpr (P == Pid::S1b)
            return hand_S1b(x, g);
        else if constexpr (P == Pid::S1c)
            return hand_S1c(x, g);
        else if constexpr (P == Pid::S2)
            return hand_S2(x, g, n);
        else if constexpr (P == Pid::S3)
            return hand_S3(x, g, in_.t.data(), in_.s.data());
        else if constexpr (P == Pid::V1)
            return hand_V1(x, g, n);
        else if constexpr (P == Pid::V2)
            return hand_V2(x, g, n);
        else if constexpr (P == Pid::V3)
            return hand_V3(x, g, n, kV3Mu, kV3Sigma, false);
        else if constexpr (P == Pid::V3b)
            return hand_V3(x, g, n, x[n], x[n + 1], true);
        else if constexpr (P == Pid::V4)
            return hand_V4(x, g, n, s1_.data());
        else if constexpr (P == Pid::V5)
            return hand_V5(x, g, n, in_.X.data(), in_.y.data(), s1_.data());
        else if constexpr (P == Pid::N1)
            return hand_N1(x, g, in_.X.data(), in_.y.data(), s1_.data(), s2_.data());
        else if constexpr (P == Pid::N2)
            return hand_N2(x, g);
        else
            return hand_S4(x, g);
    }

private:
    const Instance& in_;
    std::vector<double> s1_, s2_;
};

}  // namespace

std::unique_ptr<Kernel> make_hand(const Instance& in) {
    return dispatch(in.pid, [&](auto p) -> std::unique_ptr<Kernel> {
        return std::make_unique<HandKernel<decltype(p)::value>>(in);
    });
}

}  // namespace tgb

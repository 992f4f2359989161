/// @file Benchmark problems S1-S3, V1-V5, N1-N2: sizes, inputs, fixed data, and the function
/// f of each written once as a template over the scalar type.
///
/// This header is shared by every contender's translation unit, including the Stan one,
/// which is compiled as C++17: keep it C++17 and free of any AD library.
///
/// Input layout (the vector every contender differentiates with respect to):
///   S1a  [x, y, z]                               f = (x+y)*z
///   S1b  [w0, x0, w1, x1, w2]                    f = sigmoid(w0*x0 + w1*x1 + w2)
///   S1c  [a, b]                                  f = (a+b)*b^3
///   S2   A (l x l, row-major)                    f = det A by expansion in minors
///   S3   x_0..x_8                                f = 0.5 sum_i (s_i - sum_j x_j t_i^j)^2
///   V1   x (N)                                   f = sum x_i
///   V2   x (N)                                   f = log sum exp x_i (max-shifted)
///   V3   y (N)                                   f = -1/2 sum ((y_i-mu)/sigma)^2 - N log sigma
///   V3b  [y (N), mu, sigma]                      the same with mu and sigma as inputs
///   V4   [A (n x n), B (n x n)], row-major       f = 1^T A B 1
///   V5   [w (p), b, sigma]                       Bayesian linear regression log density
///   N1   [W1 (1000 x 100), W2 (100 x 10)]        2-layer MLP squared loss on a fixed batch
///   N2   [W00, W01, W10, W11, c0, c1, w0, w1, b] XOR 2-2-1 ReLU network, squared loss
///   S4   [a, b, c, m, s]                         f = -1/2 sum ((y - m)/s)^2 - 3 log s over y = a, b, c
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tgb {

// S4 comes last so that the other problems keep their numbers (their inputs are seeded by them).
enum class Pid : int { S1a, S1b, S1c, S2, S3, V1, V2, V3, V3b, V4, V5, N1, N2, S4 };

struct ProblemInfo {
    Pid pid;
    const char* id;
    const char* title;
    const char* size_label;  // what the size parameter means ("N", "l", "n", "p", "-")
    std::vector<int> sizes;
    bool scalar;  // written with scalar variables only (typegrad's scalar API applies)
};

inline const std::vector<ProblemInfo>& problems() {
    static const std::vector<ProblemInfo> all = {
        {Pid::S1a, "S1a", "(x+y)*z", "-", {1}, true},
        {Pid::S1b, "S1b", "sigmoid neuron", "-", {1}, true},
        {Pid::S1c, "S1c", "(a+b)*b^3", "-", {1}, true},
        {Pid::S2, "S2", "det by minors", "l", {3, 4, 5}, true},
        {Pid::S3, "S3", "least squares fit (m=9, n=100)", "-", {1}, true},
        {Pid::V1, "V1", "sum", "N", {16, 256, 4096, 16384}, false},
        {Pid::V2, "V2", "log-sum-exp", "N", {16, 256, 4096, 16384}, false},
        {Pid::V3, "V3", "normal log-pdf (mu, sigma fixed)", "N", {16, 256, 4096, 16384}, false},
        {Pid::V3b, "V3b", "normal log-pdf (mu, sigma inputs)", "N", {16, 256, 4096, 16384}, false},
        {Pid::V4, "V4", "matrix product sum 1^T A B 1", "n", {2, 16, 64, 181}, false},
        {Pid::V5, "V5", "Bayesian linear regression (X 1000 x p)", "p", {10, 50, 150}, false},
        {Pid::N1, "N1", "2-layer MLP step (64x1000, H=100, 10 out)", "-", {1}, false},
        {Pid::N2, "N2", "XOR 2-2-1 ReLU network", "-", {1}, false},
        {Pid::S4, "S4", "Gaussian log-density, shared scale (3 points)", "-", {1}, true},
    };
    return all;
}

inline const ProblemInfo& info(Pid p) { return problems()[static_cast<std::size_t>(p)]; }

// ---------------------------------------------------------------------------------------
// Constants of the definitions.
// ---------------------------------------------------------------------------------------
constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log(2 pi) / 2
constexpr double kV3Mu = -0.56;
constexpr double kV3Sigma = 1.37;
constexpr int kS3M = 9;     // coefficients
constexpr int kS3N = 100;   // points
constexpr int kV5N = 1000;  // rows of X
constexpr double kV5SigmaLo = 0.1;
constexpr double kV5SigmaHi = 10.0;
constexpr int kN1N = 64, kN1Din = 1000, kN1H = 100, kN1Dout = 10;
constexpr double kN2P[4][2] = {{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}};
constexpr double kN2T[4] = {0.0, 1.0, 1.0, 0.0};

inline std::size_t n_inputs(Pid p, int size) {
    const auto s = static_cast<std::size_t>(size);
    switch (p) {
        case Pid::S1a:
            return 3;
        case Pid::S1b:
            return 5;
        case Pid::S1c:
            return 2;
        case Pid::S2:
            return s * s;
        case Pid::S3:
            return kS3M;
        case Pid::V1:
        case Pid::V2:
        case Pid::V3:
            return s;
        case Pid::V3b:
            return s + 2;
        case Pid::V4:
            return 2 * s * s;
        case Pid::V5:
            return s + 2;
        case Pid::N1:
            return std::size_t{kN1Din} * kN1H + std::size_t{kN1H} * kN1Dout;
        case Pid::N2:
            return 9;
        case Pid::S4:
            return 5;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------
// Deterministic random numbers (splitmix64), identical in every translation unit and
// independent of the standard library's distributions.
// ---------------------------------------------------------------------------------------
struct Rng {
    std::uint64_t state;
    explicit Rng(std::uint64_t seed) : state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * (static_cast<double>(next() >> 11) * 0x1.0p-53); }
    double normal() {  // Box-Muller; one of the pair is discarded (simplicity over speed)
        const double u1 = (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53;  // (0, 1]
        const double u2 = static_cast<double>(next() >> 11) * 0x1.0p-53;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
};

/// One problem at one size: two valid input points and the fixed (not differentiated) data.
/// Benchmarks start at `base` and, each iteration, switch one entry between its `base` and
/// its `alt` value, so every iteration sees new inputs at O(1) cost.
struct Instance {
    Pid pid{};
    int size{};
    std::size_t n{};
    std::vector<double> base, alt;
    std::vector<double> t, s;  // S3: abscissae and targets
    std::vector<double> X, y;  // V5: X (1000 x p, row-major) and y; N1: X (64 x 1000), Y (64 x 10)
};

inline Instance make_instance(Pid p, int size) {
    Instance in;
    in.pid = p;
    in.size = size;
    in.n = n_inputs(p, size);
    in.base.resize(in.n);
    in.alt.resize(in.n);
    Rng rng(0x7467u * 1000003u + static_cast<std::uint64_t>(p) * 7919u + static_cast<std::uint64_t>(size));
    auto fill_uniform = [&](std::vector<double>& v, double lo, double hi) {
        for (double& e : v) e = rng.uniform(lo, hi);
    };
    auto fill_normal = [&](std::vector<double>& v, double mean, double sd) {
        for (double& e : v) e = mean + sd * rng.normal();
    };
    switch (p) {
        case Pid::S1a:  // base: the worked example (x+y)*z at (-2, 5, -4)
            in.base = {-2.0, 5.0, -4.0};
            in.alt = {-1.5, 4.25, -3.5};
            break;
        case Pid::S1b:  // base: the worked sigmoid neuron (w0, x0, w1, x1, w2)
            in.base = {2.0, -1.0, -3.0, -2.0, -3.0};
            in.alt = {1.75, -0.5, -2.5, -1.5, -2.75};
            break;
        case Pid::S1c:  // base: the worked DAG example a = 7, b = 3
            in.base = {7.0, 3.0};
            in.alt = {6.5, 2.5};
            break;
        case Pid::S2:
        case Pid::S3:
        case Pid::V1:
        case Pid::V4:
            fill_uniform(in.base, -1.0, 1.0);
            fill_uniform(in.alt, -1.0, 1.0);
            break;
        case Pid::V2:
            fill_normal(in.base, 0.0, 1.0);
            fill_normal(in.alt, 0.0, 1.0);
            break;
        case Pid::V3:
        case Pid::V3b:
            fill_normal(in.base, kV3Mu, kV3Sigma);
            fill_normal(in.alt, kV3Mu, kV3Sigma);
            if (p == Pid::V3b) {
                const std::size_t N = static_cast<std::size_t>(size);
                in.base[N] = kV3Mu;
                in.base[N + 1] = kV3Sigma;
                in.alt[N] = -0.5;
                in.alt[N + 1] = 1.5;
            }
            break;
        case Pid::V5: {
            const std::size_t P = static_cast<std::size_t>(size);
            fill_normal(in.base, 0.0, 1.0);
            fill_normal(in.alt, 0.0, 1.0);
            in.base[P + 1] = 1.3;  // sigma, inside the uniform prior's support (0.1, 10)
            in.alt[P + 1] = 2.1;
            // Data from the model with w_true ~ N(0,1), b_true = 0.5, sigma_true = 1.5.
            std::vector<double> w_true(P);
            fill_normal(w_true, 0.0, 1.0);
            in.X.resize(std::size_t{kV5N} * P);
            fill_normal(in.X, 0.0, 1.0);
            in.y.resize(kV5N);
            for (std::size_t i = 0; i < static_cast<std::size_t>(kV5N); ++i) {
                double mu = 0.5;
                for (std::size_t j = 0; j < P; ++j) mu += in.X[i * P + j] * w_true[j];
                in.y[i] = mu + 1.5 * rng.normal();
            }
            break;
        }
        case Pid::N1:
            // Weights scaled by 1/sqrt(fan-in) so the sigmoids are not all saturated.
            fill_normal(in.base, 0.0, 1.0 / std::sqrt(double(kN1Din)));
            fill_normal(in.alt, 0.0, 1.0 / std::sqrt(double(kN1Din)));
            in.X.resize(std::size_t{kN1N} * kN1Din);
            fill_normal(in.X, 0.0, 1.0);
            in.y.resize(std::size_t{kN1N} * kN1Dout);
            fill_normal(in.y, 0.0, 1.0);
            break;
        case Pid::N2:
            fill_uniform(in.base, -1.0, 1.0);
            fill_uniform(in.alt, -1.0, 1.0);
            break;
        case Pid::S4:  // three points, their mean and scale
            in.base = {0.3, -1.2, 2.1, 0.4, 1.3};
            in.alt = {0.55, -0.9, 1.7, 0.1, 0.8};
            break;
    }
    if (p == Pid::S3) {
        in.t.resize(kS3N);
        in.s.resize(kS3N);
        for (int i = 0; i < kS3N; ++i) {
            in.t[i] = -1.0 + 2.0 * i / (kS3N - 1);
            in.s[i] = in.t[i] > 0 ? 1.0 : (in.t[i] < 0 ? -1.0 : 0.0);
        }
    }
    return in;
}

/// Cycles the inputs: each step() replaces one entry by its other value (base <-> alt), so
/// the sequence of input points repeats after 2n steps.
///
/// For small problems (n <= kRingMax) the 2n points are laid out once, one after another,
/// and step() only moves to the next: no input is stored right before the call. A store
/// of one double followed by the kernel's 16-byte load of that entry and its neighbour (what
/// GCC's SLP vectorizer makes of code that reads its inputs into locals first) cannot be
/// forwarded and stalls for about 12 ns on this machine: a harness artifact, not work, that
/// made a hand-written S1b gradient written that way 3x slower than the same code reading
/// x[] in place (bench/runtime/ratio_probe/README.md, "The store before the call").
/// Larger problems store one entry per step as before: their kernels read it long after.
class Perturber {
public:
    static constexpr std::size_t kRingMax = 64;
    /// ring = false: always the store of one entry before the call (the protocol before
    /// 2026-12-04, kept for the ratio probe's `store` mode).
    explicit Perturber(const Instance& in, bool ring = true) : in_(in), x_(in.base) {
        const std::size_t n = x_.size();
        if (!ring || n > kRingMax) return;
        ring_.reserve(2 * n * n);
        for (std::size_t k = 0; k < 2 * n; ++k) {
            advance();
            ring_.insert(ring_.end(), x_.begin(), x_.end());
        }
        at_ = ring_.size() - n;  // the last point laid out: step() then gives the first
    }
    void step() {
        if (ring_.empty()) {
            advance();
        } else {
            at_ += x_.size();
            if (at_ == ring_.size()) at_ = 0;
        }
    }
    const double* x() const { return ring_.empty() ? x_.data() : ring_.data() + at_; }

private:
    void advance() {
        x_[j_] = to_alt_ ? in_.alt[j_] : in_.base[j_];
        if (++j_ == x_.size()) {
            j_ = 0;
            to_alt_ = !to_alt_;
        }
    }
    const Instance& in_;
    std::vector<double> x_;
    std::vector<double> ring_;
    std::size_t at_ = 0;
    std::size_t j_ = 0;
    bool to_alt_ = true;
};

// ---------------------------------------------------------------------------------------
// The functions, once, over a scalar type T (double for plain evaluation, adouble for
// ADOL-C, stan::math::var for Stan's scalar problems). Ops<T>::max is the one primitive
// that differs: plain code compares; tape-based tools need a recorded max so that a tape
// replayed at new inputs takes the right branch.
// ---------------------------------------------------------------------------------------
template <class T>
struct Ops;

template <>
struct Ops<double> {
    static double max(double a, double b) { return a > b ? a : b; }
};

template <class T>
T f_S1a(const T* x) {
    return (x[0] + x[1]) * x[2];
}

template <class T>
T f_S1b(const T* x) {
    using std::exp;
    const T s = x[0] * x[1] + x[2] * x[3] + x[4];
    return 1.0 / (1.0 + exp(-s));
}

template <class T>
T f_S1c(const T* x) {
    const T b3 = x[1] * x[1] * x[1];
    return (x[0] + x[1]) * b3;
}

/// Determinant by expansion in minors along the first row of each minor. M[S] is the minor
/// on the last |S| rows and the columns in the bit set S; every minor is computed once
/// (l * 2^(l-1) products), which is what an expression with shared subexpressions (and a
/// memoizing hand-written version) evaluates. l is a compile-time constant and every mask,
/// row and sign is resolved at compile time, so this is the straight-line code one would
/// write by hand for a fixed l (S2 runs l = 3, 4, 5). Masks increase, so S \ {j} < S is ready.

namespace detail {
/// acc +-= a[r][J] M[S \ {J}] for column J of S, the sign alternating along S's columns.
template <int L, unsigned S, int J, class T>
void s2_term(const T* a, const T* M, T& acc) {
    if constexpr ((S >> J) & 1u) {
        constexpr int r = L - __builtin_popcount(S);
        constexpr bool first = (S & ((1u << J) - 1)) == 0;
        constexpr bool plus = __builtin_popcount(S & ((1u << J) - 1)) % 2 == 0;
        const T term = a[r * L + J] * M[S ^ (1u << J)];
        if constexpr (first)
            acc = term;
        else if constexpr (plus)
            acc += term;
        else
            acc -= term;
    }
}
template <int L, unsigned S, class T, int... J>
void s2_minor(const T* a, T* M, std::integer_sequence<int, J...>) {
    T acc{};
    (s2_term<L, S, J>(a, M, acc), ...);
    M[S] = acc;
}
template <int L, class T, unsigned... S>
void s2_all(const T* a, T* M, std::integer_sequence<unsigned, S...>) {
    (s2_minor<L, S + 1>(a, M, std::make_integer_sequence<int, L>{}), ...);
}
}  // namespace detail

/// M[0] = 1 is the empty minor; M is local so that the compiler may keep it in registers.
template <int L, class T>
T f_S2(const T* a) {
    T M[1u << L];
    M[0] = 1.0;
    detail::s2_all<L>(a, M, std::make_integer_sequence<unsigned, (1u << L) - 1>{});
    return M[(1u << L) - 1];
}

/// f_S2 for the runtime size l (one branch per call, outside the straight-line code).
template <class T>
T f_S2(const T* a, int l) {
    switch (l) {
        case 3:
            return f_S2<3>(a);
        case 4:
            return f_S2<4>(a);
        default:
            return f_S2<5>(a);
    }
}

template <class T>
T f_S3(const T* x, const double* t, const double* s) {
    T acc = 0.0;
    for (int i = 0; i < kS3N; ++i) {
        T p = x[kS3M - 1];  // Horner; the fixed 8 steps unrolled, as one writes them by hand
#pragma GCC unroll 16
        for (int j = kS3M - 2; j >= 0; --j) p = p * t[i] + x[j];
        const T r = s[i] - p;
        acc += r * r;
    }
    return 0.5 * acc;
}

template <class T>
T f_V1(const T* x, int n) {
    T acc = 0.0;
    for (int i = 0; i < n; ++i) acc += x[i];
    return acc;
}

template <class T>
T f_V2(const T* x, int n) {
    using std::exp;
    using std::log;
    T m = x[0];
    for (int i = 1; i < n; ++i) m = Ops<T>::max(m, x[i]);
    T s = 0.0;
    for (int i = 0; i < n; ++i) s += exp(x[i] - m);
    return m + log(s);
}

template <class T, class P>
T f_V3(const T* y, int n, const P& mu, const P& sigma) {
    using std::log;
    const P inv = 1.0 / sigma;
    T acc = 0.0;
    for (int i = 0; i < n; ++i) {
        const T z = (y[i] - mu) * inv;
        acc += z * z;
    }
    return -0.5 * acc - double(n) * log(sigma);
}

/// 1^T A B 1 with the product formed (n^3), as the benchmark defines it. Row-major,
/// i-k-j order: one row of A B at a time in `row` (n entries of scratch).
template <class T>
T f_V4(const T* x, int n, T* row) {
    const T* A = x;
    const T* B = x + n * n;
    T acc = 0.0;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) row[j] = A[i * n] * B[j];
        for (int k = 1; k < n; ++k) {
            const T a = A[i * n + k];
            for (int j = 0; j < n; ++j) row[j] += a * B[k * n + j];
        }
        for (int j = 0; j < n; ++j) acc += row[j];
    }
    return acc;
}

/// log N(y | X w + b, sigma) + log N(w | 0, 1) + log N(b | 0, 1) + log U(sigma | 0.1, 10),
/// all normalizing constants included.
template <class T>
T f_V5(const T* x, int p, const double* X, const double* y) {
    using std::log;
    const T& b = x[p];
    const T& sigma = x[p + 1];
    if (!(sigma > kV5SigmaLo && sigma < kV5SigmaHi)) return T(-std::numeric_limits<double>::infinity());
    T acc = 0.0;
    for (int i = 0; i < kV5N; ++i) {
        T mu = b;
        for (int j = 0; j < p; ++j) mu += X[i * p + j] * x[j];
        const T d = y[i] - mu;
        acc += d * d;
    }
    T wsq = 0.0;
    for (int j = 0; j < p; ++j) wsq += x[j] * x[j];
    const T lik = -0.5 * acc / (sigma * sigma) - double(kV5N) * log(sigma) - kV5N * kHalfLog2Pi;
    const T prior = -0.5 * wsq - 0.5 * b * b - (p + 1) * kHalfLog2Pi;
    return lik + prior - std::log(kV5SigmaHi - kV5SigmaLo);
}

/// sum over the batch of ||sigmoid(x W1) W2 - y||^2; `h` is H entries of scratch.
template <class T>
T f_N1(const T* w, const double* X, const double* Y, T* h) {
    using std::exp;
    const T* W1 = w;
    const T* W2 = w + kN1Din * kN1H;
    T loss = 0.0;
    for (int n = 0; n < kN1N; ++n) {
        const double* xr = X + n * kN1Din;
        for (int j = 0; j < kN1H; ++j) h[j] = xr[0] * W1[j];
        for (int k = 1; k < kN1Din; ++k) {
            const double a = xr[k];
            for (int j = 0; j < kN1H; ++j) h[j] += a * W1[k * kN1H + j];
        }
        for (int j = 0; j < kN1H; ++j) h[j] = 1.0 / (1.0 + exp(-h[j]));
        for (int o = 0; o < kN1Dout; ++o) {
            T yp = h[0] * W2[o];
            for (int j = 1; j < kN1H; ++j) yp += h[j] * W2[j * kN1Dout + o];
            const T d = yp - Y[n * kN1Dout + o];
            loss += d * d;
        }
    }
    return loss;
}

/// y_k = max(0, P_k W + c) . w + b over the 4 XOR points; loss = sum_k (y_k - t_k)^2.
template <class T>
T f_N2(const T* q) {
    const T& W00 = q[0];
    const T& W01 = q[1];
    const T& W10 = q[2];
    const T& W11 = q[3];
    T loss = 0.0;
    for (int k = 0; k < 4; ++k) {
        const T z0 = kN2P[k][0] * W00 + kN2P[k][1] * W10 + q[4];
        const T z1 = kN2P[k][0] * W01 + kN2P[k][1] * W11 + q[5];
        const T h0 = Ops<T>::max(z0, T(0.0));
        const T h1 = Ops<T>::max(z1, T(0.0));
        const T d = h0 * q[6] + h1 * q[7] + q[8] - kN2T[k];
        loss += d * d;
    }
    return loss;
}

/// -1/2 (((a - m)/s)^2 + ((b - m)/s)^2 + ((c - m)/s)^2) - 3 log s: a Gaussian log-density
/// (without its constant) of three points with one mean and one scale.
template <class T>
T f_S4(const T* x) {
    using std::log;
    const T za = (x[0] - x[3]) / x[4];
    const T zb = (x[1] - x[3]) / x[4];
    const T zc = (x[2] - x[3]) / x[4];
    return -0.5 * (za * za + zb * zb + zc * zc) - 3.0 * log(x[4]);
}

/// Scratch entries f needs (V4: one row of A B, N1: one row of hidden units).
inline std::size_t scratch_size(Pid p, int size) {
    switch (p) {
        case Pid::V4:
            return static_cast<std::size_t>(size);
        case Pid::N1:
            return kN1H;
        default:
            return 0;
    }
}

/// f of problem P at x, over scalar type T; `scratch` has scratch_size(P, size) entries.
template <Pid P, class T>
T eval(const T* x, const Instance& in, T* scratch) {
    const int n = in.size;
    if constexpr (P == Pid::S1a)
        return f_S1a(x);
    else if constexpr (P == Pid::S1b)
        return f_S1b(x);
    else if constexpr (P == Pid::S1c)
        return f_S1c(x);
    else if constexpr (P == Pid::S2)
        return f_S2(x, n);
    else if constexpr (P == Pid::S3)
        return f_S3(x, in.t.data(), in.s.data());
    else if constexpr (P == Pid::V1)
        return f_V1(x, n);
    else if constexpr (P == Pid::V2)
        return f_V2(x, n);
    else if constexpr (P == Pid::V3)
        return f_V3(x, n, kV3Mu, kV3Sigma);
    else if constexpr (P == Pid::V3b)
        return f_V3<T, T>(x, n, x[n], x[n + 1]);
    else if constexpr (P == Pid::V4)
        return f_V4(x, n, scratch);
    else if constexpr (P == Pid::V5)
        return f_V5(x, n, in.X.data(), in.y.data());
    else if constexpr (P == Pid::N1)
        return f_N1(x, in.X.data(), in.y.data(), scratch);
    else if constexpr (P == Pid::N2)
        return f_N2(x);
    else
        return f_S4(x);
}

/// Calls fn(std::integral_constant<Pid, P>{}) for the runtime value p.
template <class Fn>
decltype(auto) dispatch(Pid p, Fn&& fn) {
    switch (p) {
        // clang-format off
#define TGB_CASE(P) case Pid::P: return fn(std::integral_constant<Pid, Pid::P>{});
        TGB_CASE(S1a) TGB_CASE(S1b) TGB_CASE(S1c) TGB_CASE(S2) TGB_CASE(S3) TGB_CASE(V1)
        TGB_CASE(V2) TGB_CASE(V3) TGB_CASE(V3b) TGB_CASE(V4) TGB_CASE(V5) TGB_CASE(N1) TGB_CASE(N2)
#undef TGB_CASE
        case Pid::S4: break;
        // clang-format on
    }
    return fn(std::integral_constant<Pid, Pid::S4>{});
}

// ---------------------------------------------------------------------------------------
// What every contender implements: value and (unless value-only) the full gradient.
// ---------------------------------------------------------------------------------------
class Kernel {
public:
    virtual ~Kernel() = default;
    /// f(x); writes df/dx to g[0..n) (value-only kernels ignore g).
    virtual double run(const double* x, double* g) = 0;
};

}  // namespace tgb

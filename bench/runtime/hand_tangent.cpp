/// @file Contender "hand tangent": one directional derivative written by hand, the value and
/// its tangent computed side by side (what a person writes for forward mode along one
/// direction d = tangent_direction). S1a-c, S4 and N2 as flat code; S2 as the memoized minors
/// of problems.hpp on (value, tangent) pairs.
#include "contenders.hpp"

#include <cmath>

namespace tgb {
namespace {

double tangent_S1a(const double* x, const double* d, double* t) {
    const double q = x[0] + x[1];
    const double dq = d[0] + d[1];
    *t = dq * x[2] + q * d[2];
    return q * x[2];
}

double tangent_S1b(const double* x, const double* d, double* t) {  // x = [w0, x0, w1, x1, w2]
    const double s = x[0] * x[1] + x[2] * x[3] + x[4];
    const double ds = d[0] * x[1] + x[0] * d[1] + d[2] * x[3] + x[2] * d[3] + d[4];
    const double f = 1.0 / (1.0 + std::exp(-s));
    *t = f * (1.0 - f) * ds;
    return f;
}

double tangent_S1c(const double* x, const double* d, double* t) {  // (a+b) b^3
    const double q = x[0] + x[1];
    const double b2 = x[1] * x[1];
    const double b3 = b2 * x[1];
    *t = (d[0] + d[1]) * b3 + q * (3.0 * b2 * d[1]);
    return q * b3;
}

/// A value and its tangent, with the product rule: the hand-written pair of S2's minors.
struct pair {
    double v, t;
    pair& operator+=(const pair& o) {
        v += o.v;
        t += o.t;
        return *this;
    }
    pair& operator-=(const pair& o) {
        v -= o.v;
        t -= o.t;
        return *this;
    }
};
inline pair operator*(const pair& a, const pair& b) { return {a.v * b.v, a.t * b.v + a.v * b.t}; }

template <int L>
double tangent_S2(const double* x, const double* d, double* t) {
    constexpr unsigned full = (1u << L) - 1;
    pair a[L * L];
    for (int i = 0; i < L * L; ++i) a[i] = {x[i], d[i]};
    pair M[1u << L];
    M[0] = {1.0, 0.0};
    detail::s2_all<L>(a, M, std::make_integer_sequence<unsigned, full>{});
    *t = M[full].t;
    return M[full].v;
}

/// The XOR network's four points; relu' is 1 above 0 and 0 elsewhere.
double tangent_N2(const double* q, const double* d, double* t) {
    double loss = 0.0, dloss = 0.0;
    for (int k = 0; k < 4; ++k) {
        const double p0 = kN2P[k][0], p1 = kN2P[k][1];
        const double z0 = p0 * q[0] + p1 * q[2] + q[4];
        const double z1 = p0 * q[1] + p1 * q[3] + q[5];
        const double dz0 = p0 * d[0] + p1 * d[2] + d[4];
        const double dz1 = p0 * d[1] + p1 * d[3] + d[5];
        const double h0 = z0 > 0.0 ? z0 : 0.0, dh0 = z0 > 0.0 ? dz0 : 0.0;
        const double h1 = z1 > 0.0 ? z1 : 0.0, dh1 = z1 > 0.0 ? dz1 : 0.0;
        const double r = h0 * q[6] + h1 * q[7] + q[8] - kN2T[k];
        const double dr = dh0 * q[6] + h0 * d[6] + dh1 * q[7] + h1 * d[7] + d[8];
        loss += r * r;
        dloss += 2.0 * r * dr;
    }
    *t = dloss;
    return loss;
}

/// -1/2 sum ((y - m)/s)^2 - 3 log s: d z = ((dy - dm) - z ds) / s, with 1/s once.
double tangent_S4(const double* x, const double* d, double* t) {
    const double m = x[3], s = x[4];
    const double za = (x[0] - m) / s, zb = (x[1] - m) / s, zc = (x[2] - m) / s;
    const double is = 1.0 / s;
    const double dza = ((d[0] - d[3]) - za * d[4]) * is;
    const double dzb = ((d[1] - d[3]) - zb * d[4]) * is;
    const double dzc = ((d[2] - d[3]) - zc * d[4]) * is;
    *t = -(za * dza + zb * dzb + zc * dzc) - 3.0 * d[4] * is;
    return -0.5 * (za * za + zb * zb + zc * zc) - 3.0 * std::log(s);
}

template <Pid P, int L = 0>
class HandTangent final : public Kernel {
public:
    explicit HandTangent(std::size_t n) {
        for (std::size_t i = 0; i < n && i < 32; ++i) d_[i] = tangent_direction(int(i));
    }
    double run(const double* x, double* g) override {
        if constexpr (P == Pid::S1a)
            return tangent_S1a(x, d_, g);
        else if constexpr (P == Pid::S1b)
            return tangent_S1b(x, d_, g);
        else if constexpr (P == Pid::S1c)
            return tangent_S1c(x, d_, g);
        else if constexpr (P == Pid::N2)
            return tangent_N2(x, d_, g);
        else if constexpr (P == Pid::S4)
            return tangent_S4(x, d_, g);
        else
            return tangent_S2<L>(x, d_, g);
    }

private:
    double d_[32] = {};
};

}  // namespace

std::unique_ptr<Kernel> make_hand_tangent(const Instance& in) {
    switch (in.pid) {
        case Pid::S1a:
            return std::make_unique<HandTangent<Pid::S1a>>(in.n);
        case Pid::S1b:
            return std::make_unique<HandTangent<Pid::S1b>>(in.n);
        case Pid::S1c:
            return std::make_unique<HandTangent<Pid::S1c>>(in.n);
        case Pid::N2:
            return std::make_unique<HandTangent<Pid::N2>>(in.n);
        case Pid::S4:
            return std::make_unique<HandTangent<Pid::S4>>(in.n);
        case Pid::S2:
            switch (in.size) {
                case 3:
                    return std::make_unique<HandTangent<Pid::S2, 3>>(in.n);
                case 4:
                    return std::make_unique<HandTangent<Pid::S2, 4>>(in.n);
                case 5:
                    return std::make_unique<HandTangent<Pid::S2, 5>>(in.n);
                default:
                    return nullptr;
            }
        default:
            return nullptr;
    }
}

}  // namespace tgb

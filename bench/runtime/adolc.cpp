/// @file Contenders "adolc_cold" and "adolc_steady": ADOL-C 2.7 operator overloading, the
/// same f (problems.hpp) instantiated with adouble.
///
/// cold:   every call records a new tape (trace_on(tag, keep = 1) ... trace_off()) and runs
///         one reverse sweep on it (fos_reverse). keep = 1 is ADOL-C's documented way to
///         reuse the values of the taping run for the immediately following reverse sweep,
///         so the recording doubles as the forward pass.
/// steady: the tape is recorded once, at construction; every call replays it: a zero-order
///         forward sweep at the new point (zos_forward, keep = 1) and one reverse sweep. This
///         is what ADOL-C's gradient() driver does; it is called directly to get the value too.
/// ADOL-C runs with its default buffer sizes (usrparms.h); a tape larger than them is
/// written to files in the working directory, as ADOL-C does by default.
#include "contenders.hpp"

#include <adolc/adolc.h>

#include <stdexcept>

namespace tgb {

template <>
struct Ops<adouble> {
    // fmax is recorded as an operation, so a replayed tape takes the branch of its new input.
    static adouble max(const adouble& a, const adouble& b) { return fmax(a, b); }
};

namespace {

short next_tag() {
    static short tag = 0;
    if (tag == 32000) throw std::runtime_error("ADOL-C: out of tape tags");
    return ++tag;
}

template <Pid P>
class AdolcKernel final : public Kernel {
public:
    AdolcKernel(const Instance& in, bool steady) : in_(in), steady_(steady), tag_(next_tag()) {
        if (steady_) record(in.base.data());
    }
    ~AdolcKernel() override { removeTape(tag_, ADOLC_REMOVE_COMPLETELY); }

    double run(const double* x, double* g) override {
        const int n = static_cast<int>(in_.n);
        double y = 0.0;
        if (steady_)
            zos_forward(tag_, 1, n, 1, x, &y);
        else
            y = record(x);
        double one = 1.0;
        fos_reverse(tag_, 1, n, &one, g);
        return y;
    }

private:
    // What a user of ADOL-C writes: active copies of the inputs, f, one dependent.
    double record(const double* x) {
        trace_on(tag_, 1);
        std::vector<adouble> ax(in_.n);
        for (std::size_t i = 0; i < in_.n; ++i) ax[i] <<= x[i];
        std::vector<adouble> scratch(scratch_size(P, in_.size));
        adouble f = eval<P, adouble>(ax.data(), in_, scratch.data());
        double y = 0.0;
        f >>= y;
        trace_off();
        return y;
    }

    const Instance& in_;
    bool steady_;
    short tag_;
};

}  // namespace

std::unique_ptr<Kernel> make_adolc(const Instance& in, bool steady) {
    return dispatch(in.pid, [&](auto p) -> std::unique_ptr<Kernel> {
        return std::make_unique<AdolcKernel<decltype(p)::value>>(in, steady);
    });
}

}  // namespace tgb

/// @file Contender "plain": one evaluation of f in double, the denominator of every ratio.
#include "contenders.hpp"

namespace tgb {
namespace {

template <Pid P>
class PlainKernel final : public Kernel {
public:
    explicit PlainKernel(const Instance& in) : in_(in), scratch_(scratch_size(P, in.size)) {}
    double run(const double* x, double*) override { return eval<P, double>(x, in_, scratch_.data()); }

private:
    const Instance& in_;
    std::vector<double> scratch_;
};

}  // namespace

std::unique_ptr<Kernel> make_plain(const Instance& in) {
    return dispatch(in.pid, [&](auto p) -> std::unique_ptr<Kernel> {
        return std::make_unique<PlainKernel<decltype(p)::value>>(in);
    });
}

}  // namespace tgb

/// @file The list of contenders and the instance cache.
#include "contenders.hpp"

#if TGB_HAVE_STAN
#include "stan_api.hpp"
#endif

#include <map>
#include <utility>

namespace tgb {

const std::vector<Contender>& contenders() {
    static const std::vector<Contender> all = [] {
        const auto every = [](Pid, int) { return true; };
        std::vector<Contender> v;
        v.push_back({"plain", "f alone, double (the denominator)", false, every, make_plain});
        v.push_back({"hand", "hand-written gradient: forward values, then backward adjoints", true, every, make_hand});
#if TGB_HAVE_TYPEGRAD
        v.push_back({"typegrad_rev", "typegrad reverse mode: value_and_grad", true,
                     [](Pid p, int s) { return typegrad_supports(p, s, false); },
                     [](const Instance& in) { return make_typegrad(in, false); }});
        v.push_back({"typegrad_fwd", "typegrad forward mode: forward_value_and_grad (one lane per input)", true,
                     [](Pid p, int s) { return typegrad_supports(p, s, true); },
                     [](const Instance& in) { return make_typegrad(in, true); }});
        v.push_back({"typegrad_dyn", "typegrad reverse mode with dynamic extents (tg::dynamic): value_and_grad", true,
                     typegrad_dynamic_supports, make_typegrad_dynamic});
#endif
#if TGB_HAVE_ADOLC
        v.push_back({"adolc_cold", "ADOL-C 2.7: re-tape every call (trace_on..trace_off, fos_reverse)", true, every,
                     [](const Instance& in) { return make_adolc(in, false); }});
        v.push_back({"adolc_steady", "ADOL-C 2.7: tape once, replay (zos_forward + fos_reverse)", true, every,
                     [](const Instance& in) { return make_adolc(in, true); }});
#endif
#if TGB_HAVE_STAN
        v.push_back({"stan", "Stan Math 2.21: stan::math::gradient (graph rebuilt every call)", true, stan_supports,
                     [](const Instance& in) { return std::unique_ptr<Kernel>(stan_make(in)); }});
#endif
        v.push_back({"eigen", "Eigen 3.4: f plus the gradient formulas as matrix kernels", true,
                     [](Pid p, int) { return eigen_supports(p); },
                     [](const Instance& in) { return make_eigen(in, true); }});
        v.push_back({"eigen_f", "Eigen 3.4: f alone (tuned gemm/gemv next to the plain loops)", false,
                     [](Pid p, int) { return eigen_supports(p); },
                     [](const Instance& in) { return make_eigen(in, false); }});
        return v;
    }();
    return all;
}

const Contender* find_contender(const std::string& name) {
    for (const Contender& c : contenders())
        if (c.name == name) return &c;
    return nullptr;
}

const Instance& instance(Pid p, int size) {
    static std::map<std::pair<int, int>, std::unique_ptr<Instance>> cache;
    auto& slot = cache[{static_cast<int>(p), size}];
    if (!slot) slot = std::make_unique<Instance>(make_instance(p, size));
    return *slot;
}

}  // namespace tgb

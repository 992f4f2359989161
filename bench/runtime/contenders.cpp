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
        using O = Output;
        v.push_back({"plain", "f alone, double (the denominator)", O::value, every, make_plain});
        v.push_back(
            {"hand", "hand-written gradient: forward values, then backward adjoints", O::gradient, every, make_hand});
        v.push_back({"hand_tangent", "hand-written tangent along one direction: values and tangents side by side",
                     O::tangent, tangent_supports, make_hand_tangent});
#if TGB_HAVE_TYPEGRAD
        v.push_back({"typegrad_rev", "typegrad reverse mode: value_and_grad", O::gradient,
                     [](Pid p, int s) { return typegrad_supports(p, s, false); },
                     [](const Instance& in) { return make_typegrad(in, false); }});
        v.push_back({"typegrad_fwd", "typegrad forward mode: forward_value_and_grad (one lane per input)", O::gradient,
                     [](Pid p, int s) { return typegrad_supports(p, s, true); },
                     [](const Instance& in) { return make_typegrad(in, true); }});
        v.push_back({"typegrad_jvp", "typegrad forward mode along one direction: jvp", O::tangent, tangent_supports,
                     make_typegrad_jvp});
        v.push_back({"typegrad_dyn", "typegrad reverse mode with dynamic extents (tg::dynamic): value_and_grad",
                     O::gradient, typegrad_dynamic_supports, make_typegrad_dynamic});
#endif
#if TGB_HAVE_SACADO
        v.push_back({"sacado_sfad", "Sacado (Trilinos 13.2): Fad::SFad<double, n>, one lane per input", O::gradient,
                     sacado_sfad_supports, [](const Instance& in) { return make_sacado(in, SacadoMode::sfad); }});
        v.push_back({"sacado_tangent", "Sacado (Trilinos 13.2): Fad::SFad<double, 1> along one direction", O::tangent,
                     tangent_supports, [](const Instance& in) { return make_sacado(in, SacadoMode::tangent); }});
        v.push_back({"sacado_rad", "Sacado (Trilinos 13.2): Rad::ADvar reverse mode (graph rebuilt every call)",
                     O::gradient, every, [](const Instance& in) { return make_sacado(in, SacadoMode::rad); }});
#endif
#if TGB_HAVE_ADOLC
        v.push_back({"adolc_cold", "ADOL-C 2.7: re-tape every call (trace_on..trace_off, fos_reverse)", O::gradient,
                     every, [](const Instance& in) { return make_adolc(in, false); }});
        v.push_back({"adolc_steady", "ADOL-C 2.7: tape once, replay (zos_forward + fos_reverse)", O::gradient, every,
                     [](const Instance& in) { return make_adolc(in, true); }});
#endif
#if TGB_HAVE_STAN
        v.push_back({"stan", "Stan Math 2.21: stan::math::gradient (graph rebuilt every call)", O::gradient,
                     stan_supports, [](const Instance& in) { return std::unique_ptr<Kernel>(stan_make(in)); }});
#endif
        v.push_back({"eigen", "Eigen 3.4: f plus the gradient formulas as matrix kernels", O::gradient,
                     [](Pid p, int) { return eigen_supports(p); },
                     [](const Instance& in) { return make_eigen(in, true); }});
        v.push_back({"eigen_f", "Eigen 3.4: f alone (tuned gemm/gemv next to the plain loops)", O::value,
                     [](Pid p, int) { return eigen_supports(p); },
                     [](const Instance& in) { return make_eigen(in, false); }});
        return v;
    }();
    return all;
}

bool tangent_supports(Pid p, int size) {
    switch (p) {
        case Pid::S1a:
        case Pid::S1b:
        case Pid::S1c:
        case Pid::N2:
        case Pid::S4:
            return true;
        case Pid::S2:
            return size >= 3 && size <= 5;
        default:
            return false;
    }
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

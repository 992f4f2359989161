/// @file The contenders: who computes f (and its gradient) for which problem.
#pragma once

#include "problems.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tgb {

/// What a contender's run(x, g) computes besides f(x).
enum class Output {
    value,     // nothing (the denominators)
    gradient,  // df/dx into g[0..n)
    tangent,   // the directional derivative along tangent_direction into g[0]
};

struct Contender {
    std::string name;         // as it appears in benchmark names: PROBLEM/NAME/SIZE
    std::string description;  // one line for the report
    Output output;
    std::function<bool(Pid, int)> supports;
    std::function<std::unique_ptr<Kernel>(const Instance&)> make;
};

/// Every contender compiled into this program, in report order.
const std::vector<Contender>& contenders();
const Contender* find_contender(const std::string& name);

/// The instance of problem p at this size, generated once and kept for the program's life.
const Instance& instance(Pid p, int size);

// Factories, one translation unit each.
std::unique_ptr<Kernel> make_plain(const Instance& in);
std::unique_ptr<Kernel> make_hand(const Instance& in);
std::unique_ptr<Kernel> make_adolc(const Instance& in, bool steady);
bool eigen_supports(Pid p);
std::unique_ptr<Kernel> make_eigen(const Instance& in, bool gradient);
bool typegrad_supports(Pid p, int size, bool forward);
std::unique_ptr<Kernel> make_typegrad(const Instance& in, bool forward);
// One directional derivative (a tangent) along tangent_direction, on S1a-c, S2, N2 and S4:
// run(x, g) returns f and stores the tangent in g[0]. By hand (hand_tangent.cpp), by tg::jvp
// (typegrad.cpp) and by Sacado's SFad<double, 1> (sacado.cpp); nullptr on other problems.
inline double tangent_direction(int i) { return 1.0 + 0.125 * (i % 8); }
bool tangent_supports(Pid p, int size);
std::unique_ptr<Kernel> make_hand_tangent(const Instance& in);
std::unique_ptr<Kernel> make_typegrad_jvp(const Instance& in);
// Sacado (Trilinos): SFad<double, n> forward mode with one lane per input (the scalar
// problems), SFad<double, 1> along tangent_direction, and Rad reverse mode (every problem).
bool sacado_sfad_supports(Pid p, int size);
enum class SacadoMode { sfad, tangent, rad };
std::unique_ptr<Kernel> make_sacado(const Instance& in, SacadoMode mode);
// The vector and network problems, with the tensor engine (reverse mode only).
bool typegrad_tensor_supports(Pid p, int size);
std::unique_ptr<Kernel> make_typegrad_tensor(const Instance& in);
// V1-V5, V3b and N1 with dynamic extents (typegrad_dynamic.cpp), beside the fixed ones.
bool typegrad_dynamic_supports(Pid p, int size);
std::unique_ptr<Kernel> make_typegrad_dynamic(const Instance& in);

}  // namespace tgb

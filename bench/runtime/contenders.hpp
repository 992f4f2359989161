/// @file The contenders: who computes f (and its gradient) for which problem.
#pragma once

#include "problems.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tgb {

struct Contender {
    std::string name;         // as it appears in benchmark names: PROBLEM/NAME/SIZE
    std::string description;  // one line for the report
    bool gradient;            // false: value only (the denominators)
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
// One directional derivative (a tangent) along tangent_direction, on S1a-c and S2: run(x, g)
// returns f and stores the tangent in g[0]. By hand (hand_tangent.cpp) and by tg::jvp
// (typegrad.cpp); nullptr on other problems.
inline double tangent_direction(int i) { return 1.0 + 0.125 * (i % 8); }
std::unique_ptr<Kernel> make_hand_tangent(const Instance& in);
std::unique_ptr<Kernel> make_typegrad_jvp(const Instance& in);
// The vector and network problems, with the tensor engine (reverse mode only).
bool typegrad_tensor_supports(Pid p, int size);
std::unique_ptr<Kernel> make_typegrad_tensor(const Instance& in);
// V1, V3 and V3b with dynamic extents (typegrad_dynamic.cpp), beside the fixed ones.
bool typegrad_dynamic_supports(Pid p, int size);
std::unique_ptr<Kernel> make_typegrad_dynamic(const Instance& in);

}  // namespace tgb

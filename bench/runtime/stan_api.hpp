/// @file The interface of the Stan Math contender, which lives in its own shared library:
/// Stan Math 2.21 needs C++17 and ships its own Eigen (3.3, from RcppEigen) that must not
/// meet the system Eigen 3.4 of the other contenders in one link (the same template
/// instantiations would differ: an ODR violation). The library is built with hidden
/// visibility, so its Eigen stays private; only these two functions are exported.
#pragma once

#include "problems.hpp"

#define TGB_EXPORT __attribute__((visibility("default")))

namespace tgb {
TGB_EXPORT bool stan_supports(Pid p, int size);
/// A new kernel computing value and gradient with stan::math::gradient; the caller owns it.
TGB_EXPORT Kernel* stan_make(const Instance& in);
}  // namespace tgb

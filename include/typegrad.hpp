/// @file
/// The one header of typegrad: compile-time automatic differentiation of expression types.
#pragma once

#include <typegrad/config.hpp>

#include <typegrad/core/apply.hpp>
#include <typegrad/core/binding.hpp>
#include <typegrad/core/expression.hpp>
#include <typegrad/ops/activations.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/ops/trig.hpp>
#include <typegrad/passes/derivative.hpp>
#include <typegrad/passes/print.hpp>
#include <typegrad/api.hpp>
#include <typegrad/hana.hpp>
#include <typegrad/optimize.hpp>
#include <typegrad/version.hpp>

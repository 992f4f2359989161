/// @file
/// The one header of typegrad: compile-time automatic differentiation of expression types,
/// scalars and tensors with compile-time shapes alike.
#pragma once

#include <typegrad/config.hpp>

#include <typegrad/api.hpp>
#include <typegrad/core/apply.hpp>
#include <typegrad/core/binding.hpp>
#include <typegrad/core/expression.hpp>
#include <typegrad/hana.hpp>
#include <typegrad/hvp.hpp>
#include <typegrad/jacobian.hpp>
#include <typegrad/ops/activations.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/conditional.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/exp_log_bases.hpp>
#include <typegrad/ops/hyperbolic.hpp>
#include <typegrad/ops/hypot.hpp>
#include <typegrad/ops/inverse_trig.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/ops/pow.hpp>
#include <typegrad/ops/rounding.hpp>
#include <typegrad/ops/special.hpp>
#include <typegrad/ops/swish.hpp>
#include <typegrad/ops/trig.hpp>
#include <typegrad/optimize.hpp>
#include <typegrad/passes/derivative.hpp>
#include <typegrad/passes/print.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/check_gradient.hpp>
#include <typegrad/tensor/indexing.hpp>
#include <typegrad/tensor/labels.hpp>
#include <typegrad/tensor/layers.hpp>
#include <typegrad/tensor/linalg.hpp>
#include <typegrad/tensor/losses.hpp>
#include <typegrad/tensor/matmul.hpp>
#include <typegrad/tensor/maxout.hpp>
#include <typegrad/tensor/minibatches.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/optimizers.hpp>
#include <typegrad/tensor/products.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/softmax.hpp>
#include <typegrad/tensor/stack.hpp>
#include <typegrad/version.hpp>

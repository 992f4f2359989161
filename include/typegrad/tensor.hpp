/// @file
/// Vectors and matrices with compile-time shapes (docs/tensors.md): `tg::var<"W", 2, 3>`
/// is a 2x3 matrix bound to the caller's storage; `*` between tensors is the matrix product;
/// every scalar function of the core applies elementwise; gradients are computed by
/// vector-Jacobian products, never Jacobians.
#pragma once

#include <typegrad.hpp>
#include <typegrad/tensor/api.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/labels.hpp>
#include <typegrad/tensor/layers.hpp>
#include <typegrad/tensor/losses.hpp>
#include <typegrad/tensor/maxout.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/program.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/softmax.hpp>
#include <typegrad/tensor/stack.hpp>
#include <typegrad/tensor/check_gradient.hpp>
#include <typegrad/tensor/optimizers.hpp>

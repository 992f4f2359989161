/// @file
/// Defines + - * / and unary -, with the algebraic simplifications the symbolic derivative
/// relies on: the ops (ops/arithmetic_ops.hpp) and the operators (ops/arithmetic_operators.hpp).
#pragma once

#include <typegrad/ops/arithmetic_operators.hpp>
#include <typegrad/ops/arithmetic_ops.hpp>

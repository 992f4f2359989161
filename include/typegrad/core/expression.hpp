/// @file
/// The expression model: the four kinds of expression node, var, constant, literal
/// (core/leaves.hpp) and node<Op, Children...> (core/node.hpp), and how nodes are built
/// (core/literal_numbering.hpp).
#pragma once

#include <typegrad/core/leaves.hpp>
#include <typegrad/core/literal_numbering.hpp>
#include <typegrad/core/node.hpp>

/// @file
/// Defines the version of typegrad, the same as the CMake project version.
///
/// The CMake configure step checks that these numbers equal `project(typegrad VERSION ...)`
/// and fails when they differ, and the unit test `version` checks the string against them.
#pragma once

/// Major version: a change of it may break code that uses the public API.
#define TYPEGRAD_VERSION_MAJOR 0
/// Minor version: new features that keep the public API.
#define TYPEGRAD_VERSION_MINOR 1
/// Patch version: fixes only.
#define TYPEGRAD_VERSION_PATCH 0
/// The version as one number, MAJOR * 10000 + MINOR * 100 + PATCH, for preprocessor tests.
#define TYPEGRAD_VERSION (TYPEGRAD_VERSION_MAJOR * 10000 + TYPEGRAD_VERSION_MINOR * 100 + TYPEGRAD_VERSION_PATCH)
/// The version as the string "MAJOR.MINOR.PATCH".
#define TYPEGRAD_VERSION_STRING "0.1.0"

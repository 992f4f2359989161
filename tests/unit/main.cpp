// Catch2's main() lives in this TU only, so editing a test_*.cpp does not
// recompile it. Add tests as tests/unit/test_<topic>.cpp (picked up by glob).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

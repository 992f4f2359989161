// Random DAG expressions against mpmath, the even-numbered expressions: see
// random_dags_check.hpp (the other half is in test_random_dags_odd.cpp).
#include "random_dags_check.hpp"

TEST_CASE("random DAG expressions in every mode against mpmath, even-numbered", "[random]") {
    int rows = 0;
#define TG_DAG_EXPR(id, ...) rows += check_dag_in_part<0, id>(#__VA_ARGS__, [](auto x, auto y, auto z) { __VA_ARGS__ });
#define TG_DAG_ROW(id, ...)
#include "../data/random_dags.inc"
#undef TG_DAG_EXPR
#undef TG_DAG_ROW
    CHECK(rows == rows_of_part(0));
    CHECK(rows > 0);
}

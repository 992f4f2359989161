// expect-error: a column-major matrix .Eigen's default order. binds to a variable with a dynamic extent
// A column-major Eigen matrix is copied into a workspace sized at run time: a call whose
// extents are all fixed has none, so binding one there is one static_assert naming the fix.
#include <Eigen/Core>
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 2> W;
    constexpr auto f = tg::sum(W);
#ifdef TYPEGRAD_MUST_FAIL
    const Eigen::MatrixXd w = Eigen::MatrixXd::Ones(2, 2);
#else
    const Eigen::Matrix<double, 2, 2, Eigen::RowMajor> w = Eigen::Matrix<double, 2, 2, Eigen::RowMajor>::Ones();
#endif
    return static_cast<int>(tg::value_and_grad(f, W = w).value) - 4;
}

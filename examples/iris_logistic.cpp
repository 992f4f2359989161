// Logistic regression on the 100 setosa and versicolor rows of Fisher's iris data, read from
// a CSV file at run time (examples/data/iris_binary.csv): the feature matrix has a dynamic
// number of rows and 4 columns, bound to a std::vector read from the file.
//
//   iris_logistic examples/data/iris_binary.csv
#include "read_csv.hpp"

#include <typegrad.hpp>

#include <array>
#include <cstdio>
#include <vector>

namespace tg = typegrad;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: iris_logistic FILE.csv (4 feature columns, then a 0/1 label)\n");
        return 2;
    }
    const example::table data = example::read_csv(argv[1]);
    std::vector<double> features, labels;
    for (const auto& row : data.rows) {
        features.insert(features.end(), row.begin(), row.begin() + 4);
        labels.push_back(row[4]);
    }

    constexpr tg::var<"X", tg::dynamic, 4> X;  // one row per flower
    constexpr tg::var<"t", tg::dynamic> t;     // 1 for versicolor, 0 for setosa
    constexpr tg::var<"w", 4> w;
    constexpr tg::var<"b"> b;
    // The mean negative log-likelihood: softplus(z) - t z for the logits z = X w + b.
    constexpr auto z = X * w + b;
    constexpr auto loss = tg::mean(tg::softplus(z) - tg::hadamard(t, z));

    auto ws = tg::make_workspace(loss, X = features, t = labels);
    std::array<double, 4> weights{};
    double bias = 0;
    double value = 0;
    for (int iteration = 0; iteration < 2000; ++iteration) {
        const auto r =
            tg::value_and_grad(loss, ws, (X = features).no_grad(), (t = labels).no_grad(), w = weights, b = bias);
        value = r.value;
        for (std::size_t k = 0; k < 4; ++k) weights[k] -= 0.1 * r.grad[w](k);
        bias -= 0.1 * r.grad[b];
    }

    auto logits_ws = tg::make_workspace(z);
    const auto logits = tg::eval(z, logits_ws, X = features, w = weights, b = bias);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < logits.size(); ++i) correct += (logits(i) > 0) == (labels[i] == 1.0);
    std::printf("%zu rows: loss %.4f, weights %.3f %.3f %.3f %.3f, bias %.3f, %zu classified correctly\n",
                labels.size(), value, weights[0], weights[1], weights[2], weights[3], bias, correct);
    // Setosa and versicolor are linearly separable: every row is classified correctly.
    return correct == labels.size() && value < 0.05 ? 0 : 1;
}

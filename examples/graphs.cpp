// Prints the Graphviz text of (x + y) * z and of the sigmoid neuron (tg::to_dot). With an
// output directory argument it writes them there (docs/img is rendered from these).
#include <typegrad.hpp>

#include <cstdio>
#include <fstream>
#include <string>

namespace tg = typegrad;

int main(int argc, char** argv) {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    constexpr tg::var<"w0"> w0;
    constexpr tg::var<"x0"> x0;
    constexpr tg::var<"w1"> w1;
    constexpr tg::var<"x1"> x1;
    constexpr tg::var<"w2"> w2;
    const std::string simple = tg::to_dot((x + y) * z);
    const std::string neuron = tg::to_dot(1.0 / (1.0 + tg::exp(-(w0 * x0 + w1 * x1 + w2))));
    const std::string dag = tg::to_dot((x + y) * tg::pow(y, tg::c<3>));
    if (argc > 1) {
        const std::string dir = argv[1];
        std::ofstream(dir + "/graph_xyz.dot") << simple;
        std::ofstream(dir + "/graph_neuron.dot") << neuron;
        std::ofstream(dir + "/graph_dag.dot") << dag;
    }
    std::printf("%s\n%s\n%s", simple.c_str(), neuron.c_str(), dag.c_str());
    return 0;
}

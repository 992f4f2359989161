// Per-sample gradients of the seeds' sigmoid neuron f = sigmoid(w0 x0 + w1 x1 + w2) in a CUDA
// kernel: one thread per sample computes the value, the gradient by reverse mode, a
// directional derivative by forward mode and one Hessian entry, with the same typegrad calls
// as on the host. Without a GPU the kernel is compiled but not run (the program says so); with
// one, every number is compared with the host's.
#include <typegrad.hpp>

#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {
constexpr int outputs = 6;  // value, df/dw0, df/dw1, df/dw2, jvp along (1, 1, 1), d2f/dw0^2

/// The six numbers of one sample, on the host or the device.
/// The variables are local: device code cannot use a namespace-scope constexpr object.
__host__ __device__ void neuron_sample(double a, double b, const double* w, double* out) {
    constexpr tg::var<"w0"> w0;
    constexpr tg::var<"x0"> x0;
    constexpr tg::var<"w1"> w1;
    constexpr tg::var<"x1"> x1;
    constexpr tg::var<"w2"> w2;
    constexpr auto f = tg::sigmoid(w0 * x0 + w1 * x1 + w2);
    const auto at = tg::at(w0 = w[0], x0 = a, w1 = w[1], x1 = b, w2 = w[2]);
    const auto r = tg::value_and_grad(f, at);
    out[0] = r.value;
    out[1] = r.grad[w0];
    out[2] = r.grad[w1];
    out[3] = r.grad[w2];
    out[4] = tg::jvp(f, at, tg::at(w0 = 1.0, w1 = 1.0, w2 = 1.0)).tangent;
    out[5] = tg::hessian(f, at)[w0][w0];
}

__global__ void neuron_kernel(const double* x0s, const double* x1s, const double* weights, double* out, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) neuron_sample(x0s[i], x1s[i], weights, out + outputs * i);
}
}  // namespace

int main() {
    constexpr int n = 256;
    static double x0s[n], x1s[n], host[n * outputs], device[n * outputs];
    const double weights[3] = {2.0, -3.0, -3.0};  // the seeds' neuron
    for (int i = 0; i < n; ++i) {
        x0s[i] = -1.0 + 2.0 * i / n;
        x1s[i] = std::sin(0.1 * i);
        neuron_sample(x0s[i], x1s[i], weights, host + outputs * i);
    }
    // The seeds' worked example: x = (-1, -2) gives f = 0.73106, df/dw0 = -0.19661.
    double check[outputs];
    neuron_sample(-1.0, -2.0, weights, check);
    std::printf("host: f = %.5f, df/dw0 = %.5f at the seeds' point\n", check[0], check[1]);
    if (std::fabs(check[0] - 0.7310585786300049) > 1e-15 || std::fabs(check[1] + 0.19661193324148185) > 1e-15) return 1;

    int gpus = 0;
    if (cudaGetDeviceCount(&gpus) != cudaSuccess || gpus == 0) {
        std::printf("no CUDA device: the kernel is compiled, not run (skipped)\n");
        return 0;
    }
    double *d_x0 = nullptr, *d_x1 = nullptr, *d_w = nullptr, *d_out = nullptr;
    cudaMalloc(&d_x0, sizeof x0s);
    cudaMalloc(&d_x1, sizeof x1s);
    cudaMalloc(&d_w, sizeof weights);
    cudaMalloc(&d_out, sizeof device);
    cudaMemcpy(d_x0, x0s, sizeof x0s, cudaMemcpyHostToDevice);
    cudaMemcpy(d_x1, x1s, sizeof x1s, cudaMemcpyHostToDevice);
    cudaMemcpy(d_w, weights, sizeof weights, cudaMemcpyHostToDevice);
    neuron_kernel<<<(n + 127) / 128, 128>>>(d_x0, d_x1, d_w, d_out, n);
    const cudaError_t status = cudaMemcpy(device, d_out, sizeof device, cudaMemcpyDeviceToHost);
    cudaFree(d_x0);
    cudaFree(d_x1);
    cudaFree(d_w);
    cudaFree(d_out);
    if (status != cudaSuccess) {
        std::printf("CUDA error: %s\n", cudaGetErrorString(status));
        return 1;
    }
    // exp differs between the host's libm and CUDA's (both within 1-2 ulp): compare relatively.
    double worst = 0;
    for (int i = 0; i < n * outputs; ++i) {
        const double scale = std::fmax(std::fabs(host[i]), 1e-300);
        worst = std::fmax(worst, std::fabs(device[i] - host[i]) / scale);
    }
    std::printf("device ran %d samples; largest relative difference from the host: %.3g\n", n, worst);
    return worst <= 1e-14 ? 0 : 1;
}

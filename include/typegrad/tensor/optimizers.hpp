/// @file
/// Defines the optimizers (gradient descent / SGD, momentum, Adam); mini-batches are in
/// tensor/minibatches.hpp. Everything works
/// in place on the caller's buffers (parameters, gradients, optimizer state): a training
/// step allocates nothing.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <span>
#include <type_traits>

namespace typegrad {

// Scalar parameters: `opt.step(env, r.grad, state...)` updates every variable of an
// environment (tg::at(...)) by its partial in r.grad; momentum's velocity and Adam's two
// moments are environments of the same variables (include/typegrad/optimize.hpp).
template <class... Bindings>
struct environment;
template <class Variables, class T, class Used>
struct gradient;
namespace detail {
template <class Optimizer, class... Bindings, class Variables, class T, class Used, class... State>
constexpr void step_environment(Optimizer& optimizer, environment<Bindings...>& env,
                                const gradient<Variables, T, Used>& grad, State&... state);
}  // namespace detail

namespace detail {

/// Element type and compile-time extent of a caller's buffer: a std::array, a std::span with
/// static extent, a C array, or a single number (extent 1).
template <class S>
struct storage {
    static constexpr bool supported = std::is_floating_point_v<std::remove_const_t<S>>;
    using element = S;
    static constexpr std::size_t extent = 1;
    static constexpr element* data(S& s) { return &s; }
};
template <class T, std::size_t N>
struct storage<std::array<T, N>> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = N;
    static constexpr T* data(std::array<T, N>& s) { return s.data(); }
};
template <class T, std::size_t N>
struct storage<const std::array<T, N>> {
    static constexpr bool supported = true;
    using element = const T;
    static constexpr std::size_t extent = N;
    static constexpr const T* data(const std::array<T, N>& s) { return s.data(); }
};
template <class T, std::size_t N>
struct storage<std::span<T, N>> {
    static constexpr bool supported = N != std::dynamic_extent;
    using element = T;
    static constexpr std::size_t extent = N;
    static constexpr T* data(std::span<T, N>& s) { return s.data(); }
};
template <class T, std::size_t N>
struct storage<const std::span<T, N>> : storage<std::span<T, N>> {
    static constexpr T* data(const std::span<T, N>& s) { return s.data(); }
};
template <class T, std::size_t N>
struct storage<T[N]> {
    static constexpr bool supported = true;
    using element = T;
    static constexpr std::size_t extent = N;
    static constexpr T* data(T (&s)[N]) { return &s[0]; }
};

template <class S>
inline constexpr bool mutable_storage = !std::is_const_v<typename storage<S>::element>;

}  // namespace detail

/// One parameter tensor as an optimizer sees it: its values (updated in place), its
/// gradient, and the optimizer's per-element state (none, a velocity, or Adam's two
/// moments), all the caller's buffers of N elements. Made by tg::param.
template <class T, std::size_t N, std::size_t States>
struct parameter {
    static constexpr std::size_t size = N;
    static constexpr std::size_t states = States;
    T* values;
    const T* gradient;
    std::array<T*, States> state;
};

/// Groups a parameter's buffers for an optimizer: `tg::param(w, gw)` for gradient descent,
/// `tg::param(w, gw, velocity)` for momentum, `tg::param(w, gw, m, v)` for Adam. Each is a
/// std::array, a std::span with static extent, a C array or a single number, all with the
/// same number of elements. State buffers start at zero and belong to this parameter.
template <class P, class G, class... S>
constexpr auto param(P& values, const G& gradient, S&... state) {
    using namespace detail;
    using T = typename storage<P>::element;
    constexpr std::size_t N = storage<P>::extent;
    static_assert(storage<P>::supported && (storage<S>::supported && ...),
                  "typegrad: tg::param takes std::arrays, std::spans with static extent, C arrays or numbers");
    static_assert(mutable_storage<P> && (mutable_storage<S> && ...),
                  "typegrad: tg::param updates the parameter and its optimizer state in place: pass mutable buffers");
    static_assert(((storage<const G>::extent == N) && ... && (storage<S>::extent == N)),
                  "typegrad: a parameter, its gradient and its optimizer state must have the same number of elements");
    static_assert((std::is_same_v<std::remove_const_t<typename storage<const G>::element>, T> && ... &&
                   std::is_same_v<typename storage<S>::element, T>),
                  "typegrad: a parameter, its gradient and its optimizer state must have one element type");
    return parameter<T, N, sizeof...(S)>{
        storage<P>::data(values), storage<const G>::data(gradient), {storage<S>::data(state)...}};
}

/// Gradient descent, theta <- theta - eta grad J (seeds 002, 004). With the gradient of the
/// whole data set it is plain (batch) gradient descent; with the gradient of a mini-batch
/// (tg::minibatches) it is stochastic gradient descent.
///     tg::sgd opt{.learning_rate = 1e-4};
///     opt.step(tg::param(w1, gw1), tg::param(w2, gw2));
struct sgd {
    double learning_rate = 0.01;

    template <class... P>
    constexpr void step(const P&... params) const {
        static_assert(((P::states == 0) && ...), "typegrad: sgd takes tg::param(theta, gradient)");
        (update(params), ...);
    }

    template <class... B, class V, class T, class U, class... S>
    constexpr void step(environment<B...>& env, const gradient<V, T, U>& grad, S&... state) const {
        detail::step_environment(*this, env, grad, state...);
    }

private:
    template <class T, std::size_t N, std::size_t S>
    constexpr void update(const parameter<T, N, S>& p) const {
        const T eta = static_cast<T>(learning_rate);
        for (std::size_t i = 0; i < N; ++i) p.values[i] -= eta * p.gradient[i];
    }
};

/// Stochastic gradient descent is gradient descent on the gradient of a mini-batch.
/// Gradient descent with (heavy-ball) momentum: v <- mu v - eta g; theta <- theta + v. The
/// velocity v is the caller's buffer, zero at the start.
///     tg::momentum opt{.learning_rate = 0.01, .mu = 0.9};
///     opt.step(tg::param(w, gw, velocity));
struct momentum {
    double learning_rate = 0.01;
    double mu = 0.9;

    template <class... P>
    constexpr void step(const P&... params) const {
        static_assert(((P::states == 1) && ...), "typegrad: momentum takes tg::param(theta, gradient, velocity)");
        (update(params), ...);
    }

    template <class... B, class V, class T, class U, class... S>
    constexpr void step(environment<B...>& env, const gradient<V, T, U>& grad, S&... state) const {
        detail::step_environment(*this, env, grad, state...);
    }

private:
    template <class T, std::size_t N, std::size_t S>
    constexpr void update(const parameter<T, N, S>& p) const {
        const T eta = static_cast<T>(learning_rate), m = static_cast<T>(mu);
        T* v = p.state[0];
        for (std::size_t i = 0; i < N; ++i) {
            v[i] = m * v[i] - eta * p.gradient[i];
            p.values[i] += v[i];
        }
    }
};

/// Adam (Kingma and Ba 2015, Algorithm 1). At step t = 1, 2, ...:
///   m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2,
///   theta <- theta - eta m_hat / (sqrt(v_hat) + epsilon),
///   m_hat = m / (1 - beta1^t),   v_hat = v / (1 - beta2^t)   (bias corrections: m and v
///   start at zero, so early averages are too small by exactly those factors).
/// m and v are the caller's buffers, zero at the start. One step() call is one t for every
/// parameter it is given, so give it all parameters at once.
///     tg::adam opt{.learning_rate = 1e-3};
///     opt.step(tg::param(w1, gw1, m1, v1), tg::param(w2, gw2, m2, v2));
struct adam {
    double learning_rate = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    long long t = 0;  ///< steps taken so far

    template <class... P>
    void step(const P&... params) {
        static_assert(((P::states == 2) && ...), "typegrad: adam takes tg::param(theta, gradient, m, v)");
        ++t;
        (update(params), ...);
    }

    template <class... B, class V, class T, class U, class... S>
    void step(environment<B...>& env, const gradient<V, T, U>& grad, S&... state) {
        detail::step_environment(*this, env, grad, state...);
    }

private:
    template <class T, std::size_t N, std::size_t S>
    void update(const parameter<T, N, S>& p) const {
        using std::pow;
        using std::sqrt;
        const T b1 = static_cast<T>(beta1), b2 = static_cast<T>(beta2);
        const T correction1 = T(1) - pow(b1, static_cast<T>(t));
        const T correction2 = T(1) - pow(b2, static_cast<T>(t));
        const T eta = static_cast<T>(learning_rate), eps = static_cast<T>(epsilon);
        T* m = p.state[0];
        T* v = p.state[1];
        for (std::size_t i = 0; i < N; ++i) {
            const T g = p.gradient[i];
            m[i] = b1 * m[i] + (T(1) - b1) * g;
            v[i] = b2 * v[i] + (T(1) - b2) * (g * g);
            p.values[i] -= eta * (m[i] / correction1) / (sqrt(v[i] / correction2) + eps);
        }
    }
};

}  // namespace typegrad

/// @file
/// Defines mini-batches of a data set whose number of rows is known only at run time, each
/// batch with a compile-time shape, and the choice of what happens to a last partial batch.
#pragma once

#include <typegrad/tensor/optimizers.hpp>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <span>

namespace typegrad {

/// What tg::minibatches does with the rows that do not fill a last whole batch.
enum class last_batch {
    /// The last batch is completed with rows from the start of the epoch's order (rows that
    /// this epoch has already used), so that every row is used in every epoch. The default.
    fill,
    /// The rows that do not fill a last whole batch are left out of the epoch (shuffling
    /// changes which ones).
    drop,
};

/// Mini-batches of Batch rows from a data set whose number of rows is known only at run time
/// (the batch's shape is compile-time, so each batch binds to a tg::var<"X", Batch, D>).
/// The caller owns the row order (one std::size_t per row) and the batch buffers; a batch is
/// gathered by copying its rows. Last says what happens to a last partial batch.
///     std::vector<std::size_t> order(rows);          // once, before training
///     tg::minibatches<32> batches{order};
///     batches.shuffle(rng);                          // each epoch
///     for (std::size_t k = 0; k < batches.count(); ++k) {
///         batches.gather<D>(k, inputs, x_batch);     // x_batch: std::array<double, 32 * D>
///         batches.gather<1>(k, targets, y_batch);
///         ... value_and_grad, opt.step ...
///     }
template <std::size_t Batch, last_batch Last = last_batch::fill>
struct minibatches {
    static_assert(Batch > 0, "typegrad: a mini-batch holds at least one row");
    static constexpr std::size_t batch_rows = Batch;
    static constexpr last_batch last = Last;

    std::span<std::size_t> order;

    /// Starts with the rows in their stored order 0, 1, ..., rows - 1.
    constexpr explicit minibatches(std::span<std::size_t> row_order) : order(row_order) {
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    }

    constexpr std::size_t rows() const { return order.size(); }
    /// Batches per epoch: rows() / Batch rounded up (fill) or down (drop).
    constexpr std::size_t count() const {
        return Last == last_batch::fill ? (order.size() + Batch - 1) / Batch : order.size() / Batch;
    }
    /// The rows of batch k that the epoch has not used before it: Batch, except in a last
    /// partial batch completed with used rows (fill), where it is rows() - k * Batch. A loss
    /// that must weigh each row once per epoch scales batch k by fresh_rows(k) / Batch.
    constexpr std::size_t fresh_rows(std::size_t k) const { return std::min(Batch, order.size() - k * Batch); }

    /// A new random row order (Fisher-Yates, in place).
    template <class URBG>
    void shuffle(URBG&& generator) {
        std::shuffle(order.begin(), order.end(), generator);
    }

    /// Copies the rows of batch k (Row elements each, row-major) from `data` (rows() * Row
    /// elements) into `batch` (Batch * Row elements, a fixed-size buffer); batch k holds the
    /// rows order[k * Batch], ... (with fill, counted from the start again past the end).
    /// `data` is any contiguous range (a std::vector, a std::span, ...).
    template <std::size_t Row, class Data, class Out>
    constexpr void gather(std::size_t k, const Data& data, Out& batch) const {
        using S = detail::storage<Out>;
        static_assert(S::supported && S::extent == Batch * Row,
                      "typegrad: gather<Row> fills a fixed-size buffer of Batch * Row elements");
        auto* out = S::data(batch);
        for (std::size_t r = 0; r < Batch; ++r) {
            const std::size_t at = k * Batch + r;
            const auto* row = std::data(data) + order[at < order.size() ? at : at % order.size()] * Row;
            for (std::size_t j = 0; j < Row; ++j) out[r * Row + j] = row[j];
        }
    }
};

}  // namespace typegrad

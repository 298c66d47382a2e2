// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>

namespace awb::core {

/// A stop request shared between the thread that asks and the loop that checks between batches.
/// Copies share one request counter. `fromNow()` gives a token that trips only on requests made
/// after it was taken: a run stopped during training still scores its kept weights, and a second
/// stop, made while scoring, stops that too.
class CancelToken {
public:
    CancelToken() : count_(std::make_shared<std::atomic<int>>(0)) {}

    void requestCancel() const { count_->fetch_add(1, std::memory_order_relaxed); }
    bool cancelled() const { return count_->load(std::memory_order_relaxed) > baseline_; }
    void reset() const { count_->store(0, std::memory_order_relaxed); }

    /// A token sharing this one's counter that ignores the requests made so far.
    CancelToken fromNow() const {
        CancelToken t = *this;
        t.baseline_ = count_->load(std::memory_order_relaxed);
        return t;
    }

private:
    std::shared_ptr<std::atomic<int>> count_;
    int baseline_ = 0;
};

}  // namespace awb::core

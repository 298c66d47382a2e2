// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/windows.h"

#include <algorithm>
#include <deque>

namespace awb::core {

const char* toString(PointScore p) {
    switch (p) {
        case PointScore::Max: return "max";
        case PointScore::Mean: return "mean";
        case PointScore::Local: return "local";
    }
    return "?";
}

Expected<PointScore> parsePointScore(const std::string& text) {
    if (text == "max") return PointScore::Max;
    if (text == "mean") return PointScore::Mean;
    if (text == "local") return PointScore::Local;
    return Error{ErrorCode::InvalidArgument, "'" + text + "' is not one of max, mean, local"};
}

std::vector<size_t> windowStarts(const std::vector<uint8_t>& allowed, size_t length, size_t stride) {
    std::vector<size_t> starts;
    if (length == 0 || stride == 0 || allowed.size() < length) return starts;
    // run = number of consecutive allowed points ending at i
    size_t run = 0;
    size_t next = 0;  // the earliest start the stride permits
    for (size_t i = 0; i < allowed.size(); ++i) {
        run = allowed[i] ? run + 1 : 0;
        if (run >= length) {
            const size_t start = i + 1 - length;
            if (start >= next) {
                starts.push_back(start);
                next = start + stride;
            }
        }
    }
    return starts;
}

Dataset cutWindows(const Dataset& points, const std::vector<size_t>& starts, size_t length) {
    Dataset out;
    out.kind = DataKind::TimeSeries;
    out.source = points.source;
    const size_t features = points.sampleSize();
    out.sampleShape = {static_cast<int64_t>(length), static_cast<int64_t>(features)};
    out.featureNames = points.featureNames;
    resizeLarge(out.values, starts.size() * length * features);
    for (size_t k = 0; k < starts.size(); ++k) {
        std::copy_n(points.sample(starts[k]), length * features, out.values.data() + k * length * features);
    }
    return out;
}

namespace {

/// The stride-1 windows covering point i, among `windows` windows of `length` points: first and
/// last index (first > last when none does).
struct Covering {
    size_t first, last;
};
Covering coveringWindows(size_t i, size_t length, size_t windows) {
    return {i + 1 >= length ? i + 1 - length : 0, std::min(i, windows - 1)};
}

}  // namespace

std::vector<double> pointScores(const std::vector<double>& windowScores, size_t points, size_t length,
                                PointScore how) {
    std::vector<double> out(points, 0.0);
    if (windowScores.empty() || length == 0) return out;
    const size_t windows = windowScores.size();
    if (how != PointScore::Max) {
        // prefix sums over window scores
        std::vector<double> prefix(windows + 1, 0.0);
        for (size_t k = 0; k < windows; ++k) prefix[k + 1] = prefix[k] + windowScores[k];
        for (size_t i = 0; i < points; ++i) {
            const auto [first, last] = coveringWindows(i, length, windows);
            if (first > last) continue;
            out[i] = (prefix[last + 1] - prefix[first]) / static_cast<double>(last - first + 1);
        }
        return out;
    }
    // sliding maximum with a monotonic deque of window indices
    std::deque<size_t> dq;
    size_t added = 0;
    for (size_t i = 0; i < points; ++i) {
        const auto [first, last] = coveringWindows(i, length, windows);
        while (added <= last) {
            while (!dq.empty() && windowScores[dq.back()] <= windowScores[added]) dq.pop_back();
            dq.push_back(added++);
        }
        while (!dq.empty() && dq.front() < first) dq.pop_front();
        if (!dq.empty()) out[i] = windowScores[dq.front()];
    }
    return out;
}

StepMeans::StepMeans(size_t points, size_t length) : length_(length), sums_(points, 0.0) {}

void StepMeans::add(size_t firstWindow, const std::vector<double>& steps) {
    const size_t windows = length_ == 0 ? 0 : steps.size() / length_;
    for (size_t k = 0; k < windows; ++k) {
        const size_t start = firstWindow + k;
        const size_t n = start < sums_.size() ? std::min(length_, sums_.size() - start) : 0;
        for (size_t j = 0; j < n; ++j) sums_[start + j] += steps[k * length_ + j];
    }
}

std::vector<double> StepMeans::means() const {
    std::vector<double> out(sums_.size(), 0.0);
    if (length_ == 0 || sums_.size() < length_) return out;
    const size_t windows = sums_.size() - length_ + 1;
    for (size_t i = 0; i < out.size(); ++i) {
        const auto [first, last] = coveringWindows(i, length_, windows);
        out[i] = sums_[i] / static_cast<double>(last - first + 1);
    }
    return out;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/data/dataset.h"

namespace awb::core {

/// How a point's score is made from the windows covering it: the max or the mean of their
/// scores (a window's score is its mean error, so an anomaly lends its score to every point up to
/// a window length away), or Local: the mean over those windows of the error at the point itself.
enum class PointScore { Max, Mean, Local };
const char* toString(PointScore p);
Expected<PointScore> parsePointScore(const std::string& text);

/// Starts of the windows of `length` points, `stride` apart, that lie wholly on allowed points
/// (allowed[i] != 0). With every point allowed: 0, stride, 2·stride, ... up to size - length.
std::vector<size_t> windowStarts(const std::vector<uint8_t>& allowed, size_t length, size_t stride);

/// The windows starting at `starts`, as samples of shape {length, features} (time first).
Dataset cutWindows(const Dataset& points, const std::vector<size_t>& starts, size_t length);

/// Per-point scores of a series of `points` points from the scores of its stride-1 windows
/// (window k covers points k .. k+length-1): each point takes the max or the mean over the
/// windows covering it (Local, which needs per-step errors, is made by StepMeans; here it reads
/// as Mean).
std::vector<double> pointScores(const std::vector<double>& windowScores, size_t points, size_t length,
                                PointScore how);

/// PointScore::Local: per-point means of per-step values of the stride-1 windows of a series,
/// fed a chunk of consecutive windows at a time so that memory stays one value per point.
class StepMeans {
public:
    StepMeans(size_t points, size_t length);
    /// `steps` holds windows × length values (window-major) of the windows starting at
    /// firstWindow, firstWindow + 1, ...
    void add(size_t firstWindow, const std::vector<double>& steps);
    /// Each point's sum divided by the number of windows covering it.
    std::vector<double> means() const;

private:
    size_t length_;
    std::vector<double> sums_;
};

}  // namespace awb::core

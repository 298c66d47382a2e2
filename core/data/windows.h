// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/data/dataset.h"

namespace awb::core {

/// How a point's score is made from the scores of the windows covering it.
enum class PointScore { Max, Mean };
const char* toString(PointScore p);
Expected<PointScore> parsePointScore(const std::string& text);

/// Starts of the windows of `length` points, `stride` apart, that lie wholly on allowed points
/// (allowed[i] != 0). With every point allowed: 0, stride, 2·stride, ... up to size - length.
std::vector<size_t> windowStarts(const std::vector<uint8_t>& allowed, size_t length, size_t stride);

/// The windows starting at `starts`, as samples of shape {length, features} (time first).
Dataset cutWindows(const Dataset& points, const std::vector<size_t>& starts, size_t length);

/// Per-point scores of a series of `points` points from the scores of its stride-1 windows
/// (window k covers points k .. k+length-1): each point takes the max or the mean over the
/// windows covering it.
std::vector<double> pointScores(const std::vector<double>& windowScores, size_t points, size_t length,
                                PointScore how);

}  // namespace awb::core

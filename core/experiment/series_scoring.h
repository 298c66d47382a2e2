// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/experiment (the public functions are in experiment_runner.h).
#pragma once

#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_config.h"

namespace awb::core {

/// Per-point scores of `points` points from seriesScoreTerms' parts: weighted, then each point
/// takes the max or mean of the windows covering it (config.point_score); local parts are per
/// point already.
Expected<std::vector<double>> seriesPointScores(const std::vector<std::vector<double>>& terms,
                                                const std::vector<double>& weights, size_t points,
                                                const DataConfig& config);

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"

namespace awb::core {

enum class ThresholdKind {
    MeanStd,     ///< mean + k * std of the training errors (population std, as numpy's np.std)
    Percentile,  ///< p-th percentile of the training errors (linear interpolation, as numpy)
    Value,       ///< a fixed value
    BestF1,      ///< the value maximising F1 on labelled validation data: uses labels
};

struct ThresholdRule {
    ThresholdKind kind = ThresholdKind::MeanStd;
    double parameter = 1.0;  ///< k, p or the value

    bool usesLabels() const { return kind == ThresholdKind::BestF1; }
};

/// Parses "mean-std", "mean-std:K", "percentile:P", "value:V" or "best-f1".
Expected<ThresholdRule> parseThresholdRule(const std::string& text);
/// The inverse of parseThresholdRule.
std::string toString(const ThresholdRule& rule);

double mean(const std::vector<double>& x);
/// Population standard deviation (divides by n).
double stddev(const std::vector<double>& x);
/// Linear interpolation between closest ranks, p in [0, 100].
double percentile(std::vector<double> x, double p);

/// The threshold maximising F1 (anomaly = positive) when scores above it are flagged: the
/// midpoint between the lowest flagged score and the next lower one.
double bestF1Threshold(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly);

/// Applies the rule. Statistics rules use trainScores; BestF1 uses the labelled validation scores
/// and fails when they are missing or hold a single class.
Expected<double> computeThreshold(const ThresholdRule& rule, const std::vector<double>& trainScores,
                                  const std::vector<double>& validationScores,
                                  const std::vector<uint8_t>& validationAnomaly);

}  // namespace awb::core

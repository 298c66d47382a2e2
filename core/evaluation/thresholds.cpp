// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/thresholds.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <sstream>

#include "core/common/text.h"
#include "core/evaluation/metrics.h"

namespace awb::core {

Expected<ThresholdRule> parseThresholdRule(const std::string& text) {
    const auto colon = text.find(':');
    const std::string name = text.substr(0, colon);
    const bool hasArg = colon != std::string::npos;
    double arg = 0;
    if (hasArg && !parseFiniteDouble(text.substr(colon + 1), arg)) {
        return Error{ErrorCode::InvalidArgument,
                     "threshold '" + text + "': '" + text.substr(colon + 1) + "' is not a number"};
    }
    if (name == "mean-std") {
        if (hasArg && arg < 0) {
            return Error{ErrorCode::InvalidArgument, "threshold '" + text + "': k must be >= 0"};
        }
        return ThresholdRule{ThresholdKind::MeanStd, hasArg ? arg : 1.0};
    }
    if (name == "percentile") {
        if (!hasArg || arg < 0 || arg > 100) {
            return Error{ErrorCode::InvalidArgument,
                         "threshold '" + text + "': use percentile:P with P between 0 and 100"};
        }
        return ThresholdRule{ThresholdKind::Percentile, arg};
    }
    if (name == "value") {
        if (!hasArg) {
            return Error{ErrorCode::InvalidArgument, "threshold '" + text + "': use value:V"};
        }
        return ThresholdRule{ThresholdKind::Value, arg};
    }
    if (name == "best-f1" && !hasArg) return ThresholdRule{ThresholdKind::BestF1, 0.0};
    return Error{ErrorCode::InvalidArgument,
                 "threshold '" + text +
                     "' is not one of mean-std, mean-std:K, percentile:P, value:V, best-f1"};
}

std::string toString(const ThresholdRule& rule) {
    switch (rule.kind) {
        case ThresholdKind::MeanStd:
            return "mean-std:" + formatNumber(rule.parameter, 12);
        case ThresholdKind::Percentile:
            return "percentile:" + formatNumber(rule.parameter, 12);
        case ThresholdKind::Value:
            return "value:" + formatNumber(rule.parameter, 12);
        case ThresholdKind::BestF1: return "best-f1";
    }
    return "mean-std:1";
}

double mean(const std::vector<double>& x) {
    if (x.empty()) return 0.0;
    return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double stddev(const std::vector<double>& x) {
    if (x.empty()) return 0.0;
    const double m = mean(x);
    double ss = 0;
    for (double v : x) ss += (v - m) * (v - m);
    return std::sqrt(ss / static_cast<double>(x.size()));
}

double percentile(std::vector<double> x, double p) {
    if (x.empty()) return 0.0;
    std::sort(x.begin(), x.end());
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(x.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(rank));
    const size_t hi = std::min(lo + 1, x.size() - 1);
    return x[lo] + (rank - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

double bestF1Threshold(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly) {
    std::vector<double> sorted(scores);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    if (sorted.empty()) return 0.0;
    // Candidate k flags every score >= sorted[k]: its threshold lies just below sorted[k].
    double bestF1 = -1, best = sorted.front();
    for (size_t k = 0; k < sorted.size(); ++k) {
        const double t = k == 0 ? sorted[0] - (sorted.size() > 1 ? (sorted[1] - sorted[0]) / 2 : 1.0)
                                : (sorted[k - 1] + sorted[k]) / 2;
        const double f1 = metricsFrom(confusionAt(scores, anomaly, t)).f1;
        if (f1 > bestF1) {
            bestF1 = f1;
            best = t;
        }
    }
    return best;
}

Expected<double> computeThreshold(const ThresholdRule& rule, const std::vector<double>& trainScores,
                                  const std::vector<double>& validationScores,
                                  const std::vector<uint8_t>& validationAnomaly) {
    const bool needsTrain = rule.kind == ThresholdKind::MeanStd || rule.kind == ThresholdKind::Percentile;
    if (needsTrain && trainScores.empty()) {
        return Error{ErrorCode::InvalidArgument,
                     "threshold " + toString(rule) + ": no training errors to take statistics of"};
    }
    switch (rule.kind) {
        case ThresholdKind::MeanStd: return mean(trainScores) + rule.parameter * stddev(trainScores);
        case ThresholdKind::Percentile: return percentile(trainScores, rule.parameter);
        case ThresholdKind::Value: return rule.parameter;
        case ThresholdKind::BestF1: {
            size_t anomalies = 0;
            for (uint8_t a : validationAnomaly) anomalies += a;
            if (validationScores.empty() || anomalies == 0 || anomalies == validationAnomaly.size()) {
                return Error{ErrorCode::InvalidArgument,
                             "threshold best-f1 needs labelled validation data holding both normal "
                             "and anomalous samples (set a validation fraction > 0)"};
            }
            return bestF1Threshold(validationScores, validationAnomaly);
        }
    }
    return Error{ErrorCode::Internal, "unknown threshold rule"};
}

}  // namespace awb::core

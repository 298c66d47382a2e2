// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace awb::core {

/// Counts with the anomaly class as positive: a sample is predicted anomalous when its score is
/// strictly above the threshold.
struct ConfusionMatrix {
    size_t tp = 0;  ///< anomalies flagged
    size_t fp = 0;  ///< normal samples flagged
    size_t tn = 0;  ///< normal samples passed
    size_t fn = 0;  ///< anomalies missed
};

struct ClassificationMetrics {
    ConfusionMatrix confusion;
    double accuracy = 0;
    double precision = 0;  ///< tp / (tp + fp); 0 when nothing is flagged
    double recall = 0;     ///< tp / (tp + fn); 0 when there are no anomalies
    double f1 = 0;         ///< harmonic mean of precision and recall; 0 when both are 0
    double specificity = 0;
};

ConfusionMatrix confusionAt(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly,
                            double threshold);
ClassificationMetrics metricsFrom(const ConfusionMatrix& cm);

/// Point-adjusted confusion for a time series (points in time order): when any point of a
/// contiguous labelled anomaly segment is flagged, every point of that segment counts as found.
/// This is the protocol of many time-series papers and it INFLATES results (a random score can
/// look excellent under it); report it only next to the point-wise figures, labelled as such.
ConfusionMatrix pointAdjustedConfusionAt(const std::vector<double>& scores,
                                         const std::vector<uint8_t>& anomaly, double threshold);

/// Area under the ROC curve, ties counted as half (the Mann-Whitney statistic). NaN when only
/// one class is present.
double auroc(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly);

/// Area under the precision-recall curve as average precision (sum of precision times the recall
/// gained at each distinct score, as scikit-learn computes it). NaN without anomalies.
double auprc(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly);

struct CurvePoint {
    double x = 0;
    double y = 0;
    double threshold = 0;
};

/// ROC curve (x = false-positive rate, y = true-positive rate), one point per distinct score,
/// starting at (0, 0).
std::vector<CurvePoint> rocCurve(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly);

/// Precision-recall curve (x = recall, y = precision), one point per distinct score.
std::vector<CurvePoint> prCurve(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly);

struct Histogram {
    double lo = 0;
    double hi = 1;
    std::vector<std::vector<size_t>> counts;  ///< counts[group][bin]
};

/// Histogram of scores per group (for example normal / anomaly, or per class) over shared bins
/// spanning [lo, hi]; values outside fall in the first or last bin.
Histogram histogram(const std::vector<double>& scores, const std::vector<int>& group, int groups,
                    int bins, double lo, double hi);

}  // namespace awb::core

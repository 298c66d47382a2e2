// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace awb::core {

ConfusionMatrix confusionAt(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly,
                            double threshold) {
    ConfusionMatrix cm;
    for (size_t i = 0; i < scores.size(); ++i) {
        const bool flagged = scores[i] > threshold;
        if (anomaly[i]) {
            flagged ? ++cm.tp : ++cm.fn;
        } else {
            flagged ? ++cm.fp : ++cm.tn;
        }
    }
    return cm;
}

ConfusionMatrix pointAdjustedConfusionAt(const std::vector<double>& scores,
                                         const std::vector<uint8_t>& anomaly, double threshold) {
    ConfusionMatrix cm;
    size_t i = 0;
    while (i < scores.size()) {
        if (!anomaly[i]) {
            scores[i] > threshold ? ++cm.fp : ++cm.tn;
            ++i;
            continue;
        }
        size_t end = i;
        bool found = false;
        while (end < scores.size() && anomaly[end]) found |= scores[end++] > threshold;
        (found ? cm.tp : cm.fn) += end - i;
        i = end;
    }
    return cm;
}

namespace {
double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }
}  // namespace

ClassificationMetrics metricsFrom(const ConfusionMatrix& cm) {
    ClassificationMetrics m;
    m.confusion = cm;
    const double tp = cm.tp, fp = cm.fp, tn = cm.tn, fn = cm.fn;
    m.accuracy = ratio(tp + tn, tp + fp + tn + fn);
    m.precision = ratio(tp, tp + fp);
    m.recall = ratio(tp, tp + fn);
    m.f1 = ratio(2 * m.precision * m.recall, m.precision + m.recall);
    m.specificity = ratio(tn, tn + fp);
    return m;
}

namespace {

/// Indices sorted by descending score.
std::vector<size_t> descending(const std::vector<double>& scores) {
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    return order;
}

/// Cumulative (tp, fp) after each block of equal scores, highest scores first.
struct Step {
    double tp, fp, threshold;
};

std::vector<Step> steps(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly) {
    const auto order = descending(scores);
    std::vector<Step> out;
    double tp = 0, fp = 0;
    for (size_t k = 0; k < order.size(); ++k) {
        anomaly[order[k]] ? ++tp : ++fp;
        if (k + 1 == order.size() || scores[order[k + 1]] != scores[order[k]]) {
            out.push_back({tp, fp, scores[order[k]]});
        }
    }
    return out;
}

}  // namespace

double auroc(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly) {
    double positives = 0, negatives = 0;
    for (uint8_t a : anomaly) a ? ++positives : ++negatives;
    if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
    // Trapezoids between successive ROC points count ties as half.
    double area = 0, prevTp = 0, prevFp = 0;
    for (const Step& s : steps(scores, anomaly)) {
        area += (s.fp - prevFp) * (s.tp + prevTp) / 2.0;
        prevTp = s.tp;
        prevFp = s.fp;
    }
    return area / (positives * negatives);
}

double auprc(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly) {
    double positives = 0;
    for (uint8_t a : anomaly) positives += a;
    if (positives == 0) return std::numeric_limits<double>::quiet_NaN();
    double ap = 0, prevRecall = 0;
    for (const Step& s : steps(scores, anomaly)) {
        const double recall = s.tp / positives;
        ap += (recall - prevRecall) * (s.tp / (s.tp + s.fp));
        prevRecall = recall;
    }
    return ap;
}

std::vector<CurvePoint> rocCurve(const std::vector<double>& scores,
                                 const std::vector<uint8_t>& anomaly) {
    double positives = 0, negatives = 0;
    for (uint8_t a : anomaly) a ? ++positives : ++negatives;
    std::vector<CurvePoint> curve{{0, 0, std::numeric_limits<double>::infinity()}};
    for (const Step& s : steps(scores, anomaly)) {
        curve.push_back({ratio(s.fp, negatives), ratio(s.tp, positives), s.threshold});
    }
    return curve;
}

std::vector<CurvePoint> prCurve(const std::vector<double>& scores,
                                const std::vector<uint8_t>& anomaly) {
    double positives = 0;
    for (uint8_t a : anomaly) positives += a;
    std::vector<CurvePoint> curve;
    for (const Step& s : steps(scores, anomaly)) {
        curve.push_back({ratio(s.tp, positives), ratio(s.tp, s.tp + s.fp), s.threshold});
    }
    return curve;
}

Histogram histogram(const std::vector<double>& scores, const std::vector<int>& group, int groups,
                    int bins, double lo, double hi) {
    Histogram h;
    h.lo = lo;
    h.hi = hi > lo ? hi : lo + 1.0;
    bins = std::max(bins, 1);
    h.counts.assign(static_cast<size_t>(std::max(groups, 0)), std::vector<size_t>(bins, 0));
    const double width = (h.hi - h.lo) / bins;
    for (size_t i = 0; i < scores.size(); ++i) {
        if (group[i] < 0 || group[i] >= groups || !std::isfinite(scores[i])) continue;
        long bin = static_cast<long>(std::floor((scores[i] - h.lo) / width));
        bin = std::clamp(bin, 0L, static_cast<long>(bins) - 1);
        ++h.counts[group[i]][bin];
    }
    return h;
}

}  // namespace awb::core

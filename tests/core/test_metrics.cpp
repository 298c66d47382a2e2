// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>

#include "core/evaluation/metrics.h"

using namespace awb::core;

namespace {
// Hand-worked example: 4 anomalies, 6 normal samples.
const std::vector<double> kScores{0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2, 0.1};
const std::vector<uint8_t> kAnomaly{1, 1, 0, 1, 0, 0, 1, 0, 0, 0};
}  // namespace

TEST(Confusion, CountsWithAnomalyAsPositive) {
    // Flagged (> 0.52): 0.9 A, 0.8 A, 0.7 N, 0.6 A, 0.55 N.
    const auto cm = confusionAt(kScores, kAnomaly, 0.52);
    EXPECT_EQ(cm.tp, 3u);
    EXPECT_EQ(cm.fp, 2u);
    EXPECT_EQ(cm.tn, 4u);
    EXPECT_EQ(cm.fn, 1u);
    const auto m = metricsFrom(cm);
    EXPECT_DOUBLE_EQ(m.accuracy, 0.7);
    EXPECT_DOUBLE_EQ(m.precision, 0.6);
    EXPECT_DOUBLE_EQ(m.recall, 0.75);
    EXPECT_DOUBLE_EQ(m.f1, 2 * 0.6 * 0.75 / 1.35);
    EXPECT_DOUBLE_EQ(m.specificity, 4.0 / 6.0);
}

TEST(Confusion, ScoreEqualToThresholdIsNotFlagged) {
    const auto cm = confusionAt({0.5, 0.5}, {1, 0}, 0.5);
    EXPECT_EQ(cm.tp, 0u);
    EXPECT_EQ(cm.fn, 1u);
    EXPECT_EQ(cm.tn, 1u);
}

TEST(Confusion, DegenerateRatiosAreZero) {
    const auto m = metricsFrom(confusionAt({0.1, 0.2}, {0, 0}, 1.0));
    EXPECT_DOUBLE_EQ(m.precision, 0);
    EXPECT_DOUBLE_EQ(m.recall, 0);
    EXPECT_DOUBLE_EQ(m.f1, 0);
    EXPECT_DOUBLE_EQ(m.accuracy, 1);
}

TEST(Auroc, MatchesPairCounting) {
    // Pairs (anomaly, normal) ranked correctly: A0.9:6, A0.8:6, A0.6:5, A0.4:3 = 20 of 24.
    EXPECT_DOUBLE_EQ(auroc(kScores, kAnomaly), 20.0 / 24.0);
}

TEST(Auroc, TiesCountHalfAndExtremes) {
    EXPECT_DOUBLE_EQ(auroc({0.5, 0.5}, {1, 0}), 0.5);
    EXPECT_DOUBLE_EQ(auroc({1, 2, 3, 4}, {0, 0, 1, 1}), 1.0);
    EXPECT_DOUBLE_EQ(auroc({1, 2, 3, 4}, {1, 1, 0, 0}), 0.0);
    // One tie across classes among 2x2 pairs: 3 right + 0.5.
    EXPECT_DOUBLE_EQ(auroc({1, 2, 2, 3}, {0, 0, 1, 1}), 3.5 / 4.0);
    EXPECT_TRUE(std::isnan(auroc({1, 2}, {0, 0})));
}

TEST(Auprc, AveragePrecisionByHand) {
    // Anomalies at ranks 1, 2, 4, 7: AP = (1/1 + 2/2 + 3/4 + 4/7) / 4.
    EXPECT_NEAR(auprc(kScores, kAnomaly), (1.0 + 1.0 + 0.75 + 4.0 / 7.0) / 4.0, 1e-12);
    EXPECT_DOUBLE_EQ(auprc({1, 2, 3}, {0, 1, 1}), 1.0);
    EXPECT_TRUE(std::isnan(auprc({1, 2}, {0, 0})));
    // All tied: precision is the prevalence.
    EXPECT_DOUBLE_EQ(auprc({1, 1, 1, 1}, {1, 0, 0, 0}), 0.25);
}

TEST(Curves, RocAndPrPoints) {
    const auto roc = rocCurve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    ASSERT_EQ(roc.size(), 5u);
    EXPECT_DOUBLE_EQ(roc[0].x, 0);
    EXPECT_DOUBLE_EQ(roc[1].y, 0.5);  // 0.8 flagged
    EXPECT_DOUBLE_EQ(roc[2].x, 0.5);  // 0.4 flagged
    EXPECT_DOUBLE_EQ(roc[4].x, 1);
    EXPECT_DOUBLE_EQ(roc[4].y, 1);
    const auto pr = prCurve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    ASSERT_EQ(pr.size(), 4u);
    EXPECT_DOUBLE_EQ(pr[0].y, 1.0);
    EXPECT_DOUBLE_EQ(pr[2].x, 1.0);
    EXPECT_DOUBLE_EQ(pr[2].y, 2.0 / 3.0);
}

TEST(Histogram, BinsPerGroup) {
    const auto h = histogram({0.05, 0.15, 0.15, 0.95, 2.0, -1.0}, {0, 0, 1, 1, 0, 1}, 2, 10, 0.0, 1.0);
    ASSERT_EQ(h.counts.size(), 2u);
    EXPECT_EQ(h.counts[0][0], 1u);
    EXPECT_EQ(h.counts[0][1], 1u);
    EXPECT_EQ(h.counts[0][9], 1u);  // 2.0 clamps into the last bin
    EXPECT_EQ(h.counts[1][1], 1u);
    EXPECT_EQ(h.counts[1][9], 1u);
    EXPECT_EQ(h.counts[1][0], 1u);  // -1.0 clamps into the first
}

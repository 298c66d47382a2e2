// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "core/evaluation/metrics.h"
#include "core/evaluation/thresholds.h"
#include "core/experiment/experiment_runner.h"

using namespace awb::core;

TEST(Thresholds, MeanStdUsesPopulationStd) {
    const std::vector<double> train{2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, std 2
    auto t = computeThreshold({ThresholdKind::MeanStd, 1.0}, train, {}, {});
    ASSERT_TRUE(t.ok());
    EXPECT_DOUBLE_EQ(*t, 7.0);
    EXPECT_DOUBLE_EQ(*computeThreshold({ThresholdKind::MeanStd, 2.5}, train, {}, {}), 10.0);
}

TEST(Thresholds, PercentileInterpolatesLikeNumpy) {
    const std::vector<double> train{1, 2, 3, 4};
    EXPECT_DOUBLE_EQ(percentile(train, 50), 2.5);
    EXPECT_DOUBLE_EQ(percentile(train, 90), 3.7);
    EXPECT_DOUBLE_EQ(percentile(train, 0), 1);
    EXPECT_DOUBLE_EQ(percentile(train, 100), 4);
    EXPECT_DOUBLE_EQ(*computeThreshold({ThresholdKind::Percentile, 75}, {4, 3, 2, 1}, {}, {}), 3.25);
}

TEST(Thresholds, FixedValue) {
    EXPECT_DOUBLE_EQ(*computeThreshold({ThresholdKind::Value, 0.3}, {}, {}, {}), 0.3);
}

TEST(Thresholds, BestF1SeparatesWhenPossible) {
    const std::vector<double> s{0.1, 0.2, 0.3, 0.7, 0.8};
    const std::vector<uint8_t> a{0, 0, 0, 1, 1};
    auto t = computeThreshold({ThresholdKind::BestF1, 0}, {}, s, a);
    ASSERT_TRUE(t.ok());
    EXPECT_DOUBLE_EQ(*t, 0.5);
    EXPECT_DOUBLE_EQ(metricsFrom(confusionAt(s, a, *t)).f1, 1.0);
}

TEST(Thresholds, BestF1MaximisesF1) {
    // Flag {0.9}: F1 2/3*... check by brute force over every cut.
    const std::vector<double> s{0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
    const std::vector<uint8_t> a{1, 0, 1, 1, 0, 0};
    const double t = bestF1Threshold(s, a);
    const double f1 = metricsFrom(confusionAt(s, a, t)).f1;
    for (double cut : {0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.3}) {
        EXPECT_GE(f1, metricsFrom(confusionAt(s, a, cut)).f1);
    }
    EXPECT_DOUBLE_EQ(t, 0.55);  // flags 0.9..0.6: P 3/4, R 1, F1 6/7
}

TEST(Thresholds, BestF1NeedsBothClasses) {
    EXPECT_FALSE(computeThreshold({ThresholdKind::BestF1, 0}, {1}, {}, {}).ok());
    EXPECT_FALSE(computeThreshold({ThresholdKind::BestF1, 0}, {1}, {0.1, 0.2}, {0, 0}).ok());
    EXPECT_FALSE(computeThreshold({ThresholdKind::MeanStd, 1}, {}, {}, {}).ok());
}

TEST(Thresholds, ParseAndPrintRules) {
    EXPECT_EQ(parseThresholdRule("mean-std")->parameter, 1.0);
    EXPECT_EQ(parseThresholdRule("mean-std:2.5")->parameter, 2.5);
    EXPECT_EQ(parseThresholdRule("percentile:95")->kind, ThresholdKind::Percentile);
    EXPECT_EQ(parseThresholdRule("value:0.03")->parameter, 0.03);
    EXPECT_TRUE(parseThresholdRule("best-f1")->usesLabels());
    for (const char* bad : {"median", "percentile", "percentile:120", "value:x", "mean-std:-1",
                            "best-f1:2", "value:nan"}) {
        auto r = parseThresholdRule(bad);
        EXPECT_FALSE(r.ok()) << bad;
        if (!r.ok()) {
            EXPECT_NE(r.error().message.find(std::string("'") + bad + "'"), std::string::npos);
        }
    }
    for (const char* text : {"mean-std:1", "percentile:99.5", "value:0.125", "best-f1"}) {
        EXPECT_EQ(toString(*parseThresholdRule(text)), text);
    }
}

// Moving the threshold over the same scores keeps AUROC and AUPRC (computed once per scoring);
// other scores recompute them.
TEST(Thresholds, AMovedThresholdReusesTheThresholdFreeFigures) {
    awb::core::PreparedData p;
    p.labelled = true;
    for (size_t i = 0; i < 8; ++i) p.split.test.push_back(i);
    p.anomaly = {0, 0, 0, 0, 1, 1, 0, 1};
    const std::vector<double> scores{0.1, 0.2, 0.3, 0.1, 0.9, 0.8, 0.25, 0.7};
    const awb::core::ThresholdRule rule{awb::core::ThresholdKind::Value, 0.5};
    auto first = awb::core::evaluateAt(p, scores, rule, 0.5);
    EXPECT_DOUBLE_EQ(first.auroc, 1.0);
    first.auroc = 0.123;  // a marker: reused, not recomputed
    const auto moved = awb::core::evaluateAt(p, scores, rule, 0.75, &first);
    EXPECT_DOUBLE_EQ(moved.auroc, 0.123);
    EXPECT_EQ(moved.metrics.confusion.tp, 2);  // the threshold-dependent part is new
    auto other = scores;
    other[0] = 0.95;
    const auto rescored = awb::core::evaluateAt(p, other, rule, 0.75, &first);
    EXPECT_LT(rescored.auroc, 1.0);
    EXPECT_NE(rescored.auroc, 0.123);
}

// SPDX-License-Identifier: GPL-3.0-or-later
// NAB machine temperature (../shared/datasets/nab); skipped with a message when it is absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "../core/test_helpers.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"

using namespace awb::core;

namespace {

ExperimentConfig nabConfig(const std::string& presetName) {
    auto c = *preset(presetName);
    c.data.path = sharedDatasetPath("nab/machine_temperature_system_failure_labeled.csv");
    c.threads = awb::test::learningThreads(2);
    return c;
}

}  // namespace

TEST(Nab, ReadsAsATimeSeriesWithTimestampsAndFourLabelledWindows) {
    const auto c = nabConfig("timeseries-usad");
    if (!std::filesystem::exists(c.data.path)) GTEST_SKIP() << "shared dataset missing: " << c.data.path;
    auto d = loadData(c.data);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->kind, DataKind::TimeSeries);
    EXPECT_EQ(d->size(), 22695u);
    EXPECT_EQ(d->sampleShape, std::vector<int64_t>{1});
    EXPECT_EQ(d->featureNames, std::vector<std::string>{"value"});
    ASSERT_EQ(d->timestamps.size(), 22695u);
    EXPECT_EQ(d->timestamps.front(), "2013-12-02 21:15:00");
    EXPECT_EQ(d->classCounts(), (std::vector<size_t>{20427, 2268}));
    int segments = 0;
    for (size_t i = 0; i < d->size(); ++i) segments += d->labels[i] == 1 && (i == 0 || d->labels[i - 1] == 0);
    EXPECT_EQ(segments, 4);
}

TEST(Nab, UsadScoresTheFailureWindowsHighForEverySeed) {
    auto c = nabConfig("timeseries-usad");
    if (!std::filesystem::exists(c.data.path)) GTEST_SKIP() << "shared dataset missing: " << c.data.path;
    // Measured with the preset (USAD as the authors' code trains it, points scored locally): seeds
    // 42, 1, 2, 3, 7: AUROC 0.951, 0.951, 0.886, 0.951, 0.954 (with --point-score max 0.957, 0.957,
    // 0.944, 0.957, 0.957). Seed 2 is the one that failed worst with every step on its own loss
    // (paper-equations, max: 0.079; also 0.556, 0.179, 0.075 for seeds 1, 3, 7).
    const std::vector<uint64_t> seeds = std::getenv("AWB_TEST_SEED") ? std::vector<uint64_t>{awb::test::learningSeed(42)}
                                                                      : std::vector<uint64_t>{42, 2};
    for (uint64_t seed : seeds) {
        c.training.seed = seed;
        auto r = runExperiment(c);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->evaluation.testCount, 6809u);  // the last 30 %, in time order
        // The preset sizes training in steps: 1940 are its 20 epochs here (97 batches of 128).
        EXPECT_EQ(r->training.epochsPlanned, 20);
        awb::test::figure("auroc", r->evaluation.auroc);
        awb::test::figure("f1", r->evaluation.metrics.f1);
        EXPECT_GT(r->evaluation.auroc, 0.85) << "seed " << seed;
        EXPECT_GT(r->evaluation.metrics.f1, 0.6) << "seed " << seed;
        ASSERT_TRUE(r->evaluation.hasPointAdjusted);
        EXPECT_GE(r->evaluation.pointAdjusted.f1, r->evaluation.metrics.f1);
        EXPECT_EQ(r->evaluation.note.find("USAD"), std::string::npos) << r->evaluation.note;
    }
}

TEST(Nab, UsadTrainedOnTheLiteralEquationsLetsAe2Dominate) {
    auto c = nabConfig("timeseries-usad");
    if (!std::filesystem::exists(c.data.path)) GTEST_SKIP() << "shared dataset missing: " << c.data.path;
    // The other reading: each optimizer steps on its own loss alone. AE2 learns to push AE1's
    // outputs away (e3 82-691x e1 on the training windows), the note says so, and with seed 2
    // the failures rank backwards (measured AUROC 0.079).
    c.model.usadVariant = "paper-equations";
    c.training.seed = 2;
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NE(r->evaluation.note.find("weighted term e3 is"), std::string::npos)
        << r->evaluation.note;
    awb::test::figure("auroc", r->evaluation.auroc);
    EXPECT_LT(r->evaluation.auroc, 0.5);
}

// SPDX-License-Identifier: GPL-3.0-or-later
// NAB machine temperature (../shared/datasets/nab); skipped with a message when it is absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"

using namespace awb::core;

namespace {

ExperimentConfig nabConfig(const std::string& presetName) {
    auto c = *preset(presetName);
    c.data.path = sharedDatasetPath("nab/machine_temperature_system_failure_labeled.csv");
    c.threads = 2;
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

TEST(Nab, UsadScoresTheFailureWindowsHigh) {
    const auto c = nabConfig("timeseries-usad");
    if (!std::filesystem::exists(c.data.path)) GTEST_SKIP() << "shared dataset missing: " << c.data.path;
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    // Measured with the preset (seed 42): AUROC 0.903, point-wise F1 0.641, point-adjusted F1
    // 0.876. USAD is unstable across seeds on this series (seeds 7, 1, 2, 3: AUROC 0.075, 0.556,
    // 0.079, 0.179), so this pins the preset's result as a regression guard; it does not show that
    // USAD is robust here (lstm-ae gives 0.957 with seeds 42 and 7).
    EXPECT_EQ(r->evaluation.testCount, 6809u);  // the last 30 %, in time order
    EXPECT_GT(r->evaluation.auroc, 0.85);
    EXPECT_GT(r->evaluation.metrics.f1, 0.5);
    ASSERT_TRUE(r->evaluation.hasPointAdjusted);
    EXPECT_GE(r->evaluation.pointAdjusted.f1, r->evaluation.metrics.f1);
}

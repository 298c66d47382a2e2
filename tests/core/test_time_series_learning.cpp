// SPDX-License-Identifier: GPL-3.0-or-later
// The time-series models learning the built-in series: slow (a minute or more each on 2 cores), so
// labelled `slow` (CI runs them; `ctest -LE slow` skips them). Each compares the trained net with
// the same net untrained, and its bounds are set from the worst case of scripts/learning_matrix.sh
// (5 seeds x 1, 2 and 4 threads); the figures are in the README.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "core/data/synthetic.h"
#include "core/data/windows.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "test_helpers.h"

using namespace awb::core;

namespace {

struct SeriesFigures {
    double auroc = 0;
    double normalPart0 = 0;  ///< mean of the first score part (AE1's error for USAD) on normal stretches
};

/// Trains `config` on the built-in series and measures it on the test part: AUROC, and the first
/// score part on the normal stretches (points at least a window away from any anomaly).
SeriesFigures measureSeries(const ExperimentConfig& config, const char* what) {
    auto r = runExperiment(config);
    EXPECT_TRUE(r.ok()) << r.error().message;
    if (!r.ok()) return {};
    const size_t window = static_cast<size_t>(config.data.windowLength);
    std::vector<InjectedSegment> segs;
    syntheticTimeSeries({}, &segs);
    const auto& s = r->evaluation.scores;
    const auto part0 = pointTerms(*r).at(0);
    std::vector<uint8_t> near(s.size(), 0);
    for (const auto& seg : segs) {
        for (size_t t = seg.first >= window ? seg.first - window : 0; t < std::min(s.size(), seg.first + seg.length + window); ++t) near[t] = 1;
    }
    double normal = 0, normal0 = 0;
    size_t count = 0;
    for (size_t t = s.size() * 7 / 10; t < s.size(); ++t) {  // the tested end
        if (!near[t]) {
            normal += s[t];
            normal0 += part0[t];
            ++count;
        }
    }
    normal /= count;
    normal0 /= count;
    std::printf("%s %s: AUROC %.3f, AUPRC %.3f, normal mean score %.4f, part 0 %.4f\n", config.model.family.c_str(),
                what, r->evaluation.auroc, r->evaluation.auprc, normal, normal0);
    for (const auto& seg : segs) {
        double m = 0;
        for (size_t t = seg.first; t < seg.first + seg.length; ++t) m += s[t];
        m /= seg.length;
        std::printf("  %-16s at %zu: mean score %.4f (%.1fx normal)\n", toString(seg.kind), seg.first, m, m / normal);
    }
    EXPECT_TRUE(r->evaluation.hasPointAdjusted);
    EXPECT_GE(r->evaluation.pointAdjusted.recall, r->evaluation.metrics.recall);
    return {r->evaluation.auroc, normal0};
}

/// The same network trained and untrained (one epoch at a learning rate of 1e-9): with each point
/// scored by its own error, an untrained net already ranks spikes and level shifts high by their
/// size alone (AUROC about 0.73 here), so learning is shown against it: the first score part on
/// normal stretches falls to at most `maxNormalRatio` of the untrained one, and AUROC rises by at
/// least `minGain` to above `minAuroc`. Seed and threads come from the learning matrix.
void expectLearnsTheSeries(ExperimentConfig config, double minAuroc, double minGain, double maxNormalRatio) {
    config.threads = 2;
    awb::test::useLearningMatrix(config);
    const auto trained = measureSeries(config, "trained");
    config.training.epochs = 1;
    config.training.learningRate = 1e-9;
    const auto untrained = measureSeries(config, "untrained");
    awb::test::figure("auroc", trained.auroc);
    awb::test::figure("auroc_gain", trained.auroc - untrained.auroc);
    awb::test::figure("normal_ratio", trained.normalPart0 / untrained.normalPart0);
    EXPECT_GT(trained.auroc, minAuroc);
    EXPECT_GT(trained.auroc - untrained.auroc, minGain);
    EXPECT_LT(trained.normalPart0, maxNormalRatio * untrained.normalPart0);
}

}  // namespace

// Bounds below come from scripts/learning_matrix.sh: 5 seeds x 1, 2 and 4 threads on 2026-11-30
// (the figures were the same for every thread count here; they vary by seed), set well inside the
// worst case so that another CPU's float sums do not cross them.

// The built-in time-series preset as a newcomer trains it (a dense AE 128-64-16 on windows of 128
// points, 20 epochs): it must learn on any machine. Matrix: AUROC 0.926 ± 0.008 (worst 0.913),
// gain over untrained 0.190 ± 0.008 (worst 0.178), normal error 0.086 ± 0.023 of untrained
// (worst 0.123).
TEST(TimeSeriesModels, BuiltInPresetLearnsTheSeries) {
    auto config = *preset("synthetic-timeseries");
    ASSERT_EQ(config.model.family, "dense-ae");
    expectLearnsTheSeries(config, 0.85, 0.10, 0.25);
}

// LSTM AE 64 on windows of 64, trained on every 4th window (a quarter of the time of all of them,
// about the same AUROC), 10 epochs at a learning rate of 3e-3. It learns slowly: matrix AUROC
// 0.804 ± 0.012 (worst 0.785), gain 0.056 ± 0.014 (worst 0.035), normal error 0.90 ± 0.07 of
// untrained (worst 0.96; 20 epochs took seeds 4 and 2 to 0.70 and 0.90). Frequency changes are
// not found (0.8-1.1x normal).
TEST(TimeSeriesModels, LstmAutoencoderFindsInjectedAnomalies) {
    auto config = *preset("synthetic-timeseries");
    config.model.family = "lstm-ae";
    config.model.layers = {64};
    config.data.windowLength = 64;
    config.data.windowStride = 4;
    config.training.learningRate = 3e-3;
    config.training.epochs = 10;
    expectLearnsTheSeries(config, 0.75, 0.015, 1.0);
}

// USAD learns little on this series, and what it learns depends on the machine. From the second
// epoch on, the adversarial term (weight 1 - 1/epoch) pulls AE1 towards outputs that AE2
// reconstructs rather than towards the input: AE1's error on normal stretches (seed 42, 2 threads)
// 0.052 after one epoch, 0.072 after three, against 0.064 untrained (the same stall in a Python
// port of the authors' code). On one machine 20 epochs ended with AE1 worse than untrained (AUROC
// 0.667 against 0.737). That is why the built-in preset is the dense AE. What holds is the first
// epoch, while the reconstruction term alone trains, and only just: matrix AUROC 0.774 ± 0.018
// (worst 0.739), gain 0.037 ± 0.018 (worst 0.003), AE1's normal error 0.81 ± 0.08 of untrained
// (worst 0.95). So this test claims no more than that AE1 does not get worse and the ranking holds.
TEST(TimeSeriesModels, UsadAe1LearnsInTheFirstEpoch) {
    auto config = *preset("synthetic-timeseries");
    config.model.family = "usad";
    config.training.epochs = 1;
    expectLearnsTheSeries(config, 0.70, -0.02, 1.0);
}

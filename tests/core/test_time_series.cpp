// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "core/data/csv_reader.h"
#include "core/data/synthetic.h"
#include "core/data/windows.h"
#include "core/evaluation/metrics.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "test_helpers.h"

using namespace awb::core;

TEST(Windows, StartsLieWhollyOnAllowedPointsStrideApart) {
    const std::vector<uint8_t> all(10, 1);
    EXPECT_EQ(windowStarts(all, 4, 1), (std::vector<size_t>{0, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(windowStarts(all, 4, 3), (std::vector<size_t>{0, 3, 6}));
    EXPECT_EQ(windowStarts(all, 11, 1), std::vector<size_t>{});
    // A gap at 4: windows may not straddle it.
    std::vector<uint8_t> gap(10, 1);
    gap[4] = 0;
    EXPECT_EQ(windowStarts(gap, 3, 1), (std::vector<size_t>{0, 1, 5, 6, 7}));
    EXPECT_EQ(windowStarts(gap, 3, 2), (std::vector<size_t>{0, 5, 7}));
}

TEST(Windows, CutKeepsTimeFirstThenFeatures) {
    Dataset points;
    points.kind = DataKind::TimeSeries;
    points.sampleShape = {2};
    for (int t = 0; t < 5; ++t) points.values.insert(points.values.end(), {float(t), float(10 * t)});
    const auto w = cutWindows(points, {1, 3}, 2);
    EXPECT_EQ(w.sampleShape, (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(w.values, (std::vector<float>{1, 10, 2, 20, 3, 30, 4, 40}));
}

TEST(Windows, PointScoresTakeMaxOrMeanOfCoveringWindows) {
    // 6 points, windows of 3: window k covers points k..k+2 (4 windows).
    const std::vector<double> w{1, 5, 2, 3};
    EXPECT_EQ(pointScores(w, 6, 3, PointScore::Max), (std::vector<double>{1, 5, 5, 5, 3, 3}));
    const auto mean = pointScores(w, 6, 3, PointScore::Mean);
    const std::vector<double> expected{1, 3, 8.0 / 3, 10.0 / 3, 2.5, 3};
    for (size_t i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(mean[i], expected[i]) << i;
}

TEST(Windows, StepMeansAverageEachPointsOwnValuesOverItsWindows) {
    // 5 points, windows of 3 (3 windows); window k's step j is point k + j. Fed in two chunks.
    StepMeans m(5, 3);
    m.add(0, {1, 2, 3, 10, 20, 30});  // windows 0 and 1
    m.add(2, {100, 200, 300});        // window 2
    const auto got = m.means();
    // point 0: w0s0 = 1; point 1: w0s1, w1s0 = (2 + 10) / 2; point 2: (3 + 20 + 100) / 3;
    // point 3: (30 + 200) / 2; point 4: 300.
    const std::vector<double> expected{1, 6, 41, 115, 300};
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_DOUBLE_EQ(got[i], expected[i]) << i;
    // The window-score mapping reads local as mean (local needs per-step errors).
    EXPECT_EQ(pointScores({1, 5, 2, 3}, 6, 3, PointScore::Local), pointScores({1, 5, 2, 3}, 6, 3, PointScore::Mean));
    EXPECT_EQ(*parsePointScore("local"), PointScore::Local);
    EXPECT_FALSE(parsePointScore("median").ok());
}

TEST(Metrics, PointAdjustCountsAWholeSegmentWhenOnePointIsFlagged) {
    // Segments [1,3] (one point flagged) and [6,7] (missed); a false alarm at 5.
    const std::vector<uint8_t> anomaly{0, 1, 1, 1, 0, 0, 1, 1, 0};
    const std::vector<double> score{0, 0, 9, 0, 0, 9, 0, 0, 0};
    const auto plain = confusionAt(score, anomaly, 1);
    EXPECT_EQ(plain.tp, 1u);
    EXPECT_EQ(plain.fn, 4u);
    const auto adjusted = pointAdjustedConfusionAt(score, anomaly, 1);
    EXPECT_EQ(adjusted.tp, 3u);
    EXPECT_EQ(adjusted.fn, 2u);
    EXPECT_EQ(adjusted.fp, 1u);
    EXPECT_EQ(adjusted.tn, 3u);
}

TEST(TimeSeriesCsv, TimestampColumnIsFoundAndKeptApart) {
    CsvOptions o;
    o.labelColumn = "label";
    o.kind = DataKind::TimeSeries;
    auto d = parseCsv("timestamp,value,label\n2013-12-02 21:15:00,73.9,0\n2013-12-02 21:20:00,74.9,1\n", "t.csv", o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->sampleShape, (std::vector<int64_t>{1}));
    EXPECT_EQ(d->featureNames, (std::vector<std::string>{"value"}));
    EXPECT_EQ(d->timestamps, (std::vector<std::string>{"2013-12-02 21:15:00", "2013-12-02 21:20:00"}));
    // Unnamed text first column of a time series: a timestamp too.
    auto u = parseCsv("when,a,b\nmon,1,2\ntue,3,4\n", "u.csv", [] {
        CsvOptions x;
        x.kind = DataKind::TimeSeries;
        return x;
    }());
    ASSERT_TRUE(u.ok()) << u.error().message;
    EXPECT_EQ(u->sampleShape, (std::vector<int64_t>{2}));
    // A numeric "Time" column of tabular data stays a feature (credit-card data has one).
    CsvOptions tab;
    tab.labelColumn = "last";
    auto t = parseCsv("Time,V1,Class\n0,1.5,0\n1,2.5,1\n", "cc.csv", tab);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->sampleShape, (std::vector<int64_t>{2}));
    EXPECT_TRUE(t->timestamps.empty());
    // Asked for by name, the column must exist.
    o.timestampColumn = "when";
    auto bad = parseCsv("timestamp,value,label\nx,1,0\n", "t.csv", o);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("timestamp column"), std::string::npos);
}

TEST(SyntheticSeries, LabelsMarkExactlyTheInjectedSegments) {
    std::vector<InjectedSegment> segs;
    const auto d = syntheticTimeSeries({}, &segs);
    EXPECT_EQ(d.size(), 12000u);
    EXPECT_EQ(segs.size(), 8u);
    size_t labelled = 0;
    for (int l : d.labels) labelled += l;
    size_t expected = 0;
    for (const auto& s : segs) {
        expected += s.length;
        EXPECT_GE(s.first, 7200u);  // the first 60 % are clean
        for (size_t t = s.first; t < s.first + s.length; ++t) EXPECT_EQ(d.labels[t], 1);
    }
    EXPECT_EQ(labelled, expected);
}

TEST(TimeSeriesModels, LstmReadsOneFixedLengthSeriesPerRow) {
    // ECG5000-style rows (kind series): each row is a sequence of one-value steps. Mechanics
    // only: the shape, training and per-row scores; learning is covered above.
    auto config = *preset("synthetic-heartbeats");
    config.model.family = "lstm-ae";
    config.model.layers = {8};
    config.training.epochs = 1;
    config.threads = 2;
    auto r = runExperiment(config);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->prepared.data.sampleShape, (std::vector<int64_t>{140, 1}));
    EXPECT_EQ(r->evaluation.scores.size(), r->prepared.data.size());
    EXPECT_FALSE(r->evaluation.hasPointAdjusted);  // rows are not points of one series
    config.data.kind = DataKind::Tabular;
    auto refused = runExperiment(config);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("data.window_length"), std::string::npos);
}

TEST(TimeSeriesModels, UsadAlphaReScoresFromTheKeptWindowTerms) {
    auto config = *preset("synthetic-timeseries");
    config.model.family = "usad";  // the built-in preset is a dense AE
    config.data.windowLength = 16;
    config.data.pointScore = "max";  // window scores first; local below
    config.model.layers = {32, 16};
    config.training.epochs = 2;
    config.threads = 2;
    auto r = runExperiment(config);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const size_t points = r->prepared.data.size();
    ASSERT_EQ(r->seriesTerms.size(), 2u);  // e1 and e3 of every stride-1 window
    EXPECT_EQ(r->seriesTerms[0].size(), points - 15);
    const auto parts = pointTerms(*r);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[1].size(), points);

    ASSERT_TRUE(setTermWeights(*r, {1.0, 0.0}).ok());
    EXPECT_EQ(r->config.model.termWeights, (std::vector<double>{1.0, 0.0}));
    EXPECT_EQ(r->model->termWeights(), (std::vector<double>{1.0, 0.0}));
    EXPECT_EQ(r->evaluation.scores, parts[0]);  // AE1's error alone
    EXPECT_EQ(r->evaluation.note.find("usad"), std::string::npos);  // AE2's term weighs nothing now
    ASSERT_TRUE(setTermWeights(*r, {0.0, 1.0}).ok());
    EXPECT_NE(r->evaluation.note.find("the term e3 alone"), std::string::npos)
        << r->evaluation.note;
    // A new threshold (the GUI's drag) keeps the note: it depends on alpha, not on the threshold.
    evaluateResultAt(*r, r->evaluation.scores, {ThresholdKind::Value, 0.5}, 0.5);
    EXPECT_NE(r->evaluation.note.find("the term e3 alone"), std::string::npos)
        << r->evaluation.note;
    ASSERT_TRUE(setTermWeights(*r, {1.0, 0.0}).ok());
    // The same as running the network again with that alpha.
    auto again = scoreSeries(*r->model, r->prepared.data, r->config.data, r->config.training.loss);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, r->evaluation.scores);

    const auto before = r->evaluation.scores;
    EXPECT_FALSE(setTermWeights(*r, {2.0, -1.0}).ok());
    EXPECT_FALSE(setTermWeights(*r, {0.0, 0.0}).ok());
    EXPECT_FALSE(setTermWeights(*r, {1.0}).ok());
    EXPECT_EQ(r->config.model.termWeights, (std::vector<double>{1.0, 0.0}));
    EXPECT_EQ(r->evaluation.scores, before);

    // Local point scores: each point's own error, per part. A point's mean over the parts' own
    // errors equals its mean score: the mean over its windows of the window means of its steps.
    config.data.pointScore = "local";
    auto local = runExperiment(config);
    ASSERT_TRUE(local.ok()) << local.error().message;
    ASSERT_EQ(local->seriesTerms.size(), 2u);
    ASSERT_EQ(local->seriesTerms[0].size(), points);  // per point now
    EXPECT_EQ(pointTerms(*local), local->seriesTerms);
    ASSERT_TRUE(setTermWeights(*local, {1.0, 0.0}).ok());
    EXPECT_EQ(local->evaluation.scores, local->seriesTerms[0]);
    // By hand for one point from the network: window starts 100-115 cover point 115.
    {
        std::vector<size_t> starts;
        for (size_t k = 100; k <= 115; ++k) starts.push_back(k);
        const Dataset windows = cutWindows(local->prepared.data, starts, 16);
        auto steps = local->model->stepTerms(windows, LossKind::Mse);
        ASSERT_TRUE(steps.ok());
        ASSERT_EQ((*steps)[0].size(), 16u * 16u);
        double sum = 0;
        for (size_t k = 0; k < 16; ++k) sum += (*steps)[0][k * 16 + (15 - k)];  // window 100+k, step 15-k
        // Float32 sums in batches of other sizes: equal to about 1e-7 relative.
        EXPECT_NEAR(local->seriesTerms[0][115], sum / 16, 1e-5 * sum / 16);
        // Steps average to the window's score part.
        auto terms = local->model->scoreTerms(windows, LossKind::Mse);
        ASSERT_TRUE(terms.ok());
        double mean0 = 0;
        for (size_t j = 0; j < 16; ++j) mean0 += (*steps)[1][j];
        EXPECT_NEAR(mean0 / 16, (*terms)[1][0], 1e-5 * (*terms)[1][0]);
    }

    config.data.pointScore = "max";
    config.model.family = "lstm-ae";
    config.model.layers = {8};
    config.training.epochs = 1;
    auto lstm = runExperiment(config);
    ASSERT_TRUE(lstm.ok()) << lstm.error().message;
    EXPECT_EQ(lstm->seriesTerms.size(), 1u);  // the score is its only part
    EXPECT_FALSE(setTermWeights(*lstm, {0.5, 0.5}).ok());  // one term: no weights to balance
    EXPECT_TRUE(
        setTermWeights(*lstm, {2.0}).ok());  // one term scores by itself, whatever its weight
}

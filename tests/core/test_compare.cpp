// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/experiment/compare.h"
#include "core/experiment/presets.h"
#include "test_helpers.h"

using namespace awb::core;
namespace fs = std::filesystem;

namespace {

/// One trained run written several times with its seed, optimizer and AUROC changed: runs whose
/// figures are known exactly.
class CompareTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ExperimentConfig c = *preset("synthetic-heartbeats");
        c.training.epochs = 1;
        auto r = runExperiment(c);
        ASSERT_TRUE(r.ok()) << r.error().message;
        result_ = new ExperimentResult(std::move(*r));
    }
    static void TearDownTestSuite() {
        delete result_;
        result_ = nullptr;
    }

    std::string write(const std::string& folder, OptimizerKind optimizer, uint64_t seed,
                      double auroc) {
        ExperimentResult& r = *result_;
        r.config.training.optimizer = optimizer;
        r.config.training.seed = seed;
        r.evaluation.auroc = auroc;
        const std::string dir = tmp_.file(folder);
        fs::create_directories(fs::path(dir).parent_path());
        EXPECT_TRUE(writeRunDirectory(dir, r).ok()) << dir;
        return dir;
    }

    /// Adam over seeds 1, 2, 10 (AUROC 0.9, 0.8, 0.7) and SGD over seeds 1, 2 (0.5, 0.6).
    std::string writeSweep() {
        write("sweep/adam/seed-10", OptimizerKind::Adam, 10, 0.7);
        write("sweep/adam/seed-2", OptimizerKind::Adam, 2, 0.8);
        write("sweep/adam/seed-1", OptimizerKind::Adam, 1, 0.9);
        write("sweep/sgd/seed-1", OptimizerKind::Sgd, 1, 0.5);
        write("sweep/sgd/seed-2", OptimizerKind::Sgd, 2, 0.6);
        return tmp_.file("sweep");
    }

    static ExperimentResult* result_;
    awb::test::TempDir tmp_;
};
ExperimentResult* CompareTest::result_ = nullptr;

}  // namespace

TEST(Compare, MeanAndSampleStdLeaveOutWhatIsNotANumber) {
    const MeanStd m = meanStd({1, 2, 3, NAN});
    EXPECT_EQ(m.n, 3u);
    EXPECT_DOUBLE_EQ(m.mean, 2);
    EXPECT_DOUBLE_EQ(m.std, 1);  // n - 1
    const MeanStd one = meanStd({0.5});
    EXPECT_EQ(one.n, 1u);
    EXPECT_TRUE(std::isnan(one.std));
    EXPECT_EQ(meanStd({}).n, 0u);
}

TEST_F(CompareTest, RunsThatDifferOnlyInSeedFormAGroupWithMeanAndStd) {
    const std::string sweep = writeSweep();
    auto c = compareRuns({sweep});
    ASSERT_TRUE(c.ok()) << c.error().message;
    ASSERT_EQ(c->runs.size(), 5u);
    // Found in natural name order: seed-2 before seed-10.
    EXPECT_EQ(c->runs[0].name, "adam/seed-1");
    EXPECT_EQ(c->runs[1].name, "adam/seed-2");
    EXPECT_EQ(c->runs[2].name, "adam/seed-10");
    // Only the optimizer differs: the seed makes groups, not a column.
    EXPECT_EQ(c->differing, std::vector<std::string>{"training.optimizer"});
    EXPECT_TRUE(sameErrorScale(*c));  // the optimizer does not change what an error measures
    EXPECT_TRUE(c->environmentDiffers.empty());
    ASSERT_EQ(c->groups.size(), 2u);
    const RunGroup& adam = c->groups[0];
    EXPECT_EQ(adam.label, "optimizer=adam");
    EXPECT_EQ(adam.seeds, (std::vector<uint64_t>{1, 2, 10}));
    EXPECT_NEAR(adam.metrics.at("auroc").mean, 0.8, 1e-12);
    EXPECT_NEAR(adam.metrics.at("auroc").std, 0.1, 1e-12);
    const RunGroup& sgd = c->groups[1];
    EXPECT_EQ(sgd.label, "optimizer=sgd");
    EXPECT_NEAR(sgd.metrics.at("auroc").mean, 0.55, 1e-12);
    EXPECT_NEAR(sgd.metrics.at("auroc").std, std::sqrt(0.005), 1e-12);
    // The other figures come from the runs' metrics.json.
    EXPECT_NEAR(adam.metrics.at("test_mean_error").mean, result_->evaluation.testMeanError, 1e-9);
    EXPECT_EQ(adam.metrics.at("epochs").mean, 1);
    EXPECT_EQ(c->runs[0].record.history.size(), 1u);

    // Best first by AUROC; by test error (lower is better, all equal here) the order stays.
    EXPECT_EQ(groupOrder(*c, "auroc"), (std::vector<size_t>{0, 1}));
    c->groups[1].metrics["auroc"].mean = 0.95;
    EXPECT_EQ(groupOrder(*c, "auroc"), (std::vector<size_t>{1, 0}));
    c->groups[1].metrics["auroc"].mean = 0.55;
    EXPECT_EQ(groupOrder(*c, "no-such-figure"), (std::vector<size_t>{0, 1}));

    const std::string csv = comparisonCsv(*c);
    EXPECT_EQ(csv.substr(0, csv.find('\n')).substr(0, 55),
              "training.optimizer,runs,seeds,auroc_mean,auroc_std,aupr");
    EXPECT_NE(csv.find("\nadam,3,1 2 10,0.8,0.1"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\nsgd,2,1 2,0.55,"), std::string::npos) << csv;

    const std::string text = comparisonText(*c, "auroc");
    EXPECT_NE(text.find("0.8000 ± 0.1000"), std::string::npos) << text;
    EXPECT_NE(text.find("positive class: anomaly"), std::string::npos) << text;
    EXPECT_LT(text.find("optimizer=adam"), text.find("optimizer=sgd")) << text;
}

TEST_F(CompareTest, RunsNamedOneByOneAndTheEnvironmentTheyRanIn) {
    const std::string a = write("a", OptimizerKind::Adam, 1, 0.9);
    // b's config asked for another thread count (a sweep's share of the cores): the same
    // experiment, grouped with a.
    result_->config.threads = 3;
    const std::string b = write("b", OptimizerKind::Adam, 5000000000ULL, 0.7);  // over 2^32
    result_->config.threads = 0;
    // b ran on another thread count: said, since figures may differ for that alone.
    auto m = nlohmann::json::parse(awb::test::readText(b + "/metrics.json"));
    m["environment"]["threads"] = 7;
    awb::test::writeText(b + "/metrics.json", m.dump());
    auto c = compareRuns({a, b, a});  // a named twice counts once
    ASSERT_TRUE(c.ok()) << c.error().message;
    ASSERT_EQ(c->runs.size(), 2u);
    EXPECT_EQ(c->runs[0].name, "a");
    EXPECT_TRUE(c->differing.empty());
    ASSERT_EQ(c->groups.size(), 1u);
    EXPECT_EQ(c->groups[0].label, "all runs");
    EXPECT_EQ(c->groups[0].seeds, (std::vector<uint64_t>{1, 5000000000ULL}));
    // Runs of another loss measure their errors on another scale: no shared error axis.
    const LossKind loss = result_->config.training.loss;
    result_->config.training.loss = loss == LossKind::Mae ? LossKind::Mse : LossKind::Mae;
    const std::string other = write("other-loss", OptimizerKind::Adam, 1, 0.9);
    result_->config.training.loss = loss;
    auto losses = compareRuns({a, other});
    ASSERT_TRUE(losses.ok()) << losses.error().message;
    EXPECT_FALSE(sameErrorScale(*losses));
    EXPECT_NEAR(c->groups[0].metrics.at("auroc").mean, 0.8, 1e-12);
    EXPECT_EQ(c->environmentDiffers, std::vector<std::string>{"threads"});
    const std::string text = comparisonText(*c);
    EXPECT_NE(text.find("threads: "), std::string::npos) << text;
    EXPECT_NE(text.find("7 (1 run)"), std::string::npos) << text;
}

TEST_F(CompareTest, BadFoldersAreNamedAndABrokenRunInsideAFolderIsSkipped) {
    const std::string sweep = writeSweep();
    fs::remove(fs::path(sweep) / "sgd/seed-2/scores.csv");
    auto c = compareRuns({sweep});
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->runs.size(), 4u);
    ASSERT_EQ(c->skipped.size(), 1u);
    EXPECT_NE(c->skipped[0].find("seed-2"), std::string::npos) << c->skipped[0];
    EXPECT_NE(c->skipped[0].find("scores.csv"), std::string::npos) << c->skipped[0];
    EXPECT_NE(comparisonText(*c).find("skipped: "), std::string::npos);

    // Named by itself, the broken run is an error naming it.
    auto broken = compareRuns({sweep + "/sgd/seed-2"});
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message.find("scores.csv"), std::string::npos)
        << broken.error().message;

    const std::string empty = tmp_.file("empty");
    fs::create_directories(empty + "/sub");
    auto none = compareRuns({empty});
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find(empty + ": no run directories"), std::string::npos)
        << none.error().message;
    auto missing = compareRuns({tmp_.file("missing")});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("missing: not a folder"), std::string::npos);
    EXPECT_FALSE(compareRuns({}).ok());
    // Hidden folders (a save under way) are not searched.
    const std::string hidden = tmp_.file("hidden");
    fs::create_directories(hidden);
    fs::rename(sweep + "/adam", hidden + "/.adam");
    EXPECT_FALSE(compareRuns({hidden}).ok());
}

TEST(Compare, ALossBandIsTheMeanAndStdOverTheRunsThatReachedEachEpoch) {
    Comparison c;
    auto run = [](std::vector<double> train, std::vector<double> val) {
        ComparedRun r;
        for (size_t e = 0; e < train.size(); ++e) {
            EpochReport rep;
            rep.epoch = int(e) + 1;
            rep.trainLoss = train[e];
            rep.valLoss = val[e];
            r.record.history.push_back(rep);
        }
        return r;
    };
    c.runs.push_back(run({1.0, 0.5, 0.25}, {2, NAN, 1}));
    c.runs.push_back(run({3.0, 1.5}, {4, 3}));  // stopped early: epoch 3 is the first run's alone
    RunGroup g;
    g.runs = {0, 1};
    const LossBand b = lossBand(c, g, false);
    ASSERT_EQ(b.epoch, (std::vector<double>{1, 2, 3}));
    EXPECT_DOUBLE_EQ(b.mean[0], 2.0);
    EXPECT_DOUBLE_EQ(b.high[0], 2.0 + std::sqrt(2.0));
    EXPECT_DOUBLE_EQ(b.low[1], 1.0 - std::sqrt(0.5));
    EXPECT_EQ(b.runs, (std::vector<size_t>{2, 2, 1}));
    EXPECT_DOUBLE_EQ(b.low[2], 0.25);  // one run: no band
    EXPECT_DOUBLE_EQ(b.high[2], 0.25);
    // Validation: the epoch without a number is left out of that run.
    const LossBand v = lossBand(c, g, true);
    EXPECT_EQ(v.runs, (std::vector<size_t>{2, 1, 1}));
    EXPECT_DOUBLE_EQ(v.mean[1], 3.0);
    // Smoothing 0.5: run 0 becomes 1, 0.75, 0.5.
    const LossBand s = lossBand(c, RunGroup{{}, "", {0}, {}, {}}, false, 0.5);
    EXPECT_EQ(s.mean, (std::vector<double>{1.0, 0.75, 0.5}));
}

// SPDX-License-Identifier: GPL-3.0-or-later
// Defaults that fit the data: automatic batch size and epochs, early stopping with the best
// weights kept, the scaling fitted on the rows trained on, and the notes that say when a run
// learned little or ranks anomalies upside down.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <sstream>
#include <thread>

#include "core/experiment/experiment_config.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/memory_budget.h"
#include "core/experiment/presets.h"
#include "core/models/model.h"
#include "core/models/model_spec.h"
#include "core/training/trainer.h"
#include "test_helpers.h"

using namespace awb::core;

namespace {

/// A tabular set like the ones newcomers bring: 400 rows of 20 features on a 3-dimensional
/// subspace plus a little noise (label 0); in 40 of them (label 1) four features are moved off the
/// subspace by about the spread of a feature, so each value alone stays in the normal range.
/// Features on different scales.
std::string subspaceCsv(unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    const int d = 20, k = 3;
    std::vector<double> w(k * d), scale(d);
    for (auto& v : w) v = g(rng);
    for (int j = 0; j < d; ++j) scale[j] = std::pow(10.0, (j % 4) - 1);  // 0.1 .. 100
    std::ostringstream s;
    for (int j = 0; j < d; ++j) s << 'f' << j << ',';
    s << "label\n";
    for (int i = 0; i < 400; ++i) {
        const bool anomaly = i % 10 == 3;
        double z[k];
        for (double& v : z) v = g(rng);
        const int moved = anomaly ? int(rng() % (d - 4)) : -10;
        for (int j = 0; j < d; ++j) {
            double x = 0;
            for (int c = 0; c < k; ++c) x += z[c] * w[c * d + j] / std::sqrt(double(k));
            x += 0.05 * g(rng);
            if (j >= moved && j < moved + 4) x += (g(rng) > 0 ? 1.0 : -1.0);
            s << x * scale[j] << ',';
        }
        s << (anomaly ? 1 : 0) << '\n';
    }
    return s.str();
}

}  // namespace

TEST(Defaults, AutomaticBatchSizeAndEpochs) {
    EXPECT_EQ(resolvedBatchSize(0, 280), 16);      // never one step an epoch
    EXPECT_EQ(resolvedBatchSize(0, 800), 32);      // the largest power of two <= n / 16
    EXPECT_EQ(resolvedBatchSize(0, 100000), 256);  // at most 256
    EXPECT_EQ(resolvedBatchSize(0, 10), 10);       // at most n
    EXPECT_EQ(resolvedBatchSize(512, 280), 280);   // a configured batch, at most n
    EXPECT_EQ(resolvedEpochs(0, 18), 223);         // about kAutoSteps steps
    EXPECT_EQ(resolvedEpochs(0, 1000), 10);        // at least 10 epochs
    EXPECT_EQ(resolvedEpochs(0, 1), 1000);         // at most 1000
    EXPECT_EQ(resolvedEpochs(20, 1), 20);
}

TEST(Defaults, EarlyStoppingKeepsTheBestEpochsWeights) {
    // Trained on 0.2 everywhere, validated on 0.8: the better the net learns the training data,
    // the worse its validation loss, so the best epoch comes early and training stops.
    auto model = Model::create(ModelSpec{}, {8}, 3);
    ASSERT_TRUE(model.ok());
    const Dataset train = awb::test::constantRows(0.2f, 64, 8),
                  validation = awb::test::constantRows(0.8f, 16, 8);
    TrainingConfig config;
    config.epochs = 200;
    config.learningRate = 1e-2;
    config.patience = 3;
    auto s = awb::core::train(*model, train, validation, config);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_TRUE(s->stoppedEarly) << s->message;
    ASSERT_GT(s->bestEpoch, 0);
    // Never in the first half of the planned epochs (a plateau early on is not convergence).
    EXPECT_EQ(s->epochsCompleted, std::max(s->bestEpoch + config.patience, 100));
    EXPECT_LT(s->epochsCompleted, 200);
    EXPECT_EQ(s->batchSize, 16);  // auto from 64 samples
    EXPECT_NE(s->message.find("stopped early"), std::string::npos) << s->message;
    // The weights kept are the best epoch's: their validation loss is that epoch's.
    auto scores = model->scores(validation, config.loss);
    ASSERT_TRUE(scores.ok());
    double mean = 0;
    for (double v : *scores) mean += v / double(scores->size());
    EXPECT_NEAR(mean, s->history[size_t(s->bestEpoch - 1)].valLoss, 1e-5);
    EXPECT_LT(s->history[size_t(s->bestEpoch - 1)].valLoss, s->history.back().valLoss);

    // Stopped by the user: the best epoch's weights too, and said.
    auto again = Model::create(ModelSpec{}, {8}, 3);
    ASSERT_TRUE(again.ok());
    CancelToken cancel;
    TrainingHooks hooks;
    hooks.epochEnded = [&](const EpochReport& e) {
        if (e.epoch == 6) cancel.requestCancel();
    };
    config.patience = 100;
    auto stopped = awb::core::train(*again, train, validation, config, hooks, cancel);
    ASSERT_TRUE(stopped.ok()) << stopped.error().message;
    EXPECT_EQ(stopped->outcome, TrainingOutcome::Cancelled);
    ASSERT_GT(stopped->bestEpoch, 0);
    EXPECT_LT(stopped->bestEpoch, 6);
    EXPECT_NE(stopped->message.find("best validation loss"), std::string::npos) << stopped->message;
    auto kept = again->scores(validation, config.loss);
    ASSERT_TRUE(kept.ok());
    double keptMean = 0;
    for (double v : *kept) keptMean += v / double(kept->size());
    EXPECT_NEAR(keptMean, stopped->history[size_t(stopped->bestEpoch - 1)].valLoss, 1e-5);
}

TEST(Defaults, NoEarlyStoppingOnTheTestPart) {
    // With no validation part the loss curve is drawn on the test part's normal samples; it must
    // not choose the weights.
    awb::test::TempDir tmp;
    ExperimentConfig c;
    c.data.path = awb::test::writeText(tmp.file("set.csv"), subspaceCsv(1));
    c.data.labelColumn = "last";
    c.data.normalLabels = {"0"};
    c.preprocessing.split.validation = 0;
    c.training.epochs = 12;
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->training.epochsCompleted, 12);
    EXPECT_EQ(r->training.bestEpoch, 0);
    EXPECT_NE(r->training.message.find("early stopping off"), std::string::npos)
        << r->training.message;
}

TEST(Defaults, TheScalingIsFittedOnTheRowsTrainedOn) {
    awb::test::TempDir tmp;
    std::string csv = "a,b,label\n";
    for (int i = 0; i < 100; ++i)
        csv += std::to_string(i % 10) + "," + std::to_string(i % 7) + ",0\n";
    for (int i = 0; i < 10; ++i) csv += "1000,-500,1\n";  // anomalies, some in the training part
    ExperimentConfig c;
    c.data.path = awb::test::writeText(tmp.file("s.csv"), csv);
    c.data.labelColumn = "last";
    c.data.normalLabels = {"0"};
    c.training.epochs = 1;
    auto raw = loadData(c.data);
    ASSERT_TRUE(raw.ok()) << raw.error().message;
    auto prepared = prepareData(c, *raw);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    // Min-max per feature on the normal training rows: 0..9 and 0..6.
    EXPECT_FLOAT_EQ(prepared->scaler.offset[0], 0.0f);
    EXPECT_NEAR(prepared->scaler.scale[0], 9.0, 1e-4);
    EXPECT_NEAR(prepared->scaler.scale[1], 6.0, 1e-4);
    c.preprocessing.scalerOnTrainedRows = false;  // the ECG5000 tutorial's way
    prepared = prepareData(c, *raw);
    ASSERT_TRUE(prepared.ok());
    EXPECT_NEAR(prepared->scaler.scale[0], 1000.0, 1e-2);
}

TEST(Defaults, UpsideDownScoresAreSaid) {
    PreparedData p;
    p.labelled = true;
    p.anomaly = {0, 0, 0, 1, 1};
    p.split.test = {0, 1, 2, 3, 4};
    p.trainRows = {0, 1};
    const auto e = evaluateAt(p, {0.9, 0.8, 0.7, 0.1, 0.2}, ThresholdRule{}, 0.5);
    EXPECT_LT(e.auroc, 0.5);
    EXPECT_NE(e.note.find("upside down"), std::string::npos) << e.note;
    const auto right = evaluateAt(p, {0.1, 0.2, 0.3, 0.8, 0.9}, ThresholdRule{}, 0.5);
    EXPECT_EQ(right.note.find("upside down"), std::string::npos) << right.note;
}

TEST(Defaults, ADefaultDenseRunLearnsASmallTable) {
    // The case: a few hundred rows, features on different scales, everything default.
    // Against the same network untrained (one epoch at a learning rate of 1e-9), over two seeds
    // (1 and 2; AWB_TEST_SEED S gives S and S + 1, AWB_TEST_THREADS the threads: the learning
    // matrix).
    const auto first = static_cast<unsigned>(awb::test::learningSeed(1));
    for (unsigned seed : {first, first + 1}) {
        awb::test::TempDir tmp;
        ExperimentConfig c;
        c.data.path = awb::test::writeText(tmp.file("set.csv"), subspaceCsv(seed));
        c.data.labelColumn = "last";
        c.data.normalLabels = {"0"};
        c.training.seed = seed;
        c.threads = awb::test::learningThreads(0);
        auto trained = runExperiment(c);
        ASSERT_TRUE(trained.ok()) << trained.error().message;
        auto untrained = runExperiment(awb::test::untrained(c));
        ASSERT_TRUE(untrained.ok()) << untrained.error().message;
        // The defaults before (the ECG5000 tutorial's batch 512 and 20 epochs, scaled with the
        // anomalies), printed for the record.
        ExperimentConfig before = c;
        before.training.batchSize = 512;
        before.training.epochs = 20;
        before.training.patience = 0;
        before.preprocessing.scalerOnTrainedRows = false;
        before.model.activation = "relu";
        auto old = runExperiment(before);
        ASSERT_TRUE(old.ok()) << old.error().message;
        std::printf("[figure] seed %u: the earlier defaults: AUROC %.3f, note: %s\n", seed,
                    old->evaluation.auroc, old->evaluation.note.c_str());
        EXPECT_NE(old->evaluation.note.find("optimizer steps"), std::string::npos);
        const auto& t = trained->evaluation;
        const auto& n = untrained->evaluation;
        std::printf(
            "[figure] seed %u: AUROC %.3f (untrained %.3f), normal error %.4f (untrained %.4f), "
            "%d epochs at batch %lld, best %d\n",
            seed, t.auroc, n.auroc, t.testNormalMeanError, n.testNormalMeanError,
            trained->training.epochsCompleted, static_cast<long long>(trained->training.batchSize),
            trained->training.bestEpoch);
        EXPECT_GT(t.auroc, 0.9);
        EXPECT_GT(t.auroc, n.auroc + 0.1);
        EXPECT_LT(t.testNormalMeanError, 0.5 * n.testNormalMeanError);
        EXPECT_EQ(t.note.find("upside down"), std::string::npos) << t.note;
        EXPECT_EQ(t.note.find("optimizer steps"), std::string::npos) << t.note;
        EXPECT_GE(trained->training.groupSteps.at(0), 200);
    }
}

TEST(Defaults, AutomaticLayerWidthsFromTheInputs) {
    ModelSpec spec;  // layers empty: automatic
    EXPECT_TRUE(spec.layers.empty());
    EXPECT_EQ(resolvedSpec(spec, {140}).layers, (std::vector<int64_t>{105, 70, 35}));  // ECG5000
    EXPECT_EQ(resolvedSpec(spec, {20}).layers,
              (std::vector<int64_t>{32, 16, 8}));  // at least 32-16-8
    EXPECT_EQ(resolvedSpec(spec, {1, 28, 28}).layers, (std::vector<int64_t>{512, 392, 196}));
    EXPECT_EQ(resolvedSpec(spec, {1, 224, 224}).layers,
              (std::vector<int64_t>{512, 512, 512}));  // capped
    spec.layers = {7};
    EXPECT_EQ(resolvedSpec(spec, {140}).layers, (std::vector<int64_t>{7}));  // given: kept
    // Built and counted from the resolved widths; a family without a rule needs them given.
    ModelSpec automatic;
    auto model = Model::create(automatic, {140}, 1);
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ(model->spec().layers, (std::vector<int64_t>{105, 70, 35}));
    EXPECT_EQ(model->parameterCount(), estimateParameterCount(automatic, {140}));
    ModelSpec lstm;
    lstm.family = "lstm-ae";
    const auto st = validate(lstm);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("model.layers"), std::string::npos) << st.error().message;
    // "auto" on the command line is the empty list.
    const ConfigField* layers = nullptr;
    for (const auto& f : configFields()) layers = f.path() == "model.layers" ? &f : layers;
    ASSERT_NE(layers, nullptr);
    auto patch = flagPatch(*layers, {"auto"});
    ASSERT_TRUE(patch.ok()) << patch.error().message;
    ExperimentConfig c;
    c.model.layers = {4};
    ASSERT_TRUE(applyJson(c, *patch, "--layers").ok());
    EXPECT_TRUE(c.model.layers.empty());
}

TEST(Defaults, TheImagePresetLearnsASmallSet) {
    // 360 8x8 images in IDX files: horizontal bars at a random phase with noise (label 0, normal);
    // in every sixth one a 3x3 patch is flipped (label 1). The conv preset as a user gets it with
    // --data/--labels/
    // --normal-label only; it sizes training in steps, so a small set gets many epochs.
    awb::test::TempDir tmp;
    ExperimentConfig c = *preset("images-conv-ae");
    awb::test::useBarImages(tmp, c);
    c.training.seed = awb::test::learningSeed(c.training.seed);
    c.threads = awb::test::learningThreads(0);
    auto trained = runExperiment(c);
    ASSERT_TRUE(trained.ok()) << trained.error().message;
    auto untrained = runExperiment(awb::test::untrained(c));
    ASSERT_TRUE(untrained.ok()) << untrained.error().message;
    ExperimentConfig before = c;  // the preset's earlier 10 epochs: 20 steps here
    before.training.epochs = 10;
    auto old = runExperiment(before);
    ASSERT_TRUE(old.ok()) << old.error().message;
    std::printf(
        "[figure] conv preset on 360 images: AUROC %.3f (%d epochs, %lld steps); the earlier 10 "
        "epochs: "
        "%.3f; untrained %.3f\n",
        trained->evaluation.auroc, trained->training.epochsCompleted,
        static_cast<long long>(trained->training.groupSteps.at(0)), old->evaluation.auroc,
        untrained->evaluation.auroc);
    EXPECT_GT(trained->training.epochsCompleted, 10);
    EXPECT_GE(trained->training.groupSteps.at(0), 400);
    EXPECT_GT(trained->evaluation.auroc, 0.95);
    EXPECT_GT(trained->evaluation.auroc, untrained->evaluation.auroc + 0.2);
    EXPECT_LT(trained->evaluation.testNormalMeanError,
              0.5 * untrained->evaluation.testNormalMeanError);
}

TEST(Threads, AutomaticThreadsLeaveBusyCoresAndSmallNetworksTrainOnOne) {
    // The rule: the base (cores, or what the program set) less the cores busy with other work,
    // at least one.
    EXPECT_EQ(autoThreadsFor(2, 0), 2);
    EXPECT_EQ(autoThreadsFor(2, 1), 1);
    EXPECT_EQ(autoThreadsFor(2, 5), 1);
    EXPECT_EQ(autoThreadsFor(16, 4), 12);
    EXPECT_EQ(autoThreadsFor(1, 0), 1);
    EXPECT_EQ(autoThreadsFor(4, -1), 4);
    // A container's CPU quota bounds the base (cgroup v2 cpu.max; v1's quota and period alike).
    EXPECT_EQ(cpuQuotaCores("max 100000\n"), 0);
    EXPECT_EQ(cpuQuotaCores("150000 100000\n"), 2);
    EXPECT_EQ(cpuQuotaCores("50000 100000"), 1);
    EXPECT_EQ(cpuQuotaCores("400000 100000"), 4);
    EXPECT_EQ(cpuQuotaCores("-1\n 100000\n"), 0);  // v1: no quota
    EXPECT_EQ(cpuQuotaCores("4x 100000"), 0);
    EXPECT_EQ(cpuQuotaCores(""), 0);
    EXPECT_EQ(cpuQuotaCores("100000 0"), 0);
    EXPECT_GE(usableCores(), 1);
    const int quota = cpuQuotaCoresUnder();
    if (quota > 0) {
        EXPECT_LE(usableCores(), quota);
    }
    {  // read from a cgroup mount: v2's cpu.max, else v1's pair
        awb::test::TempDir v2, v1, none;
        awb::test::writeText(v2.file("cpu.max"), "150000 100000\n");
        EXPECT_EQ(cpuQuotaCoresUnder(v2.path().string()), 2);
        std::filesystem::create_directories(v1.file("cpu"));
        awb::test::writeText(v1.file("cpu/cpu.cfs_quota_us"), "300000\n");
        awb::test::writeText(v1.file("cpu/cpu.cfs_period_us"), "100000\n");
        EXPECT_EQ(cpuQuotaCoresUnder(v1.path().string()), 3);
        awb::test::writeText(v1.file("cpu/cpu.cfs_quota_us"), "-1\n");
        EXPECT_EQ(cpuQuotaCoresUnder(v1.path().string()), 0);
        EXPECT_EQ(cpuQuotaCoresUnder(none.path().string()), 0);
    }
    // Two other processes spinning are seen as busy cores (procs_running counts runnable
    // threads); this process's own threads are not counted.
    std::vector<pid_t> spinners;
    for (int i = 0; i < 2; ++i) {
        const pid_t pid = fork();
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives the test
            alarm(30);
            for (volatile unsigned long k = 0;; k = k + 1) {
            }
        }
        if (pid < 0) {
            for (pid_t started : spinners) kill(started, SIGKILL);
            FAIL() << "fork failed";
        }
        spinners.push_back(pid);
    }
    std::atomic<bool> stop{false};
    std::thread ownSpinner([&stop] {
        while (!stop.load(std::memory_order_relaxed)) {
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const int busy = busyCores();
    stop = true;
    ownSpinner.join();
    for (pid_t pid : spinners) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    EXPECT_GE(busy, 2);

    // Which presets count as small: the dense ECG5000 net and the LSTM AE train on one thread,
    // the conv AE on 28x28 images keeps its threads.
    auto work = [](const std::string& name, const std::vector<int64_t>& shape, size_t n) {
        return estimateRunMemory(*preset(name), shape, n, n / 10).batchWork;
    };
    const double ecg = work("ecg5000-tutorial", {140}, 2300);
    const double lstm = work("timeseries-lstm-ae", {32, 1}, 14000);
    const double conv = work("images-conv-ae", {1, 28, 28}, 5400);
    std::printf("[figure] batch work: ecg %.3g, lstm %.3g, conv %.3g values\n", ecg, lstm, conv);
    EXPECT_EQ(threadsForWork(ecg, 2), 1);
    EXPECT_EQ(threadsForWork(lstm, 2), 1);
    EXPECT_EQ(threadsForWork(conv, 2), 2);

    // A run with automatic threads records what it trained with: the built-in heartbeats' small
    // dense net on one thread; a set count is kept.
    ExperimentConfig c = *preset("synthetic-heartbeats");
    c.training.epochs = 1;
    c.threads = 0;
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->training.threads, 1);
    c.threads = 2;
    r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->training.threads, 2);
}

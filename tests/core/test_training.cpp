// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/data/synthetic.h"
#include "core/data/windows.h"
#include "core/evaluation/metrics.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/latent_space.h"
#include "core/experiment/presets.h"
#include "core/models/model.h"
#include "core/training/trainer.h"
#include "test_helpers.h"

using namespace awb::core;

namespace {

ExperimentConfig quickHeartbeats(int epochs = 8) {
    ExperimentConfig c = *preset("synthetic-heartbeats");
    c.training.epochs = epochs;
    c.threads = 2;
    return c;
}

using awb::test::constantRows;

}  // namespace

TEST(Training, LearnsToSeparateSyntheticHeartbeats) {
    auto config = quickHeartbeats();
    awb::test::useLearningMatrix(config);
    auto r = runExperiment(config);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& h = r->training.history;
    ASSERT_EQ(h.size(), 8u);
    EXPECT_EQ(r->training.outcome, TrainingOutcome::Completed);
    awb::test::figure("loss_ratio", h.back().trainLoss / h.front().trainLoss);
    awb::test::figure("auroc", r->evaluation.auroc);
    awb::test::figure("f1", r->evaluation.metrics.f1);
    EXPECT_LT(h.back().trainLoss, 0.5 * h.front().trainLoss);  // it learned
    EXPECT_TRUE(std::isfinite(h.back().valLoss));
    EXPECT_GT(r->evaluation.auroc, 0.95);
    EXPECT_GT(r->evaluation.metrics.f1, 0.8);
    EXPECT_EQ(r->evaluation.testCount, r->prepared.split.test.size());
}

TEST(Training, SameSeedSameResult) {
    auto a = runExperiment(quickHeartbeats(2));
    auto b = runExperiment(quickHeartbeats(2));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->evaluation.scores, b->evaluation.scores);
    ExperimentConfig other = quickHeartbeats(2);
    other.training.seed = 8;
    auto c = runExperiment(other);
    ASSERT_TRUE(c.ok());
    EXPECT_NE(a->evaluation.scores, c->evaluation.scores);
}

TEST(Training, DenoisingAndSgdAndMseTrainToo) {
    ExperimentConfig c = quickHeartbeats(6);
    c.training.noiseStd = 0.1;
    c.training.optimizer = OptimizerKind::Sgd;
    c.training.learningRate = 0.05;
    c.training.loss = LossKind::Mse;
    awb::test::useLearningMatrix(c);
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    awb::test::figure("loss_ratio", r->training.history.back().trainLoss / r->training.history.front().trainLoss);
    EXPECT_LT(r->training.history.back().trainLoss, r->training.history.front().trainLoss);
}

TEST(Training, StopsBetweenBatchesWhenCancelled) {
    auto model = Model::create(ModelSpec{}, {140}, 1);
    ASSERT_TRUE(model.ok());
    const Dataset data = syntheticHeartbeats({400, 0.0, 140, 1});
    CancelToken cancel;
    int batches = 0;
    TrainingHooks hooks;
    hooks.batchEnded = [&](const BatchReport&) {
        if (++batches == 3) cancel.requestCancel();
    };
    TrainingConfig config;
    config.batchSize = 16;
    config.epochs = 50;
    auto s = train(*model, data, Dataset{}, config, hooks, cancel);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->outcome, TrainingOutcome::Cancelled);
    EXPECT_EQ(batches, 3);
    EXPECT_EQ(s->epochsCompleted, 0);
    EXPECT_NE(s->message.find("stopped"), std::string::npos);
}

TEST(Training, InfiniteLossStopsAndKeepsLastGoodWeights) {
    auto model = Model::create(ModelSpec{}, {8}, 1);
    ASSERT_TRUE(model.ok());
    const Dataset probe = constantRows(0.5f, 4, 8);
    const auto before = *model->scores(probe, LossKind::Mse);
    TrainingConfig config;
    config.loss = LossKind::Mse;
    config.batchSize = 4;
    auto s = train(*model, constantRows(1e30f, 16, 8), Dataset{}, config);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->outcome, TrainingOutcome::Diverged);
    EXPECT_NE(s->message.find("infinite"), std::string::npos) << s->message;
    EXPECT_EQ(s->epochsCompleted, 0);
    EXPECT_EQ(*model->scores(probe, LossKind::Mse), before);  // weights untouched
}

TEST(Training, RejectsAbsurdSettingsNamingTheField) {
    auto model = Model::create(ModelSpec{}, {8}, 1);
    ASSERT_TRUE(model.ok());
    TrainingConfig config;
    config.epochs = -1;  // 0 is auto
    auto s = train(*model, constantRows(0.5f, 4, 8), Dataset{}, config);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("training.epochs"), std::string::npos);
    config = TrainingConfig{};
    config.patience = -3;
    s = train(*model, constantRows(0.5f, 4, 8), Dataset{}, config);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("training.patience"), std::string::npos);
    config = TrainingConfig{};
    config.learningRate = 1e9;
    s = train(*model, constantRows(0.5f, 4, 8), Dataset{}, config);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("training.learning_rate"), std::string::npos);
    s = train(*model, constantRows(0.5f, 4, 9), Dataset{}, TrainingConfig{});
    EXPECT_FALSE(s.ok());  // wrong input shape
    s = train(*model, Dataset{}, Dataset{}, TrainingConfig{});
    EXPECT_FALSE(s.ok());  // no samples
}

TEST(Model, LayersMirrorAndCountParameters) {
    ModelSpec spec;
    spec.layers = {32, 16, 8};
    auto model = Model::create(spec, {140}, 1);
    ASSERT_TRUE(model.ok());
    // 140-32-16-8-16-32-140 weights and biases.
    const int64_t expected = (140 * 32 + 32) + (32 * 16 + 16) + (16 * 8 + 8) + (8 * 16 + 16) +
                             (16 * 32 + 32) + (32 * 140 + 140);
    EXPECT_EQ(model->parameterCount(), expected);
    spec.layers = {0};
    EXPECT_FALSE(Model::create(spec, {140}, 1).ok());
    spec = ModelSpec{};
    spec.family = "gan";
    auto bad = Model::create(spec, {140}, 1);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("model.family"), std::string::npos);
}

TEST(Model, SaveLoadRoundTripAndForeignFiles) {
    awb::test::TempDir dir;
    auto model = Model::create(ModelSpec{}, {8}, 3);
    ASSERT_TRUE(model.ok());
    const Dataset probe = constantRows(0.25f, 3, 8);
    const auto path = dir.file("w.pt");
    ASSERT_TRUE(model->save(path).ok());
    auto loaded = Model::load(path, ModelSpec{}, {8});
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(*loaded->scores(probe, LossKind::Mae), *model->scores(probe, LossKind::Mae));

    ModelSpec other;
    other.layers = {4};
    auto mismatch = Model::load(path, other, {8});
    ASSERT_FALSE(mismatch.ok());
    EXPECT_NE(mismatch.error().message.find(path), std::string::npos);

    const auto foreign = awb::test::writeText(dir.file("foreign.pt"), "not a weights file at all");
    auto refused = Model::load(foreign, ModelSpec{}, {8});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("foreign.pt"), std::string::npos);
    EXPECT_FALSE(Model::load(dir.file("missing.pt"), ModelSpec{}, {8}).ok());
}

TEST(Model, UnavailableDeviceIsExplained) {
    if (cudaAvailable()) GTEST_SKIP() << "a GPU is present here";
    auto m = Model::create(ModelSpec{}, {8}, 1, "cuda");
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("device 'cuda'"), std::string::npos);
    EXPECT_FALSE(Model::create(ModelSpec{}, {8}, 1, "tpu").ok());
}

// Runs only where a CUDA LibTorch and a GPU are present (bench/cuda_check.sh on a GPU machine);
// skipped in CI. The same presets on cpu and cuda: equal up to the kernels' rounding.
TEST(Model, CudaTrainsScoresSavesAndLoadsLikeCpu) {
    if (!cudaAvailable()) GTEST_SKIP() << "no CUDA device here";
    EXPECT_FALSE(Model::create(ModelSpec{}, {8}, 1, "cuda:99").ok());  // refused, not a crash
    auto heart = *preset("synthetic-heartbeats");
    heart.training.epochs = 5;
    auto usad = *preset("synthetic-timeseries");
    usad.model.family = "usad";  // the built-in preset is a dense AE
    usad.data.windowLength = 32;
    usad.model.layers = {32, 16};
    usad.training.epochs = 3;
    for (auto config : {heart, usad}) {
        auto cpu = runExperiment(config);
        config.device = "cuda";
        auto gpu = runExperiment(config);
        ASSERT_TRUE(cpu.ok() && gpu.ok()) << (cpu.ok() ? gpu.error().message : cpu.error().message);
        EXPECT_EQ(gpu->model->device(), "cuda");
        EXPECT_NEAR(gpu->evaluation.auroc, cpu->evaluation.auroc, 0.03) << config.name;
        EXPECT_NEAR(gpu->evaluation.testMeanError, cpu->evaluation.testMeanError,
                    0.1 * cpu->evaluation.testMeanError) << config.name;
        // Weights written from the GPU read back onto either device and score the same.
        awb::test::TempDir dir;
        ASSERT_TRUE(gpu->model->save(dir.file("w.pt")).ok());
        for (const char* device : {"cuda", "cpu"}) {
            auto back = Model::load(dir.file("w.pt"), gpu->model->spec(), gpu->model->sampleShape(), device);
            ASSERT_TRUE(back.ok()) << back.error().message;
            auto again = config.data.windowLength > 0
                             ? scoreSeries(*back, gpu->prepared.data, gpu->config.data, gpu->config.training.loss)
                             : back->scores(gpu->prepared.data, gpu->config.training.loss);
            ASSERT_TRUE(again.ok());
            for (size_t i = 0; i < again->size(); i += 97) {
                EXPECT_NEAR((*again)[i], gpu->evaluation.scores[i], 1e-4 * gpu->evaluation.scores[i] + 1e-9);
            }
        }
    }
}

TEST(Model, ReconstructReturnsSamplesInLayout) {
    auto model = Model::create(ModelSpec{}, {8}, 1);
    ASSERT_TRUE(model.ok());
    auto rec = model->reconstruct(constantRows(0.5f, 3, 8), {2, 0});
    ASSERT_TRUE(rec.ok());
    EXPECT_EQ(rec->size(), 16u);
    for (float v : *rec) EXPECT_TRUE(v > 0 && v < 1);  // sigmoid output
    EXPECT_FALSE(model->reconstruct(constantRows(0.5f, 3, 8), {3}).ok());
}

TEST(Noise, KindsCorruptAsDocumented) {
    const std::vector<float> x(10000, 0.5f);
    const auto g = addNoise(x, {NoiseKind::Gaussian, 0.1, 0}, 1);
    double sum = 0, sq = 0;
    for (float v : g) sum += v, sq += (v - 0.5) * (v - 0.5);
    EXPECT_NEAR(sum / x.size(), 0.5, 0.01);
    EXPECT_NEAR(std::sqrt(sq / x.size()), 0.1, 0.01);
    const auto sp = addNoise(x, {NoiseKind::SaltPepper, 0, 0.2}, 1);
    size_t zeros = 0, ones = 0;
    for (float v : sp) zeros += v == 0.0f, ones += v == 1.0f;
    EXPECT_NEAR((zeros + ones) / 10000.0, 0.2, 0.02);
    EXPECT_NEAR(double(zeros) / (zeros + ones), 0.5, 0.06);
    const auto m = addNoise(x, {NoiseKind::Masking, 0, 0.3}, 1);
    size_t masked = 0;
    for (float v : m) masked += v == 0.0f;
    EXPECT_NEAR(masked / 10000.0, 0.3, 0.02);
    EXPECT_EQ(addNoise(x, {NoiseKind::Masking, 0.5, 0}, 1), x);  // amount 0: untouched
    EXPECT_EQ(addNoise(x, {NoiseKind::Masking, 0, 0.3}, 1), m);   // seeded
    EXPECT_FALSE(parseNoiseKind("pink").ok());
}

TEST(Training, MaskingAndSaltPepperNoiseTrain) {
    for (auto kind : {NoiseKind::Masking, NoiseKind::SaltPepper}) {
        ExperimentConfig c = quickHeartbeats(4);
        c.training.noiseKind = kind;
        c.training.noiseAmount = 0.2;
        awb::test::useLearningMatrix(c);
        auto r = runExperiment(c);
        ASSERT_TRUE(r.ok()) << r.error().message;
        awb::test::figure(kind == NoiseKind::Masking ? "masking_loss_ratio" : "salt_pepper_loss_ratio",
                          r->training.history.back().trainLoss / r->training.history.front().trainLoss);
        EXPECT_LT(r->training.history.back().trainLoss, r->training.history.front().trainLoss);
    }
    ExperimentConfig bad = quickHeartbeats(1);
    bad.training.noiseAmount = 2;
    auto r = runExperiment(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("training.noise_amount"), std::string::npos);
}

namespace {

/// 8x8 images: horizontal bars (class 0) and vertical bars (class 1), with phase jitter.
Dataset bars(size_t n, int everyVertical) {
    Dataset d;
    d.kind = DataKind::Image;
    d.sampleShape = {1, 8, 8};
    d.classNames = {"h", "v"};
    d.values.resize(n * 64);
    for (size_t i = 0; i < n; ++i) {
        const bool vertical = static_cast<int>(i) % everyVertical == 0;
        d.labels.push_back(vertical ? 1 : 0);
        for (int y = 0; y < 8; ++y) {
            for (int x = 0; x < 8; ++x) {
                d.values[i * 64 + y * 8 + x] = ((vertical ? x : y) % 2 == int(i / everyVertical) % 2) ? 0.9f : 0.1f;
            }
        }
    }
    return d;
}

}  // namespace

TEST(ConvAutoencoder, ReconstructsToTheInputShapeForAnySize) {
    for (const auto& family : {std::string("conv-ae"), std::string("stacked-conv-ae")}) {
        for (const std::vector<int64_t>& shape : {std::vector<int64_t>{1, 28, 28}, {3, 17, 13}, {1, 9, 30}}) {
            for (int64_t latent : {int64_t{0}, int64_t{16}}) {
                ModelSpec spec;
                spec.family = family;
                spec.convChannels = {4, 8};
                spec.latent = latent;
                auto model = Model::create(spec, shape, 1);
                ASSERT_TRUE(model.ok()) << model.error().message;
                Dataset d;
                d.sampleShape = shape;
                d.values.assign(2 * shape[0] * shape[1] * shape[2], 0.3f);
                auto rec = model->reconstruct(d, {0, 1});
                ASSERT_TRUE(rec.ok()) << family << " " << rec.error().message;
                EXPECT_EQ(rec->size(), d.values.size());
            }
        }
    }
}

TEST(ConvAutoencoder, RefusesFlatSamplesAndBadSettings) {
    ModelSpec spec;
    spec.family = "conv-ae";
    auto flat = Model::create(spec, {140}, 1);
    ASSERT_FALSE(flat.ok());
    EXPECT_NE(flat.error().message.find("needs image samples"), std::string::npos);
    spec.kernelSize = 4;
    EXPECT_FALSE(Model::create(spec, {1, 28, 28}, 1).ok());
    spec.kernelSize = 3;
    spec.convChannels = {8, 8, 8, 8, 8, 8};  // 28 -> 14 -> 7 -> 4 -> 2 -> 1 -> 1: still valid
    EXPECT_TRUE(Model::create(spec, {1, 28, 28}, 1).ok());
    spec.convChannels = {0};
    auto zero = Model::create(spec, {1, 28, 28}, 1);
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.error().message.find("model.conv_channels[0]"), std::string::npos);
}

TEST(ConvAutoencoder, LearnsNormalImagesAndFlagsOthers) {
    ModelSpec spec;
    spec.family = "conv-ae";
    spec.activation = "relu";  // as its bounds were measured (the image preset's units)
    spec.convChannels = {8, 16};
    spec.latent = 8;
    configureThreads(awb::test::learningThreads());
    auto model = Model::create(spec, {1, 8, 8}, awb::test::learningSeed(3));
    ASSERT_TRUE(model.ok());
    const Dataset all = bars(200, 4);
    std::vector<size_t> normal;
    for (size_t i = 0; i < all.size(); ++i) {
        if (all.labels[i] == 0) normal.push_back(i);
    }
    TrainingConfig config;
    config.loss = LossKind::Mse;
    config.epochs = 60;
    config.batchSize = 16;
    config.learningRate = 3e-3;
    config.noiseStd = 0.05;
    config.seed = awb::test::learningSeed(config.seed);
    auto s = train(*model, all.subset(normal), Dataset{}, config);
    ASSERT_TRUE(s.ok());
    EXPECT_LT(s->history.back().trainLoss, 0.25 * s->history.front().trainLoss);
    auto scores = model->scores(all, LossKind::Mse);
    ASSERT_TRUE(scores.ok());
    std::vector<uint8_t> anomaly(all.labels.begin(), all.labels.end());
    awb::test::figure("loss_ratio", s->history.back().trainLoss / s->history.front().trainLoss);
    awb::test::figure("auroc", auroc(*scores, anomaly));
    EXPECT_GT(auroc(*scores, anomaly), 0.95);
}

TEST(Experiment, AnomalyLabelKeepsOnlyTheChosenClasses) {
    ExperimentConfig c = quickHeartbeats(1);
    c.data.anomalyLabels = {"pvc"};
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& d = r->prepared.data;
    for (int label : d.labels) EXPECT_TRUE(d.classNames[label] == "normal" || d.classNames[label] == "pvc");
    EXPECT_EQ(d.size(), 1380u + 206u);  // normal + pvc of the built-in set
    // Each kept sample knows its row in the file: the same class, the same values.
    auto raw = loadData(c.data);
    ASSERT_TRUE(raw.ok());
    ASSERT_EQ(r->prepared.fileRow.size(), d.size());
    size_t moved = 0;
    for (size_t i = 0; i < d.size(); ++i) {
        const size_t row = r->prepared.fileRow[i];
        ASSERT_LT(row, raw->size());
        EXPECT_EQ(raw->classNames[size_t(raw->labels[row])], d.classNames[size_t(d.labels[i])]);
        if (row != i) {
            EXPECT_EQ(samplePlace(r->prepared, i), "row " + std::to_string(row));
            ++moved;
        } else {
            EXPECT_EQ(samplePlace(r->prepared, i), "");
        }
    }
    EXPECT_GT(moved, 0u);
    c.data.anomalyLabels = {"nope"};
    auto bad = runExperiment(c);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("anomaly labels"), std::string::npos);
}

TEST(Experiment, SeparateTestFileIsTheTestPartAndTrainingCanBeCapped) {
    awb::test::TempDir dir;
    std::string train = "a,b,c,label\n", test = "a,b,c,label\n";
    for (int i = 0; i < 200; ++i) train += "0.1,0.2,0." + std::to_string(i % 9) + ",ok\n";
    for (int i = 0; i < 30; ++i) test += (i < 10 ? "5,5,5,odd\n" : "0.1,0.2,0.3,ok\n");
    ExperimentConfig c;
    c.data.path = awb::test::writeText(dir.file("train.csv"), train);
    c.data.testPath = awb::test::writeText(dir.file("test.csv"), test);
    c.data.labelColumn = "label";
    c.data.normalLabels = {"ok"};
    c.model.layers = {2};
    c.training.epochs = 2;
    c.training.batchSize = 16;
    c.preprocessing.split = {0.1, 0.5};  // the test fraction is ignored with a test file
    c.preprocessing.maxTrainSamples = 50;
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->evaluation.testCount, 30u);
    EXPECT_EQ(r->evaluation.testAnomalies, 10u);
    EXPECT_EQ(r->prepared.split.validation.size(), 20u);
    EXPECT_EQ(r->prepared.trainRows.size(), 50u);
    for (size_t i : r->prepared.split.test) EXPECT_GE(i, 200u);
    EXPECT_EQ(r->prepared.testFileStart, 200u);
    EXPECT_EQ(samplePlace(r->prepared, 200), "test file row 0");
    EXPECT_EQ(samplePlace(r->prepared, 229), "test file row 29");
    EXPECT_EQ(samplePlace(r->prepared, 5), "");
    EXPECT_EQ(r->prepared.data.classNames, (std::vector<std::string>{"ok", "odd"}));
}

TEST(Cancel, FromNowIgnoresEarlierRequestsButSharesLaterOnes) {
    CancelToken token;
    token.requestCancel();
    const CancelToken later = token.fromNow();
    EXPECT_TRUE(token.cancelled());
    EXPECT_FALSE(later.cancelled());
    token.requestCancel();  // a second stop, through any copy
    EXPECT_TRUE(later.cancelled());
}

TEST(Experiment, StopDuringTrainingStillScoresAndStopDuringScoringEndsTheRun) {
    ExperimentConfig c = quickHeartbeats(50);
    CancelToken cancel;
    ExperimentHooks hooks;
    int batches = 0;
    hooks.training.batchEnded = [&](const BatchReport&) {
        if (++batches == 2) cancel.requestCancel();
    };
    auto kept = runExperiment(c, hooks, cancel);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_EQ(kept->training.outcome, TrainingOutcome::Cancelled);
    EXPECT_EQ(kept->evaluation.scores.size(), kept->prepared.data.size());  // scored all the same

    CancelToken second;
    hooks.training.batchEnded = nullptr;
    hooks.stage = [&](const std::string& stage) {
        if (stage == "scoring") second.requestCancel();
    };
    c.training.epochs = 1;
    auto stopped = runExperiment(c, hooks, second);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code, ErrorCode::Cancelled);
    EXPECT_NE(stopped.error().message.find("stopped while scoring"), std::string::npos);
}

TEST(Experiment, TestPartWithoutAnomaliesSaysWhyFiguresAreMissing) {
    ExperimentConfig c = quickHeartbeats(1);
    c.data.anomalyLabels = {"pvc"};
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->evaluation.note.find("test part"), std::string::npos) << r->evaluation.note;
    c.data.anomalyLabels.clear();
    c.data.normalLabels = {"normal", "pvc", "st-elevation", "flat-t"};  // every class normal
    r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->evaluation.testAnomalies, 0u);
    EXPECT_FALSE(std::isfinite(r->evaluation.auroc));
    EXPECT_NE(r->evaluation.note.find("no anomalies"), std::string::npos) << r->evaluation.note;
}

TEST(Model, TheMemoryEstimateCountsExactlyTheParametersOfEveryFamily) {
    struct Case {
        const char* family;
        std::vector<int64_t> shape;
    };
    for (const Case& c :
         {Case{"dense-ae", {140}}, Case{"usad", {16, 3}}, Case{"lstm-ae", {16, 3}},
          Case{"conv-ae", {1, 28, 28}}, Case{"stacked-conv-ae", {3, 20, 12}},
          Case{"f-anogan", {1, 28, 28}}, Case{"f-anogan", {140}}, Case{"anogan", {3, 20, 12}},
          Case{"anogan", {15}}, Case{"mad-gan", {30, 3}}}) {
        ModelSpec spec;
        spec.family = c.family;
        spec.layers = std::string(c.family) == "lstm-ae" ? std::vector<int64_t>{12, 6} : std::vector<int64_t>{24, 12, 6};
        spec.convChannels = {4, 8};
        spec.latent = std::string(c.family) == "stacked-conv-ae" ? 0 : 10;
        auto model = Model::create(spec, c.shape, 1);
        ASSERT_TRUE(model.ok()) << c.family << ": " << model.error().message;
        EXPECT_EQ(estimateParameterCount(spec, c.shape), model->parameterCount()) << c.family;
    }
}

// The window's live views: previews arrive during training, cost no change in what is learnt
// (scoring between epochs leaves dropout on), and the last one agrees with the final scores.
TEST(Experiment, LivePreviewsLeaveTrainingAsItWasAndFollowTheModel) {
    auto config = *preset("synthetic-heartbeats");
    config.training.epochs = 6;
    config.model.dropout = 0.2;  // a preview that left eval mode on would change the losses
    config.threads = 1;
    const auto plain = runExperiment(config);
    ASSERT_TRUE(plain.ok()) << plain.error().message;
    std::vector<LivePreview> previews;
    ExperimentHooks hooks;
    hooks.preview = [&](const LivePreview& p) { previews.push_back(p); };
    const auto watched = runExperiment(config, hooks);
    ASSERT_TRUE(watched.ok()) << watched.error().message;
    ASSERT_EQ(plain->training.history.size(), watched->training.history.size());
    for (size_t e = 0; e < plain->training.history.size(); ++e) {
        EXPECT_EQ(plain->training.history[e].trainLoss, watched->training.history[e].trainLoss)
            << e;
        EXPECT_EQ(plain->training.history[e].valLoss, watched->training.history[e].valLoss) << e;
    }
    ASSERT_GE(previews.size(), 2u);
    EXPECT_EQ(previews.front().epoch, 1);
    EXPECT_EQ(previews.back().epoch, 6);
    const auto& last = previews.back();
    ASSERT_EQ(last.scores.size(), last.rows.size());
    ASSERT_EQ(last.sampleRows.size(), 3u);  // a normal beat and two anomalies
    EXPECT_EQ(last.inputs.size(), 3 * size_t(140));
    EXPECT_EQ(last.reconstructions.size(), last.inputs.size());
    // The last preview is the trained model's view (no early stopping here): its scores are the
    // final scores of the same rows.
    for (size_t k = 0; k < last.rows.size(); ++k)
        ASSERT_NEAR(last.scores[k], watched->evaluation.scores[last.rows[k]], 1e-6) << k;
    EXPECT_NEAR(last.auroc, watched->evaluation.auroc, 1e-9);  // every test row fits in the subset
    ASSERT_EQ(last.sampleScores.size(), last.sampleRows.size());
    for (size_t k = 0; k < last.sampleRows.size(); ++k)
        EXPECT_NEAR(last.sampleScores[k], watched->evaluation.scores[last.sampleRows[k]], 1e-6)
            << k;
    EXPECT_GT(last.auroc, previews.front().auroc - 0.02);  // not worse for training
    // The latent view follows the training: each preview projects the rows' codes; the last is
    // the trained model's projection, as the latent view draws it after training.
    for (const auto& p : previews) {
        ASSERT_EQ(p.codeX.size(), p.rows.size()) << p.epoch;
        ASSERT_EQ(p.codeY.size(), p.rows.size()) << p.epoch;
        EXPECT_EQ(p.codeDims, 8u);  // the preset's 140-32-16-8 code
        EXPECT_GT(p.codeExplainedX, 0);
        EXPECT_LE(p.codeExplainedX + p.codeExplainedY, 1 + 1e-9);
    }
    const auto view = latentView(*watched, LatentSpace::Codes);
    ASSERT_TRUE(view.ok()) << view.error().message;
    ASSERT_EQ(view->rows, last.rows);
    for (size_t k = 0; k < last.rows.size(); ++k) {
        ASSERT_NEAR(view->x[k], last.codeX[k], 1e-6) << k;
        ASSERT_NEAR(view->y[k], last.codeY[k], 1e-6) << k;
    }
    EXPECT_NE(previews.front().codeX, last.codeX);  // the codes moved with the training
    // Not watched (the window's latent view hidden): no codes, the rest as before.
    std::vector<LivePreview> unwatched;
    hooks.preview = [&](const LivePreview& p) { unwatched.push_back(p); };
    hooks.previewCodes = [] { return false; };
    ASSERT_TRUE(runExperiment(config, hooks).ok());
    ASSERT_FALSE(unwatched.empty());
    for (const auto& p : unwatched) {
        EXPECT_TRUE(p.codeX.empty()) << p.epoch;
        EXPECT_FALSE(p.scores.empty()) << p.epoch;
    }
}

// Reproducibility: the same config and seed on the same machine and thread count give the same
// losses, scores and metrics, bit for bit (two threads: the parallel reductions too).
TEST(Experiment, TheSameSeedAndThreadsGiveTheSameRun) {
    auto config = *preset("synthetic-heartbeats");
    config.training.epochs = 4;
    config.model.dropout = 0.1;  // the dropout masks come from the seed as well
    config.threads = 2;
    const auto a = runExperiment(config);
    const auto b = runExperiment(config);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->training.history.size(), b->training.history.size());
    for (size_t e = 0; e < a->training.history.size(); ++e) {
        EXPECT_EQ(a->training.history[e].trainLoss, b->training.history[e].trainLoss) << e;
        EXPECT_EQ(a->training.history[e].valLoss, b->training.history[e].valLoss) << e;
    }
    EXPECT_EQ(a->evaluation.scores, b->evaluation.scores);
    EXPECT_EQ(a->evaluation.threshold, b->evaluation.threshold);
    EXPECT_EQ(a->evaluation.auroc, b->evaluation.auroc);
    config.training.seed += 1;  // and a different seed is a different run
    const auto c = runExperiment(config);
    ASSERT_TRUE(c.ok());
    EXPECT_NE(a->training.history.front().trainLoss, c->training.history.front().trainLoss);
}

// Windowed series preview on test windows: evenly spread over the test part, labelled by the
// points they hold, scored as the trained model scores them; a normal window and windows around
// anomalies rebuilt (first feature).
TEST(Experiment, LivePreviewsOfAWindowedSeriesScoreTestWindows) {
    auto config = *preset("synthetic-timeseries");
    config.training.epochs = 3;
    config.threads = 1;
    std::vector<LivePreview> previews;
    ExperimentHooks hooks;
    hooks.preview = [&](const LivePreview& p) { previews.push_back(p); };
    const auto r = runExperiment(config, hooks);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_GE(previews.size(), 2u);
    const auto& last = previews.back();
    const size_t length = 128;
    EXPECT_EQ(last.windowLength, length);
    ASSERT_EQ(last.scores.size(), last.rows.size());
    ASSERT_GE(last.rows.size(), 1000u);
    const auto& p = r->prepared;
    std::vector<uint8_t> onTest(p.data.size(), 0);
    for (size_t i : p.split.test) onTest[i] = 1;
    size_t holding = 0;
    for (size_t k = 0; k < last.rows.size(); ++k) {
        const size_t s = last.rows[k];
        ASSERT_LE(s + length, p.data.size());
        bool anomalous = false;
        for (size_t t = s; t < s + length; ++t) {
            ASSERT_TRUE(onTest[t]) << "window " << s << " leaves the test part";
            anomalous |= p.anomaly[t] != 0;
        }
        EXPECT_EQ(last.anomaly[k] != 0, anomalous) << s;
        holding += anomalous;
    }
    EXPECT_GT(holding, 0u);
    EXPECT_LT(holding, last.rows.size());
    // The last preview (patience 0: the last epoch's weights are kept) is the model's own score
    // of those windows.
    const auto windows = cutWindows(p.data, last.rows, length);
    const auto direct = r->model->scores(windows, config.training.loss);
    ASSERT_TRUE(direct.ok());
    for (size_t k = 0; k < last.rows.size(); k += 97)
        ASSERT_NEAR(last.scores[k], (*direct)[k], 1e-6) << k;
    ASSERT_EQ(last.sampleRows.size(), 3u);
    EXPECT_EQ(last.sampleAnomaly, (std::vector<uint8_t>{0, 1, 1}));
    EXPECT_EQ(last.sampleShape, (std::vector<int64_t>{int64_t(length)}));
    EXPECT_EQ(last.inputs.size(), 3 * length);
    EXPECT_EQ(last.reconstructions.size(), last.inputs.size());
    // The curve is the window's first feature as scaled.
    for (size_t t = 0; t < length; t += 17)
        EXPECT_EQ(last.inputs[t], p.data.sample(last.sampleRows[0] + t)[0]) << t;
}

// Draw your own on a series: a stretch left as it was scores as the run scored those points; a
// spike in it raises them; a wrong size or a stretch past the end is refused with the reason.
TEST(Experiment, AnEditedStretchOfASeriesScoresAsTheRunScoresItsPoints) {
    auto config = *preset("synthetic-timeseries");
    config.training.epochs = 2;
    config.threads = 1;
    const auto r = runExperiment(config);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& data = r->prepared.data;
    const size_t length = size_t(config.data.windowLength), f = data.sampleSize();
    for (size_t start : {size_t(0), r->prepared.split.test.front() + 10, data.size() - length}) {
        std::vector<float> values(data.sample(start), data.sample(start) + length * f);
        auto same = scoreEditedStretch(*r, start, values);
        ASSERT_TRUE(same.ok()) << same.error().message;
        ASSERT_EQ(same->pointScores.size(), length);
        EXPECT_EQ(same->reconstruction.size(), length * f);
        size_t flagged = 0;
        for (size_t k = 0; k < length; ++k) {
            const double run = r->evaluation.scores[start + k];
            ASSERT_NEAR(same->pointScores[k], run, 1e-6 * std::max(1e-3, std::abs(run)))
                << "point " << start + k;
            flagged += run > r->evaluation.threshold;
        }
        EXPECT_EQ(same->flagged, flagged);
        values[(length / 2) * f] += 1.0f;  // a spike in the first feature
        auto spiked = scoreEditedStretch(*r, start, values);
        ASSERT_TRUE(spiked.ok());
        EXPECT_GT(spiked->pointScores[length / 2], same->pointScores[length / 2]) << start;
    }
    auto shortOne = scoreEditedStretch(*r, 0, std::vector<float>(3, 0.5f));
    ASSERT_FALSE(shortOne.ok());
    EXPECT_NE(shortOne.error().message.find(std::to_string(length * f) + " values"),
              std::string::npos)
        << shortOne.error().message;
    auto pastEnd =
        scoreEditedStretch(*r, data.size() - length + 1, std::vector<float>(length * f, 0.5f));
    ASSERT_FALSE(pastEnd.ok());
    EXPECT_NE(pastEnd.error().message.find("past the series' end"), std::string::npos);
    std::vector<float> holed(length * f, 0.5f);
    holed[4] = std::nanf("");
    auto withNan = scoreEditedStretch(*r, 0, holed);
    ASSERT_FALSE(withNan.ok());
    EXPECT_NE(withNan.error().message.find("value 5 of " + std::to_string(length * f) +
                                           " is not a finite number (nan)"),
              std::string::npos)
        << withNan.error().message;
}

// The CLI's `score`: a new file's rows, read and scaled as the run's, score as the run scored
// them, also for a sequence model that reads each row as a series ({140} -> {140, 1}).
TEST(Experiment, ANewFileScoresAsTheRunScoredTheSameRows) {
    auto config = *preset("synthetic-heartbeats");
    config.model.family = "lstm-ae";
    config.model.layers = {8, 4};
    config.training.epochs = 1;
    config.preprocessing.maxTrainSamples = 64;
    config.threads = 1;
    const auto run = runExperiment(config);
    ASSERT_TRUE(run.ok()) << run.error().message;
    ASSERT_EQ(run->prepared.data.sampleShape, (std::vector<int64_t>{140, 1}));
    const auto raw = *loadData(config.data);
    const std::string path = testing::TempDir() + "awb_new_rows.csv";
    {
        std::ofstream out(path);
        out << "class";
        for (size_t j = 0; j < raw.sampleSize(); ++j) out << ",t" << j;
        out << "\n";
        out.precision(9);
        for (size_t i = 0; i < 4; ++i) {
            out << raw.classNames[size_t(raw.labels[i])];
            for (size_t j = 0; j < raw.sampleSize(); ++j) out << "," << raw.sample(i)[j];
            out << "\n";
        }
    }
    DataConfig file = config.data;
    file.builtin.clear();
    file.path = path;
    const auto scores = scoreNewData(*run, file);
    ASSERT_TRUE(scores.ok()) << scores.error().message;
    ASSERT_EQ(scores->size(), 4u);
    for (size_t i = 0; i < 4; ++i) EXPECT_NEAR((*scores)[i], run->evaluation.scores[i], 1e-6) << i;
    // Rows of another length are refused with both shapes named.
    const std::string shortPath = testing::TempDir() + "awb_short_rows.csv";
    std::ofstream(shortPath) << "class,a,b\nnormal,1,2\n";
    file.path = shortPath;
    const auto refused = scoreNewData(*run, file);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("are 2 x 1 values; the run's are 140 x 1"),
              std::string::npos)
        << refused.error().message;
}

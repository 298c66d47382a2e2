// SPDX-License-Identifier: GPL-3.0-or-later
// Families from outside core (tests/common/toy_families.cpp): registered, trained in phases,
// scored with gradients, saved and opened through the code the CLI runs.
#include <gtest/gtest.h>
#include <torch/nn/utils/convert_parameters.h>

#include <cmath>

#include "../common/toy_families.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "core/models/family.h"
#include "core/models/model_impl.h"
#include "core/training/trainer.h"
#include "test_helpers.h"

using namespace awb::core;

namespace {

/// n samples of 12 values: smooth bumps at random places, in [0, 1].
Dataset bumps(size_t n, uint64_t seed) {
    Dataset d;
    d.sampleShape = {12};
    d.source = "bumps";
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::uniform_real_distribution<float> centre(2, 10);
    for (size_t i = 0; i < n; ++i) {
        const float c = centre(rng);
        for (int k = 0; k < 12; ++k) d.values.push_back(std::exp(-0.5f * (k - c) * (k - c) / 4.0f));
    }
    return d;
}

torch::Tensor flatParameters(Model& model, const std::string& prefix) {
    std::vector<torch::Tensor> out;
    for (const auto& p : model.impl().module->named_parameters()) {
        if (p.key().rfind(prefix, 0) == 0) out.push_back(p.value().detach().clone().flatten());
    }
    return torch::cat(out);
}

}  // namespace

TEST(FamilyRegistry, AFamilyFromOutsideCoreIsListedAndRefusesBadRegistrations) {
    awb::test::registerToyFamilies();
    const auto names = modelFamilies();
    EXPECT_NE(std::find(names.begin(), names.end(), "toy-two-phase"), names.end());
    EXPECT_EQ(names.front(), "dense-ae");  // built-in ones first, in their order
    Family again = *findFamily("toy-two-phase");
    EXPECT_NE(registerFamily(again).error().message.find("the name is taken"), std::string::npos);
    Family nameless = again;
    nameless.name = "";
    EXPECT_FALSE(registerFamily(nameless).ok());
    Family noBuild = again;
    noBuild.name = "toy-no-build";
    noBuild.build = nullptr;
    EXPECT_FALSE(registerFamily(noBuild).ok());
    EXPECT_EQ(findFamily("toy-no-build"), nullptr);

    ModelSpec spec;
    spec.family = "toy-two-phase";
    spec.termWeights = {1.0};
    auto st = validate(spec);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find(
                  "model.term_weights: toy-two-phase has 2 score terms (rec, code), not 1"),
              std::string::npos)
        << st.error().message;
    spec.termWeights = {1.0, -1.0};
    EXPECT_NE(validate(spec).error().message.find("model.term_weights[1]"), std::string::npos);
    spec.termWeights = {};
    EXPECT_TRUE(validate(spec).ok());
    spec.family = "no-such-family";
    EXPECT_NE(validate(spec).error().message.find("toy-two-phase"),
              std::string::npos);  // in the list
}

// Phase 1: A twice and B once a batch for 2 epochs; phase 2: B alone for 1 epoch, A frozen.
TEST(Training, TwoPhasesStepTheirGroupsAndFreezeTheRest) {
    awb::test::registerToyFamilies();
    configureThreads(awb::test::learningThreads());
    ModelSpec spec;
    spec.family = "toy-two-phase";
    auto model = Model::create(spec, {12}, awb::test::learningSeed(7));
    ASSERT_TRUE(model.ok()) << model.error().message;
    const Dataset data = bumps(200, 1);
    TrainingConfig config;
    config.batchSize = 50;  // 4 batches an epoch
    config.learningRate = 0.01;
    config.loss = LossKind::Mse;
    config.seed = awb::test::learningSeed(7);
    torch::Tensor encoderAfterPhase1, decoderAfterPhase1;
    TrainingHooks hooks;
    hooks.epochEnded = [&](const EpochReport& r) {
        if (r.epoch == 2) {
            encoderAfterPhase1 = flatParameters(*model, "encoder");
            decoderAfterPhase1 = flatParameters(*model, "decoder");
        }
    };
    const auto untrained = model->scores(data, LossKind::Mse);
    auto summary = train(*model, data, Dataset{}, config, hooks);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    ASSERT_EQ(summary->outcome, TrainingOutcome::Completed);
    ASSERT_EQ(summary->history.size(), 3u);  // epochs counted over both phases
    EXPECT_EQ(summary->groupSteps, (std::vector<int64_t>{2 * 4 * 2, 4 * 2 + 4}));
    EXPECT_EQ(summary->history[0].phase, "joint");
    EXPECT_EQ(summary->history[2].phase, "decoder");
    EXPECT_EQ(summary->history[2].epochs, 3);
    for (const auto& e : summary->history) {
        ASSERT_EQ(e.groupNames, (std::vector<std::string>{"A", "B"}));
        ASSERT_EQ(e.groupLosses.size(), 2u);
        EXPECT_TRUE(std::isfinite(e.groupLosses[1])) << e.epoch;
    }
    EXPECT_TRUE(std::isfinite(summary->history[1].groupLosses[0]));
    EXPECT_TRUE(std::isnan(summary->history[2].groupLosses[0]));  // A did not train in phase 2
    EXPECT_EQ(summary->history[2].trainLoss,
              summary->history[2].groupLosses[1]);  // the phase's first group
    // Frozen: A's weights are bit for bit those after phase 1; B's moved on.
    EXPECT_TRUE(torch::equal(flatParameters(*model, "encoder"), encoderAfterPhase1));
    EXPECT_FALSE(torch::equal(flatParameters(*model, "decoder"), decoderAfterPhase1));
    EXPECT_TRUE(model->impl().module->parameters()[0].requires_grad());  // unfrozen after training
    // It learned: the reconstruction error fell below the untrained net's.
    const auto trained = model->scores(data, LossKind::Mse);
    ASSERT_TRUE(untrained.ok() && trained.ok());
    double before = 0, after = 0;
    for (size_t i = 0; i < data.size(); ++i) before += (*untrained)[i], after += (*trained)[i];
    std::printf("[figure] TwoPhases mean score untrained %.4f trained %.4f\n", before / data.size(),
                after / data.size());
    // Seeds 1-5 x threads 1, 2, 4: trained/untrained 0.078-0.116 (the same for every thread count).
    EXPECT_LT(after, 0.5 * before);
}

TEST(Scoring, AModuleWhoseScoringNeedsGradientsScores) {
    awb::test::registerToyFamilies();
    ModelSpec spec;
    spec.family = "toy-latent-search";
    auto model = Model::create(spec, {12}, 3);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const Dataset data = bumps(64, 2);
    // The searched code fits each sample better than the generator's output at code 0.
    auto scores = model->scores(data, LossKind::Mse);
    ASSERT_TRUE(scores.ok()) << scores.error().message;  // under InferenceMode the search throws
    auto& module = *model->impl().module;
    module.eval();
    const auto x = samplesView(data, 0, data.size());
    const auto atZero =
        torch::sigmoid(module.named_parameters()["generator.bias"].detach()).unsqueeze(0);
    const auto zeroError = (x - atZero).pow(2).mean(1);
    size_t better = 0;
    for (size_t i = 0; i < data.size(); ++i)
        better += (*scores)[i] < zeroError[int64_t(i)].item<double>();
    EXPECT_EQ(better, data.size());
    // The module's weights took no gradient while scoring (its search calls backward()), and
    // are trainable again afterwards.
    for (const auto& p : module.parameters()) {
        EXPECT_FALSE(p.grad().defined());
        EXPECT_TRUE(p.requires_grad());
    }
    auto rec = model->reconstruct(data, {0, 1});
    ASSERT_TRUE(rec.ok()) << rec.error().message;
    // Training and validation go through the same guard.
    TrainingConfig config;
    config.epochs = 2;
    config.batchSize = 32;
    config.loss = LossKind::Mse;
    auto summary = train(*model, data, bumps(16, 3), config);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_TRUE(std::isfinite(summary->history.back().valLoss));
}

TEST(FamilyRegistry, AToyFamilyRunsSavesAndOpensThroughTheCliPath) {
    awb::test::registerToyFamilies();
    auto config = *preset("synthetic-heartbeats");
    config.model.family = "toy-two-phase";
    config.training.batchSize = 64;
    config.threads = 1;
    ASSERT_TRUE(validate(config).ok()) << validate(config).error().message;
    auto r = runExperiment(config);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->training.history.size(), 3u);
    EXPECT_EQ(r->model->termWeights(), (std::vector<double>{1.0, 0.01}));
    // The score is the weighted sum of the terms.
    auto terms = r->model->scoreTerms(r->prepared.data, r->config.training.loss);
    ASSERT_TRUE(terms.ok());
    for (size_t i = 0; i < 5; ++i) {
        EXPECT_NEAR(r->evaluation.scores[i], (*terms)[0][i] + 0.01 * (*terms)[1][i], 1e-6);
    }
    awb::test::TempDir dir;
    const std::string out = dir.file("run");
    ASSERT_TRUE(writeRunDirectory(out, *r).ok());
    auto back = loadRun(out);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->config.model.family, "toy-two-phase");
    ASSERT_EQ(back->training.history.size(), 3u);
    EXPECT_EQ(back->training.history[0].groupNames, (std::vector<std::string>{"A", "B"}));
    EXPECT_TRUE(std::isnan(back->training.history[2].groupLosses[0]));
    EXPECT_NEAR(back->training.history[1].groupLosses[1], r->training.history[1].groupLosses[1],
                1e-6);
    auto again = back->model->scores(back->prepared.data, back->config.training.loss);
    ASSERT_TRUE(again.ok());
    for (size_t i = 0; i < 5; ++i) EXPECT_NEAR((*again)[i], r->evaluation.scores[i], 1e-6);
    // Term weights changed after training re-score and are saved.
    ASSERT_TRUE(setTermWeights(*r, {1.0, 0.0}).ok());
    for (size_t i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(r->evaluation.scores[i], (*terms)[0][i]);
}

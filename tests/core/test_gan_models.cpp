// SPDX-License-Identifier: GPL-3.0-or-later
// The GAN families (AnoGAN, f-AnoGAN, MAD-GAN): their settings, their training in parts and
// phases, and what their scores are made of. Quick: small networks and data.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include "core/experiment/experiment_config.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "core/experiment/search_replay.h"
#include "core/models/family.h"
#include "core/models/gan_models.h"
#include "core/models/model.h"
#include "core/models/model_impl.h"
#include "core/training/trainer.h"
#include "test_helpers.h"

using namespace awb::core;

namespace {

/// The message of a config refused by validate(), or "" when accepted.
std::string refusal(const std::string& family, const std::string& modelJson) {
    ExperimentConfig c;
    c.data.builtin = family == "mad-gan" ? "synthetic-timeseries" : "gaussian-blobs";
    if (family == "mad-gan") {
        c.data.kind = DataKind::TimeSeries;
        c.data.windowLength = 30;
    }
    const auto st =
        applyJson(c, R"({"model": {"family": ")" + family + "\", " + modelJson + "}}", "t.json");
    if (!st) return st.error().message;
    const auto v = validate(c);
    return v ? std::string() : v.error().message;
}

/// A small AnoGAN on the built-in blobs, class 0 normal: quick to train and to search.
ExperimentConfig smallAnoGanOnBlobs(int searchSteps, int epochs) {
    ExperimentConfig c;
    c.data.builtin = "gaussian-blobs";
    c.data.labelColumn = "class";
    c.data.normalLabels = {"0"};
    c.model.family = "anogan";
    c.model.layers = {8};
    c.model.latent = 2;
    c.model.searchSteps = searchSteps;
    c.training.epochs = epochs;
    c.training.batchSize = 64;
    return c;
}

/// `n` samples of `shape` holding a fixed pattern of values in [0, 1).
Dataset patternedSamples(size_t n, const std::vector<int64_t>& shape) {
    size_t values = 1;
    for (int64_t v : shape) values *= size_t(v);
    Dataset d = awb::test::constantRows(0.f, n, values);
    d.sampleShape = shape;
    for (size_t i = 0; i < d.values.size(); ++i) d.values[i] = float((i * 7) % 11) / 11.0f;
    return d;
}

/// Sample `i` of `d` as a dataset of its own.
Dataset sampleAlone(const Dataset& d, size_t i) {
    const size_t values = d.values.size() / d.size();
    Dataset one = d;
    one.values.assign(d.values.begin() + values * i, d.values.begin() + values * (i + 1));
    return one;
}

}  // namespace

TEST(GanFamilies, BadSettingsAreRefusedNamingTheField) {
    EXPECT_NE(refusal("f-anogan", R"("latent": 0)").find("model.latent"), std::string::npos);
    EXPECT_NE(refusal("anogan", R"("latent": 0)").find("model.latent"), std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("latent": 0)").find("model.latent"), std::string::npos);
    EXPECT_NE(refusal("f-anogan", R"("critic_steps": 0)").find("model.critic_steps"),
              std::string::npos);
    EXPECT_NE(refusal("anogan", R"("search_steps": 0)").find("model.search_steps"),
              std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("search_steps": -3)").find("model.search_steps"),
              std::string::npos);
    EXPECT_NE(refusal("anogan", R"("lambda": 1.5)").find("model.lambda: must be in [0, 1]"),
              std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("lambda": -0.1)").find("model.lambda"), std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("latent_per": "sample")").find("model.latent_per"),
              std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("search_starts": -1)").find("model.search_starts"),
              std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("search_starts": 5000)").find("model.search_starts"),
              std::string::npos);
    EXPECT_NE(refusal("mad-gan", R"("discriminator_steps": 0)").find("model.discriminator_steps"),
              std::string::npos);
    EXPECT_EQ(refusal("mad-gan", R"("latent_per": "window", "search_starts": 4096)"), "");
    // The autoencoders keep 0 = no dense code; settings of other families are not checked.
    EXPECT_EQ(refusal("conv-ae", R"("latent": 0, "critic_steps": 0, "search_steps": 0)"), "");
    EXPECT_EQ(refusal("anogan", R"("latent": 8, "search_steps": 10, "lambda": 0.25)"), "");
    // lambda is the second of the two term weights.
    ExperimentConfig c;
    ASSERT_TRUE(applyJson(c, R"({"model": {"family": "anogan", "lambda": 0.25}})", "t.json").ok());
    EXPECT_EQ(c.model.termWeights, (std::vector<double>{0.75, 0.25}));
    EXPECT_NE(refusal("dense-ae", R"("lambda": 0.5)").find("has no lambda"), std::string::npos);
}

TEST(GanFamilies, EachFamilyHasItsTermsAndPreset) {
    for (const char* name : {"anogan", "f-anogan", "mad-gan"}) {
        const Family* f = findFamily(name);
        ASSERT_TRUE(f) << name;
        EXPECT_EQ(f->terms.size(), 2u) << name;
        EXPECT_TRUE(f->latentRequired);
        auto p = preset(f->defaultPreset);
        ASSERT_TRUE(p.ok()) << name << ": " << p.error().message;
        EXPECT_EQ(p->model.family, name);
    }
    ModelSpec defaults;  // no term weights given: the family's
    EXPECT_EQ(findFamily("anogan")->weights(defaults), (std::vector<double>{0.9, 0.1}));  // λ = 0.1
    EXPECT_EQ(findFamily("f-anogan")->weights(defaults), (std::vector<double>{1.0, 1.0}));  // κ = 1
}

/// f-AnoGAN trains in two phases: WGAN-GP (critic five times per generator step), then the encoder
/// alone; the report names the phase and leaves frozen groups' losses out.
TEST(GanFamilies, FAnoGanTrainsCriticGeneratorThenEncoder) {
    ModelSpec spec;
    spec.family = "f-anogan";
    spec.layers = {16, 8};
    spec.latent = 4;
    spec.criticSteps = 3;
    auto model = Model::create(spec, {12}, 1);
    ASSERT_TRUE(model.ok()) << model.error().message;
    Dataset d = awb::test::constantRows(0.5f, 64, 12);
    for (size_t i = 0; i < d.values.size(); ++i) d.values[i] = float(i % 12) / 12.0f;
    TrainingConfig t;
    t.epochs = 2;
    t.batchSize = 32;
    t.learningRate = 1e-4;
    auto s = train(*model, d, Dataset{}, t);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(s->history.size(), 4u);
    EXPECT_EQ(s->history[0].phase, "WGAN-GP");
    EXPECT_EQ(s->history[3].phase, "encoder");
    EXPECT_EQ(s->history[0].groupNames,
              (std::vector<std::string>{"critic", "generator", "encoder"}));
    EXPECT_TRUE(std::isnan(s->history[0].groupLosses[2]));
    EXPECT_TRUE(std::isnan(s->history[3].groupLosses[0]));
    EXPECT_TRUE(std::isfinite(s->history[3].groupLosses[2]));
    // 2 batches x 2 epochs: 3 critic steps each, 1 generator step; then 4 encoder steps.
    EXPECT_EQ(s->groupSteps, (std::vector<int64_t>{12, 4, 4}));
    auto terms = model->scoreTerms(d, LossKind::Mse);
    ASSERT_TRUE(terms.ok());
    ASSERT_EQ(terms->size(), 2u);
    for (const auto& term : *terms) {
        for (double v : term) ASSERT_TRUE(std::isfinite(v) && v >= 0);
    }
}

/// AnoGAN and MAD-GAN score by a latent search: the weights do not move while scoring, the same
/// sample scores the same alone or in a batch (its search depends on itself only), and more
/// search steps find a closer match.
TEST(GanFamilies, LatentSearchScoresEachSampleOnItsOwn) {
    for (const char* family : {"anogan", "mad-gan"}) {
        ModelSpec spec;
        spec.family = family;
        spec.layers = {16};
        spec.latent = 3;
        spec.searchSteps = 5;
        const std::vector<int64_t> shape = std::string(family) == "mad-gan"
                                               ? std::vector<int64_t>{6, 2}
                                               : std::vector<int64_t>{12};
        auto model = Model::create(spec, shape, 3);
        ASSERT_TRUE(model.ok()) << model.error().message;
        const Dataset d = patternedSamples(10, shape);
        auto before = model->scoreTerms(d, LossKind::Mse);
        ASSERT_TRUE(before.ok()) << before.error().message;
        auto alone = model->scoreTerms(sampleAlone(d, 3), LossKind::Mse);
        ASSERT_TRUE(alone.ok());
        for (size_t t = 0; t < 2; ++t) EXPECT_NEAR((*alone)[t][0], (*before)[t][3], 1e-5) << family;
        auto again = model->scoreTerms(d, LossKind::Mse);
        EXPECT_EQ((*again)[0], (*before)[0]) << family << ": scoring changed the weights";
        spec.searchSteps = 200;
        auto longer = Model::create(spec, shape, 3);  // the same initial weights (same seed)
        auto closer = longer->scoreTerms(d, LossKind::Mse);
        ASSERT_TRUE(closer.ok());
        double shortSum = 0, longSum = 0;
        for (size_t i = 0; i < d.size(); ++i)
            shortSum += (*before)[0][i], longSum += (*closer)[0][i];
        EXPECT_LT(longSum, 0.8 * shortSum) << family << ": the search did not improve the match";
    }
}

/// MAD-GAN with one code per window, its search started from the best of many candidates: a
/// window scores the same alone as among 300 (where the candidates are compared in chunks), and
/// starting from the best candidate fits closer than starting from the zero code.
TEST(GanFamilies, MadGanSearchStartsFromTheBestCandidate) {
    ModelSpec spec;
    spec.family = "mad-gan";
    spec.layers = {8};
    spec.latent = 3;
    spec.latentPer = "window";
    spec.searchSteps = 1;
    spec.searchStarts = kMaxSearchStarts;
    const std::vector<int64_t> shape{30, 2};
    auto model = Model::create(spec, shape, 3);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const Dataset d = patternedSamples(300, shape);
    auto all = model->scoreTerms(d, LossKind::Mse);
    ASSERT_TRUE(all.ok()) << all.error().message;
    auto alone = model->scoreTerms(sampleAlone(d, 250), LossKind::Mse);
    ASSERT_TRUE(alone.ok());
    EXPECT_NEAR((*alone)[0][0], (*all)[0][250], 1e-6);
    spec.searchStarts = 0;
    auto fromZero = Model::create(spec, shape, 3);  // the same weights (same seed)
    ASSERT_TRUE(fromZero.ok()) << fromZero.error().message;
    auto zero = fromZero->scoreTerms(d, LossKind::Mse);
    ASSERT_TRUE(zero.ok());
    double startsSum = 0, zeroSum = 0;
    for (size_t i = 0; i < d.size(); ++i) startsSum += (*all)[0][i], zeroSum += (*zero)[0][i];
    EXPECT_LT(startsSum, zeroSum);
}

/// MAD-GAN's discriminator steps per generator step, with one code per window and with a code per
/// step searched from candidates: both train and score.
TEST(GanFamilies, MadGanStepsItsDiscriminatorAsSet) {
    for (const char* per : {"window", "step"}) {
        ModelSpec spec;
        spec.family = "mad-gan";
        spec.layers = {8};
        spec.latent = 3;
        spec.latentPer = per;
        spec.discriminatorSteps = 3;
        spec.searchSteps = 2;
        spec.searchStarts = 16;
        auto model = Model::create(spec, {6, 2}, 1);
        ASSERT_TRUE(model.ok()) << model.error().message;
        Dataset d = awb::test::constantRows(0.5f, 64, 12);
        d.sampleShape = {6, 2};
        for (size_t i = 0; i < d.values.size(); ++i) d.values[i] = float(i % 12) / 12.0f;
        TrainingConfig t;
        t.epochs = 2;
        t.batchSize = 32;
        auto s = train(*model, d, Dataset{}, t);
        ASSERT_TRUE(s.ok()) << s.error().message;
        // 2 batches x 2 epochs: 3 discriminator steps each, 1 generator step.
        EXPECT_EQ(s->groupSteps, (std::vector<int64_t>{12, 4})) << per;
        auto terms = model->scoreTerms(d, LossKind::Mse);
        ASSERT_TRUE(terms.ok()) << terms.error().message;
        for (double v : (*terms)[0]) ASSERT_TRUE(std::isfinite(v) && v >= 0) << per;
    }
}

/// AnoGAN's generator normalises its batches, which cannot be done on one sample in training:
/// a last batch of one (33 samples at batch 32) still trains.
TEST(GanFamilies, ALastBatchOfOneTrains) {
    ModelSpec spec;
    spec.family = "anogan";
    spec.layers = {8};
    spec.latent = 2;
    auto model = Model::create(spec, {6}, 1);
    ASSERT_TRUE(model.ok()) << model.error().message;
    Dataset d = awb::test::constantRows(0.5f, 33, 6);
    TrainingConfig t;
    t.epochs = 1;
    t.batchSize = 32;
    auto s = train(*model, d, Dataset{}, t);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->outcome, TrainingOutcome::Completed) << s->message;
    EXPECT_EQ(s->groupSteps, (std::vector<int64_t>{2, 2}));
}

/// A family whose scoring searches scores only the samples the evaluation reads: the training
/// part's anomalies (not trained on) stay NaN, "not scored", in the scores and the saved CSV, and
/// of a large training part only 2000 rows are scored for the threshold; the image grid's
/// reconstructions, one batch, are each sample's own.
TEST(GanFamilies, ASearchScoresOnlyTheEvaluatedSamples) {
    ExperimentConfig c = smallAnoGanOnBlobs(3, 1);
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& p = r->prepared;
    std::vector<uint8_t> evaluated(p.data.size(), 0);
    for (const auto* rows : {&p.trainRows, &p.split.validation, &p.split.test})
        for (size_t i : *rows) evaluated[i] = 1;
    size_t skipped = 0;
    for (size_t i = 0; i < p.data.size(); ++i) {
        EXPECT_EQ(std::isfinite(r->evaluation.scores[i]), bool(evaluated[i])) << "sample " << i;
        skipped += !evaluated[i];
    }
    EXPECT_GT(skipped, 0u) << "the training part should hold anomalies not trained on";
    EXPECT_TRUE(std::isfinite(r->evaluation.auroc));
    EXPECT_NE(scoresCsv(*r).find(",nan,\n"), std::string::npos);  // no score, no verdict

    // A larger set: the threshold's statistics come from a share of the training rows.
    ExperimentConfig big = c;
    big.data.builtin = "synthetic-transactions";
    big.training.batchSize = 512;
    auto b = runExperiment(big);
    ASSERT_TRUE(b.ok()) << b.error().message;
    size_t scoredTrain = 0, scoredTest = 0;
    for (size_t i : b->prepared.trainRows) scoredTrain += std::isfinite(b->evaluation.scores[i]);
    for (size_t i : b->prepared.split.test) scoredTest += std::isfinite(b->evaluation.scores[i]);
    EXPECT_GT(b->prepared.trainRows.size(), 5000u);
    EXPECT_EQ(scoredTrain, 2000u);
    EXPECT_EQ(scoredTest, b->prepared.split.test.size());
    EXPECT_TRUE(std::isfinite(b->evaluation.threshold));
    EXPECT_TRUE(std::isfinite(b->evaluation.trainErrorMean));
    // The run's files say over how many rows the training error was taken.
    EXPECT_NE(metricsJson(*b).find("\"n\": 2000"), std::string::npos);

    const std::vector<size_t> picked{p.split.test[0], p.split.test[1], p.trainRows[0]};
    auto together = r->model->reconstruct(p.data, picked);
    ASSERT_TRUE(together.ok()) << together.error().message;
    const size_t n = p.data.sampleSize();
    for (size_t k = 0; k < picked.size(); ++k) {
        auto alone = r->model->reconstruct(p.data, {picked[k]});
        ASSERT_TRUE(alone.ok());
        for (size_t j = 0; j < n; ++j) EXPECT_NEAR((*together)[k * n + j], (*alone)[j], 1e-5);
    }
}

namespace {

/// An epoch's report as the trainer writes it for a GAN's two groups.
EpochReport ganEpoch(int epoch, int epochs, double critic, double generator, double spread) {
    EpochReport e;
    e.epoch = epoch;
    e.epochs = epochs;
    e.groupNames = {"discriminator", "generator"};
    e.groupLosses = {critic, generator};
    e.sampleSpread = spread;
    return e;
}

ModelSpec smallGan(const char* family) {
    ModelSpec spec;
    spec.family = family;
    spec.layers = {8};
    spec.latent = 2;
    return spec;
}

}  // namespace

/// The GANs' health checks: an exploding loss stops; a generator whose samples collapsed, a
/// critic whose loss stands still and a discriminator that wins outright are warned of, with
/// what to change; an untrained generator's narrow start and a frozen critic are not.
TEST(GanFamilies, HealthChecksTellCollapseAStuckCriticAndDivergence) {
    AnoGan anogan(smallGan("anogan"), {12}, {0.9, 0.1});
    FAnoGan fanogan(smallGan("f-anogan"), {12}, {1.0, 1.0});
    using H = std::vector<EpochReport>;
    // Healthy: losses move, samples vary.
    EXPECT_EQ(
        anogan.health(H{ganEpoch(1, 100, 1.3, 0.7, 0.4), ganEpoch(2, 100, 1.2, 0.8, 0.5)}).message,
        "");
    // Diverging: stops, naming the group.
    const auto boom =
        anogan.health(H{ganEpoch(1, 100, 1.3, 0.7, 0.5), ganEpoch(2, 100, 3e4, 0.8, 0.5)});
    EXPECT_TRUE(boom.stop);
    EXPECT_NE(boom.message.find("discriminator loss reached"), std::string::npos) << boom.message;
    // A generator's loss drifting far is not divergence by itself (a WGAN's has no level).
    EXPECT_FALSE(
        anogan.health(H{ganEpoch(1, 100, 1.3, 0.7, 0.5), ganEpoch(2, 100, 1.2, 3e4, 0.5)}).stop);
    // Collapse: a spread that fell from above 0.2 to under 0.1 two epochs running.
    const auto collapse =
        anogan.health(H{ganEpoch(1, 100, 1.3, 0.7, 0.5), ganEpoch(2, 100, 1.2, 0.8, 0.05),
                        ganEpoch(3, 100, 1.1, 0.9, 0.04)});
    EXPECT_FALSE(collapse.stop);
    EXPECT_NE(collapse.message.find("mode collapse"), std::string::npos) << collapse.message;
    // An untrained generator starts narrow (f-AnoGAN's: 7 %): not collapse early on, but still
    // narrow after a quarter of training is.
    EXPECT_EQ(fanogan
                  .health(H{ganEpoch(1, 100, 7.9, 0.1, 0.07), ganEpoch(2, 100, 5.0, 0.3, 0.07),
                            ganEpoch(3, 100, 2.0, 0.8, 0.08)})
                  .message,
              "");
    EXPECT_NE(
        fanogan.health(H{ganEpoch(25, 100, 7.9, 0.1, 0.07), ganEpoch(26, 100, 5.0, 0.3, 0.07)})
            .message.find("mode collapse"),
        std::string::npos);
    // A critic whose loss stands still for three epochs; a frozen one (NaN) is not stuck.
    const auto stuck =
        fanogan.health(H{ganEpoch(4, 100, -0.75, 0.2, 0.5), ganEpoch(5, 100, -0.75, 0.3, 0.5),
                         ganEpoch(6, 100, -0.75, 0.1, 0.5)});
    EXPECT_NE(stuck.message.find("loss has stayed at -0.75"), std::string::npos) << stuck.message;
    const double frozen = std::nan("");
    EXPECT_EQ(
        fanogan
            .health(H{ganEpoch(4, 100, -0.75, 0.2, 0.5), ganEpoch(5, 100, frozen, frozen, 0.5),
                      ganEpoch(6, 100, frozen, frozen, 0.5)})
            .message,
        "");
    // A discriminator that wins outright (a standard GAN's; a Wasserstein critic's loss has no
    // such floor).
    const H wins{ganEpoch(4, 100, 0.004, 9.0, 0.5), ganEpoch(5, 100, 0.003, 9.5, 0.5)};
    EXPECT_NE(anogan.health(wins).message.find("almost perfectly"), std::string::npos);
    // Saturated and flat: it wins (lower its learning rate), not stuck (raise it).
    const H flat{ganEpoch(4, 100, 1e-8, 9.0, 0.5), ganEpoch(5, 100, 1e-8, 9.5, 0.5),
                 ganEpoch(6, 100, 1e-8, 9.9, 0.5)};
    EXPECT_NE(anogan.health(flat).message.find("almost perfectly"), std::string::npos);
    EXPECT_EQ(fanogan.health(wins).message, "");
}

namespace {

/// AnoGAN whose health check stops training in epoch 3 and warns from epoch 2 on.
class StopsInEpochThree : public AnoGan {
public:
    using AnoGan::AnoGan;
    TrainingHealth health(const std::vector<EpochReport>& history) const override {
        const int epoch = history.back().epoch;
        if (epoch == 3) return {true, "stopped by the test's health check"};
        return {false, epoch >= 2 ? "a test warning" : ""};
    }
};

}  // namespace

/// The trainer measures a GAN's samples each epoch, keeps its warnings (each once) and, when the
/// health check stops it, keeps the weights of the last complete epoch: those of a run of that
/// many epochs.
TEST(GanFamilies, AHealthStopKeepsTheLastCompleteEpochsWeights) {
    awb::core::configureThreads(1);
    const auto spec = smallGan("anogan");
    Dataset d = awb::test::constantRows(0.f, 40, 12);
    for (size_t i = 0; i < d.values.size(); ++i) d.values[i] = float((i * 7) % 11) / 11.0f;
    TrainingConfig t;
    t.batchSize = 16;
    t.seed = 5;
    auto stopped = Model::create(spec, {12}, 1);
    ASSERT_TRUE(stopped.ok());
    torch::manual_seed(1);  // both modules' initial weights
    stopped->impl().module = std::make_shared<StopsInEpochThree>(spec, std::vector<int64_t>{12},
                                                                 std::vector<double>{0.9, 0.1});
    t.epochs = 5;
    auto s = train(*stopped, d, Dataset{}, t);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->outcome, TrainingOutcome::Diverged);
    EXPECT_EQ(s->message, "stopped by the test's health check");
    EXPECT_EQ(s->epochsCompleted, 2);
    ASSERT_EQ(s->history.size(), 2u);
    EXPECT_TRUE(std::isfinite(s->history[0].sampleSpread));
    EXPECT_GT(s->history[0].sampleSpread, 0.0);
    EXPECT_EQ(s->history[0].warning, "");
    EXPECT_EQ(s->history[1].warning, "a test warning");
    EXPECT_EQ(s->warnings, (std::vector<std::string>{"a test warning"}));

    auto two = Model::create(spec, {12}, 1);
    torch::manual_seed(1);
    two->impl().module = std::make_shared<StopsInEpochThree>(spec, std::vector<int64_t>{12},
                                                             std::vector<double>{0.9, 0.1});
    t.epochs = 2;
    ASSERT_TRUE(train(*two, d, Dataset{}, t).ok());
    const auto a = stopped->generatedSamples(4), b = two->generatedSamples(4);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->size(), 4u * 12u);
    EXPECT_EQ(*a, *b) << "the stopped run's weights are not those of its last complete epoch";
    // The autoencoders generate nothing and report no spread.
    auto ae = Model::create(ModelSpec{}, {12}, 1);
    ASSERT_TRUE(ae.ok());
    EXPECT_TRUE(ae->generatedSamples(4)->empty());
    t.epochs = 1;
    auto aeRun = train(*ae, d, Dataset{}, t);
    ASSERT_TRUE(aeRun.ok());
    EXPECT_TRUE(std::isnan(aeRun->history.at(0).sampleSpread));
}

/// A run keeps its score terms on disk (terms.csv) and training warnings (metrics.json): a
/// reopened AnoGAN run re-weights its terms as the run in memory did, NaN for unscored samples
/// included, without searching again.
TEST(GanFamilies, AReopenedRunKeepsItsTermsAndWarnings) {
    ExperimentConfig c = smallAnoGanOnBlobs(3, 1);
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->sampleTerms.size(), 2u);
    r->training.warnings = {"a kept warning"};
    awb::test::TempDir tmp;
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(writeRunDirectory(dir, *r).ok());
    auto back = loadRun(dir);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->sampleTerms.size(), 2u);
    for (size_t t = 0; t < 2; ++t) {
        ASSERT_EQ(back->sampleTerms[t].size(), r->sampleTerms[t].size());
        for (size_t i = 0; i < r->sampleTerms[t].size(); ++i) {
            const double a = r->sampleTerms[t][i], b = back->sampleTerms[t][i];
            EXPECT_TRUE(std::isnan(a) ? std::isnan(b) : a == b) << "term " << t << ", sample " << i;
        }
    }
    EXPECT_EQ(back->training.warnings, r->training.warnings);
    ASSERT_TRUE(setTermWeights(*r, {0.5, 0.5}).ok());
    ASSERT_TRUE(setTermWeights(*back, {0.5, 0.5}).ok());
    EXPECT_DOUBLE_EQ(back->evaluation.auroc, r->evaluation.auroc);
    // Damaged: refused naming the file.
    {
        std::ofstream f(dir + "/terms.csv", std::ios::app);
        f << "7,x,1\n";
    }
    auto damaged = loadRun(dir);
    ASSERT_FALSE(damaged.ok());
    EXPECT_NE(damaged.error().message.find("terms.csv"), std::string::npos);
}

/// AnoGAN's search of one sample replays for teaching: from z = 0 to the run's last step, the
/// residual falling, the last frame scoring what the run scored; other families cannot replay.
TEST(GanFamilies, ASearchReplaysToTheScoreTheRunGave) {
    ExperimentConfig c = smallAnoGanOnBlobs(40, 2);
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(canReplaySearch(*r));
    const size_t index = r->prepared.split.test.at(0);
    auto replay = replaySearch(*r, index, 5);
    ASSERT_TRUE(replay.ok()) << replay.error().message;
    ASSERT_EQ(replay->frames.size(), 5u);
    EXPECT_EQ(replay->frames.front().step, 0);
    EXPECT_EQ(replay->frames.back().step, 40);
    EXPECT_EQ(replay->frames[1].step, 3);  // 40 x (1/4)^2 = 2.5: closer together early on
    EXPECT_EQ(replay->frames[2].step, 10);
    EXPECT_EQ(replay->termNames, (std::vector<std::string>{"residual", "discrimination"}));
    EXPECT_EQ(replay->input.size(), r->prepared.data.sampleSize());
    EXPECT_EQ(replay->frames.back().match.size(), r->prepared.data.sampleSize());
    EXPECT_LT(replay->frames.back().score, replay->frames.front().score);
    EXPECT_NEAR(replay->frames.back().score, r->evaluation.scores[index],
                1e-5 * std::max(1.0, r->evaluation.scores[index]));
    EXPECT_FALSE(replaySearch(*r, r->prepared.data.size()).ok());  // out of range
    CancelToken stop;  // a closed replay window stops its search
    stop.requestCancel();
    auto stopped = replaySearch(*r, index, 5, stop);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code, ErrorCode::Cancelled);
    c.model.family = "dense-ae";
    c.model.termWeights.clear();
    auto ae = runExperiment(c);
    ASSERT_TRUE(ae.ok()) << ae.error().message;
    EXPECT_FALSE(canReplaySearch(*ae));
    EXPECT_FALSE(replaySearch(*ae, 0).ok());
}

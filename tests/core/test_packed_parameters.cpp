// SPDX-License-Identifier: GPL-3.0-or-later
// Training with the parameters packed into contiguous blocks (PackedParameters): the same
// training as with each parameter on its own, for every family; the blocks follow the optimizer
// groups; what replaces a parameter or a gradient is put back; a run continued from a state
// saved before packing continues as it was.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "core/models/model.h"
#include "core/models/model_impl.h"
#include "core/training/packed_parameters.h"
#include "core/training/trainer.h"
#include "test_helpers.h"

using namespace awb::core;

namespace {

/// `n` samples of `shape` holding a fixed pattern of values in [0, 1).
Dataset pattern(size_t n, const std::vector<int64_t>& shape) {
    size_t values = 1;
    for (int64_t v : shape) values *= size_t(v);
    Dataset d = awb::test::constantRows(0.f, n, values);
    d.sampleShape = shape;
    for (size_t i = 0; i < d.values.size(); ++i)
        d.values[i] = float((i * 7 + i / values) % 11) / 11.0f;
    return d;
}

struct Case {
    std::string family;
    std::vector<int64_t> shape;
};

ModelSpec smallSpec(const Case& c) {
    ModelSpec spec;
    spec.family = c.family;
    if (c.family == "conv-ae" || c.family == "stacked-conv-ae") {
        spec.convChannels = {4, 8};
        spec.latent = 4;
    } else {
        spec.layers = {8, 4};
        spec.latent = 3;
    }
    return spec;
}

/// The storage a tensor's values live in is its own: nothing else's view.
bool ownsItsStorage(const torch::Tensor& t) {
    return t.storage_offset() == 0 &&
           t.storage().nbytes() == static_cast<size_t>(t.numel()) * t.element_size();
}

}  // namespace

/// Every family trains to the same losses and weights packed or not (the arithmetic is
/// element-wise and unchanged; a last-bit difference from vectorised loops is allowed), and
/// after training each parameter owns its storage again.
TEST(PackedParameters, EveryFamilyTrainsAsWithEachParameterOnItsOwn) {
    configureThreads(1);
    const std::vector<Case> cases = {
        {"dense-ae", {12}}, {"usad", {6, 2}}, {"lstm-ae", {6, 2}}, {"conv-ae", {1, 8, 8}},
        {"f-anogan", {12}}, {"anogan", {12}}, {"mad-gan", {6, 2}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.family);
        const Dataset data = pattern(48, c.shape);
        std::vector<std::vector<EpochReport>> histories;
        std::vector<std::vector<torch::Tensor>> weights;
        for (bool pack : {false, true}) {
            auto model = Model::create(smallSpec(c), c.shape, 5);
            ASSERT_TRUE(model.ok()) << model.error().message;
            TrainingConfig t;
            t.epochs = 2;
            t.batchSize = 16;
            t.patience = 0;
            t.packParameters = pack;
            // The autoencoders also score a validation part each epoch and keep the best
            // epoch's weights (early stopping's copies of packed parameters).
            const bool ae = c.family.find("gan") == std::string::npos;
            if (ae) t.patience = 1;
            auto s = train(*model, data, ae ? pattern(16, c.shape) : Dataset{}, t);
            ASSERT_TRUE(s.ok()) << s.error().message;
            ASSERT_EQ(s->outcome, TrainingOutcome::Completed) << s->message;
            if (pack)
                EXPECT_GT(s->packedBlocks, 0);
            else
                EXPECT_EQ(s->packedBlocks, 0);
            if (ae) EXPECT_GT(s->bestEpoch, 0);
            histories.push_back(s->history);
            std::vector<torch::Tensor> w;
            for (const auto& p : model->impl().module->parameters()) {
                EXPECT_TRUE(ownsItsStorage(p)) << "a parameter still a view after training";
                if (p.grad().defined()) EXPECT_TRUE(ownsItsStorage(p.grad()));
                w.push_back(p.detach().clone());
            }
            weights.push_back(w);
        }
        ASSERT_EQ(histories[0].size(), histories[1].size());
        for (size_t e = 0; e < histories[0].size(); ++e) {
            const auto& a = histories[0][e].groupLosses;
            const auto& b = histories[1][e].groupLosses;
            ASSERT_EQ(a.size(), b.size());
            for (size_t g = 0; g < a.size(); ++g) {
                if (std::isnan(a[g])) {
                    EXPECT_TRUE(std::isnan(b[g]));
                    continue;
                }
                EXPECT_NEAR(a[g], b[g], 1e-5 * (1 + std::abs(a[g])))
                    << "epoch " << e << " group " << g;
            }
        }
        ASSERT_EQ(weights[0].size(), weights[1].size());
        double largest = 0;
        for (size_t k = 0; k < weights[0].size(); ++k)
            largest = std::max(largest, (weights[0][k] - weights[1][k]).abs().max().item<double>());
        EXPECT_LT(largest, 1e-5);
    }
}

/// USAD's encoder is trained by both groups, each decoder by one: three blocks, each group
/// stepping two; parameters and gradients are views of their block while packed; a removed
/// gradient or a replaced parameter is put back; unpacking keeps the values.
TEST(PackedParameters, BlocksFollowTheGroupsAndWhatIsReplacedIsPutBack) {
    ModelSpec spec;
    spec.family = "usad";
    spec.layers = {8, 4};
    auto model = Model::create(spec, {6, 2}, 1);
    ASSERT_TRUE(model.ok()) << model.error().message;
    auto& module = *model->impl().module;
    std::vector<torch::Tensor> before;
    for (const auto& p : module.parameters()) before.push_back(p.detach().clone());
    {
        PackedParameters packed(module, module.optimizerGroups());
        ASSERT_TRUE(packed.active());
        EXPECT_EQ(packed.blocks(), 3u);
        ASSERT_EQ(packed.groupTensors(0).size(), 2u);
        ASSERT_EQ(packed.groupTensors(1).size(), 2u);
        // Both groups step the same encoder block, and one decoder block each.
        EXPECT_TRUE(packed.groupTensors(0)[0].is_same(packed.groupTensors(1)[0]));
        EXPECT_FALSE(packed.groupTensors(0)[1].is_same(packed.groupTensors(1)[1]));
        int64_t packedValues = 0;
        for (size_t g = 0; g < 2; ++g)
            for (const auto& t : packed.groupTensors(g)) packedValues += t.numel();
        int64_t encoderValues = packed.groupTensors(0)[0].numel();
        int64_t all = 0;
        for (const auto& p : module.parameters()) all += p.numel();
        EXPECT_EQ(packedValues - encoderValues, all);  // every parameter in one block

        // Values kept; each parameter and gradient lies inside a block's buffer.
        const auto params = module.parameters();
        for (size_t k = 0; k < params.size(); ++k) {
            EXPECT_TRUE(torch::equal(params[k].detach(), before[k]));
            EXPECT_FALSE(ownsItsStorage(params[k]));
            ASSERT_TRUE(params[k].grad().defined());
            EXPECT_FALSE(ownsItsStorage(params[k].grad()));
        }
        // A backward pass accumulates into the blocks.
        const auto x = torch::rand({4, 6, 2});
        module.groupLoss(0, x, x, LossKind::Mse, 1).backward();
        EXPECT_GT(packed.groupTensors(0)[0].grad().abs().sum().item<double>(), 0);
        EXPECT_EQ(packed.repair(), 0u);
        // Replaced: a gradient removed, a parameter given storage of its own.
        auto p0 = module.parameters()[0];
        p0.mutable_grad() = torch::Tensor();
        {
            torch::NoGradGuard g;
            p0.set_data(p0.detach().clone() + 1);
        }
        EXPECT_EQ(packed.repair(), 2u);
        EXPECT_FALSE(ownsItsStorage(p0));
        EXPECT_TRUE(torch::equal(p0.detach(), before[0] + 1));
        EXPECT_EQ(p0.grad().abs().sum().item<double>(), 0);
        // A block left without its gradient buffer gets it back.
        packed.groupTensors(1)[1].mutable_grad() = torch::Tensor();
        EXPECT_EQ(packed.repair(), 1u);
        ASSERT_TRUE(packed.groupTensors(1)[1].grad().defined());
        // A group's clearing leaves the other group's own block as it was.
        module.groupLoss(1, x, x, LossKind::Mse, 2).backward();
        packed.zeroGroupGradients(0);
        EXPECT_EQ(packed.groupTensors(0)[0].grad().abs().sum().item<double>(), 0);
        EXPECT_EQ(packed.groupTensors(0)[1].grad().abs().sum().item<double>(), 0);
        EXPECT_GT(packed.groupTensors(1)[1].grad().abs().sum().item<double>(), 0);
        packed.zeroGradients();
        for (const auto& t : packed.groupTensors(1))
            EXPECT_EQ(t.grad().abs().sum().item<double>(), 0);
    }
    const auto params = module.parameters();
    for (size_t k = 0; k < params.size(); ++k) {
        EXPECT_TRUE(ownsItsStorage(params[k]));
        EXPECT_TRUE(torch::equal(params[k].detach(), k == 0 ? before[k] + 1 : before[k]));
    }
}

/// A run trained and saved with each parameter on its own (its optimizer state per parameter, as
/// every run before packing) continues as it would have without packing, and the continued run
/// is saved the same way; a packed run continues packed.
TEST(PackedParameters, ARunSavedBeforePackingContinuesAsItWas) {
    awb::test::TempDir tmp;
    ExperimentConfig c = *preset("synthetic-heartbeats");
    c.threads = 1;
    c.training.patience = 0;
    c.training.seed = 7;
    struct Runs {
        ExperimentResult first, whole, continued;
    };
    // 3 epochs saved and continued for 2 (packParameters is not in the saved config: the
    // continued run gets the default, and follows its state's layout), and 5 in one go.
    const auto runs = [&](bool pack) -> std::optional<Runs> {
        c.training.packParameters = pack;
        c.training.epochs = 3;
        auto first = runExperiment(c);
        EXPECT_TRUE(first.ok()) << first.error().message;
        c.training.epochs = 5;
        auto whole = runExperiment(c);
        EXPECT_TRUE(whole.ok()) << whole.error().message;
        if (!first.ok() || !whole.ok()) return std::nullopt;
        const std::string dir = tmp.file(pack ? "packed" : "old");
        EXPECT_TRUE(writeRunDirectory(dir, *first).ok());
        auto continued = resumeExperiment(dir, 2);
        EXPECT_TRUE(continued.ok()) << continued.error().message;
        if (!continued.ok()) return std::nullopt;
        EXPECT_EQ(continued->training.history.size(), 5u);
        if (continued->training.history.size() != 5u) return std::nullopt;
        for (size_t e = 3; e < 5; ++e)
            EXPECT_EQ(continued->training.history[e].trainLoss,
                      whole->training.history[e].trainLoss)
                << e;
        return Runs{std::move(*first), std::move(*whole), std::move(*continued)};
    };
    const auto old = runs(false);
    ASSERT_TRUE(old);
    EXPECT_EQ(old->first.training.packedBlocks, 0);
    EXPECT_EQ(old->continued.training.packedBlocks, 0);
    EXPECT_EQ(old->continued.evaluation.scores, old->whole.evaluation.scores);

    // Packed (the default) continues packed, as the uninterrupted packed run.
    const auto packed = runs(true);
    ASSERT_TRUE(packed);
    EXPECT_GT(packed->first.training.packedBlocks, 0);
    EXPECT_EQ(packed->continued.training.packedBlocks, packed->first.training.packedBlocks);
    // And the two layouts train alike.
    for (size_t e = 0; e < 5; ++e)
        EXPECT_NEAR(packed->whole.training.history[e].trainLoss,
                    old->whole.training.history[e].trainLoss, 1e-5)
            << e;
}

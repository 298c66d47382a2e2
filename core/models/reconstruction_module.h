// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/models/model.h"
#include "core/models/model_spec.h"
#include "core/training/trainer.h"

namespace awb::core {

/// Per-sample mean error between x and its reconstruction.
torch::Tensor perSampleError(const torch::Tensor& x, const torch::Tensor& reconstruction, LossKind loss);
/// The mean error over the whole batch (equal to the mean of perSampleError, since samples are the
/// same size) in one fused operation: fewer kernels per training step, which is what a small
/// network on a GPU pays for.
torch::Tensor meanError(const torch::Tensor& x, const torch::Tensor& reconstruction, LossKind loss);
/// Per-element error, x's shape: (x - x')^2 or |x - x'|.
torch::Tensor elementError(const torch::Tensor& x, const torch::Tensor& reconstruction, LossKind loss);

/// The score from its parts: the sum of weight x term (one term: the term itself, unweighted,
/// so that a family's single score is exactly its error).
torch::Tensor weightedScore(const std::vector<torch::Tensor>& terms,
                            const std::vector<double>& weights);

/// Takes the given parameters out of autograd (requires_grad false) for its lifetime and gives
/// back those it took: a frozen phase's groups, or every weight while a module that needs
/// gradients scores (its search may call backward() without touching the weights' gradients).
class FrozenParameters {
public:
    explicit FrozenParameters(const std::vector<torch::Tensor>& parameters) {
        for (const auto& p : parameters) {
            if (p.requires_grad()) {
                auto q = p;
                q.requires_grad_(false);
                frozen_.push_back(q);
            }
        }
    }
    ~FrozenParameters() {
        for (auto& p : frozen_) p.requires_grad_(true);
    }
    FrozenParameters(const FrozenParameters&) = delete;
    FrozenParameters& operator=(const FrozenParameters&) = delete;

private:
    std::vector<torch::Tensor> frozen_;
};

/// One optimizer group's part in a training phase: it steps `steps` times on each batch (the same
/// batch; a module that wants fresh noise per step draws it in groupLoss).
struct GroupSteps {
    size_t group = 0;
    int steps = 1;
};

/// A stretch of training: the groups that step, in order, each batch (every other group's
/// parameters are frozen: they take no gradient and do not change) for `epochs` epochs.
struct TrainingPhase {
    std::string name;
    int epochs = 0;  ///< 0: the training config's epochs
    std::vector<GroupSteps> groups;
};

/// A group's optimizer: unset fields come from the training config.
struct GroupOptimizer {
    std::optional<OptimizerKind> kind;
    std::optional<double> learningRate;
    std::optional<std::pair<double, double>> adamBetas;  ///< WGAN-GP uses (0, 0.9)
};

/// A network that maps a batch of samples to their reconstruction, same shape. Plain
/// autoencoders only override forward(); models trained in several parts (USAD, GANs) also name
/// their optimizer groups, say which parameters each updates, what each minimises, and in which
/// phases they train.
class ReconstructionModule : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;

    /// Each sample's code: the bottleneck the network reconstructs from, [batch, units]; an
    /// undefined tensor for a family without one (the latent-space view then says so).
    virtual torch::Tensor encode(const torch::Tensor& /*x*/) { return {}; }

    /// The parts of the anomaly score per sample, in the family's term order (USAD: AE1's error
    /// and AE2(AE1)'s error); by default the reconstruction error alone.
    virtual std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) {
        return {perSampleError(x, forward(x), loss)};
    }
    /// The same parts before the mean over each sample: per-element errors, x's shape. Their
    /// per-sample means are scoreTerms().
    virtual std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) {
        return {elementError(x, forward(x), loss)};
    }
    /// True when scoring (scoreTerms, elementTerms, forward) optimises something by gradient
    /// descent, as AnoGAN's latent search does: the model then scores with autograd enabled
    /// (eval mode, the module's own parameters untouched) instead of under InferenceMode.
    virtual bool scoringNeedsGradients() const { return false; }
    /// False when scoring is too slow to repeat on the validation part after every epoch (a
    /// latent search per sample): the epoch's validation loss is then left out (NaN).
    virtual bool scoresEachEpoch() const { return true; }

    /// Generative families (the GANs): the generator's samples from `count` fixed codes (the same
    /// codes on every call, drawn once from their own seed), [count, sample shape...]; called in
    /// eval mode without gradients. An undefined tensor for the others. The trainer measures their
    /// spread after each epoch (EpochReport::sampleSpread); the window draws them.
    virtual torch::Tensor fixedSamples(int64_t /*count*/) { return {}; }
    /// Checks beyond NaN losses after each epoch; `history` ends with the epoch just trained
    /// (with its sampleSpread). By default all is well.
    virtual TrainingHealth health(const std::vector<EpochReport>& /*history*/) const { return {}; }

    /// Names of the optimizer groups, one per group: shown beside each group's loss.
    virtual std::vector<std::string> groupNames() const { return {"loss"}; }
    size_t optimizerGroups() const { return groupNames().size(); }
    virtual std::vector<torch::Tensor> groupParameters(size_t /*group*/) { return parameters(); }
    virtual GroupOptimizer groupOptimizer(size_t /*group*/) const { return {}; }
    /// The phases of training, in order; by default one of `epochs` epochs where every group
    /// steps once per batch.
    virtual std::vector<TrainingPhase> phases(int epochs) const {
        TrainingPhase all{"", epochs, {}};
        for (size_t g = 0; g < optimizerGroups(); ++g) all.groups.push_back({g, 1});
        return {all};
    }
    /// false: every optimizer steps on its own loss's gradient alone. true: each optimizer clears
    /// only its own parameters' gradients, after its step, so a parameter it does not own carries
    /// that gradient into the next group's step (USAD's reference code).
    virtual bool clearsOnlyOwnGradients() const { return false; }
    /// The loss group `group` minimises on a batch during `epoch` (1-based, counted over all
    /// phases).
    virtual torch::Tensor groupLoss(size_t /*group*/, const torch::Tensor& input, const torch::Tensor& target,
                                    LossKind loss, int /*epoch*/) {
        return meanError(target, forward(input), loss);
    }
};

}  // namespace awb::core

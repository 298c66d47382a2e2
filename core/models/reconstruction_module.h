// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <vector>

#include "core/models/model.h"
#include "core/models/model_spec.h"

namespace awb::core {

/// Per-sample mean error between x and its reconstruction.
torch::Tensor perSampleError(const torch::Tensor& x, const torch::Tensor& reconstruction, LossKind loss);
/// The mean error over the whole batch (equal to the mean of perSampleError, since samples are the
/// same size) in one fused operation: fewer kernels per training step, which is what a small
/// network on a GPU pays for.
torch::Tensor meanError(const torch::Tensor& x, const torch::Tensor& reconstruction, LossKind loss);
/// Per-element error, x's shape: (x - x')^2 or |x - x'|.
torch::Tensor elementError(const torch::Tensor& x, const torch::Tensor& reconstruction, LossKind loss);

/// A network that maps a batch of samples to their reconstruction, same shape. Plain
/// autoencoders only override forward(); models trained in several parts (USAD) also say which
/// parameters each optimizer updates and what each part minimises.
class ReconstructionModule : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;

    /// Anomaly score per sample: by default the reconstruction error.
    virtual torch::Tensor score(const torch::Tensor& x, LossKind loss) {
        return perSampleError(x, forward(x), loss);
    }
    /// The parts the score is made of, per sample (USAD: AE1's error and AE2(AE1)'s error); by
    /// default the score alone.
    virtual std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) { return {score(x, loss)}; }
    /// The same parts before the mean over each sample: per-element errors, x's shape. Their
    /// per-sample means are scoreTerms().
    virtual std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) {
        return {elementError(x, forward(x), loss)};
    }
    /// Number of optimizers, each stepping its own loss in turn on every batch.
    virtual size_t optimizerGroups() const { return 1; }
    virtual std::vector<torch::Tensor> groupParameters(size_t /*group*/) { return parameters(); }
    /// false: every optimizer steps on its own loss's gradient alone. true: each optimizer clears
    /// only its own parameters' gradients, after its step, so a parameter it does not own carries
    /// that gradient into the next group's step (USAD's reference code).
    virtual bool clearsOnlyOwnGradients() const { return false; }
    /// The loss group `group` minimises on a batch during `epoch` (1-based).
    virtual torch::Tensor groupLoss(size_t /*group*/, const torch::Tensor& input, const torch::Tensor& target,
                                    LossKind loss, int /*epoch*/) {
        return meanError(target, forward(input), loss);
    }
};

/// Builds the module the spec names for samples of the given shape. Throws on an unknown family
/// (callers validate the spec first).
std::shared_ptr<ReconstructionModule> createModule(const ModelSpec& spec,
                                                   const std::vector<int64_t>& sampleShape);

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include <functional>

#include "core/models/reconstruction_module.h"

namespace awb::core {

/// The networks of a GAN on flat rows or C x H x W images, built from the spec:
/// - rows: MLPs over the encoder widths spec.layers (l0 > ... > lk): the generator maps the latent
///   code through lk ... l0 to the sample, the critic (or discriminator) and the encoder map the
///   sample through l0 ... lk;
/// - images (DCGAN-style): strided convolutions of spec.conv_channels for the critic and the
///   encoder, then a dense layer; the generator a dense layer to the last feature map, then
///   transposed convolutions back to the image's exact size (as the conv autoencoder's decoder).
/// The critic's features (its last hidden layer, before the one-unit head) are f(x) of the
/// feature-matching terms. Critic and discriminator use LeakyReLU(0.2); generator and encoder
/// the spec's activation; the generator ends in the output activation. With `batchNorm` (AnoGAN's
/// DCGAN) the generator normalises each hidden layer's batch: without it a standard GAN's
/// generator collapsed to the mean image on a small set (bars of two phases: MSE 0.10 whatever
/// the latent code).
struct GanNetworks {
    torch::nn::Sequential generator{nullptr};
    torch::nn::Sequential features{nullptr};  ///< the critic's body: x -> f(x)
    torch::nn::Linear head{nullptr};          ///< f(x) -> one value (a logit or a critic score)
    torch::nn::Sequential encoder{nullptr};   ///< x -> z; only when asked for (f-AnoGAN)

    GanNetworks(torch::nn::Module& owner, const ModelSpec& spec,
                const std::vector<int64_t>& sampleShape, bool withEncoder, bool batchNorm);
    torch::Tensor generate(const torch::Tensor& z);    ///< samples of the data's shape
    torch::Tensor critic(const torch::Tensor& x);      ///< one value per sample
    torch::Tensor featuresOf(const torch::Tensor& x);  ///< [batch, features]
    torch::Tensor fixedSamples(int64_t count);         ///< G of `count` fixed codes

    std::vector<int64_t> shape;
    int64_t latent = 0;
};

/// f-AnoGAN (Schlegl et al. 2019). Phase 1 trains a WGAN-GP on normal samples (critic steps per
/// generator step from the spec, gradient penalty weight 10, Adam betas (0, 0.9)); phase 2 an
/// encoder E with G and the critic frozen, minimising izi_f: w_r·|x − G(E(x))| + w_f·|f(x) −
/// f(G(E(x)))| per value (the score term weights, κ = w_f / w_r). Score terms: the same two,
/// one forward pass per sample.
class FAnoGan : public ReconstructionModule {
public:
    FAnoGan(const ModelSpec& spec, const std::vector<int64_t>& sampleShape,
            std::vector<double> weights);
    torch::Tensor forward(const torch::Tensor& x) override;  ///< G(E(x))
    std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) override;
    std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) override;
    std::vector<std::string> groupNames() const override {
        return {"critic", "generator", "encoder"};
    }
    std::vector<torch::Tensor> groupParameters(size_t group) override;
    GroupOptimizer groupOptimizer(size_t group) const override;
    std::vector<TrainingPhase> phases(int epochs) const override;
    torch::Tensor groupLoss(size_t group, const torch::Tensor& input, const torch::Tensor& target,
                            LossKind loss, int epoch) override;
    torch::Tensor generate(const torch::Tensor& z) { return nets_.generate(z); }
    int64_t latent() const { return nets_.latent; }
    torch::Tensor fixedSamples(int64_t count) override { return nets_.fixedSamples(count); }
    TrainingHealth health(const std::vector<EpochReport>& history) const override;

private:
    GanNetworks nets_;
    int criticSteps_;
    std::vector<double> weights_;
};

/// AnoGAN (Schlegl et al. 2017): a GAN trained on normal samples (non-saturating loss, Adam betas
/// (0.5, 0.999)). A sample is scored by searching the latent code: `searchSteps` Adam steps on z
/// (from 0, learning rate 0.05, a whole batch at once: each sample's loss depends on its own z
/// only) minimising w_r·residual + w_d·discrimination, where the residual is |x − G(z)| and the
/// discrimination the residual of the discriminator's features |f(x) − f(G(z))| (per value; the
/// score term weights (1 − λ, λ), λ = 0.1 by default). The final two terms are the score.
class AnoGan : public ReconstructionModule {
public:
    AnoGan(const ModelSpec& spec, const std::vector<int64_t>& sampleShape,
           std::vector<double> weights);
    torch::Tensor forward(const torch::Tensor& x) override;  ///< G(z*) after the search
    std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) override;
    std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) override;
    bool scoringNeedsGradients() const override { return true; }
    bool scoresEachEpoch() const override { return false; }
    std::vector<std::string> groupNames() const override { return {"discriminator", "generator"}; }
    std::vector<torch::Tensor> groupParameters(size_t group) override;
    GroupOptimizer groupOptimizer(size_t group) const override;
    torch::Tensor groupLoss(size_t group, const torch::Tensor& input, const torch::Tensor& target,
                            LossKind loss, int epoch) override;
    /// The latent search for a batch. `visit`, when given, sees z before the first step (step 0)
    /// and after each step, with the step number, for replaying a search; returning false ends
    /// the search there (z as it stands is returned).
    torch::Tensor search(const torch::Tensor& x, LossKind loss,
                         const std::function<bool(int, const torch::Tensor&)>& visit = {});
    torch::Tensor generate(const torch::Tensor& z) { return nets_.generate(z); }
    torch::Tensor fixedSamples(int64_t count) override { return nets_.fixedSamples(count); }
    TrainingHealth health(const std::vector<EpochReport>& history) const override;
    /// For a search's `visit`: the score terms of x against G(z) (per sample), and G(z), in eval
    /// mode without gradients.
    std::vector<torch::Tensor> termsAt(const torch::Tensor& x, const torch::Tensor& z,
                                       LossKind loss);
    torch::Tensor matchAt(const torch::Tensor& z);

private:
    GanNetworks nets_;
    int searchSteps_;
    std::vector<double> weights_;
    /// The loss of the last scoring: forward() (the picture of G(z*)) searches with it, so the
    /// match shown is the one that was scored (reconstructions are drawn after scoring).
    LossKind scoredWith_ = LossKind::Mse;
};

/// MAD-GAN (Li et al. 2019): LSTM generator and discriminator on windows {length, features}. The
/// generator maps a latent sequence {length, latent} (latent_per "step"; or one code {1, latent}
/// given at every step, "window") through an LSTM of spec.layers[0] units and a dense layer per
/// step; the discriminator an LSTM of the same width and a dense logit per step. Trained as a
/// standard GAN. A window is scored by the DR-score's parts: R, the residual of the best generated
/// window found by `searchSteps` Adam steps on its code (from the best of `searchStarts` fixed
/// candidates, or from 0), and 1 − D, the
/// discriminator's probability that the window is not real (per step), weighted (1 − λ, λ).
class MadGan : public ReconstructionModule {
public:
    MadGan(const ModelSpec& spec, int64_t length, int64_t features);
    torch::Tensor forward(const torch::Tensor& x) override;  ///< G(z*) after the search
    std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) override;
    std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) override;
    bool scoringNeedsGradients() const override { return true; }
    bool scoresEachEpoch() const override { return false; }
    std::vector<std::string> groupNames() const override { return {"discriminator", "generator"}; }
    std::vector<torch::Tensor> groupParameters(size_t group) override;
    GroupOptimizer groupOptimizer(size_t group) const override;
    torch::Tensor groupLoss(size_t group, const torch::Tensor& input, const torch::Tensor& target,
                            LossKind loss, int epoch) override;
    torch::Tensor fixedSamples(int64_t count) override;
    TrainingHealth health(const std::vector<EpochReport>& history) const override;
    std::vector<TrainingPhase> phases(int epochs) const override;

private:
    torch::Tensor generate(const torch::Tensor& z);
    /// Time steps that get a code of their own: the window's length, or 1 (latent_per window:
    /// the one code is given at every step).
    int64_t codeSteps() const;
    /// The best of `searchStarts_` fixed candidate codes for each window, by the residual.
    torch::Tensor bestStarts(const torch::Tensor& target, LossKind loss);
    torch::Tensor discriminate(const torch::Tensor& x);  ///< logits per step, [batch, length]
    torch::Tensor search(const torch::Tensor& x, LossKind loss);
    int64_t length_, features_, latent_;
    int searchSteps_, searchStarts_, discriminatorSteps_;
    bool codePerWindow_;
    LossKind scoredWith_ = LossKind::Mse;  ///< as AnoGan's
    torch::nn::LSTM generatorLstm_{nullptr}, discriminatorLstm_{nullptr};
    torch::nn::Linear generatorOut_{nullptr}, discriminatorOut_{nullptr};
    torch::nn::Sequential outputActivation_{nullptr};
};

}  // namespace awb::core

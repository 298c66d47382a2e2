// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include "core/models/reconstruction_module.h"

namespace awb::core {

/// LSTM autoencoder for windows of shape {length, features}: stacked encoder LSTMs of the widths
/// in spec.layers (features -> layers[0] -> ... -> layers[k]); the last step's output of the last
/// is the code, repeated over the window for stacked decoder LSTMs (layers[k] -> ... ->
/// layers[0]), and a linear layer maps each step back to the features (then the output
/// activation).
class LstmAutoencoder : public ReconstructionModule {
public:
    LstmAutoencoder(const ModelSpec& spec, int64_t length, int64_t features);
    torch::Tensor forward(const torch::Tensor& x) override;

private:
    std::vector<torch::nn::LSTM> encoder_;
    std::vector<torch::nn::LSTM> decoder_;
    torch::nn::Linear output_{nullptr};
    torch::nn::Sequential outputActivation_{nullptr};
};

/// USAD (Audibert et al., KDD 2020): one dense encoder E, two decoders D1 and D2 on the flattened
/// window. AE1 = D1∘E and AE2 = D2∘E are trained in two parts per batch: at epoch n,
///   AE1 minimises 1/n·|W−AE1(W)|² + (1−1/n)·|W−AE2(AE1(W))|²   (learns to fool AE2),
///   AE2 minimises 1/n·|W−AE2(W)|² − (1−1/n)·|W−AE2(AE1(W))|²   (learns to tell them apart).
/// Score terms e1 = |W−AE1(W)|², e3 = |W−AE2(AE1(W))|² (weighted α, 1−α by the family's
/// defaults or spec.termWeights); forward() is AE1.
class Usad : public ReconstructionModule {
public:
    Usad(const ModelSpec& spec, int64_t inputSize);
    torch::Tensor encode(const torch::Tensor& x) override;
    torch::Tensor forward(const torch::Tensor& x) override;
    /// {e1 = error of AE1(W), e3 = error of AE2(AE1(W))}.
    std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) override;
    std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) override;
    std::vector<std::string> groupNames() const override { return {"AE1", "AE2"}; }
    std::vector<torch::Tensor> groupParameters(size_t group) override;
    bool clearsOnlyOwnGradients() const override { return referenceCode_; }
    torch::Tensor groupLoss(size_t group, const torch::Tensor& input, const torch::Tensor& target,
                            LossKind loss, int epoch) override;

private:
    torch::Tensor decode(torch::nn::Sequential& decoder, const torch::Tensor& flat);
    bool referenceCode_;
    torch::nn::Sequential encoder_{nullptr};
    torch::nn::Sequential decoder1_{nullptr};
    torch::nn::Sequential decoder2_{nullptr};
};

}  // namespace awb::core

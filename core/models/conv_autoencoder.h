// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/modules/container/sequential.h>

#include "core/models/reconstruction_module.h"

namespace awb::core {

/// Convolutional autoencoder for C x H x W samples. Each encoder level is a convolution with the
/// spec's stride (the "stacked" family puts a stride-1 convolution before it); an optional dense
/// code of `latent` units sits between encoder and decoder so the network cannot simply copy; the
/// decoder mirrors the encoder with transposed convolutions whose output padding restores each
/// level's exact size, and ends in the output activation.
class ConvAutoencoder : public ReconstructionModule {
public:
    ConvAutoencoder(const ModelSpec& spec, const std::vector<int64_t>& sampleShape, bool stacked);
    torch::Tensor forward(const torch::Tensor& x) override;
    /// The dense code (latent > 0), else the last feature map flattened.
    torch::Tensor encode(const torch::Tensor& x) override;

private:
    torch::nn::Sequential encoder_{nullptr};
    torch::nn::Sequential bottleneck_{nullptr};
    torch::nn::Sequential decoder_{nullptr};
    std::vector<int64_t> codeShape_;  ///< C, H, W of the last feature map
    size_t codeModules_ = 0;          ///< the bottleneck's modules up to its code (0: none)
};

}  // namespace awb::core

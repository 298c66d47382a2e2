// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/modules/container/sequential.h>

#include "core/models/reconstruction_module.h"

namespace awb::core {

/// Fully connected autoencoder: input -> layers... -> code -> mirrored layers -> input, each
/// hidden layer followed by the activation (and dropout), the output by the output activation.
/// Samples of any shape are flattened and reshaped back.
class DenseAutoencoder : public ReconstructionModule {
public:
    DenseAutoencoder(const ModelSpec& spec, int64_t inputSize);
    torch::Tensor forward(const torch::Tensor& x) override;
    torch::Tensor encode(const torch::Tensor& x) override;

private:
    torch::nn::Sequential encoder_{nullptr};
    torch::nn::Sequential decoder_{nullptr};
};

}  // namespace awb::core

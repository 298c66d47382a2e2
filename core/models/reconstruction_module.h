// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <vector>

#include "core/models/model_spec.h"

namespace awb::core {

/// A network that maps a batch of samples to their reconstruction, same shape.
class ReconstructionModule : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

/// Builds the module the spec names for samples of the given shape. Throws on an unknown family
/// (callers validate the spec first).
std::shared_ptr<ReconstructionModule> createModule(const ModelSpec& spec,
                                                   const std::vector<int64_t>& sampleShape);

}  // namespace awb::core

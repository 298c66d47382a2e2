// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files, never by the UI.
#pragma once

#include <torch/types.h>

#include <functional>

#include "core/models/model.h"
#include "core/models/reconstruction_module.h"

namespace awb::core {

struct Model::Impl {
    ModelSpec spec;
    std::vector<int64_t> sampleShape;
    std::shared_ptr<ReconstructionModule> module;
    std::vector<double> weights;  ///< of the score terms: the spec's, or the family's defaults
    torch::Device device{torch::kCPU};
    std::function<void(size_t)> scoringProgress;  ///< see Model::setScoringProgress
};

/// A [n, shape...] float tensor over the samples at `first`..`first+count`, without copying.
torch::Tensor samplesView(const Dataset& data, size_t first, size_t count);

}  // namespace awb::core

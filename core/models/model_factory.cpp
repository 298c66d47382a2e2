// SPDX-License-Identifier: GPL-3.0-or-later
#include <numeric>
#include <stdexcept>

#include "core/models/conv_autoencoder.h"
#include "core/models/dense_autoencoder.h"
#include "core/models/reconstruction_module.h"
#include "core/models/sequence_models.h"

namespace awb::core {

std::shared_ptr<ReconstructionModule> createModule(const ModelSpec& spec,
                                                   const std::vector<int64_t>& sampleShape) {
    const int64_t inputSize = std::accumulate(sampleShape.begin(), sampleShape.end(), int64_t{1},
                                              std::multiplies<int64_t>());
    if (spec.family == "dense-ae") return std::make_shared<DenseAutoencoder>(spec, inputSize);
    if (spec.convolutional()) return std::make_shared<ConvAutoencoder>(spec, sampleShape);
    if (spec.family == "lstm-ae") return std::make_shared<LstmAutoencoder>(spec, sampleShape[0], sampleShape[1]);
    if (spec.family == "usad") return std::make_shared<Usad>(spec, inputSize);
    throw std::invalid_argument("unknown model family " + spec.family);
}

}  // namespace awb::core

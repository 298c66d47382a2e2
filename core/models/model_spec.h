// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"

namespace awb::core {

/// What network to build; the input size comes from the data.
struct ModelSpec {
    std::string family = "dense-ae";
    /// Encoder widths down to the code; the decoder mirrors them. {32, 16, 8} on 140 inputs gives
    /// 140-32-16-8-16-32-140.
    std::vector<int64_t> layers{32, 16, 8};
    std::string activation = "relu";         ///< relu, leaky-relu, elu, tanh, sigmoid, gelu
    std::string outputActivation = "sigmoid";  ///< sigmoid, tanh, none
    double dropout = 0.0;                     ///< after each hidden activation, in [0, 1)
};

/// Model families this build can train.
std::vector<std::string> modelFamilies();

/// Checks every field; the message names the field ("model.layers[2]: ...").
Status validate(const ModelSpec& spec);

}  // namespace awb::core

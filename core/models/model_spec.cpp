// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/model_spec.h"

#include <algorithm>

#include "core/common/text.h"

namespace awb::core {

namespace {

const std::vector<std::string> kActivations{"relu", "leaky-relu", "elu", "tanh", "sigmoid", "gelu"};
const std::vector<std::string> kOutputActivations{"sigmoid", "tanh", "none"};

bool contains(const std::vector<std::string>& items, const std::string& x) {
    return std::find(items.begin(), items.end(), x) != items.end();
}

}  // namespace

std::vector<std::string> modelFamilies() { return {"dense-ae", "conv-ae", "stacked-conv-ae", "lstm-ae", "usad"}; }

Status validate(const ModelSpec& spec) {
    if (!contains(modelFamilies(), spec.family)) {
        return Error{ErrorCode::InvalidArgument, "model.family: '" + spec.family +
                                                     "' is not available (available: " +
                                                     joinComma(modelFamilies()) + ")"};
    }
    if (spec.convolutional()) {
        if (spec.convChannels.empty()) {
            return Error{ErrorCode::InvalidArgument, "model.conv_channels: at least one level is needed"};
        }
        for (size_t i = 0; i < spec.convChannels.size(); ++i) {
            if (spec.convChannels[i] < 1 || spec.convChannels[i] > 4096) {
                return Error{ErrorCode::InvalidArgument, "model.conv_channels[" + std::to_string(i) +
                                                             "]: " + std::to_string(spec.convChannels[i]) +
                                                             " is not between 1 and 4096"};
            }
        }
        if (spec.kernelSize < 1 || spec.kernelSize > 15 || spec.kernelSize % 2 == 0) {
            return Error{ErrorCode::InvalidArgument, "model.kernel_size: use an odd size from 1 to 15"};
        }
        if (spec.stride < 1 || spec.stride > 4) {
            return Error{ErrorCode::InvalidArgument, "model.stride: use 1 to 4"};
        }
        if (spec.latent < 0 || spec.latent > 65536) {
            return Error{ErrorCode::InvalidArgument, "model.latent: use 0 (none) to 65536"};
        }
    } else if (spec.layers.empty()) {
        return Error{ErrorCode::InvalidArgument, "model.layers: at least one layer size is needed"};
    }
    for (size_t i = 0; !spec.convolutional() && i < spec.layers.size(); ++i) {
        if (spec.layers[i] < 1 || spec.layers[i] > 65536) {
            return Error{ErrorCode::InvalidArgument,
                         "model.layers[" + std::to_string(i) + "]: " +
                             std::to_string(spec.layers[i]) + " is not a size between 1 and 65536"};
        }
    }
    if (!contains(kActivations, spec.activation)) {
        return Error{ErrorCode::InvalidArgument, "model.activation: '" + spec.activation +
                                                     "' is not one of " + joinComma(kActivations)};
    }
    if (!contains(kOutputActivations, spec.outputActivation)) {
        return Error{ErrorCode::InvalidArgument, "model.output_activation: '" +
                                                     spec.outputActivation + "' is not one of " +
                                                     joinComma(kOutputActivations)};
    }
    if (!(spec.usadAlpha >= 0.0 && spec.usadAlpha <= 1.0)) {
        return Error{ErrorCode::InvalidArgument, "model.usad_alpha: must be in [0, 1]"};
    }
    if (spec.usadVariant != "reference-code" && spec.usadVariant != "paper-equations") {
        return Error{ErrorCode::InvalidArgument, "model.usad_variant: '" + spec.usadVariant +
                                                     "' is not one of reference-code, paper-equations"};
    }
    if (!(spec.dropout >= 0.0 && spec.dropout < 1.0)) {
        return Error{ErrorCode::InvalidArgument, "model.dropout: " + std::to_string(spec.dropout) +
                                                     " is not in [0, 1)"};
    }
    return {};
}

}  // namespace awb::core

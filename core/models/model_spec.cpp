// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/model_spec.h"

#include <algorithm>

namespace awb::core {

namespace {

const std::vector<std::string> kActivations{"relu", "leaky-relu", "elu", "tanh", "sigmoid", "gelu"};
const std::vector<std::string> kOutputActivations{"sigmoid", "tanh", "none"};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

bool contains(const std::vector<std::string>& items, const std::string& x) {
    return std::find(items.begin(), items.end(), x) != items.end();
}

}  // namespace

std::vector<std::string> modelFamilies() { return {"dense-ae"}; }

Status validate(const ModelSpec& spec) {
    if (!contains(modelFamilies(), spec.family)) {
        return Error{ErrorCode::InvalidArgument, "model.family: '" + spec.family +
                                                     "' is not available (available: " +
                                                     joined(modelFamilies()) + ")"};
    }
    if (spec.layers.empty()) {
        return Error{ErrorCode::InvalidArgument, "model.layers: at least one layer size is needed"};
    }
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        if (spec.layers[i] < 1 || spec.layers[i] > 65536) {
            return Error{ErrorCode::InvalidArgument,
                         "model.layers[" + std::to_string(i) + "]: " +
                             std::to_string(spec.layers[i]) + " is not a size between 1 and 65536"};
        }
    }
    if (!contains(kActivations, spec.activation)) {
        return Error{ErrorCode::InvalidArgument, "model.activation: '" + spec.activation +
                                                     "' is not one of " + joined(kActivations)};
    }
    if (!contains(kOutputActivations, spec.outputActivation)) {
        return Error{ErrorCode::InvalidArgument, "model.output_activation: '" +
                                                     spec.outputActivation + "' is not one of " +
                                                     joined(kOutputActivations)};
    }
    if (!(spec.dropout >= 0.0 && spec.dropout < 1.0)) {
        return Error{ErrorCode::InvalidArgument, "model.dropout: " + std::to_string(spec.dropout) +
                                                     " is not in [0, 1)"};
    }
    return {};
}

}  // namespace awb::core

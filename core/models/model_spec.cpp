// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/model_spec.h"

#include <algorithm>
#include <cstdint>

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

namespace {

/// Saturating arithmetic: absurd settings must give a huge estimate, not a wrapped small one.
int64_t sat(long double v) {
    return v >= static_cast<long double>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v);
}
long double linear(long double in, long double out) { return in * out + out; }
long double lstm(long double in, long double hidden) { return 4 * hidden * (in + hidden) + 8 * hidden; }
long double conv(long double in, long double out, long double k) { return in * out * k * k + out; }

}  // namespace

int64_t estimateParameterCount(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    long double inputSize = 1;
    for (auto d : shape) inputSize *= static_cast<long double>(d);
    if (spec.family == "dense-ae" || spec.family == "usad") {
        long double encoder = 0, decoder = 0, width = inputSize;
        for (int64_t next : spec.layers) encoder += linear(width, next), width = next;
        for (auto it = spec.layers.rbegin() + 1; it < spec.layers.rend(); ++it) decoder += linear(width, *it), width = *it;
        if (!spec.layers.empty()) decoder += linear(width, inputSize);
        return sat(encoder + (spec.family == "usad" ? 2 : 1) * decoder);
    }
    if (spec.family == "lstm-ae") {
        if (shape.size() != 2) return 0;
        long double total = 0, width = static_cast<long double>(shape[1]);
        for (int64_t h : spec.layers) total += lstm(width, h), width = h;
        for (auto it = spec.layers.rbegin(); it != spec.layers.rend(); ++it) total += lstm(width, *it), width = *it;
        return sat(total + linear(width, static_cast<long double>(shape[1])));
    }
    if (spec.convolutional()) {
        if (shape.size() != 3) return 0;
        const bool stacked = spec.family == "stacked-conv-ae";
        const long double k = spec.kernelSize;
        const int64_t s = spec.stride, p = spec.kernelSize / 2;
        long double total = 0, c = shape[0];
        int64_t h = shape[1], w = shape[2];
        for (int64_t next : spec.convChannels) {
            if (stacked) total += conv(c, next, k), c = next;
            total += conv(c, next, k);
            c = next;
            h = (h + 2 * p - spec.kernelSize) / s + 1;
            w = (w + 2 * p - spec.kernelSize) / s + 1;
            if (h < 1 || w < 1) return 0;
        }
        if (spec.latent > 0) total += linear(c * h * w, spec.latent) + linear(spec.latent, c * h * w);
        for (size_t level = spec.convChannels.size(); level-- > 0;) {
            const long double out = level == 0 ? shape[0] : spec.convChannels[level - 1];
            const long double up = stacked ? c : out;
            total += conv(c, up, k);  // the transposed convolution: as many weights
            if (stacked) total += conv(up, out, k);
            c = out;
        }
        return sat(total);
    }
    return 0;
}

}  // namespace awb::core

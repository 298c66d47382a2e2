// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/model_spec.h"

#include <algorithm>
#include <cstdint>

#include "core/common/text.h"
#include "core/models/family.h"

namespace awb::core {

namespace {

const std::vector<std::string> kActivations{"relu", "leaky-relu", "elu", "tanh", "sigmoid", "gelu"};
const std::vector<std::string> kOutputActivations{"sigmoid", "tanh", "none"};

bool contains(const std::vector<std::string>& items, const std::string& x) {
    return std::find(items.begin(), items.end(), x) != items.end();
}

}  // namespace

Status validate(const ModelSpec& spec) {
    const Family* family = findFamily(spec.family);
    if (!family) {
        return Error{ErrorCode::InvalidArgument, "model.family: '" + spec.family +
                                                     "' is not available (available: " +
                                                     joinComma(modelFamilies()) + ")"};
    }
    if (family->uses(Setting::ConvChannels)) {
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
    }
    if (family->uses(Setting::KernelSize) &&
        (spec.kernelSize < 1 || spec.kernelSize > 15 || spec.kernelSize % 2 == 0)) {
        return Error{ErrorCode::InvalidArgument, "model.kernel_size: use an odd size from 1 to 15"};
    }
    if (family->uses(Setting::Stride) && (spec.stride < 1 || spec.stride > 4)) {
        return Error{ErrorCode::InvalidArgument, "model.stride: use 1 to 4"};
    }
    if (family->uses(Setting::Latent) && (spec.latent < 0 || spec.latent > 65536)) {
        return Error{ErrorCode::InvalidArgument, "model.latent: use 0 (none) to 65536"};
    }
    if (family->latentRequired && spec.latent < 1) {
        return Error{ErrorCode::InvalidArgument,
                     "model.latent: " + spec.family +
                         " generates from a latent code: use 1 to 65536 dimensions"};
    }
    if (family->uses(Setting::CriticSteps) && (spec.criticSteps < 1 || spec.criticSteps > 100)) {
        return Error{ErrorCode::InvalidArgument,
                     "model.critic_steps: " + std::to_string(spec.criticSteps) +
                         " is not between 1 and 100 (critic steps per generator step)"};
    }
    if (family->uses(Setting::SearchSteps) && (spec.searchSteps < 1 || spec.searchSteps > 100000)) {
        return Error{ErrorCode::InvalidArgument,
                     "model.search_steps: " + std::to_string(spec.searchSteps) +
                         " is not between 1 and 100000 (latent search steps per sample)"};
    }
    if (family->uses(Setting::DiscriminatorSteps) &&
        (spec.discriminatorSteps < 1 || spec.discriminatorSteps > 100)) {
        return Error{ErrorCode::InvalidArgument,
                     "model.discriminator_steps: " + std::to_string(spec.discriminatorSteps) +
                         " is not between 1 and 100 (discriminator steps per generator step)"};
    }
    if (family->uses(Setting::LatentPer) && spec.latentPer != "step" &&
        spec.latentPer != "window") {
        return Error{ErrorCode::InvalidArgument,
                     "model.latent_per: '" + spec.latentPer + "' is not one of step, window"};
    }
    if (family->uses(Setting::SearchStarts) &&
        (spec.searchStarts < 0 || spec.searchStarts > kMaxSearchStarts)) {
        return Error{ErrorCode::InvalidArgument,
                     "model.search_starts: " + std::to_string(spec.searchStarts) +
                         " is not between 0 and " + std::to_string(kMaxSearchStarts) +
                         " (candidate codes per searched sample)"};
    }
    if (family->uses(Setting::Layers)) {
        if (spec.layers.empty() && !family->defaultLayers)
            return Error{ErrorCode::InvalidArgument,
                         "model.layers: at least one layer size is needed (" + spec.family +
                             " has no automatic widths)"};
        for (size_t i = 0; i < spec.layers.size(); ++i) {
            if (spec.layers[i] < 1 || spec.layers[i] > 65536) {
                return Error{ErrorCode::InvalidArgument,
                             "model.layers[" + std::to_string(i) +
                                 "]: " + std::to_string(spec.layers[i]) +
                                 " is not a size between 1 and 65536"};
            }
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
    if (auto st = validateTermWeights(*family, spec.termWeights); !st) return st;
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

Status validateTermWeights(const Family& family, const std::vector<double>& weights) {
    if (weights.empty()) return {};
    std::string names;
    for (const auto& t : family.terms) names += (names.empty() ? "" : ", ") + t.name;
    if (weights.size() != family.terms.size()) {
        return Error{ErrorCode::InvalidArgument,
                     "model.term_weights: " + family.name + " has " +
                         std::to_string(family.terms.size()) + " score term" +
                         (family.terms.size() == 1 ? "" : "s") + " (" + names + "), not " +
                         std::to_string(weights.size())};
    }
    double sum = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        if (!(weights[i] >= 0 && weights[i] <= 1e6)) {
            return Error{ErrorCode::InvalidArgument,
                         "model.term_weights[" + std::to_string(i) + "]: the weight of " +
                             family.terms[i].name + " must be in [0, 1e6]"};
        }
        sum += weights[i];
    }
    if (!(sum > 0))
        return Error{ErrorCode::InvalidArgument,
                     "model.term_weights: at least one weight must be above 0"};
    return {};
}

int64_t estimateParameterCount(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    const Family* family = findFamily(spec.family);
    return family ? family->parameterCount(resolvedSpec(spec, shape), shape) : 0;
}

ModelSpec resolvedSpec(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    ModelSpec out = spec;
    const Family* family = findFamily(spec.family);
    if (out.layers.empty() && family && family->defaultLayers)
        out.layers = family->defaultLayers(shape);
    return out;
}

std::vector<int64_t> taperedLayers(long double values) {
    const auto width = [&](long double part, long double least) {
        return static_cast<int64_t>(std::clamp<long double>(std::ceil(values * part), least, 512));
    };
    return {width(0.75L, 32), width(0.5L, 16), width(0.25L, 8)};
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/dense_autoencoder.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <stdexcept>

#include "core/models/family.h"

namespace awb::core {

/// Appends the named activation ("none" appends nothing); shared by the model families.
void addActivation(torch::nn::Sequential& seq, const std::string& name) {
    if (name == "relu") seq->push_back(torch::nn::ReLU());
    else if (name == "leaky-relu") seq->push_back(torch::nn::LeakyReLU());
    else if (name == "elu") seq->push_back(torch::nn::ELU());
    else if (name == "tanh") seq->push_back(torch::nn::Tanh());
    else if (name == "sigmoid") seq->push_back(torch::nn::Sigmoid());
    else if (name == "gelu") seq->push_back(torch::nn::GELU());
    else if (name != "none") throw std::invalid_argument("unknown activation " + name);
}

DenseAutoencoder::DenseAutoencoder(const ModelSpec& spec, int64_t inputSize) {
    torch::nn::Sequential encoder, decoder;
    int64_t width = inputSize;
    for (int64_t next : spec.layers) {
        encoder->push_back(torch::nn::Linear(width, next));
        addActivation(encoder, spec.activation);
        if (spec.dropout > 0) encoder->push_back(torch::nn::Dropout(spec.dropout));
        width = next;
    }
    for (auto it = spec.layers.rbegin() + 1; it != spec.layers.rend(); ++it) {
        decoder->push_back(torch::nn::Linear(width, *it));
        addActivation(decoder, spec.activation);
        if (spec.dropout > 0) decoder->push_back(torch::nn::Dropout(spec.dropout));
        width = *it;
    }
    decoder->push_back(torch::nn::Linear(width, inputSize));
    addActivation(decoder, spec.outputActivation);
    encoder_ = register_module("encoder", encoder);
    decoder_ = register_module("decoder", decoder);
}

torch::Tensor DenseAutoencoder::forward(const torch::Tensor& x) {
    const auto flat = x.reshape({x.size(0), -1});
    return decoder_->forward(encoder_->forward(flat)).reshape(x.sizes());
}

torch::Tensor DenseAutoencoder::encode(const torch::Tensor& x) {
    return encoder_->forward(x.reshape({x.size(0), -1}));
}

/// Parameters of a dense encoder over spec.layers and its mirrored decoder: `decoders` copies of
/// the decoder share the encoder (USAD has two).
long double denseParameters(const ModelSpec& spec, long double inputSize, int decoders) {
    long double encoder = 0, decoder = 0, width = inputSize;
    for (int64_t next : spec.layers) encoder += linearParameters(width, next), width = next;
    for (auto it = spec.layers.rbegin() + 1; it < spec.layers.rend(); ++it)
        decoder += linearParameters(width, *it), width = *it;
    if (!spec.layers.empty()) decoder += linearParameters(width, inputSize);
    return encoder + decoders * decoder;
}

long double valuesOf(const std::vector<int64_t>& shape) {
    long double n = 1;
    for (auto d : shape) n *= static_cast<long double>(d);
    return n;
}

const char* defaultFamilyName() { return "dense-ae"; }

Family denseAutoencoderFamily() {
    Family f;
    f.name = defaultFamilyName();
    f.description =
        "Dense autoencoder on flat samples (rows, fixed-length series, flattened images or "
        "windows)";
    f.input = InputKind::Rows;
    f.settings = {Setting::Layers, Setting::Activation, Setting::OutputActivation,
                  Setting::Dropout};
    f.build = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<DenseAutoencoder>(spec, int64_t(valuesOf(shape))));
    };
    f.parameterCount = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return saturatedCount(denseParameters(spec, valuesOf(shape), 1));
    };
    f.defaultLayers = [](const std::vector<int64_t>& shape) {
        return taperedLayers(valuesOf(shape));
    };
    return f;
}

}  // namespace awb::core

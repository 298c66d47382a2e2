// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/sequence_models.h"

#include <torch/nn/modules/activation.h>

#include "core/models/family.h"

namespace awb::core {

void addActivation(torch::nn::Sequential& seq, const std::string& name);  // dense_autoencoder.cpp

LstmAutoencoder::LstmAutoencoder(const ModelSpec& spec, int64_t /*length*/, int64_t features) {
    int64_t width = features;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        encoder_.push_back(register_module(
            "encoder" + std::to_string(i),
            torch::nn::LSTM(torch::nn::LSTMOptions(width, spec.layers[i]).batch_first(true))));
        width = spec.layers[i];
    }
    for (size_t i = spec.layers.size(); i-- > 0;) {
        decoder_.push_back(register_module(
            "decoder" + std::to_string(spec.layers.size() - 1 - i),
            torch::nn::LSTM(torch::nn::LSTMOptions(width, spec.layers[i]).batch_first(true))));
        width = spec.layers[i];
    }
    output_ = register_module("output", torch::nn::Linear(width, features));
    torch::nn::Sequential act;
    addActivation(act, spec.outputActivation);
    outputActivation_ = register_module("output_activation", act);
}

torch::Tensor LstmAutoencoder::forward(const torch::Tensor& x) {
    // x: [batch, length, features]
    auto h = x;
    for (auto& lstm : encoder_) h = std::get<0>(lstm->forward(h));
    const auto code = h.select(1, h.size(1) - 1);                        // [batch, code]
    auto y = code.unsqueeze(1).expand({x.size(0), x.size(1), code.size(1)}).contiguous();
    for (auto& lstm : decoder_) y = std::get<0>(lstm->forward(y));
    y = output_->forward(y);
    return outputActivation_->is_empty() ? y : outputActivation_->forward(y);
}

Usad::Usad(const ModelSpec& spec, int64_t inputSize)
    : referenceCode_(spec.usadVariant == "reference-code") {
    torch::nn::Sequential encoder;
    int64_t width = inputSize;
    for (int64_t next : spec.layers) {
        encoder->push_back(torch::nn::Linear(width, next));
        encoder->push_back(torch::nn::ReLU());
        width = next;
    }
    auto makeDecoder = [&] {
        torch::nn::Sequential d;
        int64_t w = width;
        for (auto it = spec.layers.rbegin() + 1; it != spec.layers.rend(); ++it) {
            d->push_back(torch::nn::Linear(w, *it));
            d->push_back(torch::nn::ReLU());
            w = *it;
        }
        d->push_back(torch::nn::Linear(w, inputSize));
        addActivation(d, spec.outputActivation);
        return d;
    };
    encoder_ = register_module("encoder", encoder);
    decoder1_ = register_module("decoder1", makeDecoder());
    decoder2_ = register_module("decoder2", makeDecoder());
}

torch::Tensor Usad::decode(torch::nn::Sequential& decoder, const torch::Tensor& flat) {
    return decoder->forward(encoder_->forward(flat));
}

torch::Tensor Usad::encode(const torch::Tensor& x) {
    return encoder_->forward(x.reshape({x.size(0), -1}));
}

torch::Tensor Usad::forward(const torch::Tensor& x) {
    return decode(decoder1_, x.reshape({x.size(0), -1})).reshape(x.sizes());
}

std::vector<torch::Tensor> Usad::scoreTerms(const torch::Tensor& x, LossKind loss) {
    auto parts = elementTerms(x, loss);
    for (auto& p : parts) p = p.reshape({x.size(0), -1}).mean(1);  // per sample, as perSampleError
    return parts;
}

std::vector<torch::Tensor> Usad::elementTerms(const torch::Tensor& x, LossKind loss) {
    const auto flat = x.reshape({x.size(0), -1});
    const auto w1 = decode(decoder1_, flat);
    const auto w3 = decode(decoder2_, w1);
    return {elementError(flat, w1, loss).reshape(x.sizes()), elementError(flat, w3, loss).reshape(x.sizes())};
}

std::vector<torch::Tensor> Usad::groupParameters(size_t group) {
    auto params = encoder_->parameters();
    const auto own = (group == 0 ? decoder1_ : decoder2_)->parameters();
    params.insert(params.end(), own.begin(), own.end());
    return params;
}

torch::Tensor Usad::groupLoss(size_t group, const torch::Tensor& input, const torch::Tensor& target,
                              LossKind loss, int epoch) {
    const auto in = input.reshape({input.size(0), -1});
    const auto w = target.reshape({target.size(0), -1});
    const double n = std::max(1, epoch);
    const auto w1 = decode(decoder1_, in);
    const auto w3 = decode(decoder2_, w1);
    const auto e3 = meanError(w, w3, loss);
    if (group == 0) return (1 / n) * meanError(w, w1, loss) + (1 - 1 / n) * e3;
    const auto w2 = decode(decoder2_, in);
    return (1 / n) * meanError(w, w2, loss) - (1 - 1 / n) * e3;
}

long double denseParameters(const ModelSpec& spec, long double inputSize,
                            int decoders);                // dense_autoencoder.cpp
long double valuesOf(const std::vector<int64_t>& shape);  // dense_autoencoder.cpp

Family lstmAutoencoderFamily() {
    Family f;
    f.name = "lstm-ae";
    f.description = "LSTM autoencoder on windows of a time series";
    f.input = InputKind::Windows;
    f.settings = {Setting::Layers, Setting::OutputActivation};
    f.defaultPreset = "timeseries-lstm-ae";
    f.build = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<LstmAutoencoder>(spec, shape.at(0), shape.at(1)));
    };
    f.parameterCount = [](const ModelSpec& spec, const std::vector<int64_t>& shape) -> int64_t {
        if (shape.size() != 2) return 0;
        long double total = 0, width = static_cast<long double>(shape[1]);
        for (int64_t h : spec.layers) total += lstmParameters(width, h), width = h;
        for (auto it = spec.layers.rbegin(); it != spec.layers.rend(); ++it)
            total += lstmParameters(width, *it), width = *it;
        return saturatedCount(total + linearParameters(width, static_cast<long double>(shape[1])));
    };
    return f;
}

Family usadFamily() {
    Family f;
    f.name = "usad";
    f.description =
        "USAD: one encoder, two adversarially trained decoders, on windows of a time series";
    f.input = InputKind::Windows;
    f.settings = {Setting::Layers, Setting::OutputActivation, Setting::UsadVariant};
    f.terms = {{"e1", "error of AE1(W)", 0.5}, {"e3", "error of AE2(AE1(W))", 0.5}};
    f.defaultPreset = "timeseries-usad";
    f.dominantTermHint =
        "it can rank anomalies backwards (see the Series view); a larger weight on e1 weighs AE1's "
        "error";
    f.build = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<Usad>(spec, int64_t(valuesOf(shape))));
    };
    f.parameterCount = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return saturatedCount(denseParameters(spec, valuesOf(shape), 2));
    };
    return f;
}

}  // namespace awb::core

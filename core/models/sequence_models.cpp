// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/sequence_models.h"

#include <torch/nn/modules/activation.h>

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
    : alpha_(spec.usadAlpha), referenceCode_(spec.usadVariant == "reference-code") {
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

torch::Tensor Usad::score(const torch::Tensor& x, LossKind loss) {
    const auto terms = scoreTerms(x, loss);
    return alpha_ * terms[0] + (1 - alpha_) * terms[1];
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

}  // namespace awb::core

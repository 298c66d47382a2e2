// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/conv_autoencoder.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <stdexcept>

namespace awb::core {

void addActivation(torch::nn::Sequential& seq, const std::string& name);  // dense_autoencoder.cpp

namespace {

int64_t convOut(int64_t in, int64_t k, int64_t s, int64_t p) { return (in + 2 * p - k) / s + 1; }

}  // namespace

ConvAutoencoder::ConvAutoencoder(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    if (shape.size() != 3) {
        throw std::invalid_argument("convolutional models need C x H x W samples");
    }
    const int64_t k = spec.kernelSize, s = spec.stride, p = spec.kernelSize / 2;
    const bool stacked = spec.family == "stacked-conv-ae";
    torch::nn::Sequential encoder, decoder;
    // Sizes before each downsampling level, to undo them exactly on the way back.
    std::vector<std::pair<int64_t, int64_t>> sizes;
    int64_t c = shape[0], h = shape[1], w = shape[2];
    for (int64_t next : spec.convChannels) {
        if (stacked) {
            encoder->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(c, next, k).padding(p)));
            addActivation(encoder, spec.activation);
            c = next;
        }
        sizes.emplace_back(h, w);
        encoder->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(c, next, k).stride(s).padding(p)));
        addActivation(encoder, spec.activation);
        c = next;
        h = convOut(h, k, s, p);
        w = convOut(w, k, s, p);
        if (h < 1 || w < 1) throw std::invalid_argument("too many downsampling levels for the image size");
    }
    codeShape_ = {c, h, w};
    torch::nn::Sequential bottleneck;
    if (spec.latent > 0) {
        const int64_t flat = c * h * w;
        bottleneck->push_back(torch::nn::Flatten());
        bottleneck->push_back(torch::nn::Linear(flat, spec.latent));
        addActivation(bottleneck, spec.activation);
        if (spec.dropout > 0) bottleneck->push_back(torch::nn::Dropout(spec.dropout));
        bottleneck->push_back(torch::nn::Linear(spec.latent, flat));
        addActivation(bottleneck, spec.activation);
        bottleneck->push_back(torch::nn::Unflatten(torch::nn::UnflattenOptions(1, {c, h, w})));
    } else {
        bottleneck->push_back(torch::nn::Identity());
    }
    for (size_t level = spec.convChannels.size(); level-- > 0;) {
        const int64_t out = level == 0 ? shape[0] : spec.convChannels[level - 1];
        const bool last = level == 0;
        const auto [th, tw] = sizes[level];
        const int64_t oph = th - ((h - 1) * s - 2 * p + k), opw = tw - ((w - 1) * s - 2 * p + k);
        // Stacked: upsample keeping the channels, then a stride-1 convolution changes them.
        const int64_t up = stacked ? c : out;
        decoder->push_back(torch::nn::ConvTranspose2d(
            torch::nn::ConvTranspose2dOptions(c, up, k).stride(s).padding(p).output_padding(
                std::vector<int64_t>{oph, opw})));
        if (stacked) {
            addActivation(decoder, spec.activation);
            decoder->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(up, out, k).padding(p)));
        }
        if (!last) addActivation(decoder, spec.activation);
        c = out;
        h = th;
        w = tw;
    }
    addActivation(decoder, spec.outputActivation);
    encoder_ = register_module("encoder", encoder);
    bottleneck_ = register_module("bottleneck", bottleneck);
    decoder_ = register_module("decoder", decoder);
}

torch::Tensor ConvAutoencoder::forward(const torch::Tensor& x) {
    return decoder_->forward(bottleneck_->forward(encoder_->forward(x)));
}

}  // namespace awb::core

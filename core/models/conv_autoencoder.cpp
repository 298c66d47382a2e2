// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/conv_autoencoder.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <stdexcept>

#include "core/models/family.h"

namespace awb::core {

void addActivation(torch::nn::Sequential& seq, const std::string& name);  // dense_autoencoder.cpp

ConvAutoencoder::ConvAutoencoder(const ModelSpec& spec, const std::vector<int64_t>& shape,
                                 bool stacked) {
    if (shape.size() != 3) {
        throw std::invalid_argument("convolutional models need C x H x W samples");
    }
    const int64_t k = spec.kernelSize, s = spec.stride, p = spec.kernelSize / 2;
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
        codeModules_ = bottleneck->size();  // flatten, the code's layer and its activation
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

torch::Tensor ConvAutoencoder::encode(const torch::Tensor& x) {
    auto code = encoder_->forward(x);
    if (codeModules_ == 0) return code.flatten(1);
    size_t i = 0;
    for (auto it = bottleneck_->begin(); it != bottleneck_->end() && i < codeModules_; ++it, ++i)
        code = it->forward(code);
    return code;
}

namespace {

/// Exactly the parameters the constructor above creates.
int64_t convAutoencoderParameters(const ModelSpec& spec, const std::vector<int64_t>& shape,
                                  bool stacked) {
    if (shape.size() != 3) return 0;
    const long double k = spec.kernelSize;
    const int64_t s = spec.stride, p = spec.kernelSize / 2;
    long double total = 0, c = shape[0];
    int64_t h = shape[1], w = shape[2];
    for (int64_t next : spec.convChannels) {
        if (stacked) total += convParameters(c, next, k), c = next;
        total += convParameters(c, next, k);
        c = next;
        h = convOut(h, spec.kernelSize, s, p);
        w = convOut(w, spec.kernelSize, s, p);
        if (h < 1 || w < 1) return 0;
    }
    if (spec.latent > 0)
        total +=
            linearParameters(c * h * w, spec.latent) + linearParameters(spec.latent, c * h * w);
    for (size_t level = spec.convChannels.size(); level-- > 0;) {
        const long double out = level == 0 ? shape[0] : spec.convChannels[level - 1];
        const long double up = stacked ? c : out;
        total += convParameters(c, up, k);  // the transposed convolution: as many weights
        if (stacked) total += convParameters(up, out, k);
        c = out;
    }
    return saturatedCount(total);
}

/// Each level holds its channels at the level's resolution (the input's channels do not multiply
/// it), at its input size and then shrunk, forward and backward; the stacked family has a second
/// convolution a level at full size.
double convActivationValues(const ModelSpec& spec, const std::vector<int64_t>& shape,
                            bool stacked) {
    double values = 0;
    for (int64_t w : spec.layers)
        values += 2 * 2 * double(w);  // as the dense estimate (kept for continuity)
    if (shape.size() != 3) return values;
    double level = double(shape[1]) * double(shape[2]);
    for (int64_t c : spec.convChannels) {
        values += 2 * 2 * (stacked ? 2 : 1) * level * double(c);
        level /= double(spec.stride) * double(spec.stride);
    }
    return values;
}

Family convFamily(bool stacked) {
    Family f;
    f.name = stacked ? "stacked-conv-ae" : "conv-ae";
    f.description = stacked ? "Stacked convolutional autoencoder: two convolutions a level (images)"
                            : "Convolutional autoencoder with an optional dense code (images)";
    f.input = InputKind::Images;
    f.settings = {Setting::ConvChannels, Setting::KernelSize, Setting::Stride,
                  Setting::Latent,       Setting::Activation, Setting::OutputActivation,
                  Setting::Dropout};
    f.defaultPreset = "images-conv-ae";
    f.build = [stacked](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<ConvAutoencoder>(spec, shape, stacked));
    };
    f.parameterCount = [stacked](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return convAutoencoderParameters(spec, shape, stacked);
    };
    f.activationValues = [stacked](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return convActivationValues(spec, shape, stacked);
    };
    return f;
}

}  // namespace

Family convAutoencoderFamily() { return convFamily(false); }
Family stackedConvAutoencoderFamily() { return convFamily(true); }

}  // namespace awb::core

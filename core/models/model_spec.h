// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"

namespace awb::core {

/// The family a new experiment starts with; defined by that family's own file.
const char* defaultFamilyName();

/// What network to build; the input size comes from the data.
struct ModelSpec {
    std::string family = defaultFamilyName();
    /// Encoder widths down to the code; the decoder mirrors them. {32, 16, 8} on 140 inputs gives
    /// 140-32-16-8-16-32-140. Empty: from the sample size, where the family has a rule
    /// (resolvedSpec; dense-ae: about 3/4, 1/2 and 1/4 of the inputs, at least 32, 16, 8, at most
    /// 512).
    std::vector<int64_t> layers;
    std::string activation = "elu";            ///< relu, leaky-relu, elu, tanh, sigmoid, gelu
    std::string outputActivation = "sigmoid";  ///< sigmoid, tanh, none
    double dropout = 0.0;                     ///< after each hidden activation, in [0, 1)

    // Convolutional families (conv-ae, stacked-conv-ae), for C x H x W samples.
    std::vector<int64_t> convChannels{32, 64};  ///< channels of each encoder level
    int64_t kernelSize = 3;
    int64_t stride = 2;                         ///< of each level's downsampling convolution
    /// Width of the dense code between encoder and decoder; 0 for none (then the code is the
    /// last feature map, which can be larger than the input and learn to copy).
    int64_t latent = 32;

    /// Weights of the family's score terms (the score is the sum of weight x term); empty: the
    /// family's defaults. USAD's {α, 1 − α} weigh |W−AE1(W)|² and |W−AE2(AE1(W))|².
    std::vector<double> termWeights;

    /// USAD: how its two optimizers share gradients. "reference-code", as the authors' published
    /// code: each optimizer clears only its own parameters' gradients after its step, so a
    /// decoder's step also carries the gradient of the other loss (AE2's adversarial term cancels
    /// in its decoder; the game is played in the shared encoder). "paper-equations": every step
    /// on its own loss's gradient alone, as the equations read; on NAB this lets AE2 push AE1's
    /// outputs away (e3 about 100x e1) and the score ranks failures backwards.
    std::string usadVariant = "reference-code";

    // GAN families (anogan, f-anogan, mad-gan); `latent` is the generator's latent dimension.
    /// f-AnoGAN: critic steps per generator step in its WGAN-GP phase (the paper's 5).
    int criticSteps = 5;
    /// AnoGAN, MAD-GAN: gradient steps of the latent search that scores each sample (500 as in the
    /// common implementations).
    int searchSteps = 500;
    /// MAD-GAN: "step", a latent code at every time step (the authors' generator: 15 values a
    /// step, so a search fits nearly any smooth window, trained or not), or "window", one code
    /// for the whole window given at every step (the generator must learn the windows' shapes).
    std::string latentPer = "step";
    /// MAD-GAN: fixed candidate codes whose best match (by the residual) starts each window's
    /// search; 0 starts it from the zero code. The residual over a code has many dips (a wave's
    /// phase), and a descent from one start stops at the nearest.
    int searchStarts = 0;
    /// MAD-GAN: discriminator steps per generator step (1 in runs before this setting; the
    /// authors' code takes 1 discriminator step and 3 generator steps).
    int discriminatorSteps = 1;
};

/// The most candidate codes a search may start from (model.search_starts).
constexpr int kMaxSearchStarts = 4096;

/// The number of parameters the family's module will have for samples of `sampleShape` (a window
/// of points for the sequence families), computed without building it, so a run can be sized
/// before memory is taken. Exactly Model::parameterCount() of the built module; saturates at
/// INT64_MAX instead of overflowing. 0 for an unknown family or a shape that does not fit.
int64_t estimateParameterCount(const ModelSpec& spec, const std::vector<int64_t>& sampleShape);

struct Family;

/// Term weights for `family`: empty (its defaults) or one per term, each in [0, 1e6], not all 0.
Status validateTermWeights(const Family& family, const std::vector<double>& weights);

/// Checks the family and every field it uses; the message names the field ("model.layers[2]: ...").
/// Empty layers are accepted for a family with a default rule for them.
Status validate(const ModelSpec& spec);

/// `spec` with what it leaves to the data filled in for samples of `sampleShape`: empty layers
/// become the family's default widths. Models are built, sized and estimated from this; the
/// config keeps the empty list, so a saved run reopens with the same widths.
ModelSpec resolvedSpec(const ModelSpec& spec, const std::vector<int64_t>& sampleShape);

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/models/model_spec.h"

namespace awb::core {

class ReconstructionModule;  // torch side: core/models/reconstruction_module.h

/// What a family's samples are: flat rows (tabular data, fixed-length series), images
/// (channels x height x width) or windows of a time series ({length, features}).
enum class InputKind { Rows, Images, Windows };
const char* toString(InputKind input);

/// The ModelSpec fields a family reads: the GUI enables their fields, validation checks them.
enum class Setting {
    Layers,
    Activation,
    OutputActivation,
    Dropout,
    ConvChannels,
    KernelSize,
    Stride,
    Latent,
    UsadVariant,
    CriticSteps,
    SearchSteps,
    LatentPer,
    SearchStarts,
    DiscriminatorSteps
};

/// One part of a family's anomaly score: the score is the sum of weight x term.
struct ScoreTerm {
    std::string name;         ///< short, shown on plots ("e1")
    std::string description;  ///< one line for tooltips and notes ("error of AE1(W)")
    double defaultWeight = 1.0;
};

/// A model family: what it reads, its settings, its score terms, and how its module is built.
/// Adding a family is one file defining one of these and one line in family_registry.cpp (or a
/// registerFamily() call, as tests do); nothing else in core, ui or app names a family.
struct Family {
    std::string name;
    std::string description;
    InputKind input = InputKind::Rows;
    std::vector<Setting> settings;
    /// The score's parts; a family with one part scores by it alone.
    std::vector<ScoreTerm> terms{{"error", "reconstruction error", 1.0}};
    /// The preset a CLI run starts from when this family is chosen without one ("" for none).
    std::string defaultPreset;
    /// A hint added to the evaluation's note when one weighted term is over ten times the others
    /// on the training samples and decides the score alone ("" for none).
    std::string dominantTermHint;
    /// The family generates from a latent code: model.latent must be at least 1 (0 means "no
    /// dense code" only for the autoencoders).
    bool latentRequired = false;
    /// Builds the module for samples of `shape` (throws on a shape that does not fit).
    std::function<std::shared_ptr<ReconstructionModule>(const ModelSpec&,
                                                        const std::vector<int64_t>&)>
        build;
    /// The module's exact parameter count for `shape`, without building it (saturating at
    /// INT64_MAX; 0 for a shape that does not fit), so that a run is sized before memory is taken.
    std::function<int64_t(const ModelSpec&, const std::vector<int64_t>&)> parameterCount;
    /// Float values one sample keeps for backward (activations and their gradients), for the
    /// memory estimate; unset: 4 per hidden width of spec.layers.
    std::function<double(const ModelSpec&, const std::vector<int64_t>&)> activationValues;
    /// The layer widths used when model.layers is empty (auto), from the sample shape; unset:
    /// the family needs them given.
    std::function<std::vector<int64_t>(const std::vector<int64_t>&)> defaultLayers;

    bool uses(Setting s) const;
    /// The weights of the terms: spec.termWeights when given, else the defaults. A family of one
    /// term scores by it alone: its weight is accepted and has no effect.
    std::vector<double> weights(const ModelSpec& spec) const;
};

/// The family of that name, or nullptr.
const Family* findFamily(const std::string& name);
/// The family a (validated) spec names; throws std::invalid_argument for an unknown one.
const Family& familyOf(const ModelSpec& spec);
/// Names of the registered families, built-in ones first, in registration order.
std::vector<std::string> modelFamilies();
/// Adds a family (tests, extensions). Refused: an empty or taken name, no build or
/// parameterCount function, no terms or a negative default weight.
Status registerFamily(Family family);

/// Widths about 3/4, 1/2 and 1/4 of `values` inputs, at least 32, 16 and 8 and at most 512 (a
/// 224x224 image would otherwise get 37632-25088-12544, 6e9 parameters): a dense encoder
/// whose code is a quarter of a wide input (ECG5000's 140 values: 105-70-35), and the earlier
/// 32-16-8 for narrow tables (where tapering to a few ReLU units learned far less: AUROC 0.73
/// against 0.98 on a 20-feature test table).
std::vector<int64_t> taperedLayers(long double values);

/// Saturating arithmetic for parameterCount functions: absurd settings give a huge count, not a
/// wrapped small one.
int64_t saturatedCount(long double v);
/// Parameters of a dense layer in -> out with bias.
inline long double linearParameters(long double in, long double out) { return in * out + out; }
/// Parameters of a k x k convolution (or transposed convolution) in -> out channels with bias.
inline long double convParameters(long double in, long double out, long double k) {
    return in * out * k * k + out;
}
/// Parameters of an LSTM layer in -> hidden (LibTorch keeps two bias vectors).
inline long double lstmParameters(long double in, long double hidden) {
    return 4 * hidden * (in + hidden) + 8 * hidden;
}
/// The output size of a convolution of kernel k, stride s and padding p over `in` values.
inline int64_t convOut(int64_t in, int64_t k, int64_t s, int64_t p) {
    return (in + 2 * p - k) / s + 1;
}

}  // namespace awb::core

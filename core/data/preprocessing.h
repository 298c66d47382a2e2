// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/data/dataset.h"

namespace awb::core {

enum class ScalingMethod { None, MinMax, Standard };
/// PerFeature: one offset/scale per feature. Global: one for all values (the ECG5000 tutorial
/// scales by the minimum and maximum over the whole training matrix).
enum class ScalingScope { PerFeature, Global };

const char* toString(ScalingMethod method);
const char* toString(ScalingScope scope);
Expected<ScalingMethod> parseScalingMethod(const std::string& text);
Expected<ScalingScope> parseScalingScope(const std::string& text);

/// x' = (x - offset) / scale, per feature (Global repeats one pair).
struct Scaler {
    ScalingMethod method = ScalingMethod::None;
    ScalingScope scope = ScalingScope::PerFeature;
    std::vector<float> offset;
    std::vector<float> scale;

    /// Fits on the given samples only (the training part); constant features get scale 1.
    static Scaler fit(const Dataset& data, const std::vector<size_t>& rows, ScalingMethod method,
                      ScalingScope scope);
    void apply(Dataset& data) const;
};

struct SplitFractions {
    double validation = 0.0;
    double test = 0.2;
};

/// Sample indices of each part; disjoint and together all samples.
struct Split {
    std::vector<size_t> train;
    std::vector<size_t> validation;
    std::vector<size_t> test;
};

/// Seeded random split. The shuffle uses its own Fisher-Yates over mt19937_64, so the same seed
/// gives the same split with any standard library.
Expected<Split> splitDataset(size_t count, const SplitFractions& fractions, uint64_t seed);

/// The indices among `indices` whose mask entry is 0 (normal samples).
std::vector<size_t> normalOnly(const std::vector<size_t>& indices, const std::vector<uint8_t>& anomaly);

}  // namespace awb::core

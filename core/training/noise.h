// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"

namespace awb::core {

/// Corruption of the inputs for denoising training; the target stays clean.
enum class NoiseKind {
    Gaussian,     ///< x + N(0, std^2)
    SaltPepper,   ///< each value, with probability `amount`, set to 0 or 1 (half each)
    Masking,      ///< each value, with probability `amount`, set to 0
};

const char* toString(NoiseKind kind);
Expected<NoiseKind> parseNoiseKind(const std::string& text);

struct NoiseSpec {
    NoiseKind kind = NoiseKind::Gaussian;
    double std = 0.0;     ///< Gaussian
    double amount = 0.0;  ///< salt-and-pepper and masking: fraction of values hit

    bool active() const { return kind == NoiseKind::Gaussian ? std > 0 : amount > 0; }
};

/// A noisy copy of `x` (seeded), for previews and inspection; training draws the same kind of
/// noise with LibTorch's generator.
std::vector<float> addNoise(const std::vector<float>& x, const NoiseSpec& noise, uint64_t seed);

}  // namespace awb::core

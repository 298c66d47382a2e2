// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/noise.h"

#include <random>

namespace awb::core {

const char* toString(NoiseKind kind) {
    switch (kind) {
        case NoiseKind::Gaussian: return "gaussian";
        case NoiseKind::SaltPepper: return "salt-pepper";
        case NoiseKind::Masking: return "masking";
    }
    return "gaussian";
}

Expected<NoiseKind> parseNoiseKind(const std::string& text) {
    if (text == "gaussian") return NoiseKind::Gaussian;
    if (text == "salt-pepper" || text == "salt-and-pepper") return NoiseKind::SaltPepper;
    if (text == "masking") return NoiseKind::Masking;
    return Error{ErrorCode::InvalidArgument,
                 "noise type '" + text + "' is not one of gaussian, salt-pepper, masking"};
}

std::vector<float> addNoise(const std::vector<float>& x, const NoiseSpec& noise, uint64_t seed) {
    std::vector<float> out(x);
    if (!noise.active()) return out;
    std::mt19937_64 rng(seed);
    if (noise.kind == NoiseKind::Gaussian) {
        std::normal_distribution<float> n(0.0f, static_cast<float>(noise.std));
        for (float& v : out) v += n(rng);
        return out;
    }
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (float& v : out) {
        if (u(rng) >= noise.amount) continue;
        v = noise.kind == NoiseKind::Masking ? 0.0f : (u(rng) < 0.5 ? 0.0f : 1.0f);
    }
    return out;
}

}  // namespace awb::core

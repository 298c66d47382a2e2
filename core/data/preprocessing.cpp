// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/preprocessing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace awb::core {

const char* toString(ScalingMethod method) {
    switch (method) {
        case ScalingMethod::None: return "none";
        case ScalingMethod::MinMax: return "minmax";
        case ScalingMethod::Standard: return "standard";
    }
    return "none";
}

const char* toString(ScalingScope scope) {
    return scope == ScalingScope::Global ? "global" : "per-feature";
}

Expected<ScalingMethod> parseScalingMethod(const std::string& text) {
    if (text == "none") return ScalingMethod::None;
    if (text == "minmax" || text == "min-max") return ScalingMethod::MinMax;
    if (text == "standard" || text == "zscore") return ScalingMethod::Standard;
    return Error{ErrorCode::InvalidArgument,
                 "scaling '" + text + "' is not one of none, minmax, standard"};
}

Expected<ScalingScope> parseScalingScope(const std::string& text) {
    if (text == "per-feature") return ScalingScope::PerFeature;
    if (text == "global") return ScalingScope::Global;
    return Error{ErrorCode::InvalidArgument,
                 "scaling scope '" + text + "' is not one of per-feature, global"};
}

Scaler Scaler::fit(const Dataset& data, const std::vector<size_t>& rows, ScalingMethod method,
                   ScalingScope scope) {
    Scaler s;
    s.method = method;
    s.scope = scope;
    const size_t n = data.sampleSize();
    s.offset.assign(n, 0.0f);
    s.scale.assign(n, 1.0f);
    if (method == ScalingMethod::None || rows.empty()) return s;
    const size_t groups = scope == ScalingScope::Global ? 1 : n;
    auto group = [&](size_t feature) { return scope == ScalingScope::Global ? 0 : feature; };
    std::vector<double> lo(groups, std::numeric_limits<double>::infinity());
    std::vector<double> hi(groups, -std::numeric_limits<double>::infinity());
    std::vector<double> sum(groups, 0.0), sumSq(groups, 0.0);
    std::vector<double> count(groups, 0.0);
    for (size_t r : rows) {
        const float* x = data.sample(r);
        for (size_t f = 0; f < n; ++f) {
            const size_t g = group(f);
            lo[g] = std::min(lo[g], double(x[f]));
            hi[g] = std::max(hi[g], double(x[f]));
            sum[g] += x[f];
            count[g] += 1;
        }
    }
    for (size_t r : rows) {  // second pass: numerically stable variance
        const float* x = data.sample(r);
        for (size_t f = 0; f < n; ++f) {
            const size_t g = group(f);
            const double d = x[f] - sum[g] / count[g];
            sumSq[g] += d * d;
        }
    }
    for (size_t f = 0; f < n; ++f) {
        const size_t g = group(f);
        double offset = 0, scale = 1;
        if (method == ScalingMethod::MinMax) {
            offset = lo[g];
            scale = hi[g] - lo[g];
        } else {
            offset = sum[g] / count[g];
            scale = std::sqrt(sumSq[g] / count[g]);
        }
        s.offset[f] = static_cast<float>(offset);
        s.scale[f] = scale > 1e-12 ? static_cast<float>(scale) : 1.0f;
    }
    return s;
}

void Scaler::apply(Dataset& data) const {
    if (method == ScalingMethod::None) return;
    const size_t n = data.sampleSize();
    for (size_t i = 0; i < data.size(); ++i) {
        float* x = data.sample(i);
        for (size_t f = 0; f < n; ++f) x[f] = (x[f] - offset[f]) / scale[f];
    }
}

namespace {

// Unbiased integer in [0, bound) from the raw generator output (rejection sampling), so the
// sequence does not depend on the standard library's distribution implementation.
uint64_t uniformBelow(std::mt19937_64& rng, uint64_t bound) {
    const uint64_t limit = std::numeric_limits<uint64_t>::max() -
                           std::numeric_limits<uint64_t>::max() % bound;
    uint64_t x;
    do {
        x = rng();
    } while (x >= limit);
    return x % bound;
}

}  // namespace

Expected<Split> splitDataset(size_t count, const SplitFractions& fractions, uint64_t seed) {
    const double v = fractions.validation, t = fractions.test;
    if (!(v >= 0 && v < 1) || !(t >= 0 && t < 1) || v + t >= 1) {
        return Error{ErrorCode::InvalidArgument,
                     "split fractions: validation (" + std::to_string(v) + ") and test (" +
                         std::to_string(t) + ") must each be in [0, 1) and leave samples to train on"};
    }
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t{0});
    std::mt19937_64 rng(seed);
    for (size_t i = count; i > 1; --i) std::swap(order[i - 1], order[uniformBelow(rng, i)]);
    const auto nTest = static_cast<size_t>(std::llround(t * count));
    const auto nVal = static_cast<size_t>(std::llround(v * count));
    Split split;
    split.test.assign(order.begin(), order.begin() + nTest);
    split.validation.assign(order.begin() + nTest, order.begin() + nTest + nVal);
    split.train.assign(order.begin() + nTest + nVal, order.end());
    if (split.train.empty()) {
        return Error{ErrorCode::InvalidArgument,
                     "split: no samples left to train on (" + std::to_string(count) + " samples)"};
    }
    return split;
}

std::vector<size_t> normalOnly(const std::vector<size_t>& indices,
                               const std::vector<uint8_t>& anomaly) {
    std::vector<size_t> out;
    out.reserve(indices.size());
    for (size_t i : indices) {
        if (!anomaly[i]) out.push_back(i);
    }
    return out;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/dataset.h"

#include "core/common/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include <sys/mman.h>

namespace awb::core {

const char* toString(DataKind kind) {
    switch (kind) {
        case DataKind::Tabular: return "tabular";
        case DataKind::Series: return "series";
        case DataKind::TimeSeries: return "timeseries";
        case DataKind::Image: return "image";
    }
    return "tabular";
}

size_t Dataset::sampleSize() const {
    if (sampleShape.empty()) return 0;
    return static_cast<size_t>(std::accumulate(sampleShape.begin(), sampleShape.end(), int64_t{1},
                                               std::multiplies<int64_t>()));
}

void adviseHugePages(const void* data, size_t bytes) {
    constexpr uintptr_t kHuge = uintptr_t{2} << 20;
    if (data == nullptr || bytes < 2 * kHuge) return;
    const auto begin = reinterpret_cast<uintptr_t>(data);
    const uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t last = (begin + bytes) & ~(kHuge - 1);
    if (last > first) (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

size_t Dataset::size() const {
    const size_t n = sampleSize();
    return n == 0 ? 0 : values.size() / n;
}

Dataset Dataset::subset(const std::vector<size_t>& indices) const {
    Dataset out;
    out.kind = kind;
    out.sampleShape = sampleShape;
    out.featureNames = featureNames;
    out.classNames = classNames;
    out.labelName = labelName;
    out.source = source;
    const size_t n = sampleSize();
    resizeLarge(out.values, indices.size() * n);
    if (hasLabels()) out.labels.reserve(indices.size());
    for (size_t k = 0; k < indices.size(); ++k) {
        std::copy_n(sample(indices[k]), n, out.values.data() + k * n);
        if (hasLabels()) out.labels.push_back(labels[indices[k]]);
        if (!timestamps.empty()) out.timestamps.push_back(timestamps[indices[k]]);
    }
    return out;
}

std::vector<size_t> Dataset::classCounts() const {
    std::vector<size_t> counts(classNames.size(), 0);
    for (int label : labels) {
        if (label >= 0 && static_cast<size_t>(label) < counts.size()) ++counts[label];
    }
    return counts;
}

bool sameLabel(const std::string& a, const std::string& b) {
    if (a == b) return true;
    double x = 0, y = 0;
    return parseFiniteDouble(a, x) && parseFiniteDouble(b, y) && x == y;
}

std::string canonicalLabel(const std::string& text) {
    double v = 0;
    if (!parseFiniteDouble(text, v)) return text;
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    return formatNumber(v);  // the shortest text that reads back the same
}

Expected<std::vector<uint8_t>> Dataset::anomalyMask(
    const std::vector<std::string>& normalLabels) const {
    if (!hasLabels()) {
        return Error{ErrorCode::InvalidArgument,
                     source + ": the data has no label column, so normal and anomalous samples "
                              "cannot be told apart"};
    }
    if (normalLabels.empty()) {
        return Error{ErrorCode::InvalidArgument, "no normal label given (--normal-label)"};
    }
    std::vector<uint8_t> isNormalClass(classNames.size(), 0);
    for (const std::string& wanted : normalLabels) {
        bool found = false;
        for (size_t c = 0; c < classNames.size(); ++c) {
            if (sameLabel(classNames[c], wanted)) {
                isNormalClass[c] = 1;
                found = true;
            }
        }
        if (!found) {
            return Error{ErrorCode::InvalidArgument,
                         source + ": normal label '" + wanted + "' is not a value of label column '" +
                             labelName + "' (values present: " + joinComma(classNames) + ")"};
        }
    }
    std::vector<uint8_t> mask(labels.size());
    for (size_t i = 0; i < labels.size(); ++i) mask[i] = isNormalClass[labels[i]] ? 0 : 1;
    return mask;
}

}  // namespace awb::core

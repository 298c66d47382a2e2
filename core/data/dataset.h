// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"

namespace awb::core {

/// Asks the kernel to back the 2 MiB-aligned inside of [data, data + bytes) with huge pages
/// (transparent huge pages in "madvise" mode, as numpy does for large arrays). Call it on memory
/// reserved but not yet touched: first-touch page faults on a 200 MB buffer otherwise cost up
/// to half a second on some machines. Harmless where unsupported.
void adviseHugePages(const void* data, size_t bytes);

/// `v` resized to `n` elements, huge pages advised before they are first written.
template <typename Vector>
void resizeLarge(Vector& v, size_t n) {
    if (n > v.capacity()) {
        v.reserve(n);
        adviseHugePages(v.data(), v.capacity() * sizeof(*v.data()));
    }
    v.resize(n);
}

/// Tabular rows, fixed-length series (one per row, e.g. heartbeats), images, or a time series
/// whose rows are time points (windows are cut from it for training).
enum class DataKind { Tabular, Series, Image, TimeSeries };

const char* toString(DataKind kind);

/// Samples as one contiguous float buffer (row-major, sample after sample), each sample of the
/// same shape. The buffer is handed to LibTorch without a copy (torch::from_blob), while this
/// header stays free of torch so that the UI can read samples for plotting.
struct Dataset {
    DataKind kind = DataKind::Tabular;
    std::vector<float> values;           ///< size() * sampleSize() floats
    std::vector<int64_t> sampleShape;    ///< {features} for rows and series, {C, H, W} for images
    std::vector<std::string> featureNames;
    std::vector<int> labels;             ///< empty, or one class index per sample
    std::vector<std::string> classNames; ///< labels index into this
    std::string labelName;               ///< header name of the label column, if any
    std::string source;                  ///< file the data came from, for messages
    std::vector<std::string> timestamps; ///< empty, or one per sample (time series, as read)

    size_t sampleSize() const;
    size_t size() const;
    bool hasLabels() const { return !labels.empty(); }
    const float* sample(size_t i) const { return values.data() + i * sampleSize(); }
    float* sample(size_t i) { return values.data() + i * sampleSize(); }

    /// Samples at the given indices, in that order, with their labels.
    Dataset subset(const std::vector<size_t>& indices) const;

    /// Number of samples per class, in classNames order.
    std::vector<size_t> classCounts() const;

    /// 1 for samples whose class is not among normalLabels, 0 otherwise. Labels match by name or,
    /// when both parse as numbers, by value ("1" matches "1.0"). Fails when the data has no labels
    /// or a normal label names no class present.
    Expected<std::vector<uint8_t>> anomalyMask(const std::vector<std::string>& normalLabels) const;
};

/// True when a and b name the same label: equal text, or equal numbers.
bool sameLabel(const std::string& a, const std::string& b);

/// "1.0" -> "1", "2.50" -> "2.5", other text unchanged; labels read from files are stored so.
std::string canonicalLabel(const std::string& text);

}  // namespace awb::core

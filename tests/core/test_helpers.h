// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/file_reader.h"

namespace awb::test {

/// A fresh folder under the system temp dir, removed at destruction.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("awb-test-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { (void)awb::core::removeTree(path_.string()); }  // not remove_all: see removeTree
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

inline std::string writeGzip(const std::string& path, const std::string& text) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return path;
}

/// A 32-bit big-endian integer as IDX headers hold it.
inline std::string be32(uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}

/// An IDX image file's bytes: n images of rows x cols; `pixels` or a fixed pattern.
inline std::string idxImages(uint32_t n, uint32_t rows, uint32_t cols, std::string pixels = {}) {
    std::string b("\x00\x00\x08\x03", 4);
    b += be32(n) + be32(rows) + be32(cols);
    if (pixels.empty()) {
        for (uint32_t i = 0; i < n * rows * cols; ++i) pixels += char(i * 37 % 256);
    }
    return b + pixels;
}

/// An IDX label file's bytes.
inline std::string idxLabels(const std::vector<uint8_t>& labels) {
    std::string b("\x00\x00\x08\x01", 4);
    b += be32(static_cast<uint32_t>(labels.size()));
    for (auto l : labels) b += char(l);
    return b;
}

/// n flat samples of `features` values, all `value`.
inline awb::core::Dataset constantRows(float value, size_t n, int64_t features) {
    awb::core::Dataset d;
    d.sampleShape = {features};
    d.values.assign(n * size_t(features), value);
    return d;
}

inline std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The seed and thread count a learning test trains with: AWB_TEST_SEED and AWB_TEST_THREADS when
/// they are set (scripts/learning_matrix.sh runs every learning test over 5 seeds and 1, 2 and 4
/// threads), the test's own otherwise. A learning test's bounds are set from the worst case of
/// that matrix, so they hold on another CPU too.
inline uint64_t learningSeed(uint64_t fallback) {
    const char* v = std::getenv("AWB_TEST_SEED");
    return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}
inline int learningThreads(int fallback = 2) {
    const char* v = std::getenv("AWB_TEST_THREADS");
    return v && *v ? std::atoi(v) : fallback;
}
/// Both applied to an experiment config.
template <typename Config>
void useLearningMatrix(Config& c) {
    c.training.seed = learningSeed(c.training.seed);
    c.threads = learningThreads(c.threads);
}

/// The same run untrained, what a learning test compares with: one epoch at a learning rate of
/// 1e-9, no early stopping.
template <typename Config>
Config untrained(Config c) {
    c.training.epochs = 1;
    c.training.learningRate = 1e-9;
    c.training.patience = 0;
    return c;
}

/// 360 8x8 grey images written as IDX files in `dir` and set as the config's data: horizontal
/// bars at a random phase with noise (label 0, normal); in every sixth a 3x3 patch is flipped
/// (label 1, the anomaly).
template <typename Config>
void useBarImages(const TempDir& dir, Config& c) {
    const uint32_t n = 360;
    std::mt19937 rng(5);
    std::string pixels;
    std::vector<uint8_t> labels;
    for (uint32_t i = 0; i < n; ++i) {
        const bool defect = i % 6 == 0;
        const int phase = int(rng() % 2);
        const int px = int(rng() % 6), py = int(rng() % 6);
        for (int y = 0; y < 8; ++y) {
            for (int x = 0; x < 8; ++x) {
                bool on = y % 2 == phase;
                if (defect && x >= px && x < px + 3 && y >= py && y < py + 3) on = !on;
                pixels += char((on ? 210 : 40) + int(rng() % 41) - 20);
            }
        }
        labels.push_back(defect ? 1 : 0);
    }
    c.data.path = writeText(dir.file("bars-images-idx3-ubyte"), idxImages(n, 8, 8, pixels));
    c.data.labelsPath = writeText(dir.file("bars-labels-idx1-ubyte"), idxLabels(labels));
    c.data.normalLabels = {"0"};
}

/// Prints "[figure] Suite.Test name=value" for the learning matrix's table.
inline void figure(const char* name, double value) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::printf("[figure] %s.%s %s=%.4f\n", info ? info->test_suite_name() : "?", info ? info->name() : "?", name,
                value);
    std::fflush(stdout);
}

}  // namespace awb::test

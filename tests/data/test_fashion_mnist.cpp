// SPDX-License-Identifier: GPL-3.0-or-later
// The real IDX files of Debian's dataset-fashion-mnist package; skipped when it is not installed.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/data/idx_reader.h"

using namespace awb::core;

namespace {
const std::string kDir = "/usr/share/datasets/fashion-mnist/";
}

TEST(FashionMnist, TestSetReadsWithTenBalancedClasses) {
    const std::string images = kDir + "t10k-images-idx3-ubyte.gz";
    if (!std::filesystem::exists(images)) GTEST_SKIP() << "not installed: " << images;
    ASSERT_EQ(siblingIdxLabels(images), kDir + "t10k-labels-idx1-ubyte.gz");
    auto d = readIdx(images, siblingIdxLabels(images));
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->size(), 10000u);
    EXPECT_EQ(d->sampleShape, (std::vector<int64_t>{1, 28, 28}));
    ASSERT_EQ(d->classNames.size(), 10u);
    for (size_t count : d->classCounts()) EXPECT_EQ(count, 1000u);
    float lo = 1, hi = 0;
    for (float v : d->values) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    EXPECT_EQ(lo, 0.0f);
    EXPECT_EQ(hi, 1.0f);
}

TEST(FashionMnist, TrainingSetReads) {
    const std::string images = kDir + "train-images-idx3-ubyte.gz";
    if (!std::filesystem::exists(images)) GTEST_SKIP() << "not installed: " << images;
    auto d = readIdx(images, kDir + "train-labels-idx1-ubyte.gz");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->size(), 60000u);
    for (size_t count : d->classCounts()) EXPECT_EQ(count, 6000u);
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/data/preprocessing.h"

using namespace awb::core;

namespace {

Dataset table(std::vector<float> values, int64_t features) {
    Dataset d;
    d.values = std::move(values);
    d.sampleShape = {features};
    return d;
}

}  // namespace

TEST(Scaler, MinMaxPerFeatureUsesTrainingRowsOnly) {
    // Rows 0-1 train; row 2 is outside the training range and must not shape the scaler.
    Dataset d = table({0, 10, 2, 30, 100, -50}, 2);
    const Scaler s = Scaler::fit(d, {0, 1}, ScalingMethod::MinMax, ScalingScope::PerFeature);
    EXPECT_FLOAT_EQ(s.offset[0], 0);
    EXPECT_FLOAT_EQ(s.scale[0], 2);
    EXPECT_FLOAT_EQ(s.offset[1], 10);
    EXPECT_FLOAT_EQ(s.scale[1], 20);
    s.apply(d);
    EXPECT_EQ(d.values, (std::vector<float>{0, 0, 1, 1, 50, -3}));
}

TEST(Scaler, MinMaxGlobalAsTheTutorial) {
    Dataset d = table({0, 10, 2, 30}, 2);
    const Scaler s = Scaler::fit(d, {0, 1}, ScalingMethod::MinMax, ScalingScope::Global);
    s.apply(d);
    // (x - 0) / (30 - 0) for every value.
    EXPECT_FLOAT_EQ(d.values[1], 10.0f / 30.0f);
    EXPECT_FLOAT_EQ(d.values[2], 2.0f / 30.0f);
    EXPECT_FLOAT_EQ(d.values[3], 1.0f);
}

TEST(Scaler, StandardUsesPopulationStd) {
    Dataset d = table({1, 5, 3, 5, 5, 5}, 2);  // feature 1 is constant
    const Scaler s = Scaler::fit(d, {0, 1, 2}, ScalingMethod::Standard, ScalingScope::PerFeature);
    EXPECT_FLOAT_EQ(s.offset[0], 3);
    EXPECT_FLOAT_EQ(s.scale[0], std::sqrt(8.0f / 3.0f));
    EXPECT_FLOAT_EQ(s.scale[1], 1);  // constant feature: no division by zero
    s.apply(d);
    EXPECT_FLOAT_EQ(d.values[1], 0);
    EXPECT_NEAR(d.values[0] + d.values[2] + d.values[4], 0, 1e-6);
}

TEST(Scaler, NoneLeavesDataAlone) {
    Dataset d = table({1, 2, 3, 4}, 2);
    Scaler::fit(d, {0, 1}, ScalingMethod::None, ScalingScope::PerFeature).apply(d);
    EXPECT_EQ(d.values, (std::vector<float>{1, 2, 3, 4}));
}

TEST(Split, FractionsAreDisjointAndCoverEverything) {
    auto s = splitDataset(1000, {0.1, 0.2}, 5);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->test.size(), 200u);
    EXPECT_EQ(s->validation.size(), 100u);
    EXPECT_EQ(s->train.size(), 700u);
    std::set<size_t> all(s->train.begin(), s->train.end());
    all.insert(s->validation.begin(), s->validation.end());
    all.insert(s->test.begin(), s->test.end());
    EXPECT_EQ(all.size(), 1000u);
    EXPECT_EQ(*all.rbegin(), 999u);
}

TEST(Split, SeedDecidesTheShuffle) {
    auto a = splitDataset(100, {0, 0.3}, 1), b = splitDataset(100, {0, 0.3}, 1),
         c = splitDataset(100, {0, 0.3}, 2);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a->test, b->test);
    EXPECT_NE(a->test, c->test);
    std::vector<size_t> sorted = a->train;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_NE(sorted, a->train);  // actually shuffled
}

TEST(Split, RejectsImpossibleFractions) {
    EXPECT_FALSE(splitDataset(10, {0.5, 0.5}, 1).ok());
    EXPECT_FALSE(splitDataset(10, {-0.1, 0.2}, 1).ok());
    EXPECT_FALSE(splitDataset(0, {0, 0.2}, 1).ok());
    EXPECT_FALSE(splitDataset(1, {0, 0.9}, 1).ok());  // rounds to no training sample
}

TEST(Split, NormalOnlyKeepsUnflaggedRows) {
    EXPECT_EQ(normalOnly({4, 0, 2, 3}, {0, 1, 0, 1, 0}), (std::vector<size_t>{4, 0, 2}));
}

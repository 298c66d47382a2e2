// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>

#include "core/experiment/latent_space.h"
#include "core/experiment/presets.h"

using namespace awb::core;

namespace {

/// The mean and std of the first component over the points of one class.
std::pair<double, double> spreadOf(const LatentView& v, const ExperimentResult& r, int anomaly) {
    double sum = 0, sq = 0;
    size_t n = 0;
    for (size_t i = 0; i < v.rows.size(); ++i) {
        if (r.prepared.anomaly[v.rows[i]] != anomaly) continue;
        sum += v.x[i];
        sq += v.x[i] * v.x[i];
        ++n;
    }
    const double mean = sum / double(n);
    return {mean, std::sqrt(std::max(0.0, sq / double(n) - mean * mean))};
}

}  // namespace

TEST(LatentSpace, TheTwoBlobsLieApartOnTheFirstComponentOfTheInputsAndTheCodes) {
    ExperimentConfig c = *preset("blobs-class0");
    auto r = runExperiment(c);
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto inputs = latentView(*r, LatentSpace::Inputs);
    ASSERT_TRUE(inputs.ok()) << inputs.error().message;
    EXPECT_EQ(inputs->dims, 15u);
    EXPECT_EQ(inputs->rows, r->prepared.split.test);  // fewer than the cap: every test sample
    ASSERT_EQ(inputs->x.size(), inputs->rows.size());
    EXPECT_GT(inputs->explainedX, inputs->explainedY);
    EXPECT_GT(inputs->explainedX + inputs->explainedY, 0.0);
    EXPECT_LE(inputs->explainedX + inputs->explainedY, 1.0 + 1e-9);
    // Two centres: the first component is the line between them.
    const auto [m0, s0] = spreadOf(*inputs, *r, 0);
    const auto [m1, s1] = spreadOf(*inputs, *r, 1);
    EXPECT_GT(std::abs(m0 - m1), 2 * (s0 + s1)) << m0 << " " << s0 << " / " << m1 << " " << s1;

    auto codes = latentView(*r, LatentSpace::Codes);
    ASSERT_TRUE(codes.ok()) << codes.error().message;
    EXPECT_EQ(codes->dims, 2u);  // 10-5-2
    for (double v : codes->x) ASSERT_TRUE(std::isfinite(v));
    // The same run draws the same picture (signs fixed).
    auto again = latentView(*r, LatentSpace::Codes);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->x, codes->x);
    EXPECT_EQ(again->y, codes->y);
    // A cap spreads the points over the test part.
    auto few = latentView(*r, LatentSpace::Inputs, 10);
    ASSERT_TRUE(few.ok());
    EXPECT_EQ(few->rows.size(), 10u);
    EXPECT_EQ(few->rows.front(), r->prepared.split.test.front());
    const auto& test = r->prepared.split.test;
    EXPECT_EQ(few->rows.back(), test[9 * test.size() / 10]);
}

TEST(LatentSpace, WhatCannotBeDrawnSaysWhy) {
    ExperimentResult r;
    r.config.data.windowLength = 32;
    auto windowed = latentView(r, LatentSpace::Codes);
    ASSERT_FALSE(windowed.ok());
    EXPECT_NE(windowed.error().message.find("windowed series"), std::string::npos);
    r.config.data.windowLength = 0;
    auto empty = latentView(r, LatentSpace::Inputs);
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().message.find("no test part"), std::string::npos);
}

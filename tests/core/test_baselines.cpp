// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/experiment/baselines.h"

using namespace awb::core;

TEST(PcaBaseline, FindsTheSubspaceAndFlagsWhatLeavesIt) {
    // Normal samples on a 2-d plane in 6-d space (plus a little noise); anomalies off the plane
    // but inside the normal range of every single feature, so no one feature gives them away.
    std::mt19937 rng(4);
    std::normal_distribution<double> g(0.0, 1.0);
    const int n = 600, f = 6;
    PreparedData p;
    p.data.sampleShape = {f};
    p.labelled = true;
    for (int i = 0; i < n; ++i) {
        const bool anomaly = i % 10 == 0;
        const double a = g(rng), b = g(rng);
        double x[f] = {a, b, a + b, a - b, 0.5 * a, -b};
        if (anomaly) {
            x[2] = a - b;  // breaks the plane's relation, same spread
            x[3] = a + b;
        }
        for (double v : x) p.data.values.push_back(static_cast<float>(v + 0.01 * g(rng)));
        p.anomaly.push_back(anomaly);
        if (i < 400) {
            if (!anomaly) p.trainRows.push_back(i);
            p.split.train.push_back(i);
        } else {
            p.split.test.push_back(i);
        }
    }
    auto pca = pcaBaseline(p, 0.99);
    ASSERT_TRUE(pca.ok()) << pca.error().message;
    EXPECT_EQ(pca->components, 2);
    EXPECT_GT(pca->varianceKept, 0.99);
    EXPECT_GT(pca->auroc, 0.99);
    EXPECT_GT(pca->auprc, 0.9);
    ASSERT_EQ(pca->scores.size(), size_t(n));
    EXPECT_LT(pca->scores[1], 0.01);  // a normal sample lies on the plane
    EXPECT_GT(pca->scores[0], 0.1);

    // Keeping all the variance keeps every direction: nothing is left to score.
    auto all = pcaBaseline(p, 1.0);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->components, f);
    for (double s : all->scores) EXPECT_LT(s, 1e-12);

    EXPECT_FALSE(pcaBaseline(p, 0.0).ok());
    p.trainRows.resize(1);
    EXPECT_FALSE(pcaBaseline(p, 0.9).ok());
}

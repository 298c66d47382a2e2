// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/data/dataset.h"

namespace awb::core {

struct SyntheticHeartbeatOptions {
    size_t count = 2000;
    double anomalyFraction = 0.3;
    int length = 140;
    uint64_t seed = 7;
};

/// Built-in data that needs no file: heartbeats of `length` samples. Class "normal" has P wave,
/// QRS complex and T wave with small random variation; "pvc" (wide, inverted complex, no P wave),
/// "st-elevation" (raised segment between QRS and T) and "flat-t" (T wave missing, baseline
/// wander) are the anomalies, in equal shares.
Dataset syntheticHeartbeats(const SyntheticHeartbeatOptions& options = {});

enum class InjectedAnomaly { Spike, LevelShift, FrequencyChange, FlatLine };
const char* toString(InjectedAnomaly kind);

struct SyntheticSeriesOptions {
    size_t points = 12000;
    int features = 3;
    /// Anomalies are injected only after this share of the series (the first part is clean, to
    /// train on when the test part is the end of the series).
    double cleanFraction = 0.6;
    int anomaliesPerKind = 2;
    uint64_t seed = 11;
};

struct InjectedSegment {
    InjectedAnomaly kind;
    size_t first = 0;  ///< first point of the segment
    size_t length = 0;
    int feature = 0;   ///< the feature it was injected into
};

/// A multivariate time series: each feature a sum of two sines (its own periods and phases)
/// plus a little noise, with anomalies of known kind injected into the last part: a spike (5
/// points of ±3), a level shift (+1.5), a frequency change (the faster sine's period divided by
/// 3) and a flat line (the value held), each over 60 points. Labels are "0" (normal) and "1" (anomaly) per point;
/// `segments`, when given, receives what was injected where.
Dataset syntheticTimeSeries(const SyntheticSeriesOptions& options = {},
                            std::vector<InjectedSegment>* segments = nullptr);

struct BlobOptions {
    size_t count = 500;
    int features = 15;
    int centres = 2;
    double std = 1.75;
    uint64_t seed = 42;
};

/// Gaussian blobs as scikit-learn's make_blobs draws them: `centres` centres uniform in
/// [-10, 10] per feature, each sample one centre (in turn) plus N(0, std) per feature. Classes
/// "0", "1", ...: the blobs experiment trains on one and flags the other.
Dataset gaussianBlobs(const BlobOptions& options = {});

struct TransactionOptions {
    size_t count = 20000;
    double fraudFraction = 0.005;
    uint64_t seed = 7;
};

/// Card transactions shaped like the credit-card fraud set (28 anonymised components V1-V28 and
/// an Amount): normal rows lie near an 8-dimensional plane (correlated features plus noise) with
/// log-normal amounts; frauds (class "1", `fraudFraction` of the rows) leave that plane in V1-V4,
/// V10-V14 and V17 (the components that separate frauds in the real set) with a wider spread and
/// smaller amounts. Class "0" is normal. Heavily imbalanced on purpose: accuracy says little here.
Dataset syntheticTransactions(const TransactionOptions& options = {});

}  // namespace awb::core

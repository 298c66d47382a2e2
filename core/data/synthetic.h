// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

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

}  // namespace awb::core

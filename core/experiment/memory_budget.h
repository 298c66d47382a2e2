// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_config.h"

namespace awb::core {

/// What a run will hold in memory besides the data already loaded, estimated before the model is
/// built. Rough by design (activations are bounded, not traced), but the large terms are exact:
/// the parameter count, and the windows cut from a series.
struct MemoryEstimate {
    int64_t parameters = 0;
    double modelBytes = 0;       ///< weights, gradients, optimizer state, and a saved copy
    double windowBytes = 0;      ///< training and validation windows cut from a series
    double activationBytes = 0;  ///< one batch through the network, forward and backward
    /// The work of one training batch in values: batch x (parameters + activation values per
    /// sample); what the automatic thread count looks at (threadsForWork).
    double batchWork = 0;
    double total() const { return modelBytes + windowBytes + activationBytes; }
};

/// For samples of `inputShape` (a window for the sequence families); `trainSamples` and
/// `monitorSamples` rows or series points are trained and validated on.
MemoryEstimate estimateRunMemory(const ExperimentConfig& config, const std::vector<int64_t>& inputShape,
                                 size_t trainSamples, size_t monitorSamples);

/// Bytes this process can still take: the smaller of the machine's available memory
/// (/proc/meminfo MemAvailable) and what the address-space limit (ulimit -v) leaves.
uint64_t availableMemoryBytes();

/// Refuses a run whose estimate exceeds 90 % of `available`, with the figures and what to change,
/// naming the field to change (model.layers and the like).
Status checkMemoryBudget(const ExperimentConfig& config, const MemoryEstimate& estimate, uint64_t available);

/// "3.2 GiB", "480 MiB".
std::string formatBytes(double bytes);

}  // namespace awb::core

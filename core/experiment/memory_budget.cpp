// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/memory_budget.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/models/family.h"
#include "core/models/model_spec.h"
#include "core/training/trainer.h"

namespace awb::core {

std::string formatBytes(double bytes) {
    char buf[32];
    if (bytes >= double(1 << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / double(1 << 30));
    else std::snprintf(buf, sizeof buf, "%.0f MiB", bytes / double(1 << 20));
    return buf;
}

MemoryEstimate estimateRunMemory(const ExperimentConfig& config, const std::vector<int64_t>& inputShape,
                                 size_t trainSamples, size_t monitorSamples) {
    MemoryEstimate e;
    e.parameters = estimateParameterCount(config.model, inputShape);
    // Weights and gradients, Adam's two moments (SGD's momentum buffer), and the serialised copy
    // a save makes.
    const double states = config.training.optimizer == OptimizerKind::Adam ? 2.0 : 1.0;
    e.modelBytes = double(e.parameters) * sizeof(float) * (3.0 + states);
    const double sampleValues =
        std::accumulate(inputShape.begin(), inputShape.end(), 1.0, [](double a, int64_t d) { return a * double(d); });
    // Series points become windows, one every `stride` points.
    const double stride = config.data.windowLength > 0 ? std::max(1, config.data.windowStride) : 1;
    const double trained = double(trainSamples) / stride;
    if (config.data.windowLength > 0) {
        e.windowBytes = (trained + double(monitorSamples) / stride) * sampleValues * sizeof(float);
    }
    // A batch (never more samples than are trained on): the input, its noisy copy, the output,
    // the error and the output's gradient, plus each layer's activations kept for backward.
    const double batch =
        std::max<double>(1.0, double(resolvedBatchSize(config.training.batchSize,
                                                       std::max<int64_t>(1, int64_t(trained)))));
    double perSample = 5 * sampleValues;
    const Family* family = findFamily(config.model.family);
    if (family && family->activationValues) {
        perSample += family->activationValues(resolvedSpec(config.model, inputShape), inputShape);
    } else {
        for (int64_t w : resolvedSpec(config.model, inputShape).layers)
            perSample += 2 * 2 * double(w);  // encoder and decoder
    }
    e.activationBytes = batch * perSample * sizeof(float);
    e.batchWork = batch * (double(e.parameters) + perSample);
    return e;
}

uint64_t availableMemoryBytes() {
    uint64_t available = UINT64_MAX;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") {
            available = kib * 1024;
            break;
        }
    }
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        // What the limit leaves: the limit less the address space already mapped.
        std::ifstream status("/proc/self/status");
        std::string line;
        uint64_t mapped = 0;
        while (std::getline(status, line)) {
            if (line.rfind("VmSize:", 0) == 0) {
                std::istringstream(line.substr(7)) >> mapped;
                mapped *= 1024;
                break;
            }
        }
        const uint64_t left = limit.rlim_cur > mapped ? limit.rlim_cur - mapped : 0;
        available = std::min(available, left);
    }
    return available;
}

Status checkMemoryBudget(const ExperimentConfig& config, const MemoryEstimate& e, uint64_t available) {
    if (e.total() <= 0.9 * double(available)) return {};
    const bool modelBound = e.modelBytes >= e.windowBytes && e.modelBytes >= e.activationBytes;
    const bool windowBound = !modelBound && e.windowBytes >= e.activationBytes;
    const Family* family = findFamily(config.model.family);
    const bool conv = family && family->uses(Setting::ConvChannels);
    const std::string field = modelBound    ? (conv ? "model.conv_channels" : "model.layers")
                              : windowBound ? "data.window_stride"
                                            : "training.batch_size";
    char parameters[32];
    std::snprintf(parameters, sizeof parameters, "%.3g", double(e.parameters));
    std::string what = "a model of " + std::string(parameters) + " parameters (" + formatBytes(e.modelBytes) +
                       " with gradients and optimizer state)";
    if (e.windowBytes > 0) what += ", " + formatBytes(e.windowBytes) + " of windows";
    what += ", " + formatBytes(e.activationBytes) + " for a batch";
    const std::string advice = modelBound    ? "use fewer or narrower layers, or fewer input features"
                               : windowBound ? "use a larger window stride or a shorter window"
                                             : "use a smaller batch";
    return Error{ErrorCode::InvalidArgument, field + ": this run needs about " + formatBytes(e.total()) + " (" + what +
                                                 "), more than the " + formatBytes(double(available)) +
                                                 " this process can still use; " + advice};
}

}  // namespace awb::core

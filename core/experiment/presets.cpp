// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/presets.h"

#include "core/common/text.h"

#include <cstdlib>
#include <filesystem>

namespace awb::core {

namespace fs = std::filesystem;

#ifndef AWB_SOURCE_DIR
#define AWB_SOURCE_DIR "."
#endif

std::string sharedDatasetPath(const std::string& relative) {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("AWB_DATASETS_DIR"); env && *env) candidates.emplace_back(env);
    candidates.push_back(fs::path(AWB_SOURCE_DIR) / ".." / "shared" / "datasets");
    candidates.push_back(fs::path("..") / "shared" / "datasets");
    for (const auto& dir : candidates) {
        std::error_code ec;
        const fs::path p = dir / relative;
        if (fs::exists(p, ec)) return fs::weakly_canonical(p, ec).string();
    }
    const size_t fallback = candidates.size() > 2 ? 1 : 0;
    return (candidates[fallback] / relative).lexically_normal().string();
}

std::vector<PresetInfo> presets() {
    return {
        {"ecg5000-tutorial",
         "ECG5000 as in the TensorFlow autoencoder tutorial: 140-32-16-8-16-32-140, MAE, Adam, "
         "20 epochs, threshold mean + 1 std of training error"},
        {"synthetic-heartbeats",
         "Built-in synthetic heartbeats (no file needed): trains in seconds"},
        {"timeseries-usad",
         "Time series (give --data, --label-column, --normal-label): USAD on windows of 32 points, "
         "chronological split (last 30 % tested), each point scored by its own error in the windows covering it"},
        {"timeseries-lstm-ae",
         "Time series: LSTM autoencoder 32-16 on windows of 32 points, otherwise as timeseries-usad"},
        {"synthetic-timeseries",
         "Built-in 3-channel series of 12,000 points with injected spikes, level shifts, frequency "
         "changes and flat lines (no file needed), a dense AE 128-64-16 on windows of 128 points"},
        {"images-conv-ae",
         "Images (give --data, --labels, --normal-label): denoising conv AE 32-64 with a dense "
         "32-unit code, Gaussian noise 0.1, MSE, Adam"},
    };
}

Expected<ExperimentConfig> preset(const std::string& name) {
    ExperimentConfig c;
    c.name = name;
    if (name == "ecg5000-tutorial") {
        c.data.path = sharedDatasetPath("ecg5000/ecg5000_tf_ecg.csv.gz");
        c.data.labelColumn = "last";
        c.data.normalLabels = {"1"};
        c.data.kind = DataKind::Series;
        // The tutorial scales by the minimum and maximum of the whole training matrix.
        c.preprocessing.scaling = ScalingMethod::MinMax;
        c.preprocessing.scope = ScalingScope::Global;
        c.preprocessing.split = {0.0, 0.2};
        c.preprocessing.trainOnNormalOnly = true;
        c.model.layers = {32, 16, 8};
        c.model.activation = "relu";
        c.model.outputActivation = "sigmoid";
        c.training.optimizer = OptimizerKind::Adam;
        c.training.learningRate = 1e-3;
        c.training.epochs = 20;
        c.training.batchSize = 512;
        c.training.loss = LossKind::Mae;
        c.training.seed = 42;
        c.threshold = {ThresholdKind::MeanStd, 1.0};
        return c;
    }
    if (name == "synthetic-heartbeats") {
        c.data.builtin = "synthetic-heartbeats";
        c.data.labelColumn = "class";
        c.data.normalLabels = {"normal"};
        c.data.kind = DataKind::Series;
        c.preprocessing.scaling = ScalingMethod::MinMax;
        c.preprocessing.scope = ScalingScope::Global;
        c.preprocessing.split = {0.1, 0.3};
        c.model.layers = {32, 16, 8};
        c.training.epochs = 25;
        c.training.batchSize = 64;
        c.training.loss = LossKind::Mae;
        c.training.seed = 7;
        // Errors of a well-fitted model on normal beats are tight: one std flags ~16 % of them.
        c.threshold = {ThresholdKind::MeanStd, 2.0};
        return c;
    }
    if (name == "timeseries-usad" || name == "timeseries-lstm-ae" || name == "synthetic-timeseries") {
        c.data.kind = DataKind::TimeSeries;
        c.data.windowLength = 32;
        c.data.windowStride = 1;
        // A point's own error: with max or mean of window scores an anomaly lends its score to
        // the normal points a window either side (the built-in series, dense AE: AUROC 0.863 /
        // 0.926 / 0.929, AUPRC 0.32 / 0.69 / 0.83 for max / mean / local).
        c.data.pointScore = "local";
        c.data.labelColumn = "label";
        c.data.normalLabels = {"0"};
        c.preprocessing.scaling = ScalingMethod::MinMax;  // fitted on the training part
        c.preprocessing.scope = ScalingScope::PerFeature;
        c.preprocessing.split = {0.1, 0.3};  // chronological: the end of the series is tested
        c.training.loss = LossKind::Mse;
        c.training.optimizer = OptimizerKind::Adam;
        c.training.learningRate = 1e-3;
        c.training.batchSize = 128;
        c.training.seed = 42;
        c.model.outputActivation = "sigmoid";
        c.threshold = {ThresholdKind::MeanStd, 3.0};
        if (name == "timeseries-lstm-ae") {
            c.model.family = "lstm-ae";
            c.model.layers = {32, 16};
            c.training.epochs = 10;
        } else {
            c.model.family = "usad";
            c.model.layers = {64, 32, 16};
            c.training.epochs = 20;
        }
        if (name == "synthetic-timeseries") {
            c.data.builtin = "synthetic-timeseries";
            // Windows of about one period of its slower sines (80-140 points): in 32 points a
            // level shift or a flat line looks like another phase of the slow wave.
            c.data.windowLength = 128;
            // A dense AE on the windows, not USAD: it learns this series on every seed and thread
            // count tried (AUROC about 0.93 against 0.74 untrained), where USAD's adversarial phase
            // stalls and on some machines undoes what AE1 learnt (README, Time series).
            c.model.family = "dense-ae";
            c.model.layers = {128, 64, 16};
        }
        return c;
    }
    if (name == "images-conv-ae") {
        // Bottlenecked: a conv code larger than the input learns to copy and separates poorly.
        c.data.kind = DataKind::Image;
        c.data.labelColumn = "none";
        c.preprocessing.scaling = ScalingMethod::None;  // IDX pixels are already in [0, 1]
        c.preprocessing.split = {0.1, 0.2};
        c.model.family = "conv-ae";
        c.model.convChannels = {32, 64};
        c.model.kernelSize = 3;
        c.model.stride = 2;
        c.model.latent = 32;
        c.model.activation = "relu";
        c.model.outputActivation = "sigmoid";
        c.training.loss = LossKind::Mse;
        c.training.optimizer = OptimizerKind::Adam;
        c.training.learningRate = 1e-3;
        c.training.epochs = 10;
        c.training.batchSize = 128;
        c.training.noiseKind = NoiseKind::Gaussian;
        c.training.noiseStd = 0.1;
        c.training.seed = 42;
        c.threshold = {ThresholdKind::Percentile, 95.0};
        return c;
    }
    std::vector<std::string> names;
    for (const auto& p : presets()) names.push_back(p.name);
    return Error{ErrorCode::InvalidArgument, "preset '" + name + "' does not exist (presets: " + joinComma(names) + ")"};
}

}  // namespace awb::core

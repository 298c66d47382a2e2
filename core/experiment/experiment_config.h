// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/data/preprocessing.h"
#include "core/evaluation/thresholds.h"
#include "core/models/model_spec.h"
#include "core/training/trainer.h"

namespace awb::core {

struct DataConfig {
    /// CSV or IDX images file (plain or .gz), or a folder of images (one sub-folder per class);
    /// empty when `builtin` is set
    std::string path;
    std::string labelsPath;  ///< IDX labels file for IDX images; empty for none
    /// A separate test file (and its IDX labels): then the main file is split into training and
    /// validation only, and every sample of this file is a test sample (the usual protocol for
    /// MNIST-like sets).
    std::string testPath;
    std::string testLabelsPath;
    std::string builtin;               ///< one of builtinDataSets() (generated, no file)
    std::string labelColumn = "last";  ///< "none", "first", "last", 0-based index or header name
    std::vector<std::string> normalLabels;
    /// When not empty, only these classes count as anomalies and samples of every other
    /// non-normal class are left out (the "7 vs 5" experiment).
    std::vector<std::string> anomalyLabels;
    /// Display names of the classes, in the order of their labels (Fashion-MNIST's "T-shirt/top"
    /// for 0): shown beside the label value; matching and files keep the values.
    std::vector<std::string> classTitles;
    std::string separator = "auto";  ///< "auto", ",", ";", "tab", "space"
    std::string header = "auto";     ///< "auto", "yes", "no"
    DataKind kind = DataKind::Tabular;
    /// Image folders: the size every image is resized to (0 x 0 = the first image's size) and
    /// 1 (grayscale) or 3 (RGB) channels.
    int imageWidth = 0;
    int imageHeight = 0;
    int imageChannels = 1;
    /// Time series (kind timeseries): windows of this many points are what the model sees
    /// (0 = no windows), cut `windowStride` points apart for training; every point is scored
    /// from the stride-1 windows covering it (`pointScore`): the max or mean of their scores, or
    /// "local", the mean of its own error in them.
    int windowLength = 0;
    int windowStride = 1;
    std::string pointScore = "max";
    /// "auto", "none", a 0-based index or a header name (see CsvOptions::timestampColumn)
    std::string timestampColumn = "auto";
};

/// The names `DataConfig::builtin` accepts.
const std::vector<std::string>& builtinDataSets();

struct PreprocessingConfig {
    ScalingMethod scaling = ScalingMethod::MinMax;
    ScalingScope scope = ScalingScope::PerFeature;
    SplitFractions split{0.1, 0.2};  ///< validation 10 % (early stopping needs it), test 20 %
    /// true: train on the normal samples of the training part only (the unsupervised setting);
    /// false: on all of it, anomalies included (contaminated).
    bool trainOnNormalOnly = true;
    /// Train on at most this many samples (the first of the shuffled training rows); 0 = all.
    int64_t maxTrainSamples = 0;
    /// true: the scaling is fitted on the rows the model trains on (with train_on normal, the
    /// normal ones: an anomaly's extreme value does not stretch the normal range); false: on every
    /// row of the training part, anomalies included (as the ECG5000 tutorial does).
    bool scalerOnTrainedRows = true;
};

/// One experiment, complete enough to run again: it is what config.json holds.
struct ExperimentConfig {
    std::string name = "experiment";
    DataConfig data;
    PreprocessingConfig preprocessing;
    ModelSpec model;
    TrainingConfig training;
    ThresholdRule threshold;
    std::string device = "cpu";
    int threads = 0;  ///< intra-op threads; 0 = auto (autoThreads, threadsForWork)
};

/// The kinds of value a setting holds (how a command-line flag's text becomes JSON).
enum class FieldType { Text, Number, Integer, Bool, IntegerList, NumberList, TextList };

/// One setting: its place in config.json, its command-line flag and its help. The JSON reader and
/// writer, the CLI's flags and the window's error outlines all come from one table of these.
struct ConfigField {
    std::string section;  ///< "data", "preprocessing", "model", "training"; "" at the top
    std::string key;      ///< "layers"
    std::string flag;     ///< the CLI flag without "--" ("layers"), "" for none
    FieldType type = FieldType::Text;
    std::string help;
    std::string path() const;  ///< "model.layers", "threshold"
};

/// Every setting, in the table's order.
const std::vector<ConfigField>& configFields();

/// The JSON document setting `field` from a flag's text: "32,16" becomes [32, 16] for a list of
/// integers; a text list takes every value given (a repeated flag); other types take the last.
/// Errors name the flag.
Expected<std::string> flagPatch(const ConfigField& field, const std::vector<std::string>& values);

/// The setting a message is about: the first field path in it followed by ':' or '['
/// ("run.json: model.layers[2]: ..." is about model.layers), or nullptr.
const ConfigField* fieldOfMessage(const std::string& message);

/// Checks every section; the message names the field.
Status validate(const ExperimentConfig& config);

/// The data files' paths made absolute (and normal), so that the config runs from any folder (a
/// saved run, a sweep's point).
void makeDataPathsAbsolute(ExperimentConfig& config);

/// The configuration as pretty-printed JSON.
std::string toJson(const ExperimentConfig& config);

/// Applies the keys present in a JSON document onto `config` (absent keys keep their value).
/// Unknown keys, wrong types and bad values are errors naming `source` and the key path.
Status applyJson(ExperimentConfig& config, const std::string& json, const std::string& source);

/// Reads a config file and applies it onto `config`.
Status applyJsonFile(ExperimentConfig& config, const std::string& path);

}  // namespace awb::core

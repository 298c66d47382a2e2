// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/experiment_config.h"

#include "core/models/family.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/data/windows.h"

namespace awb::core {

using nlohmann::json;

namespace {

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* typeName(const json& j) {
    if (j.is_number_integer() || j.is_number_unsigned()) return "an integer";
    if (j.is_number_float()) return "a number";
    return j.type_name();
}

/// Walks one JSON object, checking types and rejecting keys it was not asked for.
class Section {
public:
    Section(const json& j, std::string path) : j_(j), path_(std::move(path)) {
        if (!j_.is_object()) throw ConfigError(where() + "expected an object, got " + typeName(j_));
    }
    ~Section() noexcept(false) {
        if (std::uncaught_exceptions() > 0) return;
        for (const auto& [key, unused] : j_.items()) {
            if (!known_.count(key)) {
                throw ConfigError(field(key) + ": unknown key (allowed here: " + allowed() + ")");
            }
        }
    }

    const json* find(const std::string& key) {
        known_.insert(key);
        const auto it = j_.find(key);
        return it == j_.end() ? nullptr : &*it;
    }
    std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

    void read(const std::string& key, std::string& out) {
        if (const json* v = find(key)) {
            if (!v->is_string()) throw ConfigError(field(key) + ": expected a string, got " + typeName(*v));
            out = v->get<std::string>();
        }
    }
    void read(const std::string& key, double& out) {
        if (const json* v = find(key)) {
            if (!v->is_number()) throw ConfigError(field(key) + ": expected a number, got " + typeName(*v));
            out = v->get<double>();
        }
    }
    void read(const std::string& key, bool& out) {
        if (const json* v = find(key)) {
            if (!v->is_boolean()) throw ConfigError(field(key) + ": expected true or false, got " + typeName(*v));
            out = v->get<bool>();
        }
    }
    template <typename Int>
    void readInt(const std::string& key, Int& out) {
        if (const json* v = find(key)) {
            if (!(v->is_number_integer() || v->is_number_unsigned())) {
                throw ConfigError(field(key) + ": expected an integer, got " + typeName(*v));
            }
            // Checked against the field's type: a cast would wrap 4294967298 epochs round to 2.
            bool fits = false;
            if (v->is_number_unsigned()) {
                fits = v->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<Int>::max());
            } else if constexpr (std::is_signed_v<Int>) {
                fits = v->get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<Int>::min()) &&
                       v->get<int64_t>() <= static_cast<int64_t>(std::numeric_limits<Int>::max());
            } else {
                fits = v->get<int64_t>() >= 0;
            }
            if (!fits) {
                throw ConfigError(field(key) + ": " + v->dump() + " is out of range (at most " +
                                  std::to_string(std::numeric_limits<Int>::max()) + ")");
            }
            if (v->is_number_unsigned()) out = static_cast<Int>(v->get<uint64_t>());
            else out = static_cast<Int>(v->get<int64_t>());
        }
    }
    void read(const std::string& key, std::vector<std::string>& out) {
        if (const json* v = find(key)) {
            if (v->is_string() || v->is_number()) {  // a single label is accepted as it is
                out = {v->is_string() ? v->get<std::string>() : v->dump()};
                return;
            }
            if (!v->is_array()) throw ConfigError(field(key) + ": expected a list, got " + typeName(*v));
            out.clear();
            for (const auto& e : *v) {
                if (!e.is_string() && !e.is_number()) {
                    throw ConfigError(field(key) + ": expected strings, got " + typeName(e));
                }
                out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
            }
        }
    }
    void read(const std::string& key, std::vector<int64_t>& out) {
        if (const json* v = find(key)) {
            if (!v->is_array()) throw ConfigError(field(key) + ": expected a list of integers, got " + typeName(*v));
            out.clear();
            for (const auto& e : *v) {
                if (!e.is_number_integer() && !e.is_number_unsigned()) {
                    throw ConfigError(field(key) + ": expected integers, got " + typeName(e));
                }
                if (e.is_number_unsigned() && e.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
                    throw ConfigError(field(key) + ": " + e.dump() + " is out of range");
                }
                out.push_back(e.get<int64_t>());
            }
        }
    }
    void read(const std::string& key, std::vector<double>& out) {
        if (const json* v = find(key)) {
            if (!v->is_array()) throw ConfigError(field(key) + ": expected a list of numbers, got " + typeName(*v));
            out.clear();
            for (const auto& e : *v) {
                if (!e.is_number()) throw ConfigError(field(key) + ": expected numbers, got " + typeName(e));
                out.push_back(e.get<double>());
            }
        }
    }
    template <typename Enum, typename Parse>
    void readEnum(const std::string& key, Enum& out, Parse parse) {
        std::string text;
        read(key, text);
        if (find(key) == nullptr) return;
        auto parsed = parse(text);
        if (!parsed) throw ConfigError(field(key) + ": " + parsed.error().message);
        out = *parsed;
    }

private:
    std::string where() const { return path_.empty() ? "" : path_ + ": "; }
    std::string allowed() const { return joinComma(known_); }
    const json& j_;
    std::string path_;
    std::set<std::string> known_;
};

Expected<DataKind> parseDataKind(const std::string& text) {
    if (text == "tabular") return DataKind::Tabular;
    if (text == "series") return DataKind::Series;
    if (text == "image") return DataKind::Image;
    if (text == "timeseries") return DataKind::TimeSeries;
    return Error{ErrorCode::InvalidArgument, "'" + text + "' is not one of tabular, series, image, timeseries"};
}

void applySections(ExperimentConfig& c, const json& root) {
    Section top(root, "");
    top.read("name", c.name);
    top.read("device", c.device);
    top.readInt("threads", c.threads);
    if (const json* d = top.find("data")) {
        Section s(*d, "data");
        // A file replaces a built-in set and the other way round.
        if (d->contains("path") && !d->contains("builtin")) c.data.builtin.clear();
        if (d->contains("builtin") && !d->contains("path")) c.data.path.clear();
        s.read("path", c.data.path);
        s.read("builtin", c.data.builtin);
        s.read("labels_path", c.data.labelsPath);
        s.read("test_path", c.data.testPath);
        s.read("test_labels_path", c.data.testLabelsPath);
        if (const json* lc = s.find("label_column")) {
            // An index may be written as a number.
            if (lc->is_number_integer()) c.data.labelColumn = std::to_string(lc->get<int64_t>());
            else s.read("label_column", c.data.labelColumn);
        }
        s.read("normal_labels", c.data.normalLabels);
        s.read("anomaly_labels", c.data.anomalyLabels);
        s.read("separator", c.data.separator);
        s.read("header", c.data.header);
        s.readEnum("kind", c.data.kind, parseDataKind);
        s.readInt("image_width", c.data.imageWidth);
        s.readInt("image_height", c.data.imageHeight);
        s.readInt("image_channels", c.data.imageChannels);
        s.readInt("window_length", c.data.windowLength);
        s.readInt("window_stride", c.data.windowStride);
        s.read("point_score", c.data.pointScore);
        s.read("timestamp_column", c.data.timestampColumn);
    }
    if (const json* p = top.find("preprocessing")) {
        Section s(*p, "preprocessing");
        s.readEnum("scaling", c.preprocessing.scaling, parseScalingMethod);
        s.readEnum("scaling_scope", c.preprocessing.scope, parseScalingScope);
        s.read("validation_fraction", c.preprocessing.split.validation);
        s.read("test_fraction", c.preprocessing.split.test);
        std::string trainOn = c.preprocessing.trainOnNormalOnly ? "normal" : "all";
        s.read("train_on", trainOn);
        if (trainOn != "normal" && trainOn != "all") {
            throw ConfigError("preprocessing.train_on: '" + trainOn + "' is not one of normal, all");
        }
        c.preprocessing.trainOnNormalOnly = trainOn == "normal";
        s.readInt("max_train_samples", c.preprocessing.maxTrainSamples);
    }
    if (const json* m = top.find("model")) {
        Section s(*m, "model");
        s.read("family", c.model.family);
        s.read("layers", c.model.layers);
        s.read("activation", c.model.activation);
        s.read("output_activation", c.model.outputActivation);
        s.read("dropout", c.model.dropout);
        s.read("conv_channels", c.model.convChannels);
        s.readInt("kernel_size", c.model.kernelSize);
        s.readInt("stride", c.model.stride);
        s.readInt("latent", c.model.latent);
        s.read("term_weights", c.model.termWeights);
        // Written before term weights existed (runs of 2026-11 and earlier): {α, 1 − α}.
        double alpha = 0.5;
        s.read("usad_alpha", alpha);
        if (m->contains("usad_alpha") && !m->contains("term_weights")) {
            if (!(alpha >= 0 && alpha <= 1)) throw ConfigError("model.usad_alpha: must be in [0, 1]");
            c.model.termWeights = {alpha, 1 - alpha};
        }
        s.read("usad_variant", c.model.usadVariant);
    }
    if (const json* t = top.find("training")) {
        Section s(*t, "training");
        s.readEnum("optimizer", c.training.optimizer, parseOptimizerKind);
        s.read("learning_rate", c.training.learningRate);
        s.read("momentum", c.training.momentum);
        s.readInt("epochs", c.training.epochs);
        s.readInt("batch_size", c.training.batchSize);
        s.readEnum("loss", c.training.loss, parseLossKind);
        s.read("noise_std", c.training.noiseStd);
        s.readEnum("noise_type", c.training.noiseKind, parseNoiseKind);
        s.read("noise_amount", c.training.noiseAmount);
        s.readInt("seed", c.training.seed);
    }
    if (const json* th = top.find("threshold")) {
        if (!th->is_string()) {
            throw ConfigError("threshold: expected a rule such as \"mean-std:1\", got " +
                              std::string(typeName(*th)));
        }
        auto rule = parseThresholdRule(th->get<std::string>());
        if (!rule) throw ConfigError("threshold: " + rule.error().message);
        c.threshold = *rule;
    }
}

}  // namespace

Status validate(const ExperimentConfig& c) {
    auto bad = [](const std::string& msg) { return Error{ErrorCode::InvalidArgument, msg}; };
    if (c.data.path.empty() && c.data.builtin.empty()) {
        return bad("data.path: no data given (--data FILE or a preset)");
    }
    if (!c.data.builtin.empty() && c.data.builtin != "synthetic-heartbeats" &&
        c.data.builtin != "synthetic-timeseries") {
        return bad("data.builtin: '" + c.data.builtin +
                   "' is not a built-in set (synthetic-heartbeats, synthetic-timeseries)");
    }
    if (c.data.windowLength < 0 || c.data.windowLength > 100000) {
        return bad("data.window_length: " + std::to_string(c.data.windowLength) + " is not between 0 (no windows) and 100000");
    }
    if (c.data.windowStride < 1 || c.data.windowStride > 100000) {
        return bad("data.window_stride: " + std::to_string(c.data.windowStride) + " is not between 1 and 100000");
    }
    if (auto how = parsePointScore(c.data.pointScore); !how) return bad("data.point_score: " + how.error().message);
    const Family* family = findFamily(c.model.family);
    if (family && family->input == InputKind::Windows && c.data.kind != DataKind::Series &&
        (c.data.kind != DataKind::TimeSeries || c.data.windowLength < 1)) {
        return bad("data.window_length: model " + c.model.family +
                   " reads sequences: windows of a time series (data.kind timeseries and a window "
                   "length, --window) or one fixed-length series per row (data.kind series)");
    }
    if (c.data.kind == DataKind::TimeSeries && !c.data.anomalyLabels.empty()) {
        return bad("data.anomaly_labels: leaving classes out would cut holes in a time series");
    }
    if (c.data.windowLength > 0 && c.data.kind != DataKind::TimeSeries) {
        return bad("data.window_length: windows are cut from time series only (data.kind timeseries)");
    }
    static const std::set<std::string> seps{"auto", ",", ";", "tab", "space"};
    if (!seps.count(c.data.separator)) {
        return bad("data.separator: '" + c.data.separator + "' is not one of auto, ',', ';', tab, space");
    }
    if (c.data.header != "auto" && c.data.header != "yes" && c.data.header != "no") {
        return bad("data.header: '" + c.data.header + "' is not one of auto, yes, no");
    }
    if (auto st = validateImageOptions({c.data.imageWidth, c.data.imageHeight, c.data.imageChannels}); !st) {
        return st.error();
    }
    const auto& sp = c.preprocessing.split;
    if (!(sp.validation >= 0 && sp.validation < 1)) {
        return bad("preprocessing.validation_fraction: must be in [0, 1)");
    }
    if (!(sp.test >= 0 && sp.test < 1)) return bad("preprocessing.test_fraction: must be in [0, 1)");
    if (sp.validation + sp.test >= 1) {
        return bad("preprocessing: validation_fraction + test_fraction must leave data to train on");
    }
    if (c.preprocessing.maxTrainSamples < 0) {
        return bad("preprocessing.max_train_samples: must be >= 0 (0 = all)");
    }
    if (c.threads < 0 || c.threads > 1024) return bad("threads: must be between 0 (all cores) and 1024");
    if (auto st = validate(c.model); !st) return st;
    if (auto st = validate(c.training); !st) return st;
    return {};
}

std::string toJson(const ExperimentConfig& c) {
    json j;
    j["name"] = c.name;
    json data;
    if (!c.data.builtin.empty()) data["builtin"] = c.data.builtin;
    if (!c.data.path.empty()) data["path"] = c.data.path;
    if (!c.data.labelsPath.empty()) data["labels_path"] = c.data.labelsPath;
    if (!c.data.testPath.empty()) data["test_path"] = c.data.testPath;
    if (!c.data.testLabelsPath.empty()) data["test_labels_path"] = c.data.testLabelsPath;
    data["label_column"] = c.data.labelColumn;
    data["normal_labels"] = c.data.normalLabels;
    if (!c.data.anomalyLabels.empty()) data["anomaly_labels"] = c.data.anomalyLabels;
    data["separator"] = c.data.separator;
    data["header"] = c.data.header;
    data["kind"] = toString(c.data.kind);
    if (c.data.imageWidth > 0 || c.data.imageHeight > 0 || c.data.imageChannels != 1) {
        data["image_width"] = c.data.imageWidth;
        data["image_height"] = c.data.imageHeight;
        data["image_channels"] = c.data.imageChannels;
    }
    if (c.data.kind == DataKind::TimeSeries || c.data.windowLength > 0) {
        data["window_length"] = c.data.windowLength;
        data["window_stride"] = c.data.windowStride;
        data["point_score"] = c.data.pointScore;
    }
    data["timestamp_column"] = c.data.timestampColumn;
    j["data"] = data;
    j["preprocessing"] = {
        {"scaling", toString(c.preprocessing.scaling)},
        {"scaling_scope", toString(c.preprocessing.scope)},
        {"validation_fraction", c.preprocessing.split.validation},
        {"test_fraction", c.preprocessing.split.test},
        {"train_on", c.preprocessing.trainOnNormalOnly ? "normal" : "all"},
        {"max_train_samples", c.preprocessing.maxTrainSamples},
    };
    j["model"] = {
        {"family", c.model.family},
        {"layers", c.model.layers},
        {"activation", c.model.activation},
        {"output_activation", c.model.outputActivation},
        {"dropout", c.model.dropout},
        {"conv_channels", c.model.convChannels},
        {"kernel_size", c.model.kernelSize},
        {"stride", c.model.stride},
        {"latent", c.model.latent},
        {"term_weights", c.model.termWeights},
        {"usad_variant", c.model.usadVariant},
    };
    j["training"] = {
        {"optimizer", toString(c.training.optimizer)},
        {"learning_rate", c.training.learningRate},
        {"momentum", c.training.momentum},
        {"epochs", c.training.epochs},
        {"batch_size", c.training.batchSize},
        {"loss", toString(c.training.loss)},
        {"noise_std", c.training.noiseStd},
        {"noise_type", toString(c.training.noiseKind)},
        {"noise_amount", c.training.noiseAmount},
        {"seed", c.training.seed},
    };
    j["threshold"] = toString(c.threshold);
    j["device"] = c.device;
    j["threads"] = c.threads;
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Status applyJson(ExperimentConfig& config, const std::string& text, const std::string& source) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
        return Error{ErrorCode::Format, source + ": not valid JSON (" + e.what() + ")"};
    }
    ExperimentConfig updated = config;  // all or nothing: config is untouched on error
    try {
        applySections(updated, root);
    } catch (const ConfigError& e) {
        return Error{ErrorCode::InvalidArgument, source + ": " + e.what()};
    } catch (const json::exception& e) {
        return Error{ErrorCode::InvalidArgument, source + ": " + e.what()};
    }
    config = std::move(updated);
    return {};
}

Status applyJsonFile(ExperimentConfig& config, const std::string& path) {
    auto text = readFileContent(path, size_t{16} << 20);
    if (!text) return text.error();
    return applyJson(config, *text, path);
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/experiment_config.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/data/windows.h"
#include "core/experiment/config_sections.h"
#include "core/models/family.h"

namespace awb::core {

using namespace config_detail;

Status validate(const ExperimentConfig& c) {
    auto bad = [](const std::string& msg) { return Error{ErrorCode::InvalidArgument, msg}; };
    if (c.data.path.empty() && c.data.builtin.empty()) {
        return bad("data.path: no data given (--data FILE or a preset)");
    }
    const auto& sets = builtinDataSets();
    if (!c.data.builtin.empty() &&
        std::find(sets.begin(), sets.end(), c.data.builtin) == sets.end()) {
        return bad("data.builtin: '" + c.data.builtin + "' is not a built-in set (" +
                   joinComma(sets) + ")");
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
    json j = json::object();
    for (const char* name : kSections) j[name] = json::object();
    for (const auto& b : bindings()) b.write(b.field.section.empty() ? j : j[b.field.section], c);
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

void makeDataPathsAbsolute(ExperimentConfig& c) {
    for (std::string* path :
         {&c.data.path, &c.data.labelsPath, &c.data.testPath, &c.data.testLabelsPath}) {
        if (!path->empty()) *path = std::filesystem::absolute(*path).lexically_normal().string();
    }
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
// Loading an experiment's data and preparing it: labels, split, scaling.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string_view>

#include "core/common/text.h"
#include "core/data/csv_reader.h"
#include "core/data/file_reader.h"
#include "core/data/idx_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/data/synthetic.h"
#include "core/data/windows.h"
#include "core/evaluation/thresholds.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/memory_budget.h"
#include "core/models/family.h"

namespace awb::core {

namespace {

char separatorChar(const std::string& s) {
    if (s == "tab") return '\t';
    if (s == "space") return ' ';
    if (s == "auto") return 0;
    return s[0];
}

/// Labels from their own file, one per row (the SMD layout: a test file and a test_label file).
Expected<Dataset> attachLabelsFile(Dataset data, const std::string& path) {
    CsvOptions o;
    o.labelColumn = "first";
    o.timestampColumn = "none";
    o.header = HeaderMode::Auto;
    auto bytes = readFileContent(path);
    if (!bytes) return bytes.error();
    if (looksLikeIdx(*bytes)) {
        return Error{ErrorCode::InvalidArgument, "data.labels_path: " + path +
                                                     " holds IDX labels, but " + data.source +
                                                     " is not an IDX images file"};
    }
    // A one-column file: the reader wants a feature column, so each row is read as "label,0".
    std::string text;
    text.reserve(bytes->size() * 2);
    size_t start = 0;
    while (start < bytes->size()) {
        size_t end = bytes->find('\n', start);
        if (end == std::string::npos) end = bytes->size();
        std::string line = bytes->substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_of(",;\t") != std::string::npos) {
            return Error{ErrorCode::Format,
                         path + ": expected one label per line, found several fields in '" +
                             clipForMessage(line) + "'"};
        }
        text += line.empty() ? "\n" : line + ",0\n";
        start = end + 1;
    }
    auto labels = parseCsv(text, path, o);
    if (!labels) return labels.error();
    if (labels->size() != data.size()) {
        return Error{ErrorCode::Format, path + ": " + std::to_string(labels->size()) +
                                            " labels for the " + std::to_string(data.size()) +
                                            " rows of " + data.source};
    }
    data.labels = std::move(labels->labels);
    data.classNames = std::move(labels->classNames);
    data.labelName = "label";
    return data;
}

}  // namespace

const std::vector<std::string>& builtinDataSets() {
    static const std::vector<std::string> names = {"synthetic-heartbeats", "synthetic-timeseries",
                                                   "gaussian-blobs", "synthetic-transactions"};
    return names;
}

Expected<Dataset> loadData(const DataConfig& config) {
    if (config.builtin == "synthetic-heartbeats") return syntheticHeartbeats();
    if (config.builtin == "synthetic-timeseries") return syntheticTimeSeries();
    if (config.builtin == "gaussian-blobs") return gaussianBlobs();
    if (config.builtin == "synthetic-transactions") return syntheticTransactions();
    if (!config.builtin.empty()) {
        return Error{ErrorCode::InvalidArgument, "data.builtin: unknown set '" + config.builtin +
                                                     "' (" + joinComma(builtinDataSets()) + ")"};
    }
    if (isDirectory(config.path)) {
        if (!config.labelsPath.empty()) {
            return Error{ErrorCode::InvalidArgument,
                         "data.labels_path: an image folder takes its labels from "
                         "its sub-folders, not from " +
                             config.labelsPath};
        }
        ImageFolderOptions options;
        options.width = config.imageWidth;
        options.height = config.imageHeight;
        options.channels = config.imageChannels;
        return readImageFolder(config.path, options);
    }
    auto bytes = readFileContent(config.path);
    if (!bytes) return bytes.error();
    // IDX images are recognised by their content, whatever the file is called.
    if (looksLikeIdx(*bytes)) return parseIdx(*bytes, config.path, config.labelsPath);
    CsvOptions options;
    options.separator = separatorChar(config.separator);
    options.header = config.header == "yes"  ? HeaderMode::Present
                     : config.header == "no" ? HeaderMode::Absent
                                             : HeaderMode::Auto;
    options.labelColumn = config.labelColumn;
    options.kind = config.kind;
    options.timestampColumn = config.timestampColumn;
    if (!config.labelsPath.empty())
        options.labelColumn = "none";  // the labels are in their own file
    auto data = parseCsv(*bytes, config.path, options);
    if (!data || config.labelsPath.empty()) return data;
    return attachLabelsFile(std::move(*data), config.labelsPath);
}

Expected<LoadedData> loadExperimentData(const DataConfig& config) {
    auto main = loadData(config);
    if (!main) return main.error();
    LoadedData out;
    out.testStart = main->size();
    out.data = std::move(*main);
    if (config.testPath.empty()) return out;
    DataConfig testConfig = config;
    testConfig.path = config.testPath;
    testConfig.labelsPath = config.testLabelsPath;
    testConfig.testPath.clear();
    if (out.data.kind == DataKind::Image && out.data.sampleShape.size() == 3 &&
        testConfig.imageWidth == 0) {
        // A test folder's images take the training images' size.
        testConfig.imageHeight = static_cast<int>(out.data.sampleShape[1]);
        testConfig.imageWidth = static_cast<int>(out.data.sampleShape[2]);
    }
    auto test = loadData(testConfig);
    if (!test) return test.error();
    Dataset& d = out.data;
    if (test->sampleShape != d.sampleShape || test->hasLabels() != d.hasLabels()) {
        return Error{ErrorCode::Format, config.testPath + ": its samples or labels do not match " +
                                            config.path + "'s"};
    }
    // Labels join by class name; classes only in the test file are added.
    std::vector<int> remap;
    for (const auto& name : test->classNames) {
        auto it = std::find(d.classNames.begin(), d.classNames.end(), name);
        if (it == d.classNames.end()) it = d.classNames.insert(d.classNames.end(), name);
        remap.push_back(static_cast<int>(it - d.classNames.begin()));
    }
    d.values.insert(d.values.end(), test->values.begin(), test->values.end());
    for (int label : test->labels) d.labels.push_back(remap[label]);
    return out;
}

Expected<PreparedData> prepareData(const ExperimentConfig& config, Dataset raw, size_t testStart) {
    testStart = std::min(testStart, raw.size());
    const bool fixedTest = testStart < raw.size();
    PreparedData p;
    if (raw.size() == 0) return Error{ErrorCode::Format, raw.source + ": no samples"};
    p.fileRow.resize(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) p.fileRow[i] = i < testStart ? i : i - testStart;
    p.labelled = raw.hasLabels();
    if (p.labelled && !config.data.anomalyLabels.empty()) {
        // Keep the normal classes and the chosen anomaly classes only.
        auto normal = raw.anomalyMask(config.data.normalLabels);
        if (!normal) return normal.error();
        auto notChosen = raw.anomalyMask(config.data.anomalyLabels);
        if (!notChosen) {
            return Error{ErrorCode::InvalidArgument,
                         raw.source +
                             ": anomaly labels (--anomaly-label) name a class not in the "
                             "data (values present: " +
                             joinComma(raw.classNames) + ")"};
        }
        std::vector<size_t> keep;
        size_t keptBeforeTest = 0;
        for (size_t i = 0; i < raw.size(); ++i) {
            if (!(*normal)[i] || !(*notChosen)[i]) {
                keep.push_back(i);
                keptBeforeTest += i < testStart;
            }
        }
        raw = raw.subset(keep);
        for (size_t k = 0; k < keep.size(); ++k) p.fileRow[k] = p.fileRow[keep[k]];
        p.fileRow.resize(keep.size());
        testStart = fixedTest ? keptBeforeTest : raw.size();
    }
    if (p.labelled) {
        auto mask = raw.anomalyMask(config.data.normalLabels);
        if (!mask) return mask.error();
        p.anomaly = std::move(*mask);
    } else {
        if (config.preprocessing.trainOnNormalOnly && !config.data.normalLabels.empty()) {
            return Error{ErrorCode::InvalidArgument,
                         raw.source +
                             ": normal labels were given but no label column was read "
                             "(set the label column)"};
        }
        p.anomaly.assign(raw.size(), 0);
    }
    SplitFractions fractions = config.preprocessing.split;
    if (fixedTest) fractions.test = 0;
    if (config.data.kind == DataKind::TimeSeries) {
        // Chronological: training first, then validation, then the tested end of the series.
        const size_t n = testStart;
        const size_t test = static_cast<size_t>(std::llround(fractions.test * double(n)));
        const size_t validation =
            static_cast<size_t>(std::llround(fractions.validation * double(n)));
        if (test + validation >= n) {
            return Error{ErrorCode::InvalidArgument,
                         raw.source + ": too few points for the split fractions"};
        }
        for (size_t i = 0; i < n; ++i) {
            (i < n - test - validation ? p.split.train
             : i < n - test            ? p.split.validation
                                       : p.split.test)
                .push_back(i);
        }
    } else {
        auto split = splitDataset(testStart, fractions, config.training.seed);
        if (!split) return split.error();
        p.split = std::move(*split);
    }
    if (fixedTest) {
        for (size_t i = testStart; i < raw.size(); ++i) p.split.test.push_back(i);
        p.testFileStart = testStart;
    }
    if (p.split.test.empty()) {
        // Metrics of nothing would read 0 and look like a result.
        return Error{ErrorCode::InvalidArgument,
                     "preprocessing.test_fraction: " + raw.source + " has " +
                         std::to_string(raw.size()) + (raw.size() == 1 ? " sample" : " samples") +
                         ", and the split leaves none to test on "
                         "(raise the test fraction, give more data or a test file)"};
    }
    const bool normalOnlyTraining = config.preprocessing.trainOnNormalOnly && p.labelled;
    p.trainRows = normalOnlyTraining ? normalOnly(p.split.train, p.anomaly) : p.split.train;
    const auto cap = static_cast<size_t>(config.preprocessing.maxTrainSamples);
    if (cap > 0 && p.trainRows.size() > cap) p.trainRows.resize(cap);  // rows are shuffled already
    if (p.trainRows.empty()) {
        return Error{ErrorCode::InvalidArgument,
                     raw.source +
                         ": the training part holds no normal samples to train on "
                         "(check --normal-label)"};
    }
    if (!p.split.validation.empty()) {
        p.monitorRows =
            normalOnlyTraining ? normalOnly(p.split.validation, p.anomaly) : p.split.validation;
        p.monitorDescription =
            normalOnlyTraining ? "validation part, normal samples" : "validation part";
    } else {
        // As in the ECG5000 tutorial: with no validation part the curve is drawn on the test
        // part's normal samples. It only monitors; nothing is chosen with it.
        p.monitorRows = normalOnlyTraining ? normalOnly(p.split.test, p.anomaly) : p.split.test;
        p.monitorDescription = normalOnlyTraining ? "test part, normal samples (monitoring only)"
                                                  : "test part (monitoring only)";
    }
    p.scaler =
        Scaler::fit(raw, config.preprocessing.scalerOnTrainedRows ? p.trainRows : p.split.train,
                    config.preprocessing.scaling, config.preprocessing.scope);
    p.scaler.apply(raw);
    p.data = std::move(raw);
    layOutForFamily(p.data, config.model.family);
    return p;
}

std::string samplePlace(const PreparedData& prepared, size_t index) {
    if (index >= prepared.fileRow.size()) return {};
    const size_t row = prepared.fileRow[index];
    if (index >= prepared.testFileStart) return "test file row " + std::to_string(row);
    return row == index ? std::string() : "row " + std::to_string(row);
}

void layOutForFamily(Dataset& data, const std::string& familyName) {
    const Family* family = findFamily(familyName);
    if (family && family->input == InputKind::Windows && data.kind == DataKind::Series &&
        data.sampleShape.size() == 1) {
        // One sequence per row (ECG5000's heartbeats): a sequence of that many one-value steps.
        data.sampleShape = {data.sampleShape[0], 1};
    }
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/experiment_runner.h"

#include "core/models/family.h"

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <cmath>

#include "core/common/text.h"
#include "core/experiment/memory_budget.h"
#include "core/data/csv_reader.h"
#include "core/data/file_reader.h"
#include "core/data/idx_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/data/synthetic.h"
#include "core/data/windows.h"
#include "core/evaluation/thresholds.h"

namespace awb::core {

namespace {

std::vector<double> pick(const std::vector<double>& values, const std::vector<size_t>& rows) {
    std::vector<double> out;
    out.reserve(rows.size());
    for (size_t r : rows) out.push_back(values[r]);
    return out;
}

std::vector<uint8_t> pick(const std::vector<uint8_t>& values, const std::vector<size_t>& rows) {
    std::vector<uint8_t> out;
    out.reserve(rows.size());
    for (size_t r : rows) out.push_back(values[r]);
    return out;
}

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
        return Error{ErrorCode::InvalidArgument, "data.labels_path: " + path + " holds IDX labels, but " +
                                                     data.source + " is not an IDX images file"};
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
            return Error{ErrorCode::Format, path + ": expected one label per line, found several fields in '" + clipForMessage(line) + "'"};
        }
        text += line.empty() ? "\n" : line + ",0\n";
        start = end + 1;
    }
    auto labels = parseCsv(text, path, o);
    if (!labels) return labels.error();
    if (labels->size() != data.size()) {
        return Error{ErrorCode::Format, path + ": " + std::to_string(labels->size()) + " labels for the " +
                                            std::to_string(data.size()) + " rows of " + data.source};
    }
    data.labels = std::move(labels->labels);
    data.classNames = std::move(labels->classNames);
    data.labelName = "label";
    return data;
}

}  // namespace

Expected<Dataset> loadData(const DataConfig& config) {
    if (config.builtin == "synthetic-heartbeats") return syntheticHeartbeats();
    if (config.builtin == "synthetic-timeseries") return syntheticTimeSeries();
    if (!config.builtin.empty()) {
        return Error{ErrorCode::InvalidArgument, "data.builtin: unknown set '" + config.builtin + "'"};
    }
    if (isDirectory(config.path)) {
        if (!config.labelsPath.empty()) {
            return Error{ErrorCode::InvalidArgument, "data.labels_path: an image folder takes its labels from "
                                                     "its sub-folders, not from " + config.labelsPath};
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
    if (!config.labelsPath.empty()) options.labelColumn = "none";  // the labels are in their own file
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
    if (out.data.kind == DataKind::Image && out.data.sampleShape.size() == 3 && testConfig.imageWidth == 0) {
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
    p.labelled = raw.hasLabels();
    if (p.labelled && !config.data.anomalyLabels.empty()) {
        // Keep the normal classes and the chosen anomaly classes only.
        auto normal = raw.anomalyMask(config.data.normalLabels);
        if (!normal) return normal.error();
        auto notChosen = raw.anomalyMask(config.data.anomalyLabels);
        if (!notChosen) {
            return Error{ErrorCode::InvalidArgument,
                         raw.source + ": anomaly labels (--anomaly-label) name a class not in the "
                                      "data (values present: " + joinComma(raw.classNames) + ")"};
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
        testStart = fixedTest ? keptBeforeTest : raw.size();
    }
    if (p.labelled) {
        auto mask = raw.anomalyMask(config.data.normalLabels);
        if (!mask) return mask.error();
        p.anomaly = std::move(*mask);
    } else {
        if (config.preprocessing.trainOnNormalOnly && !config.data.normalLabels.empty()) {
            return Error{ErrorCode::InvalidArgument,
                         raw.source + ": normal labels were given but no label column was read "
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
        const size_t validation = static_cast<size_t>(std::llround(fractions.validation * double(n)));
        if (test + validation >= n) {
            return Error{ErrorCode::InvalidArgument, raw.source + ": too few points for the split fractions"};
        }
        for (size_t i = 0; i < n; ++i) {
            (i < n - test - validation ? p.split.train : i < n - test ? p.split.validation : p.split.test).push_back(i);
        }
    } else {
        auto split = splitDataset(testStart, fractions, config.training.seed);
        if (!split) return split.error();
        p.split = std::move(*split);
    }
    if (fixedTest) {
        for (size_t i = testStart; i < raw.size(); ++i) p.split.test.push_back(i);
    }
    if (p.split.test.empty()) {
        // Metrics of nothing would read 0 and look like a result.
        return Error{ErrorCode::InvalidArgument,
                     "preprocessing.test_fraction: " + raw.source + " has " + std::to_string(raw.size()) +
                         (raw.size() == 1 ? " sample" : " samples") + ", and the split leaves none to test on "
                         "(raise the test fraction, give more data or a test file)"};
    }
    const bool normalOnlyTraining = config.preprocessing.trainOnNormalOnly && p.labelled;
    p.trainRows = normalOnlyTraining ? normalOnly(p.split.train, p.anomaly) : p.split.train;
    const auto cap = static_cast<size_t>(config.preprocessing.maxTrainSamples);
    if (cap > 0 && p.trainRows.size() > cap) p.trainRows.resize(cap);  // rows are shuffled already
    if (p.trainRows.empty()) {
        return Error{ErrorCode::InvalidArgument,
                     raw.source + ": the training part holds no normal samples to train on "
                                  "(check --normal-label)"};
    }
    if (!p.split.validation.empty()) {
        p.monitorRows = normalOnlyTraining ? normalOnly(p.split.validation, p.anomaly) : p.split.validation;
        p.monitorDescription = normalOnlyTraining ? "validation part, normal samples" : "validation part";
    } else {
        // As in the ECG5000 tutorial: with no validation part the curve is drawn on the test
        // part's normal samples. It only monitors; nothing is chosen with it.
        p.monitorRows = normalOnlyTraining ? normalOnly(p.split.test, p.anomaly) : p.split.test;
        p.monitorDescription = normalOnlyTraining ? "test part, normal samples (monitoring only)"
                                                  : "test part (monitoring only)";
    }
    p.scaler = Scaler::fit(raw, p.split.train, config.preprocessing.scaling, config.preprocessing.scope);
    p.scaler.apply(raw);
    p.data = std::move(raw);
    const Family* family = findFamily(config.model.family);
    if (family && family->input == InputKind::Windows && p.data.kind == DataKind::Series &&
        p.data.sampleShape.size() == 1) {
        // One sequence per row (ECG5000's heartbeats): a sequence of that many one-value steps.
        p.data.sampleShape = {p.data.sampleShape[0], 1};
    }
    return p;
}

Expected<double> thresholdFor(const PreparedData& p, const std::vector<double>& scores,
                              const ThresholdRule& rule) {
    return computeThreshold(rule, pick(scores, p.trainRows), pick(scores, p.split.validation),
                            pick(p.anomaly, p.split.validation));
}

Evaluation evaluateAt(const PreparedData& p, std::vector<double> scores, const ThresholdRule& rule,
                      double threshold) {
    Evaluation e;
    const auto trainScores = pick(scores, p.trainRows);
    e.trainErrorMean = mean(trainScores);
    e.trainErrorStd = stddev(trainScores);
    e.rule = rule;
    e.threshold = threshold;
    const auto testScores = pick(scores, p.split.test);
    const auto testAnomaly = pick(p.anomaly, p.split.test);
    e.testCount = testScores.size();
    e.testMeanError = mean(testScores);
    std::vector<double> normalScores;
    for (size_t k = 0; k < testScores.size(); ++k) {
        if (!testAnomaly[k]) normalScores.push_back(testScores[k]);
    }
    e.testNormalMeanError = mean(normalScores);
    for (uint8_t a : testAnomaly) e.testAnomalies += a;
    e.auroc = auroc(testScores, testAnomaly);
    e.auprc = auprc(testScores, testAnomaly);
    e.metrics = metricsFrom(confusionAt(testScores, testAnomaly, threshold));
    if (e.testCount == 0) {
        e.note = "the test part is empty: no metrics (raise preprocessing.test_fraction)";
    } else if (!p.labelled) {
        e.note = "unlabelled data: scores and the threshold only; AUROC, AUPRC and the metrics need labels";
    } else if (e.testAnomalies == 0) {
        e.note = "the test part holds no anomalies (every label there is normal): AUROC and AUPRC are "
                 "undefined, recall and F1 read 0 by convention; give data with anomalies or check the "
                 "normal label";
    } else if (e.testAnomalies == e.testCount) {
        e.note = "the test part holds only anomalies: AUROC and AUPRC are undefined; check the normal label";
    }
    if (p.data.kind == DataKind::TimeSeries && p.labelled) {
        e.hasPointAdjusted = true;  // the test part is the end of the series, in time order
        e.pointAdjusted = metricsFrom(pointAdjustedConfusionAt(testScores, testAnomaly, threshold));
    }
    e.scores = std::move(scores);
    return e;
}

Status checkWindowFits(size_t length, size_t points) {
    if (points >= length) return {};
    return Error{ErrorCode::InvalidArgument, "data.window_length: " + std::to_string(length) +
                                                 " is longer than the series (" + std::to_string(points) + " points)"};
}

namespace {

/// config.point_score parsed, its error naming the field.
Expected<PointScore> pointScoreOf(const DataConfig& config) {
    auto how = parsePointScore(config.pointScore);
    if (!how) return Error{how.error().code, "data.point_score: " + how.error().message};
    return how;
}

}  // namespace

Expected<std::vector<std::vector<double>>> seriesScoreTerms(const Model& model, const Dataset& points,
                                                            const DataConfig& config, LossKind loss,
                                                            const CancelToken& cancel) {
    const size_t length = static_cast<size_t>(config.windowLength);
    if (auto st = checkWindowFits(length, points.size()); !st) return st.error();
    auto how = pointScoreOf(config);  // before the network runs
    if (!how) return how.error();
    const bool local = *how == PointScore::Local;
    // Every stride-1 window, cut and scored a chunk at a time to bound memory.
    const size_t windows = points.size() - length + 1;
    std::vector<std::vector<double>> terms;
    std::vector<StepMeans> stepMeans;  // local: per-point means of each part, filled chunk by chunk
    constexpr size_t kChunk = 4096;
    std::vector<size_t> starts;
    for (size_t first = 0; first < windows; first += kChunk) {
        starts.clear();
        for (size_t k = first; k < std::min(windows, first + kChunk); ++k) starts.push_back(k);
        const Dataset cut = cutWindows(points, starts, length);
        auto chunk = local ? model.stepTerms(cut, loss, cancel) : model.scoreTerms(cut, loss, cancel);
        if (!chunk) return chunk.error();
        if (local) {
            if (stepMeans.empty()) stepMeans.assign(chunk->size(), StepMeans(points.size(), length));
            for (size_t t = 0; t < chunk->size(); ++t) stepMeans[t].add(first, (*chunk)[t]);
            continue;
        }
        terms.resize(chunk->size());
        for (size_t t = 0; t < chunk->size(); ++t) {
            terms[t].insert(terms[t].end(), (*chunk)[t].begin(), (*chunk)[t].end());
        }
    }
    for (const auto& m : stepMeans) terms.push_back(m.means());
    return terms;
}

namespace {

/// The window scores from their parts: the sum of weight x term (one part: itself).
std::vector<double> combineTerms(const std::vector<std::vector<double>>& terms, const std::vector<double>& weights) {
    if (terms.size() <= 1) return terms.empty() ? std::vector<double>{} : terms[0];
    std::vector<double> out(terms[0].size());
    for (size_t k = 0; k < out.size(); ++k) {
        double sum = terms[0][k] * weights.at(0);
        for (size_t t = 1; t < terms.size(); ++t) sum += terms[t][k] * weights.at(t);
        out[k] = sum;
    }
    return out;
}

/// Per-point scores of `points` points from seriesScoreTerms' parts: weighted, then each
/// point takes the max or mean of the windows covering it (config.point_score); local parts are
/// per point already.
Expected<std::vector<double>> seriesPointScores(const std::vector<std::vector<double>>& terms,
                                                const std::vector<double>& weights, size_t points,
                                                const DataConfig& config) {
    auto how = pointScoreOf(config);
    if (!how) return how.error();
    if (*how == PointScore::Local) return combineTerms(terms, weights);
    return pointScores(combineTerms(terms, weights), points, static_cast<size_t>(config.windowLength), *how);
}

}  // namespace

Expected<std::vector<double>> scoreSeries(const Model& model, const Dataset& points, const DataConfig& config,
                                          LossKind loss, const CancelToken& cancel) {
    auto terms = seriesScoreTerms(model, points, config, loss, cancel);
    if (!terms) return terms.error();
    return seriesPointScores(*terms, model.termWeights(), points.size(), config);
}

Expected<std::vector<float>> seriesReconstruction(const ExperimentResult& r) {
    const Dataset& points = r.prepared.data;
    const size_t length = static_cast<size_t>(r.config.data.windowLength);
    if (!r.model || length == 0 || points.size() < length) {
        return Error{ErrorCode::InvalidArgument, "no windowed time-series model to reconstruct with"};
    }
    std::vector<size_t> starts;
    for (size_t s = 0; s + length <= points.size(); s += length) starts.push_back(s);
    if (starts.back() + length < points.size()) starts.push_back(points.size() - length);
    const Dataset windows = cutWindows(points, starts, length);
    std::vector<size_t> all(starts.size());
    for (size_t k = 0; k < all.size(); ++k) all[k] = k;
    auto rec = r.model->reconstruct(windows, all);
    if (!rec) return rec.error();
    const size_t f = points.sampleSize();
    std::vector<float> out(points.size() * f);
    for (size_t k = 0; k < starts.size(); ++k) {  // a later window overwrites the overlap
        std::copy_n(rec->data() + k * length * f, length * f, out.data() + starts[k] * f);
    }
    return out;
}

namespace {

/// Label-free: when a weighted score term other than the first outweighs the others together tenfold on the
/// training windows (with point_score local: at the points where they start), the score is in
/// effect that term alone, which can rank anomalies backwards (NAB, USAD: AUROC 0.08 with e3 80x
/// e1 on three of five seeds). Said in the evaluation's note, with the family's hint.
void noteTermBalance(ExperimentResult& r) {
    if (r.seriesTerms.size() < 2 || !r.model) return;
    const Family& family = familyOf(r.model->spec());
    const auto weights = r.model->termWeights();
    if (weights.size() != r.seriesTerms.size()) return;
    std::vector<double> means(r.seriesTerms.size(), 0.0);
    size_t n = 0;
    for (size_t start : r.prepared.trainRows) {
        if (start >= r.seriesTerms[0].size()) continue;
        for (size_t t = 0; t < means.size(); ++t) means[t] += weights[t] * r.seriesTerms[t][start];
        ++n;
    }
    if (n == 0) return;
    const size_t top = size_t(std::max_element(means.begin(), means.end()) - means.begin());
    double others = 0;
    for (size_t t = 0; t < means.size(); ++t) others += t == top ? 0 : means[t];
    // The first term is the family's primary one (USAD's e1): it deciding the score is the intent.
    if (top == 0 || !(means[top] > 10 * others)) return;
    const std::string name = family.terms.at(top).name;
    char buf[200];
    if (others <= 0) {
        std::snprintf(buf, sizeof buf, "%s: the other terms weigh 0, the score is the term %s alone", family.name.c_str(),
                      name.c_str());
    } else {
        std::snprintf(buf, sizeof buf, "%s: on the training windows the weighted term %s is %.0fx the others and decides the score",
                      family.name.c_str(), name.c_str(), means[top] / others);
    }
    if (!r.evaluation.note.empty()) r.evaluation.note += "; ";
    r.evaluation.note += buf;
    if (others > 0 && !family.dominantTermHint.empty()) r.evaluation.note += "; " + family.dominantTermHint;
}

/// Thresholds `scores` by the config's rule and evaluates the result at it.
Status evaluateScores(ExperimentResult& r, std::vector<double> scores) {
    auto threshold = thresholdFor(r.prepared, scores, r.config.threshold);
    if (!threshold) return threshold.error();
    evaluateResultAt(r, std::move(scores), r.config.threshold, *threshold);
    return {};
}

}  // namespace

void evaluateResultAt(ExperimentResult& r, std::vector<double> scores, const ThresholdRule& rule,
                      double threshold) {
    r.evaluation = evaluateAt(r.prepared, std::move(scores), rule, threshold);
    noteTermBalance(r);
}

Status rescore(ExperimentResult& r, const CancelToken& cancel) {
    std::vector<std::vector<double>> terms;
    std::vector<double> scores;
    if (r.config.data.windowLength > 0) {
        auto t = seriesScoreTerms(*r.model, r.prepared.data, r.config.data, r.config.training.loss, cancel);
        if (!t) return t.error();
        auto s = seriesPointScores(*t, r.model->termWeights(), r.prepared.data.size(), r.config.data);
        if (!s) return s.error();
        terms = std::move(*t);
        scores = std::move(*s);
    } else {
        auto s = r.model->scores(r.prepared.data, r.config.training.loss, cancel);
        if (!s) return s.error();
        scores = std::move(*s);
    }
    std::swap(r.seriesTerms, terms);  // the note reads them
    if (auto st = evaluateScores(r, std::move(scores)); !st) {
        std::swap(r.seriesTerms, terms);  // as it was
        return st;
    }
    return {};
}

Status setTermWeights(ExperimentResult& r, const std::vector<double>& weights) {
    if (!r.model) return Error{ErrorCode::InvalidArgument, "no model"};
    const auto modelBefore = r.model->termWeights();
    const auto configBefore = r.config.model.termWeights;
    if (auto st = r.model->setTermWeights(weights); !st) return st;
    r.config.model.termWeights = weights;
    Status st;
    if (r.seriesTerms.size() == weights.size() && r.config.data.windowLength > 0) {
        auto scores = seriesPointScores(r.seriesTerms, r.model->termWeights(), r.prepared.data.size(), r.config.data);
        st = scores ? evaluateScores(r, std::move(*scores)) : Status(scores.error());
    } else {
        st = rescore(r);  // no kept terms (a run opened from disk): one pass of the network
    }
    if (!st) {
        (void)r.model->setTermWeights(modelBefore);
        r.config.model.termWeights = configBefore;
    }
    return st;
}

std::vector<std::vector<double>> pointTerms(const ExperimentResult& r) {
    std::vector<std::vector<double>> out;
    auto how = parsePointScore(r.config.data.pointScore);
    if (!how || r.config.data.windowLength <= 0) return out;
    if (*how == PointScore::Local) return r.seriesTerms;  // per point already
    for (const auto& t : r.seriesTerms) {
        out.push_back(pointScores(t, r.prepared.data.size(), static_cast<size_t>(r.config.data.windowLength), *how));
    }
    return out;
}

Expected<ExperimentResult> runExperiment(const ExperimentConfig& config, const ExperimentHooks& hooks,
                                         const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    auto stage = [&](const char* what) {
        if (hooks.stage) hooks.stage(what);
    };
    if (auto st = validate(config); !st) return st.error();
    if (config.threshold.usesLabels() && config.preprocessing.split.validation <= 0) {
        return Error{ErrorCode::InvalidArgument,
                     "threshold best-f1 uses labels of a validation part: set "
                     "preprocessing.validation_fraction > 0"};
    }
    configureThreads(config.threads);
    tuneAllocator();
    stage("loading data");
    auto loaded = loadExperimentData(config.data);
    if (!loaded) return loaded.error();
    auto prepared = prepareData(config, std::move(loaded->data), loaded->testStart);
    if (!prepared) return prepared.error();

    ExperimentResult r;
    r.config = config;
    r.prepared = std::move(*prepared);
    const bool windowed = config.data.windowLength > 0;
    const size_t length = static_cast<size_t>(config.data.windowLength);
    std::vector<int64_t> inputShape = r.prepared.data.sampleShape;
    if (windowed) inputShape.insert(inputShape.begin(), config.data.windowLength);
    if (config.device.rfind("cuda", 0) != 0) {
        // Sized before the model takes memory: an absurd feature count or layer width is refused
        // with the figures, instead of exhausting the machine while it trains.
        const auto estimate =
            estimateRunMemory(config, inputShape, r.prepared.trainRows.size(), r.prepared.monitorRows.size());
        if (auto st = checkMemoryBudget(config, estimate, availableMemoryBytes()); !st) return st.error();
    }
    auto model = Model::create(config.model, inputShape, config.training.seed, config.device);
    if (!model) return model.error();
    r.model.emplace(std::move(*model));

    stage("training");
    Dataset trainSet, monitorSet;
    if (windowed) {
        // Windows lie wholly on the points trained on (normal points of the training part);
        // validation windows on the monitored points.
        const size_t n = r.prepared.data.size();
        if (auto st = checkWindowFits(length, n); !st) return st.error();  // before training
        auto windowsOn = [&](const std::vector<size_t>& rows, size_t stride) {
            std::vector<uint8_t> allowed(n, 0);
            for (size_t i : rows) allowed[i] = 1;
            return cutWindows(r.prepared.data, windowStarts(allowed, length, stride), length);
        };
        trainSet = windowsOn(r.prepared.trainRows, static_cast<size_t>(config.data.windowStride));
        monitorSet = windowsOn(r.prepared.monitorRows, static_cast<size_t>(config.data.windowStride));
        if (trainSet.size() == 0) {
            return Error{ErrorCode::InvalidArgument,
                         "data.window_length: the training part has no " + std::to_string(length) +
                             " consecutive normal points to cut a window from (shorten the window)"};
        }
    } else {
        trainSet = r.prepared.data.subset(r.prepared.trainRows);
        monitorSet = r.prepared.data.subset(r.prepared.monitorRows);
    }
    auto summary = train(*r.model, trainSet, monitorSet, config.training, hooks.training, cancel);
    if (!summary) return summary.error();
    r.training = std::move(*summary);

    // Scoring runs even after a stop, so the kept weights can be inspected; a stop requested
    // while scoring ends the run with ErrorCode::Cancelled.
    const CancelToken scoringCancel = cancel.fromNow();
    stage("scoring");
    if (auto st = rescore(r, scoringCancel); !st) {
        if (st.error().code == ErrorCode::Cancelled) {
            return Error{ErrorCode::Cancelled, "stopped while scoring; the run was not kept"};
        }
        return st.error();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace awb::core

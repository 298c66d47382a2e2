// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/run_directory.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "core/data/csv_reader.h"
#include "core/data/file_reader.h"

namespace awb::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string formatDouble(double v) {
    if (!std::isfinite(v)) return "nan";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

const char* outcomeName(TrainingOutcome o) {
    switch (o) {
        case TrainingOutcome::Completed: return "completed";
        case TrainingOutcome::Cancelled: return "stopped";
        case TrainingOutcome::Diverged: return "diverged";
    }
    return "completed";
}

std::string historyCsv(const TrainingSummary& t) {
    std::ostringstream s;
    s << "epoch,train_loss,val_loss,seconds\n";
    for (const auto& e : t.history) {
        s << e.epoch << ',' << formatDouble(e.trainLoss) << ',' << formatDouble(e.valLoss) << ','
          << formatDouble(e.seconds) << '\n';
    }
    return s.str();
}

}  // namespace

std::string scoresCsv(const ExperimentResult& r) {
    const auto& p = r.prepared;
    std::vector<const char*> part(p.data.size(), "train");
    for (size_t i : p.split.validation) part[i] = "validation";
    for (size_t i : p.split.test) part[i] = "test";
    std::ostringstream s;
    s << "index,split,label,anomaly,score,predicted\n";
    const auto& scores = r.evaluation.scores;
    for (size_t i = 0; i < scores.size(); ++i) {
        std::string label = p.data.hasLabels() ? p.data.classNames[p.data.labels[i]] : "";
        if (label.find_first_of(",\"\n") != std::string::npos) label = "\"" + label + "\"";
        s << i << ',' << part[i] << ',' << label << ',' << int(p.anomaly[i]) << ','
          << formatDouble(scores[i]) << ',' << (scores[i] > r.evaluation.threshold ? 1 : 0) << '\n';
    }
    return s.str();
}

namespace {

std::string scalerJson(const ExperimentResult& r) {
    const Scaler& sc = r.prepared.scaler;
    json j{{"method", toString(sc.method)},
           {"scope", toString(sc.scope)},
           {"offset", sc.offset},
           {"scale", sc.scale},
           {"sample_shape", r.prepared.data.sampleShape},
           {"feature_names", r.prepared.data.featureNames}};
    return j.dump(1) + "\n";
}

bool isRunDirectory(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_empty(dir, ec)) return true;
    return fs::exists(dir / run_files::kConfig, ec) && fs::exists(dir / run_files::kMetrics, ec);
}

std::string randomSuffix() {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", rd());
    return buf;
}

/// Temporary folders of saves into `target` whose process is gone (killed mid-save): named
/// ".NAME.tmp-PID-RANDOM", removed when no process PID exists any more. Folders of a live process
/// (another save in progress) are left alone.
void removeAbandonedTemporaries(const fs::path& target) {
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    std::vector<fs::path> abandoned;
    for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        char* rest = nullptr;
        const long pid = std::strtol(name.c_str() + prefix.size(), &rest, 10);
        if (pid <= 0 || rest == nullptr || *rest != '-' || pid == static_cast<long>(::getpid())) continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) abandoned.push_back(it->path());
    }
    for (const auto& p : abandoned) (void)removeTree(p.string());
}

Status writeFile(const fs::path& path, const std::string& content) {
    return writeFileAtomic(path.string(), content);
}

}  // namespace

std::string metricsJson(const ExperimentResult& r) {
    const Evaluation& e = r.evaluation;
    const auto& m = e.metrics;
    json j;
    j["positive_class"] = "anomaly";
    j["evaluated_on"] = "test";
    j["auroc"] = number(e.auroc);
    j["auprc"] = number(e.auprc);
    j["threshold"] = number(e.threshold);
    j["threshold_rule"] = toString(e.rule);
    j["threshold_uses_labels"] = e.rule.usesLabels();
    j["accuracy"] = number(m.accuracy);
    j["precision"] = number(m.precision);
    j["recall"] = number(m.recall);
    j["f1"] = number(m.f1);
    j["specificity"] = number(m.specificity);
    j["confusion"] = {{"tp", m.confusion.tp}, {"fp", m.confusion.fp}, {"tn", m.confusion.tn},
                      {"fn", m.confusion.fn}};
    if (!e.note.empty()) j["note"] = e.note;
    j["n_test"] = e.testCount;
    j["n_test_anomalies"] = e.testAnomalies;
    j["test_mean_error"] = number(e.testMeanError);
    j["test_normal_mean_error"] = number(e.testNormalMeanError);
    j["error"] = toString(r.config.training.loss);
    j["labelled"] = r.prepared.labelled;
    j["train_error"] = {{"mean", number(e.trainErrorMean)},
                        {"std", number(e.trainErrorStd)},
                        {"n", r.prepared.trainRows.size()}};
    j["validation_loss_on"] = r.prepared.monitorDescription;
    j["training"] = {{"outcome", outcomeName(r.training.outcome)},
                     {"epochs_completed", r.training.epochsCompleted},
                     {"message", r.training.message},
                     {"seconds", number(r.seconds)}};
    j["model_parameters"] = r.model ? r.model->parameterCount() : 0;
    if (r.config.data.windowLength > 0) {
        const std::string windows = std::to_string(r.config.data.windowLength) + "-point windows covering it";
        j["scores"] = r.config.data.pointScore == "local"
                          ? "per point: the mean of its own error in the " + windows
                          : "per point: the " + r.config.data.pointScore + " of the scores of the " + windows;
    }
    if (e.hasPointAdjusted) {
        const auto& a = e.pointAdjusted;
        // Kept apart from the point-wise figures above, and named so wherever it is shown.
        j["point_adjusted"] = {
            {"note", "point-adjusted: a whole labelled segment counts as found when any of its points "
                     "is flagged; this inflates results, compare point-wise figures"},
            {"precision", number(a.precision)},
            {"recall", number(a.recall)},
            {"f1", number(a.f1)},
            {"confusion", {{"tp", a.confusion.tp}, {"fp", a.confusion.fp}, {"tn", a.confusion.tn},
                           {"fn", a.confusion.fn}}}};
    }
    return j.dump(2) + "\n";
}

Status writeRunDirectory(const std::string& dirText, const ExperimentResult& r) {
    if (dirText.empty()) return Error{ErrorCode::InvalidArgument, "no output folder given (--out)"};
    const fs::path dir = fs::absolute(fs::path(dirText).lexically_normal());
    const fs::path target = dir.filename().empty() ? dir.parent_path() : dir;
    std::error_code ec;
    const bool exists = fs::exists(target, ec);
    if (exists && (!fs::is_directory(target, ec) || !isRunDirectory(target))) {
        return Error{ErrorCode::InvalidArgument,
                     target.string() + ": exists and is not a run directory; refusing to replace it"};
    }
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error{ErrorCode::Io, target.parent_path().string() + ": " + ec.message()};
    removeAbandonedTemporaries(target);
    const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                 std::to_string(::getpid()) + "-" + randomSuffix());
    fs::create_directory(tmp, ec);
    if (ec) return Error{ErrorCode::Io, tmp.string() + ": " + ec.message()};
    auto fail = [&](Error e) {
        (void)removeTree(tmp.string());
        // Name the file as it would have been in the run, not in the hidden temporary folder.
        for (size_t at; (at = e.message.find(tmp.string())) != std::string::npos;) {
            e.message.replace(at, tmp.string().size(), target.string());
        }
        e.message += "; nothing was saved, " + target.string() + (exists ? " is unchanged" : " was not created");
        return e;
    };

    ExperimentConfig config = r.config;
    if (!config.data.path.empty()) config.data.path = fs::absolute(config.data.path).lexically_normal().string();
    for (std::string* path : {&config.data.labelsPath, &config.data.testPath, &config.data.testLabelsPath}) {
        if (!path->empty()) *path = fs::absolute(*path).lexically_normal().string();
    }
    for (const auto& [name, content] :
         std::vector<std::pair<const char*, std::string>>{{run_files::kConfig, toJson(config)},
                                                          {run_files::kHistory, historyCsv(r.training)},
                                                          {run_files::kScores, scoresCsv(r)},
                                                          {run_files::kScaler, scalerJson(r)}}) {
        if (auto st = writeFile(tmp / name, content); !st) return fail(st.error());
    }
    if (r.model) {
        if (auto st = r.model->save((tmp / run_files::kWeights).string()); !st) return fail(st.error());
    }
    // metrics.json last: its presence marks a complete run.
    if (auto st = writeFile(tmp / run_files::kMetrics, metricsJson(r)); !st) return fail(st.error());

    if (!exists) {
        if (std::rename(tmp.c_str(), target.c_str()) != 0) {
            return fail(Error{ErrorCode::Io, target.string() + ": cannot move the run into place (" +
                                                 std::strerror(errno) + ")"});
        }
        return {};
    }
    // Atomic swap of old and new; the old run then lies at the temporary name.
    if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
        return fail(Error{ErrorCode::Io, target.string() + ": cannot replace the old run (" +
                                             std::strerror(errno) + ")"});
    }
    (void)removeTree(tmp.string());
    return {};
}

Expected<RunRecord> readRunDirectory(const std::string& dirText) {
    const fs::path dir(dirText);
    RunRecord rec;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return Error{ErrorCode::Io, dirText + ": not a folder"};
    for (const char* name : {run_files::kConfig, run_files::kMetrics, run_files::kHistory,
                             run_files::kScores, run_files::kScaler}) {
        if (!fs::exists(dir / name, ec)) {
            return Error{ErrorCode::Format, dirText + ": not a complete run directory (" + name + " is missing)"};
        }
    }
    if (auto st = applyJsonFile(rec.config, (dir / run_files::kConfig).string()); !st) return st.error();

    auto metrics = readFileContent((dir / run_files::kMetrics).string(), size_t{16} << 20);
    if (!metrics) return metrics.error();
    rec.metricsJson = *metrics;
    try {
        const json m = json::parse(*metrics);
        rec.threshold = m.at("threshold").is_number() ? m.at("threshold").get<double>() : NAN;
        const json s = json::parse(*readFileContent((dir / run_files::kScaler).string(), size_t{256} << 20));
        rec.sampleShape = s.at("sample_shape").get<std::vector<int64_t>>();
    } catch (const std::exception& e) {
        return Error{ErrorCode::Format, dirText + ": metrics.json or scaler.json is malformed (" + e.what() + ")"};
    }

    CsvOptions plain;
    plain.header = HeaderMode::Present;
    auto history = readCsv((dir / run_files::kHistory).string(), plain);
    if (!history) return history.error();
    if (history->sampleSize() != 4) {
        return Error{ErrorCode::Format, (dir / run_files::kHistory).string() + ": expected 4 columns"};
    }
    for (size_t i = 0; i < history->size(); ++i) {
        const float* row = history->sample(i);
        EpochReport e;
        e.epoch = static_cast<int>(row[0]);
        e.trainLoss = row[1];
        e.valLoss = row[2];
        e.seconds = row[3];
        e.epochs = rec.config.training.epochs;
        rec.history.push_back(e);
    }

    const std::string scoresPath = (dir / run_files::kScores).string();
    auto text = readFileContent(scoresPath);
    if (!text) return text.error();
    std::istringstream in(*text);
    std::string line;
    size_t lineNo = 0;
    while (std::getline(in, line)) {
        if (++lineNo == 1 || line.empty()) continue;
        std::vector<std::string> f;
        std::string field;
        bool quoted = false;
        for (char ch : line) {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { f.push_back(field); field.clear(); }
            else field += ch;
        }
        f.push_back(field);
        if (f.size() != 6) {
            return Error{ErrorCode::Format, scoresPath + ":" + std::to_string(lineNo) + ": expected 6 fields"};
        }
        ScoreRow row;
        try {
            row.index = std::stoul(f[0]);
            row.split = f[1];
            row.label = f[2];
            row.anomaly = std::stoi(f[3]);
            row.score = f[4] == "nan" ? NAN : std::stod(f[4]);
            row.predicted = std::stoi(f[5]);
        } catch (const std::exception&) {
            return Error{ErrorCode::Format, scoresPath + ":" + std::to_string(lineNo) + ": not a score row"};
        }
        rec.scores.push_back(row);
    }
    return rec;
}

}  // namespace awb::core

namespace awb::core {

Expected<ExperimentResult> loadRun(const std::string& dir) {
    auto record = readRunDirectory(dir);
    if (!record) return record.error();
    ExperimentResult r;
    r.config = record->config;
    auto raw = loadExperimentData(r.config.data);
    if (!raw) return Error{raw.error().code, "the run's data could not be read: " + raw.error().message};
    auto prepared = prepareData(r.config, std::move(raw->data), raw->testStart);
    if (!prepared) return prepared.error();
    r.prepared = std::move(*prepared);
    if (r.prepared.data.sampleShape != record->sampleShape ||
        record->scores.size() != r.prepared.data.size()) {
        return Error{ErrorCode::Format, dir + ": the data file no longer matches the run (other "
                                              "shape or number of samples)"};
    }
    std::vector<int64_t> inputShape = record->sampleShape;  // a window of points for time series
    if (r.config.data.windowLength > 0) inputShape.insert(inputShape.begin(), r.config.data.windowLength);
    auto model = Model::load((fs::path(dir) / run_files::kWeights).string(), r.config.model,
                             inputShape, "cpu");
    if (!model) return model.error();
    r.model.emplace(std::move(*model));
    r.training.history = record->history;
    r.training.epochsCompleted = static_cast<int>(record->history.size());
    std::vector<double> scores(record->scores.size());
    for (const auto& row : record->scores) {
        if (row.index >= scores.size()) {
            return Error{ErrorCode::Format, dir + "/scores.csv: index " + std::to_string(row.index) + " out of range"};
        }
        scores[row.index] = row.score;
    }
    evaluateResultAt(r, std::move(scores), r.config.threshold, record->threshold);
    return r;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/run_directory.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/text.h"
#include "core/data/csv_reader.h"
#include "core/data/file_reader.h"
#include "core/experiment/staged_folder.h"
#include "core/models/family.h"

namespace awb::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// Losses and timings: nine significant digits (a float reads back exactly).
std::string formatDouble(double v) { return std::isfinite(v) ? formatNumber(v, 9) : "nan"; }

const char* outcomeName(TrainingOutcome o) {
    switch (o) {
        case TrainingOutcome::Completed: return "completed";
        case TrainingOutcome::Cancelled: return "stopped";
        case TrainingOutcome::Diverged: return "diverged";
    }
    return "completed";
}

/// One row per epoch; with several optimizer groups, each group's loss in a column loss_NAME
/// (nan where the group was frozen).
std::string historyCsv(const TrainingSummary& t) {
    std::ostringstream s;
    s << "epoch,train_loss,val_loss,seconds";
    const auto& names =
        t.history.empty() ? std::vector<std::string>{} : t.history.front().groupNames;
    const bool groups = names.size() > 1;
    if (groups) {
        for (const auto& n : names) s << ",loss_" << csvField(n);
    }
    s << '\n';
    for (const auto& e : t.history) {
        s << e.epoch << ',' << formatDouble(e.trainLoss) << ',' << formatDouble(e.valLoss) << ','
          << formatDouble(e.seconds);
        for (size_t g = 0; groups && g < names.size(); ++g) {
            s << ',' << formatDouble(g < e.groupLosses.size() ? e.groupLosses[g] : std::nan(""));
        }
        s << '\n';
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
        const std::string label = p.data.hasLabels() ? csvField(p.data.classNames[p.data.labels[i]]) : "";
        const bool scored = std::isfinite(scores[i]);
        s << i << ',' << part[i] << ',' << label << ',' << int(p.anomaly[i]) << ','
          << (scored ? formatNumber(scores[i]) : "nan") << ',';  // reads back exactly
        // A sample without a finite score (not scored: a latent search scores only what the
        // evaluation reads, points no window covers) has no verdict: an empty field, not a 0
        // that reads as "passed".
        if (scored) s << (scores[i] > r.evaluation.threshold ? 1 : 0);
        s << '\n';
    }
    return s.str();
}

namespace {

/// A whole field as a number (no trailing text; from_chars, so independent of the locale).
template <typename T>
bool parseWhole(const std::string& field, T& out) {
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
    return ec == std::errc() && ptr == field.data() + field.size() && !field.empty();
}

/// A score as formatDouble writes it, at double precision; nan for a sample that was not scored.
bool parseScore(const std::string& field, double& out) {
    if (field == "nan") {
        out = std::nan("");
        return true;
    }
    return parseWhole(field, out) && std::isfinite(out);  // from_chars: no locale
}

std::string scalerJson(const ExperimentResult& r) {
    const Scaler& sc = r.prepared.scaler;
    json j{{"method", toString(sc.method)},
           {"scope", toString(sc.scope)},
           {"offset", sc.offset},
           {"scale", sc.scale},
           {"sample_shape", r.prepared.data.sampleShape},
           {"feature_names", r.prepared.data.featureNames}};
    return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
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
                        {"n", e.trainErrorCount}};
    j["validation_loss_on"] = r.prepared.monitorDescription;
    j["training"] = {{"outcome", outcomeName(r.training.outcome)},
                     {"epochs_completed", r.training.epochsCompleted},
                     {"epochs_planned", r.training.epochsPlanned},
                     {"batch_size", r.training.batchSize},
                     {"threads", r.training.threads},
                     {"best_epoch", r.training.bestEpoch},
                     {"stopped_early", r.training.stoppedEarly},
                     {"optimizer_steps", r.training.groupSteps},
                     {"message", r.training.message},
                     {"warnings", r.training.warnings},
                     {"seconds", number(r.seconds)}};
    j["model_parameters"] = r.model ? r.model->parameterCount() : 0;
    // Where it ran: what a run needs to be repeated, and what differs when figures do.
    j["environment"] = {{"program", programVersion()},
                        {"libtorch", libtorchVersion()},
                        {"device", r.config.device},
                        {"threads", r.training.threads},
                        {"cpu", cpuModel()}};
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
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

/// terms.csv's content: the kept score terms (samples, or a series' windows or points), each
/// value exactly (nan where not scored); "" when the result keeps none.
std::string termsCsv(const ExperimentResult& r) {
    const auto& terms = r.seriesTerms.empty() ? r.sampleTerms : r.seriesTerms;
    if (terms.empty() || !r.model) return {};
    const Family& family = familyOf(r.model->spec());
    std::ostringstream s;
    s << "row";
    for (size_t t = 0; t < terms.size(); ++t)
        s << ',' << (t < family.terms.size() ? family.terms[t].name : "term" + std::to_string(t));
    s << '\n';
    for (size_t i = 0; i < terms[0].size(); ++i) {
        s << i;
        for (const auto& term : terms)  // as scores.csv: reads back exactly
            s << ',' << (std::isfinite(term[i]) ? formatNumber(term[i]) : "nan");
        s << '\n';
    }
    return s.str();
}

Status writeRunDirectory(const std::string& dirText, const ExperimentResult& r) {
    auto staged = StagedFolder::begin(dirText, FolderKind::Run);
    if (!staged) return staged.error();
    const fs::path tmp(staged->staging());
    auto fail = [&](Error e) { return staged->fail(std::move(e)); };

    // A save never ends the program: whatever goes wrong while the files are made (out of memory,
    // say) is reported, and the result stays in memory to be saved again.
    try {
        ExperimentConfig config = r.config;
        makeDataPathsAbsolute(config);
        for (const auto& [name, content] :
             std::vector<std::pair<const char*, std::string>>{{run_files::kConfig, toJson(config)},
                                                              {run_files::kHistory, historyCsv(r.training)},
                                                              {run_files::kScores, scoresCsv(r)},
                                                              {run_files::kScaler, scalerJson(r)}}) {
            if (auto st = writeFile(tmp / name, content); !st) return fail(st.error());
        }
        if (const auto terms = termsCsv(r); !terms.empty()) {
            if (auto st = writeFile(tmp / run_files::kTerms, terms); !st) return fail(st.error());
        }
        if (r.model) {
            if (auto st = r.model->save((tmp / run_files::kWeights).string()); !st) return fail(st.error());
        }
        if (!r.training.resumeState.empty()) {
            if (auto st = writeFile(tmp / run_files::kTrainingState, r.training.resumeState); !st)
                return fail(st.error());
        }
        // metrics.json last: its presence marks a complete run.
        if (auto st = writeFile(tmp / run_files::kMetrics, metricsJson(r)); !st) return fail(st.error());
    } catch (const std::exception& e) {
        return fail(Error{ErrorCode::Internal, staged->target() + ": could not be written (" + e.what() + ")"});
    }

    return staged->commit();
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
    const std::string configPath = (dir / run_files::kConfig).string();
    auto configText = readFileContent(configPath, size_t{16} << 20);
    if (!configText) return configText.error();
    if (auto st = applyJson(rec.config, *configText, configPath); !st) return st.error();
    // A run written before scaler_fit and patience existed was scaled on its whole training part
    // and trained without early stopping: it reopens as it ran (the scaler is fitted again).
    {
        const json j = json::parse(*configText, nullptr, false);
        const auto has = [&](const char* section, const char* key) {
            return j.is_object() && j.contains(section) && j[section].is_object() &&
                   j[section].contains(key);
        };
        if (!has("preprocessing", "scaler_fit"))
            rec.config.preprocessing.scalerOnTrainedRows = false;
        if (!has("training", "patience")) rec.config.training.patience = 0;
    }

    const std::string metricsPath = (dir / run_files::kMetrics).string();
    auto metrics = readFileContent(metricsPath, size_t{16} << 20);
    if (!metrics) return metrics.error();
    rec.metricsJson = *metrics;
    try {
        const json m = json::parse(*metrics);
        const json& t = m.at("threshold");
        // null is how a run without a finite threshold is written; anything else must be a number.
        if (!t.is_null() && !t.is_number()) {
            return Error{ErrorCode::Format, metricsPath + ": threshold: expected a number, got " + clipForMessage(t.dump())};
        }
        rec.threshold = t.is_number() ? t.get<double>() : NAN;
        if (const auto tr = m.find("training"); tr != m.end() && tr->is_object()) {
            const auto get = [&](const char* key, auto& out) {
                const auto it = tr->find(key);
                if (it == tr->end() || it->is_null()) return;
                try {
                    it->get_to(out);
                } catch (const std::exception&) {
                    throw std::runtime_error(std::string("training.") + key + ": unexpected " +
                                             it->type_name());
                }
            };
            std::string outcome;
            get("outcome", outcome);
            for (auto o : {TrainingOutcome::Completed, TrainingOutcome::Cancelled,
                           TrainingOutcome::Diverged}) {
                if (outcome == outcomeName(o)) rec.training.outcome = o;
            }
            get("epochs_planned", rec.training.epochsPlanned);
            get("batch_size", rec.training.batchSize);
            get("threads", rec.training.threads);
            get("best_epoch", rec.training.bestEpoch);
            get("stopped_early", rec.training.stoppedEarly);
            get("optimizer_steps", rec.training.groupSteps);
            get("message", rec.training.message);
            get("warnings", rec.training.warnings);
        }
    } catch (const std::exception& e) {
        return Error{ErrorCode::Format, metricsPath + ": malformed (" + clipForMessage(e.what(), 160) + ")"};
    }
    const std::string scalerPath = (dir / run_files::kScaler).string();
    auto scaler = readFileContent(scalerPath, size_t{256} << 20);
    if (!scaler) return scaler.error();
    try {
        const json s = json::parse(*scaler);
        rec.sampleShape = s.at("sample_shape").get<std::vector<int64_t>>();
    } catch (const std::exception& e) {
        return Error{ErrorCode::Format, scalerPath + ": malformed (" + clipForMessage(e.what(), 160) + ")"};
    }

    CsvOptions plain;
    plain.header = HeaderMode::Present;
    plain.allowNonFinite = true;  // val_loss without validation data, a frozen group's loss
    auto history = readCsv((dir / run_files::kHistory).string(), plain);
    if (!history) return history.error();
    if (history->sampleSize() < 4) {
        return Error{ErrorCode::Format,
                     (dir / run_files::kHistory).string() + ": expected at least 4 columns"};
    }
    std::vector<std::string> groupNames;
    for (size_t c = 4; c < history->sampleSize(); ++c) {
        const std::string& name =
            c < history->featureNames.size() ? history->featureNames[c] : std::string();
        groupNames.push_back(name.rfind("loss_", 0) == 0 ? name.substr(5) : name);
    }
    for (size_t i = 0; i < history->size(); ++i) {
        const float* row = history->sample(i);
        EpochReport e;
        e.epoch = static_cast<int>(row[0]);
        e.trainLoss = row[1];
        e.valLoss = row[2];
        e.seconds = row[3];
        e.epochs = rec.training.epochsPlanned > 0 ? rec.training.epochsPlanned
                                                  : rec.config.training.epochs;
        e.groupNames = groupNames;
        e.groupLosses.assign(row + 4, row + history->sampleSize());
        rec.history.push_back(e);
    }

    const std::string scoresPath = (dir / run_files::kScores).string();
    auto text = readFileContent(scoresPath);
    if (!text) return text.error();
    auto rows = parseCsvRows(*text, scoresPath);
    if (!rows) return rows.error();
    for (size_t r = 1; r < rows->size(); ++r) {  // the first line is the header
        const CsvTextRow& line = (*rows)[r];
        const auto where = [&] { return scoresPath + ":" + std::to_string(line.line); };
        const auto& f = line.fields;
        if (f.size() != 6) {
            return Error{ErrorCode::Format,
                         where() + ": expected 6 fields, found " + std::to_string(f.size())};
        }
        ScoreRow row;
        long long anomaly = 0, predicted = 0;
        unsigned long long index = 0;
        if (!parseWhole(f[0], index) || !parseWhole(f[3], anomaly) ||
            !parseScore(f[4], row.score) ||
            // nan: no verdict, an empty field (runs written before 2026-12-01 have 0 there)
            !((std::isnan(row.score) && f[5].empty()) || parseWhole(f[5], predicted))) {
            return Error{ErrorCode::Format, where() + ": not a score row"};
        }
        row.index = static_cast<size_t>(index);
        row.split = f[1];
        row.label = f[2];
        row.anomaly = anomaly != 0;
        row.predicted = predicted != 0;
        rec.scores.push_back(row);
    }
    const std::string termsPath = (dir / run_files::kTerms).string();
    if (fs::exists(termsPath, ec)) {
        auto termsText = readFileContent(termsPath);
        if (!termsText) return termsText.error();
        auto termRows = parseCsvRows(*termsText, termsPath);
        if (!termRows) return termRows.error();
        const size_t columns = termRows->empty() ? 0 : termRows->front().fields.size();
        if (columns < 2)
            return Error{ErrorCode::Format, termsPath + ": expected row and term columns"};
        rec.terms.assign(columns - 1, {});
        for (size_t r = 1; r < termRows->size(); ++r) {
            const CsvTextRow& line = (*termRows)[r];
            const auto& f = line.fields;
            unsigned long long index = 0;
            if (f.size() != columns || !parseWhole(f[0], index) || index != r - 1) {
                return Error{ErrorCode::Format, termsPath + ":" + std::to_string(line.line) +
                                                    ": not a term row (the file is damaged)"};
            }
            for (size_t t = 1; t < columns; ++t) {
                double v = 0;
                if (!parseScore(f[t], v)) {
                    return Error{ErrorCode::Format,
                                 termsPath + ":" + std::to_string(line.line) + ": not a number"};
                }
                rec.terms[t - 1].push_back(v);
            }
        }
    }
    const std::string statePath = (dir / run_files::kTrainingState).string();
    if (fs::exists(statePath, ec)) {
        auto state = readFileContent(statePath, size_t{4} << 30);
        if (!state) return state.error();
        rec.trainingState = std::move(*state);
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
    // Name the file that disagrees: the run's own files can be damaged as well as the data changed.
    const auto shapeText = [](const std::vector<int64_t>& shape) {
        std::string out;
        for (auto d : shape) out += (out.empty() ? "" : "x") + std::to_string(d);
        return out;
    };
    if (r.prepared.data.sampleShape != record->sampleShape) {
        return Error{ErrorCode::Format, (fs::path(dir) / run_files::kScaler).string() + ": sample_shape " +
                                            shapeText(record->sampleShape) + " does not match the data (" +
                                            r.config.data.path + " gives samples of " +
                                            shapeText(r.prepared.data.sampleShape) + ")"};
    }
    const std::string scoresPath = (fs::path(dir) / run_files::kScores).string();
    if (record->scores.size() != r.prepared.data.size()) {
        return Error{ErrorCode::Format, scoresPath + ": " +
                                            std::to_string(record->scores.size()) + " score rows, but the data (" +
                                            r.config.data.path + ") has " + std::to_string(r.prepared.data.size()) +
                                            " samples"};
    }
    std::vector<int64_t> inputShape = record->sampleShape;  // a window of points for time series
    if (r.config.data.windowLength > 0) inputShape.insert(inputShape.begin(), r.config.data.windowLength);
    auto model = Model::load((fs::path(dir) / run_files::kWeights).string(), r.config.model,
                             inputShape, "cpu");
    if (!model) return model.error();
    r.model.emplace(std::move(*model));
    r.training = record->training;
    r.training.history = record->history;
    r.training.resumeState = record->trainingState;  // saved again, the run can still be continued
    r.training.epochsCompleted = static_cast<int>(record->history.size());
    std::vector<double> scores(record->scores.size());
    std::vector<uint8_t> seen(scores.size(), 0);
    for (const auto& row : record->scores) {
        if (row.index >= scores.size()) {
            return Error{ErrorCode::Format, scoresPath + ": index " + std::to_string(row.index) + " out of range"};
        }
        if (seen[row.index]++) {
            return Error{ErrorCode::Format, scoresPath + ": index " + std::to_string(row.index) +
                                                " appears twice (the file is damaged)"};
        }
        scores[row.index] = row.score;
    }
    // The kept terms, when the run wrote them and they fit: a weight change re-weights them
    // instead of running the network again.
    if (record->terms.size() == familyOf(r.config.model).terms.size() && !record->terms.empty()) {
        const size_t rows = record->terms.front().size();
        // A series keeps a row per stride-1 window, or per point with point_score local.
        const size_t points = r.prepared.data.size();
        const size_t length = size_t(std::max(0, r.config.data.windowLength));
        const size_t expected = length == 0 || r.config.data.pointScore == "local" ? points
                                : points >= length ? points - length + 1
                                                   : 0;
        if (rows != expected) {
            return Error{ErrorCode::Format, (fs::path(dir) / run_files::kTerms).string() + ": " +
                                                std::to_string(rows) +
                                                " rows, but the run's data gives " +
                                                std::to_string(expected) +
                                                (length > 0 ? " windows or points" : " samples")};
        }
        if (length > 0)
            r.seriesTerms = std::move(record->terms);
        else
            r.sampleTerms = std::move(record->terms);
    }
    evaluateResultAt(r, std::move(scores), r.config.threshold, record->threshold);
    return r;
}

}  // namespace awb::core

namespace awb::core {

Expected<ExperimentResult> resumeExperiment(const std::string& dir, int moreEpochs,
                                            const ExperimentHooks& hooks,
                                            const CancelToken& cancel) {
    if (moreEpochs < 1 || moreEpochs > 100000) {
        return Error{ErrorCode::InvalidArgument,
                     "--epochs: continuing a run needs 1 to 100000 more epochs, not " +
                         std::to_string(moreEpochs)};
    }
    auto record = readRunDirectory(dir);
    if (!record) return record.error();
    if (record->trainingState.empty()) {
        return Error{ErrorCode::Format,
                     dir + ": has no " + run_files::kTrainingState +
                         " to continue from (a run that diverged, was stopped inside an epoch, "
                         "kept an earlier epoch's weights, is of a family trained in phases, or "
                         "was written before runs could be continued)"};
    }
    ResumePoint point;
    point.state = std::move(record->trainingState);
    point.history = record->history;
    point.groupSteps = record->training.groupSteps;
    ExperimentConfig config = record->config;
    const int earlier = static_cast<int>(record->history.size());
    config.training.epochs = moreEpochs;  // what this training adds
    auto r = continueExperiment(config, (fs::path(dir) / run_files::kWeights).string(), point,
                                hooks, cancel);
    if (!r) return r.error();
    r->config.training.epochs = earlier + moreEpochs;  // config.json: the whole run from scratch
    return r;
}

}  // namespace awb::core

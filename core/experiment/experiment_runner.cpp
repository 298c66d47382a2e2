// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/experiment_runner.h"

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
#include "core/experiment/latent_space.h"
#include "core/experiment/memory_budget.h"
#include "core/experiment/series_scoring.h"
#include "core/models/family.h"

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

/// The scores of the scored samples among `rows` (a search family scores a share of its
/// training and validation rows: scoreEvaluatedTerms, NaN for the others), with their anomaly
/// labels when asked: the finite ones; when none is finite, all, so that a model scoring NaN
/// gives a NaN threshold, not one from no rows.
std::vector<double> pickScored(const std::vector<double>& scores, const std::vector<size_t>& rows,
                               const std::vector<uint8_t>* anomaly = nullptr,
                               std::vector<uint8_t>* labels = nullptr) {
    std::vector<double> out;
    out.reserve(rows.size());
    const bool any =
        std::any_of(rows.begin(), rows.end(), [&](size_t r) { return std::isfinite(scores[r]); });
    for (size_t r : rows) {
        if (any && !std::isfinite(scores[r])) continue;
        out.push_back(scores[r]);
        if (labels) labels->push_back((*anomaly)[r]);
    }
    return out;
}

}  // namespace

std::optional<Error> firstNonFinite(const std::vector<float>& values) {
    for (size_t i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i])) continue;
        return Error{ErrorCode::InvalidArgument, "value " + std::to_string(i + 1) + " of " +
                                                     std::to_string(values.size()) +
                                                     " is not a finite number (" +
                                                     (std::isnan(values[i]) ? "nan"
                                                      : values[i] > 0       ? "inf"
                                                                            : "-inf") +
                                                     ")"};
    }
    return std::nullopt;
}

Expected<double> thresholdFor(const PreparedData& p, const std::vector<double>& scores,
                              const ThresholdRule& rule) {
    std::vector<uint8_t> validationLabels;
    const auto validation = pickScored(scores, p.split.validation, &p.anomaly, &validationLabels);
    return computeThreshold(rule, pickScored(scores, p.trainRows), validation, validationLabels);
}

Evaluation evaluateAt(const PreparedData& p, std::vector<double> scores, const ThresholdRule& rule,
                      double threshold, const Evaluation* previous) {
    Evaluation e;
    const auto trainScores = pickScored(scores, p.trainRows);
    e.trainErrorMean = mean(trainScores);
    e.trainErrorStd = stddev(trainScores);
    e.trainErrorCount = trainScores.size();
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
    e.scoresHash = std::hash<std::string_view>{}(std::string_view(
        reinterpret_cast<const char*>(scores.data()), scores.size() * sizeof(double)));
    if (previous && previous->scoresHash == e.scoresHash) {
        e.auroc = previous->auroc;
        e.auprc = previous->auprc;
    } else {
        e.auroc = auroc(testScores, testAnomaly);
        e.auprc = auprc(testScores, testAnomaly);
    }
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
    if (e.note.empty() && p.labelled && e.testAnomalies > 0 && e.auroc < 0.5) {
        char buf[400];
        std::snprintf(
            buf, sizeof buf,
            "AUROC %.3f is below 0.5: the scores rank the anomalies *below* the normal samples "
            "(upside down). The model reconstructs the anomalies better than the normal data: "
            "often too little training (try training.batch_size 0 and training.epochs 0, auto), "
            "or the anomalies are simpler than the normal class; check the normal label",
            e.auroc);
        e.note = buf;
    }
    if (p.data.kind == DataKind::TimeSeries && p.labelled) {
        e.hasPointAdjusted = true;  // the test part is the end of the series, in time order
        e.pointAdjusted = metricsFrom(pointAdjustedConfusionAt(testScores, testAnomaly, threshold));
    }
    e.scores = std::move(scores);
    return e;
}

namespace {

/// Label-free: when a weighted score term other than the first outweighs the others together
/// tenfold on the training windows (with point_score local: at the points where they start), the
/// score is in effect that term alone, which can rank anomalies backwards (NAB, USAD: AUROC 0.08
/// with e3 80x e1 on three of five seeds). Said in the evaluation's note, with the family's hint.
/// The score of each sample from its terms: the sum of weight x term.
std::vector<double> weightedSum(const std::vector<std::vector<double>>& terms,
                                const std::vector<double>& weights) {
    std::vector<double> out(terms.empty() ? 0 : terms[0].size(), 0.0);
    for (size_t t = 0; t < terms.size() && t < weights.size(); ++t) {
        for (size_t i = 0; i < out.size(); ++i) out[i] += weights[t] * terms[t][i];
    }
    return out;
}

void noteTermBalance(ExperimentResult& r) {
    const auto& terms = r.seriesTerms.empty() ? r.sampleTerms : r.seriesTerms;
    if (terms.size() < 2 || !r.model) return;
    const Family& family = familyOf(r.model->spec());
    const auto weights = r.model->termWeights();
    if (weights.size() != terms.size()) return;
    std::vector<double> means(terms.size(), 0.0);
    size_t n = 0;
    for (size_t start : r.prepared.trainRows) {
        if (start >= terms[0].size() || !std::isfinite(terms[0][start])) continue;  // not scored
        for (size_t t = 0; t < means.size(); ++t) means[t] += weights[t] * terms[t][start];
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
        std::snprintf(buf, sizeof buf,
                      "%s: the other terms weigh 0, the score is the term %s alone",
                      family.name.c_str(), name.c_str());
    } else {
        std::snprintf(buf, sizeof buf,
                      "%s: on the training %s the weighted term %s is %.0fx the others and "
                      "decides the score",
                      family.name.c_str(), r.seriesTerms.empty() ? "samples" : "windows",
                      name.c_str(), means[top] / others);
    }
    if (!r.evaluation.note.empty()) r.evaluation.note += "; ";
    r.evaluation.note += buf;
    if (others > 0 && !family.dominantTermHint.empty())
        r.evaluation.note += "; " + family.dominantTermHint;
}

/// Label-free: a run that took few optimizer steps, or whose training loss barely fell, has
/// likely not learned the normal data; said beside the metrics with what to try.
void noteTraining(ExperimentResult& r) {
    const auto& h = r.training.history;
    std::string note;
    char buf[320];
    const int64_t steps = r.training.groupSteps.empty() ? -1 : r.training.groupSteps.front();
    // Early stopping ends a run on purpose; with automatic settings, more steps need more data.
    const bool automatic = r.config.training.batchSize == 0 && r.config.training.epochs == 0;
    if (steps >= 0 && steps < 200 && r.training.outcome == TrainingOutcome::Completed &&
        !r.training.stoppedEarly) {
        std::snprintf(
            buf, sizeof buf,
            "only %lld optimizer steps (%d epochs at batch %lld): the model may be undertrained; ",
            static_cast<long long>(steps), r.training.epochsCompleted,
            static_cast<long long>(r.training.batchSize));
        note = buf;
        if (automatic) {
            note += "more training data would help";
        } else {
            std::snprintf(buf, sizeof buf,
                          "try training.batch_size 0 and training.epochs 0 (auto: about %lld "
                          "steps%s)",
                          static_cast<long long>(r.config.training.autoSteps),
                          r.config.training.patience > 0 && !r.prepared.split.validation.empty()
                              ? ", with early stopping"
                              : "");
            note += buf;
        }
    }
    // Only for one optimizer group (a reopened run's history keeps no group losses then): an
    // adversarial family's group loss (USAD's AE1: 1/n e1 + (1 - 1/n) e3) is not meant to fall
    // while the model learns.
    if (h.size() >= 2 && h.back().groupLosses.size() <= 1 && std::isfinite(h.front().trainLoss) &&
        std::isfinite(h.back().trainLoss) && h.front().trainLoss > 0 &&
        h.back().trainLoss > 0.9 * h.front().trainLoss && h.back().phase.empty()) {
        std::snprintf(
            buf, sizeof buf,
            "%sthe training loss fell only %.0f %% (%.4g in epoch 1, %.4g in epoch %d): the model "
            "learned little; more steps or a higher learning rate may help",
            note.empty() ? "" : "; ", 100.0 * (1 - h.back().trainLoss / h.front().trainLoss),
            h.front().trainLoss, h.back().trainLoss, h.back().epoch);
        note += buf;
    }
    // A GAN's health warnings (collapse, a stuck critic), each once.
    for (const auto& w : r.training.warnings)
        note += (note.empty() ? "training warned: " : "; training warned: ") + w;
    if (note.empty()) return;
    if (!r.evaluation.note.empty()) r.evaluation.note += "; ";
    r.evaluation.note += note;
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
    r.evaluation = evaluateAt(r.prepared, std::move(scores), rule, threshold, &r.evaluation);
    noteTermBalance(r);
    noteTraining(r);
}

namespace {

/// Training and validation rows a search family scores at most (spread evenly over each part,
/// in the split's order): the threshold's statistics need a sample of their errors, not every
/// one (Fashion-MNIST one class: 5,400 training and 6,000 validation images, 33 minutes of
/// AnoGAN's search here).
constexpr size_t kSearchedThresholdRows = 2000;

/// The samples a run's evaluation reads, sorted: its training rows, validation and test parts;
/// for a family whose scoring searches, at most kSearchedThresholdRows of the training rows and
/// of the validation part (the test part whole).
std::vector<size_t> evaluatedRows(const ExperimentResult& r) {
    const auto& p = r.prepared;
    std::vector<uint8_t> wanted(p.data.size(), 0);
    const bool share = r.model && r.model->scoringSearches();
    for (const auto* rows : {&p.trainRows, &p.split.validation, &p.split.test}) {
        const size_t size = rows->size();
        const size_t n =
            share && rows != &p.split.test ? std::min(size, kSearchedThresholdRows) : size;
        // Evenly spread over the part: a chronological split's rows are in time order, and its
        // first 2000 would be the start of the series only.
        for (size_t k = 0; k < n; ++k) wanted[(*rows)[k * size / n]] = 1;
    }
    std::vector<size_t> out;
    for (size_t i = 0; i < wanted.size(); ++i) {
        if (wanted[i]) out.push_back(i);
    }
    return out;
}

}  // namespace

Expected<std::vector<std::vector<double>>> scoreEvaluatedTerms(const ExperimentResult& r,
                                                               const CancelToken& cancel) {
    const auto& p = r.prepared;
    const auto loss = r.config.training.loss;
    if (!r.model->scoringSearches()) return r.model->scoreTerms(p.data, loss, cancel);
    // A search per sample: the rest of what was loaded (the training part's anomalies and rows
    // beyond max_train_samples, 54,000 of Fashion-MNIST's 70,000 for one class) stays NaN, "not
    // scored", as points no window covers.
    const auto rows = evaluatedRows(r);
    auto t = r.model->scoreTerms(rows.size() == p.data.size() ? p.data : p.data.subset(rows), loss,
                                 cancel);
    if (!t || rows.size() == p.data.size()) return t;
    std::vector<std::vector<double>> out(t->size(),
                                         std::vector<double>(p.data.size(), std::nan("")));
    for (size_t k = 0; k < t->size(); ++k) {
        for (size_t j = 0; j < rows.size(); ++j) out[k][rows[j]] = (*t)[k][j];
    }
    return out;
}

Status rescore(ExperimentResult& r, const CancelToken& cancel) {
    std::vector<std::vector<double>> terms;
    std::vector<double> scores;
    if (r.config.data.windowLength > 0) {
        auto t = seriesScoreTerms(*r.model, r.prepared.data, r.config.data, r.config.training.loss, cancel);
        if (!t) return t.error();
        auto s =
            seriesPointScores(*t, r.model->termWeights(), r.prepared.data.size(), r.config.data);
        if (!s) return s.error();
        terms = std::move(*t);
        scores = std::move(*s);
    } else if (familyOf(r.model->spec()).terms.size() > 1) {
        auto t = scoreEvaluatedTerms(r, cancel);
        if (!t) return t.error();
        scores = weightedSum(*t, r.model->termWeights());
        std::swap(r.sampleTerms, *t);
        auto st = evaluateScores(r, std::move(scores));
        r.seriesTerms.clear();
        if (!st) r.sampleTerms.clear();  // no longer those of the kept evaluation
        return st;
    } else {
        auto s = r.model->scores(r.prepared.data, r.config.training.loss, cancel);
        if (!s) return s.error();
        scores = std::move(*s);
    }
    r.sampleTerms.clear();
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
        auto scores = seriesPointScores(r.seriesTerms, r.model->termWeights(),
                                        r.prepared.data.size(), r.config.data);
        st = scores ? evaluateScores(r, std::move(*scores)) : Status(scores.error());
    } else if (r.sampleTerms.size() == weights.size() && r.config.data.windowLength == 0) {
        st = evaluateScores(r, weightedSum(r.sampleTerms, r.model->termWeights()));
    } else {
        st = rescore(r);  // no kept terms (a run opened from disk): one pass of the network
    }
    if (!st) {
        (void)r.model->setTermWeights(modelBefore);
        r.config.model.termWeights = configBefore;
    }
    return st;
}

void chooseLivePreviewRows(const PreparedData& prepared, size_t maxRows, std::vector<size_t>& rows,
                           std::vector<size_t>& sampleRows) {
    const auto& test = prepared.split.test;
    rows.clear();
    sampleRows.clear();
    const size_t n = std::min(test.size(), maxRows);
    for (size_t k = 0; k < n; ++k) rows.push_back(test[k * test.size() / n]);
    bool normal = false;
    size_t anomalies = 0;
    for (size_t i : test) {
        const bool anomaly = i < prepared.anomaly.size() && prepared.anomaly[i];
        if (!anomaly && !normal) {
            sampleRows.insert(sampleRows.begin(), i);
            normal = true;
        } else if (anomaly && anomalies < 2) {
            sampleRows.push_back(i);
            ++anomalies;
        }
        if (normal && anomalies == 2) break;
    }
}

namespace {

/// Computes live previews between epochs within a time budget: the next one waits until training
/// has run 20 times as long as the last one took (about 5 % overhead) and at least half a second,
/// except after the first and the last planned epoch.
class LivePreviewer {
public:
    LivePreviewer(const ExperimentResult& r, std::function<void(const LivePreview&)> sink,
                  std::function<bool()> wantsCodes)
        : r_(r), sink_(std::move(sink)), wantsCodes_(std::move(wantsCodes)) {
        if (!sink_) return;
        if (r_.config.data.windowLength > 0) {
            chooseWindows(size_t(r_.config.data.windowLength));
        } else {
            chooseLivePreviewRows(r_.prepared, kRows, rows_, sampleRows_);
            subset_ = r_.prepared.data.subset(rows_);
            samples_ = r_.prepared.data.subset(sampleRows_);
            for (size_t i : rows_)
                anomaly_.push_back(i < r_.prepared.anomaly.size() ? r_.prepared.anomaly[i] : 0);
            for (size_t i : sampleRows_)
                sampleAnomaly_.push_back(r_.prepared.anomaly.size() > i && r_.prepared.anomaly[i]);
        }
        if (r_.model) {
            const auto one = r_.model->generatedSamples(1);
            generative_ = one && !one->empty();
        }
        last_ = Clock::now();
    }

    /// Windowed series: up to kRows test windows spread evenly over the test part (an anomaly
    /// when any of its points is one), a window of normal points and two around anomalies.
    void chooseWindows(size_t length) {
        const auto& p = r_.prepared;
        const size_t n = p.data.size();
        std::vector<uint8_t> onTest(n, 0);
        for (size_t i : p.split.test) onTest[i] = 1;
        const std::vector<size_t> all = windowStarts(onTest, length, 1);
        if (all.empty()) return;
        // At most kRows windows, and at most about 4 M values cut (16 MB: long windows of many
        // features take fewer windows).
        const size_t perWindow = std::max<size_t>(1, length * p.data.sampleSize());
        const size_t count =
            std::min({all.size(), kRows, std::max<size_t>(50, 4000000 / perWindow)});
        auto anomalous = [&](size_t start) {
            for (size_t t = start; t < start + length && t < p.anomaly.size(); ++t)
                if (p.anomaly[t]) return true;
            return false;
        };
        for (size_t k = 0; k < count; ++k) {
            rows_.push_back(all[k * all.size() / count]);
            anomaly_.push_back(anomalous(rows_.back()));
        }
        windowLength_ = length;
        // A normal window first, then windows centred on the starts of two labelled stretches
        // (or, when the test part holds fewer starts, on anomalous points a window apart).
        for (size_t s : all) {
            if (!anomalous(s)) {
                sampleRows_.push_back(s);
                sampleAnomaly_.push_back(0);
                break;
            }
        }
        size_t picked = 0, lastCentre = SIZE_MAX;
        for (int pass = 0; pass < 2 && picked < 2; ++pass) {
            for (size_t s : all) {
                const size_t centre = s + length / 2;
                if (picked == 2 || centre >= p.anomaly.size()) break;
                if (!p.anomaly[centre]) continue;
                const bool stretchStart = centre == 0 || !p.anomaly[centre - 1];
                if (pass == 0 && !stretchStart) continue;
                if (std::find(sampleRows_.begin(), sampleRows_.end(), s) != sampleRows_.end())
                    continue;
                if (pass == 1 && lastCentre != SIZE_MAX && centre < lastCentre + length) continue;
                lastCentre = centre;
                sampleRows_.push_back(s);
                sampleAnomaly_.push_back(1);
                ++picked;
            }
        }
        subset_ = cutWindows(p.data, rows_, length);
        samples_ = cutWindows(p.data, sampleRows_, length);
    }

    void afterEpoch(const EpochReport& report) {
        if (!sink_ || (rows_.empty() && !generative_)) return;
        const auto now = Clock::now();
        const double since = std::chrono::duration<double>(now - last_).count();
        // At most twice a second: each preview is also drawn (four plots) on the window's thread.
        // The last epoch, planned or early-stopped, reports no time left.
        const bool last = report.epoch == report.epochs || report.etaSeconds <= 0;
        const bool due = report.epoch == 1 || last || since >= std::max(kMinInterval, 20 * cost_);
        if (!due) return;
        LivePreview p;
        p.epoch = report.epoch;
        p.sampleSpread = report.sampleSpread;
        p.warning = report.warning;
        p.windowLength = windowLength_;
        if (generative_) {
            if (auto g = r_.model->generatedSamples(kGenerated); g && !g->empty()) {
                p.generatedShape = r_.model->sampleShape();
                size_t values = 1;
                for (int64_t d : p.generatedShape) values *= size_t(d);
                p.generatedCount = g->size() / std::max<size_t>(1, values);
                p.generated = std::move(*g);
            }
        }
        // A latent search per sample is far too slow to score the test part every epoch.
        if (r_.model->scoringSearches() || rows_.empty()) return finish(p, now);
        auto scores = r_.model->scores(subset_, r_.config.training.loss);
        if (!scores) return;  // a preview is a courtesy: training goes on
        p.rows = rows_;
        p.scores = std::move(*scores);
        p.anomaly = anomaly_;
        p.auroc = auroc(p.scores, p.anomaly);
        if (windowLength_ == 0 && hasCode_ && (!wantsCodes_ || wantsCodes_())) addCodes(p);
        std::vector<size_t> all(sampleRows_.size());
        for (size_t k = 0; k < all.size(); ++k) all[k] = k;
        if (auto rec = r_.model->reconstruct(samples_, all); rec && !sampleRows_.empty()) {
            p.sampleRows = sampleRows_;
            if (auto sampleScores = r_.model->scores(samples_, r_.config.training.loss))
                p.sampleScores = std::move(*sampleScores);
            p.sampleAnomaly = sampleAnomaly_;
            p.sampleShape = samples_.sampleShape;
            p.inputs = samples_.values;
            p.reconstructions = std::move(*rec);
            if (windowLength_ > 0) {
                // A window is {length, features}, time first: its first feature as a curve.
                const size_t features = samples_.sampleSize() / windowLength_;
                auto firstFeature = [&](const std::vector<float>& v) {
                    std::vector<float> out;
                    for (size_t k = 0; k < v.size(); k += features) out.push_back(v[k]);
                    return out;
                };
                p.inputs = firstFeature(p.inputs);
                p.reconstructions = firstFeature(p.reconstructions);
                p.sampleShape = {int64_t(windowLength_)};
            }
        }
        finish(p, now);
    }

    /// The preview rows' codes projected by PCA (a model without a code, or with too wide a one,
    /// stops asking).
    void addCodes(LivePreview& p) {
        auto codes = r_.model->codes(subset_);
        if (!codes || codes->units == 0 || codes->units > kMaxProjectedDims) {
            hasCode_ = false;
            return;
        }
        auto view = projectOntoTwo(codes->values, subset_.size(), codes->units);
        if (!view) return;
        p.codeX = std::move(view->x);
        p.codeY = std::move(view->y);
        p.codeDims = view->dims;
        p.codeExplainedX = view->explainedX;
        p.codeExplainedY = view->explainedY;
    }

    void finish(LivePreview& p, std::chrono::steady_clock::time_point started) {
        last_ = Clock::now();
        cost_ = std::chrono::duration<double>(last_ - started).count();
        p.seconds = cost_;
        sink_(p);
    }

private:
    using Clock = std::chrono::steady_clock;
    static constexpr size_t kRows = 2000;
    static constexpr size_t kGenerated = 16;  ///< samples drawn from fixed codes
    bool generative_ = false;
    bool hasCode_ = true;
    static constexpr double kMinInterval = 0.5;  ///< seconds
    const ExperimentResult& r_;
    std::function<void(const LivePreview&)> sink_;
    std::function<bool()> wantsCodes_;
    std::vector<size_t> rows_, sampleRows_;
    std::vector<uint8_t> anomaly_, sampleAnomaly_;
    size_t windowLength_ = 0;
    Dataset subset_, samples_;
    Clock::time_point last_;
    double cost_ = 0;
};

}  // namespace

namespace {

Expected<ExperimentResult> runOrContinue(const ExperimentConfig& config,
                                         const ExperimentHooks& hooks, const CancelToken& cancel,
                                         const std::string& weightsPath, const ResumePoint* resume);

}  // namespace

Expected<ExperimentResult> runExperiment(const ExperimentConfig& config, const ExperimentHooks& hooks,
                                         const CancelToken& cancel) {
    return runOrContinue(config, hooks, cancel, {}, nullptr);
}

Expected<ExperimentResult> continueExperiment(const ExperimentConfig& config,
                                              const std::string& weightsPath,
                                              const ResumePoint& resume,
                                              const ExperimentHooks& hooks,
                                              const CancelToken& cancel) {
    return runOrContinue(config, hooks, cancel, weightsPath, &resume);
}

namespace {

Expected<ExperimentResult> runOrContinue(const ExperimentConfig& config,
                                         const ExperimentHooks& hooks, const CancelToken& cancel,
                                         const std::string& weightsPath,
                                         const ResumePoint* resume) {
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
        // Automatic threads: a small network trains on one (no faster on more, and never
        // stalled by a neighbour taking a core from one of its threads).
        if (config.threads <= 0)
            setCurrentThreads(threadsForWork(estimate.batchWork, currentThreads()));
    }
    auto model = resume
                     ? Model::load(weightsPath, config.model, inputShape, config.device)
                     : Model::create(config.model, inputShape, config.training.seed, config.device);
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
    TrainingConfig training = config.training;
    // Early stopping chooses weights by the monitored loss: never by the test part's.
    const bool monitorIsValidation = !r.prepared.split.validation.empty();
    if (!monitorIsValidation) training.patience = 0;
    TrainingHooks trainingHooks = hooks.training;
    LivePreviewer previewer(r, hooks.preview, hooks.previewCodes);
    if (hooks.preview) {
        trainingHooks.epochEnded = [&](const EpochReport& report) {
            // The preview first: a caller's hook may hold the run there (a paused window).
            previewer.afterEpoch(report);
            if (hooks.training.epochEnded) hooks.training.epochEnded(report);
        };
    }
    auto summary = train(*r.model, trainSet, monitorSet, training, trainingHooks, cancel, resume);
    if (!summary) return summary.error();
    r.training = std::move(*summary);
    if (config.training.patience > 0 && !monitorIsValidation && r.training.message.empty()) {
        r.training.message =
            "early stopping off: there is no validation part to choose the epoch with "
            "(preprocessing.validation_fraction is 0 or leaves no sample); trained all " +
            std::to_string(r.training.epochsPlanned) + " epochs";
    }

    // Scoring runs even after a stop, so the kept weights can be inspected; a stop requested
    // while scoring ends the run with ErrorCode::Cancelled.
    const CancelToken scoringCancel = cancel.fromNow();
    stage("scoring");
    if (hooks.scoring) {
        const size_t total =
            windowed ? r.prepared.data.size() - std::min(r.prepared.data.size(), length - 1)
            : r.model->scoringSearches() ? evaluatedRows(r).size()
                                         : r.prepared.data.size();
        // A copy of the caller's function: nothing dangles if the model outlives this call.
        r.model->setScoringProgress(
            [done = size_t{0}, total, scoring = hooks.scoring](size_t n) mutable {
                done += n;
                scoring(done, total);
            });
    }
    auto scored = rescore(r, scoringCancel);
    r.model->setScoringProgress({});
    if (auto st = std::move(scored); !st) {
        if (st.error().code == ErrorCode::Cancelled) {
            return Error{ErrorCode::Cancelled, "stopped while scoring; the run was not kept"};
        }
        return st.error();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace

Expected<SampleScore> scoreScaledSample(const ExperimentResult& result,
                                        const std::vector<float>& values) {
    if (!result.model) return Error{ErrorCode::InvalidArgument, "the run has no trained model"};
    if (result.config.data.windowLength > 0) {
        return Error{ErrorCode::InvalidArgument,
                     "a windowed series scores windows, not single samples"};
    }
    Dataset one;
    one.kind = result.prepared.data.kind;
    one.sampleShape = result.prepared.data.sampleShape;
    if (values.size() != one.sampleSize()) {
        return Error{ErrorCode::InvalidArgument,
                     "a sample of this run has " + std::to_string(one.sampleSize()) +
                         " values, not " + std::to_string(values.size())};
    }
    if (auto bad = firstNonFinite(values)) return *bad;
    one.values = values;
    auto scores = result.model->scores(one, result.config.training.loss);
    if (!scores) return scores.error();
    auto rec = result.model->reconstruct(one, {0});
    if (!rec) return rec.error();
    SampleScore out;
    out.score = scores->front();
    out.reconstruction = std::move(*rec);
    out.flagged = out.score > result.evaluation.threshold;
    return out;
}

Expected<std::vector<double>> scoreNewData(const ExperimentResult& result, const DataConfig& data) {
    if (!result.model) return Error{ErrorCode::InvalidArgument, "the run has no trained model"};
    if (result.config.data.windowLength > 0) {
        return Error{ErrorCode::InvalidArgument,
                     "scoring a new file is for rows and images; this run is a windowed series"};
    }
    auto loaded = loadData(data);
    if (!loaded) return loaded.error();
    Dataset& d = *loaded;
    layOutForFamily(d, result.config.model.family);
    if (d.sampleShape != result.prepared.data.sampleShape) {
        auto shape = [](const Dataset& x) {
            std::string t;
            for (int64_t v : x.sampleShape) t += (t.empty() ? "" : " x ") + std::to_string(v);
            return t;
        };
        return Error{ErrorCode::Format, data.path + ": its samples are " + shape(d) +
                                            " values; the run's are " +
                                            shape(result.prepared.data)};
    }
    result.prepared.scaler.apply(d);
    return result.model->scores(d, result.config.training.loss);
}

}  // namespace awb::core

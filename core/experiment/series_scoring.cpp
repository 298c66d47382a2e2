// SPDX-License-Identifier: GPL-3.0-or-later
// Time series: window scores and their terms mapped to points, reconstruction of the series.
#include "core/experiment/series_scoring.h"

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

Status checkWindowFits(size_t length, size_t points) {
    if (points >= length) return {};
    return Error{ErrorCode::InvalidArgument, "data.window_length: " + std::to_string(length) +
                                                 " is longer than the series (" +
                                                 std::to_string(points) + " points)"};
}

namespace {

/// config.point_score parsed, its error naming the field.
Expected<PointScore> pointScoreOf(const DataConfig& config) {
    auto how = parsePointScore(config.pointScore);
    if (!how) return Error{how.error().code, "data.point_score: " + how.error().message};
    return how;
}

}  // namespace

Expected<std::vector<std::vector<double>>> seriesScoreTerms(const Model& model,
                                                            const Dataset& points,
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
        auto chunk =
            local ? model.stepTerms(cut, loss, cancel) : model.scoreTerms(cut, loss, cancel);
        if (!chunk) return chunk.error();
        if (local) {
            if (stepMeans.empty())
                stepMeans.assign(chunk->size(), StepMeans(points.size(), length));
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
std::vector<double> combineTerms(const std::vector<std::vector<double>>& terms,
                                 const std::vector<double>& weights) {
    if (terms.size() <= 1) return terms.empty() ? std::vector<double>{} : terms[0];
    std::vector<double> out(terms[0].size());
    for (size_t k = 0; k < out.size(); ++k) {
        double sum = terms[0][k] * weights.at(0);
        for (size_t t = 1; t < terms.size(); ++t) sum += terms[t][k] * weights.at(t);
        out[k] = sum;
    }
    return out;
}

}  // namespace

Expected<std::vector<double>> seriesPointScores(const std::vector<std::vector<double>>& terms,
                                                const std::vector<double>& weights, size_t points,
                                                const DataConfig& config) {
    auto how = pointScoreOf(config);
    if (!how) return how.error();
    if (*how == PointScore::Local) return combineTerms(terms, weights);
    return pointScores(combineTerms(terms, weights), points,
                       static_cast<size_t>(config.windowLength), *how);
}

Expected<std::vector<double>> scoreSeries(const Model& model, const Dataset& points,
                                          const DataConfig& config, LossKind loss,
                                          const CancelToken& cancel) {
    auto terms = seriesScoreTerms(model, points, config, loss, cancel);
    if (!terms) return terms.error();
    return seriesPointScores(*terms, model.termWeights(), points.size(), config);
}

Expected<StretchScore> scoreEditedStretch(const ExperimentResult& r, size_t start,
                                          const std::vector<float>& values) {
    const Dataset& points = r.prepared.data;
    const size_t length = static_cast<size_t>(std::max<int64_t>(0, r.config.data.windowLength));
    if (!r.model || length == 0)
        return Error{ErrorCode::InvalidArgument, "the run has no windowed time-series model"};
    const size_t f = points.sampleSize();
    if (start + length > points.size()) {
        return Error{ErrorCode::InvalidArgument, "a stretch of " + std::to_string(length) +
                                                     " points from point " + std::to_string(start) +
                                                     " runs past the series' end (" +
                                                     std::to_string(points.size()) + " points)"};
    }
    if (values.size() != length * f) {
        return Error{ErrorCode::InvalidArgument,
                     "a stretch of this run has " + std::to_string(length * f) + " values (" +
                         std::to_string(length) + " points x " + std::to_string(f) +
                         " features), not " + std::to_string(values.size())};
    }
    if (auto bad = firstNonFinite(values)) return *bad;
    // The points every window covering the stretch reads: up to a window either side. Scored
    // alone, the stretch's points get exactly the windows they get in the whole series.
    const size_t from = start >= length - 1 ? start - (length - 1) : 0;
    const size_t to = std::min(points.size(), start + 2 * length - 1);
    Dataset local;
    local.kind = points.kind;
    local.sampleShape = points.sampleShape;
    local.values.assign(points.values.begin() + long(from * f),
                        points.values.begin() + long(to * f));
    std::copy(values.begin(), values.end(), local.values.begin() + long((start - from) * f));
    auto scores = scoreSeries(*r.model, local, r.config.data, r.config.training.loss);
    if (!scores) return scores.error();
    const Dataset window = cutWindows(local, {start - from}, length);
    auto rec = r.model->reconstruct(window, {0});
    if (!rec) return rec.error();
    StretchScore out;
    out.pointScores.assign(scores->begin() + long(start - from),
                           scores->begin() + long(start - from + length));
    for (double s : out.pointScores) out.flagged += s > r.evaluation.threshold;
    out.reconstruction = std::move(*rec);
    return out;
}

Expected<std::vector<float>> seriesReconstruction(const ExperimentResult& r) {
    const Dataset& points = r.prepared.data;
    const size_t length = static_cast<size_t>(r.config.data.windowLength);
    if (!r.model || length == 0 || points.size() < length) {
        return Error{ErrorCode::InvalidArgument,
                     "no windowed time-series model to reconstruct with"};
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

std::vector<std::vector<double>> pointTerms(const ExperimentResult& r) {
    std::vector<std::vector<double>> out;
    auto how = parsePointScore(r.config.data.pointScore);
    if (!how || r.config.data.windowLength <= 0) return out;
    if (*how == PointScore::Local) return r.seriesTerms;  // per point already
    for (const auto& t : r.seriesTerms) {
        out.push_back(pointScores(t, r.prepared.data.size(),
                                  static_cast<size_t>(r.config.data.windowLength), *how));
    }
    return out;
}

}  // namespace awb::core

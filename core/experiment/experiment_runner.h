// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/common/expected.h"
#include "core/data/dataset.h"
#include "core/data/preprocessing.h"
#include "core/evaluation/metrics.h"
#include "core/experiment/experiment_config.h"
#include "core/models/model.h"
#include "core/training/trainer.h"

namespace awb::core {

/// Reads the data a config names (CSV file or built-in set) with its label column.
Expected<Dataset> loadData(const DataConfig& config);

/// The main data followed by the separate test file when the config names one; `testStart` is
/// the first test row (the size of the data when there is no test file).
struct LoadedData {
    Dataset data;
    size_t testStart = 0;
};
Expected<LoadedData> loadExperimentData(const DataConfig& config);

/// Data ready to train on: scaled with statistics of the training part only, split, and with the
/// rows to train on and to monitor the validation loss on.
struct PreparedData {
    Dataset data;                  ///< all samples, scaled
    std::vector<uint8_t> anomaly;  ///< 1 = anomaly, per sample; all 0 when unlabelled
    bool labelled = false;
    Split split;
    std::vector<size_t> trainRows;    ///< what the model is trained on
    std::vector<size_t> monitorRows;  ///< what the validation loss is computed on
    std::string monitorDescription;   ///< says which rows those are
    Scaler scaler;
    /// Where each sample was read: its data row in its own file (0 = the first row after any
    /// header), and the first sample read from a separate test file (SIZE_MAX when none). Rows
    /// left out (classes not chosen) make a sample's index differ from its row.
    std::vector<size_t> fileRow;
    size_t testFileStart = SIZE_MAX;
};

/// A sample's place in its file when it differs from its index ("test file row 0", "row 812"),
/// else empty: what the window shows beside a sample number.
std::string samplePlace(const PreparedData& prepared, size_t index);

/// Splits (seeded), fits the scaler (on the rows trained on, or the whole training part, as
/// preprocessing.scaler_fit says), applies it to everything. Rows from
/// `testStart` on are the test part as they are (a separate test file); by default the test part
/// is drawn at random.
Expected<PreparedData> prepareData(const ExperimentConfig& config, Dataset raw,
                                   size_t testStart = SIZE_MAX);

/// The sample layout a family reads: a sequence model given one series per row reads it as that
/// many one-value steps ({140} -> {140, 1}). prepareData applies it; so does scoring a new file.
void layOutForFamily(Dataset& data, const std::string& family);

/// Scores and metrics at one threshold. Metrics are computed on the test part, anomaly positive.
struct Evaluation {
    std::vector<double> scores;  ///< every sample, in dataset order
    ThresholdRule rule;
    double threshold = 0;
    double trainErrorMean = 0;
    double trainErrorStd = 0;
    size_t trainErrorCount = 0;  ///< training rows the two statistics were taken over
    size_t testCount = 0;
    size_t testAnomalies = 0;
    /// Why some figures cannot be computed (no labels, no anomalies or only anomalies in the test
    /// part); empty when all can. Shown beside the metrics in the CLI, the GUI and metrics.json.
    std::string note;
    double testMeanError = 0;        ///< mean score over the test part (test MSE with loss mse)
    double testNormalMeanError = 0;  ///< the same over its normal samples
    double auroc = 0;  ///< NaN when the test part lacks a class
    double auprc = 0;
    /// Identifies the scores AUROC and AUPRC were computed from: a threshold moved over the same
    /// scores reuses them instead of sorting the test part again.
    uint64_t scoresHash = 0;
    ClassificationMetrics metrics;
    /// Time series only (points in time order): the point-adjusted figures, which inflate
    /// results; everything above is point-wise.
    bool hasPointAdjusted = false;
    ClassificationMetrics pointAdjusted;
};

/// Training errors (the rows trained on), validation scores and labels picked out of `scores`.
Expected<double> thresholdFor(const PreparedData& prepared, const std::vector<double>& scores,
                              const ThresholdRule& rule);

/// Evaluation at a given threshold (the GUI calls this as the line moves). With `previous`
/// computed from the same scores, its threshold-free figures (AUROC, AUPRC) are reused.
Evaluation evaluateAt(const PreparedData& prepared, std::vector<double> scores,
                      const ThresholdRule& rule, double threshold,
                      const Evaluation* previous = nullptr);

/// What the model makes of the test part while it trains (the window's live views): the
/// scores of a fixed subset of test rows, their AUROC, and a few fixed samples reconstructed.
struct LivePreview {
    int epoch = 0;
    std::vector<size_t> rows;            ///< test rows scored (the same every epoch), in order
    std::vector<double> scores;          ///< of `rows`
    std::vector<uint8_t> anomaly;        ///< of `rows`
    double auroc = 0;                    ///< NaN when the subset lacks a class
    std::vector<size_t> sampleRows;      ///< reconstructed: a normal test sample, then anomalies
    std::vector<uint8_t> sampleAnomaly;  ///< of sampleRows
    std::vector<double> sampleScores;    ///< of sampleRows (they need not be among `rows`)
    std::vector<int64_t> sampleShape;    ///< of one sample ({features} or {C, H, W})
    std::vector<float> inputs;           ///< sampleRows.size() x sample size, as scaled
    std::vector<float> reconstructions;
    double seconds = 0;  ///< what computing this preview took
    /// Windowed series: `rows` and `sampleRows` are the first points of windows this long, a
    /// window is an anomaly when it holds an anomalous point, and the samples show the first
    /// feature of each window ({windowLength}). 0 for rows and images.
    size_t windowLength = 0;
    /// Generative families (the GANs): samples the generator draws from fixed codes (the same
    /// every epoch, so mode collapse shows as it happens), generatedCount x sample size, in the
    /// data's layout (windows: {length, features}); empty for the others. A family whose
    /// scoring searches (AnoGAN, MAD-GAN) shows only these: `rows` stay empty.
    std::vector<float> generated;
    size_t generatedCount = 0;
    std::vector<int64_t> generatedShape;  ///< of one generated sample
    /// Rows and images of a family with a code (its bottleneck): `rows`' codes projected onto
    /// their first two principal components this epoch (as latentView, of these rows), for the
    /// latent view to follow the training; empty otherwise.
    std::vector<double> codeX, codeY;
    size_t codeDims = 0;
    double codeExplainedX = 0, codeExplainedY = 0;
    double sampleSpread = 0;              ///< EpochReport::sampleSpread of the epoch
    std::string warning;                  ///< EpochReport::warning of the epoch
};

struct ExperimentHooks {
    TrainingHooks training;
    std::function<void(const std::string&)> stage;  ///< "loading data", "training", ...
    /// Called on the training thread after an epoch when set (windowed series: on test
    /// windows, LivePreview::windowLength): at most twice a second and as often as keeps its cost
    /// under about 5 % of training time, and always after the first and the last epoch. Scoring
    /// leaves the training as it was (same losses with or without it).
    std::function<void(const LivePreview&)> preview;
    /// Asked before each preview, on the training thread: whether to add the rows' codes
    /// (LivePreview::codeX; they cost about half a scoring pass). Unset: always.
    std::function<bool()> previewCodes;
    /// Called on the scoring thread after each scoring batch of the final scoring: samples (or
    /// windows) scored so far and in all. Slow for the latent-search families (AnoGAN, MAD-GAN).
    std::function<void(size_t done, size_t total)> scoring;
};

/// Test rows a live preview scores (at most `maxRows`, evenly spread over the test part, the same
/// each epoch) and the samples it reconstructs (the first normal and up to two anomalies).
void chooseLivePreviewRows(const PreparedData& prepared, size_t maxRows, std::vector<size_t>& rows,
                           std::vector<size_t>& sampleRows);

struct ExperimentResult {
    ExperimentConfig config;
    PreparedData prepared;
    std::optional<Model> model;
    TrainingSummary training;
    Evaluation evaluation;
    double seconds = 0;
    /// Time series: the score parts (USAD: e1 and e3; one part, the score, for the other models)
    /// of every stride-1 window, or with point_score local of every point, kept so that USAD's α
    /// re-scores without the network.
    std::vector<std::vector<double>> seriesTerms;
    /// Rows and images of a family whose score has several terms (f-AnoGAN, AnoGAN): each term
    /// of every sample, kept so that a new weight re-scores without the network (AnoGAN's
    /// search would otherwise run again). Empty for one-term families and windowed series.
    std::vector<std::vector<double>> sampleTerms;
};

/// Loads, prepares, trains, scores and evaluates. A training stopped by the user or by a diverging
/// loss still yields a result (with the kept weights) and says so in `training`; errors are for
/// bad data or settings.
Expected<ExperimentResult> runExperiment(const ExperimentConfig& config,
                                         const ExperimentHooks& hooks = {},
                                         const CancelToken& cancel = CancelToken());

/// runExperiment for a training that goes on: the model's weights loaded from `weightsPath`, the
/// training continued from `resume` for config.training.epochs more epochs (see train()).
Expected<ExperimentResult> continueExperiment(const ExperimentConfig& config,
                                              const std::string& weightsPath,
                                              const ResumePoint& resume,
                                              const ExperimentHooks& hooks = {},
                                              const CancelToken& cancel = CancelToken());

/// The score parts (Model::scoreTerms) of every stride-1 window of a time series, in order; with
/// config.point_score local, the per-point parts instead (Model::stepTerms, each point the mean of
/// its own error over the windows covering it).
Expected<std::vector<std::vector<double>>> seriesScoreTerms(const Model& model, const Dataset& points,
                                                            const DataConfig& config, LossKind loss,
                                                            const CancelToken& cancel = CancelToken());

/// Per-point scores of a time series from its stride-1 windows (config.window_length), each point
/// taking the max or mean of the windows covering it, or the mean of its own error in them
/// (config.point_score max, mean, local).
Expected<std::vector<double>> scoreSeries(const Model& model, const Dataset& points, const DataConfig& config,
                                          LossKind loss, const CancelToken& cancel = CancelToken());

/// A windowed series run with one stretch of its series redrawn: the `values` ({window length,
/// features}, time first, on the model's scale) replace the points from `start`, and every window
/// covering them is scored again as the run scores its series. Gives the stretch's point scores
/// (what the run would give those points in the edited series), the reconstruction of the window
/// at `start` and how many of the points the run's threshold flags. The window "draw your own"
/// uses it; errors name the expected number of values or the stretch.
struct StretchScore {
    std::vector<double> pointScores;
    std::vector<float> reconstruction;
    size_t flagged = 0;
};
Expected<StretchScore> scoreEditedStretch(const ExperimentResult& result, size_t start,
                                          const std::vector<float>& values);

/// Time series: every point's reconstruction (points x features, as the data), from consecutive
/// non-overlapping windows with the last one aligned to the end of the series.
Expected<std::vector<float>> seriesReconstruction(const ExperimentResult& result);

/// "data.window_length: ... is longer than the series" when `length` exceeds `points`.
Status checkWindowFits(size_t length, size_t points);

/// Sets the weights of the score terms on the model and the config and re-evaluates from the kept
/// window terms, without running the network (falls back to rescore when none are kept). On an
/// error the result is as it was.
Status setTermWeights(ExperimentResult& result, const std::vector<double>& weights);

/// Time series: each score part mapped to points as the scores are (max or mean of the windows
/// covering a point): the family's terms (USAD's {e1, e3}) per point, to show what the score is
/// made of. Empty when the result has no window terms.
std::vector<std::vector<double>> pointTerms(const ExperimentResult& result);

/// Evaluates `result` with these scores at one threshold (evaluateAt), with the notes that need
/// more than the prepared data (USAD's term balance). Use it rather than evaluateAt on a result.
void evaluateResultAt(ExperimentResult& result, std::vector<double> scores, const ThresholdRule& rule,
                      double threshold);

/// An edited sample's values (scoreScaledSample, scoreEditedStretch) must be numbers: the error
/// names the first that is not (its position, counted from 1); none when all are.
std::optional<Error> firstNonFinite(const std::vector<float>& values);

/// One sample given on the model's scale (as the window shows it: after scaling), scored by a
/// trained run: its score, its reconstruction and whether the run's threshold flags it. The
/// window's "draw your own" uses it. Errors name the expected number of values.
struct SampleScore {
    double score = 0;
    std::vector<float> reconstruction;
    bool flagged = false;
};
Expected<SampleScore> scoreScaledSample(const ExperimentResult& result,
                                        const std::vector<float>& values);

/// A new file's rows scored by a trained run: read as `data` says (its label column left out),
/// scaled with the run's scaler and scored like the run's samples. Rows and images; not
/// windowed series. Errors name the file and what does not fit (feature count, shape).
Expected<std::vector<double>> scoreNewData(const ExperimentResult& result, const DataConfig& data);

/// The score terms of every sample of `r` (one vector per term). A model whose scoring searches
/// (Model::scoringSearches) scores only what the evaluation reads: the test part, and at most
/// 2000 of the training rows and of the validation part (the threshold's statistics); the others
/// are NaN, "not scored".
Expected<std::vector<std::vector<double>>> scoreEvaluatedTerms(
    const ExperimentResult& r, const CancelToken& cancel = CancelToken());

/// Runs the model already trained in `result` over its data again and re-evaluates. A cancelled
/// token ends it with ErrorCode::Cancelled and leaves `result` as it was.
Status rescore(ExperimentResult& result, const CancelToken& cancel = CancelToken());

}  // namespace awb::core

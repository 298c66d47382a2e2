// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_runner.h"

namespace awb::core {

/// File names inside a run directory.
namespace run_files {
inline constexpr const char* kConfig = "config.json";
inline constexpr const char* kWeights = "model.pt";
inline constexpr const char* kHistory = "history.csv";
inline constexpr const char* kScores = "scores.csv";
inline constexpr const char* kMetrics = "metrics.json";
inline constexpr const char* kScaler = "scaler.json";
/// The score's terms (USAD, the GANs), so that a reopened run re-weights them without running
/// the network (a latent search over every scored sample): row,<term>,... Optional.
inline constexpr const char* kTerms = "terms.csv";
/// The optimizers' and the random generator's states at the end of training, so that the run can
/// be continued (resumeExperiment). Optional: absent for runs that cannot be continued.
inline constexpr const char* kTrainingState = "training_state.pt";
}  // namespace run_files

/// Writes config.json, model.pt, history.csv, scores.csv, metrics.json, scaler.json (and terms.csv
/// for a score of several terms) into a
/// temporary sibling folder and then swaps it into place, so that `dir` always holds either the
/// complete old run or the complete new one. An existing `dir` is replaced only when it is empty
/// or is itself a run directory. Temporary folders left by saves into `dir` that were killed
/// (their process is gone) are removed first. A failed write (disk full, file too large) is
/// reported naming the file; the old run stays and the temporary folder is removed.
Status writeRunDirectory(const std::string& dir, const ExperimentResult& result);

/// scores.csv's content: index,split,label,anomaly,score,predicted for every sample, predicted at
/// the result's current threshold.
std::string scoresCsv(const ExperimentResult& result);

/// metrics.json's content for a result.
std::string metricsJson(const ExperimentResult& result);

struct ScoreRow {
    size_t index = 0;
    std::string split;  ///< train, validation or test
    std::string label;  ///< class name, empty when unlabelled
    int anomaly = 0;    ///< ground truth, 1 = anomaly
    double score = 0;
    int predicted = 0;  ///< 1 = flagged at the run's threshold
};

/// What a run directory holds, read back (the weights stay on disk; load them with Model::load
/// using config.model and sampleShape).
struct RunRecord {
    ExperimentConfig config;
    std::vector<EpochReport> history;
    /// metrics.json's "training" (outcome, steps, batch, early stopping, message); its history
    /// is `history`. Fields a run of an older version did not write keep their defaults.
    TrainingSummary training;
    std::vector<ScoreRow> scores;
    double threshold = 0;
    std::vector<int64_t> sampleShape;
    std::string metricsJson;
    /// terms.csv: one vector per score term (empty when the run wrote none).
    std::vector<std::vector<double>> terms;
    /// training_state.pt's bytes (empty when the run has none).
    std::string trainingState;
};

Expected<RunRecord> readRunDirectory(const std::string& dir);

}  // namespace awb::core

namespace awb::core {

/// A whole run back from its directory: the data reloaded and prepared as the config says, the
/// weights loaded, history and scores as stored (so the numbers are those the run wrote), the
/// evaluation at the stored threshold. Fails when the run's data file is gone.
Expected<ExperimentResult> loadRun(const std::string& dir);

/// Continues the run in `dir` for `moreEpochs` epochs: its data prepared again as its config
/// says, its weights, its optimizers' and random generator's states, its history; then scored and
/// evaluated as a run is. The result's config counts all the epochs (training.epochs = the
/// earlier ones + moreEpochs), so that config.json runs it again from scratch. Same data, machine
/// and thread count: the same weights and figures as one run of all the epochs (CPU; early
/// stopping starts afresh). Fails, naming the folder, for a run without a training state (written
/// before resuming existed, diverged, or of a family trained in phases).
Expected<ExperimentResult> resumeExperiment(const std::string& dir, int moreEpochs,
                                            const ExperimentHooks& hooks = {},
                                            const CancelToken& cancel = CancelToken());

}  // namespace awb::core

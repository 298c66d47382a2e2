// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/common/expected.h"
#include "core/data/dataset.h"
#include "core/models/model.h"
#include "core/training/noise.h"

namespace awb::core {

enum class OptimizerKind { Adam, Sgd, RmsProp };
const char* toString(OptimizerKind optimizer);
Expected<OptimizerKind> parseOptimizerKind(const std::string& text);

struct TrainingConfig {
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 1e-3;
    double momentum = 0.9;  ///< SGD only
    /// The most epochs; 0 = auto: enough for about autoSteps optimizer steps (resolvedEpochs).
    int epochs = 0;
    /// Optimizer steps automatic epochs aim at (a preset sizes its training in steps this way:
    /// the same epochs on its reference data, more on a smaller set).
    int autoSteps = 4000;
    /// 0 = auto: from the number of training samples (resolvedBatchSize): several steps an epoch
    /// from 32 samples on.
    int batchSize = 0;
    /// Early stopping: stop when the validation loss has not improved for this many epochs and
    /// keep the best epoch's weights (also when training runs to its last epoch); 0 = off. Only
    /// with a validation part (runExperiment turns it off when the curve is drawn on the test
    /// part) and for single-phase modules.
    int patience = 10;
    LossKind loss = LossKind::Mae;
    /// Std of Gaussian noise added to the inputs only (denoising); the target stays clean.
    double noiseStd = 0.0;
    NoiseKind noiseKind = NoiseKind::Gaussian;
    /// Fraction of values hit by salt-and-pepper or masking noise.
    double noiseAmount = 0.0;

    NoiseSpec noise() const { return {noiseKind, noiseStd, noiseAmount}; }
    uint64_t seed = 42;
    /// Trains with each optimizer group's parameters packed into contiguous blocks
    /// (PackedParameters, on the CPU): the same arithmetic in far fewer operations. Not a
    /// config-file setting: benchmarks and tests compare both ways. A continued run follows the
    /// layout its saved optimizer state has.
    bool packParameters = true;
};

/// Optimizer steps an automatic epoch count aims at by default.
constexpr int64_t kAutoSteps = 4000;

/// The batch size used for n training samples: the configured one (at most n), or with 0 the
/// largest power of two at most n / 16, within [16, 256] and at most n.
int64_t resolvedBatchSize(int configured, int64_t n);

/// The epochs planned: the configured number, or with 0 enough for about `autoSteps` steps at
/// `batchesPerEpoch`, within [10, 1000].
int resolvedEpochs(int configured, int64_t batchesPerEpoch, int64_t autoSteps = kAutoSteps);

/// Checks every field; the message names the field ("training.epochs: ...").
Status validate(const TrainingConfig& config);

struct EpochReport {
    int epoch = 0;           ///< 1-based
    int epochs = 0;
    double trainLoss =
        0;  ///< the phase's first group's mean loss over the epoch, weighted by batch size
    std::string phase;  ///< the training phase's name ("" with a single phase)
    /// Every optimizer group's mean loss over the epoch (NaN for groups frozen in this phase),
    /// named by groupNames.
    std::vector<double> groupLosses;
    std::vector<std::string> groupNames;
    double valLoss = 0;      ///< NaN without validation data
    double seconds = 0;      ///< this epoch's wall-clock time
    double etaSeconds = 0;   ///< estimate for the remaining epochs
    /// Generative families (the GANs): how much the generator's samples from fixed codes vary,
    /// against the training data (the mean over values of the spread across samples, as a
    /// ratio; near 0 = mode collapse). NaN for the others.
    double sampleSpread = std::numeric_limits<double>::quiet_NaN();
    /// A health warning that holds after this epoch (a collapsed generator, a stuck critic),
    /// with what to change; empty when all is well.
    std::string warning;
};

/// What a module finds wrong after an epoch beyond NaN losses: `stop` ends training (the weights
/// of the last complete epoch are kept) with `message` as the reason; otherwise a non-empty
/// `message` is a warning and training goes on.
struct TrainingHealth {
    bool stop = false;
    std::string message;
};

struct BatchReport {
    int epoch = 0;
    int epochs = 0;
    int64_t batch = 0;  ///< 1-based within the epoch
    int64_t batches = 0;
    double loss = 0;
};

/// Called on the training thread; keep them short (queue the report, do not draw).
struct TrainingHooks {
    std::function<void(const EpochReport&)> epochEnded;
    std::function<void(const BatchReport&)> batchEnded;
};

enum class TrainingOutcome { Completed, Cancelled, Diverged };

struct TrainingSummary {
    TrainingOutcome outcome = TrainingOutcome::Completed;
    /// Optimizer steps taken by each group (a group stepping twice a batch counts two).
    std::vector<int64_t> groupSteps;
    int epochsCompleted = 0;
    int64_t batchSize = 0;  ///< used (resolved from auto)
    int threads = 0;        ///< intra-op threads it trained with (resolved from auto)
    /// Blocks the parameters were packed into (TrainingConfig::packParameters); 0: each
    /// parameter on its own (not on the CPU, or continuing a state saved that way).
    int packedBlocks = 0;
    int epochsPlanned = 0;  ///< over all phases (resolved from auto)
    /// Early stopping: the epoch whose weights were kept (0: none kept, the last epoch's stand)
    /// and whether training stopped before its planned epochs.
    int bestEpoch = 0;
    bool stoppedEarly = false;
    /// Why it ended early (stop, NaN), or which epoch's weights early stopping kept when that is
    /// not the last; empty otherwise.
    std::string message;
    std::vector<EpochReport> history;
    /// Health warnings (EpochReport::warning), each once, in the order they first appeared.
    std::vector<std::string> warnings;
    /// What continuing this training needs beyond the weights: each optimizer's state and the
    /// random generator's at the end, as a LibTorch archive. Empty when it cannot be continued
    /// exactly: diverged, stopped inside an epoch, early stopping kept an earlier epoch's weights,
    /// or a family trained in phases.
    std::string resumeState;
};

/// Where a continued training starts: the earlier training's resumeState, history and steps.
struct ResumePoint {
    std::string state;
    std::vector<EpochReport> history;
    std::vector<int64_t> groupSteps;
};

/// Trains the model on `train` (reconstruct the clean input from a noisy one when noise is set),
/// with the loss on `validation` (may be empty) after each epoch. The module's phases run in order
/// (one phase of config.epochs for plain autoencoders); epochs are counted over all phases.
/// Cancellation is checked between batches; a NaN or infinite loss, or the module's health check
/// asking to stop (a GAN's exploding loss), ends the run as Diverged and restores the weights of
/// the last complete epoch. Errors are returned for bad settings or data,
/// not for cancellation or divergence.
///
/// With `resume`, the training goes on from there for config.epochs more epochs (numbered after
/// the earlier ones, which stay in the history): the optimizers' and the random generator's
/// states are restored instead of seeding, so the same data, config and thread count give the
/// same weights as one training of all the epochs (on the CPU; early stopping starts afresh).
Expected<TrainingSummary> train(Model& model, const Dataset& train, const Dataset& validation,
                                const TrainingConfig& config, const TrainingHooks& hooks = {},
                                const CancelToken& cancel = CancelToken(),
                                const ResumePoint* resume = nullptr);

}  // namespace awb::core

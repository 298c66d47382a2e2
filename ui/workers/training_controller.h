// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/one_class_sweep.h"

namespace awb::ui {

/// Runs one experiment at a time on its own thread. The training loop is plain core code; its
/// hooks only store reports under a mutex, and a ~30 Hz timer on the GUI thread hands them on
/// (so the GUI sees at most 30 updates a second, however fast batches are). Pause blocks the
/// loop between batches; Stop sets the shared cancel flag and wakes a paused loop.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool running() const { return thread_.joinable(); }
    /// Whether the job under way is a repeat over seeds.
    bool repeating() const { return repeating_; }
    /// Live previews (ExperimentHooks::preview) for the runs started from now on; on by default.
    void setLivePreview(bool on) { livePreview_ = on; }
    /// Whether the live previews carry the codes' projection (the latent view is shown); read by
    /// the training thread before each preview, so it takes effect in a running training too.
    void setPreviewCodes(bool on) { previewCodes_->store(on); }
    /// What "auto" training threads mean while a window shares the machine: one fewer than the
    /// cores (at least one), so painting and the display server keep a core (core::setAutoThreads).
    static int windowAutoThreads();
    bool paused() const;
    int slowMotion() const { return delayMs_; }
    /// Batches finished in the current run (steps and tests count them).
    qint64 batchesDone() const;

public Q_SLOTS:
    void start(const awb::core::ExperimentConfig& config);
    /// One-vs-rest: one run per class with that class as the only normal one (core's
    /// oneClassSweep); rows arrive as each class finishes.
    void startSweep(const awb::core::ExperimentConfig& config);
    /// Continues a trained run (core's continueExperiment): `config` as the run's with
    /// training.epochs the epochs to add, the weights from `weightsPath` (removed afterwards), the
    /// optimizers' state and history from `resume`. Ends as start() does (finished or failed);
    /// the result's config counts all the epochs.
    void startContinue(const awb::core::ExperimentConfig& config, const QString& weightsPath,
                       const awb::core::ResumePoint& resume);
    /// The experiment once per seed, each run written to `folder`/seed-N (core's repeatOverSeeds);
    /// each seed's start comes as sweepClassStarted ("seed 3"), the end as repeatFinished.
    void startRepeat(const awb::core::ExperimentConfig& config, const std::vector<uint64_t>& seeds,
                     const QString& folder);
    void requestStop();
    void setPaused(bool paused);
    /// While paused: let one batch through, or the rest of the current epoch, then hold again.
    void step(bool wholeEpoch);
    /// Slow motion: wait this long after every batch (0 = off, at most 5 s); applies at once.
    void setSlowMotion(int delayMs);

Q_SIGNALS:
    void started();
    void stageChanged(const QString& stage);
    /// Latest batch position (throttled), the share of the whole job done (a sweep's classes
    /// included) and its ETA in seconds (< 0 unknown).
    void progressed(int epoch, int epochs, qint64 batch, qint64 batches, double fraction, double etaSeconds);
    /// Epochs completed since the last signal, in order.
    void epochsEnded(const std::vector<awb::core::EpochReport>& reports);
    /// The latest batch's loss at its fractional epoch (epoch 3, batch 5 of 10: 2.5), throttled.
    void batchEnded(double epochPosition, double loss);
    /// Final scoring's progress (throttled): samples scored, in all, and the ETA in seconds (< 0
    /// unknown). Slow for the latent-search families.
    void scoringProgressed(qint64 done, qint64 total, double etaSeconds);
    /// The latest live preview (test scores, AUROC, reconstructions) since the last signal.
    void previewed(const awb::core::LivePreview& preview);
    /// The run's result, handed over once: the controller keeps no reference, so the receiver
    /// owns it and may re-threshold or re-weight it.
    void finished(std::shared_ptr<awb::core::ExperimentResult> result);
    void failed(const QString& message);
    /// The user stopped the run where nothing could be kept (while scoring); not an error.
    void stopped(const QString& message);
    /// Sweep: class `index` of `count` starts training.
    void sweepClassStarted(int index, int count, const QString& normalClass);
    /// Sweep: rows of the classes finished since the last signal, in order.
    void sweepRowsReady(const std::vector<awb::core::SweepRow>& rows);
    /// Repeat over seeds: the runs written (`runs` of them into `folder`), `stopped` by the user or
    /// not.
    void repeatFinished(const QString& folder, int runs, bool stopped);
    /// Sweep: all classes done, or `stopped` by the user with the rows finished so far.
    void sweepFinished(const awb::core::SweepResult& result, bool stopped);

private:
    struct Shared;
    using Job = std::function<void(const std::shared_ptr<Shared>&, const awb::core::ExperimentHooks&,
                                   const awb::core::CancelToken&)>;
    void launch(Job job);
    void poll();
    void join();

    struct Shared {
        std::mutex mutex;
        std::condition_variable wake;
        bool paused = false;
        int stepBatches = 0;     ///< batches a paused run may still take
        bool stepEpoch = false;  ///< a paused run may finish its current epoch
        int delayMs = 0;         ///< slow motion
        qint64 batchesDone = 0;
        bool hasBatch = false;
        awb::core::BatchReport batch;
        bool hasPreview = false;
        awb::core::LivePreview preview;  ///< only the latest: an older one is never drawn
        std::vector<awb::core::EpochReport> epochs;
        std::string stage;
        bool stageChanged = false;
        size_t scored = 0, toScore = 0;  ///< final scoring's progress (samples)
        bool hasScoring = false;
        bool done = false;
        std::shared_ptr<awb::core::ExperimentResult> result;
        std::string error;
        bool errorIsStop = false;  ///< `error` says the user stopped it
        // Sweeps only
        bool sweep = false;
        bool sweepStopped = false;
        bool repeat = false;  ///< a repeat over seeds (its starts come as sweep events)
        std::string repeatFolder;
        int repeatRuns = 0;
        int sweepIndex = -1, sweepCount = 0;
        std::string sweepClass;
        /// Class starts and finished rows in the order they happened, not yet handed to the GUI
        /// (several classes may start and finish between two polls).
        struct SweepEvent {
            bool start = false;
            int index = 0, count = 0;
            std::string normalClass;
            awb::core::SweepRow row;
        };
        std::vector<SweepEvent> sweepEvents;
        std::vector<awb::core::SweepRow> sweepAll;
    };
    std::shared_ptr<Shared> shared_;
    awb::core::CancelToken cancel_;
    std::thread thread_;
    QTimer poll_;
    double startedAt_ = 0;
    bool repeating_ = false;
    double pausedSeconds_ = 0;
    double scoringStartedAt_ = -1;  ///< when the final scoring began (< 0: not yet)
    double pausedAt_ = 0;
    bool livePreview_ = true;
    std::shared_ptr<std::atomic<bool>> previewCodes_ = std::make_shared<std::atomic<bool>>(false);
    int delayMs_ = 0;
};

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/workers/training_controller.h"

#include <QDateTime>
#include <algorithm>
#include <filesystem>

namespace awb::ui {

namespace {
double now() { return QDateTime::currentMSecsSinceEpoch() / 1000.0; }
}  // namespace

int TrainingController::windowAutoThreads() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
}

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    poll_.setInterval(33);
    connect(&poll_, &QTimer::timeout, this, &TrainingController::poll);
}

TrainingController::~TrainingController() {
    requestStop();
    join();
}

bool TrainingController::paused() const {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->paused;
}

void TrainingController::start(const core::ExperimentConfig& config) {
    launch([config](const std::shared_ptr<Shared>& shared, const core::ExperimentHooks& hooks,
                    const core::CancelToken& cancel) {
        auto result = core::runExperiment(config, hooks, cancel);
        std::lock_guard<std::mutex> lock(shared->mutex);
        if (result) {
            shared->result = std::make_shared<core::ExperimentResult>(std::move(*result));
        } else {
            shared->error = result.error().message;
            shared->errorIsStop = result.error().code == core::ErrorCode::Cancelled;
        }
    });
}

void TrainingController::startContinue(const core::ExperimentConfig& config,
                                       const QString& weightsPath,
                                       const core::ResumePoint& resume) {
    const std::string weights = weightsPath.toStdString();
    launch([config, weights, resume](const std::shared_ptr<Shared>& shared,
                                     const core::ExperimentHooks& hooks,
                                     const core::CancelToken& cancel) {
        auto result = core::continueExperiment(config, weights, resume, hooks, cancel);
        std::error_code ec;
        std::filesystem::remove(weights, ec);
        std::lock_guard<std::mutex> lock(shared->mutex);
        if (result) {
            result->config.training.epochs =
                static_cast<int>(resume.history.size()) + config.training.epochs;
            shared->result = std::make_shared<core::ExperimentResult>(std::move(*result));
        } else {
            shared->error = result.error().message;
            shared->errorIsStop = result.error().code == core::ErrorCode::Cancelled;
        }
    });
}

void TrainingController::startSweep(const core::ExperimentConfig& config) {
    launch([config](const std::shared_ptr<Shared>& shared, const core::ExperimentHooks& hooks,
                    const core::CancelToken& cancel) {
        {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->sweep = true;
        }
        auto each = [shared](const std::string&, const core::ExperimentResult& r) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            core::SweepRow row{shared->sweepClass, r.evaluation.auroc, r.evaluation.auprc,
                               r.evaluation.testCount, r.seconds};
            shared->sweepEvents.push_back({false, 0, 0, {}, row});
            shared->sweepAll.push_back(row);
        };
        auto starting = [shared](size_t index, size_t count, const std::string& cls) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->sweepIndex = static_cast<int>(index);
            shared->sweepCount = static_cast<int>(count);
            shared->sweepClass = cls;
            shared->sweepEvents.push_back({true, static_cast<int>(index), static_cast<int>(count), cls, {}});
        };
        auto result = core::oneClassSweep(config, each, hooks, cancel, starting);
        std::lock_guard<std::mutex> lock(shared->mutex);
        if (!result && result.error().code != core::ErrorCode::Cancelled) {
            shared->error = result.error().message;
        }
        shared->sweepStopped = !result;
    });
}

void TrainingController::startRepeat(const core::ExperimentConfig& config,
                                     const std::vector<uint64_t>& seeds, const QString& folder) {
    if (running()) return;
    const std::string dir = folder.toStdString();
    launch([config, seeds, dir](const std::shared_ptr<Shared>& shared,
                                const core::ExperimentHooks& hooks,
                                const core::CancelToken& cancel) {
        {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->sweep = true;
            shared->repeat = true;
            shared->repeatFolder = dir;
        }
        auto starting = [shared](size_t index, size_t count, const std::string& label) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->sweepIndex = static_cast<int>(index);
            shared->sweepCount = static_cast<int>(count);
            shared->sweepEvents.push_back(
                {true, static_cast<int>(index), static_cast<int>(count), label, {}});
        };
        auto each = [shared](const core::ExperimentResult&) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            ++shared->repeatRuns;
        };
        auto result = core::repeatOverSeeds(config, seeds, dir, each, hooks, cancel, starting);
        std::lock_guard<std::mutex> lock(shared->mutex);
        if (!result) shared->error = result.error().message;
        shared->sweepStopped = result && result->stopped;
    });
    repeating_ = running();
}

void TrainingController::launch(Job job) {
    if (running()) return;
    shared_ = std::make_shared<Shared>();
    shared_->delayMs = delayMs_;
    cancel_ = core::CancelToken();
    startedAt_ = now();
    pausedSeconds_ = 0;
    scoringStartedAt_ = -1;
    auto shared = shared_;
    auto cancel = cancel_;
    const bool preview = livePreview_;
    thread_ = std::thread([shared, cancel, preview, codes = previewCodes_, job = std::move(job)] {
        core::ExperimentHooks hooks;
        hooks.stage = [shared](const std::string& s) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->stage = s;
            shared->stageChanged = true;
        };
        // A step credit lets one more batch run: it is spent when a wait lets the run go on.
        auto holdWhilePaused = [shared, cancel](std::unique_lock<std::mutex>& lock) {
            shared->wake.wait(lock, [&] {
                if (!shared->paused || cancel.cancelled() || shared->stepEpoch) return true;
                if (shared->stepBatches > 0) {
                    --shared->stepBatches;
                    return true;
                }
                return false;
            });
        };
        hooks.training.batchEnded = [shared, cancel, holdWhilePaused](const core::BatchReport& b) {
            std::unique_lock<std::mutex> lock(shared->mutex);
            shared->batch = b;
            shared->hasBatch = true;
            ++shared->batchesDone;
            // Slow motion: a pause after every batch, cut short by Stop or a new setting.
            if (shared->delayMs > 0 && !shared->paused) {
                const int delay = shared->delayMs;
                shared->wake.wait_for(lock, std::chrono::milliseconds(delay), [&] {
                    return cancel.cancelled() || shared->delayMs != delay;
                });
            }
            // The last batch of an epoch goes on to the epoch's end (validation, report), where
            // a paused run holds instead: a step of one epoch stops there.
            if (b.batch < b.batches) holdWhilePaused(lock);
        };
        hooks.training.epochEnded = [shared, holdWhilePaused](const core::EpochReport& e) {
            std::unique_lock<std::mutex> lock(shared->mutex);
            shared->epochs.push_back(e);
            shared->stepEpoch = false;  // a step of one epoch ends here
            holdWhilePaused(lock);
        };
        hooks.scoring = [shared](size_t done, size_t total) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->scored = done;
            shared->toScore = total;
            shared->hasScoring = true;
        };
        if (preview) {
            hooks.preview = [shared](const core::LivePreview& p) {
                std::lock_guard<std::mutex> lock(shared->mutex);
                shared->preview = p;
                shared->hasPreview = true;
            };
            hooks.previewCodes = [codes] { return codes->load(); };
        }
        try {
            job(shared, hooks, cancel);
        } catch (const std::exception& e) {  // core reports errors as values; this is a last guard
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->error = std::string("unexpected error: ") + e.what();
        }
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->done = true;
    });
    poll_.start();
    Q_EMIT started();
}

void TrainingController::requestStop() {
    if (!shared_) return;
    cancel_.requestCancel();
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->paused = false;
    shared_->wake.notify_all();
}

void TrainingController::setPaused(bool paused) {
    if (!shared_ || !running()) return;
    {
        std::lock_guard<std::mutex> lock(shared_->mutex);
        if (shared_->paused == paused) return;
        shared_->paused = paused;
        // Steps asked for while paused do not outlive the pause.
        shared_->stepBatches = 0;
        shared_->stepEpoch = false;
        shared_->wake.notify_all();
    }
    if (paused) pausedAt_ = now();
    else pausedSeconds_ += now() - pausedAt_;
}

void TrainingController::step(bool wholeEpoch) {
    if (!shared_ || !running()) return;
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (!shared_->paused) return;
    if (wholeEpoch)
        shared_->stepEpoch = true;
    else
        ++shared_->stepBatches;
    shared_->wake.notify_all();
}

void TrainingController::setSlowMotion(int delayMs) {
    delayMs_ = std::clamp(delayMs, 0, 5000);
    if (!shared_) return;
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->delayMs = delayMs_;
    shared_->wake.notify_all();
}

qint64 TrainingController::batchesDone() const {
    if (!shared_) return 0;
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->batchesDone;
}

void TrainingController::join() {
    if (thread_.joinable()) thread_.join();
    poll_.stop();
}

void TrainingController::poll() {
    if (!shared_) return;
    std::vector<core::EpochReport> epochs;
    std::shared_ptr<core::ExperimentResult> result;
    std::string error, stage;
    bool errorIsStop = false;
    bool done = false, newStage = false, hasBatch = false;
    core::BatchReport batch;
    bool hasPreview = false;
    core::LivePreview preview;
    bool hasScoring = false;
    size_t scored = 0, toScore = 0;
    bool sweep = false, sweepStopped = false;
    int sweepIndex = -1, sweepCount = 0;
    std::vector<Shared::SweepEvent> sweepEvents;
    std::vector<core::SweepRow> sweepAll;
    bool repeat = false;
    std::string repeatFolder;
    int repeatRuns = 0;
    {
        std::lock_guard<std::mutex> lock(shared_->mutex);
        repeat = shared_->repeat;
        repeatFolder = shared_->repeatFolder;
        repeatRuns = shared_->repeatRuns;
        sweep = shared_->sweep;
        sweepIndex = shared_->sweepIndex;
        sweepCount = shared_->sweepCount;
        sweepEvents.swap(shared_->sweepEvents);
        sweepStopped = shared_->sweepStopped;
        if (shared_->done) sweepAll = shared_->sweepAll;
        epochs.swap(shared_->epochs);
        hasBatch = shared_->hasBatch;
        shared_->hasBatch = false;
        batch = shared_->batch;
        hasPreview = shared_->hasPreview;
        shared_->hasPreview = false;
        if (hasPreview) preview = std::move(shared_->preview);
        hasScoring = shared_->hasScoring;
        shared_->hasScoring = false;
        scored = shared_->scored;
        toScore = shared_->toScore;
        newStage = shared_->stageChanged;
        shared_->stageChanged = false;
        stage = shared_->stage;
        done = shared_->done;
        // Handed over once, when the run is done (the worker sets the result before `done`).
        if (done) result = std::move(shared_->result);
        error = shared_->error;
        errorIsStop = shared_->errorIsStop;
    }
    // In the order they happened: a class's row before the next class's start (which clears
    // the loss curves), every start signalled even when several came between two polls.
    // A class that started since the last poll clears the plots: what was collected before its
    // start (the previous class's last batch and preview) must not land on them.
    bool classStarted = false;
    for (const auto& e : sweepEvents) classStarted |= e.start;
    std::vector<core::SweepRow> rows;
    for (const auto& e : sweepEvents) {
        if (!e.start) {
            rows.push_back(e.row);
            continue;
        }
        if (!rows.empty()) Q_EMIT sweepRowsReady(rows);
        rows.clear();
        Q_EMIT sweepClassStarted(e.index, e.count, QString::fromStdString(e.normalClass));
    }
    if (!rows.empty()) Q_EMIT sweepRowsReady(rows);
    if (newStage && stage == "scoring") scoringStartedAt_ = now() - pausedSeconds_;
    if (newStage) Q_EMIT stageChanged(QString::fromStdString(stage));
    if (hasBatch && batch.batches > 0) {
        double doneFraction =
            ((batch.epoch - 1) + double(batch.batch) / batch.batches) / std::max(1, batch.epochs);
        if (sweep && sweepCount > 0) doneFraction = (std::max(0, sweepIndex) + doneFraction) / sweepCount;
        const double elapsed = now() - startedAt_ - pausedSeconds_;
        const double eta = doneFraction > 0.01 ? elapsed * (1 - doneFraction) / doneFraction : -1;
        Q_EMIT progressed(batch.epoch, batch.epochs, batch.batch, batch.batches, doneFraction, eta);
        Q_EMIT batchEnded(batch.epoch - 1 + double(batch.batch) / double(batch.batches),
                          batch.loss);
    }
    if (!epochs.empty()) Q_EMIT epochsEnded(epochs);
    if (hasScoring && toScore > 0) {
        if (scoringStartedAt_ < 0) scoringStartedAt_ = now() - pausedSeconds_;
        const double elapsed = now() - pausedSeconds_ - scoringStartedAt_;
        const double share = double(scored) / double(toScore);
        const double eta = share > 0.01 ? elapsed * (1 - share) / share : -1;
        Q_EMIT scoringProgressed(qint64(scored), qint64(toScore), eta);
    }
    if (hasPreview && !classStarted) Q_EMIT previewed(preview);
    if (!done) return;
    join();
    repeating_ = false;
    if (repeat && error.empty()) {
        Q_EMIT repeatFinished(QString::fromStdString(repeatFolder), repeatRuns, sweepStopped);
    } else if (!error.empty() && errorIsStop) {
        Q_EMIT stopped(QString::fromStdString(error));
    } else if (!error.empty()) {
        Q_EMIT failed(QString::fromStdString(error));
    } else if (sweep) {
        core::SweepResult r;
        r.rows = std::move(sweepAll);
        r.meanAuroc = core::meanAuroc(r.rows);
        Q_EMIT sweepFinished(r, sweepStopped);
    } else if (result) {
        Q_EMIT finished(result);
    } else {
        Q_EMIT failed(tr("the run ended without a result"));
    }
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/experiment/experiment_runner.h"

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
    bool paused() const;

public Q_SLOTS:
    void start(const awb::core::ExperimentConfig& config);
    void requestStop();
    void setPaused(bool paused);

Q_SIGNALS:
    void started();
    void stageChanged(const QString& stage);
    /// Latest batch position (throttled) with the ETA of the whole run in seconds (< 0 unknown).
    void progressed(int epoch, int epochs, qint64 batch, qint64 batches, double etaSeconds);
    /// Epochs completed since the last signal, in order.
    void epochsEnded(const std::vector<awb::core::EpochReport>& reports);
    void finished(std::shared_ptr<const awb::core::ExperimentResult> result);
    void failed(const QString& message);

private:
    void poll();
    void join();

    struct Shared {
        std::mutex mutex;
        std::condition_variable wake;
        bool paused = false;
        bool hasBatch = false;
        awb::core::BatchReport batch;
        std::vector<awb::core::EpochReport> epochs;
        std::string stage;
        bool stageChanged = false;
        bool done = false;
        std::shared_ptr<awb::core::ExperimentResult> result;
        std::string error;
    };
    std::shared_ptr<Shared> shared_;
    awb::core::CancelToken cancel_;
    std::thread thread_;
    QTimer poll_;
    double startedAt_ = 0;
    double pausedSeconds_ = 0;
    double pausedAt_ = 0;
};

}  // namespace awb::ui

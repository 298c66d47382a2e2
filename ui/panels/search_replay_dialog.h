// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <memory>
#include <thread>

#include "core/experiment/search_replay.h"

class QCustomPlot;
class QCPItemStraightLine;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace awb::ui {

class ImageCanvas;
class SamplePlot;

/// AnoGAN's latent search of one sample, replayed step by step for teaching: the input beside the
/// generator's best match so far (and, for images, the error map), the loss terms and the score
/// over the steps with the current step marked, a slider and Play. The search runs again on a
/// thread of its own when the dialog opens (the window stays responsive; the dialog is modal, so
/// nothing else uses the model meanwhile); the last frame is what the run scored.
class SearchReplayDialog : public QDialog {
    Q_OBJECT
public:
    SearchReplayDialog(std::shared_ptr<awb::core::ExperimentResult> result, int sample,
                       QWidget* parent = nullptr);
    ~SearchReplayDialog() override;

    /// Whether the replay has arrived (or failed: statusText() says why).
    bool ready() const { return replay_ != nullptr; }
    int frameCount() const;
    void showFrame(int frame);
    int currentFrame() const;
    QString statusText() const;
    void play();
    bool playing() const;

Q_SIGNALS:
    void replayReady();

private:
    void receive(awb::core::Expected<awb::core::SearchReplay> replay);

    std::shared_ptr<awb::core::ExperimentResult> result_;
    std::unique_ptr<awb::core::SearchReplay> replay_;
    std::thread worker_;
    core::CancelToken cancel_;  ///< asked when the dialog closes: the search ends at its next step
    QLabel* status_;
    QLabel* frameText_;
    ImageCanvas* input_ = nullptr;
    ImageCanvas* match_ = nullptr;
    ImageCanvas* error_ = nullptr;
    SamplePlot* curves_ = nullptr;
    QCustomPlot* losses_;
    QCPItemStraightLine* marker_;
    QSlider* slider_;
    QPushButton* play_;
    QTimer* timer_;
};

}  // namespace awb::ui

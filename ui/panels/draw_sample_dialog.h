// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <memory>
#include <vector>

#include "core/experiment/experiment_runner.h"

class QCustomPlot;
class QCPGraph;
class QLabel;
class QMouseEvent;

namespace awb::ui {

/// "Draw your own": a sample of a trained run (rows and fixed-length series) that the user edits
/// with the mouse (drag to draw), or changes with a spike or a flattened stretch; its
/// reconstruction, error and verdict follow every change (core::scoreScaledSample). Values are on
/// the model's scale, as the Inspect tab shows samples.
class DrawSampleDialog : public QDialog {
    Q_OBJECT
public:
    DrawSampleDialog(std::shared_ptr<awb::core::ExperimentResult> result, int startSample,
                     QWidget* parent = nullptr);

    void setValues(const std::vector<float>& values);
    const std::vector<float>& values() const { return values_; }
    /// The current values' score (NaN before the first); the verdict line.
    double score() const { return score_; }
    QString verdictText() const;
    void startFrom(int sample);
    /// A spike of `height` at the middle value; the middle third held at its first value.
    void addSpike(float height);
    void flattenMiddle();

private:
    void rescore();
    void drawAt(QMouseEvent* event, bool start);

    std::shared_ptr<awb::core::ExperimentResult> result_;
    std::vector<float> values_;
    double score_;
    int lastIndex_ = -1;
    QCustomPlot* plot_;
    QCPGraph* drawn_;
    QCPGraph* rebuilt_;
    QLabel* verdict_;
};

}  // namespace awb::ui

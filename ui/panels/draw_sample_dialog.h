// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <memory>
#include <vector>

#include "core/experiment/experiment_runner.h"

class QCustomPlot;
class QCPGraph;
class QLabel;
class QBoxLayout;
class QMouseEvent;

namespace awb::ui {

class ImageCanvas;

/// "Draw your own": a sample of a trained run that the user edits with the mouse; its
/// reconstruction, error and verdict follow every change (core::scoreScaledSample). Values are on
/// the model's scale, as the Inspect tab shows samples. Rows and fixed-length series are curves
/// (drag to draw, add a spike, flatten a stretch); a windowed series is edited a window at a
/// time, its points scored as the run scores the series (core::scoreEditedStretch); images are a
/// canvas (ink, eraser, paint noise, clear to draw from scratch) beside the reconstruction and the
/// error map.
class DrawSampleDialog : public QDialog {
    Q_OBJECT
public:
    /// `sampleText` says what the starting sample is ("class 5 = anomaly"), on its button.
    DrawSampleDialog(std::shared_ptr<awb::core::ExperimentResult> result, int startSample,
                     QWidget* parent = nullptr, const QString& sampleText = QString());

    void setValues(const std::vector<float>& values);
    const std::vector<float>& values() const { return values_; }
    /// The current values' score (NaN before the first); the verdict line.
    double score() const { return score_; }
    QString verdictText() const;
    void startFrom(int sample);
    /// A spike of `height` at the middle value; the middle third held at its first value.
    void addSpike(float height);
    void flattenMiddle();
    /// Windowed series: which feature the curve shows and edits.
    void setCurveFeature(int feature);
    /// Windowed series: the first point of the window edited (0 otherwise).
    size_t windowStart() const { return windowStart_; }
    /// Images: the drawing canvas (nullptr for curves); a blank canvas; Gaussian noise of this
    /// std (a fraction of the value range) over the whole image.
    ImageCanvas* imageCanvas() const { return canvas_; }
    void clearImage();
    void addNoiseEverywhere(double fraction);

private:
    void rescore();
    void drawAt(QMouseEvent* event, bool start);
    QWidget* buildCurveEditor(QBoxLayout* buttons);
    /// The curve's axes around the values shown, with room to draw above and below.
    void fitCurve();
    size_t curveLength() const;
    float& curveValue(size_t i);
    QWidget* buildImageEditor(QBoxLayout* buttons);

    std::shared_ptr<awb::core::ExperimentResult> result_;
    std::vector<float> values_;
    double score_;
    int lastIndex_ = -1;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* drawn_ = nullptr;
    QCPGraph* rebuilt_ = nullptr;
    ImageCanvas* canvas_ = nullptr;
    ImageCanvas* rebuiltImage_ = nullptr;
    ImageCanvas* errorImage_ = nullptr;
    float low_ = 0, high_ = 1;  ///< images: the data's value range
    uint64_t noiseSeed_ = 1;
    /// Windowed series: the window's length and first point; the curve is feature_ of each
    /// point, values_ holding stride_ values a point (rows and fixed-length series: 1 and 0).
    size_t windowLength_ = 0, windowStart_ = 0, stride_ = 1, feature_ = 0;
    QLabel* verdict_;
};

}  // namespace awb::ui

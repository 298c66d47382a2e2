// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "core/experiment/experiment_runner.h"

class QLabel;
class QStackedWidget;

namespace awb::ui {

class CurvePlot;
class GeneratedView;
class HistogramPlot;
class ImageGrid;
class SamplePlot;

/// Beside the loss while a run trains: the model as it is now, on the test part. The error
/// histogram of normal and anomalous test samples, the ROC with its AUROC, and a normal and an
/// anomalous sample reconstructed (curves for rows, pictures for images), from each LivePreview.
/// For a GAN also what its generator draws from fixed codes and any health warning; a family that
/// scores by a latent search (too slow to score every epoch) shows only those.
class LiveView : public QWidget {
    Q_OBJECT
public:
    explicit LiveView(QWidget* parent = nullptr);

    void clear();
    void showPreview(const awb::core::LivePreview& preview);
    /// Previews shown since the last clear().
    int updates() const { return updates_; }
    QString titleText() const;
    HistogramPlot* histogram() const { return histogram_; }
    CurvePlot* roc() const { return roc_; }
    GeneratedView* generated() const { return generated_; }
    /// The training health warning shown (a GAN's collapse or stuck critic), "" when none.
    QString warningText() const;

private:
    QLabel* title_;
    HistogramPlot* histogram_;
    CurvePlot* roc_;
    QStackedWidget* samples_;
    SamplePlot* normal_;
    SamplePlot* anomaly_;
    ImageGrid* grid_;
    GeneratedView* generated_;
    QLabel* warning_;
    int updates_ = 0;
};

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include <vector>

#include "core/training/trainer.h"

namespace awb::ui {

/// Train and validation loss per epoch, and each optimizer group's loss when a model trains
/// several (USAD's AE1 and AE2, a GAN's generator and critic); data is appended in batches and
/// redrawn with a queued replot, so many updates merge into one paint.
class LossPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LossPlot(QWidget* parent = nullptr);

    void clear();
    void append(const std::vector<awb::core::EpochReport>& reports);
    /// The running loss within an epoch, at a fractional epoch (epoch 3, batch 5 of 10 = 2.5):
    /// the curve moves between the epoch points. Cleared with clear().
    void appendBatch(double epochPosition, double loss);
    int batchPointCount() const;
    void setLogScale(bool on);
    bool logScale() const { return log_; }
    int pointCount() const;
    /// The training phases marked on the epoch axis (f-AnoGAN: "WGAN-GP", "encoder"), in order.
    QStringList phaseMarks() const;
    /// Lines of the optimizer groups' own losses (none for a model with one group).
    int groupLineCount() const { return static_cast<int>(groups_.size()); }
    /// Overlays another run's curves (dashed) for comparison; an empty history removes them.
    void setComparison(const std::vector<awb::core::EpochReport>& history, const QString& name);
    /// Names the second curve: "validation loss", or what it is computed on when a run has no
    /// validation part (the test part's normal samples, monitoring only).
    void setMonitorName(const QString& name);
    QString monitorName() const;
    int comparisonPointCount() const;
    /// A vertical line at the epoch whose weights were kept (early stopping), labelled with why;
    /// epoch 0 removes it.
    void markKeptEpoch(int epoch, const QString& label);
    /// The epoch marked, 0 for none.
    int keptEpoch() const { return keptEpoch_; }

protected:
    /// The legend's headroom is a share of the height: it follows a resize.
    void resizeEvent(QResizeEvent* event) override;

private:
    void placeKeptText();
    void rescale();
    QCPGraph* train_;
    QCPGraph* validation_;
    QCPGraph* batch_;
    QCPGraph* otherTrain_;
    QCPGraph* otherValidation_;
    std::vector<QCPGraph*> groups_;  ///< one per optimizer group, when a model has several
    bool log_ = false;
    QCPItemStraightLine* keptLine_;
    QCPItemText* keptText_;
    int keptEpoch_ = 0;
    /// A dashed line where each phase begins and its name at the foot of the plot.
    std::vector<std::pair<QCPItemStraightLine*, QCPItemText*>> phaseItems_;
    QStringList phaseNames_;
    bool refitAfterLayout_ = false;
};

}  // namespace awb::ui

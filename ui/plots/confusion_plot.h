// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include "core/evaluation/metrics.h"

namespace awb::ui {

/// The confusion matrix as a 2x2 heatmap with counts; rows are the truth, columns the prediction,
/// anomaly is the positive class.
class ConfusionPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ConfusionPlot(QWidget* parent = nullptr);
    void setMatrix(const awb::core::ConfusionMatrix& matrix);
    const awb::core::ConfusionMatrix& matrix() const { return matrix_; }

private:
    QCPColorMap* map_;
    QCPItemText* cells_[2][2];
    awb::core::ConfusionMatrix matrix_;
};

}  // namespace awb::ui

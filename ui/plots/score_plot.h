// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include <cstdint>
#include <vector>

namespace awb::ui {

class ThresholdLine;

/// Reconstruction error by sample index (test part), normal and anomalous samples in their own
/// colours, with the same draggable threshold line (horizontal here). A click on a point picks
/// that sample.
class ScorePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ScorePlot(QWidget* parent = nullptr);

    void setScores(const std::vector<size_t>& indices, const std::vector<double>& scores,
                   const std::vector<uint8_t>& anomaly);
    void setThreshold(double value);

Q_SIGNALS:
    void thresholdDragged(double value);
    void samplePicked(int index);

private:
    QCPGraph* normal_;
    QCPGraph* anomaly_;
    ThresholdLine* line_;
};

}  // namespace awb::ui

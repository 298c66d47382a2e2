// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include <cstdint>
#include <vector>

namespace awb::ui {

/// ROC or precision-recall curve of the test scores, with the current operating point marked and
/// the area in the title.
class CurvePlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class Kind { Roc, PrecisionRecall };
    CurvePlot(Kind kind, QWidget* parent = nullptr);

    void setScores(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly, double area);
    void setOperatingPoint(double x, double y);

private:
    Kind kind_;
    QCPCurve* curve_;
    QCPGraph* point_;
    QCPTextElement* title_;
};

}  // namespace awb::ui

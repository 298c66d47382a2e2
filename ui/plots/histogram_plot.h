// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include <cstdint>
#include <vector>

namespace awb::ui {

class ThresholdLine;

/// Histogram of reconstruction errors, normal and anomalous samples as separate bar sets over
/// shared bins, with a draggable threshold line and a log-count toggle.
class HistogramPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit HistogramPlot(QWidget* parent = nullptr);

    void setScores(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly);
    void setThreshold(double value);
    double threshold() const;
    void setLogCounts(bool on);
    bool logCounts() const { return log_; }
    /// One class under 5 % of the other (fraud: 0.5 %): flat on a linear count axis, so log
    /// counts are the better start.
    static bool rareClass(const std::vector<uint8_t>& anomaly);
    ThresholdLine* thresholdLine() const { return line_; }
    /// Count in a bin of a group (0 normal, 1 anomaly), for tests.
    double barValue(int group, int bin) const;
    /// The note on the last bin ("" when no sample lies beyond the drawn range).
    QString overflowText() const;

Q_SIGNALS:
    void thresholdDragged(double value);

private:
    QCPBars* normal_;
    QCPBars* anomaly_;
    ThresholdLine* line_;
    QString overflow_;  ///< "last bin also holds N samples above x" when the range clips
    bool log_ = false;
};

}  // namespace awb::ui

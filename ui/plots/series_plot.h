// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPAbstractItem;

namespace awb::ui {

class ThresholdLine;

/// A time series and its scores on two tracks whose x axes move together (zoom or pan either):
/// the signal with its reconstruction and the labelled anomalous segments shaded red; the score
/// of every point with the draggable threshold line and the detected segments (score above the
/// line) shaded orange. The test part's start is marked. A click on the score track picks a point.
class SeriesPlot : public QWidget {
    Q_OBJECT
public:
    explicit SeriesPlot(QWidget* parent = nullptr);

    /// signal/reconstruction: one feature, one value per point (reconstruction may be empty).
    void setSeries(const std::vector<double>& signal, const std::vector<double>& reconstruction,
                   const std::vector<uint8_t>& labelled, const std::vector<double>& scores, size_t testStart,
                   const QString& featureName);
    void setThreshold(double value);
    /// Parts of the score drawn under it on the score track, each named in its legend (USAD:
    /// α·e1 and (1 − α)·e3, to see which term drives the score); none clears them.
    void setScoreParts(const std::vector<std::vector<double>>& parts, const QStringList& names);
    int scorePartCount() const { return partCount_; }

    QCustomPlot* signalPlot() const { return signal_; }
    QCustomPlot* scorePlot() const { return score_; }
    /// Contiguous runs of points above the threshold, as [first, last] pairs.
    const std::vector<std::pair<size_t, size_t>>& detected() const { return detected_; }

Q_SIGNALS:
    void thresholdDragged(double value);
    void pointPicked(int index);

private:
    void shade(QCustomPlot* plot, std::vector<QCPItemRect*>& items,
               const std::vector<std::pair<size_t, size_t>>& spans, const QColor& colour);

    QCustomPlot* signal_;
    QCustomPlot* score_;
    ThresholdLine* line_;
    std::vector<double> scores_;
    std::vector<QCPItemRect*> labelledItems_;
    std::vector<QCPItemRect*> detectedItems_;
    std::vector<std::pair<QCustomPlot*, QCPAbstractItem*>> marks_;  ///< test-start lines and label
    std::vector<std::pair<size_t, size_t>> detected_;
    bool syncing_ = false;
    int partCount_ = 0;
};

/// Contiguous runs of non-zero entries, as [first, last] pairs.
std::vector<std::pair<size_t, size_t>> runsOf(const std::vector<uint8_t>& mask);

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

namespace awb::ui {

/// A threshold line on a plot that the mouse can drag: vertical (threshold on the x axis, as in
/// a histogram of scores) or horizontal (threshold on the y axis, as in scores by sample index).
/// Drawn on its own buffered layer so that dragging repaints only the overlay.
class ThresholdLine : public QObject {
    Q_OBJECT
public:
    ThresholdLine(QCustomPlot* plot, Qt::Orientation orientation);

    void setValue(double value);
    /// Shows or hides the line and its label (a live histogram has no threshold yet).
    void setShown(bool shown);
    double value() const { return value_; }
    bool dragging() const { return dragging_; }

Q_SIGNALS:
    /// The user moved the line (not emitted by setValue).
    void dragged(double value);

private:
    void onPress(QMouseEvent* event);
    void onMove(QMouseEvent* event);
    void onRelease(QMouseEvent* event);
    double valueAt(const QPointF& pos) const;
    double pixelOf(double value) const;

    QCustomPlot* plot_;
    Qt::Orientation orientation_;
    QCPItemStraightLine* line_;
    QCPItemText* label_;
    double value_ = 0;
    bool dragging_ = false;
    QCP::Interactions savedInteractions_;
};

}  // namespace awb::ui

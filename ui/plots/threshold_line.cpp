// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/threshold_line.h"

#include <cmath>

#include "ui/plots/plot_style.h"

namespace awb::ui {

namespace {
constexpr double kGrabPixels = 6.0;
}

ThresholdLine::ThresholdLine(QCustomPlot* plot, Qt::Orientation orientation)
    : QObject(plot), plot_(plot), orientation_(orientation) {
    if (!plot_->layer("threshold")) {
        plot_->addLayer("threshold", plot_->layer("main"), QCustomPlot::limAbove);
        plot_->layer("threshold")->setMode(QCPLayer::lmBuffered);
    }
    line_ = new QCPItemStraightLine(plot_);
    line_->setLayer("threshold");
    line_->setPen(QPen(colours::kThreshold, 2, Qt::DashLine));
    line_->setSelectable(false);
    label_ = new QCPItemText(plot_);
    label_->setLayer("threshold");
    label_->setColor(colours::kThreshold);
    label_->setPositionAlignment(orientation_ == Qt::Vertical ? (Qt::AlignLeft | Qt::AlignTop)
                                                              : (Qt::AlignRight | Qt::AlignBottom));
    label_->position->setTypeX(orientation_ == Qt::Vertical ? QCPItemPosition::ptPlotCoords
                                                            : QCPItemPosition::ptAxisRectRatio);
    label_->position->setTypeY(orientation_ == Qt::Vertical ? QCPItemPosition::ptAxisRectRatio
                                                            : QCPItemPosition::ptPlotCoords);
    label_->setSelectable(false);
    setValue(0);
    connect(plot_, &QCustomPlot::mousePress, this, &ThresholdLine::onPress);
    connect(plot_, &QCustomPlot::mouseMove, this, &ThresholdLine::onMove);
    connect(plot_, &QCustomPlot::mouseRelease, this, &ThresholdLine::onRelease);
}

void ThresholdLine::setShown(bool shown) {
    line_->setVisible(shown);
    label_->setVisible(shown);
}

void ThresholdLine::setValue(double value) {
    value_ = value;
    if (orientation_ == Qt::Vertical) {
        line_->point1->setCoords(value, 0);
        line_->point2->setCoords(value, 1);
        label_->position->setCoords(value, 0.02);
    } else {
        line_->point1->setCoords(0, value);
        line_->point2->setCoords(1, value);
        label_->position->setCoords(0.98, value);
    }
    label_->setText(QStringLiteral(" threshold %1 ").arg(value, 0, 'g', 4));
    plot_->layer("threshold")->replot();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

double ThresholdLine::pixelOf(double value) const {
    return orientation_ == Qt::Vertical ? plot_->xAxis->coordToPixel(value)
                                        : plot_->yAxis->coordToPixel(value);
}

double ThresholdLine::valueAt(const QPointF& pos) const {
    return orientation_ == Qt::Vertical ? plot_->xAxis->pixelToCoord(pos.x())
                                        : plot_->yAxis->pixelToCoord(pos.y());
}

void ThresholdLine::onPress(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const double at = orientation_ == Qt::Vertical ? event->position().x() : event->position().y();
    if (std::abs(at - pixelOf(value_)) > kGrabPixels) return;
    dragging_ = true;
    savedInteractions_ = plot_->interactions();
    plot_->setInteractions(QCP::Interactions());  // no panning while the line moves
}

void ThresholdLine::onMove(QMouseEvent* event) {
    const double at = orientation_ == Qt::Vertical ? event->position().x() : event->position().y();
    if (!dragging_) {
        const bool near = std::abs(at - pixelOf(value_)) <= kGrabPixels;
        plot_->setCursor(near ? (orientation_ == Qt::Vertical ? Qt::SizeHorCursor : Qt::SizeVerCursor)
                              : Qt::ArrowCursor);
        return;
    }
    setValue(valueAt(event->position()));
    Q_EMIT dragged(value_);
}

void ThresholdLine::onRelease(QMouseEvent*) {
    if (!dragging_) return;
    dragging_ = false;
    plot_->setInteractions(savedInteractions_);
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/curve_plot.h"

#include <cmath>

#include "core/evaluation/metrics.h"
#include "ui/plots/plot_style.h"

namespace awb::ui {

CurvePlot::CurvePlot(Kind kind, QWidget* parent) : QCustomPlot(parent), kind_(kind) {
    curve_ = new QCPCurve(xAxis, yAxis);
    curve_->setPen(QPen(colours::kCurve, 2));
    point_ = addGraph();
    point_->setLineStyle(QCPGraph::lsNone);
    // A diamond with a black rim: told from the curve by shape, not by colour alone.
    point_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(Qt::black, 1.5), colours::kMarker, 13));
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 1.02);
    const bool roc = kind_ == Kind::Roc;
    xAxis->setLabel(roc ? tr("false-positive rate") : tr("recall (anomaly)"));
    yAxis->setLabel(roc ? tr("true-positive rate") : tr("precision (anomaly)"));
    if (roc) {
        auto* diagonal = new QCPItemLine(this);
        diagonal->start->setCoords(0, 0);
        diagonal->end->setCoords(1, 1);
        diagonal->setPen(QPen(Qt::gray, 1, Qt::DotLine));
    }
    plotLayout()->insertRow(0);
    title_ = new QCPTextElement(this, roc ? tr("ROC") : tr("Precision-recall"),
                                QFont(font().family(), 9, QFont::Bold));
    plotLayout()->addElement(0, 0, title_);
    followWidgetFont(this);
}

void CurvePlot::setScores(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly,
                          double area) {
    const auto points = kind_ == Kind::Roc ? core::rocCurve(scores, anomaly) : core::prCurve(scores, anomaly);
    QVector<double> t, x, y;
    for (size_t i = 0; i < points.size(); ++i) {
        t.push_back(double(i));
        x.push_back(points[i].x);
        y.push_back(points[i].y);
    }
    curve_->setData(t, x, y, true);
    const QString name = kind_ == Kind::Roc ? tr("ROC, AUROC") : tr("Precision-recall, AUPRC");
    title_->setText(std::isfinite(area) ? QStringLiteral("%1 %2").arg(name).arg(area, 0, 'f', 3)
                                        : QStringLiteral("%1 n/a (one class only)").arg(name));
    replot(rpQueuedReplot);
}

void CurvePlot::setOperatingPoint(double x, double y) {
    point_->setData(QVector<double>{x}, QVector<double>{y});
    replot(rpQueuedReplot);
}

}  // namespace awb::ui

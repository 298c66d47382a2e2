// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/score_plot.h"

#include "core/evaluation/thresholds.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/threshold_line.h"

namespace awb::ui {

ScorePlot::ScorePlot(QWidget* parent) : QCustomPlot(parent) {
    normal_ = addGraph();
    normal_->setName(tr("normal"));
    anomaly_ = addGraph();
    anomaly_->setName(tr("anomaly"));
    for (auto [g, color] :
         {std::pair{normal_, colours::kNormal}, std::pair{anomaly_, colours::kAnomaly}}) {
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(
            QCPScatterStyle(g == normal_ ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssTriangle,
                            color, g == normal_ ? 4 : 6));
        g->setSelectable(QCP::stSingleData);
    }
    xAxis->setLabel(tr("sample index"));
    yAxis->setLabel(tr("reconstruction error"));
    legend->setVisible(true);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    line_ = new ThresholdLine(this, Qt::Horizontal);
    connect(line_, &ThresholdLine::dragged, this, &ScorePlot::thresholdDragged);
    connect(this, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* p, int dataIndex, QMouseEvent*) {
        if (auto* g = qobject_cast<QCPGraph*>(p)) Q_EMIT samplePicked(static_cast<int>(g->data()->at(dataIndex)->key));
    });
    followWidgetFont(this);
}

void ScorePlot::setScores(const std::vector<size_t>& indices, const std::vector<double>& scores,
                          const std::vector<uint8_t>& anomaly) {
    QVector<double> nx, ny, ax, ay;
    for (size_t k = 0; k < indices.size(); ++k) {
        (anomaly[k] ? ax : nx).push_back(double(indices[k]));
        (anomaly[k] ? ay : ny).push_back(scores[k]);
    }
    normal_->setData(nx, ny);
    anomaly_->setData(ax, ay);
    rescaleAxes();
    if (!scores.empty()) yAxis->setRange(0, core::percentile(scores, 99.5) * 1.2);
    replot(rpQueuedReplot);
}

void ScorePlot::setThreshold(double value) { line_->setValue(value); }

}  // namespace awb::ui

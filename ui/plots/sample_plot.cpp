// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/sample_plot.h"

#include "ui/plots/plot_style.h"

namespace awb::ui {

SamplePlot::SamplePlot(QWidget* parent) : QCustomPlot(parent) {
    input_ = addGraph();
    input_->setName(tr("input"));
    input_->setPen(QPen(colours::kNormal, 2));
    reconstruction_ = addGraph();
    reconstruction_->setName(tr("reconstruction"));
    reconstruction_->setPen(QPen(colours::kMarker, 2, Qt::DashLine));
    input_->setChannelFillGraph(reconstruction_);
    input_->setBrush(
        QColor(colours::kMarker.red(), colours::kMarker.green(), colours::kMarker.blue(), 50));
    xAxis->setLabel(tr("feature / time step"));
    yAxis->setLabel(tr("scaled value"));
    plotLayout()->insertRow(0);
    title_ = new QCPTextElement(this, QString(), QFont(font().family(), 9, QFont::Bold));
    plotLayout()->addElement(0, 0, title_);
    // The legend in one row under the title, outside the axes: it never covers the curves
    // (the live views' plots are small).
    placeLegendInRow(this, 1);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    followWidgetFont(this);
}

void SamplePlot::setSample(const std::vector<float>& input, const std::vector<float>& reconstruction,
                           const QString& title) {
    QVector<double> x, a, b;
    for (size_t i = 0; i < input.size(); ++i) {
        x.push_back(double(i));
        a.push_back(input[i]);
        b.push_back(i < reconstruction.size() ? reconstruction[i] : 0.0);
    }
    input_->setData(x, a, true);
    reconstruction_->setData(x, b, true);
    title_->setText(title);
    rescaleAxes();
    yAxis->scaleRange(1.1, yAxis->range().center());
    replot(rpQueuedReplot);
}

}  // namespace awb::ui

namespace awb::ui {

void SamplePlot::setNames(const QString& first, const QString& second) {
    input_->setName(first);
    reconstruction_->setName(second);
    replot(rpQueuedReplot);
}

}  // namespace awb::ui

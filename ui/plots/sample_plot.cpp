// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/sample_plot.h"

namespace awb::ui {

SamplePlot::SamplePlot(QWidget* parent) : QCustomPlot(parent) {
    input_ = addGraph();
    input_->setName(tr("input"));
    input_->setPen(QPen(QColor(31, 119, 180), 2));
    reconstruction_ = addGraph();
    reconstruction_->setName(tr("reconstruction"));
    reconstruction_->setPen(QPen(QColor(214, 39, 40), 2));
    input_->setChannelFillGraph(reconstruction_);
    input_->setBrush(QColor(214, 39, 40, 60));
    xAxis->setLabel(tr("feature / time step"));
    yAxis->setLabel(tr("scaled value"));
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 8));
    plotLayout()->insertRow(0);
    title_ = new QCPTextElement(this, QString(), QFont(font().family(), 9, QFont::Bold));
    plotLayout()->addElement(0, 0, title_);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
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

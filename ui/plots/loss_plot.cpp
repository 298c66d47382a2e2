// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/loss_plot.h"

#include <cmath>
#include <iterator>

namespace awb::ui {

LossPlot::LossPlot(QWidget* parent) : QCustomPlot(parent) {
    train_ = addGraph();
    train_->setName(tr("train loss"));
    train_->setPen(QPen(QColor(31, 119, 180), 2));
    train_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    validation_ = addGraph();
    validation_->setName(tr("validation loss"));
    validation_->setPen(QPen(QColor(255, 127, 14), 2));
    validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    otherTrain_ = addGraph();
    otherTrain_->setPen(QPen(QColor(31, 119, 180), 1.5, Qt::DashLine));
    otherValidation_ = addGraph();
    otherValidation_->setPen(QPen(QColor(255, 127, 14), 1.5, Qt::DashLine));
    for (auto* g : {otherTrain_, otherValidation_}) g->removeFromLegend();
    xAxis->setLabel(tr("epoch"));
    yAxis->setLabel(tr("loss"));
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 8));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    xAxis->setTicker(ticker);
    keptLine_ = new QCPItemStraightLine(this);
    keptLine_->setPen(QPen(QColor(80, 80, 80), 1.5, Qt::DashDotLine));
    keptText_ = new QCPItemText(this);
    keptText_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    keptText_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    keptText_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    keptText_->setFont(QFont(font().family(), 8));
    keptText_->setColor(QColor(60, 60, 60));
    markKeptEpoch(0, QString());
}

void LossPlot::markKeptEpoch(int epoch, const QString& label) {
    keptEpoch_ = epoch;
    keptLine_->setVisible(epoch > 0);
    keptText_->setVisible(epoch > 0);
    if (epoch > 0) {
        keptLine_->point1->setCoords(epoch, 0);
        keptLine_->point2->setCoords(epoch, 1);
        keptText_->position->setCoords(epoch + 0.2, 0.04);
        keptText_->setText(label);
    }
    replot(rpQueuedReplot);
}

void LossPlot::clear() {
    train_->data()->clear();
    validation_->data()->clear();
    for (auto* g : groups_) removeGraph(g);
    groups_.clear();
    markKeptEpoch(0, QString());
    rescale();
    replot(rpQueuedReplot);
}

void LossPlot::append(const std::vector<core::EpochReport>& reports) {
    static const QColor kGroupColours[] = {QColor(44, 160, 44), QColor(214, 39, 40),
                                           QColor(148, 103, 189), QColor(140, 86, 75),
                                           QColor(227, 119, 194)};
    for (const auto& r : reports) {
        train_->addData(r.epoch, r.trainLoss);
        if (std::isfinite(r.valLoss)) validation_->addData(r.epoch, r.valLoss);
        if (r.groupLosses.size() < 2) continue;
        while (groups_.size() < r.groupLosses.size()) {
            const size_t g = groups_.size();
            auto* graph = addGraph();
            graph->setName(tr("loss of %1")
                               .arg(g < r.groupNames.size()
                                        ? QString::fromStdString(r.groupNames[g])
                                        : QString::number(g + 1)));
            graph->setPen(QPen(kGroupColours[g % std::size(kGroupColours)], 1.5, Qt::DotLine));
            groups_.push_back(graph);
        }
        for (size_t g = 0; g < r.groupLosses.size(); ++g) {
            if (std::isfinite(r.groupLosses[g])) groups_[g]->addData(r.epoch, r.groupLosses[g]);
        }
    }
    // Markers help on a few epochs and only cost paint time on many.
    const bool markers = train_->dataCount() <= 60;
    for (auto* g : {train_, validation_}) {
        g->setScatterStyle(markers ? QCPScatterStyle(QCPScatterStyle::ssCircle, 4) : QCPScatterStyle());
    }
    rescale();
    replot(rpQueuedReplot);
}

void LossPlot::setLogScale(bool on) {
    log_ = on;
    if (on) {
        yAxis->setScaleType(QCPAxis::stLogarithmic);
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        yAxis->setScaleType(QCPAxis::stLinear);
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    rescale();
    replot(rpQueuedReplot);
}

int LossPlot::pointCount() const { return train_->dataCount(); }

int LossPlot::comparisonPointCount() const { return otherTrain_->dataCount(); }

void LossPlot::setComparison(const std::vector<core::EpochReport>& history, const QString& name) {
    otherTrain_->data()->clear();
    otherValidation_->data()->clear();
    otherTrain_->removeFromLegend();
    otherValidation_->removeFromLegend();
    for (const auto& r : history) {
        otherTrain_->addData(r.epoch, r.trainLoss);
        if (std::isfinite(r.valLoss)) otherValidation_->addData(r.epoch, r.valLoss);
    }
    if (!history.empty()) {
        otherTrain_->setName(tr("train loss, %1").arg(name));
        otherValidation_->setName(tr("validation loss, %1").arg(name));
        otherTrain_->addToLegend();
        if (otherValidation_->dataCount() > 0) otherValidation_->addToLegend();
    }
    rescale();
    replot(rpQueuedReplot);
}

void LossPlot::rescale() {
    rescaleAxes();
    const QCPRange x = xAxis->range();
    xAxis->setRange(std::min(0.5, x.lower), std::max(x.upper + 0.5, 1.5));
    // From 0 unless a loss is negative (USAD's AE2 loss, a critic's).
    const double floor = std::min(0.0, yAxis->range().lower);
    if (!log_) yAxis->setRangeLower(floor);
    yAxis->scaleRange(1.1, yAxis->range().center());
    if (!log_) yAxis->setRangeLower(floor);
}

}  // namespace awb::ui

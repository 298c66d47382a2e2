// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/loss_plot.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "ui/plots/plot_style.h"

namespace awb::ui {

LossPlot::LossPlot(QWidget* parent) : QCustomPlot(parent) {
    train_ = addGraph();
    train_->setName(tr("train loss"));
    train_->setPen(QPen(colours::kNormal, 2));
    train_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    validation_ = addGraph();
    validation_->setName(tr("validation loss"));
    validation_->setPen(QPen(colours::kAnomaly, 2, Qt::DashLine));
    validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    batch_ = addGraph();
    batch_->setName(tr("batch loss (within epochs)"));
    batch_->setPen(QPen(
        QColor(colours::kNormal.red(), colours::kNormal.green(), colours::kNormal.blue(), 110), 1));
    batch_->removeFromLegend();
    otherTrain_ = addGraph();
    otherTrain_->setPen(QPen(colours::kNormal, 1.5, Qt::DotLine));
    otherValidation_ = addGraph();
    otherValidation_->setPen(QPen(colours::kAnomaly, 1.5, Qt::DashDotDotLine));
    for (auto* g : {otherTrain_, otherValidation_}) g->removeFromLegend();
    xAxis->setLabel(tr("epoch"));
    yAxis->setLabel(tr("loss"));
    legend->setVisible(true);
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
    keptText_->setColor(QColor(60, 60, 60));
    markKeptEpoch(0, QString());
    followWidgetFont(this);
    connect(this, &QCustomPlot::afterLayout, this, [this] {
        if (!refitAfterLayout_) return;
        refitAfterLayout_ = false;
        rescale();
        replot(rpQueuedReplot);
    });
}

void LossPlot::markKeptEpoch(int epoch, const QString& label) {
    keptEpoch_ = epoch;
    keptLine_->setVisible(epoch > 0);
    keptText_->setVisible(epoch > 0);
    if (epoch > 0) {
        keptLine_->point1->setCoords(epoch, 0);
        keptLine_->point2->setCoords(epoch, 1);
        keptText_->setText(label);
        placeKeptText();
    }
    replot(rpQueuedReplot);
}

void LossPlot::placeKeptText() {
    // At the foot of the line (the legend holds the top), on the side with room: right of the
    // line in the left half of the range, left of it in the right half, so it is never cut off.
    if (keptEpoch_ <= 0) return;
    const bool rightHalf = keptEpoch_ > xAxis->range().center();
    keptText_->setPositionAlignment((rightHalf ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    keptText_->position->setCoords(keptEpoch_ + (rightHalf ? -0.2 : 0.2), 0.97);
}

void LossPlot::clear() {
    train_->data()->clear();
    validation_->data()->clear();
    batch_->data()->clear();
    batch_->removeFromLegend();
    for (auto* g : groups_) removeGraph(g);
    groups_.clear();
    for (auto& [line, text] : phaseItems_) removeItem(line), removeItem(text);
    phaseItems_.clear();
    phaseNames_.clear();
    validation_->addToLegend();  // until a run shows it has none
    markKeptEpoch(0, QString());
    rescale();
    replot(rpQueuedReplot);
}

void LossPlot::append(const std::vector<core::EpochReport>& reports) {
    for (const auto& r : reports) {
        const QString phase = QString::fromStdString(r.phase);
        if (!phase.isEmpty() && (phaseNames_.isEmpty() || phase != phaseNames_.back())) {
            // The phase begins after the previous epoch: a line there, its name to its right.
            phaseNames_ << phase;
            const double at = r.epoch - 1;
            auto* line = new QCPItemStraightLine(this);
            line->setPen(QPen(QColor(110, 110, 110), 1, Qt::DashLine));
            line->point1->setCoords(at, 0);
            line->point2->setCoords(at, 1);
            auto* text = new QCPItemText(this);
            text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            text->position->setTypeX(QCPItemPosition::ptPlotCoords);
            text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            text->position->setCoords(at + 0.2, 0.97);
            text->setColor(QColor(60, 60, 60));
            text->setText(tr("phase: %1").arg(phase));
            phaseItems_.emplace_back(line, text);
        }
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
            // Colour, line style and marker all differ from group to group (and from train loss).
            static const Qt::PenStyle kStyles[] = {Qt::DotLine, Qt::DashDotLine, Qt::DashLine,
                                                   Qt::DashDotDotLine, Qt::SolidLine};
            static const QCPScatterStyle::ScatterShape kShapes[] = {
                QCPScatterStyle::ssTriangle, QCPScatterStyle::ssCross, QCPScatterStyle::ssDiamond,
                QCPScatterStyle::ssPlus, QCPScatterStyle::ssStar};
            const size_t k = g % std::size(colours::kGroups);
            graph->setPen(QPen(colours::kGroups[k], 1.5, kStyles[k]));
            graph->setScatterStyle(QCPScatterStyle(kShapes[k], 6));
            groups_.push_back(graph);
        }
        for (size_t g = 0; g < r.groupLosses.size(); ++g) {
            if (std::isfinite(r.groupLosses[g])) groups_[g]->addData(r.epoch, r.groupLosses[g]);
        }
    }
    // Markers help on a few epochs and only cost paint time on many.
    const bool markers = train_->dataCount() <= 60;
    train_->setScatterStyle(markers ? QCPScatterStyle(QCPScatterStyle::ssCircle, 4)
                                    : QCPScatterStyle());
    validation_->setScatterStyle(markers ? QCPScatterStyle(QCPScatterStyle::ssSquare, 5)
                                         : QCPScatterStyle());
    // No validation part (fraction 0, or a family without one): no "validation loss" entry.
    if (validation_->data()->isEmpty())
        validation_->removeFromLegend();
    else
        validation_->addToLegend();
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

QStringList LossPlot::phaseMarks() const { return phaseNames_; }

void LossPlot::setMonitorName(const QString& name) {
    validation_->setName(name);
    replot(rpQueuedReplot);
}

QString LossPlot::monitorName() const { return validation_->name(); }

int LossPlot::batchPointCount() const { return batch_->dataCount(); }

void LossPlot::appendBatch(double epochPosition, double loss) {
    if (!std::isfinite(loss) || !std::isfinite(epochPosition)) return;
    if (batch_->dataCount() == 0) batch_->addToLegend();
    batch_->addData(epochPosition, loss);
    rescale();
    replot(rpQueuedReplot);
}

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

void LossPlot::resizeEvent(QResizeEvent* event) {
    QCustomPlot::resizeEvent(event);
    refitAfterLayout_ = true;  // once the axis rect has its new height
}

void LossPlot::rescale() {
    rescaleAxes();
    // From epoch 0 to just past the last point: one point must not make a range of -1 to 4.
    double last = 1;
    for (QCPGraph* g : {train_, batch_, otherTrain_}) {
        bool found = false;
        const QCPRange keys = g->data()->keyRange(found);
        if (found) last = std::max(last, keys.upper);
    }
    xAxis->setRange(0, last + 0.5);
    placeKeptText();
    // From 0 unless a loss is negative (USAD's AE2 loss, a critic's).
    const double floor = std::min(0.0, yAxis->range().lower);
    if (!log_) yAxis->setRangeLower(floor);
    yAxis->scaleRange(1.1, yAxis->range().center());
    if (!log_) yAxis->setRangeLower(floor);
    // Headroom for the legend (top right): the curves stay below it, also when a few epochs
    // span the whole width.
    // (Before the first layout the axis rect has no size yet: the widget's height stands in.)
    const int plotHeight = axisRect()->height() > 0 ? axisRect()->height() : height() - 80;
    if (!log_ && legend->visible() && plotHeight > 0) {
        const double f =
            std::clamp((legend->minimumOuterSizeHint().height() + 16.0) / plotHeight, 0.0, 0.6);
        const QCPRange r = yAxis->range();
        yAxis->setRangeUpper(r.lower + r.size() / (1.0 - f));
    }
}

}  // namespace awb::ui

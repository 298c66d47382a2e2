// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/series_plot.h"

#include <QVBoxLayout>
#include <algorithm>

#include "qcustomplot.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/threshold_line.h"

namespace awb::ui {

namespace {
constexpr size_t kMaxSpans = 2000;  ///< more shaded spans than this are not drawn (too many to see)
}

std::vector<std::pair<size_t, size_t>> runsOf(const std::vector<uint8_t>& mask) {
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t i = 0; i < mask.size(); ++i) {
        if (!mask[i]) continue;
        size_t j = i;
        while (j + 1 < mask.size() && mask[j + 1]) ++j;
        runs.emplace_back(i, j);
        i = j;
    }
    return runs;
}

SeriesPlot::SeriesPlot(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    signal_ = new QCustomPlot(this);
    score_ = new QCustomPlot(this);
    for (QCustomPlot* p : {signal_, score_}) {
        p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        p->axisRect()->setRangeZoom(Qt::Horizontal);
        p->axisRect()->setRangeDrag(Qt::Horizontal);
        layout->addWidget(p, 1);
        installExportMenu(p);
    }
    signal_->addGraph();
    signal_->graph(0)->setName(tr("signal"));
    signal_->graph(0)->setPen(QPen(colours::kNormal, 1));
    signal_->addGraph();
    signal_->graph(1)->setName(tr("reconstruction"));
    signal_->graph(1)->setPen(QPen(colours::kMarker, 1, Qt::DashLine));
    signal_->yAxis->setLabel(tr("value (scaled)"));
    score_->addGraph();
    score_->graph(0)->setName(tr("score"));
    score_->graph(0)->setPen(QPen(Qt::black, 1));
    // Beside the black score: sky blue dashed and vermillion dotted.
    const QPen partPens[] = {QPen(colours::kGroups[0], 1.2, Qt::DashLine),
                             QPen(colours::kMarker, 1.2, Qt::DotLine)};
    for (const QPen& pen : partPens) {
        auto* g = score_->addGraph();
        g->setPen(pen);
        g->removeFromLegend();
    }
    // Each legend on one line above its track: inside, it covered the signal (the tracks span the
    // whole series, so there is no empty corner).
    for (QCustomPlot* p : {signal_, score_}) {
        placeLegendInRow(p, 0);
        p->yAxis->ticker()->setTickCount(3);  // the tracks are short: fewer labels stay apart
        followWidgetFont(p);
    }
    score_->xAxis->setLabel(
        tr("point (time order); shaded above: labelled anomalies; shaded here: detected"));
    score_->yAxis->setLabel(tr("anomaly score"));
    line_ = new ThresholdLine(score_, Qt::Horizontal);
    connect(line_, &ThresholdLine::dragged, this, [this](double v) {
        setThreshold(v);
        Q_EMIT thresholdDragged(v);
    });
    // One x range for both tracks.
    auto sync = [this](QCustomPlot* other) {
        return [this, other](const QCPRange& range) {
            if (syncing_) return;
            syncing_ = true;
            other->xAxis->setRange(range);
            other->replot(QCustomPlot::rpQueuedReplot);
            syncing_ = false;
        };
    };
    connect(signal_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, sync(score_));
    connect(score_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, sync(signal_));
    connect(score_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent* e) {
        const double x = score_->xAxis->pixelToCoord(e->pos().x());
        if (x >= 0 && x < scores_.size()) Q_EMIT pointPicked(static_cast<int>(x + 0.5));
    });
}

void SeriesPlot::setSeries(const std::vector<double>& signal, const std::vector<double>& reconstruction,
                           const std::vector<uint8_t>& labelled, const std::vector<double>& scores,
                           size_t testStart, const QString& featureName) {
    scores_ = scores;
    QVector<double> x(static_cast<int>(signal.size()));
    for (int i = 0; i < x.size(); ++i) x[i] = i;
    signal_->graph(0)->setData(x, QVector<double>(signal.begin(), signal.end()), true);
    signal_->graph(0)->setName(featureName);
    signal_->graph(1)->setData(reconstruction.empty() ? QVector<double>() : x,
                               QVector<double>(reconstruction.begin(), reconstruction.end()), true);
    score_->graph(0)->setData(x, QVector<double>(scores.begin(), scores.end()), true);
    shade(signal_, labelledItems_, runsOf(labelled),
          QColor(colours::kLabelled.red(), colours::kLabelled.green(), colours::kLabelled.blue(),
                 70));
    for (auto& [plot, item] : marks_) plot->removeItem(item);
    marks_.clear();
    for (QCustomPlot* p : {signal_, score_}) {
        p->rescaleAxes();
        // the start of the test part
        auto* start = new QCPItemStraightLine(p);
        start->point1->setCoords(double(testStart), 0);
        start->point2->setCoords(double(testStart), 1);
        start->setPen(QPen(Qt::black, 1, Qt::DashLine));
        marks_.emplace_back(p, start);
    }
    auto* label = new QCPItemText(signal_);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(double(testStart), 0.02);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setText(tr(" test part"));
    marks_.emplace_back(signal_, label);
    signal_->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesPlot::setScoreParts(const std::vector<std::vector<double>>& parts, const QStringList& names) {
    partCount_ = 0;
    for (int k = 0; k < 2; ++k) {
        QCPGraph* g = score_->graph(1 + k);
        g->removeFromLegend();
        if (k < static_cast<int>(parts.size())) {
            QVector<double> x(static_cast<int>(parts[k].size()));
            for (int i = 0; i < x.size(); ++i) x[i] = i;
            g->setData(x, QVector<double>(parts[k].begin(), parts[k].end()), true);
            g->setName(k < names.size() ? names[k] : QString());
            g->addToLegend();
            ++partCount_;
        } else {
            g->data()->clear();
        }
    }
    // The score stays in a visible legend: an empty legend in the plot's layout limits the
    // track's width to its own (the score track was drawn 50 px wide).
    score_->graph(0)->addToLegend();
    score_->legend->setVisible(true);
    score_->yAxis->rescale();  // the parts reach below the score
    score_->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesPlot::setThreshold(double value) {
    line_->setValue(value);
    std::vector<uint8_t> above(scores_.size());
    for (size_t i = 0; i < scores_.size(); ++i) above[i] = scores_[i] > value;
    detected_ = runsOf(above);
    shade(score_, detectedItems_, detected_,
          QColor(colours::kDetected.red(), colours::kDetected.green(), colours::kDetected.blue(),
                 80));
    score_->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesPlot::shade(QCustomPlot* plot, std::vector<QCPItemRect*>& items,
                       const std::vector<std::pair<size_t, size_t>>& spans, const QColor& colour) {
    for (auto* item : items) plot->removeItem(item);
    items.clear();
    for (size_t k = 0; k < std::min(spans.size(), kMaxSpans); ++k) {
        auto* r = new QCPItemRect(plot);
        r->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        r->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        r->topLeft->setCoords(spans[k].first - 0.5, 0);
        r->bottomRight->setCoords(spans[k].second + 0.5, 1);
        r->setPen(Qt::NoPen);
        r->setBrush(colour);
        r->setLayer(QStringLiteral("background"));
        r->setClipToAxisRect(true);
        items.push_back(r);
    }
}

}  // namespace awb::ui

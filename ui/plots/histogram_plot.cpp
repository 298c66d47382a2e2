// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/histogram_plot.h"

#include <algorithm>

#include "core/evaluation/metrics.h"
#include "core/evaluation/thresholds.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/threshold_line.h"

namespace awb::ui {

namespace {
constexpr int kBins = 60;
}

HistogramPlot::HistogramPlot(QWidget* parent) : QCustomPlot(parent) {
    normal_ = new QCPBars(xAxis, yAxis);
    normal_->setName(tr("normal"));
    normal_->setPen(Qt::NoPen);
    normal_->setBrush(
        QColor(colours::kNormal.red(), colours::kNormal.green(), colours::kNormal.blue(), 150));
    anomaly_ = new QCPBars(xAxis, yAxis);
    anomaly_->setName(tr("anomaly"));
    anomaly_->setBrush(
        QBrush(colours::kAnomaly, Qt::Dense3Pattern));  // hatched: apart by texture too
    anomaly_->setPen(QPen(colours::kAnomaly, 1));
    xAxis->setLabel(tr("reconstruction error (test part)"));
    yAxis->setLabel(tr("samples"));
    legend->setVisible(true);
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    line_ = new ThresholdLine(this, Qt::Vertical);
    connect(line_, &ThresholdLine::dragged, this, &HistogramPlot::thresholdDragged);
    followWidgetFont(this);
}

void HistogramPlot::setScores(const std::vector<double>& scores, const std::vector<uint8_t>& anomaly) {
    normal_->data()->clear();
    anomaly_->data()->clear();
    overflow_.clear();
    xAxis->setLabel(tr("reconstruction error (test part)"));
    if (scores.empty()) {
        replot(rpQueuedReplot);
        return;
    }
    // The top half percent is left out of the range so that one huge error does not squash the
    // rest into a single bin; those samples land in the last bin.
    const double lo = *std::min_element(scores.begin(), scores.end());
    const double hi = std::max(core::percentile(scores, 99.5), lo + 1e-12);
    std::vector<int> group(anomaly.begin(), anomaly.end());
    const auto h = core::histogram(scores, group, 2, kBins, lo, hi);
    const double width = (h.hi - h.lo) / kBins;
    QVector<double> keys(kBins), n(kBins), a(kBins);
    for (int b = 0; b < kBins; ++b) {
        keys[b] = h.lo + (b + 0.5) * width;
        n[b] = h.counts[0][b];
        a[b] = h.counts[1][b];
    }
    normal_->setWidth(width);
    anomaly_->setWidth(width);
    normal_->setData(keys, n, true);
    anomaly_->setData(keys, a, true);
    xAxis->setRange(h.lo - width, h.hi + width);
    // Said, not hidden: the last bin also holds the samples beyond the range.
    const auto beyond =
        std::count_if(scores.begin(), scores.end(), [&](double v) { return v > h.hi; });
    if (beyond > 0) {
        // In the axis title: an item on the plot would cover bars or the legend.
        overflow_ = tr("last bin also holds %1 sample(s) above %2 (up to %3)")
                        .arg(beyond)
                        .arg(h.hi, 0, 'g', 3)
                        .arg(*std::max_element(scores.begin(), scores.end()), 0, 'g', 3);
        xAxis->setLabel(tr("reconstruction error (test part)\n%1").arg(overflow_));
    }
    setLogCounts(log_);
}

void HistogramPlot::setThreshold(double value) { line_->setValue(value); }
double HistogramPlot::threshold() const { return line_->value(); }

void HistogramPlot::setLogCounts(bool on) {
    log_ = on;
    double top = 1;
    for (auto* bars : {normal_, anomaly_}) {
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
            top = std::max(top, it->value);
        }
    }
    if (on) {
        yAxis->setScaleType(QCPAxis::stLogarithmic);
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        yAxis->setRange(0.8, top * 2);
        // Bars grow from 1 on a log axis, not from 0.
        normal_->setBaseValue(0.8);
        anomaly_->setBaseValue(0.8);
    } else {
        yAxis->setScaleType(QCPAxis::stLinear);
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        yAxis->setRange(0, top * 1.1);
        normal_->setBaseValue(0);
        anomaly_->setBaseValue(0);
    }
    replot(rpQueuedReplot);
}

QString HistogramPlot::overflowText() const { return overflow_; }

bool HistogramPlot::rareClass(const std::vector<uint8_t>& anomaly) {
    size_t anomalies = 0;
    for (uint8_t a : anomaly) anomalies += a != 0;
    const size_t normals = anomaly.size() - anomalies;
    return anomalies > 0 && normals > 0 &&
           std::min(anomalies, normals) * 20 < std::max(anomalies, normals);
}

double HistogramPlot::barValue(int group, int bin) const {
    const auto* bars = group == 0 ? normal_ : anomaly_;
    if (bin < 0 || bin >= bars->data()->size()) return 0;
    return bars->data()->at(bin)->value;
}

}  // namespace awb::ui

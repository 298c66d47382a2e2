// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/confusion_plot.h"

#include "ui/plots/plot_style.h"

namespace awb::ui {

ConfusionPlot::ConfusionPlot(QWidget* parent) : QCustomPlot(parent) {
    map_ = new QCPColorMap(xAxis, yAxis);
    map_->data()->setSize(2, 2);
    map_->data()->setRange(QCPRange(0, 1), QCPRange(0, 1));
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, QColor(247, 251, 255));
    gradient.setColorStopAt(1, QColor(8, 81, 156));
    map_->setGradient(gradient);
    map_->setInterpolate(false);
    // Column 0 = predicted normal, 1 = predicted anomaly; row 1 (top) = true normal.
    QSharedPointer<QCPAxisTickerText> xt(new QCPAxisTickerText), yt(new QCPAxisTickerText);
    xt->addTick(0, tr("normal"));
    xt->addTick(1, tr("anomaly"));
    yt->addTick(1, tr("normal"));
    yt->addTick(0, tr("anomaly"));
    xAxis->setTicker(xt);
    yAxis->setTicker(yt);
    xAxis->setLabel(tr("predicted\n(%: share of the true row)"));
    yAxis->setLabel(tr("true"));
    xAxis->setRange(-0.5, 1.5);
    yAxis->setRange(-0.5, 1.5);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 2; ++c) {
            auto* t = new QCPItemText(this);
            t->position->setCoords(c, r);
            t->setFont(QFont(font().family(), 11, QFont::Bold));
            cells_[r][c] = t;
        }
    }
    setMatrix({});
    followWidgetFont(this);
}

void ConfusionPlot::setMatrix(const core::ConfusionMatrix& m) {
    matrix_ = m;
    const double counts[2][2] = {{double(m.fn), double(m.tp)}, {double(m.tn), double(m.fp)}};
    const char* names[2][2] = {{"FN", "TP"}, {"TN", "FP"}};
    // Shaded by the share of its row (the true class), not by count: with 8,170 anomalies and
    // 951 normal samples, counts alone make a poor row look fine. The rate is printed too.
    map_->setDataRange(QCPRange(0, 1));
    for (int r = 0; r < 2; ++r) {
        const double total = counts[r][0] + counts[r][1];
        for (int c = 0; c < 2; ++c) {
            const double share = total > 0 ? counts[r][c] / total : 0;
            map_->data()->setCell(c, r, share);
            // The rate is the share of its row: TP rate = recall, FP rate = false alarms.
            cells_[r][c]->setText(total > 0
                                      ? QStringLiteral("%1 %2\n%3 %")
                                            .arg(QLatin1String(names[r][c]))
                                            .arg(counts[r][c])
                                            .arg(100 * share, 0, 'f', 1)
                                      : QStringLiteral("%1 0").arg(QLatin1String(names[r][c])));
            cells_[r][c]->setColor(share > 0.55 ? Qt::white : Qt::black);
        }
    }
    replot(rpQueuedReplot);
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/live_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <cmath>

#include "ui/plots/curve_plot.h"
#include "ui/plots/generated_view.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/image_grid.h"
#include "ui/plots/sample_plot.h"
#include "ui/plots/threshold_line.h"

namespace awb::ui {

LiveView::LiveView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    histogram_ = new HistogramPlot(this);
    histogram_->thresholdLine()->setShown(false);  // no threshold until training ends
    histogram_->setMinimumHeight(160);
    roc_ = new CurvePlot(CurvePlot::Kind::Roc, this);
    roc_->setMinimumHeight(160);
    normal_ = new SamplePlot(this);
    anomaly_ = new SamplePlot(this);
    auto* curves = new QWidget(this);
    auto* cl = new QHBoxLayout(curves);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(normal_);
    cl->addWidget(anomaly_);
    grid_ = new ImageGrid(this);
    auto* gridScroll = new QScrollArea(this);  // the grid grows with its width: scroll, not stretch
    gridScroll->setWidget(grid_);
    gridScroll->setWidgetResizable(true);
    samples_ = new QStackedWidget(this);
    samples_->addWidget(curves);
    samples_->addWidget(gridScroll);
    samples_->setMinimumHeight(160);
    generated_ = new GeneratedView(this);
    generated_->setMinimumHeight(160);
    warning_ = new QLabel(this);
    warning_->setObjectName(QStringLiteral("trainingWarning"));
    warning_->setWordWrap(true);
    warning_->setStyleSheet(QStringLiteral("QLabel { color: rgb(213, 94, 0); }"));
    layout->addWidget(title_);
    layout->addWidget(warning_);
    layout->addWidget(histogram_, 3);
    layout->addWidget(roc_, 3);
    layout->addWidget(samples_, 3);
    layout->addWidget(generated_, 3);
    clear();
}

void LiveView::clear() {
    updates_ = 0;
    title_->setText(
        tr("<b>While it trains</b>: the test part's errors, ROC and two samples "
           "rebuilt appear here after the first epoch and follow the training."));
    histogram_->setScores({}, {});
    roc_->setScores({}, {}, std::nan(""));
    normal_->setSample({}, {}, QString());
    anomaly_->setSample({}, {}, QString());
    grid_->setRows({}, 1, 0, 0);
    generated_->clear();
    generated_->hide();
    warning_->clear();
    warning_->hide();
    histogram_->show();
    roc_->show();
    samples_->show();
}

QString LiveView::titleText() const { return title_->text(); }

QString LiveView::warningText() const {
    return warning_->isHidden() ? QString() : warning_->text();
}

void LiveView::showPreview(const core::LivePreview& p) {
    ++updates_;
    warning_->setText(
        tr("<b>Warning</b>: %1").arg(QString::fromStdString(p.warning).toHtmlEscaped()));
    warning_->setVisible(!p.warning.empty());
    if (p.generatedCount > 0) {
        generated_->setSamples(
            p.generated, p.generatedCount, p.generatedShape,
            tr("Generated from %1 fixed codes after epoch %2 (spread %3 of the data's)")
                .arg(p.generatedCount)
                .arg(p.epoch)
                .arg(p.sampleSpread, 0, 'f', 2));
        generated_->show();
    }
    // A latent-search family is scored when training ends: only its generator shows meanwhile.
    const bool scored = !p.rows.empty();
    histogram_->setVisible(scored);
    roc_->setVisible(scored);
    samples_->setVisible(scored);
    if (!scored) {
        title_->setText(tr("<b>While it trains</b>, after epoch %1: the generator's samples. "
                           "Scoring searches the latent space for each sample, too slow to repeat "
                           "every epoch: the test part is scored when training ends.")
                            .arg(p.epoch));
        return;
    }
    size_t anomalies = 0;
    for (uint8_t a : p.anomaly) anomalies += a;
    const QString auroc =
        std::isfinite(p.auroc) ? tr(", AUROC %1").arg(p.auroc, 0, 'f', 3) : QString();
    title_->setText(
        p.windowLength > 0
            ? tr("<b>While it trains</b>, after epoch %1: %2 test windows of %3 points (%4 "
                 "holding anomalies)%5")
                  .arg(p.epoch)
                  .arg(p.rows.size())
                  .arg(p.windowLength)
                  .arg(anomalies)
                  .arg(auroc)
            : tr("<b>While it trains</b>, after epoch %1: %2 test samples (%3 anomalies)%4")
                  .arg(p.epoch)
                  .arg(p.rows.size())
                  .arg(anomalies)
                  .arg(auroc));
    if (updates_ == 1)
        histogram_->setLogCounts(HistogramPlot::rareClass(p.anomaly));  // a run's first
    histogram_->setScores(p.scores, p.anomaly);
    roc_->setScores(p.scores, p.anomaly, p.auroc);
    const size_t n = p.sampleRows.empty() ? 0 : p.inputs.size() / p.sampleRows.size();
    if (n == 0 || p.reconstructions.size() != p.inputs.size()) return;
    auto part = [&](const std::vector<float>& v, size_t k) {
        return std::vector<float>(v.begin() + long(k * n), v.begin() + long((k + 1) * n));
    };
    auto score = [&](size_t row) {
        for (size_t k = 0; k < p.sampleRows.size() && k < p.sampleScores.size(); ++k) {
            if (p.sampleRows[k] == row) return p.sampleScores[k];
        }
        return std::nan("");
    };
    const bool images = p.sampleShape.size() == 3;
    if (images) {
        std::vector<ImageRow> rows;
        for (size_t k = 0; k < p.sampleRows.size(); ++k) {
            ImageRow r;
            r.index = int(p.sampleRows[k]);
            const bool anomaly = k < p.sampleAnomaly.size() && p.sampleAnomaly[k];
            r.title = tr("#%1, %2\nerror %3")
                          .arg(p.sampleRows[k])
                          .arg(anomaly ? tr("anomaly") : tr("normal"))
                          .arg(score(p.sampleRows[k]), 0, 'g', 3);
            r.input = part(p.inputs, k);
            r.reconstruction = part(p.reconstructions, k);
            rows.push_back(std::move(r));
        }
        grid_->setRows(std::move(rows), int(p.sampleShape[0]), int(p.sampleShape[1]),
                       int(p.sampleShape[2]));
        samples_->setCurrentIndex(1);
        return;
    }
    samples_->setCurrentIndex(0);
    SamplePlot* plots[2] = {normal_, anomaly_};
    for (size_t k = 0; k < 2 && k < p.sampleRows.size(); ++k) {
        const size_t row = p.sampleRows[k];
        plots[k]->setSample(
            part(p.inputs, k), part(p.reconstructions, k),
            (p.windowLength > 0 ? tr("window from point %1 (%2)\nerror %3")
                                : tr("sample %1 (%2)\nerror %3"))
                .arg(row)
                .arg(k < p.sampleAnomaly.size() && p.sampleAnomaly[k] ? tr("anomaly")
                                                                      : tr("normal"))
                .arg(score(row), 0, 'g', 3));
    }
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/draw_sample_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "qcustomplot.h"
#include "ui/plots/plot_style.h"

namespace awb::ui {

DrawSampleDialog::DrawSampleDialog(std::shared_ptr<core::ExperimentResult> result, int startSample,
                                   QWidget* parent)
    : QDialog(parent), result_(std::move(result)), score_(std::nan("")) {
    setWindowTitle(tr("Draw your own sample"));
    plot_ = new QCustomPlot(this);
    drawn_ = plot_->addGraph();
    drawn_->setName(tr("your sample (drag to draw)"));
    drawn_->setPen(QPen(colours::kNormal, 2));
    rebuilt_ = plot_->addGraph();
    rebuilt_->setName(tr("reconstruction"));
    rebuilt_->setPen(QPen(colours::kMarker, 2, Qt::DashLine));
    drawn_->setChannelFillGraph(rebuilt_);
    drawn_->setBrush(
        QColor(colours::kMarker.red(), colours::kMarker.green(), colours::kMarker.blue(), 50));
    plot_->xAxis->setLabel(tr("feature / time step"));
    plot_->yAxis->setLabel(tr("scaled value"));
    plot_->legend->setVisible(true);
    plot_->setMinimumSize(640, 320);
    followWidgetFont(plot_);
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { drawAt(e, true); });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (e->buttons() & Qt::LeftButton) drawAt(e, false);
    });

    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("drawVerdict"));
    QFont big = verdict_->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    verdict_->setFont(big);

    auto* reset = new QPushButton(tr("Start again from sample %1").arg(startSample), this);
    auto* spike = new QPushButton(tr("Add a spike"), this);
    spike->setToolTip(tr("Raise the middle value by 0.5"));
    auto* flat = new QPushButton(tr("Flatten the middle third"), this);
    flat->setToolTip(tr("Hold the middle third at its first value, as a stuck sensor would"));
    connect(reset, &QPushButton::clicked, this, [this, startSample] { startFrom(startSample); });
    connect(spike, &QPushButton::clicked, this, [this] { addSpike(0.5f); });
    connect(flat, &QPushButton::clicked, this, &DrawSampleDialog::flattenMiddle);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(reset);
    buttons->addWidget(spike);
    buttons->addWidget(flat);
    buttons->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Drag across the plot to draw; the network rebuilds what you "
                                    "draw and scores it with this run's threshold."),
                                 this));
    layout->addWidget(plot_, 1);
    layout->addWidget(verdict_);
    layout->addLayout(buttons);
    layout->addWidget(close);
    startFrom(startSample);
}

void DrawSampleDialog::startFrom(int sample) {
    const auto& data = result_->prepared.data;
    if (sample < 0 || size_t(sample) >= data.size()) sample = 0;
    const float* x = data.sample(size_t(sample));
    setValues(std::vector<float>(x, x + data.sampleSize()));
    plot_->rescaleAxes();
    plot_->yAxis->scaleRange(1.3, plot_->yAxis->range().center());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void DrawSampleDialog::setValues(const std::vector<float>& values) {
    values_ = values;
    rescore();
}

void DrawSampleDialog::addSpike(float height) {
    if (values_.empty()) return;
    values_[values_.size() / 2] += height;
    rescore();
}

void DrawSampleDialog::flattenMiddle() {
    const size_t n = values_.size();
    if (n < 3) return;
    std::fill(values_.begin() + long(n / 3), values_.begin() + long(2 * n / 3), values_[n / 3]);
    rescore();
}

void DrawSampleDialog::drawAt(QMouseEvent* event, bool start) {
    if (values_.empty()) return;
    const double x = plot_->xAxis->pixelToCoord(event->position().x());
    const float y = float(plot_->yAxis->pixelToCoord(event->position().y()));
    const int i = std::clamp(int(std::lround(x)), 0, int(values_.size()) - 1);
    // Every index between the last point and this one: a fast stroke leaves no gaps.
    const int from = start || lastIndex_ < 0 ? i : lastIndex_;
    const float fromValue = values_[size_t(from)];
    const int step = i >= from ? 1 : -1;
    for (int k = from; k != i + step; k += step) {
        const float t = i == from ? 1.0f : float(k - from) / float(i - from);
        values_[size_t(k)] = start ? y : fromValue + t * (y - fromValue);
    }
    lastIndex_ = i;
    rescore();
}

void DrawSampleDialog::rescore() {
    QVector<double> x(int(values_.size())), a(int(values_.size()));
    for (int i = 0; i < x.size(); ++i) {
        x[i] = i;
        a[i] = values_[size_t(i)];
    }
    drawn_->setData(x, a, true);
    auto s = core::scoreScaledSample(*result_, values_);
    if (!s) {
        score_ = std::nan("");
        rebuilt_->data()->clear();
        verdict_->setText(QString::fromStdString(s.error().message));
    } else {
        score_ = s->score;
        QVector<double> b(int(s->reconstruction.size()));
        for (int i = 0; i < b.size(); ++i) b[i] = s->reconstruction[size_t(i)];
        rebuilt_->setData(x, b, true);
        verdict_->setText(
            tr("error %1 against threshold %2: %3")
                .arg(s->score, 0, 'g', 4)
                .arg(result_->evaluation.threshold, 0, 'g', 4)
                .arg(s->flagged ? tr("FLAGGED as an anomaly") : tr("passes as normal")));
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString DrawSampleDialog::verdictText() const { return verdict_->text(); }

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/draw_sample_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/training/noise.h"
#include "qcustomplot.h"
#include "ui/plots/image_canvas.h"
#include "ui/plots/plot_style.h"

namespace awb::ui {

namespace {

bool isImage(const core::Dataset& d) {
    return d.kind == core::DataKind::Image && d.sampleShape.size() == 3;
}

}  // namespace

DrawSampleDialog::DrawSampleDialog(std::shared_ptr<core::ExperimentResult> result, int startSample,
                                   QWidget* parent, const QString& sampleText)
    : QDialog(parent), result_(std::move(result)), score_(std::nan("")) {
    setWindowTitle(tr("Draw your own sample"));
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("drawVerdict"));
    verdict_->setWordWrap(true);
    QFont big = verdict_->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    verdict_->setFont(big);

    auto* reset = new QPushButton(
        sampleText.isEmpty()
            ? tr("Start again from sample %1").arg(startSample)
            : tr("Start again from sample %1 (%2)").arg(startSample).arg(sampleText),
        this);
    connect(reset, &QPushButton::clicked, this, [this, startSample] { startFrom(startSample); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(reset);
    QWidget* editor =
        isImage(result_->prepared.data) ? buildImageEditor(buttons) : buildCurveEditor(buttons);
    buttons->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    auto* help = new QLabel(canvas_ ? tr("Paint on the left image (ink, eraser or noise); the "
                                         "network rebuilds it and scores it with this run's "
                                         "threshold.")
                                    : tr("Drag across the plot to draw; the network rebuilds what "
                                         "you draw and scores it with this run's threshold."),
                            this);
    help->setWordWrap(true);
    layout->addWidget(help);
    layout->addWidget(editor, 1);
    layout->addWidget(verdict_);
    layout->addLayout(buttons);
    layout->addWidget(close);
    startFrom(startSample);
}

QWidget* DrawSampleDialog::buildCurveEditor(QBoxLayout* buttons) {
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
    auto* spike = new QPushButton(tr("Add a spike"), this);
    spike->setToolTip(tr("Raise the middle value by 0.5"));
    auto* flat = new QPushButton(tr("Flatten the middle third"), this);
    flat->setToolTip(tr("Hold the middle third at its first value, as a stuck sensor would"));
    connect(spike, &QPushButton::clicked, this, [this] { addSpike(0.5f); });
    connect(flat, &QPushButton::clicked, this, &DrawSampleDialog::flattenMiddle);
    buttons->addWidget(spike);
    buttons->addWidget(flat);
    return plot_;
}

QWidget* DrawSampleDialog::buildImageEditor(QBoxLayout* buttons) {
    const auto& data = result_->prepared.data;
    if (!data.values.empty()) {
        const auto [lo, hi] = std::minmax_element(data.values.begin(), data.values.end());
        low_ = *lo;
        high_ = *hi > *lo ? *hi : *lo + 1;
    }
    canvas_ = new ImageCanvas(tr("your image (paint here)"), this);
    canvas_->setObjectName(QStringLiteral("drawCanvas"));
    canvas_->setEditable(true);
    rebuiltImage_ = new ImageCanvas(tr("reconstruction"), this);
    const float errorScale = 0.5f * (high_ - low_);
    errorImage_ =
        new ImageCanvas(tr("error |x - x'| (white: %1 or more)").arg(double(errorScale)), this);
    for (auto* c : {canvas_, rebuiltImage_, errorImage_}) {
        c->setRange(low_, high_);
        c->setMinimumSize(200, 220);
    }
    errorImage_->setLook(ImageCanvas::Look::Heat, errorScale);
    connect(canvas_, &ImageCanvas::edited, this, [this] {
        values_ = canvas_->values();
        rescore();
    });
    auto* images = new QWidget(this);
    auto* row = new QHBoxLayout(images);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(canvas_);
    row->addWidget(rebuiltImage_);
    row->addWidget(errorImage_);

    auto* ink = new QRadioButton(tr("Ink"), this);
    ink->setToolTip(tr("Paint towards the brightest value of the data"));
    auto* erase = new QRadioButton(tr("Eraser"), this);
    erase->setToolTip(tr("Paint towards the darkest value (the background)"));
    auto* noise = new QRadioButton(tr("Paint noise"), this);
    noise->setToolTip(tr("Add Gaussian noise under the brush, as a corrupted sensor would"));
    ink->setChecked(true);
    connect(ink, &QRadioButton::toggled, this, [this](bool on) {
        if (on) canvas_->setBrush(ImageCanvas::Brush::Ink);
    });
    connect(erase, &QRadioButton::toggled, this, [this](bool on) {
        if (on) canvas_->setBrush(ImageCanvas::Brush::Erase);
    });
    connect(noise, &QRadioButton::toggled, this, [this](bool on) {
        if (on) canvas_->setBrush(ImageCanvas::Brush::Noise);
    });
    auto* radius = new QDoubleSpinBox(this);
    radius->setPrefix(tr("brush "));
    radius->setSuffix(tr(" px"));
    radius->setRange(0.5, 6.0);
    radius->setSingleStep(0.5);
    radius->setValue(1.5);
    radius->setToolTip(tr("Brush radius in image pixels (1.5 draws a pen stroke on 28x28)"));
    connect(radius, &QDoubleSpinBox::valueChanged, canvas_, &ImageCanvas::setBrushRadius);
    auto* strength = new QDoubleSpinBox(this);
    strength->setPrefix(tr("noise std "));
    strength->setRange(0.05, 1.0);
    strength->setSingleStep(0.05);
    strength->setValue(0.3);
    strength->setToolTip(
        tr("Std of the painted noise as a fraction of the value range (training used %1)")
            .arg(result_->config.training.noiseStd));
    connect(strength, &QDoubleSpinBox::valueChanged, canvas_, &ImageCanvas::setNoiseStrength);
    auto* tools = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{ink, erase, noise, radius, strength})
        tools->addWidget(w);
    tools->addStretch(1);

    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setToolTip(tr("A blank image, to draw one from scratch"));
    connect(clear, &QPushButton::clicked, this, &DrawSampleDialog::clearImage);
    auto* all = new QPushButton(tr("Noise over all"), this);
    all->setToolTip(tr("Gaussian noise of the chosen std over the whole image"));
    connect(all, &QPushButton::clicked, this,
            [this, strength] { addNoiseEverywhere(strength->value()); });
    buttons->addWidget(clear);
    buttons->addWidget(all);

    auto* editor = new QWidget(this);
    auto* column = new QVBoxLayout(editor);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(images, 1);
    column->addLayout(tools);
    return editor;
}

void DrawSampleDialog::clearImage() {
    std::fill(values_.begin(), values_.end(), low_);
    rescore();
}

void DrawSampleDialog::addNoiseEverywhere(double fraction) {
    core::NoiseSpec spec;
    spec.std = fraction * double(high_ - low_);
    values_ = core::addNoise(values_, spec, noiseSeed_++);
    for (float& v : values_) v = std::clamp(v, low_, high_);
    rescore();
}

void DrawSampleDialog::startFrom(int sample) {
    const auto& data = result_->prepared.data;
    if (sample < 0 || size_t(sample) >= data.size()) sample = 0;
    const float* x = data.sample(size_t(sample));
    setValues(std::vector<float>(x, x + data.sampleSize()));
    if (!plot_) return;
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
    auto s = core::scoreScaledSample(*result_, values_);
    if (!s) {
        score_ = std::nan("");
        verdict_->setText(QString::fromStdString(s.error().message));
    } else {
        score_ = s->score;
        verdict_->setText(
            tr("error %1 against threshold %2: %3")
                .arg(s->score, 0, 'g', 4)
                .arg(result_->evaluation.threshold, 0, 'g', 4)
                .arg(s->flagged ? tr("FLAGGED as an anomaly") : tr("passes as normal")));
    }
    if (canvas_) {
        const auto& shape = result_->prepared.data.sampleShape;
        const int c = int(shape[0]), h = int(shape[1]), w = int(shape[2]);
        if (canvas_->values() != values_) canvas_->setImage(values_, c, h, w);
        std::vector<float> rebuilt = s ? s->reconstruction : std::vector<float>();
        std::vector<float> error;
        if (s && rebuilt.size() == values_.size()) {
            error.resize(values_.size());
            for (size_t i = 0; i < error.size(); ++i) error[i] = std::abs(values_[i] - rebuilt[i]);
        }
        rebuiltImage_->setImage(std::move(rebuilt), c, h, w);
        errorImage_->setImage(std::move(error), c, h, w);
        return;
    }
    QVector<double> x(int(values_.size())), a(int(values_.size()));
    for (int i = 0; i < x.size(); ++i) {
        x[i] = i;
        a[i] = values_[size_t(i)];
    }
    drawn_->setData(x, a, true);
    rebuilt_->data()->clear();
    if (s) {
        QVector<double> b(int(s->reconstruction.size()));
        for (int i = 0; i < b.size(); ++i) b[i] = s->reconstruction[size_t(i)];
        rebuilt_->setData(x, b, true);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString DrawSampleDialog::verdictText() const { return verdict_->text(); }

}  // namespace awb::ui

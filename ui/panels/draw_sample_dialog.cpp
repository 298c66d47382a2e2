// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/draw_sample_dialog.h"

#include <QComboBox>
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

    if (result_->config.data.windowLength > 0) {
        // A time series: the dialog edits one window of the series (every feature; the curve
        // shows one) and scores its points in the edited series.
        windowLength_ = size_t(result_->config.data.windowLength);
        stride_ = std::max<size_t>(1, result_->prepared.data.sampleSize());
    }
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
    auto* help =
        new QLabel(canvas_ ? tr("Paint on the left image (ink, eraser or noise); the "
                                "network rebuilds it and scores it with this run's "
                                "threshold.")
                   : windowLength_ > 0
                       ? tr("Drag across the plot to redraw this stretch of the series; its "
                            "points are scored again as the run scores the series (every window "
                            "over them), against this run's threshold.")
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
    plot_->xAxis->setLabel(windowLength_ > 0 ? tr("point") : tr("feature / time step"));
    plot_->yAxis->setLabel(tr("scaled value"));
    placeLegendInRow(plot_, 0);  // not over the curve being drawn
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
    const auto& names = result_->prepared.data.featureNames;
    if (stride_ > 1) {
        auto* feature = new QComboBox(this);
        feature->setObjectName(QStringLiteral("drawFeature"));
        for (size_t f = 0; f < stride_; ++f)
            feature->addItem(f < names.size() ? QString::fromStdString(names[f])
                                              : QString::number(f));
        feature->setToolTip(tr("The feature drawn; the others keep their values"));
        connect(feature, &QComboBox::currentIndexChanged, this, &DrawSampleDialog::setCurveFeature);
        buttons->addWidget(feature);
    }
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
    const auto trained = result_->config.training.noise();
    strength->setToolTip(
        tr("Std of the painted noise as a fraction of the value range (%1)")
            .arg(!trained.active() ? tr("the run trained on clean inputs")
                 : trained.kind == core::NoiseKind::Gaussian
                     ? tr("the run trained with Gaussian noise of std %1 on this scale")
                           .arg(trained.std / double(high_ - low_))
                     : tr("the run trained with %1 noise")
                           .arg(QLatin1String(core::toString(trained.kind)))));
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
    if (windowLength_ > 0) {
        // The window of the run's length around the picked point, every feature.
        const size_t n = data.size(), length = std::min(windowLength_, n);
        windowStart_ = size_t(sample) >= length / 2 ? size_t(sample) - length / 2 : 0;
        windowStart_ = std::min(windowStart_, n - length);
        const float* x = data.sample(windowStart_);
        setValues(std::vector<float>(x, x + length * data.sampleSize()));
    } else {
        const float* x = data.sample(size_t(sample));
        setValues(std::vector<float>(x, x + data.sampleSize()));
    }
    fitCurve();
}

void DrawSampleDialog::fitCurve() {
    if (!plot_) return;
    plot_->rescaleAxes();
    plot_->yAxis->scaleRange(1.3, plot_->yAxis->range().center());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void DrawSampleDialog::setValues(const std::vector<float>& values) {
    values_ = values;
    rescore();
}

size_t DrawSampleDialog::curveLength() const { return values_.size() / stride_; }

float& DrawSampleDialog::curveValue(size_t i) { return values_[i * stride_ + feature_]; }

void DrawSampleDialog::setCurveFeature(int feature) {
    feature_ = size_t(std::clamp(feature, 0, int(stride_) - 1));
    rescore();
    fitCurve();
}

void DrawSampleDialog::addSpike(float height) {
    if (curveLength() == 0) return;
    curveValue(curveLength() / 2) += height;
    rescore();
}

void DrawSampleDialog::flattenMiddle() {
    const size_t n = curveLength();
    if (n < 3) return;
    const float held = curveValue(n / 3);
    for (size_t i = n / 3; i < 2 * n / 3; ++i) curveValue(i) = held;
    rescore();
}

void DrawSampleDialog::drawAt(QMouseEvent* event, bool start) {
    if (curveLength() == 0) return;
    const double x = plot_->xAxis->pixelToCoord(event->position().x()) - double(windowStart_);
    const float y = float(plot_->yAxis->pixelToCoord(event->position().y()));
    const int i = std::clamp(int(std::lround(x)), 0, int(curveLength()) - 1);
    // Every index between the last point and this one: a fast stroke leaves no gaps.
    const int from = start || lastIndex_ < 0 ? i : lastIndex_;
    const float fromValue = curveValue(size_t(from));
    const int step = i >= from ? 1 : -1;
    for (int k = from; k != i + step; k += step) {
        const float t = i == from ? 1.0f : float(k - from) / float(i - from);
        curveValue(size_t(k)) = start ? y : fromValue + t * (y - fromValue);
    }
    lastIndex_ = i;
    rescore();
}

void DrawSampleDialog::rescore() {
    const double threshold = result_->evaluation.threshold;
    std::vector<float> rebuilt;
    bool scored = false;
    if (windowLength_ > 0) {
        // A stretch of a series: its points scored as the run scores them, in the edited series.
        auto s = core::scoreEditedStretch(*result_, windowStart_, values_);
        if (!s) {
            score_ = std::nan("");
            verdict_->setText(QString::fromStdString(s.error().message));
        } else {
            scored = true;
            score_ = *std::max_element(s->pointScores.begin(), s->pointScores.end());
            verdict_->setText(
                s->flagged > 0
                    ? tr("highest point score %1 against threshold %2: %3 of %4 points FLAGGED")
                          .arg(score_, 0, 'g', 4)
                          .arg(threshold, 0, 'g', 4)
                          .arg(s->flagged)
                          .arg(s->pointScores.size())
                    : tr("highest point score %1 against threshold %2: every point passes as "
                         "normal")
                          .arg(score_, 0, 'g', 4)
                          .arg(threshold, 0, 'g', 4));
            rebuilt = std::move(s->reconstruction);
        }
    } else {
        auto s = core::scoreScaledSample(*result_, values_);
        if (!s) {
            score_ = std::nan("");
            verdict_->setText(QString::fromStdString(s.error().message));
        } else {
            scored = true;
            score_ = s->score;
            verdict_->setText(
                tr("error %1 against threshold %2: %3")
                    .arg(s->score, 0, 'g', 4)
                    .arg(threshold, 0, 'g', 4)
                    .arg(s->flagged ? tr("FLAGGED as an anomaly") : tr("passes as normal")));
            rebuilt = std::move(s->reconstruction);
        }
    }
    if (canvas_) {
        const auto& shape = result_->prepared.data.sampleShape;
        const int c = int(shape[0]), h = int(shape[1]), w = int(shape[2]);
        if (canvas_->values() != values_) canvas_->setImage(values_, c, h, w);
        std::vector<float> error;
        if (scored && rebuilt.size() == values_.size()) {
            error.resize(values_.size());
            for (size_t i = 0; i < error.size(); ++i) error[i] = std::abs(values_[i] - rebuilt[i]);
        }
        rebuiltImage_->setImage(std::move(rebuilt), c, h, w);
        errorImage_->setImage(std::move(error), c, h, w);
        return;
    }
    const size_t n = curveLength();
    QVector<double> x(static_cast<int>(n)), a(static_cast<int>(n));
    for (size_t i = 0; i < n; ++i) {
        x[int(i)] = double(windowStart_ + i);
        a[int(i)] = curveValue(i);
    }
    drawn_->setData(x, a, true);
    rebuilt_->data()->clear();
    if (scored && rebuilt.size() == values_.size()) {
        QVector<double> b(static_cast<int>(n));
        for (size_t i = 0; i < n; ++i) b[int(i)] = rebuilt[i * stride_ + feature_];
        rebuilt_->setData(x, b, true);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString DrawSampleDialog::verdictText() const { return verdict_->text(); }

}  // namespace awb::ui

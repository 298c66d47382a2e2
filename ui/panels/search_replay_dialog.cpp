// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/search_replay_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "qcustomplot.h"
#include "ui/plots/image_canvas.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/sample_plot.h"

namespace awb::ui {

SearchReplayDialog::SearchReplayDialog(std::shared_ptr<core::ExperimentResult> result, int sample,
                                       QWidget* parent)
    : QDialog(parent), result_(std::move(result)) {
    setWindowTitle(tr("Latent search of sample %1").arg(sample));
    setModal(true);  // nothing else uses the model while the search runs again
    auto* help = new QLabel(
        tr("AnoGAN scores a sample by searching its generator's latent space: from the code "
           "z = 0, %1 steps of gradient descent move z so that the generated sample G(z) matches "
           "the input, in its values (residual) and in the discriminator's features "
           "(discrimination). What the generator still cannot match at the end is the score: "
           "normal samples are matched closely, anomalies are not.")
            .arg(result_->model ? result_->model->spec().searchSteps : 0),
        this);
    help->setWordWrap(true);
    status_ = new QLabel(tr("Searching again (the search the run scored with)…"), this);
    status_->setObjectName(QStringLiteral("replayStatus"));
    frameText_ = new QLabel(this);
    frameText_->setObjectName(QStringLiteral("replayFrame"));

    auto* pictures = new QWidget(this);
    auto* pl = new QHBoxLayout(pictures);
    pl->setContentsMargins(0, 0, 0, 0);
    const auto& data = result_->prepared.data;
    if (data.kind == core::DataKind::Image && data.sampleShape.size() == 3) {
        float low = 0, high = 1;
        if (!data.values.empty()) {
            const auto [lo, hi] = std::minmax_element(data.values.begin(), data.values.end());
            low = *lo;
            high = *hi > *lo ? *hi : *lo + 1;
        }
        input_ = new ImageCanvas(tr("input x"), this);
        match_ = new ImageCanvas(tr("best match G(z) so far"), this);
        error_ = new ImageCanvas(tr("|x - G(z)|"), this);
        for (auto* c : {input_, match_, error_}) {
            c->setRange(low, high);
            c->setMinimumSize(180, 200);
            pl->addWidget(c);
        }
        error_->setLook(ImageCanvas::Look::Heat, 0.5f * (high - low));
    } else {
        curves_ = new SamplePlot(this);
        curves_->setNames(tr("input x"), tr("best match G(z) so far"));
        curves_->setMinimumSize(400, 220);
        pl->addWidget(curves_);
    }

    losses_ = new QCustomPlot(this);
    losses_->setMinimumHeight(200);
    losses_->xAxis->setLabel(tr("search step"));
    losses_->yAxis->setLabel(tr("loss"));
    losses_->legend->setVisible(true);
    marker_ = new QCPItemStraightLine(losses_);
    marker_->setPen(QPen(colours::kThreshold, 1, Qt::DashLine));
    followWidgetFont(losses_);

    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("replaySlider"));
    slider_->setEnabled(false);
    play_ = new QPushButton(tr("Play"), this);
    play_->setEnabled(false);
    timer_ = new QTimer(this);
    timer_->setInterval(120);
    connect(timer_, &QTimer::timeout, this, [this] {
        if (currentFrame() + 1 >= frameCount()) {
            timer_->stop();
            play_->setText(tr("Play"));
            return;
        }
        showFrame(currentFrame() + 1);
    });
    connect(play_, &QPushButton::clicked, this, [this] {
        if (timer_->isActive()) {
            timer_->stop();
            play_->setText(tr("Play"));
        } else {
            play();
        }
    });
    connect(slider_, &QSlider::valueChanged, this, [this](int v) { showFrame(v); });
    auto* controls = new QHBoxLayout;
    controls->addWidget(play_);
    controls->addWidget(slider_, 1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addWidget(status_);
    layout->addWidget(pictures, 2);
    layout->addWidget(losses_, 2);
    layout->addWidget(frameText_);
    layout->addLayout(controls);
    layout->addWidget(close);
    resize(760, 720);

    // The search on a thread of its own; its result comes back through the event loop, and only
    // while the dialog exists (the destructor stops the search and waits for the thread).
    QPointer<SearchReplayDialog> self(this);
    auto result2 = result_;
    worker_ = std::thread([self, result2, sample, cancel = cancel_] {
        auto replay = core::replaySearch(*result2, size_t(std::max(0, sample)), 26, cancel);
        QMetaObject::invokeMethod(
            qApp,
            [self, replay = std::move(replay)]() mutable {
                if (self) self->receive(std::move(replay));
            },
            Qt::QueuedConnection);
    });
}

SearchReplayDialog::~SearchReplayDialog() {
    cancel_.requestCancel();
    if (worker_.joinable()) worker_.join();
}

void SearchReplayDialog::receive(core::Expected<core::SearchReplay> replay) {
    if (!replay) {
        status_->setText(QString::fromStdString(replay.error().message));
        replay_ = std::make_unique<core::SearchReplay>();
        Q_EMIT replayReady();
        return;
    }
    replay_ = std::make_unique<core::SearchReplay>(std::move(*replay));
    const auto& frames = replay_->frames;
    status_->setText(tr("Sample %1: %2 frames of %3 search steps. The last frame is what the run "
                        "scored.")
                         .arg(replay_->index)
                         .arg(frames.size())
                         .arg(frames.empty() ? 0 : frames.back().step));
    // The weighted terms and their sum, the score, over the steps.
    const auto weights = result_->model->termWeights();
    for (size_t t = 0; t <= replay_->termNames.size(); ++t) {
        const bool total = t == replay_->termNames.size();
        auto* g = losses_->addGraph();
        QVector<double> x, y;
        for (const auto& f : frames) {
            x.push_back(f.step);
            y.push_back(total ? f.score : (t < weights.size() ? weights[t] : 0.0) * f.terms[t]);
        }
        g->setData(x, y, true);
        if (total) {
            g->setName(tr("score (their sum)"));
            g->setPen(QPen(colours::kMarker, 2.5));
        } else {
            g->setName(tr("%1 x %2")
                           .arg(t < weights.size() ? weights[t] : 0.0, 0, 'g', 3)
                           .arg(QString::fromStdString(replay_->termNames[t])));
            g->setPen(QPen(colours::kGroups[t % std::size(colours::kGroups)], 1.5,
                           t == 0 ? Qt::SolidLine : Qt::DashLine));
        }
    }
    losses_->rescaleAxes();
    losses_->yAxis->setRangeLower(0);
    slider_->setRange(0, std::max(0, frameCount() - 1));
    slider_->setEnabled(frameCount() > 1);
    play_->setEnabled(frameCount() > 1);
    showFrame(0);
    Q_EMIT replayReady();
}

int SearchReplayDialog::frameCount() const { return replay_ ? int(replay_->frames.size()) : 0; }

int SearchReplayDialog::currentFrame() const { return slider_->value(); }

QString SearchReplayDialog::statusText() const { return status_->text(); }

bool SearchReplayDialog::playing() const { return timer_->isActive(); }

void SearchReplayDialog::play() {
    if (frameCount() < 2) return;
    if (currentFrame() + 1 >= frameCount()) showFrame(0);
    play_->setText(tr("Pause"));
    timer_->start();
}

void SearchReplayDialog::showFrame(int frame) {
    if (frame < 0 || frame >= frameCount()) return;
    if (slider_->value() != frame) {
        const QSignalBlocker block(slider_);
        slider_->setValue(frame);
    }
    const auto& f = replay_->frames[size_t(frame)];
    QStringList terms;
    for (size_t t = 0; t < f.terms.size() && t < replay_->termNames.size(); ++t)
        terms << QStringLiteral("%1 %2")
                     .arg(QString::fromStdString(replay_->termNames[t]))
                     .arg(f.terms[t], 0, 'g', 4);
    frameText_->setText(tr("step %1 of %2: %3; score %4")
                            .arg(f.step)
                            .arg(replay_->frames.back().step)
                            .arg(terms.join(QStringLiteral(", ")))
                            .arg(f.score, 0, 'g', 4));
    marker_->point1->setCoords(f.step, 0);
    marker_->point2->setCoords(f.step, 1);
    losses_->replot(QCustomPlot::rpQueuedReplot);
    const auto& shape = replay_->shape;
    if (input_ && shape.size() == 3) {
        const int c = int(shape[0]), h = int(shape[1]), w = int(shape[2]);
        std::vector<float> error(f.match.size());
        for (size_t i = 0; i < error.size() && i < replay_->input.size(); ++i)
            error[i] = std::abs(replay_->input[i] - f.match[i]);
        input_->setImage(replay_->input, c, h, w);
        match_->setImage(f.match, c, h, w);
        error_->setImage(std::move(error), c, h, w);
    } else if (curves_) {
        curves_->setSample(replay_->input, f.match, tr("step %1").arg(f.step));
    }
}

}  // namespace awb::ui

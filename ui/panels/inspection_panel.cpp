// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/inspection_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/evaluation/thresholds.h"
#include "core/models/family.h"
#include "core/training/noise.h"
#include "ui/panels/draw_sample_dialog.h"
#include "ui/panels/search_replay_dialog.h"
#include "ui/plots/confusion_plot.h"
#include "ui/plots/curve_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/image_grid.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/sample_plot.h"
#include "ui/plots/score_plot.h"
#include "ui/plots/series_plot.h"

namespace awb::ui {

namespace {

enum RuleIndex { kMeanStd, kPercentile, kManual, kBestF1 };

QString fmt(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("n/a"); }

}  // namespace

InspectionPanel::InspectionPanel(QWidget* parent) : QWidget(parent) {
    histogram_ = new HistogramPlot(this);
    scores_ = new ScorePlot(this);
    auto* errorTabs = new QTabWidget(this);
    errorTabs_ = errorTabs;
    errorTabs->addTab(histogram_, tr("Error histogram"));
    errorTabs->addTab(scores_, tr("Error by sample"));
    auto* seriesTab = new QWidget(this);
    auto* seriesLayout = new QVBoxLayout(seriesTab);
    seriesLayout->setContentsMargins(0, 0, 0, 0);
    seriesFeature_ = new QComboBox(seriesTab);
    seriesFeature_->setToolTip(tr("The feature drawn on the signal track"));
    auto* featureRow = new QHBoxLayout;
    featureRow->addWidget(new QLabel(tr("Feature"), seriesTab));
    featureRow->addWidget(seriesFeature_);
    featureRow->addWidget(new QLabel(tr("wheel: zoom time, drag: pan (both tracks); double-click a point to pick it"), seriesTab));
    featureRow->addStretch(1);
    seriesLayout->addLayout(featureRow);
    series_ = new SeriesPlot(seriesTab);
    seriesLayout->addWidget(series_, 1);
    errorTabs->addTab(seriesTab, tr("Series"));
    errorTabs->setTabEnabled(2, false);
    confusion_ = new ConfusionPlot(this);
    roc_ = new CurvePlot(CurvePlot::Kind::Roc, this);
    pr_ = new CurvePlot(CurvePlot::Kind::PrecisionRecall, this);
    sample_ = new SamplePlot(this);
    grid_ = new ImageGrid(this);
    auto* gridScroll = new QScrollArea(this);
    gridScroll->setWidget(grid_);
    gridScroll->setWidgetResizable(true);  // the grid takes the panel's width; cells scale
    sampleStack_ = new QStackedWidget(this);
    sampleStack_->addWidget(sample_);
    sampleStack_->addWidget(gridScroll);

    rule_ = new QComboBox(this);
    rule_->addItems({tr("mean + k·std of training error"), tr("percentile of training error"),
                     tr("manual"), tr("best F1 on validation (uses labels)")});
    parameter_ = new QDoubleSpinBox(this);
    parameter_->setRange(0, 100);
    parameter_->setDecimals(2);
    parameter_->setSingleStep(0.25);
    value_ = new QDoubleSpinBox(this);
    value_->setDecimals(6);
    value_->setRange(-1e9, 1e9);
    value_->setSingleStep(0.001);
    value_->setKeyboardTracking(false);
    logCounts_ = new QCheckBox(tr("log counts"), this);
    termBalance_ = new QDoubleSpinBox(this);
    termBalance_->setRange(0, 1);
    termBalance_->setSingleStep(0.05);
    termBalance_->setDecimals(2);
    termBalance_->setKeyboardTracking(false);
    termBalanceLabel_ = new QLabel(tr("Term weight"), this);
    metrics_ = new QLabel(this);
    metrics_->setTextFormat(Qt::RichText);
    metrics_->setWordWrap(true);  // long notes must not widen the window
    metrics_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* controls = new QFormLayout;
    controls->addRow(tr("Threshold rule"), rule_);
    controls->addRow(tr("k / percentile"), parameter_);
    controls->addRow(tr("Threshold"), value_);
    controls->addRow(QString(), logCounts_);
    controls->addRow(termBalanceLabel_, termBalance_);
    // The notes can run long: they scroll in their own area rather than squeezing the plots
    // below them.
    auto* metricsScroll = new QScrollArea(this);
    metricsScroll->setObjectName(QStringLiteral("metricsScroll"));
    metricsScroll->setWidget(metrics_);
    metricsScroll->setWidgetResizable(true);
    metricsScroll->setFrameShape(QFrame::NoFrame);
    metricsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    metrics_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    controls->addRow(metricsScroll);

    sampleIndex_ = new QSpinBox(this);
    sampleIndex_->setPrefix(tr("sample "));
    sampleClass_ = new QComboBox(this);
    auto* worst = new QPushButton(tr("Highest error"), this);
    auto* best = new QPushButton(tr("Lowest error"), this);
    auto* sampleRow = new QHBoxLayout;
    sampleRow->addWidget(sampleIndex_);
    sampleRow->addWidget(new QLabel(tr("test sample of class"), this));
    sampleRow->addWidget(sampleClass_);
    sampleRow->addWidget(worst);
    sampleRow->addWidget(best);
    draw_ = new QPushButton(tr("Draw / edit this sample..."), this);
    draw_->setToolTip(
        tr("Change the sample with the mouse (curves: draw, add a spike, flatten a part; "
           "images: ink, eraser, paint noise) and see its reconstruction and verdict at once"));
    draw_->setEnabled(false);
    sampleRow->addWidget(draw_);
    connect(draw_, &QPushButton::clicked, this, &InspectionPanel::openDrawDialog);
    replay_ = new QPushButton(tr("Replay its latent search..."), this);
    replay_->setToolTip(
        tr("AnoGAN: watch the search that scored this sample, step by step (the "
           "generated match improving and the loss falling)"));
    replay_->setVisible(false);
    sampleRow->addWidget(replay_);
    connect(replay_, &QPushButton::clicked, this, &InspectionPanel::openSearchReplay);
    sampleRow->addStretch(1);

    auto* grid = new QGridLayout(this);
    grid->addWidget(errorTabs, 0, 0, 1, 2);
    grid->addLayout(controls, 0, 2);
    grid->addWidget(confusion_, 1, 0);
    grid->addWidget(roc_, 1, 1);
    grid->addWidget(pr_, 1, 2);
    grid->addLayout(sampleRow, 2, 0, 1, 3);
    grid->addWidget(sampleStack_, 3, 0, 1, 3);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 3);
    grid->setRowStretch(3, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    fitPlotHeights();
    // The Series view needs height (thousands of points on two tracks); the image grid needs
    // rows: each gets the larger share when it is shown.
    auto share = [this, grid] {
        const bool series = errorTabs_->currentIndex() == 2;
        const bool images = sampleStack_->currentIndex() == 1;
        grid->setRowStretch(0, series ? 5 : 3);
        grid->setRowStretch(1, series ? 2 : 3);
        grid->setRowStretch(3, images ? 5 : 2);
    };
    connect(errorTabs_, &QTabWidget::currentChanged, this, share);
    connect(sampleStack_, &QStackedWidget::currentChanged, this, share);

    connect(histogram_, &HistogramPlot::thresholdDragged, this, &InspectionPanel::setThreshold);
    connect(scores_, &ScorePlot::thresholdDragged, this, &InspectionPanel::setThreshold);
    connect(scores_, &ScorePlot::samplePicked, this, &InspectionPanel::showSample);
    connect(grid_, &ImageGrid::samplePicked, this, &InspectionPanel::showSample);
    for (QCustomPlot* plot : std::initializer_list<QCustomPlot*>{histogram_, scores_, confusion_, roc_, pr_, sample_}) {
        installExportMenu(plot);
    }
    connect(value_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!updating_) setThreshold(v);
    });
    connect(rule_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) applyRule();
    });
    connect(parameter_, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!updating_) applyRule();
    });
    connect(logCounts_, &QCheckBox::toggled, histogram_, &HistogramPlot::setLogCounts);
    connect(series_, &SeriesPlot::thresholdDragged, this, &InspectionPanel::setThreshold);
    connect(series_, &SeriesPlot::pointPicked, this, &InspectionPanel::showSample);
    connect(seriesFeature_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) showSeries();
    });
    connect(termBalance_, &QDoubleSpinBox::valueChanged, this, [this](double a) {
        if (updating_) return;
        const QString error = setTermBalance(a);
        if (!error.isEmpty())
            metrics_->setText(
                QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(error.toHtmlEscaped()));
    });
    connect(sampleIndex_, &QSpinBox::valueChanged, this, &InspectionPanel::showSample);
    connect(worst, &QPushButton::clicked, this, [this] { showExtreme(true); });
    connect(best, &QPushButton::clicked, this, [this] { showExtreme(false); });
    clear();
}

void InspectionPanel::clear() {
    result_.reset();
    testScores_.clear();
    testAnomaly_.clear();
    histogram_->setScores({}, {});
    confusion_->setMatrix({});
    metrics_->setText(tr("Train a model to see its errors here."));
    replay_->setVisible(false);
    setEnabled(false);
}

void InspectionPanel::setResult(std::shared_ptr<core::ExperimentResult> result) {
    const bool fresh = result.get() != result_.get();  // not the same run re-weighted
    result_ = std::move(result);
    if (!result_) return clear();
    setEnabled(true);
    const auto& p = result_->prepared;
    const auto& scores = result_->evaluation.scores;
    testScores_.clear();
    testAnomaly_.clear();
    for (size_t i : p.split.test) {
        testScores_.push_back(scores[i]);
        testAnomaly_.push_back(p.anomaly[i]);
    }
    histogram_->setScores(testScores_, testAnomaly_);
    if (fresh) {
        // A new run's log counts start on for a rare class, and the box says so (untick it for
        // linear; re-weighting the same run keeps the reader's choice).
        const bool rare = HistogramPlot::rareClass(testAnomaly_);
        logCounts_->setChecked(rare);
        histogram_->setLogCounts(rare);
    }
    scores_->setScores(p.split.test, testScores_, testAnomaly_);
    roc_->setScores(testScores_, testAnomaly_, result_->evaluation.auroc);
    pr_->setScores(testScores_, testAnomaly_, result_->evaluation.auprc);
    {
        const QSignalBlocker b1(rule_), b2(parameter_);
        const auto& rule = result_->config.threshold;
        rule_->setCurrentIndex(rule.kind == core::ThresholdKind::MeanStd      ? kMeanStd
                               : rule.kind == core::ThresholdKind::Percentile ? kPercentile
                               : rule.kind == core::ThresholdKind::Value      ? kManual
                                                                              : kBestF1);
        parameter_->setValue(rule.parameter);
    }
    sampleIndex_->setRange(0, static_cast<int>(p.data.size()) - 1);
    const bool images = p.data.kind == core::DataKind::Image && p.data.sampleShape.size() == 3;
    sampleStack_->setCurrentIndex(images ? 1 : 0);
    const bool windowed = result_->config.data.windowLength > 0;
    errorTabs_->setTabEnabled(2, windowed);
    draw_->setEnabled(bool(result_->model));
    replay_->setVisible(core::canReplaySearch(*result_));
    seriesReconstruction_.clear();
    if (windowed) {
        if (auto rec = core::seriesReconstruction(*result_)) seriesReconstruction_ = std::move(*rec);
        updating_ = true;
        const int keep = seriesFeature_->currentIndex();
        seriesFeature_->clear();
        for (size_t f = 0; f < p.data.sampleSize(); ++f) {
            seriesFeature_->addItem(f < p.data.featureNames.size() ? QString::fromStdString(p.data.featureNames[f])
                                                                   : QString::number(f));
        }
        seriesFeature_->setCurrentIndex(keep >= 0 && keep < seriesFeature_->count() ? keep : 0);
        updating_ = false;
        showSeries();
        errorTabs_->setCurrentIndex(2);
    } else if (errorTabs_->currentIndex() == 2) {
        errorTabs_->setCurrentIndex(0);
    }
    {
        // Two score terms (USAD's e1, e3): one weight w for the first, 1 − w for the second.
        const core::Family* family = core::findFamily(result_->config.model.family);
        const bool two = family && family->terms.size() == 2 && result_->model;
        termBalance_->setEnabled(two);
        termBalance_->setVisible(two);  // a one-term family has nothing to balance
        termBalanceLabel_->setVisible(two);
        const QSignalBlocker b(termBalance_);
        if (two) {
            const auto w = result_->model->termWeights();
            const auto& t = family->terms;
            termBalanceLabel_->setText(tr("Weight of %1").arg(QString::fromStdString(t[0].name)));
            termBalance_->setValue(w[0] + w[1] > 0 ? w[0] / (w[0] + w[1]) : 0.5);
            termBalance_->setToolTip(
                tr("score = w·%1 + (1−w)·%2 (%1: %3; %2: %4); changing it re-scores without "
                   "retraining")
                    .arg(QString::fromStdString(t[0].name), QString::fromStdString(t[1].name),
                         QString::fromStdString(t[0].description),
                         QString::fromStdString(t[1].description)));
        } else {
            termBalanceLabel_->setText(tr("Term weight"));
            termBalance_->setToolTip(tr("For families whose score has two terms"));
        }
    }
    sampleClass_->clear();
    if (p.data.hasLabels()) {
        // The classes the test part holds (a 7-vs-5 run keeps two of ten), each with its index.
        std::vector<uint8_t> present(p.data.classNames.size(), 0);
        for (size_t i : p.split.test) present[size_t(p.data.labels[i])] = 1;
        for (size_t c = 0; c < present.size(); ++c) {
            if (present[c])
                sampleClass_->addItem(classTitle(p.data.classNames[c]), QVariant(int(c)));
        }
    } else {
        sampleClass_->addItem(tr("all (unlabelled)"), QVariant(0));
    }
    refresh();
    if (!p.split.test.empty()) showSample(static_cast<int>(p.split.test.front()));
}

double InspectionPanel::threshold() const { return result_ ? result_->evaluation.threshold : 0.0; }

void InspectionPanel::setThreshold(double value) {
    if (!result_ || !std::isfinite(value)) return;
    core::ThresholdRule manual{core::ThresholdKind::Value, value};
    result_->config.threshold = manual;
    core::evaluateResultAt(*result_, std::move(result_->evaluation.scores), manual, value);
    {
        const QSignalBlocker b(rule_);
        rule_->setCurrentIndex(kManual);
    }
    refresh();
}

void InspectionPanel::applyRule() {
    if (!result_) return;
    const int index = rule_->currentIndex();
    if (index == kManual) return;
    core::ThresholdRule rule{index == kMeanStd      ? core::ThresholdKind::MeanStd
                             : index == kPercentile ? core::ThresholdKind::Percentile
                                                    : core::ThresholdKind::BestF1,
                             parameter_->value()};
    auto t = core::thresholdFor(result_->prepared, result_->evaluation.scores, rule);
    if (!t) {
        metrics_->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                              .arg(QString::fromStdString(t.error().message).toHtmlEscaped()));
        return;
    }
    result_->config.threshold = rule;
    core::evaluateResultAt(*result_, std::move(result_->evaluation.scores), rule, *t);
    refresh();
}

void InspectionPanel::refresh() {
    const auto& e = result_->evaluation;
    updating_ = true;
    value_->setValue(e.threshold);
    updating_ = false;
    histogram_->setThreshold(e.threshold);
    scores_->setThreshold(e.threshold);
    if (result_->config.data.windowLength > 0) series_->setThreshold(e.threshold);
    confusion_->setMatrix(e.metrics.confusion);
    const auto& cm = e.metrics.confusion;
    const double fpr = (cm.fp + cm.tn) ? double(cm.fp) / (cm.fp + cm.tn) : 0.0;
    roc_->setOperatingPoint(fpr, e.metrics.recall);
    pr_->setOperatingPoint(e.metrics.recall, e.metrics.precision);
    metrics_->setText(metricsText());
    Q_EMIT thresholdChanged(e.threshold);
}

QString InspectionPanel::metricsText() const {
    if (!result_) return {};
    const auto& e = result_->evaluation;
    const auto& m = e.metrics;
    return tr("<b>Test part</b>: %1 samples, %2 anomalies<br>"
              "<b>AUROC %3 &nbsp; AUPRC %4</b> (threshold-free)<br>"
              "At the threshold, anomaly = positive:<br>"
              "accuracy %5<br>precision %6<br>recall %7<br>F1 %8%9")
        .arg(e.testCount).arg(e.testAnomalies)
        .arg(fmt(e.auroc), fmt(e.auprc), fmt(m.accuracy), fmt(m.precision), fmt(m.recall), fmt(m.f1))
        .arg(e.rule.usesLabels() ? tr("<br><i>threshold chosen with labels</i>") : QString()) +
           (e.note.empty() ? QString()
                           : QStringLiteral("<br><i style='color:#c0392b'>%1</i>")
                                 .arg(QString::fromStdString(e.note).toHtmlEscaped())) +
           (e.hasPointAdjusted
                ? tr("<br><span style='color:#7f7f7f'>point-adjusted (a whole labelled segment counts when one "
                     "point is flagged; inflates results): precision %1, recall %2, F1 %3</span>")
                      .arg(fmt(e.pointAdjusted.precision), fmt(e.pointAdjusted.recall), fmt(e.pointAdjusted.f1))
                : QString());
}

void InspectionPanel::showSample(int index) {
    if (!result_ || !result_->model || index < 0 ||
        static_cast<size_t>(index) >= result_->prepared.data.size()) {
        return;
    }
    const auto& data = result_->prepared.data;
    if (data.kind == core::DataKind::Image && data.sampleShape.size() == 3) {
        rebuildImageGrid(index);
        const QSignalBlocker b(sampleIndex_);
        sampleIndex_->setValue(index);
        return;
    }
    if (result_->config.data.windowLength > 0) {
        showWindowAround(index);
        const QSignalBlocker b(sampleIndex_);
        sampleIndex_->setValue(index);
        return;
    }
    auto rec = result_->model->reconstruct(data, {static_cast<size_t>(index)});
    if (!rec) return;
    std::vector<float> input(data.sample(index), data.sample(index) + data.sampleSize());
    const double score = result_->evaluation.scores[index];
    sample_->setSample(input, *rec,
                       tr("sample %1, %2: error %3, %4")
                           .arg(sampleName(size_t(index)))
                           .arg(classText(size_t(index)))
                           .arg(score, 0, 'g', 4)
                           .arg(verdict(size_t(index))));
    const QSignalBlocker b(sampleIndex_);
    sampleIndex_->setValue(index);
}

bool InspectionPanel::openSearchReplay() {
    if (!result_ || !core::canReplaySearch(*result_)) return false;
    auto* dialog = new SearchReplayDialog(result_, sampleIndex_->value(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    replayDialog_ = dialog;
    dialog->open();
    return true;
}

bool InspectionPanel::openDrawDialog() {
    if (!result_ || !draw_->isEnabled()) return false;
    auto* dialog = new DrawSampleDialog(result_, sampleIndex_->value(), this,
                                        classText(size_t(sampleIndex_->value())));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return true;
}

void InspectionPanel::showExtreme(bool highest) {
    showExtremeOf(sampleClass_->currentData().toInt(), highest);
}

long InspectionPanel::extremeTestSample(int classIndex, bool highest) const {
    const auto& p = result_->prepared;
    const auto& s = result_->evaluation.scores;
    long pick = -1;
    for (size_t i : p.split.test) {
        if (p.data.hasLabels() && p.data.labels[i] != classIndex) continue;
        if (pick < 0 || (highest ? s[i] > s[pick] : s[i] < s[pick])) pick = static_cast<long>(i);
    }
    return pick;
}

int InspectionPanel::showExtremeOf(int classIndex, bool highest) {
    if (!result_) return -1;
    const long pick = extremeTestSample(classIndex, highest);
    if (pick >= 0) showSample(static_cast<int>(pick));
    return static_cast<int>(pick);
}

}  // namespace awb::ui

namespace awb::ui {

void InspectionPanel::fitPlotHeights() {
    // The matrix and the curves stay readable on a small screen and at a presentation size:
    // about nine lines of text high, whatever the rows above and below would take.
    const int line = fontMetrics().height();
    for (QWidget* plot : std::initializer_list<QWidget*>{confusion_, roc_, pr_})
        plot->setMinimumHeight(9 * line);
}

void InspectionPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) fitPlotHeights();
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/latent_panel.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QVBoxLayout>
#include <cmath>

#include "ui/plots/plot_style.h"

namespace awb::ui {

namespace {

const QCPScatterStyle::ScatterShape kShapes[] = {
    QCPScatterStyle::ssCircle,  QCPScatterStyle::ssTriangle,        QCPScatterStyle::ssSquare,
    QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,           QCPScatterStyle::ssPlus,
    QCPScatterStyle::ssStar,    QCPScatterStyle::ssTriangleInverted};

}  // namespace

LatentPanel::LatentPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Project")));
    space_ = new QComboBox;
    space_->addItem(tr("the model's codes (bottleneck)"), QStringLiteral("codes"));
    space_->addItem(tr("the inputs (scaled)"), QStringLiteral("inputs"));
    controls->addWidget(space_);
    controls->addWidget(new QLabel(tr("Colour by")));
    colouring_ = new QComboBox;
    colouring_->addItem(tr("the threshold's decision"), QStringLiteral("decision"));
    colouring_->addItem(tr("class"), QStringLiteral("class"));
    controls->addWidget(colouring_);
    controls->addStretch(1);
    layout->addLayout(controls);
    note_ = new QLabel(emptyNote());
    note_->setWordWrap(true);
    layout->addWidget(note_);
    plot_ = new QCustomPlot;
    plot_->legend->setVisible(true);
    placeLegendInRow(plot_, 0);  // above the points, never over them
    plot_->setInteractions(QCP::iSelectPlottables | QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->xAxis->setLabel(tr("first principal component"));
    plot_->yAxis->setLabel(tr("second principal component"));
    followWidgetFont(plot_);
    layout->addWidget(plot_, 1);
    connect(space_, &QComboBox::currentIndexChanged, this, [this] {
        compute();
        Q_EMIT spaceChanged();
    });
    connect(colouring_, &QComboBox::currentIndexChanged, this, [this] { draw(); });
    connect(plot_, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable* p, int dataIndex, QMouseEvent*) {
                if (!hasView_) return;  // a projection is on its way: the old points name nothing
                for (const auto& [plottable, points] : groups_) {
                    if (plottable == p && dataIndex >= 0 && dataIndex < int(points.size())) {
                        Q_EMIT sampleClicked(int(view_.rows[size_t(points[size_t(dataIndex)])]));
                        return;
                    }
                }
            });
}

LatentPanel::~LatentPanel() {
    if (worker_.joinable()) worker_.join();
}

QString LatentPanel::emptyNote() {
    return tr(
        "Train or open a run: its test samples appear here, projected onto two principal "
        "components.");
}

struct LatentPanel::Group {
    QString name;
    QColor colour;
    QCPScatterStyle::ScatterShape shape;
    std::vector<int> points;
};

void LatentPanel::setResult(std::shared_ptr<core::ExperimentResult> result) {
    if (result && result == result_ && !live_) return;  // drawn already (or on its way)
    live_ = false;
    result_ = std::move(result);
    threshold_ = result_ ? result_->evaluation.threshold : 0;
    compute();
}

void LatentPanel::setThreshold(double value) {
    threshold_ = value;
    if (hasView_ && colouring_->currentData().toString() == QLatin1String("decision")) draw();
}

void LatentPanel::setSpace(const QString& space) {
    const int i = space_->findData(space);
    if (i >= 0) space_->setCurrentIndex(i);
}

void LatentPanel::setColouring(const QString& colouring) {
    const int i = colouring_->findData(colouring);
    if (i >= 0) colouring_->setCurrentIndex(i);
}

bool LatentPanel::showsCodes() const {
    return space_->currentData().toString() == QLatin1String("codes");
}

void LatentPanel::showLive(const core::LivePreview& p) {
    if (p.codeX.empty() || p.codeX.size() != p.anomaly.size() || !showsCodes()) return;
    ++generation_;  // a projection of the previous result arriving now is stale
    pending_ = false;
    hasView_ = false;  // clicks name samples of the result, which comes after training
    live_ = true;
    livePreview_ = p;
    drawLive();
}

void LatentPanel::drawLive() {
    const auto& p = livePreview_;
    note_->setText(tr("Training, epoch %1: PCA of %2 test samples' codes (%3 units): the first "
                      "component holds %4 % of their variance, the second %5 %. Coloured by "
                      "label; the threshold's decisions and clicks follow when training ends.")
                       .arg(p.epoch)
                       .arg(p.codeX.size())
                       .arg(p.codeDims)
                       .arg(100 * p.codeExplainedX, 0, 'f', 1)
                       .arg(100 * p.codeExplainedY, 0, 'f', 1));
    std::vector<Group> groups = {
        {tr("normal"), colours::kNormal, QCPScatterStyle::ssCircle, {}},
        {tr("anomaly"), colours::kAnomaly, QCPScatterStyle::ssTriangle, {}}};
    for (size_t i = 0; i < p.anomaly.size(); ++i)
        groups[p.anomaly[i] ? 1 : 0].points.push_back(int(i));
    drawGroups(groups, p.codeX, p.codeY);
}

void LatentPanel::compute() {
    live_ = false;
    livePreview_ = core::LivePreview{};
    hasView_ = false;
    ++generation_;
    groups_.clear();
    plot_->clearPlottables();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    if (!result_) {
        note_->setText(emptyNote());
        return;
    }
    if (worker_.joinable()) worker_.join();
    pending_ = true;
    note_->setText(tr("Projecting the test samples..."));
    const auto space = space_->currentData().toString() == QLatin1String("inputs")
                           ? core::LatentSpace::Inputs
                           : core::LatentSpace::Codes;
    QPointer<LatentPanel> self(this);
    worker_ = std::thread([self, result = result_, space, generation = generation_] {
        auto view = core::latentView(*result, space);
        QMetaObject::invokeMethod(
            qApp,
            [self, generation, view = std::move(view)]() mutable {
                if (self) self->receive(generation, std::move(view));
            },
            Qt::QueuedConnection);
    });
}

void LatentPanel::receive(unsigned generation, core::Expected<core::LatentView> view) {
    if (generation != generation_) return;  // a later request is on its way
    pending_ = false;
    if (!view) {
        groups_.clear();
        plot_->clearPlottables();
        plot_->replot(QCustomPlot::rpQueuedReplot);
        note_->setText(QString::fromStdString(view.error().message));
        Q_EMIT ready();
        return;
    }
    view_ = std::move(*view);
    hasView_ = true;
    const bool codes = space_->currentData().toString() == QLatin1String("codes");
    note_->setText(tr("PCA of %1 test samples' %2 (%3 %4): the first component holds %5 % of their "
                      "variance, the second %6 %. Click a point to inspect that sample.")
                       .arg(view_.rows.size())
                       .arg(codes ? tr("codes") : tr("inputs"))
                       .arg(view_.dims)
                       .arg(codes ? tr("units") : tr("values"))
                       .arg(100 * view_.explainedX, 0, 'f', 1)
                       .arg(100 * view_.explainedY, 0, 'f', 1));
    draw();
    Q_EMIT ready();
}

void LatentPanel::draw() {
    if (live_) return drawLive();  // a training preview stays until the next one or the result
    groups_.clear();
    plot_->clearPlottables();
    if (!hasView_ || !result_) {
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const auto& r = *result_;
    const auto& scores = r.evaluation.scores;
    const bool byClass = colouring_->currentData().toString() == QLatin1String("class");
    std::vector<Group> groups;
    if (byClass && r.prepared.data.hasLabels()) {
        const auto& names = r.prepared.data.classNames;
        for (size_t c = 0; c < names.size(); ++c) {
            groups.push_back({tr("class %1").arg(QString::fromStdString(names[c])),
                              colours::kSeries[c % colours::kSeriesCount],
                              kShapes[c % 8],
                              {}});
        }
        for (size_t i = 0; i < view_.rows.size(); ++i) {
            const int label = r.prepared.data.labels[view_.rows[i]];
            if (label >= 0 && size_t(label) < groups.size())
                groups[size_t(label)].points.push_back(int(i));
        }
    } else {
        // Normal samples blue, anomalies orange; the decision by shape: a cross for a miss or a
        // false alarm, so errors stand out without colour.
        groups = {
            {tr("passed (normal)"), QColor(0, 114, 178), QCPScatterStyle::ssCircle, {}},
            {tr("false alarm (normal, flagged)"),
             QColor(0, 114, 178),
             QCPScatterStyle::ssCross,
             {}},
            {tr("caught (anomaly, flagged)"), QColor(230, 159, 0), QCPScatterStyle::ssTriangle, {}},
            {tr("missed (anomaly, not flagged)"),
             QColor(213, 94, 0),
             QCPScatterStyle::ssDiamond,
             {}}};
        for (size_t i = 0; i < view_.rows.size(); ++i) {
            const size_t row = view_.rows[i];
            const bool anomaly = row < r.prepared.anomaly.size() && r.prepared.anomaly[row];
            const bool flagged = row < scores.size() && scores[row] > threshold_;
            groups[(anomaly ? 2 : 0) + (anomaly ? !flagged : flagged)].points.push_back(int(i));
        }
    }
    drawGroups(groups, view_.x, view_.y);
}

void LatentPanel::drawGroups(const std::vector<Group>& groups, const std::vector<double>& px,
                             const std::vector<double>& py) {
    groups_.clear();
    plot_->clearPlottables();
    for (const auto& g : groups) {
        if (g.points.empty()) continue;
        // A curve keeps the points in the order given (a graph would sort them by x, and a
        // click's index would no longer name the sample).
        auto* graph = new QCPCurve(plot_->xAxis, plot_->yAxis);
        QVector<double> t, x, y;
        for (int i : g.points) {
            t.push_back(double(t.size()));
            x.push_back(px[size_t(i)]);
            y.push_back(py[size_t(i)]);
        }
        graph->setData(t, x, y, true);
        graph->setLineStyle(QCPCurve::lsNone);
        QPen pen(g.colour, g.shape == QCPScatterStyle::ssDiamond ? 1.5 : 1.2);
        QColor fill = g.colour;
        fill.setAlpha(g.shape == QCPScatterStyle::ssCross ? 255 : 110);
        graph->setScatterStyle(
            QCPScatterStyle(g.shape, pen, fill, g.shape == QCPScatterStyle::ssDiamond ? 8 : 6));
        graph->setName(QStringLiteral("%1 (%2)").arg(g.name).arg(g.points.size()));
        graph->setSelectable(QCP::stSingleData);
        groups_.emplace_back(graph, g.points);
    }
    plot_->rescaleAxes();
    plot_->xAxis->scaleRange(1.05);
    plot_->yAxis->scaleRange(1.05);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int LatentPanel::pointCount() const {
    int n = 0;
    for (const auto& g : groups_) n += int(g.second.size());
    return n;
}

QString LatentPanel::noteText() const { return note_->text(); }

int LatentPanel::sampleAt(int i) const {
    return hasView_ && i >= 0 && size_t(i) < view_.rows.size() ? int(view_.rows[size_t(i)]) : -1;
}

int LatentPanel::groupCount(const QString& name) const {
    for (const auto& [plottable, points] : groups_) {
        if (plottable->name().startsWith(name)) return int(points.size());
    }
    return 0;
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/compare_window.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/evaluation/metrics.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_style.h"
#include "ui/recent_runs.h"

namespace awb::ui {

namespace {

/// One colour per group (beyond eight the line style changes too).
constexpr int kPaletteSize = colours::kSeriesCount;
/// Error histograms drawn at most (one per run); the rest are counted in a note.
constexpr int kMaxHistograms = 24;

/// A table cell that sorts by its number (NaN first), whatever its text ("0.8000 ± 0.1000").
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(const QString& text, double value) : QTableWidgetItem(text) {
        setData(Qt::UserRole, std::isfinite(value) ? value : -HUGE_VAL);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

/// A group's name in a plot's legend: its label, cut to about 50 characters when many settings
/// differ (the legend would cover the plot); the table beside the plots keeps every value.
QString legendLabel(const std::string& label) {
    constexpr int kMax = 50;
    const QString text = QString::fromStdString(label);
    return text.size() <= kMax ? text : text.left(kMax - 1) + QChar(0x2026);
}

QString meanStdQString(const core::MeanStd& m, int decimals) {
    return QString::fromStdString(core::meanStdText(m, decimals));
}

QString settingShortName(const std::string& path) {
    const auto dot = path.rfind('.');
    return QString::fromStdString(dot == std::string::npos ? path : path.substr(dot + 1));
}

QIcon swatch(const QColor& colour) {
    QPixmap p(12, 12);
    p.fill(Qt::transparent);
    QPainter painter(&p);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawRoundedRect(QRectF(1, 1, 10, 10), 2, 2);
    return QIcon(p);
}

/// The test part of a run: its scores and ground truth.
void testScores(const core::RunRecord& rec, std::vector<double>& scores,
                std::vector<uint8_t>& anomaly) {
    for (const auto& row : rec.scores) {
        if (row.split != "test" || !std::isfinite(row.score)) continue;
        scores.push_back(row.score);
        anomaly.push_back(uint8_t(row.anomaly != 0));
    }
}

void setupCurveAxes(QCustomPlot* plot, bool roc) {
    plot->xAxis->setRange(0, 1);
    plot->yAxis->setRange(0, 1.02);
    plot->xAxis->setLabel(roc ? QObject::tr("false-positive rate")
                              : QObject::tr("recall (anomaly)"));
    plot->yAxis->setLabel(roc ? QObject::tr("true-positive rate")
                              : QObject::tr("precision (anomaly)"));
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(
        0, roc ? Qt::AlignBottom | Qt::AlignRight : Qt::AlignBottom | Qt::AlignLeft);
    followWidgetFont(plot);
}

}  // namespace

CompareWindow::CompareWindow(QWidget* parent) : QWidget(parent, Qt::Window) {
    setWindowTitle(tr("Compare runs"));
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    status_ =
        new QLabel(tr("Add run directories or folders of runs (a sweep, a folder of seeds); "
                      "or drop them here."));
    status_->setWordWrap(true);
    top->addWidget(status_, 1);
    perRunBox_ = new QCheckBox(tr("One row per run"));
    perRunBox_->setToolTip(
        tr("Off: one row per group of runs that differ only in seed, with mean ± std"));
    top->addWidget(perRunBox_);
    add_ = new QPushButton(tr("Add runs..."));
    recent_ = new QPushButton(tr("Recent runs"));
    recent_->setToolTip(tr("Runs and folders of runs opened, saved, repeated or compared before"));
    recentMenu_ = new QMenu(recent_);
    recent_->setMenu(recentMenu_);
    connect(recentMenu_, &QMenu::aboutToShow, this, &CompareWindow::fillRecentMenu);
    clear_ = new QPushButton(tr("Clear"));
    export_ = new QPushButton(tr("Export table..."));
    export_->setToolTip(tr("The groups' table as CSV (mean and std of every figure)"));
    for (auto* b : {add_, recent_, clear_, export_}) top->addWidget(b);
    layout->addLayout(top);

    split_ = new QSplitter(Qt::Vertical);
    auto* split = split_;
    auto* upper = new QWidget;
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTableWidget;
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSortingEnabled(true);
    table_->verticalHeader()->setVisible(false);
    table_->setToolTip(tr("Click a column's title to sort by it; double-click a run to open it"));
    upperLayout->addWidget(table_, 1);
    note_ = new QLabel;
    note_->setWordWrap(true);
    note_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    upperLayout->addWidget(note_);
    split->addWidget(upper);

    tabs_ = new QTabWidget;
    auto* lossPage = new QWidget;
    auto* lossLayout = new QVBoxLayout(lossPage);
    auto* lossControls = new QHBoxLayout;
    lossSeries_ = new QComboBox;
    lossSeries_->addItem(tr("training loss"), QStringLiteral("train"));
    lossSeries_->addItem(tr("validation loss"), QStringLiteral("validation"));
    lossControls->addWidget(lossSeries_);
    lossControls->addWidget(new QLabel(tr("Smoothing")));
    smoothing_ = new QSlider(Qt::Horizontal);
    smoothing_->setRange(0, 95);
    smoothing_->setToolTip(
        tr("Exponential moving average of each run's curve before the mean (0 = none)"));
    lossControls->addWidget(smoothing_, 1);
    logScale_ = new QCheckBox(tr("Log scale"));
    lossControls->addWidget(logScale_);
    lossLayout->addLayout(lossControls);
    loss_ = new QCustomPlot;
    loss_->xAxis->setLabel(tr("epoch"));
    loss_->yAxis->setLabel(tr("loss"));
    loss_->legend->setVisible(true);
    followWidgetFont(loss_);
    lossLayout->addWidget(loss_, 1);
    tabs_->addTab(lossPage, tr("Loss curves"));
    roc_ = new QCustomPlot;
    setupCurveAxes(roc_, true);
    tabs_->addTab(roc_, tr("ROC"));
    pr_ = new QCustomPlot;
    setupCurveAxes(pr_, false);
    tabs_->addTab(pr_, tr("Precision-recall"));
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    histogramPage_ = new QWidget;
    auto* histogramLayout = new QVBoxLayout(histogramPage_);
    sameAxis_ = new QCheckBox(tr("Same error axis for all runs"));
    sameAxis_->setChecked(true);
    sameAxis_->setToolTip(
        tr("Off: each histogram spans its own run's errors. On by itself when the runs' errors "
           "share a scale (same data, scaling, loss and family), until you choose"));
    histogramLayout->addWidget(sameAxis_);
    histogramGrid_ = new QGridLayout;
    histogramLayout->addLayout(histogramGrid_);
    histogramLayout->addStretch(1);
    scroll->setWidget(histogramPage_);
    tabs_->addTab(scroll, tr("Error histograms"));
    split->addWidget(tabs_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);
    resize(1100, 800);

    connect(add_, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("A run directory or a folder of runs"));
        if (!dir.isEmpty()) addPaths({dir});
    });
    connect(clear_, &QPushButton::clicked, this, [this] {
        paths_.clear();
        ++generation_;  // a read under way is dropped when it arrives
        ready_ = true;
        add_->setEnabled(true);
        comparison_ = core::Comparison{};
        status_->setText(tr("No runs. Add run directories or folders of runs."));
        rebuild();
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the table"), QStringLiteral("compare.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    connect(perRunBox_, &QCheckBox::toggled, this, &CompareWindow::setPerRun);
    connect(sameAxis_, &QCheckBox::toggled, this, [this] {
        sameAxisChosen_ = true;
        shareHistogramAxis();
    });
    connect(lossSeries_, &QComboBox::currentIndexChanged, this, [this] { drawLosses(); });
    connect(smoothing_, &QSlider::valueChanged, this, [this] { drawLosses(); });
    connect(logScale_, &QCheckBox::toggled, this, [this] { drawLosses(); });
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString dir = table_->item(row, 0)
                                ? table_->item(row, 0)->data(Qt::UserRole + 1).toString()
                                : QString();
        if (!dir.isEmpty()) Q_EMIT openRunRequested(dir);
    });
    rebuild();
}

CompareWindow::~CompareWindow() {
    if (worker_.joinable()) worker_.join();
}

void CompareWindow::addPaths(const QStringList& paths) {
    for (const auto& p : paths) {
        const QString clean = QFileInfo(p).absoluteFilePath();
        if (!paths_.contains(clean)) paths_.push_back(clean);
    }
    if (paths_.isEmpty()) return;
    if (worker_.joinable()) worker_.join();  // the last read: reading is short, a join is brief
    ready_ = false;
    const unsigned generation = ++generation_;
    status_->setText(paths_.size() == 1 ? tr("Reading 1 folder...")
                                        : tr("Reading %1 folders...").arg(paths_.size()));
    add_->setEnabled(false);
    recent_->setEnabled(false);
    std::vector<std::string> list;
    for (const auto& p : paths_) list.push_back(p.toStdString());
    QPointer<CompareWindow> self(this);
    worker_ = std::thread([self, list, generation] {
        auto result = core::compareRuns(list);
        QMetaObject::invokeMethod(
            qApp,
            [self, generation, result = std::move(result)]() mutable {
                if (self && generation == self->generation_) self->receive(std::move(result));
            },
            Qt::QueuedConnection);
    });
}

QStringList CompareWindow::recentChoices() const {
    QStringList out;
    for (const QString& dir : recentRuns()) {
        if (!paths_.contains(dir)) out.push_back(dir);
    }
    return out;
}

void CompareWindow::fillRecentMenu() {
    recentMenu_->clear();
    const QStringList dirs = recentChoices();
    if (dirs.isEmpty()) {
        recentMenu_->addAction(tr("(no other recent runs)"))->setEnabled(false);
        return;
    }
    for (const QString& dir : dirs) {
        recentMenu_->addAction(dir, this, [this, dir] { addPaths({dir}); });
    }
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("All of them"), this, [this, dirs] { addPaths(dirs); });
}

void CompareWindow::receive(core::Expected<core::Comparison> result) {
    ready_ = true;
    add_->setEnabled(true);
    recent_->setEnabled(true);
    if (!result) {
        // The folder that failed is taken out again, so that the others can still be compared.
        const QString message = QString::fromStdString(result.error().message);
        for (int i = paths_.size() - 1; i >= 0; --i) {
            if (message.startsWith(paths_[i])) {
                paths_.removeAt(i);
                break;
            }
        }
        status_->setText(message);
        Q_EMIT failed(message);
        if (qEnvironmentVariableIsEmpty("AWB_NO_DIALOGS"))
            QMessageBox::warning(this, tr("Compare runs"), message);
        return;
    }
    comparison_ = std::move(*result);
    for (const QString& p : paths_) rememberRun(p);
    if (!sameAxisChosen_) {  // one error axis only where the errors share a scale
        const QSignalBlocker quiet(sameAxis_);
        sameAxis_->setChecked(core::sameErrorScale(comparison_));
    }
    const auto& c = comparison_;
    const auto count = [](size_t n, const QString& one, const QString& many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    QString text = count(c.runs.size(), tr("run"), tr("runs")) + tr(" in ") +
                   count(c.groups.size(), tr("group"), tr("groups"));
    if (c.differing.empty()) {
        text += tr("; no setting differs but the seed");
    } else {
        // The table has a column for each; a long list is cut here (runs of different data and
        // families differ in dozens of settings).
        constexpr size_t kNamed = 8;
        QStringList names;
        for (size_t i = 0; i < c.differing.size() && i < kNamed; ++i)
            names << QString::fromStdString(c.differing[i]);
        text += tr("; settings that differ: %1").arg(names.join(QStringLiteral(", ")));
        if (c.differing.size() > kNamed)
            text += tr(" and %1 more (the table's columns)").arg(c.differing.size() - kNamed);
    }
    status_->setText(text);
    rebuild();
    Q_EMIT loaded();
}

QColor CompareWindow::groupColour(size_t group) const {
    return colours::kSeries[group % kPaletteSize];
}

size_t CompareWindow::groupOfRun(size_t run) const {
    for (size_t g = 0; g < comparison_.groups.size(); ++g) {
        const auto& runs = comparison_.groups[g].runs;
        if (std::find(runs.begin(), runs.end(), run) != runs.end()) return g;
    }
    return 0;
}

void CompareWindow::setPerRun(bool perRun) {
    perRun_ = perRun;
    if (perRunBox_->isChecked() != perRun) perRunBox_->setChecked(perRun);
    fillTable();
}

void CompareWindow::rebuild() {
    export_->setEnabled(!comparison_.groups.empty());
    fillTable();
    std::string note = core::environmentNote(comparison_);
    for (const auto& why : comparison_.skipped) note += "skipped: " + why + "\n";
    if (!comparison_.runs.empty()) {
        note +=
            "Positive class: anomaly; figures on each run's test part; a group's figures are the "
            "mean ± "
            "sample std over its seeds.";
    }
    note_->setText(QString::fromStdString(note).trimmed());
    drawLosses();
    drawCurves();
    drawHistograms();
}

void CompareWindow::fillTable() {
    const auto& c = comparison_;
    table_->setSortingEnabled(false);
    table_->clear();
    QStringList titles;
    if (perRun_) titles << tr("run");
    for (const auto& d : c.differing) titles << settingShortName(d);
    if (c.differing.empty() && !perRun_) titles << tr("runs");
    titles << (perRun_ ? tr("seed") : tr("n")) << (perRun_ ? tr("group") : tr("seeds"));
    const auto& metrics = core::compareMetrics();
    for (const auto& m : metrics) titles << QString::fromStdString(m.title);
    table_->setColumnCount(titles.size());
    table_->setHorizontalHeaderLabels(titles);
    for (int k = 0; k < titles.size(); ++k) {
        if (auto* h = table_->horizontalHeaderItem(k);
            h && k >= titles.size() - int(metrics.size())) {
            const auto& m = metrics[size_t(k - (titles.size() - int(metrics.size())))];
            h->setToolTip(m.higherIsBetter ? tr("higher is better") : tr("lower is better"));
        }
    }
    const int rows = int(perRun_ ? c.runs.size() : c.groups.size());
    table_->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        int col = 0;
        const size_t group = perRun_ ? groupOfRun(size_t(r)) : size_t(r);
        const core::RunGroup& g = c.groups[group];
        auto put = [&](QTableWidgetItem* item) { table_->setItem(r, col++, item); };
        if (perRun_) {
            const auto& run = c.runs[size_t(r)];
            auto* item = new QTableWidgetItem(QString::fromStdString(run.name));
            item->setData(Qt::UserRole + 1, QString::fromStdString(run.dir));
            item->setToolTip(QString::fromStdString(run.dir));
            put(item);
        }
        for (const auto& value : g.values) put(new QTableWidgetItem(QString::fromStdString(value)));
        if (c.differing.empty() && !perRun_)
            put(new QTableWidgetItem(QString::fromStdString(g.label)));
        if (perRun_) {
            const auto& run = c.runs[size_t(r)];
            put(new NumberItem(QString::number(run.seed), double(run.seed)));
            put(new QTableWidgetItem(QString::fromStdString(g.label)));
        } else {
            put(new NumberItem(QString::number(g.runs.size()), double(g.runs.size())));
            QStringList seeds;
            for (uint64_t s : g.seeds) seeds << QString::number(s);
            put(new QTableWidgetItem(seeds.join(QStringLiteral(","))));
        }
        for (const auto& m : metrics) {
            if (perRun_) {
                const double v = c.runs[size_t(r)].metrics.at(m.key);
                put(new NumberItem(std::isfinite(v)
                                       ? QString::number(v, 'f', core::metricDecimals(m.key))
                                       : tr("n/a"),
                                   v));
            } else {
                const auto& ms = g.metrics.at(m.key);
                put(new NumberItem(meanStdQString(ms, core::metricDecimals(m.key)),
                                   ms.n ? ms.mean : NAN));
            }
        }
        table_->item(r, 0)->setIcon(swatch(groupColour(group)));
    }
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    // The table as tall as its rows (up to 40 % of the window); the plots get the rest.
    int tableHeight = table_->horizontalHeader()->height() + 2 * table_->frameWidth() +
                      table_->horizontalScrollBar()->sizeHint().height() + 4;
    for (int r = 0; r < rows; ++r) tableHeight += table_->rowHeight(r);
    const int total = split_->height() > 0 ? split_->height() : 700;
    const int upper = std::clamp(tableHeight + note_->sizeHint().height() + 8, 120, total * 2 / 5);
    split_->setSizes({upper, total - upper});
}

void CompareWindow::drawLosses() {
    loss_->clearGraphs();
    const bool validation = lossSeries_->currentData().toString() == QLatin1String("validation");
    const double smoothing = smoothing_->value() / 100.0;
    const auto& c = comparison_;
    for (size_t gi = 0; gi < c.groups.size(); ++gi) {
        const auto band = core::lossBand(c, c.groups[gi], validation, smoothing);
        if (band.epoch.empty()) continue;
        const QVector<double> x(band.epoch.begin(), band.epoch.end());
        const QColor colour = groupColour(gi);
        auto* low = loss_->addGraph();
        low->setData(x, QVector<double>(band.low.begin(), band.low.end()), true);
        low->setPen(Qt::NoPen);
        low->removeFromLegend();
        auto* high = loss_->addGraph();
        high->setData(x, QVector<double>(band.high.begin(), band.high.end()), true);
        high->setPen(Qt::NoPen);
        QColor fill = colour;
        fill.setAlpha(50);
        high->setBrush(fill);
        high->setChannelFillGraph(low);
        high->removeFromLegend();
        auto* mean = loss_->addGraph();
        mean->setData(x, QVector<double>(band.mean.begin(), band.mean.end()), true);
        QPen pen(colour, 2);
        if (gi >= size_t(kPaletteSize)) pen.setStyle(Qt::DashLine);
        mean->setPen(pen);
        const size_t n = c.groups[gi].runs.size();
        mean->setName(legendLabel(c.groups[gi].label) +
                      (n > 1 ? tr(" (mean ± std of %1 runs)").arg(n) : QString()));
    }
    loss_->yAxis->setScaleType(logScale_->isChecked() ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logScale_->isChecked()) {
        loss_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        loss_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    loss_->yAxis->setLabel(validation ? tr("validation loss") : tr("training loss"));
    loss_->rescaleAxes();
    loss_->replot(QCustomPlot::rpQueuedReplot);
}

void CompareWindow::drawCurves() {
    const auto& c = comparison_;
    for (QCustomPlot* plot : {roc_, pr_}) {
        plot->clearPlottables();
        plot->clearItems();
        const bool roc = plot == roc_;
        if (roc) {
            auto* diagonal = new QCPItemLine(plot);
            diagonal->start->setCoords(0, 0);
            diagonal->end->setCoords(1, 1);
            diagonal->setPen(QPen(Qt::gray, 1, Qt::DotLine));
        }
        std::vector<bool> named(c.groups.size(), false);
        for (size_t ri = 0; ri < c.runs.size(); ++ri) {
            std::vector<double> scores;
            std::vector<uint8_t> anomaly;
            testScores(c.runs[ri].record, scores, anomaly);
            const auto points =
                roc ? core::rocCurve(scores, anomaly) : core::prCurve(scores, anomaly);
            if (points.empty()) continue;
            QVector<double> t, x, y;
            for (size_t i = 0; i < points.size(); ++i) {
                t.push_back(double(i));
                x.push_back(points[i].x);
                y.push_back(points[i].y);
            }
            auto* curve = new QCPCurve(plot->xAxis, plot->yAxis);
            curve->setData(t, x, y, true);
            const size_t gi = groupOfRun(ri);
            QPen pen(groupColour(gi), 1.5);
            if (gi >= size_t(kPaletteSize)) pen.setStyle(Qt::DashLine);
            curve->setPen(pen);
            if (named[gi]) {
                curve->removeFromLegend();
                continue;
            }
            named[gi] = true;
            const auto& area = c.groups[gi].metrics.at(roc ? "auroc" : "auprc");
            curve->setName(legendLabel(c.groups[gi].label) + QStringLiteral(": ") +
                           (roc ? tr("AUROC ") : tr("AUPRC ")) + meanStdQString(area, 3));
        }
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void CompareWindow::drawHistograms() {
    while (auto* item = histogramGrid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    histograms_ = 0;
    histogramPlots_.clear();
    ownRanges_.clear();
    const auto& c = comparison_;
    constexpr int kColumns = 3;
    for (size_t ri = 0; ri < c.runs.size() && histograms_ < kMaxHistograms; ++ri) {
        std::vector<double> scores;
        std::vector<uint8_t> anomaly;
        testScores(c.runs[ri].record, scores, anomaly);
        if (scores.empty()) continue;
        auto* plot = new HistogramPlot;
        plot->setMinimumHeight(230);
        plot->setScores(scores, anomaly);
        plot->setThreshold(c.runs[ri].record.threshold);
        // Each run's own threshold, shown, not moved; the wheel scrolls the page.
        plot->setAttribute(Qt::WA_TransparentForMouseEvents);
        plot->plotLayout()->insertRow(0);
        auto* title = new QCPTextElement(plot, QString::fromStdString(c.runs[ri].name),
                                         QFont(font().family(), 9, QFont::Bold));
        title->setTextColor(groupColour(groupOfRun(ri)).darker(120));
        plot->plotLayout()->addElement(0, 0, title);
        histogramGrid_->addWidget(plot, histograms_ / kColumns, histograms_ % kColumns);
        ++histograms_;
        histogramPlots_.push_back(plot);
        ownRanges_.push_back(plot->xAxis->range());
    }
    shareHistogramAxis();
    if (c.runs.size() > size_t(kMaxHistograms)) {
        auto* more = new QLabel(
            tr("The first %1 of %2 runs are drawn.").arg(kMaxHistograms).arg(c.runs.size()));
        histogramGrid_->addWidget(more, (histograms_ + kColumns - 1) / kColumns, 0, 1, kColumns);
    }
}

void CompareWindow::dragEnterEvent(QDragEnterEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isDir()) {
            event->acceptProposedAction();
            return;
        }
    }
}

void CompareWindow::dropEvent(QDropEvent* event) {
    QStringList dirs;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isDir()) dirs << url.toLocalFile();
    }
    if (!dirs.isEmpty()) addPaths(dirs);
}

void CompareWindow::shareHistogramAxis() {
    QCPRange all;
    bool first = true;
    for (const QCPRange& r : ownRanges_) {
        all = first ? r : QCPRange(std::min(all.lower, r.lower), std::max(all.upper, r.upper));
        first = false;
    }
    for (size_t i = 0; i < histogramPlots_.size(); ++i) {
        histogramPlots_[i]->xAxis->setRange(sameAxis_->isChecked() ? all : ownRanges_[i]);
        histogramPlots_[i]->replot(QCustomPlot::rpQueuedReplot);
    }
}

QCPRange CompareWindow::histogramRange(int index) const {
    return index >= 0 && index < int(histogramPlots_.size())
               ? histogramPlots_[size_t(index)]->xAxis->range()
               : QCPRange();
}

int CompareWindow::lossBandCount() const { return loss_->legend->itemCount(); }

int CompareWindow::rocCurveCount() const { return roc_->plottableCount(); }

int CompareWindow::histogramCount() const { return histograms_; }

QString CompareWindow::noteText() const { return note_->text(); }

QString CompareWindow::statusText() const { return status_->text(); }

void CompareWindow::setLossSmoothing(double weight) {
    smoothing_->setValue(int(std::lround(weight * 100)));
}

void CompareWindow::setLossSeries(const QString& which) {
    const int i = lossSeries_->findData(which);
    if (i >= 0) lossSeries_->setCurrentIndex(i);
}

bool CompareWindow::showTab(const QString& name) {
    const QStringList names{QStringLiteral("loss"), QStringLiteral("roc"), QStringLiteral("pr"),
                            QStringLiteral("histograms")};
    const int i = names.indexOf(name);
    if (i < 0) return false;
    tabs_->setCurrentIndex(i);
    return true;
}

bool CompareWindow::exportCsv(const QString& path) {
    auto st = core::writeFileAtomic(path.toStdString(), core::comparisonCsv(comparison_));
    if (!st) {
        status_->setText(QString::fromStdString(st.error().message));
        if (qEnvironmentVariableIsEmpty("AWB_NO_DIALOGS"))
            QMessageBox::warning(this, tr("Export the table"),
                                 QString::fromStdString(st.error().message));
        return false;
    }
    status_->setText(tr("Table written to %1").arg(path));
    return true;
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/sweep_panel.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

#include "core/data/file_reader.h"
#include "qcustomplot.h"
#include "ui/plots/plot_export.h"

namespace awb::ui {

namespace {

QString number(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("n/a"); }

QTableWidgetItem* cell(const QString& text, bool right = true) {
    auto* item = new QTableWidgetItem(text);
    if (right) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

SweepPanel::SweepPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("One-vs-rest: each class in turn is the only normal class and trains a model with the "
           "current settings; every other class is the anomaly (positive). AUROC and AUPRC are "
           "threshold-free, on each run's test part."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("Run one-vs-rest sweep"), this);
    save_ = new QPushButton(tr("Save table as CSV..."), this);
    save_->setEnabled(false);
    buttons->addWidget(run_);
    buttons->addWidget(save_);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto* body = new QHBoxLayout;
    table_ = new QTableWidget(0, 5, this);
    table_->setHorizontalHeaderLabels({tr("normal class"), tr("AUROC"), tr("AUPRC"), tr("test samples"), tr("seconds")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setMinimumWidth(380);
    body->addWidget(table_, 0);

    chart_ = new QCustomPlot(this);
    bars_ = new QCPBars(chart_->xAxis, chart_->yAxis);
    bars_->setName(tr("AUROC"));
    bars_->setPen(QPen(QColor(31, 119, 180)));
    bars_->setBrush(QColor(31, 119, 180, 160));
    bars_->setWidth(0.7);
    meanLine_ = new QCPItemStraightLine(chart_);
    meanLine_->setPen(QPen(QColor(214, 39, 40), 1.5, Qt::DashLine));
    meanLine_->setVisible(false);
    auto* chance = new QCPItemStraightLine(chart_);
    chance->point1->setCoords(0, 0.5);
    chance->point2->setCoords(1, 0.5);
    chance->setPen(QPen(QColor(90, 90, 90), 1.2, Qt::DashDotLine));
    auto* chanceText = new QCPItemText(chart_);
    chanceText->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    chanceText->position->setTypeY(QCPItemPosition::ptPlotCoords);
    chanceText->position->setCoords(0.01, 0.5);
    chanceText->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    chanceText->setText(tr("chance 0.5"));
    chanceText->setColor(QColor(90, 90, 90));
    meanText_ = new QCPItemText(chart_);
    meanText_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    meanText_->position->setTypeY(QCPItemPosition::ptPlotCoords);
    meanText_->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    meanText_->setColor(QColor(214, 39, 40));
    meanText_->setVisible(false);
    chart_->yAxis->setRange(0, 1.02);
    chart_->yAxis->setLabel(tr("AUROC (anomaly = every other class)"));
    chart_->xAxis->setLabel(tr("normal class"));
    chart_->plotLayout()->insertRow(0);
    chart_->plotLayout()->addElement(0, 0, new QCPTextElement(chart_, tr("AUROC per normal class"), QFont()));
    chart_->setMinimumHeight(260);
    installExportMenu(chart_);
    body->addWidget(chart_, 1);
    layout->addLayout(body, 1);

    status_ = new QLabel(tr("No sweep yet."), this);
    status_->setWordWrap(true);
    layout->addWidget(status_);

    connect(run_, &QPushButton::clicked, this, &SweepPanel::runRequested);
    connect(save_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save sweep table"), QStringLiteral("sweep.csv"),
                                                          tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        const QString error = saveCsv(path);
        status_->setText(error.isEmpty() ? tr("Saved to %1").arg(path) : error);
    });
    refresh();
}

void SweepPanel::begin(int classes) {
    rows_.clear();
    expected_ = classes;
    finished_ = false;
    stopped_ = false;
    status_->setText(tr("Starting the sweep..."));
    refresh();
}

void SweepPanel::addRows(const std::vector<core::SweepRow>& rows) {
    rows_.insert(rows_.end(), rows.begin(), rows.end());
    refresh();
}

void SweepPanel::setCurrent(int index, int count, const QString& normalClass) {
    expected_ = count;
    status_->setText(tr("Training class %1 (%2 of %3)...").arg(normalClass).arg(index + 1).arg(count));
}

void SweepPanel::finish(const core::SweepResult& result, bool stopped) {
    rows_ = result.rows;
    finished_ = true;
    stopped_ = stopped;
    refresh();
    status_->setText(stopped ? tr("Stopped after %1 of %2 classes; the mean covers those only.")
                                   .arg(rows_.size()).arg(expected_)
                             : tr("Done: %1 classes, mean AUROC %2.").arg(rows_.size()).arg(number(result.meanAuroc)));
}

void SweepPanel::refresh() {
    const double mean = core::meanAuroc(rows_);
    table_->setRowCount(static_cast<int>(rows_.size()) + (rows_.empty() ? 0 : 1));
    QVector<double> keys, values;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int r = 0; r < static_cast<int>(rows_.size()); ++r) {
        const auto& row = rows_[r];
        const QString name = QString::fromStdString(row.normalClass);
        table_->setItem(r, 0, cell(name, false));
        table_->setItem(r, 1, cell(number(row.auroc)));
        table_->setItem(r, 2, cell(number(row.auprc)));
        table_->setItem(r, 3, cell(QString::number(row.testCount)));
        table_->setItem(r, 4, cell(QString::number(row.seconds, 'f', 1)));
        keys << r + 1;
        values << (std::isfinite(row.auroc) ? row.auroc : 0.0);
        ticker->addTick(r + 1, name);
    }
    if (!rows_.empty()) {
        const int r = static_cast<int>(rows_.size());
        auto* label = cell(stopped_ ? tr("mean (partial)") : tr("mean"), false);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        table_->setItem(r, 0, label);
        auto* m = cell(number(mean));
        m->setFont(bold);
        table_->setItem(r, 1, m);
        for (int c = 2; c < 5; ++c) table_->setItem(r, c, cell(QString()));
    }
    bars_->setData(keys, values, true);
    chart_->xAxis->setTicker(ticker);
    chart_->xAxis->setRange(0.4, std::max<double>(expected_, rows_.size()) + 0.6);
    meanLine_->setVisible(std::isfinite(mean));
    meanText_->setVisible(std::isfinite(mean));
    if (std::isfinite(mean)) {
        meanText_->position->setCoords(0.99, mean);
        meanText_->setText(tr("mean %1").arg(number(mean)));
        meanLine_->point1->setCoords(0, mean);
        meanLine_->point2->setCoords(1, mean);
    }
    bars_->setName(std::isfinite(mean) ? tr("AUROC (mean %1)").arg(number(mean)) : tr("AUROC"));
    chart_->replot(QCustomPlot::rpQueuedReplot);
    save_->setEnabled(finished_ && !rows_.empty());
}

QString SweepPanel::saveCsv(const QString& path) const {
    core::SweepResult r;
    r.rows = rows_;
    r.meanAuroc = core::meanAuroc(rows_);
    auto st = core::writeFileAtomic(path.toStdString(), core::sweepCsv(r));
    return st ? QString() : QString::fromStdString(st.error().message);
}

}  // namespace awb::ui

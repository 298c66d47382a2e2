// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "core/experiment/one_class_sweep.h"

class QCustomPlot;
class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QLabel;
class QPushButton;
class QTableWidget;

namespace awb::ui {

/// One-vs-rest results: a table (class, AUROC, AUPRC, test samples, seconds, and the mean) and
/// a bar chart of AUROC per class with the mean as a line. Rows arrive while the sweep runs.
class SweepPanel : public QWidget {
    Q_OBJECT
public:
    explicit SweepPanel(QWidget* parent = nullptr);

    /// Empties the table for a sweep over `classes` classes.
    void begin(int classes);
    void addRows(const std::vector<awb::core::SweepRow>& rows);
    /// The final (or, when stopped, partial) result; enables saving.
    void finish(const awb::core::SweepResult& result, bool stopped);
    /// Marks the class now training (shown under the table).
    void setCurrent(int index, int count, const QString& normalClass);

    const std::vector<awb::core::SweepRow>& rows() const { return rows_; }
    QTableWidget* table() const { return table_; }
    QCustomPlot* chart() const { return chart_; }
    /// Writes sweep.csv (the CLI's format) atomically; an error message, or empty.
    QString saveCsv(const QString& path) const;

Q_SIGNALS:
    /// The user asked to start a sweep with the current settings.
    void runRequested();

private:
    void refresh();

    std::vector<awb::core::SweepRow> rows_;
    int expected_ = 0;
    bool finished_ = false;
    bool stopped_ = false;
    QTableWidget* table_;
    QCustomPlot* chart_;
    QCPBars* bars_;
    QCPItemStraightLine* meanLine_;
    QCPItemText* meanText_;
    QLabel* status_;
    QPushButton* run_;
    QPushButton* save_;
};

}  // namespace awb::ui

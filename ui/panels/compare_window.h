// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include <QStringList>
#include <QWidget>
#include <memory>
#include <thread>
#include <vector>

#include "core/experiment/compare.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QGridLayout;
class QLabel;
class QMenu;
class QPushButton;
class QSlider;
class QSplitter;
class QTableWidget;
class QTabWidget;

namespace awb::ui {

class HistogramPlot;

/// File > Compare runs: runs side by side. A table of the settings that differ and the figures
/// (one row per group of runs that differ only in seed, mean ± std; or one row per run), sortable
/// by any column; each group's loss curve (mean with a ± std band over its seeds, smoothing, log
/// scale), the ROC and precision-recall curves of every run overlaid (one colour per group), and
/// each run's error histogram side by side; below the table, what differs in where the runs ran
/// and the folders that could not be read. The runs are read on a thread of their own.
class CompareWindow : public QWidget {
    Q_OBJECT
public:
    explicit CompareWindow(QWidget* parent = nullptr);
    ~CompareWindow() override;

    /// Adds run directories or folders of runs (a sweep, a --seeds folder) to those shown and
    /// reads them again in the background; loaded() (or failed()) follows.
    void addPaths(const QStringList& paths);
    QStringList paths() const { return paths_; }
    bool busy() const { return worker_.joinable() && !ready_; }

    /// For tests and the window's own use.
    const awb::core::Comparison& comparison() const { return comparison_; }
    QTableWidget* table() const { return table_; }
    void setPerRun(bool perRun);
    int lossBandCount() const;
    int rocCurveCount() const;
    int histogramCount() const;
    /// The error axis of histogram `index` (run order).
    QCPRange histogramRange(int index) const;
    QString noteText() const;
    QString statusText() const;
    void setLossSmoothing(double weight);
    /// The loss plot's series: "train" or "validation".
    void setLossSeries(const QString& which);
    /// Brings a tab to the front: loss, roc, pr, histograms; false for another name.
    bool showTab(const QString& name);
    /// Writes the groups' table as CSV (comparisonCsv); false and a message on error.
    bool exportCsv(const QString& path);
    /// What "Recent runs" offers: the recent run folders still on disk and not shown here yet.
    QStringList recentChoices() const;

Q_SIGNALS:
    void loaded();
    void failed(const QString& message);
    /// A run's row was double-clicked: open that run in the main window.
    void openRunRequested(const QString& dir);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void receive(awb::core::Expected<awb::core::Comparison> result);
    void fillRecentMenu();
    void rebuild();
    void fillTable();
    void drawLosses();
    void drawCurves();
    void drawHistograms();
    void shareHistogramAxis();
    QColor groupColour(size_t group) const;
    size_t groupOfRun(size_t run) const;

    QStringList paths_;
    awb::core::Comparison comparison_;
    std::thread worker_;
    bool ready_ = true;
    unsigned generation_ = 0;  ///< a read started later wins over an earlier one still arriving
    bool perRun_ = false;

    QLabel* status_;
    QPushButton* add_;
    QPushButton* recent_;
    QMenu* recentMenu_;
    QPushButton* clear_;
    QPushButton* export_;
    QCheckBox* perRunBox_;
    QTableWidget* table_;
    QLabel* note_;
    QTabWidget* tabs_;
    QCustomPlot* loss_;
    QComboBox* lossSeries_;
    QSlider* smoothing_;
    QCheckBox* logScale_;
    QCustomPlot* roc_;
    QCustomPlot* pr_;
    QWidget* histogramPage_;
    QGridLayout* histogramGrid_;
    QCheckBox* sameAxis_;
    bool sameAxisChosen_ = false;  ///< the user toggled it: loads no longer set it
    std::vector<HistogramPlot*> histogramPlots_;
    std::vector<QCPRange> ownRanges_;  ///< each histogram's own error axis
    QSplitter* split_;
    int histograms_ = 0;
};

}  // namespace awb::ui

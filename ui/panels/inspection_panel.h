// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>
#include <QWidget>
#include <memory>

#include "core/experiment/experiment_runner.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;

namespace awb::ui {

class ConfusionPlot;
class CurvePlot;
class HistogramPlot;
class ImageGrid;
class SamplePlot;
class ScorePlot;
class SeriesPlot;

/// Everything about a finished run at one threshold: error histogram with the draggable line,
/// the rule selector and typed value, confusion matrix, metrics (AUROC and AUPRC first), ROC and
/// PR curves with the operating point, and any sample's reconstruction. Moving the threshold
/// re-evaluates in core and updates every view.
class InspectionPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectionPanel(QWidget* parent = nullptr);

    void setResult(std::shared_ptr<awb::core::ExperimentResult> result);
    void clear();
    /// Moves the threshold as a drag or a typed value would (manual rule).
    void setThreshold(double value);
    double threshold() const;
    void showSample(int index);
    /// Shows the test sample of the chosen class with the highest (or lowest) error; its index.
    int showExtremeOf(int classIndex, bool highest);

    HistogramPlot* histogram() const { return histogram_; }
    ScorePlot* scorePlot() const { return scores_; }
    ImageGrid* imageGrid() const { return grid_; }
    ConfusionPlot* confusion() const { return confusion_; }
    SeriesPlot* seriesPlot() const { return series_; }
    /// Error histogram, Error by sample, Series.
    QTabWidget* errorTabs() const { return errorTabs_; }
    /// Families with two score terms (USAD): re-scores with w·term1 + (1−w)·term2; the threshold
    /// follows its rule.
    /// Returns an error message, or empty.
    QString setTermBalance(double weight);
    QString metricsText() const;
    /// "Draw your own" on the picked sample (rows and fixed-length series); false for images,
    /// windowed series or no run.
    bool openDrawDialog();
    /// AnoGAN: the latent search of the picked sample, replayed step by step (a dialog); false
    /// when the run's model does not search.
    bool openSearchReplay();
    /// The dialog openSearchReplay opened last (nullptr when none is open), for tests.
    QDialog* searchReplayDialog() const { return replayDialog_; }

Q_SIGNALS:
    void thresholdChanged(double value);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fitPlotHeights();
    void applyRule();
    void refresh();
    void showExtreme(bool highest);
    /// "caught", "MISSED", "false alarm" or "passed" (with the matrix cell's name) for a labelled
    /// sample at the current threshold; "flagged" or "passed" without labels.
    QString verdict(size_t index) const;
    /// "9 (Ankle boot)" with data.class_titles, else the label value.
    QString classTitle(const std::string& label) const;
    /// "class pvc = anomaly", "class 1 = normal", or "unlabelled".
    QString classText(size_t index) const;
    /// "#60000 (test file row 0)": the sample number, and its place in its file when that differs.
    QString sampleName(size_t index) const;
    void rebuildImageGrid(int picked);
    void showSeries();
    void showWindowAround(int index);
    /// The test sample of the class (any, when unlabelled) with the highest or lowest error; -1 if none.
    long extremeTestSample(int classIndex, bool highest) const;

    std::shared_ptr<awb::core::ExperimentResult> result_;
    std::vector<double> testScores_;
    std::vector<uint8_t> testAnomaly_;
    HistogramPlot* histogram_;
    ScorePlot* scores_;
    ConfusionPlot* confusion_;
    CurvePlot* roc_;
    CurvePlot* pr_;
    SamplePlot* sample_;
    ImageGrid* grid_;
    QStackedWidget* sampleStack_;
    QTabWidget* errorTabs_;
    SeriesPlot* series_;
    QComboBox* seriesFeature_;
    QDoubleSpinBox* termBalance_;
    QLabel* termBalanceLabel_;
    std::vector<float> seriesReconstruction_;  ///< time series: points x features
    QComboBox* rule_;
    QDoubleSpinBox* parameter_;
    QDoubleSpinBox* value_;
    QLabel* metrics_;
    QCheckBox* logCounts_;
    QSpinBox* sampleIndex_;
    QComboBox* sampleClass_;
    QPushButton* draw_;
    QPushButton* replay_;
    QPointer<QDialog> replayDialog_;
    bool updating_ = false;
};

}  // namespace awb::ui

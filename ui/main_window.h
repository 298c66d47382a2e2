// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QMainWindow>
#include <QPointer>
#include <memory>

#include "core/experiment/experiment_runner.h"

class QAction;
class QCheckBox;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;

namespace awb::ui {

class CompareWindow;
class ExperimentPanel;
class InspectionPanel;
class LatentPanel;
class SweepPanel;
class LiveView;
class LossPlot;
class TrainingController;

/// Composition only: builds the panels, wires their signals, shows errors in one place.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExperimentPanel* experimentPanel() const { return experiment_; }
    InspectionPanel* inspectionPanel() const { return inspection_; }
    LatentPanel* latentPanel() const { return latent_; }
    SweepPanel* sweepPanel() const { return sweep_; }
    LossPlot* lossPlot() const { return loss_; }
    LiveView* liveView() const { return live_; }
    TrainingController* controller() const { return controller_; }
    QTabWidget* tabs() const { return tabs_; }
    /// Run > Pause (checkable), Step one batch, Step one epoch.
    QAction* pauseAction() const { return pause_; }
    QAction* stepBatchAction() const { return stepBatch_; }
    QAction* stepEpochAction() const { return stepEpoch_; }
    std::shared_ptr<awb::core::ExperimentResult> result() const { return result_; }
    QStringList recentFiles() const;
    /// The status line's text (stage, last error or outcome).
    QString statusText() const;

public Q_SLOTS:
    void startTraining();
    /// One-vs-rest over the loaded classes with the current settings (the One-vs-rest tab).
    void startSweep();
    /// Run > Repeat over seeds: the current settings once per seed ("1-3", "1,3,7") into
    /// `folder`/seed-N, then Compare opens on them. False (and a message) for bad seeds, a folder
    /// that cannot be written, or settings with a problem.
    bool startRepeat(const QString& seeds, const QString& folder);
    /// Run > Continue training: the current result trained `moreEpochs` more epochs from where it
    /// stopped (its weights, optimizers' and random states, history; the loss plot goes on from
    /// its curve). False (and a message) when there is no result that can be continued.
    bool continueTraining(int moreEpochs);
    void requestStop();
    void openCsv(const QString& path);
    /// A file as data; a folder as a run when it holds config.json, otherwise as images.
    void openPath(const QString& path);
    bool saveRun(const QString& dir);
    bool openRun(const QString& dir);
    bool exportScores(const QString& path);
    /// Overlays another run directory's loss curves on the training plot.
    bool compareWithRun(const QString& dir);
    /// File > Compare runs: the compare window (one, raised when open) with these folders added.
    CompareWindow* compareRuns(const QStringList& dirs);
    /// Applies an experiment JSON file onto the current settings; false (and a message) on error.
    bool applyConfigFile(const QString& path);
    /// Puts a preset's data and settings on the form and its notes above the loss plot; a
    /// template keeps the data loaded now. False (and a message) when its data is missing.
    bool loadPreset(const QString& name);
    /// The preset gallery (Presets menu).
    void showGallery();
    /// Brings a view to the front: training, inspect, histogram, errors, series, images, sweep,
    /// draw (the picked sample in "draw your own").
    /// False for another name.
    bool showView(const QString& view);
    /// Help > Guide: what each view shows and how to use it.
    void showGuide();
    static QString guideText();
    /// The text above the loss plot: the start hint, or the loaded preset's notes.
    QString aboutText() const;
    /// Text and plot size as a factor of the desktop's (View > Zoom; 1.6 is the presentation
    /// size), clamped to 0.7-3; remembered for the next start unless `remember` is false
    /// (the command line's --zoom).
    void setZoom(double factor, bool remember = true);
    double zoom() const { return zoom_; }

Q_SIGNALS:
    void trainingFinished();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    static QString monitorName(const awb::core::ExperimentConfig& config);
    void buildPresetMenu();
    void buildViewMenu();
    void buildHelpMenu();
    void fitSettingsWidth();
    void showError(const QString& message);
    void setRunning(bool running);
    void onFinished(std::shared_ptr<awb::core::ExperimentResult> result);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();

    ExperimentPanel* experiment_;
    InspectionPanel* inspection_;
    LatentPanel* latent_;
    LossPlot* loss_;
    LiveView* live_;
    QCheckBox* logLoss_;
    QLabel* about_;  ///< above the loss plot: the start hint or the preset's notes
    QTabWidget* tabs_;
    TrainingController* controller_;
    QProgressBar* progress_;
    QLabel* stage_;
    QAction* train_;
    QAction* sweepAction_;
    QAction* repeatAction_;
    SweepPanel* sweep_;
    QString sweepLabel_;  ///< "class X (i/N): " while a sweep runs
    QAction* pause_;
    QAction* stepBatch_;
    QAction* stepEpoch_;
    QAction* stop_;
    QAction* save_;
    QAction* exportScores_;
    QMenu* recent_;
    QPointer<CompareWindow> compare_;
    std::shared_ptr<awb::core::ExperimentResult> result_;
    double zoom_ = 1.0;
    double rememberedZoom_ = 1.0;  ///< what closeEvent saves
    bool shownOnce_ = false;
    QFont baseFont_;  ///< the application's font before zooming
};

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main_window.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShowEvent>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <filesystem>

#include "core/data/file_reader.h"
#include "core/experiment/compare.h"
#include "core/experiment/run_directory.h"
#include "core/experiment/staged_folder.h"
#include "ui/panels/compare_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/latent_panel.h"
#include "ui/panels/live_view.h"
#include "ui/panels/sweep_panel.h"
#include "ui/plots/loss_plot.h"
#include "ui/plots/plot_export.h"
#include "ui/recent_runs.h"
#include "ui/workers/training_controller.h"

// resources/resources.qrc is compiled into this static library: registered by hand, since the
// linker drops a static library's automatic initialiser.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace awb::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initResources();
    setWindowTitle(tr("Anomaly Workbench"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/anomaly-workbench.svg")));
    setAcceptDrops(true);
    controller_ = new TrainingController(this);
    experiment_ = new ExperimentPanel(this);
    inspection_ = new InspectionPanel(this);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(experiment_);
    scroll->setWidgetResizable(true);
    auto* dock = new QDockWidget(tr("Experiment"), this);
    dock->setObjectName(QStringLiteral("experimentDock"));
    dock->setWidget(scroll);
    dock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
        QDockWidget::DockWidgetClosable);  // View > Experiment settings brings it back
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    // The Training tab: the loss on the left, the live views of the test part beside it.
    auto* trainingTab = new QSplitter(Qt::Horizontal, this);
    auto* lossSide = new QWidget(trainingTab);
    auto* tl = new QVBoxLayout(lossSide);
    tl->setContentsMargins(0, 0, 0, 0);
    loss_ = new LossPlot(lossSide);
    logLoss_ = new QCheckBox(tr("log scale"), lossSide);
    about_ = new QLabel(lossSide);
    about_->setObjectName(QStringLiteral("aboutRun"));
    about_->setWordWrap(true);
    about_->setTextFormat(Qt::RichText);
    about_->setText(
        tr("<b>Start here:</b> pick an experiment from <b>Presets &rarr; Gallery</b> "
           "(Ctrl+G) or open your own data (<b>File &rarr; Open</b>, or drop a file "
           "on the window), then press <b>Train</b> (Ctrl+T). The built-in heartbeats "
           "are loaded: Train works now."));
    tl->addWidget(about_);
    tl->addWidget(loss_, 1);
    tl->addWidget(logLoss_);
    trainingTab->addWidget(lossSide);
    live_ = new LiveView(trainingTab);
    trainingTab->addWidget(live_);
    trainingTab->setStretchFactor(0, 3);
    trainingTab->setStretchFactor(1, 2);
    tabs_ = new QTabWidget(this);
    tabs_->addTab(trainingTab, tr("Training"));
    tabs_->addTab(inspection_, tr("Inspect"));
    latent_ = new LatentPanel(this);
    tabs_->addTab(latent_, tr("Latent space"));
    connect(inspection_, &InspectionPanel::thresholdChanged, latent_, &LatentPanel::setThreshold);
    connect(latent_, &LatentPanel::sampleClicked, this, [this](int index) {
        inspection_->showSample(index);
        tabs_->setCurrentWidget(inspection_);
    });
    sweep_ = new SweepPanel(this);
    tabs_->addTab(sweep_, tr("One-vs-rest"));
    setCentralWidget(tabs_);

    stage_ = new QLabel(tr("Ready"), this);
    progress_ = new QProgressBar(this);
    progress_->setMinimumWidth(360);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("idle"));
    progress_->setValue(0);
    statusBar()->addWidget(stage_, 1);
    statusBar()->addPermanentWidget(progress_);
    buildActions();
    buildPresetMenu();
    buildViewMenu();
    buildHelpMenu();

    connect(logLoss_, &QCheckBox::toggled, loss_, &LossPlot::setLogScale);
    installExportMenu(loss_);
    connect(experiment_, &ExperimentPanel::validityChanged, this, [this](bool ok) {
        train_->setEnabled(ok && !controller_->running());
        sweepAction_->setEnabled(ok && !controller_->running());
        repeatAction_->setEnabled(ok && !controller_->running());
    });
    connect(experiment_, &ExperimentPanel::failed, this, &MainWindow::showError);
    connect(experiment_, &ExperimentPanel::dataLoaded, stage_, &QLabel::setText);
    connect(controller_, &TrainingController::stageChanged, stage_, &QLabel::setText);
    connect(controller_, &TrainingController::epochsEnded, loss_, &LossPlot::append);
    connect(controller_, &TrainingController::batchEnded, loss_, &LossPlot::appendBatch);
    connect(controller_, &TrainingController::previewed, live_, &LiveView::showPreview);
    connect(controller_, &TrainingController::previewed, latent_, &LatentPanel::showLive);
    // The codes' projection costs the previews about half a scoring pass: only while it is seen.
    const auto codesWatched = [this] {
        controller_->setPreviewCodes(tabs_->currentWidget() == latent_ && latent_->showsCodes());
    };
    connect(tabs_, &QTabWidget::currentChanged, this, codesWatched);
    connect(latent_, &LatentPanel::spaceChanged, this, codesWatched);
    connect(controller_, &TrainingController::progressed, this,
            [this](int epoch, int epochs, qint64 batch, qint64 batches, double fraction,
                   double eta) {
                progress_->setValue(static_cast<int>(fraction * 1000));
                progress_->setFormat(tr("%1epoch %2/%3, batch %4/%5, ETA %6 s")
                                         .arg(sweepLabel_).arg(epoch).arg(epochs).arg(batch).arg(batches)
                                         .arg(eta < 0 ? QStringLiteral("?") : QString::number(eta, 'f', 0)));
            });
    connect(controller_, &TrainingController::scoringProgressed, this,
            [this](qint64 done, qint64 total, double eta) {
                progress_->setValue(static_cast<int>(1000.0 * double(done) / double(total)));
                // A windowed series scores its windows (the form is locked while a run goes on).
                const bool windows = experiment_->config().data.windowLength > 0;
                progress_->setFormat(
                    (windows ? tr("%1scoring %2 of %3 windows, ETA %4 s")
                             : tr("%1scoring %2 of %3 samples, ETA %4 s"))
                        .arg(sweepLabel_)
                        .arg(done)
                        .arg(total)
                        .arg(eta < 0 ? QStringLiteral("?") : QString::number(eta, 'f', 0)));
            });
    connect(controller_, &TrainingController::sweepClassStarted, this,
            [this](int index, int count, const QString& cls) {
                loss_->clear();  // each class (or seed) trains its own model
                live_->clear();
                if (controller_->repeating()) {
                    sweepLabel_ = tr("%1 (%2/%3): ").arg(cls).arg(index + 1).arg(count);
                    return;
                }
                sweepLabel_ = tr("class %1 (%2/%3): ").arg(cls).arg(index + 1).arg(count);
                sweep_->setCurrent(index, count, cls);
            });
    connect(controller_, &TrainingController::sweepRowsReady, sweep_, &SweepPanel::addRows);
    connect(controller_, &TrainingController::sweepFinished, this,
            [this](const core::SweepResult& r, bool stopped) {
                sweepLabel_.clear();
                setRunning(false);
                sweep_->finish(r, stopped);
                progress_->setFormat(stopped ? tr("sweep stopped") : tr("sweep done"));
                stage_->setText(stopped ? tr("Sweep stopped after %1 classes").arg(r.rows.size())
                                        : tr("Sweep done: mean AUROC %1 over %2 classes")
                                              .arg(r.meanAuroc, 0, 'f', 3).arg(r.rows.size()));
                tabs_->setCurrentWidget(sweep_);
                Q_EMIT trainingFinished();
            });
    connect(controller_, &TrainingController::repeatFinished, this,
            [this](const QString& folder, int runs, bool stopped) {
                sweepLabel_.clear();
                setRunning(false);
                progress_->setFormat(stopped ? tr("repeat stopped") : tr("repeat done"));
                stage_->setText((stopped ? tr("Repeat stopped: %1 runs written to %2")
                                         : tr("Repeat done: %1 runs written to %2"))
                                    .arg(runs)
                                    .arg(folder));
                if (runs > 0) {
                    rememberRun(folder);
                    compareRuns({folder});
                }
                Q_EMIT trainingFinished();
            });
    connect(sweep_, &SweepPanel::runRequested, this, &MainWindow::startSweep);
    connect(controller_, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(controller_, &TrainingController::stopped, this, [this](const QString& message) {
        // A stop while scoring: the previous result and the data stay as they were.
        sweepLabel_.clear();
        setRunning(false);
        progress_->setFormat(tr("stopped"));
        stage_->setText(tr("Stopped: %1").arg(message));
        Q_EMIT trainingFinished();
    });
    connect(controller_, &TrainingController::failed, this, [this](const QString& message) {
        sweepLabel_.clear();
        setRunning(false);
        showError(message);
        Q_EMIT trainingFinished();
    });
    progress_->setRange(0, 1000);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    setZoom(settings.value(QStringLiteral("view/zoom"), 1.0).toDouble());
    const QByteArray saved = settings.value(QStringLiteral("experiment/config")).toByteArray();
    if (!saved.isEmpty()) {
        core::ExperimentConfig config = experiment_->config();
        if (core::applyJson(config, saved.toStdString(), "settings").ok()) experiment_->setConfig(config);
    }
    setRunning(false);
}

MainWindow::~MainWindow() = default;

void MainWindow::fitSettingsWidth() {
    // The settings dock starts as wide as its form needs (no sideways scrolling, no clipped
    // labels), up to 40 % of the window: on a small screen the plots keep their room and the
    // form scrolls. Called again when the window is first shown and when the zoom changes.
    auto* dock = findChild<QDockWidget*>(QStringLiteral("experimentDock"));
    auto* scroll = dock ? qobject_cast<QScrollArea*>(dock->widget()) : nullptr;
    if (!scroll || !dock->isVisible()) return;
    experiment_->ensurePolished();
    // Its preferred width (rows beside their labels), not the least: the form can fold labels
    // above fields in a narrow dock, but reads best when it need not.
    const int needed = experiment_->sizeHint().width() +
                       scroll->verticalScrollBar()->sizeHint().width() + 2 * scroll->frameWidth() +
                       4;
    resizeDocks({dock}, {std::min(needed, width() * 2 / 5)}, Qt::Horizontal);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!shownOnce_) {
        shownOnce_ = true;
        fitSettingsWidth();
    }
}

void MainWindow::buildActions() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* run = menuBar()->addMenu(tr("&Run"));
    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    auto* openCsvAction = file->addAction(tr("Open &data file (CSV or IDX images)..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open data"), QString(),
                                                          tr("Data (*.csv *.csv.gz *.txt *-idx3-ubyte *-idx3-ubyte.gz);;All files (*)"));
        if (!path.isEmpty()) openCsv(path);
    });
    openCsvAction->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open image &folder (one sub-folder per class)..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of images"));
        if (!dir.isEmpty()) openCsv(dir);
    });
    auto* openRunAction = file->addAction(tr("Open &run..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run directory"));
        if (!dir.isEmpty()) openRun(dir);
    });
    openRunAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(tr("Compare &loss curves with a run..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run directory to compare with"));
        if (!dir.isEmpty()) compareWithRun(dir);
    });
    file->addAction(tr("Compare r&uns..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Runs to compare: a run directory or a folder of runs (a sweep, a folder of "
                     "seeds)"));
        if (!dir.isEmpty()) compareRuns({dir});
    });
    recent_ = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    save_ = file->addAction(tr("&Save run..."), this, [this] {
        const QString dir = QFileDialog::getSaveFileName(this, tr("Save run directory"));
        if (!dir.isEmpty()) saveRun(dir);
    });
    save_->setShortcut(QKeySequence::Save);
    exportScores_ = file->addAction(tr("&Export scores as CSV..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export scores"), QStringLiteral("scores.csv"),
                                                          tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportScores(path);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    train_ = run->addAction(tr("&Train"), this, &MainWindow::startTraining);
    train_->setShortcut(QKeySequence(tr("Ctrl+T")));
    pause_ = run->addAction(tr("&Pause"));
    pause_->setCheckable(true);
    pause_->setShortcut(QKeySequence(tr("Ctrl+P")));
    connect(pause_, &QAction::toggled, this, [this](bool on) {
        controller_->setPaused(on);
        pause_->setText(on ? tr("Resume") : tr("Pause"));
        stepBatch_->setEnabled(on && controller_->running());
        stepEpoch_->setEnabled(on && controller_->running());
        if (on) stage_->setText(tr("paused"));
    });
    // For a class: one update at a time, or training slowed down to follow it.
    stepBatch_ = run->addAction(tr("Step one &batch (while paused)"), this,
                                [this] { controller_->step(false); });
    stepBatch_->setShortcut(QKeySequence(Qt::Key_F10));
    stepEpoch_ = run->addAction(tr("Step one &epoch (while paused)"), this,
                                [this] { controller_->step(true); });
    stepEpoch_->setShortcut(QKeySequence(Qt::Key_F11));
    auto* slow = run->addAction(tr("S&low motion (a quarter second per batch)"));
    slow->setCheckable(true);
    slow->setShortcut(QKeySequence(tr("Ctrl+L")));
    connect(slow, &QAction::toggled, this,
            [this](bool on) { controller_->setSlowMotion(on ? 250 : 0); });
    run->addSeparator();
    sweepAction_ = run->addAction(tr("One-vs-rest s&weep"), this, &MainWindow::startSweep);
    sweepAction_->setToolTip(tr("Train once per class with that class as the only normal one"));
    run->addAction(
           tr("&Continue training..."), this,
           [this] {
               if (controller_->running()) return;
               if (!result_)
                   return showError(tr("Train or open a run first: Continue trains it further."));
               bool ok = false;
               const int more = QInputDialog::getInt(
                   this, tr("Continue training"),
                   tr("More epochs (the run has %1):").arg(result_->training.history.size()),
                   std::max(1, int(result_->training.history.size())), 1, 100000, 1, &ok);
               if (ok) continueTraining(more);
           })
        ->setToolTip(tr("Train the current run further from where it stopped, as if it had been "
                        "given more epochs"));
    repeatAction_ = run->addAction(tr("&Repeat over seeds..."), this, [this] {
        if (controller_->running()) return;
        bool ok = false;
        const QString seeds = QInputDialog::getText(
            this, tr("Repeat over seeds"),
            tr("Seeds (1-5, or 1,3,7): the experiment runs once for each, then Compare opens"),
            QLineEdit::Normal, QStringLiteral("1-3"), &ok);
        if (!ok || seeds.trimmed().isEmpty()) return;
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Folder for the runs (one seed-N folder each)"));
        if (!folder.isEmpty()) startRepeat(seeds, folder);
    });
    repeatAction_->setToolTip(
        tr("Train the current settings once per seed into a folder and compare the runs"));
    stop_ = run->addAction(tr("&Stop"), this, &MainWindow::requestStop);
    stop_->setShortcut(QKeySequence(Qt::Key_Escape));
    const std::pair<QAction*, const char*> icons[] = {{openCsvAction, "open"},
                                                      {train_, "train"},
                                                      {pause_, "pause"},
                                                      {stop_, "stop"},
                                                      {save_, "save"}};
    for (const auto& [action, icon] : icons) {
        action->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))));
        toolbar->addAction(action);
    }
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

void MainWindow::startTraining() {
    if (controller_->running()) return;
    if (!experiment_->problem().isEmpty()) return showError(experiment_->problem());
    loss_->clear();
    live_->clear();
    const auto config = experiment_->config();
    loss_->setMonitorName(monitorName(config));
    // The latent view follows the training where it is watched; otherwise the loss curves.
    if (tabs_->currentWidget() != latent_) tabs_->setCurrentIndex(0);
    setRunning(true);
    controller_->start(config);
}

QString MainWindow::monitorName(const core::ExperimentConfig& config) {
    // Without a validation part the second curve is the test part's (as in the ECG5000 tutorial).
    return config.preprocessing.split.validation > 0 ? tr("validation loss")
                                                     : tr("test-part loss (monitoring only)");
}

void MainWindow::startSweep() {
    if (controller_->running()) return;
    if (!experiment_->problem().isEmpty()) return showError(experiment_->problem());
    const auto& data = experiment_->dataset();
    if (data.classNames.size() < 2) {
        return showError(tr("A one-vs-rest sweep needs labelled data with at least two classes; "
                            "the loaded data has %1.").arg(data.classNames.size()));
    }
    loss_->clear();
    loss_->setMonitorName(monitorName(experiment_->config()));
    sweep_->begin(static_cast<int>(data.classNames.size()));
    tabs_->setCurrentWidget(sweep_);  // the bar chart fills in class by class
    setRunning(true);
    controller_->startSweep(experiment_->config());
}

bool MainWindow::continueTraining(int moreEpochs) {
    if (controller_->running()) return false;
    if (!result_ || !result_->model) {
        showError(tr("Train or open a run first: Continue trains it further."));
        return false;
    }
    if (result_->training.resumeState.empty()) {
        showError(
            tr("This run cannot be continued: it diverged, was stopped inside an epoch, kept an "
               "earlier epoch's weights (early stopping), its family trains in phases, or it was "
               "saved before runs could be continued. Train it again with more epochs."));
        return false;
    }
    if (moreEpochs < 1) return false;
    // The weights as they are now, for the training thread to load (the window keeps its result).
    const QString weights = QDir(QDir::tempPath())
                                .filePath(QStringLiteral("awb-continue-%1-%2.pt")
                                              .arg(QCoreApplication::applicationPid())
                                              .arg(QDateTime::currentMSecsSinceEpoch()));
    if (auto st = result_->model->save(weights.toStdString()); !st) {
        showError(QString::fromStdString(st.error().message));
        return false;
    }
    core::ResumePoint resume;
    resume.state = result_->training.resumeState;
    resume.history = result_->training.history;
    resume.groupSteps = result_->training.groupSteps;
    core::ExperimentConfig config = result_->config;
    config.training.epochs = moreEpochs;
    loss_->clear();
    live_->clear();
    loss_->setMonitorName(monitorName(config));
    loss_->append(result_->training.history);  // the curve goes on from where it stopped
    tabs_->setCurrentIndex(0);
    setRunning(true);
    controller_->startContinue(config, weights, resume);
    return true;
}

bool MainWindow::startRepeat(const QString& seedText, const QString& folder) {
    if (controller_->running()) return false;
    if (!experiment_->problem().isEmpty()) {
        showError(experiment_->problem());
        return false;
    }
    auto seeds = core::parseSeedList(seedText.trimmed().toStdString());
    if (!seeds) {
        showError(QString::fromStdString(seeds.error().message)
                      .replace(QStringLiteral("--seeds: "), tr("Seeds: ")));
        return false;
    }
    for (uint64_t seed : *seeds) {
        const std::string dir =
            (std::filesystem::path(folder.toStdString()) / core::seedFolderName(seed)).string();
        if (auto st = core::checkOutputFolder(dir, core::FolderKind::Run); !st) {
            showError(QString::fromStdString(st.error().message));
            return false;
        }
    }
    loss_->clear();
    loss_->setMonitorName(monitorName(experiment_->config()));
    tabs_->setCurrentIndex(0);  // the loss curves of each seed as it trains
    setRunning(true);
    controller_->startRepeat(experiment_->config(), *seeds, folder);
    return true;
}

void MainWindow::requestStop() {
    if (!controller_->running()) return;
    stage_->setText(tr("stopping..."));
    controller_->requestStop();
}

void MainWindow::onFinished(std::shared_ptr<core::ExperimentResult> result) {
    result_ = std::move(result);  // the controller handed it over: the window owns it now
    setRunning(false);
    inspection_->setResult(result_);
    latent_->setResult(result_);
    progress_->setValue(progress_->maximum());  // done, also when early stopping ended it sooner
    const auto& t = result_->training;
    QString done =
        tr("Trained %1 epochs in %2 s").arg(t.epochsCompleted).arg(result_->seconds, 0, 'f', 1);
    if (t.stoppedEarly) {
        done = tr("Stopped early after %1 of %2 epochs (%3 s): the validation loss last improved "
                  "in epoch %4, "
                  "whose weights were kept")
                   .arg(t.epochsCompleted)
                   .arg(t.epochsPlanned)
                   .arg(result_->seconds, 0, 'f', 1)
                   .arg(t.bestEpoch);
    } else if (t.bestEpoch > 0 && t.bestEpoch != t.epochsCompleted) {
        done += tr("; the weights of epoch %1 (best validation loss) were kept").arg(t.bestEpoch);
    } else if (!t.message.empty()) {
        done += QStringLiteral("; ") + QString::fromStdString(t.message);
    }
    stage_->setText(
        t.outcome == core::TrainingOutcome::Completed ? done : QString::fromStdString(t.message));
    loss_->markKeptEpoch(t.bestEpoch, t.stoppedEarly ? tr("stopped: kept epoch %1").arg(t.bestEpoch)
                                                     : tr("kept epoch %1").arg(t.bestEpoch));
    if (t.outcome == core::TrainingOutcome::Diverged) showError(QString::fromStdString(t.message));
    if (tabs_->currentWidget() != latent_)
        tabs_->setCurrentIndex(1);  // a watched latent view stays
    Q_EMIT trainingFinished();
}

void MainWindow::setRunning(bool running) {
    // Training ended (done, stopped, failed): a training preview in the latent view gives way to
    // the result kept.
    if (!running && latent_->live()) latent_->setResult(result_);
    train_->setEnabled(!running && experiment_->problem().isEmpty());
    sweepAction_->setEnabled(!running && experiment_->problem().isEmpty());
    repeatAction_->setEnabled(!running && experiment_->problem().isEmpty());
    pause_->setEnabled(running);
    stop_->setEnabled(running);
    stepBatch_->setEnabled(running && pause_->isChecked());
    stepEpoch_->setEnabled(running && pause_->isChecked());
    save_->setEnabled(!running && result_ != nullptr);
    exportScores_->setEnabled(!running && result_ != nullptr);
    experiment_->setEnabled(!running);
    if (!running) {
        const QSignalBlocker b(pause_);
        pause_->setChecked(false);
        pause_->setText(tr("Pause"));
        progress_->setFormat(result_ ? tr("done") : tr("idle"));
    }
}

QString MainWindow::statusText() const { return stage_->text(); }

void MainWindow::showError(const QString& message) {
    statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 15000);
    stage_->setText(tr("Error: %1").arg(message.section(QLatin1Char('\n'), 0, 0)));
    if (qEnvironmentVariableIsSet("AWB_NO_DIALOGS")) return;
    QMessageBox box(QMessageBox::Warning, tr("Anomaly Workbench"), message, QMessageBox::Ok, this);
    box.exec();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    controller_->requestStop();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("view/zoom"), rememberedZoom_);
    settings.setValue(QStringLiteral("experiment/config"),
                      QByteArray::fromStdString(core::toJson(experiment_->config())));
    event->accept();
}

}  // namespace awb::ui

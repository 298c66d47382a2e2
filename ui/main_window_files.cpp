// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow: opening and saving files and runs, recent files, drag and drop.
#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/data/file_reader.h"
#include "core/experiment/run_directory.h"
#include "ui/main_window.h"
#include "ui/panels/compare_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/latent_panel.h"
#include "ui/panels/sweep_panel.h"
#include "ui/plots/loss_plot.h"
#include "ui/plots/plot_export.h"
#include "ui/recent_runs.h"
#include "ui/workers/training_controller.h"

namespace awb::ui {

void MainWindow::openCsv(const QString& path) {
    if (controller_->running())
        return showError(tr("Stop the training before loading other data."));
    const QString error = experiment_->openCsv(path);
    if (!error.isEmpty()) return showError(error);
    rememberRecent(path);
}

bool MainWindow::saveRun(const QString& dir) {
    if (!result_) return false;
    core::Status st;
    try {  // core reports failures as values; this is the last guard that a save never ends the
           // program
        st = core::writeRunDirectory(dir.toStdString(), *result_);
    } catch (const std::exception& e) {
        st = core::Error{core::ErrorCode::Internal,
                         dir.toStdString() + ": could not be written (" + e.what() + ")"};
    }
    if (!st) {
        showError(QString::fromStdString(st.error().message));
        return false;
    }
    stage_->setText(tr("Run saved to %1").arg(dir));
    rememberRun(dir);
    return true;
}

bool MainWindow::applyConfigFile(const QString& path) {
    core::ExperimentConfig config = experiment_->config();
    if (auto st = core::applyJsonFile(config, path.toStdString()); !st) {
        showError(QString::fromStdString(st.error().message));
        return false;
    }
    // Refused whole rather than clamped by the form's fields: the file said something else.
    if (auto st = core::validate(config); !st) {
        showError(QStringLiteral("%1: %2").arg(path, QString::fromStdString(st.error().message)));
        return false;
    }
    experiment_->setConfig(config);
    return true;
}

bool MainWindow::compareWithRun(const QString& dir) {
    auto record = core::readRunDirectory(dir.toStdString());
    if (!record) {
        showError(QString::fromStdString(record.error().message));
        return false;
    }
    const auto& t = record->config.training;
    loss_->setComparison(record->history,
                         tr("%1 (%2, lr %3)")
                             .arg(QFileInfo(dir).fileName(), core::toString(t.optimizer))
                             .arg(t.learningRate));
    tabs_->setCurrentIndex(0);
    return true;
}

CompareWindow* MainWindow::compareRuns(const QStringList& dirs) {
    if (!compare_) {
        compare_ = new CompareWindow(this);
        compare_->setAttribute(Qt::WA_DeleteOnClose);
        connect(compare_, &CompareWindow::openRunRequested, this, [this](const QString& dir) {
            if (openRun(dir)) {
                raise();
                activateWindow();
            }
        });
    }
    compare_->show();
    compare_->raise();
    compare_->addPaths(dirs);
    return compare_;
}

bool MainWindow::exportScores(const QString& path) {
    if (!result_) return false;
    auto st = core::writeFileAtomic(path.toStdString(), core::scoresCsv(*result_));
    if (!st) {
        showError(QString::fromStdString(st.error().message));
        return false;
    }
    stage_->setText(tr("Scores written to %1").arg(path));
    return true;
}

bool MainWindow::openRun(const QString& dir) {
    if (controller_->running()) {
        showError(tr("Stop the training before opening a run."));
        return false;
    }
    auto loaded = core::loadRun(dir.toStdString());
    if (!loaded) {
        showError(QString::fromStdString(loaded.error().message));
        return false;
    }
    result_ = std::make_shared<core::ExperimentResult>(std::move(*loaded));
    experiment_->setConfig(result_->config);
    loss_->clear();
    loss_->setMonitorName(monitorName(result_->config));
    loss_->append(result_->training.history);
    loss_->markKeptEpoch(result_->training.bestEpoch,
                         tr("kept epoch %1").arg(result_->training.bestEpoch));
    inspection_->setResult(result_);
    latent_->setResult(result_);
    setRunning(false);
    stage_->setText(tr("Opened run %1").arg(dir));
    rememberRecent(dir);
    rememberRun(dir);
    tabs_->setCurrentIndex(1);
    return true;
}

QStringList MainWindow::recentFiles() const {
    return QSettings().value(QStringLiteral("recent/files")).toStringList();
}

void MainWindow::rememberRecent(const QString& path) {
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > 10) files.removeLast();
    QSettings().setValue(QStringLiteral("recent/files"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recent_->clear();
    const QStringList files = recentFiles();
    for (const QString& path : files) {
        recent_->addAction(path, this, [this, path] { openPath(path); });
    }
    recent_->setEnabled(!files.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    const QString path = urls.front().toLocalFile();
    openPath(path);
}

void MainWindow::openPath(const QString& path) {
    // A run directory holds config.json; any other folder is read as a folder of images.
    const QDir dir(path);
    if (QFileInfo(path).isDir() && dir.exists(QStringLiteral("config.json")))
        openRun(path);
    else
        openCsv(path);
}

}  // namespace awb::ui

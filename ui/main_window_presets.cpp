// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow: the preset gallery and menu, the View menu (zoom, the dock), and choosing a view
// by name (--view).
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/experiment/presets.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/latent_panel.h"
#include "ui/panels/preset_gallery.h"
#include "ui/panels/sweep_panel.h"
#include "ui/plots/loss_plot.h"
#include "ui/workers/training_controller.h"

namespace awb::ui {

void MainWindow::buildPresetMenu() {
    auto* menu = menuBar()->addMenu(tr("&Presets"));
    auto* gallery = menu->addAction(tr("&Gallery..."), this, &MainWindow::showGallery);
    gallery->setShortcut(QKeySequence(tr("Ctrl+G")));
    gallery->setToolTip(tr("Every source experiment, with what it shows and what to look at"));
    gallery->setIcon(QIcon(QStringLiteral(":/icons/open.svg")));
    menu->addSeparator();
    for (const auto& p : core::presets()) {
        const QString name = QString::fromStdString(p.name);
        auto* action = menu->addAction(QString::fromStdString(p.title.empty() ? p.name : p.title),
                                       this, [this, name] { loadPreset(name); });
        action->setToolTip(QString::fromStdString(p.missing.empty() ? p.description : p.missing));
        action->setEnabled(p.missing.empty() || p.needsUserData);
    }
    menu->setToolTipsVisible(true);
    if (auto* toolbar = findChild<QToolBar*>(QStringLiteral("mainToolbar"))) {
        auto* button = new QAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("Presets"), this);
        button->setToolTip(gallery->toolTip());
        connect(button, &QAction::triggered, this, &MainWindow::showGallery);
        toolbar->insertAction(toolbar->actions().value(1), button);
    }
}

void MainWindow::showGallery() {
    auto* gallery = new PresetGallery(this);
    gallery->setAttribute(Qt::WA_DeleteOnClose);
    connect(gallery, &PresetGallery::chosen, this, [this](const QString& name, bool train) {
        if (loadPreset(name) && train) startTraining();
    });
    gallery->open();
}

bool MainWindow::loadPreset(const QString& name) {
    if (controller_->running()) {
        showError(tr("Stop the training before loading a preset."));
        return false;
    }
    core::PresetInfo info;
    for (const auto& p : core::presets()) {
        if (p.name == name.toStdString()) info = p;
    }
    auto config = core::preset(name.toStdString());
    if (!config) {
        showError(QString::fromStdString(config.error().message));
        return false;
    }
    if (!info.missing.empty() && !info.needsUserData) {
        showError(tr("Preset %1 %2").arg(name, QString::fromStdString(info.missing)));
        return false;
    }
    if (info.needsUserData) {
        // A template: its settings, with the data loaded now, until the user opens a file.
        const auto current = experiment_->config().data;
        config->data.path = current.path;
        config->data.builtin = current.builtin;
        config->data.labelsPath = current.labelsPath;
        config->data.testPath = current.testPath;
        config->data.testLabelsPath = current.testLabelsPath;
    }
    experiment_->setConfig(*config);
    const QString title = QString::fromStdString(info.title.empty() ? info.name : info.title);
    QString about =
        tr("<b>%1</b> &mdash; %2")
            .arg(title.toHtmlEscaped(), QString::fromStdString(info.teaches).toHtmlEscaped());
    if (info.needsUserData)
        about += tr(" <i>Now open your data (File &rarr; Open).</i>");
    else
        about += tr(" <i>Press Train (Ctrl+T).</i>");
    about_->setText(about);
    tabs_->setCurrentIndex(0);
    stage_->setText(tr("Preset %1 loaded").arg(title));
    return true;
}

QString MainWindow::aboutText() const { return about_->text(); }

void MainWindow::buildViewMenu() {
    // The desktop's font, taken once: a second window must not take a zoomed one for it.
    static const QFont desktopFont = QApplication::font();
    baseFont_ = desktopFont;
    auto* menu = menuBar()->addMenu(tr("&View"));
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("experimentDock"))) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setText(tr("&Experiment settings"));
        toggle->setShortcut(QKeySequence(tr("Ctrl+E")));
        toggle->setToolTip(
            tr("Show or hide the settings on the left: hidden, the plots get the "
               "whole window"));
        menu->addAction(toggle);
        menu->addSeparator();
    }
    auto* larger = menu->addAction(tr("Zoom &in"), this, [this] { setZoom(zoom_ * 1.15); });
    larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))});
    auto* smaller = menu->addAction(tr("Zoom &out"), this, [this] { setZoom(zoom_ / 1.15); });
    smaller->setShortcut(QKeySequence::ZoomOut);
    menu->addAction(tr("&Presentation size (projector)"), this, [this] { setZoom(1.6); })
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    menu->addAction(tr("&Normal size"), this, [this] { setZoom(1.0); })
        ->setShortcut(QKeySequence(tr("Ctrl+0")));
}

void MainWindow::buildHelpMenu() {
    auto* menu = menuBar()->addMenu(tr("&Help"));
    menu->addAction(tr("&Guide to the views"), this, &MainWindow::showGuide)
        ->setShortcut(QKeySequence::HelpContents);
    menu->addAction(tr("&About Anomaly Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Anomaly Workbench"),
                           tr("<b>Anomaly Workbench %1</b><br>Find anomalies by reconstruction: "
                              "train an autoencoder on normal data and flag what it cannot "
                              "rebuild.<br>GPL-3.0-or-later. Built with Qt, LibTorch and "
                              "QCustomPlot.")
                               .arg(QApplication::applicationVersion()));
    });
}

QString MainWindow::guideText() {
    return tr(
        "<h3>Start</h3><p>Pick an experiment in <b>Presets &rarr; Gallery</b> (Ctrl+G), or open "
        "your own data: a CSV file (a label column is found by itself), IDX images (MNIST's "
        "format) or a folder of images with one sub-folder per class. Set which labels are "
        "<i>normal</i>; everything else is an anomaly. Press <b>Train</b> (Ctrl+T).</p>"
        "<h3>Settings</h3><p>Every field says what it does in its tooltip. Typical values: "
        "learning rate 0.001 with Adam (0.01-0.1 with SGD); epochs and batch size 0 = chosen from "
        "the data; patience 10 stops when the validation loss has not improved for 10 epochs "
        "(never in the first half). The form is in sections: click a title to fold or unfold it "
        "(a folded one shows a summary). Hide the settings with <b>View &rarr; Experiment "
        "settings</b> (Ctrl+E).</p>"
        "<h3>Training</h3><p>Left: the loss per epoch (points), the loss of each batch between "
        "them (thin line) and the validation loss (dashed; without a validation part it is the "
        "test part's, for monitoring only). Right: the model as it is now on the test part, "
        "updated while it trains: the error histogram of normal and anomalous samples, the ROC "
        "curve with its AUROC, and a normal and an anomalous sample rebuilt. Pause (Ctrl+P) and "
        "Stop (Esc) at any moment; a stopped run keeps its best weights. While paused, F10 "
        "steps one batch and F11 one epoch; Ctrl+L trains in slow motion.</p>"
        "<h3>Inspect</h3><p>The <b>error histogram</b> of the test part with the threshold: drag "
        "the line, or choose a rule. The <b>confusion matrix</b> counts each cell and shades it by "
        "the share of its row (the true class): TP rate is recall, FP rate the false alarms. "
        "<b>ROC</b> and <b>precision-recall</b> curves do not depend on the threshold; the "
        "diamond is where the threshold puts you. Below: any sample with its reconstruction, "
        "and whether it was caught, missed or a false alarm (images: input, noisy input, "
        "reconstruction and the error map; a missed anomaly is framed). <b>Draw / edit this "
        "sample</b> changes it with the mouse (curves: draw, add a spike, flatten a part; images: "
        "ink, eraser, a noise brush) and gives the new verdict at once.</p>"
        "<h3>Series</h3><p>For time series: the signal with its reconstruction (labelled "
        "anomalies shaded) and the anomaly score along time with the threshold (detected spans "
        "shaded). Wheel zooms time, drag pans, double-click picks a point. Point-adjusted figures "
        "are marked as such: they flatter.</p>"
        "<h3>Latent space</h3><p>The test samples projected onto two principal components of "
        "the model's codes (its bottleneck) or of the inputs themselves: normal samples in one "
        "colour, anomalies in another, a cross for a false alarm and a diamond for a miss, so you "
        "see where the threshold's errors lie; or coloured by class. Click a point to inspect "
        "that sample. Train while this tab is open and it follows the training: the codes of up "
        "to 2,000 test samples, by label, redrawn as often as stays cheap.</p>"
        "<h3>One-vs-rest</h3><p>Trains once per class with that class as the only normal one and "
        "fills a bar chart of AUROC per class as it goes.</p>"
        "<h3>Compare, repeat, continue</h3><p><b>File &rarr; Compare runs</b> puts runs side by "
        "side, grouped by seed (mean &plusmn; std). <b>Run &rarr; Repeat over seeds</b> trains the "
        "settings once per seed and compares them; <b>Run &rarr; Continue training</b> trains the "
        "run shown further.</p>"
        "<h3>For a class</h3><p><b>View &rarr; Presentation size</b> (Ctrl+Shift+P) enlarges text "
        "and plots for a projector; Ctrl+0 goes back. Colours are chosen to stay apart for "
        "colour-blind eyes, and shapes and line styles differ too.</p>");
}

void MainWindow::showGuide() {
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Guide to the views"));
    auto* text = new QTextBrowser(dialog);
    text->setHtml(guideText());
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(close, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(close);
    dialog->resize(720, 640);
    dialog->open();
}

void MainWindow::setZoom(double factor, bool remember) {
    if (!std::isfinite(factor)) factor = 1.0;
    zoom_ = std::clamp(factor, 0.7, 3.0);
    if (remember) rememberedZoom_ = zoom_;
    QFont f = baseFont_;
    f.setPointSizeF(baseFont_.pointSizeF() * zoom_);
    // Every widget without a font of its own follows, the plots through followWidgetFont.
    QApplication::setFont(f);
    if (stage_) stage_->setToolTip(tr("Zoom %1 %").arg(qRound(zoom_ * 100)));
    // After the posted font changes have reached the form (its size hint follows them).
    QTimer::singleShot(0, this, &MainWindow::fitSettingsWidth);
}

bool MainWindow::showView(const QString& view) {
    const QString v = view.trimmed().toLower();
    if (v == QLatin1String("training")) {
        tabs_->setCurrentIndex(0);
    } else if (v == QLatin1String("sweep")) {
        tabs_->setCurrentWidget(sweep_);
    } else if (v == QLatin1String("latent")) {
        tabs_->setCurrentWidget(latent_);
    } else if (v == QLatin1String("inspect") || v == QLatin1String("histogram") ||
               v == QLatin1String("images")) {
        tabs_->setCurrentWidget(inspection_);
        if (v != QLatin1String("inspect")) inspection_->errorTabs()->setCurrentIndex(0);
    } else if (v == QLatin1String("draw")) {
        tabs_->setCurrentWidget(inspection_);
        return inspection_->openDrawDialog();
    } else if (v == QLatin1String("errors") || v == QLatin1String("series")) {
        tabs_->setCurrentWidget(inspection_);
        const int index = v == QLatin1String("errors") ? 1 : 2;
        if (!inspection_->errorTabs()->isTabEnabled(index)) return false;
        inspection_->errorTabs()->setCurrentIndex(index);
    } else {
        return false;
    }
    return true;
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow: the preset gallery and menu, the View menu (zoom, the dock), and choosing a view
// by name (--view).
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <algorithm>
#include <cmath>

#include "core/experiment/presets.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
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

void MainWindow::setZoom(double factor) {
    if (!std::isfinite(factor)) factor = 1.0;
    zoom_ = std::clamp(factor, 0.7, 3.0);
    QFont f = baseFont_;
    f.setPointSizeF(baseFont_.pointSizeF() * zoom_);
    // Every widget without a font of its own follows, the plots through followWidgetFont.
    QApplication::setFont(f);
    if (stage_) stage_->setToolTip(tr("Zoom %1 %").arg(qRound(zoom_ * 100)));
}

bool MainWindow::showView(const QString& view) {
    const QString v = view.trimmed().toLower();
    if (v == QLatin1String("training")) {
        tabs_->setCurrentIndex(0);
    } else if (v == QLatin1String("sweep")) {
        tabs_->setCurrentWidget(sweep_);
    } else if (v == QLatin1String("inspect") || v == QLatin1String("histogram") ||
               v == QLatin1String("images")) {
        tabs_->setCurrentWidget(inspection_);
        if (v != QLatin1String("inspect")) inspection_->errorTabs()->setCurrentIndex(0);
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

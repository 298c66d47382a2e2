// SPDX-License-Identifier: GPL-3.0-or-later
// anomaly-workbench: the desktop workbench.
#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>
#include <QTimer>
#include <clocale>
#include <cstdio>

#include "core/models/model.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/workers/training_controller.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    // QApplication sets the C locale from the environment; numbers in files stay "0.5" whatever
    // the desktop's language (core formats and parses without the C locale too; this covers the
    // libraries). Qt's own number display follows QLocale, which this does not change.
    std::setlocale(LC_NUMERIC, "C");
    // "Auto" threads leave a core to the window and the display server (see core/models/model.h).
    awb::core::setAutoThreads(awb::ui::TrainingController::windowAutoThreads());
    QApplication::setApplicationName(QStringLiteral("Anomaly Workbench"));
    QApplication::setOrganizationName(QStringLiteral("anomaly-workbench"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QGuiApplication::setDesktopFileName(
        QStringLiteral("anomaly-workbench"));  // its .desktop file and icon

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Find anomalies by reconstruction."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Open data: a CSV file, IDX images or a folder of images."), QStringLiteral("path"));
    QCommandLineOption run(QStringLiteral("open-run"), QStringLiteral("Open a run directory."), QStringLiteral("dir"));
    QCommandLineOption config(QStringLiteral("config"),
                              QStringLiteral("Apply an experiment JSON file (as the CLI's --config) to the settings."),
                              QStringLiteral("json"));
    QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Start training at once."));
    QCommandLineOption shot(QStringLiteral("screenshot"),
                            QStringLiteral("After training (with --train or --sweep), save the window as PNG and quit."),
                            QStringLiteral("png"));
    QCommandLineOption hold(QStringLiteral("hold-ms"),
                            QStringLiteral("With --screenshot: stay open this long after saving (for screen grabs)."),
                            QStringLiteral("ms"), QStringLiteral("0"));
    QCommandLineOption sweep(QStringLiteral("sweep"), QStringLiteral("Start a one-vs-rest sweep at once."));
    parser.addOptions({data, run, config, train, sweep, shot, hold});
    parser.process(app);

    awb::ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    if (parser.isSet(config) && !window.applyConfigFile(parser.value(config))) return 2;
    if (parser.isSet(data)) window.openPath(parser.value(data));
    if (parser.isSet(run)) window.openRun(parser.value(run));
    if (parser.isSet(shot)) {
        const QString path = parser.value(shot);
        const int holdMs = parser.value(hold).toInt();
        QObject::connect(&window, &awb::ui::MainWindow::trainingFinished, &window, [&window, path, holdMs] {
            // Let the queued replots land before grabbing.
            QTimer::singleShot(500, &window, [&window, path, holdMs] {
                const bool ok = window.grab().save(path);
                std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot saved to" : "could not save",
                             qPrintable(path));
                std::fflush(stdout);
                QTimer::singleShot(holdMs, [ok] { QApplication::exit(ok ? 0 : 1); });
            });
        });
    }
    if ((parser.isSet(train) || parser.isSet(sweep)) && !window.experimentPanel()->problem().isEmpty()) {
        std::fprintf(stderr, "anomaly-workbench: cannot train: %s\n", qPrintable(window.experimentPanel()->problem()));
        return 2;
    }
    if (parser.isSet(train)) QTimer::singleShot(0, &window, &awb::ui::MainWindow::startTraining);
    else if (parser.isSet(sweep)) QTimer::singleShot(0, &window, &awb::ui::MainWindow::startSweep);
    return app.exec();
}

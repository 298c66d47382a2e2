// SPDX-License-Identifier: GPL-3.0-or-later
// anomaly-workbench: the desktop workbench.
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QScreen>
#include <QTimer>
#include <QWindow>
#include <clocale>
#include <cstdio>
#include <cstdlib>

#include "core/models/model.h"
#include "ui/main_window.h"
#include "ui/panels/compare_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/workers/training_controller.h"

namespace {

/// The command line, the same with or without a display (--help and --version need none).
struct Options {
    QCommandLineOption data{
        QStringLiteral("data"),
        QStringLiteral("Open data: a CSV file, IDX images or a folder of images."),
        QStringLiteral("path")};
    QCommandLineOption run{QStringLiteral("open-run"), QStringLiteral("Open a run directory."),
                           QStringLiteral("dir")};
    QCommandLineOption preset{
        QStringLiteral("preset"),
        QStringLiteral("Load a preset (its data and settings), as the Presets "
                       "menu does; the CLI's 'presets' lists them."),
        QStringLiteral("name")};
    QCommandLineOption config{
        QStringLiteral("config"),
        QStringLiteral("Apply an experiment JSON file (as the CLI's --config) "
                       "to the settings."),
        QStringLiteral("json")};
    QCommandLineOption compare{QStringLiteral("compare"),
                               QStringLiteral("Open the compare window on a run directory or a "
                                              "folder of runs (repeat for several)."),
                               QStringLiteral("dir")};
    QCommandLineOption compareTab{QStringLiteral("compare-tab"),
                                  QStringLiteral("With --compare: show this tab: loss, roc, pr, "
                                                 "histograms."),
                                  QStringLiteral("name")};
    QCommandLineOption train{QStringLiteral("train"), QStringLiteral("Start training at once.")};
    QCommandLineOption sweep{QStringLiteral("sweep"),
                             QStringLiteral("Start a one-vs-rest sweep at once.")};
    QCommandLineOption view{
        QStringLiteral("view"),
        QStringLiteral("Show this view (after training, when training; latent also while it "
                       "trains): training, inspect, histogram, errors, series, images, latent, "
                       "sweep, draw, gallery."),
        QStringLiteral("name")};
    QCommandLineOption shot{
        QStringLiteral("screenshot"),
        QStringLiteral("Save the window as PNG and quit: after training with "
                       "--train or --sweep, the compare window once its runs "
                       "are read with --compare, else once the window is shown."),
        QStringLiteral("png")};
    QCommandLineOption zoom{
        QStringLiteral("zoom"),
        QStringLiteral("Text and plot size as a factor (1.6 = View > Presentation "
                       "size), for this session."),
        QStringLiteral("factor")};
    QCommandLineOption size{
        QStringLiteral("window-size"),
        QStringLiteral("The window's size, WIDTHxHEIGHT (default 1400x900, or the screen's "
                       "available size when smaller)."),
        QStringLiteral("WxH")};
    QCommandLineOption hold{QStringLiteral("hold-ms"),
                            QStringLiteral("With --screenshot: stay open this long after saving "
                                           "(for screen grabs)."),
                            QStringLiteral("ms"), QStringLiteral("0")};

    void addTo(QCommandLineParser& parser) const {
        parser.setApplicationDescription(QStringLiteral("Find anomalies by reconstruction."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({data, run, preset, config, compare, compareTab, train, sweep, view, zoom,
                           size, shot, hold});
    }
};

/// --help and --version are answered without opening a display (other options, Qt's own
/// -platform among them, are left to QApplication).
void answerHelpWithoutDisplay(int argc, char** argv) {
    const QStringList asks = {QStringLiteral("-h"), QStringLiteral("--help"),
                              QStringLiteral("-?"), QStringLiteral("--help-all"),
                              QStringLiteral("-v"), QStringLiteral("--version")};
    bool asked = false;
    for (int i = 1; i < argc; ++i) asked |= asks.contains(QString::fromLocal8Bit(argv[i]));
    if (!asked) return;
    QCoreApplication core(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("anomaly-workbench"));
    QCoreApplication::setApplicationVersion(QString::fromStdString(
        awb::core::programVersion() + ", LibTorch " + awb::core::libtorchVersion()));
    QCommandLineParser parser;
    const Options options;
    options.addTo(parser);
    // Qt's own options (-platform, -style) are unknown here: help and version are answered
    // whatever else the line holds.
    (void)parser.parse(QCoreApplication::arguments());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all")))
        parser.showHelp(0);                                             // exits
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();  // exits
}

/// Grabs the window (or the dialog on top of it, or the compare window) into `path` and quits
/// after `holdMs`.
void grabAndQuit(QWidget* window, const QString& path, int holdMs) {
    QWidget* target =
        QApplication::activeModalWidget() ? QApplication::activeModalWidget() : window;
    if (auto* compare = window->findChild<awb::ui::CompareWindow*>();
        compare && compare->isVisible())
        target = compare;
    const bool ok = target->grab().save(path);
    std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot saved to" : "could not save",
                 qPrintable(path));
    std::fflush(stdout);
    QTimer::singleShot(holdMs, [ok] { QApplication::exit(ok ? 0 : 1); });
}

}  // namespace

int main(int argc, char** argv) {
    answerHelpWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    // QApplication sets the C locale from the environment; numbers in files stay "0.5" whatever
    // the desktop's language (core formats and parses without the C locale too; this covers the
    // libraries). Qt's own number display follows QLocale, which this does not change.
    std::setlocale(LC_NUMERIC, "C");
    // "Auto" threads leave a core to the window and the display server (see core/models/model.h).
    awb::core::setAutoThreads(awb::ui::TrainingController::windowAutoThreads());
    QApplication::setApplicationName(QStringLiteral("Anomaly Workbench"));
    QApplication::setOrganizationName(QStringLiteral("anomaly-workbench"));
    QApplication::setApplicationVersion(QString::fromStdString(
        awb::core::programVersion() + ", LibTorch " + awb::core::libtorchVersion()));
    QGuiApplication::setDesktopFileName(
        QStringLiteral("anomaly-workbench"));  // its .desktop file and icon

    QCommandLineParser parser;
    const Options o;
    o.addTo(parser);
    parser.process(app);

    awb::ui::MainWindow window;
    // 1400 x 900, or the screen's available size when smaller (a 1280 x 720 projector).
    QSize size(1400, 900);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size());
    if (parser.isSet(o.size)) {
        const QStringList wh = parser.value(o.size).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
        const int h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 320 || h < 240 || w > 16384 || h > 16384) {
            std::fprintf(stderr,
                         "anomaly-workbench: --window-size: '%s' is not WIDTHxHEIGHT "
                         "(320x240 to 16384x16384), e.g. 1920x1080\n",
                         qPrintable(parser.value(o.size)));
            return 2;
        }
        size = QSize(w, h);
    }
    window.resize(size);
    if (parser.isSet(o.zoom)) window.setZoom(parser.value(o.zoom).toDouble(), false);
    window.show();
    if (parser.isSet(o.preset) && !window.loadPreset(parser.value(o.preset))) {
        std::fprintf(stderr, "anomaly-workbench: %s\n", qPrintable(window.statusText()));
        return 2;
    }
    if (parser.isSet(o.config) && !window.applyConfigFile(parser.value(o.config))) return 2;
    if (parser.isSet(o.data)) window.openPath(parser.value(o.data));
    if (parser.isSet(o.run) && !window.openRun(parser.value(o.run))) {
        std::fprintf(stderr, "anomaly-workbench: %s\n", qPrintable(window.statusText()));
        return 2;
    }
    awb::ui::CompareWindow* compare = nullptr;
    if (parser.isSet(o.compare)) {
        compare = window.compareRuns(parser.values(o.compare));
        const QString tab = parser.value(o.compareTab);
        if (!tab.isEmpty() && !compare->showTab(tab)) {
            std::fprintf(
                stderr,
                "anomaly-workbench: --compare-tab: '%s' is not one of loss, roc, pr, histograms\n",
                qPrintable(tab));
            return 2;
        }
    }
    const bool training = parser.isSet(o.train) || parser.isSet(o.sweep);
    const QString view = parser.value(o.view);
    auto applyView = [&window, view] {
        if (view.isEmpty()) return;
        if (view == QLatin1String("gallery"))
            window.showGallery();
        else if (!window.showView(view))
            std::fprintf(stderr,
                         "anomaly-workbench: view '%s' is not one of training, inspect, "
                         "histogram, errors, series, images, latent, sweep, draw, gallery (or not "
                         "available for this run)\n",
                         qPrintable(view));
    };
    if (training) {
        QObject::connect(&window, &awb::ui::MainWindow::trainingFinished, &window, applyView);
        // The latent view follows the training from the start (the window keeps it on Train).
        if (view == QLatin1String("latent") && parser.isSet(o.train)) applyView();
    } else {
        applyView();
    }
    if (parser.isSet(o.shot)) {
        const QString path = parser.value(o.shot);
        const int holdMs = parser.value(o.hold).toInt();
        // Let queued replots and layouts land before grabbing; a window not yet exposed has no
        // paint buffers for its plots, so the first grab waits for the event loop too.
        auto grabLater = [&window, path, holdMs] {
            QTimer::singleShot(500, &window, [&window, path, holdMs] {
                QWindow* handle = window.windowHandle();
                if (handle && !handle->isExposed()) {
                    QTimer::singleShot(1000, &window, [&window, path, holdMs] {
                        grabAndQuit(&window, path, holdMs);
                    });
                } else {
                    grabAndQuit(&window, path, holdMs);
                }
            });
        };
        if (training)
            QObject::connect(&window, &awb::ui::MainWindow::trainingFinished, &window, grabLater);
        else if (compare && compare->busy()) {
            QObject::connect(compare, &awb::ui::CompareWindow::loaded, &window, grabLater);
            QObject::connect(compare, &awb::ui::CompareWindow::failed, &window, grabLater);
        } else
            grabLater();
    }
    if (training && !window.experimentPanel()->problem().isEmpty()) {
        std::fprintf(stderr, "anomaly-workbench: cannot train: %s\n", qPrintable(window.experimentPanel()->problem()));
        return 2;
    }
    if (parser.isSet(o.train))
        QTimer::singleShot(0, &window, &awb::ui::MainWindow::startTraining);
    else if (parser.isSet(o.sweep))
        QTimer::singleShot(0, &window, &awb::ui::MainWindow::startSweep);
    return app.exec();
}

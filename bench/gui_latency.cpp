// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (not a test): event-loop latency of the workbench while it trains, and the wall-clock
// cost of training in the GUI (live plots) against the same experiment run headless in this
// process, alternating, REPEATS times each; medians are printed. A 5 ms timer measures how late
// each of its ticks arrives during the GUI runs.
// Usage: bench_gui_latency [EPOCHS=60] [BATCH=32] [THREADS=0 (all cores)] [REPEATS=5]
// The window's live views (test histogram, ROC, reconstructions) are on, as for a user;
// AWB_BENCH_LIVE=0 turns them off to measure what they cost.
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench/bench_support.h"
#include "core/experiment/experiment_runner.h"
#include "core/models/model.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/workers/training_controller.h"

namespace {

double percentileOf(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("AWB_NO_DIALOGS", "1");
    QApplication app(argc, argv);
    const int epochs = argc > 1 ? std::atoi(argv[1]) : 60;
    const int batch = argc > 2 ? std::atoi(argv[2]) : 32;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 0;
    const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;
    // As the workbench does (app/workbench/main.cpp): THREADS 0 means one fewer than the cores in
    // the GUI run; the headless run below then uses every core, as the CLI does.
    const int guiAuto = awb::ui::TrainingController::windowAutoThreads();

    awb::ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    const bool live =
        qEnvironmentVariable("AWB_BENCH_LIVE", QStringLiteral("1")) != QLatin1String("0");
    window.controller()->setLivePreview(live);
    auto config = window.experimentPanel()->config();
    config.training.epochs = epochs;
    config.training.batchSize = batch;
    config.threads = threads;
    window.experimentPanel()->setConfig(config);

    awb::bench::LatenessProbe probe;
    QElapsedTimer wall;
    std::vector<double> guiSeconds, cliSeconds, ratios;
    auto startGui = [&] {
        probe.start();
        wall.start();
        window.startTraining();
    };
    QObject::connect(&window, &awb::ui::MainWindow::trainingFinished, [&] {
        const double gui = wall.elapsed() / 1000.0;
        probe.stop();
        // Same experiment headless, same process and thread settings.
        QElapsedTimer headless;
        headless.start();
        static const bool guiOnly = qEnvironmentVariableIsSet("AWB_BENCH_GUI_ONLY");
        awb::core::setAutoThreads(0);
        auto r = guiOnly ? awb::core::Expected<awb::core::ExperimentResult>(awb::core::ExperimentResult{})
                         : awb::core::runExperiment(window.experimentPanel()->config());
        awb::core::setAutoThreads(guiAuto);
        const double cli = headless.elapsed() / 1000.0;
        if (!r.ok()) std::printf("headless run failed: %s\n", r.error().message.c_str());
        guiSeconds.push_back(gui);
        cliSeconds.push_back(cli);
        ratios.push_back(cli > 0 ? gui / cli : 0.0);
        std::printf("  repeat %zu: GUI %.2f s, headless %.2f s, ratio %.3f\n", ratios.size(), gui, cli, ratios.back());
        std::fflush(stdout);
        if (static_cast<int>(ratios.size()) < repeats) {
            QTimer::singleShot(100, startGui);
            return;
        }
        std::printf(
            "GUI event-loop latency while training (%d epochs, batch %d, threads %d, live views "
            "%s): %zu ticks\n",
            epochs, batch, threads, live ? "on" : "off", probe.lateMs().size());
        std::printf("  lateness p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
                    percentileOf(probe.lateMs(), 50), percentileOf(probe.lateMs(), 90), percentileOf(probe.lateMs(), 99),
                    percentileOf(probe.lateMs(), 100));
        std::printf("training wall time, medians of %d: GUI %.2f s, headless %.2f s, ratio GUI/headless %.3f "
                    "(range %.3f-%.3f)\n",
                    repeats, percentileOf(guiSeconds, 50), percentileOf(cliSeconds, 50), percentileOf(ratios, 50),
                    percentileOf(ratios, 0), percentileOf(ratios, 100));
        QApplication::quit();
    });
    awb::core::setAutoThreads(guiAuto);
    QTimer::singleShot(200, startGui);
    return app.exec();
}

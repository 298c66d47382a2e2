// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (not a test): the workbench window loads a large IDX image file through its own
// loading path and trains on it RUNS times in a row, as a user pressing Train again would. After
// each run it prints the wall time, the run's peak resident memory (the kernel's high-water mark,
// reset before each run through /proc/self/clear_refs), the resident memory left afterwards, and
// how late a 5 ms timer on the GUI thread ever was (a freeze shows as a large lateness).
// Usage: bench_gui_load IMAGES.idx3-ubyte[.gz] [RUNS=5] [EPOCHS=1] [THREADS=0]
// The labels file is found beside the images (as in the GUI); classes 0-8 are normal, 9 anomalous.
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "core/experiment/presets.h"

namespace {

using awb::bench::statusMiB;

bool resetPeak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    return static_cast<bool>(out.flush());
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("AWB_NO_DIALOGS", "1");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s IMAGES.idx3-ubyte[.gz] [RUNS=5] [EPOCHS=1] [THREADS=0]\n", argv[0]);
        return 2;
    }
    const QString images = QString::fromLocal8Bit(argv[1]);
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const int epochs = argc > 3 ? std::atoi(argv[3]) : 1;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 0;

    const double startMiB = statusMiB("VmRSS");
    awb::ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    auto config = *awb::core::preset("images-conv-ae");
    config.training.epochs = epochs;
    config.threads = threads;
    window.experimentPanel()->setConfig(config);
    QElapsedTimer loadClock;
    loadClock.start();
    window.openCsv(images);
    const double loadSeconds = loadClock.elapsed() / 1000.0;
    const size_t n = window.experimentPanel()->dataset().size();
    if (n == 0 || !window.experimentPanel()->dataset().hasLabels()) {
        std::fprintf(stderr, "could not load %s with its labels: %s\n", argv[1], qPrintable(window.statusText()));
        return 1;
    }
    config = window.experimentPanel()->config();
    config.data.normalLabels = {"0", "1", "2", "3", "4", "5", "6", "7", "8"};
    window.experimentPanel()->setConfig(config);
    if (!window.experimentPanel()->problem().isEmpty()) {
        std::fprintf(stderr, "settings refused: %s\n", qPrintable(window.experimentPanel()->problem()));
        return 1;
    }
    std::printf("loaded %zu images in %.2f s through the window; resident %.0f MiB (%.0f MiB before the window)\n",
                n, loadSeconds, statusMiB("VmRSS"), startMiB);
    std::printf("%-4s %9s %13s %15s %14s %8s\n", "run", "seconds", "peak MiB", "after MiB", "max late ms", "AUROC");
    std::fflush(stdout);

    awb::bench::LatenessProbe probe;
    QElapsedTimer wall;
    int run = 0;
    const bool peakResets = resetPeak();
    auto startRun = [&] {
        ++run;
        resetPeak();
        probe.start(false);
        wall.start();
        window.startTraining();
    };
    QObject::connect(&window, &awb::ui::MainWindow::trainingFinished, [&] {
        probe.stop();
        const double seconds = wall.elapsed() / 1000.0;
        const auto result = window.result();
        std::printf("%-4d %9.1f %13.0f %15.0f %14.1f %8.3f\n", run, seconds, statusMiB("VmHWM"),
                    statusMiB("VmRSS"), probe.maxMs(),
                    result ? result->evaluation.auroc : -1.0);
        std::fflush(stdout);
        if (run < runs) QTimer::singleShot(0, startRun);
        else QApplication::quit();
    });
    if (!peakResets) std::printf("(peak memory could not be reset: figures are the process's peak so far)\n");
    QTimer::singleShot(200, startRun);
    return app.exec();
}

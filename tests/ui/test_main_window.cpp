// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QTemporaryDir>

#include <random>

#include <sys/stat.h>

#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/sweep_panel.h"
#include "ui/plots/series_plot.h"
#include "qcustomplot.h"
#include "core/experiment/one_class_sweep.h"
#include <QRegularExpression>
#include <QTableWidget>
#include "ui/plots/confusion_plot.h"
#include "ui/plots/image_grid.h"
#include "ui/plots/loss_plot.h"
#include "ui/workers/training_controller.h"

using namespace awb;

namespace {

QByteArray be32(quint32 v) {
    const char b[4] = {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
    return QByteArray(b, 4);
}

/// Writes NAME-images-idx3-ubyte (n images of rows x cols bytes) and NAME-labels-idx1-ubyte into
/// `dir`; returns the images' path, or an empty string when a file cannot be written.
QString writeIdxPair(const QTemporaryDir& dir, const QString& name, int rows, int cols, const QByteArray& pixels,
                     const QByteArray& labels) {
    const int n = labels.size();
    const QString imagesPath = dir.filePath(name + QStringLiteral("-images-idx3-ubyte"));
    QFile fi(imagesPath), fl(dir.filePath(name + QStringLiteral("-labels-idx1-ubyte")));
    if (!fi.open(QIODevice::WriteOnly) || !fl.open(QIODevice::WriteOnly)) return {};
    fi.write(QByteArray("\x00\x00\x08\x03", 4) + be32(n) + be32(rows) + be32(cols) + pixels);
    fl.write(QByteArray("\x00\x00\x08\x01", 4) + be32(n) + labels);
    return imagesPath;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qputenv("AWB_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a throw-away place
    }

    void trainsTheBuiltInPresetAndShowsResults() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 4;
        w.experimentPanel()->setConfig(config);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        QVERIFY(w.result());
        QCOMPARE(w.lossPlot()->pointCount(), 4);
        QCOMPARE(w.result()->training.epochsCompleted, 4);
        const auto m = w.inspectionPanel()->confusion()->matrix();
        QCOMPARE(m.tp + m.fp + m.tn + m.fn, w.result()->evaluation.testCount);
    }

    void anOpenedTableGetsDefaultsThatFitIt() {
        // ODDS's layout: label 0 for inliers (the majority), 1 for the rare outliers, features on
        // different scales.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("outliers.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b,c,label\n");
        for (int i = 0; i < 90; ++i)
            f.write(QByteArray::number(i % 9) + "," + QByteArray::number(100 * (i % 5)) +
                    ",0.5,0\n");
        for (int i = 0; i < 10; ++i) f.write("40,900,0.1,1\n");
        f.close();
        ui::MainWindow w;
        w.openCsv(path);
        const auto c = w.experimentPanel()->config();
        QCOMPARE(c.data.normalLabels,
                 std::vector<std::string>{"0"});  // the majority, not the last class
        QCOMPARE(c.training.epochs, 0);           // auto
        QCOMPARE(c.training.batchSize, 0);
        QCOMPARE(c.training.patience, core::TrainingConfig{}.patience);
        QCOMPARE(c.preprocessing.scope, core::ScalingScope::PerFeature);
        QVERIFY(c.model.layers.empty());                             // auto widths
        QCOMPARE(c.model.activation, core::ModelSpec{}.activation);  // elu, not the preset's relu
        QVERIFY2(w.experimentPanel()->problem().isEmpty(),
                 qPrintable(w.experimentPanel()->problem()));
        // Fields set by hand are kept when the next file opens.
        auto edited = c;
        edited.training.epochs = 7;
        w.experimentPanel()->setConfig(edited);
        w.openCsv(path);
        QCOMPARE(w.experimentPanel()->config().training.epochs, 7);
    }

    void earlyStoppingIsShownOnTheLossPlot() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        // A learning rate this high makes the validation loss wander: training stops early.
        config.training.epochs = 300;
        config.training.patience = 2;
        config.training.learningRate = 0.05;
        w.experimentPanel()->setConfig(config);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(60000));
        const auto& t = w.result()->training;
        QVERIFY2(t.stoppedEarly, t.message.c_str());
        QCOMPARE(w.lossPlot()->keptEpoch(), t.bestEpoch);
        QCOMPARE(w.lossPlot()->pointCount(), t.epochsCompleted);
        QVERIFY(w.statusText().contains(QStringLiteral("Stopped early")));
        if (qEnvironmentVariableIsSet("AWB_PLOT_DIR")) {  // to look at: AWB_PLOT_DIR=/tmp
            QVERIFY(w.lossPlot()->savePng(
                qEnvironmentVariable("AWB_PLOT_DIR") + QStringLiteral("/early-stop.png"), 700,
                350));
        }
    }

    void dataWithoutAnomaliesTrainsAndSaysWhyAurocIsMissing() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 1;
        config.data.normalLabels = {"normal", "pvc", "st-elevation", "flat-t"};  // one class in effect
        w.experimentPanel()->setConfig(config);
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        QVERIFY(w.result());
        const QString text = w.inspectionPanel()->metricsText();
        QVERIFY2(text.contains(QStringLiteral("AUROC n/a")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("the test part holds no anomalies")), qPrintable(text));
    }

    void stopEndsARunWithinASecond() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 100000;
        config.training.batchSize = 8;
        w.experimentPanel()->setConfig(config);
        QSignalSpy epochs(w.controller(), &ui::TrainingController::epochsEnded);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(epochs.wait(30000));
        QElapsedTimer timer;
        timer.start();
        w.requestStop();
        QVERIFY(done.wait(5000));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QStringLiteral("stop took %1 ms").arg(timer.elapsed())));
        QVERIFY(!w.controller()->running());
        QVERIFY(w.result());
        QCOMPARE(w.result()->training.outcome, core::TrainingOutcome::Cancelled);
    }

    void pauseHoldsTheLoopAndStopStillWorks() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 100000;
        w.experimentPanel()->setConfig(config);
        QSignalSpy epochs(w.controller(), &ui::TrainingController::epochsEnded);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(epochs.wait(30000));
        w.controller()->setPaused(true);
        QTest::qWait(300);  // reports already queued may still arrive
        const int before = w.lossPlot()->pointCount();
        QTest::qWait(500);
        QCOMPARE(w.lossPlot()->pointCount(), before);
        w.controller()->setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->pointCount() > before, 10000);
        w.controller()->setPaused(true);
        w.requestStop();  // a paused run must stop too
        QVERIFY(done.wait(5000));
    }

    void oneVsRestSweepFillsTheTableAndMatchesCore() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 3;
        w.experimentPanel()->setConfig(config);
        QSignalSpy classes(w.controller(), &ui::TrainingController::sweepClassStarted);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startSweep();
        QVERIFY(done.wait(60000));
        QCOMPARE(classes.count(), 4);  // the built-in set has four classes
        auto* panel = w.sweepPanel();
        QCOMPARE(panel->rows().size(), size_t(4));
        QCOMPARE(panel->table()->rowCount(), 5);  // four classes and the mean
        QCOMPARE(panel->table()->item(4, 0)->text(), QStringLiteral("mean"));
        // The same sweep in core, same settings and seed: the same figures.
        auto reference = core::oneClassSweep(w.experimentPanel()->config());
        QVERIFY(reference.ok());
        for (size_t i = 0; i < 4; ++i) {
            QCOMPARE(panel->rows()[i].normalClass, reference->rows[i].normalClass);
            QCOMPARE(panel->rows()[i].auroc, reference->rows[i].auroc);
            QCOMPARE(panel->table()->item(int(i), 1)->text(), QString::number(reference->rows[i].auroc, 'f', 3));
        }
        QCOMPARE(panel->table()->item(4, 1)->text(), QString::number(reference->meanAuroc, 'f', 3));
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("sweep.csv"));
        QCOMPARE(panel->saveCsv(csv), QString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto withoutSeconds = [](QString text) {  // timings differ from run to run
            return text.remove(QRegularExpression(QStringLiteral(",[0-9.]+\\n"))).remove(QStringLiteral(",,,\n"));
        };
        const QString saved = QString::fromUtf8(f.readAll());
        QVERIFY(saved.startsWith(QStringLiteral("class,auroc,auprc,n_test,seconds\n")));
        QCOMPARE(withoutSeconds(saved), withoutSeconds(QString::fromStdString(core::sweepCsv(*reference))));
    }

    void stoppingASweepKeepsTheFinishedClasses() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 100000;  // the first class would never end on its own...
        config.training.batchSize = 8;
        w.experimentPanel()->setConfig(config);
        QSignalSpy epochs(w.controller(), &ui::TrainingController::epochsEnded);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startSweep();
        QVERIFY(epochs.wait(30000));
        w.requestStop();
        QVERIFY(done.wait(5000));
        QVERIFY(!w.controller()->running());
        QVERIFY(w.sweepPanel()->rows().empty());  // ...so no class finished
        QVERIFY(w.isEnabled());
        w.startTraining();  // and the window takes new work
        QVERIFY(w.controller()->running());
        w.requestStop();
        QVERIFY(done.wait(10000));
    }

    void timeSeriesShowsTheSeriesViewAndUsadAlphaRescores() {
        ui::MainWindow w;
        auto config = *core::preset("synthetic-timeseries");
        config.model.family = "usad";  // the built-in preset is a dense AE
        config.training.epochs = 3;
        config.data.windowLength = 16;
        config.model.usadVariant = "paper-equations";  // the form keeps the training variant...
        w.experimentPanel()->setConfig(config);
        QCOMPARE(w.experimentPanel()->config().model.usadVariant, std::string("paper-equations"));
        config.model.usadVariant = "reference-code";   // ...and the default
        w.experimentPanel()->setConfig(config);
        QCOMPARE(w.experimentPanel()->config().model.usadVariant, std::string("reference-code"));
        QCOMPARE(w.experimentPanel()->config().data.pointScore, std::string("local"));
        QCOMPARE(w.experimentPanel()->sourceText(), QStringLiteral("built-in synthetic time series"));
        QCOMPARE(w.experimentPanel()->dataset().kind, core::DataKind::TimeSeries);
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(60000));
        QVERIFY(w.result());
        auto* series = w.inspectionPanel()->seriesPlot();
        QCOMPARE(series->signalPlot()->graph(0)->dataCount(), 12000);
        QCOMPARE(series->signalPlot()->graph(1)->dataCount(), 12000);  // the reconstruction
        // Detected spans follow the threshold: every point above it is in exactly one span.
        w.inspectionPanel()->setThreshold(w.result()->evaluation.threshold * 0.5);
        size_t inSpans = 0;
        for (const auto& [a, b] : series->detected()) inSpans += b - a + 1;
        size_t above = 0;
        for (double s : w.result()->evaluation.scores) above += s > w.inspectionPanel()->threshold();
        QCOMPARE(inSpans, above);
        QVERIFY(above > 0);
        // alpha: the panel re-scores with the new weight, as core does.
        const auto before = w.result()->evaluation.scores;
        QCOMPARE(series->scorePartCount(), 2);  // USAD's two terms under the score
        QCOMPARE(w.inspectionPanel()->setTermBalance(1.0), QString());
        QCOMPARE(w.result()->config.model.termWeights, (std::vector<double>{1.0, 0.0}));
        QVERIFY(w.result()->evaluation.scores != before);
        auto reference = core::scoreSeries(*w.result()->model, w.result()->prepared.data, w.result()->config.data,
                                           w.result()->config.training.loss);
        QVERIFY(reference.ok());
        QCOMPARE(*reference, w.result()->evaluation.scores);
        QVERIFY(w.result()->evaluation.hasPointAdjusted);
        QVERIFY(w.inspectionPanel()->metricsText().contains(QStringLiteral("point-adjusted")));
    }

    void settingsNotOnTheFormSurviveThePanel() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.threshold = {core::ThresholdKind::Percentile, 97};
        config.model.kernelSize = 5;
        config.preprocessing.maxTrainSamples = 123;
        config.data.anomalyLabels = {"pvc"};
        w.experimentPanel()->setConfig(config);
        const auto back = w.experimentPanel()->config();
        QCOMPARE(core::toJson(back), core::toJson(config));
    }

    void failedLoadKeepsThePreviousData() {
        ui::MainWindow w;
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.csv"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("1,2,3\n4,5\n");
        f.close();
        const size_t before = w.experimentPanel()->dataset().size();
        const auto configBefore = core::toJson(w.experimentPanel()->config());
        w.openCsv(bad);
        QCOMPARE(w.experimentPanel()->dataset().size(), before);
        QCOMPARE(core::toJson(w.experimentPanel()->config()), configBefore);
        w.openCsv(dir.filePath(QStringLiteral("missing.csv")));
        QCOMPARE(w.experimentPanel()->dataset().size(), before);

        const QString good = dir.filePath(QStringLiteral("good.csv"));
        QFile g(good);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("a,b,label\n1,2,0\n3,4,1\n5,6,0\n");
        g.close();
        auto config = w.experimentPanel()->config();
        config.data.labelColumn = "label";
        w.experimentPanel()->setConfig(config);
        w.openCsv(good);
        QCOMPARE(w.experimentPanel()->dataset().size(), size_t{3});
        QVERIFY(w.recentFiles().contains(QFileInfo(good).absoluteFilePath()));
        QVERIFY(!w.recentFiles().contains(QFileInfo(bad).absoluteFilePath()));
    }

    void badInputCatalogue_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("fragment");
        const QByteArray gz = QByteArray::fromHex("1f8b0800000000000003");  // a gzip header, no stream
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("truncated gzip") << gz + QByteArray("\x4b\x4c\x4a", 3) << QStringLiteral("gzip");
        QTest::newRow("text in a numeric column") << QByteArray("a,b,class\n1,x,0\n") << QStringLiteral(":2:2");
        QTest::newRow("ragged rows") << QByteArray("a,b,class\n1,2,0\n3,4\n") << QStringLiteral(":3");
        QTest::newRow("NaN value") << QByteArray("a,b,class\n1,nan,0\n") << QStringLiteral("not finite");
        QTest::newRow("binary, not CSV") << QByteArray("\x00\x01\x02\x03garbage", 11) << QStringLiteral("binary data");
        QTest::newRow("IDX sizes do not match the file")
            << QByteArray("\x00\x00\x08\x03", 4) + be32(3) + be32(28) + be32(28) + QByteArray(100, 'x')
            << QStringLiteral("header announces");
        QTest::newRow("IDX announcing billions")
            << QByteArray("\x00\x00\x08\x03", 4) + be32(2000000000) + be32(28) + be32(28) + QByteArray(16, 'x')
            << QStringLiteral("2000000000, refused");
    }

    void badInputCatalogue() {
        // Through the GUI's loading path: a message naming the file, and nothing of the loaded
        // data or settings lost.
        QFETCH(QByteArray, bytes);
        QFETCH(QString, fragment);
        ui::MainWindow w;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("input.dat"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        f.close();
        const size_t before = w.experimentPanel()->dataset().size();
        const auto configBefore = core::toJson(w.experimentPanel()->config());
        const QString message = w.experimentPanel()->openCsv(path);
        QVERIFY2(message.contains(QStringLiteral("input.dat")), qPrintable(message));
        QVERIFY2(message.contains(fragment), qPrintable(message));
        QCOMPARE(w.experimentPanel()->dataset().size(), before);
        QCOMPARE(core::toJson(w.experimentPanel()->config()), configBefore);
        QVERIFY(w.experimentPanel()->problem().isEmpty());  // still trainable on what was loaded
    }

    void configFileCatalogue_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("not JSON") << QByteArray("{\"training\": ") << QStringLiteral("settings.json");
        QTest::newRow("unknown key") << QByteArray(R"({"training": {"epochz": 3}})") << QStringLiteral("epochz");
        QTest::newRow("wrong type") << QByteArray(R"({"training": {"epochs": "ten"}})") << QStringLiteral("training.epochs");
        QTest::newRow("negative batch size") << QByteArray(R"({"training": {"batch_size": -4}})")
                                             << QStringLiteral("training.batch_size");
        QTest::newRow("negative layer") << QByteArray(R"({"model": {"layers": [16, -4]}})")
                                        << QStringLiteral("model.layers");
        QTest::newRow("learning rate 1e9") << QByteArray(R"({"training": {"learning_rate": 1e9}})")
                                           << QStringLiteral("training.learning_rate");
        QTest::newRow("number overflow") << QByteArray(R"({"training": {"learning_rate": 1e99999}})")
                                         << QStringLiteral("settings.json");
        QTest::newRow("window over the bound") << QByteArray(R"({"data": {"window_length": 1000000}})")
                                               << QStringLiteral("data.window_length");
    }

    void configFileCatalogue() {
        // A settings file is applied whole or not at all: the form's fields would otherwise
        // clamp what the file said (1e9 shown as the field's maximum) without a word.
        QFETCH(QByteArray, json);
        QFETCH(QString, fragment);
        ui::MainWindow w;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        const auto before = core::toJson(w.experimentPanel()->config());
        QVERIFY(!w.applyConfigFile(path));
        QVERIFY2(w.statusText().contains(fragment), qPrintable(w.statusText()));
        QCOMPARE(core::toJson(w.experimentPanel()->config()), before);
        QVERIFY(w.experimentPanel()->problem().isEmpty());
    }

    void windowLongerThanTheSeriesIsExplainedOnTheForm() {
        ui::MainWindow w;
        auto config = *core::preset("synthetic-timeseries");
        config.data.windowLength = 16;
        w.experimentPanel()->setConfig(config);
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));
        const auto points = w.experimentPanel()->dataset().size();
        config.data.windowLength = static_cast<int>(points) + 1;
        w.experimentPanel()->setConfig(config);
        const QString why = w.experimentPanel()->problem();
        QVERIFY2(why.contains(QStringLiteral("data.window_length")) && why.contains(QStringLiteral("longer than the series")),
                 qPrintable(why));
        QVERIFY(w.experimentPanel()->highlightedField() != nullptr);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();  // refused: nothing starts
        QVERIFY(!w.controller()->running());
        QVERIFY(!done.wait(200));
    }

    void stopWhileScoringEndsTheRunAndKeepsThePreviousResult() {
        // 20,000 random 28x28 images, trained on 256 of them for one epoch: scoring (conv AE
        // over all 20,000) is the long stage. The stop is asked for as soon as it starts.
        QTemporaryDir dir;
        const int n = 20000;
        QByteArray images, labels;
        std::mt19937 rng(3);
        for (int i = 0; i < n * 28 * 28; ++i) images.append(char(rng() & 0xff));
        for (int i = 0; i < n; ++i) labels.append(char(i % 10 == 0 ? 1 : 0));
        const QString imagesPath = writeIdxPair(dir, QStringLiteral("noise"), 28, 28, images, labels);
        QVERIFY(!imagesPath.isEmpty());

        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.training.epochs = 2;
        w.experimentPanel()->setConfig(config);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();  // a first, normal run on the built-in data
        QVERIFY(done.wait(30000));
        const auto previous = w.result();
        QVERIFY(previous);

        config.data.normalLabels = {"0"};
        config.training.epochs = 1;
        config.training.batchSize = 64;
        config.preprocessing.maxTrainSamples = 256;
        config.model.family = "conv-ae";
        config.model.convChannels = {32, 64};
        config.model.latent = 32;
        w.experimentPanel()->setConfig(config);
        w.openCsv(imagesPath);
        QCOMPARE(w.experimentPanel()->dataset().size(), size_t(n));
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));
        QElapsedTimer timer;
        bool stopAsked = false;
        connect(w.controller(), &ui::TrainingController::stageChanged, this, [&](const QString& stage) {
            if (stage != QStringLiteral("scoring") || stopAsked) return;
            stopAsked = true;
            timer.start();
            w.requestStop();
        });
        QSignalSpy stopped(w.controller(), &ui::TrainingController::stopped);
        w.startTraining();
        QVERIFY(done.wait(60000));
        QVERIFY(stopAsked);
        QCOMPARE(stopped.count(), 1);
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QStringLiteral("stop took %1 ms").arg(timer.elapsed())));
        QVERIFY(!w.controller()->running());
        QCOMPARE(w.result(), previous);  // the earlier run is still the one shown
        QVERIFY2(w.statusText().contains(QStringLiteral("stopped while scoring")), qPrintable(w.statusText()));
        QCOMPARE(w.experimentPanel()->dataset().size(), size_t(n));  // data kept
        // and the window takes new work
        auto again = w.experimentPanel()->config();  // the IDX file's settings
        again.model.convChannels = {4, 8};
        again.model.latent = 4;
        again.preprocessing.maxTrainSamples = 64;
        w.experimentPanel()->setConfig(again);
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));
        w.startTraining();
        QVERIFY(w.controller()->running());
        QVERIFY(done.wait(60000));
        QVERIFY(w.result() != previous);
    }

    void invalidSettingsAreExplainedAtTheField() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.model.layers = {16, 0};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().contains(QStringLiteral("model.layers[1]")));
        QWidget* layers = w.experimentPanel()->highlightedField();
        QVERIFY(layers != nullptr);
        // The field's tooltip leads with the error and keeps its help, which comes from the
        // settings table (with the config key and the CLI flag); fixed, the help alone is back.
        QVERIFY(layers->toolTip().startsWith(w.experimentPanel()->problem()));
        QVERIFY(layers->toolTip().contains(QStringLiteral("Config: model.layers")));
        QVERIFY(layers->toolTip().contains(QStringLiteral("--layers")));
        config.model.layers = {16, 8};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().isEmpty());
        QVERIFY(!layers->toolTip().contains(QStringLiteral("model.layers[1]")));
        QVERIFY(layers->toolTip().contains(QStringLiteral("Config: model.layers")));
        config.model.family = "conv-ae";
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().contains(QStringLiteral("model.family")));
        config.model.family = "dense-ae";
        config.data.normalLabels = {"no-such-class"};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().contains(QStringLiteral("normal label 'no-such-class'")));
        config.data.normalLabels = {"normal"};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().isEmpty());
        QVERIFY(w.experimentPanel()->highlightedField() == nullptr);
    }

    void idxImagesTrainAndShowTheImageGrid() {
        // 8x8 images: class 0 horizontal bars (normal), class 1 vertical bars.
        QTemporaryDir dir;
        const int n = 120;
        QByteArray images, labels;
        for (int i = 0; i < n; ++i) {
            const bool vertical = i % 4 == 0;
            for (int y = 0; y < 8; ++y) {
                for (int x = 0; x < 8; ++x) {
                    const int line = vertical ? x : y;
                    images.append(char(line % 2 == (i / 4) % 2 ? 230 : 20));
                }
            }
            labels.append(char(vertical ? 1 : 0));
        }
        const QString imagesPath = writeIdxPair(dir, QStringLiteral("bars"), 8, 8, images, labels);
        QVERIFY(!imagesPath.isEmpty());

        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.data.normalLabels = {"0"};
        config.training.epochs = 40;
        config.training.batchSize = 16;
        config.training.noiseStd = 0.1;
        config.model.family = "conv-ae";
        config.model.convChannels = {8, 16};
        config.model.latent = 8;
        config.training.learningRate = 3e-3;
        w.experimentPanel()->setConfig(config);
        w.openCsv(imagesPath);
        QCOMPARE(w.experimentPanel()->dataset().kind, core::DataKind::Image);
        QCOMPARE(w.experimentPanel()->dataset().classCounts(), (std::vector<size_t>{90, 30}));
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        QVERIFY(w.result());
        QVERIFY(w.result()->evaluation.auroc > 0.9);  // vertical bars do not reconstruct
        auto* grid = w.inspectionPanel()->imageGrid();
        QCOMPARE(grid->rowCount(), 1 + 2 * 2);  // picked + lowest/highest of each class
        for (int c = 0; c < 4; ++c) QCOMPARE(grid->cell(0, c).size(), QSize(8, 8));
        QVERIFY(grid->cell(0, 0) != grid->cell(0, 1));  // noise shows in the noisy column
    }

    void imageFolderOpensResizedInColourAndTrains() {
        // 12x12 colour PNGs: red horizontal bars (normal) and blue vertical bars, read at 8x8 RGB.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("horizontal")) &&
                QDir(dir.path()).mkpath(QStringLiteral("vertical")));
        for (int i = 0; i < 96; ++i) {
            const bool vertical = i % 4 == 0;
            QImage img(12, 12, QImage::Format_RGB32);
            for (int y = 0; y < 12; ++y) {
                for (int x = 0; x < 12; ++x) {
                    const bool on = ((vertical ? x : y) / 3) % 2 == (i / 4) % 2;
                    img.setPixelColor(x, y, on ? (vertical ? QColor(20, 40, 230) : QColor(230, 40, 20)) : QColor(10, 10, 10));
                }
            }
            QVERIFY(img.save(dir.filePath(QStringLiteral("%1/%2.png").arg(vertical ? "vertical" : "horizontal").arg(i))));
        }
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.data.normalLabels = {"horizontal"};
        config.data.imageWidth = 8;
        config.data.imageHeight = 8;
        config.data.imageChannels = 3;
        config.training.epochs = 40;
        config.training.batchSize = 16;
        config.model.family = "conv-ae";
        config.model.convChannels = {8, 16};
        config.model.latent = 8;
        config.training.learningRate = 3e-3;
        w.experimentPanel()->setConfig(config);
        w.openPath(dir.path());  // a folder without config.json is images, not a run
        const auto& d = w.experimentPanel()->dataset();
        QCOMPARE(d.kind, core::DataKind::Image);
        QCOMPARE(d.sampleShape, (std::vector<int64_t>{3, 8, 8}));
        QCOMPARE(d.classNames, (std::vector<std::string>{"horizontal", "vertical"}));
        QCOMPARE(d.classCounts(), (std::vector<size_t>{72, 24}));
        QCOMPARE(w.experimentPanel()->config().data.imageChannels, 3);
        QVERIFY2(w.experimentPanel()->problem().isEmpty(), qPrintable(w.experimentPanel()->problem()));

        // A broken image in the folder: a message naming it, and the loaded images stay.
        QFile broken(dir.filePath(QStringLiteral("vertical/zz-broken.png")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\x89PNG not really");
        broken.close();
        const QString message = w.experimentPanel()->openCsv(dir.path());
        QVERIFY2(message.contains(QStringLiteral("zz-broken.png")), qPrintable(message));
        w.openPath(dir.path());  // through the window too: the error is shown, nothing is lost
        QCOMPARE(w.experimentPanel()->dataset().size(), size_t(96));
        QVERIFY(broken.remove());

        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        QVERIFY(w.result());
        QVERIFY(w.result()->evaluation.auroc > 0.9);
        auto* grid = w.inspectionPanel()->imageGrid();
        QCOMPARE(grid->cell(0, 0).size(), QSize(8, 8));
        QVERIFY(grid->cell(0, 0).allGray() == false);  // shown in colour
    }

    void aCliRunOpensInTheGui() {
        QTemporaryDir dir;
        auto config = *core::preset("synthetic-heartbeats");
        config.training.epochs = 2;
        auto r = core::runExperiment(config);
        QVERIFY(r.ok());
        const QString runDir = dir.filePath(QStringLiteral("cli-run"));
        QVERIFY(core::writeRunDirectory(runDir.toStdString(), *r).ok());
        ui::MainWindow w;
        QVERIFY(w.openRun(runDir));
        const auto m = w.inspectionPanel()->confusion()->matrix();
        QCOMPARE(m.tp, r->evaluation.metrics.confusion.tp);
        QCOMPARE(m.fp, r->evaluation.metrics.confusion.fp);
        QCOMPARE(m.tn, r->evaluation.metrics.confusion.tn);
        QCOMPARE(w.inspectionPanel()->threshold(), r->evaluation.threshold);
        QCOMPARE(w.lossPlot()->pointCount(), 2);
        QCOMPARE(w.inspectionPanel()->showExtremeOf(0, true) >= 0, true);
    }

    void savedRunReopensWithTheSameNumbers() {
        QTemporaryDir dir;
        const QString runDir = dir.filePath(QStringLiteral("run"));
        QString metrics;
        core::ConfusionMatrix matrix;
        double threshold = 0;
        {
            ui::MainWindow w;
            auto config = w.experimentPanel()->config();
            config.training.epochs = 3;
            w.experimentPanel()->setConfig(config);
            QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
            w.startTraining();
            QVERIFY(done.wait(30000));
            w.inspectionPanel()->setThreshold(w.inspectionPanel()->threshold() * 1.1);  // a manual line
            metrics = w.inspectionPanel()->metricsText();
            matrix = w.inspectionPanel()->confusion()->matrix();
            threshold = w.inspectionPanel()->threshold();
            QVERIFY(w.saveRun(runDir));
        }
        ui::MainWindow reopened;
        QVERIFY(reopened.openRun(runDir));
        QCOMPARE(reopened.inspectionPanel()->threshold(), threshold);
        QCOMPARE(reopened.inspectionPanel()->metricsText(), metrics);
        QCOMPARE(reopened.inspectionPanel()->confusion()->matrix().tp, matrix.tp);
        QCOMPARE(reopened.inspectionPanel()->confusion()->matrix().fp, matrix.fp);
        QCOMPARE(reopened.lossPlot()->pointCount(), 3);
        QVERIFY(reopened.compareWithRun(runDir));
        QCOMPARE(reopened.lossPlot()->comparisonPointCount(), 3);
        QVERIFY(!reopened.compareWithRun(dir.filePath(QStringLiteral("nothing-here"))));
        QVERIFY(!reopened.openRun(dir.filePath(QStringLiteral("nothing-here"))));
        QCOMPARE(reopened.inspectionPanel()->threshold(), threshold);  // state kept
    }

    void hostileFilesKeepTheWindowAndItsResult() {
        QTemporaryDir dir;
        // A Latin-1 header ("données"): trained, saved and reopened, not thrown away at the save.
        const QString csv = dir.filePath(QStringLiteral("latin1.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("donn\xe9" "es,b,kind\n");
            for (int i = 0; i < 60; ++i) f.write(QByteArray::number(i % 10 / 10.0) + "," + QByteArray::number(i % 7 / 7.0) + ",normal\n");
            for (int i = 0; i < 8; ++i) f.write(QByteArray::number(5 + i) + ",-4,odd\n");
        }
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.data.labelColumn = "kind";
        config.data.normalLabels = {"normal"};
        config.training.epochs = 2;
        w.experimentPanel()->setConfig(config);
        w.openCsv(csv);
        QCOMPARE(w.experimentPanel()->dataset().size(), size_t{68});
        QCOMPARE(w.experimentPanel()->dataset().featureNames[0], std::string("donn\xc3\xa9" "es"));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        const QString runDir = dir.filePath(QStringLiteral("run"));
        QVERIFY(w.saveRun(runDir));
        QVERIFY(QFile(runDir + QStringLiteral("/scaler.json")).exists());
        const double threshold = w.inspectionPanel()->threshold();
        // The same run damaged: refused naming the file, the window keeps what it shows.
        QFile m(runDir + QStringLiteral("/metrics.json"));
        QVERIFY(m.open(QIODevice::ReadOnly));
        QByteArray metrics = m.readAll();
        m.close();
        metrics.replace(QByteArray("\"threshold\": "), QByteArray("\"threshold\": \"high\", \"was\": "));
        QVERIFY(m.open(QIODevice::WriteOnly | QIODevice::Truncate));
        m.write(metrics);
        m.close();
        QVERIFY(!w.openRun(runDir));
        QCOMPARE(w.inspectionPanel()->threshold(), threshold);
        QVERIFY(w.result() != nullptr);
        // A FIFO with no writer: refused at once (before, the window blocked in open()).
        const QString fifo = dir.filePath(QStringLiteral("pipe.csv"));
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        QElapsedTimer clock;
        clock.start();
        w.openCsv(fifo);
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(w.experimentPanel()->dataset().size(), size_t{68});
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

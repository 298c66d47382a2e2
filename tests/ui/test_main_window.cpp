// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/plots/confusion_plot.h"
#include "ui/plots/loss_plot.h"
#include "ui/workers/training_controller.h"

using namespace awb;

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

    void invalidSettingsAreExplainedAtTheField() {
        ui::MainWindow w;
        auto config = w.experimentPanel()->config();
        config.model.layers = {16, 0};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().contains(QStringLiteral("model.layers[1]")));
        QVERIFY(w.experimentPanel()->highlightedField() != nullptr);
        config.model.layers = {16, 8};
        config.data.normalLabels = {"no-such-class"};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().contains(QStringLiteral("normal label 'no-such-class'")));
        config.data.normalLabels = {"normal"};
        w.experimentPanel()->setConfig(config);
        QVERIFY(w.experimentPanel()->problem().isEmpty());
        QVERIFY(w.experimentPanel()->highlightedField() == nullptr);
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
        QVERIFY(!reopened.openRun(dir.filePath(QStringLiteral("nothing-here"))));
        QCOMPARE(reopened.inspectionPanel()->threshold(), threshold);  // state kept
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include <qcustomplot.h>

#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "ui/main_window.h"
#include "ui/panels/compare_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/latent_panel.h"
#include "ui/plots/loss_plot.h"
#include "ui/recent_runs.h"
#include "ui/workers/training_controller.h"

using namespace awb;

/// The compare window on four real runs: Adam and SGD, seeds 1 and 2 each.
class TestCompareWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString runs() const { return dir_.filePath(QStringLiteral("runs")); }

    static int column(QTableWidget* t, const QString& title) {
        for (int c = 0; c < t->columnCount(); ++c)
            if (t->horizontalHeaderItem(c)->text() == title) return c;
        return -1;
    }

    static bool load(ui::CompareWindow& w, const QStringList& paths) {
        QSignalSpy loaded(&w, &ui::CompareWindow::loaded);
        QSignalSpy failed(&w, &ui::CompareWindow::failed);
        w.addPaths(paths);
        for (int i = 0; i < 300 && loaded.isEmpty() && failed.isEmpty(); ++i) QTest::qWait(50);
        return !loaded.isEmpty();
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(
            true);  // QSettings (recent runs) go to a throw-away place
        QSettings().remove(QStringLiteral("recent/runs"));
        QVERIFY(dir_.isValid());
        for (const char* optimizer : {"adam", "sgd"}) {
            for (int seed : {1, 2}) {
                core::ExperimentConfig c = *core::preset("synthetic-heartbeats");
                c.training.epochs = 3;
                c.training.seed = uint64_t(seed);
                c.training.optimizer = QByteArray(optimizer) == "adam" ? core::OptimizerKind::Adam
                                                                       : core::OptimizerKind::Sgd;
                auto r = core::runExperiment(c);
                QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
                const QString out =
                    QStringLiteral("%1/%2/seed-%3").arg(runs()).arg(optimizer).arg(seed);
                QVERIFY(QDir().mkpath(QFileInfo(out).path()));
                QVERIFY(core::writeRunDirectory(out.toStdString(), *r).ok());
            }
        }
    }

    void groupsBySeedWithMeanAndStd() {
        ui::CompareWindow w;
        w.resize(1000, 700);
        w.show();
        QVERIFY(load(w, {runs()}));
        QCOMPARE(w.comparison().runs.size(), size_t(4));
        QVERIFY2(w.statusText().contains(QStringLiteral("4 runs in 2 groups")),
                 qPrintable(w.statusText()));
        QVERIFY(w.statusText().contains(QStringLiteral("training.optimizer")));
        QTableWidget* t = w.table();
        QCOMPARE(t->rowCount(), 2);
        const int opt = column(t, QStringLiteral("optimizer"));
        const int auroc = column(t, QStringLiteral("AUROC"));
        const int seeds = column(t, QStringLiteral("seeds"));
        QVERIFY(opt >= 0 && auroc >= 0 && seeds >= 0);
        QCOMPARE(t->item(0, seeds)->text(), QStringLiteral("1,2"));
        QVERIFY2(t->item(0, auroc)->text().contains(QStringLiteral(" ± ")),
                 qPrintable(t->item(0, auroc)->text()));
        // The cell is the group's mean: the same figure as the core comparison's.
        const auto& g = w.comparison().groups[0];
        QCOMPARE(t->item(0, auroc)->text().section(QLatin1Char(' '), 0, 0),
                 QString::number(g.metrics.at("auroc").mean, 'f', 4));
        // Sorting by AUROC (best first) puts the group with the higher mean on top.
        t->sortItems(auroc, Qt::DescendingOrder);
        const double top = t->item(0, auroc)->data(Qt::UserRole).toDouble();
        const double next = t->item(1, auroc)->data(Qt::UserRole).toDouble();
        QVERIFY(top >= next);

        // One band per group on the loss plot, a ROC curve per run, a histogram per run on one
        // error axis (or each its own).
        QCOMPARE(w.lossBandCount(), 2);
        QCOMPARE(w.rocCurveCount(), 4);
        QCOMPARE(w.histogramCount(), 4);
        QCOMPARE(w.histogramRange(0).lower, w.histogramRange(3).lower);
        QCOMPARE(w.histogramRange(0).upper, w.histogramRange(3).upper);
        w.setLossSeries(QStringLiteral("validation"));
        w.setLossSmoothing(0.6);
        QCOMPARE(w.lossBandCount(), 2);

        // One row per run: a double-click asks to open that run.
        w.setPerRun(true);
        QCOMPARE(t->rowCount(), 4);
        QSignalSpy open(&w, &ui::CompareWindow::openRunRequested);
        Q_EMIT t->cellDoubleClicked(0, 0);
        QCOMPARE(open.size(), 1);
        QVERIFY(QFileInfo::exists(open[0][0].toString() + QStringLiteral("/metrics.json")));

        const QString csv = dir_.filePath(QStringLiteral("compare.csv"));
        QVERIFY(w.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readLine().startsWith("training.optimizer,runs,seeds,auroc_mean"));
    }

    void aFolderWithoutRunsIsNamedAndTheRunsStay() {
        ui::CompareWindow w;
        QVERIFY(load(w, {runs() + QStringLiteral("/adam")}));
        QCOMPARE(w.comparison().runs.size(), size_t(2));
        QCOMPARE(w.table()->rowCount(), 1);  // differ only in seed: one group, "all runs"
        const QString empty = dir_.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        QSignalSpy failed(&w, &ui::CompareWindow::failed);
        w.addPaths({empty});
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed[0][0].toString().contains(empty + QStringLiteral(": no run directories")),
                 qPrintable(failed[0][0].toString()));
        QCOMPARE(w.comparison().runs.size(), size_t(2));  // what was shown stays
        QVERIFY(!w.paths().contains(empty));
        // The environment: a run that ran on other threads is said below the table.
        QFile m(runs() + QStringLiteral("/sgd/seed-2/metrics.json"));
        QVERIFY(m.open(QIODevice::ReadOnly));
        QByteArray text = m.readAll();
        m.close();
        text.replace("\"threads\": ", "\"threads\": 9");  // 9 before the real count: another figure
        QVERIFY(m.open(QIODevice::WriteOnly | QIODevice::Truncate));
        m.write(text);
        m.close();
        QVERIFY(load(w, {runs() + QStringLiteral("/sgd")}));
        QCOMPARE(w.comparison().runs.size(), size_t(4));
        QVERIFY2(w.noteText().contains(QStringLiteral("threads:")), qPrintable(w.noteText()));
    }

    void recentRunsAreOfferedAndAdded() {
        QSettings().remove(QStringLiteral("recent/runs"));
        const QString adam1 = runs() + QStringLiteral("/adam/seed-1");
        const QString sgd = runs() + QStringLiteral("/sgd");
        ui::rememberRun(adam1);
        ui::rememberRun(dir_.filePath(QStringLiteral("gone")));  // not on disk: left out
        ui::rememberRun(sgd);
        ui::rememberRun(adam1);  // again: moves first, counted once
        QCOMPARE(ui::recentRuns(), (QStringList{adam1, sgd}));
        ui::CompareWindow w;
        QCOMPARE(w.recentChoices(), (QStringList{adam1, sgd}));
        QVERIFY(load(w, {sgd}));
        QCOMPARE(w.recentChoices(), QStringList{adam1});  // what is shown is not offered again
        // The button's menu lists the choices; picking one adds it.
        QPushButton* button = nullptr;
        for (auto* b : w.findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Recent runs")) button = b;
        QVERIFY(button && button->menu());
        Q_EMIT button->menu()->aboutToShow();
        const auto actions = button->menu()->actions();
        QVERIFY(actions.size() >= 1);
        QCOMPARE(actions[0]->text(), adam1);
        QSignalSpy loaded(&w, &ui::CompareWindow::loaded);
        actions[0]->trigger();
        QVERIFY(loaded.wait(15000));
        QCOMPARE(w.comparison().runs.size(), size_t(3));
        QVERIFY(w.recentChoices().isEmpty());
        // Compared folders become recent too (newest first).
        QCOMPARE(ui::recentRuns().size(), 2);
        // Folders gone from disk leave the stored list at the next remember; at most 12 stay.
        QVERIFY(!QSettings()
                     .value(QStringLiteral("recent/runs"))
                     .toStringList()
                     .contains(dir_.filePath(QStringLiteral("gone"))));
        for (int i = 0; i < ui::kMaxRecentRuns + 3; ++i) {
            const QString r = dir_.filePath(QStringLiteral("r%1").arg(i));
            QVERIFY(QDir().mkpath(r));
            ui::rememberRun(r);
        }
        QCOMPARE(QSettings().value(QStringLiteral("recent/runs")).toStringList().size(),
                 ui::kMaxRecentRuns);
        QSettings().remove(QStringLiteral("recent/runs"));
    }

    void theMainWindowOpensOneCompareWindow() {
        ui::MainWindow main;
        auto* a = main.compareRuns({runs()});
        auto* b = main.compareRuns({runs() + QStringLiteral("/adam")});
        QCOMPARE(a, b);
        QSignalSpy loaded(a, &ui::CompareWindow::loaded);
        QVERIFY(loaded.wait(15000) || !a->busy());
        QCOMPARE(a->paths().size(), 2);
        QCOMPARE(a->comparison().runs.size(), size_t(4));  // the second folder is inside the first
    }

    void repeatOverSeedsWritesEachSeedAndOpensCompare() {
        ui::MainWindow main;
        QVERIFY(main.loadPreset(QStringLiteral("synthetic-heartbeats")));
        core::ExperimentConfig c = main.experimentPanel()->config();
        c.training.epochs = 2;
        main.experimentPanel()->setConfig(c);
        const QString folder = dir_.filePath(QStringLiteral("repeat"));
        // Bad seeds are refused with the reason; nothing runs.
        QVERIFY(!main.startRepeat(QStringLiteral("3-1"), folder));
        QVERIFY2(main.statusText().contains(QStringLiteral("ends before it starts")),
                 qPrintable(main.statusText()));
        QVERIFY(!main.controller()->running());
        QSignalSpy done(main.controller(), &ui::TrainingController::repeatFinished);
        QSignalSpy starts(main.controller(), &ui::TrainingController::sweepClassStarted);
        QVERIFY(main.startRepeat(QStringLiteral("4,7"), folder));
        QVERIFY(main.controller()->repeating());
        QVERIFY(done.wait(60000));
        QCOMPARE(done[0][1].toInt(), 2);
        QCOMPARE(done[0][2].toBool(), false);
        QCOMPARE(starts.size(), 2);
        QCOMPARE(starts[1][2].toString(), QStringLiteral("seed 7"));
        QVERIFY(!main.controller()->repeating());
        for (const char* seed : {"seed-4", "seed-7"})
            QVERIFY(QFileInfo::exists(folder + QLatin1Char('/') + QLatin1String(seed) +
                                      QStringLiteral("/metrics.json")));
        QVERIFY(QFile(folder + QStringLiteral("/seed-7/config.json")).open(QIODevice::ReadOnly));
        auto* compare = main.findChild<ui::CompareWindow*>();
        QVERIFY(compare);
        QSignalSpy loaded(compare, &ui::CompareWindow::loaded);
        QVERIFY(loaded.wait(15000) || !compare->busy());
        QCOMPARE(compare->comparison().runs.size(), size_t(2));
        QCOMPARE(compare->comparison().groups.size(), size_t(1));
        QCOMPARE(compare->comparison().groups[0].seeds, (std::vector<uint64_t>{4, 7}));
        QVERIFY2(main.statusText().contains(QStringLiteral("Repeat done: 2 runs written to")),
                 qPrintable(main.statusText()));
        QVERIFY(ui::recentRuns().contains(QFileInfo(folder).absoluteFilePath()));
    }

    void continueTrainingGoesOnFromTheResult() {
        ui::MainWindow main;
        QVERIFY(!main.continueTraining(2));  // nothing trained yet
        QVERIFY(main.loadPreset(QStringLiteral("synthetic-heartbeats")));
        core::ExperimentConfig c = main.experimentPanel()->config();
        c.training.epochs = 2;
        c.threads = 1;
        main.experimentPanel()->setConfig(c);
        QSignalSpy finished(main.controller(), &ui::TrainingController::finished);
        main.startTraining();
        QVERIFY(finished.wait(60000));
        QCOMPARE(main.result()->training.history.size(), size_t(2));
        QVERIFY(main.continueTraining(3));
        QVERIFY(finished.wait(60000));
        const auto r = main.result();
        QCOMPARE(r->training.history.size(), size_t(5));
        QCOMPARE(r->training.history.back().epoch, 5);
        QCOMPARE(r->config.training.epochs, 5);
        QCOMPARE(main.lossPlot()->pointCount(),
                 5);  // the earlier curve kept, the new epochs after it
        // The same as one training of 5 epochs.
        c.training.epochs = 5;
        auto whole = core::runExperiment(c);
        QVERIFY(whole.ok());
        QCOMPARE(r->evaluation.scores, whole->evaluation.scores);
    }

    void theLatentSpaceShowsTheTestSamplesAndTheirDecisions() {
        ui::MainWindow main;
        QVERIFY(main.loadPreset(QStringLiteral("blobs-class0")));
        auto* latent = main.latentPanel();
        QSignalSpy ready(latent, &ui::LatentPanel::ready);
        QSignalSpy finished(main.controller(), &ui::TrainingController::finished);
        // During training the view follows the previews' codes (connected after the window's
        // own connection, so this sees the view the preview drew).
        int livePreviews = 0, liveDrawn = 0;
        connect(
            main.controller(), &ui::TrainingController::previewed, latent,
            [&](const core::LivePreview& p) {
                ++livePreviews;
                if (latent->live() && latent->pointCount() == int(p.codeX.size()) &&
                    !p.codeX.empty() &&
                    latent->noteText().contains(QStringLiteral("Training, epoch %1").arg(p.epoch)))
                    ++liveDrawn;
            });
        main.tabs()->setCurrentWidget(latent);  // watched: the previews carry the codes
        main.startTraining();
        QCOMPARE(main.tabs()->currentWidget(), static_cast<QWidget*>(latent));  // it stays
        QVERIFY(finished.wait(60000));
        QVERIFY(livePreviews >= 1);
        QCOMPARE(liveDrawn, livePreviews);
        QVERIFY(!latent->live());  // the result's view replaced it
        QCOMPARE(main.tabs()->currentWidget(), static_cast<QWidget*>(latent));  // still watched
        QVERIFY(ready.wait(30000) || !latent->busy());
        const auto r = main.result();
        const int tests = int(r->prepared.split.test.size());
        QCOMPARE(latent->pointCount(), tests);
        QVERIFY2(latent->noteText().contains(QStringLiteral("codes (2 units)")),
                 qPrintable(latent->noteText()));
        int anomalies = 0;
        for (size_t row : r->prepared.split.test) anomalies += r->prepared.anomaly[row];
        QCOMPARE(latent->groupCount(QStringLiteral("caught")) +
                     latent->groupCount(QStringLiteral("missed")),
                 anomalies);
        // A threshold above every score: every anomaly missed, no false alarm.
        main.inspectionPanel()->setThreshold(1e9);
        QCOMPARE(latent->groupCount(QStringLiteral("missed")), anomalies);
        QCOMPARE(latent->groupCount(QStringLiteral("false alarm")), 0);
        // By class; then the inputs (15 values).
        latent->setColouring(QStringLiteral("class"));
        QCOMPARE(latent->groupCount(QStringLiteral("class 1")), anomalies);
        latent->setSpace(QStringLiteral("inputs"));
        QVERIFY(ready.wait(30000) || !latent->busy());
        QVERIFY2(latent->noteText().contains(QStringLiteral("inputs (15 values)")),
                 qPrintable(latent->noteText()));
        QCOMPARE(latent->pointCount(), tests);
        // A click on a point picks its sample in the inspector.
        QSignalSpy clicked(latent, &ui::LatentPanel::sampleClicked);
        auto* plottable = latent->plot()->plottable(0);
        QVERIFY(plottable);
        Q_EMIT latent->plot()->plottableClick(plottable, 0, nullptr);
        QCOMPARE(clicked.size(), 1);
        const int sample = clicked[0][0].toInt();
        QVERIFY(std::find(r->prepared.split.test.begin(), r->prepared.split.test.end(),
                          size_t(sample)) != r->prepared.split.test.end());
        QCOMPARE(main.tabs()->currentWidget(), static_cast<QWidget*>(main.inspectionPanel()));
        // A training preview's points name no sample of the result yet: clicks wait.
        latent->setSpace(QStringLiteral("codes"));
        QVERIFY(ready.wait(30000) || !latent->busy());
        core::LivePreview preview;
        preview.epoch = 3;
        preview.rows = {0, 1, 2};
        preview.anomaly = {0, 1, 0};
        preview.codeX = {0.1, 0.2, 0.3};
        preview.codeY = {1, 0, -1};
        preview.codeDims = 2;
        latent->showLive(preview);
        QVERIFY(latent->live());
        QCOMPARE(latent->pointCount(), 3);
        QCOMPARE(latent->groupCount(QStringLiteral("anomaly")), 1);
        latent->setColouring(QStringLiteral("decision"));  // a redraw keeps the preview's points
        QCOMPARE(latent->pointCount(), 3);
        QVERIFY(latent->live());
        Q_EMIT latent->plot()->plottableClick(latent->plot()->plottable(0), 0, nullptr);
        QCOMPARE(clicked.size(), 1);  // no second click reported
    }
};

QTEST_MAIN(TestCompareWindow)
#include "test_compare_window.moc"

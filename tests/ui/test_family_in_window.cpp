// SPDX-License-Identifier: GPL-3.0-or-later
// A family registered from outside core appears in the window, trains through its controller (two
// phases, both groups' losses plotted), and is saved and opened again.
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "../common/toy_families.h"
#include "core/experiment/presets.h"
#include "ui/main_window.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/plots/loss_plot.h"

using namespace awb;

class TestFamilyInWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(
            true);  // QSettings (recent runs) go to a throw-away place
        test::registerToyFamilies();
    }

    void aRegisteredFamilyTrainsSavesAndOpensInTheWindow() {
        ui::MainWindow w;
        auto config = *core::preset("synthetic-heartbeats");
        config.model.family = "toy-two-phase";
        config.training.batchSize = 64;
        w.experimentPanel()->setConfig(config);
        // The family list comes from the registry: the panel offers the new family.
        QCOMPARE(w.experimentPanel()->config().model.family, std::string("toy-two-phase"));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(60000));
        QVERIFY(w.result());
        QCOMPARE(w.result()->training.history.size(), size_t(3));
        QCOMPARE(w.result()->training.history[2].phase, std::string("decoder"));
        QTRY_COMPARE_WITH_TIMEOUT(w.lossPlot()->pointCount(), 3, 5000);
        QCOMPARE(w.lossPlot()->groupLineCount(), 2);      // A and B
        if (qEnvironmentVariableIsSet("AWB_PLOT_DIR")) {  // to look at: AWB_PLOT_DIR=/tmp
            QVERIFY(w.lossPlot()->savePng(
                qEnvironmentVariable("AWB_PLOT_DIR") + QStringLiteral("/toy-loss.png"), 700, 350));
        }
        const QString metrics = w.inspectionPanel()->metricsText();
        QVERIFY(!metrics.isEmpty());

        QTemporaryDir dir;
        const QString runDir = dir.filePath(QStringLiteral("toy-run"));
        QVERIFY(w.saveRun(runDir));
        ui::MainWindow reopened;
        QVERIFY(reopened.openRun(runDir));
        QCOMPARE(reopened.result()->config.model.family, std::string("toy-two-phase"));
        QCOMPARE(reopened.lossPlot()->groupLineCount(), 2);
        QCOMPARE(reopened.inspectionPanel()->metricsText(), metrics);
        // Two score terms: the balance control is on and re-scores.
        QCOMPARE(reopened.inspectionPanel()->setTermBalance(1.0), QString());
        QCOMPARE(reopened.result()->config.model.termWeights, (std::vector<double>{1.0, 0.0}));
    }
};

QTEST_MAIN(TestFamilyInWindow)
#include "test_family_in_window.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCheckBox>
#include <QtTest>

#include "core/evaluation/metrics.h"
#include "core/experiment/presets.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/search_replay_dialog.h"
#include "ui/plots/confusion_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/threshold_line.h"

using namespace awb;

class TestInspectionPanel : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<core::ExperimentResult> result_;

    core::ConfusionMatrix expectedAt(double threshold) const {
        std::vector<double> s;
        std::vector<uint8_t> a;
        for (size_t i : result_->prepared.split.test) {
            s.push_back(result_->evaluation.scores[i]);
            a.push_back(result_->prepared.anomaly[i]);
        }
        return core::confusionAt(s, a, threshold);
    }

    /// A panel on screen with the result, its histogram laid out so pixels map to values.
    std::unique_ptr<ui::InspectionPanel> shownPanel() {
        auto panel = std::make_unique<ui::InspectionPanel>();
        panel->resize(1200, 800);
        panel->show();
        if (!QTest::qWaitForWindowExposed(panel.get())) return nullptr;
        panel->setResult(result_);
        panel->histogram()->replot(QCustomPlot::rpImmediateRefresh);
        return panel;
    }

private Q_SLOTS:
    void initTestCase() {
        auto config = *core::preset("synthetic-heartbeats");
        config.training.epochs = 5;
        auto r = core::runExperiment(config);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        result_ = std::make_shared<core::ExperimentResult>(std::move(*r));
    }

    void typedThresholdMovesConfusionMatrix() {
        ui::InspectionPanel panel;
        panel.setResult(result_);
        const auto before = panel.confusion()->matrix();
        QCOMPARE(before.tp + before.fp + before.tn + before.fn, result_->evaluation.testCount);
        panel.setThreshold(1e9);  // nothing flagged
        QCOMPARE(panel.confusion()->matrix().tp, size_t{0});
        QCOMPARE(panel.confusion()->matrix().fp, size_t{0});
        QCOMPARE(panel.confusion()->matrix().fn, result_->evaluation.testAnomalies);
        panel.setThreshold(-1);  // everything flagged
        QCOMPARE(panel.confusion()->matrix().tn, size_t{0});
        QCOMPARE(panel.confusion()->matrix().tp, result_->evaluation.testAnomalies);
        QVERIFY(panel.metricsText().contains(QStringLiteral("AUROC")));
    }

    void draggingTheLineMovesEverything() {
        auto shown = shownPanel();
        QVERIFY(shown);
        ui::InspectionPanel& panel = *shown;
        auto* plot = panel.histogram();
        const double start = panel.threshold();
        const int y = plot->axisRect()->center().y();
        const QPoint from(qRound(plot->xAxis->coordToPixel(start)), y);
        const QCPRange range = plot->xAxis->range();
        const double target = range.lower + 0.8 * range.size();
        const QPoint to(qRound(plot->xAxis->coordToPixel(target)), y);
        QSignalSpy spy(&panel, &ui::InspectionPanel::thresholdChanged);
        QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(plot, (from + to) / 2);
        QTest::mouseMove(plot, to);
        QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, to);
        QVERIFY(spy.count() >= 1);
        QVERIFY(std::abs(panel.threshold() - target) < range.size() / 50);
        QVERIFY(std::abs(plot->threshold() - panel.threshold()) < 1e-12);
        const auto expected = expectedAt(panel.threshold());
        QCOMPARE(panel.confusion()->matrix().tp, expected.tp);
        QCOMPARE(panel.confusion()->matrix().fp, expected.fp);
        QCOMPARE(panel.confusion()->matrix().fn, expected.fn);
        QVERIFY(panel.confusion()->matrix().fn != expectedAt(start).fn ||
                panel.confusion()->matrix().fp != expectedAt(start).fp);
    }

    void clickAwayFromLineDoesNotMoveIt() {
        auto shown = shownPanel();
        QVERIFY(shown);
        ui::InspectionPanel& panel = *shown;
        auto* plot = panel.histogram();
        const double start = panel.threshold();
        const QPoint far(qRound(plot->xAxis->coordToPixel(start)) + 80, plot->axisRect()->center().y());
        QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, far);
        QTest::mouseMove(plot, far + QPoint(40, 0));
        QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, far + QPoint(40, 0));
        QCOMPARE(panel.threshold(), start);
    }

    void histogramCountsEveryTestSample() {
        ui::InspectionPanel panel;
        panel.setResult(result_);
        double total = 0;
        for (int g = 0; g < 2; ++g) {
            for (int b = 0; b < 60; ++b) total += panel.histogram()->barValue(g, b);
        }
        QCOMPARE(total, double(result_->evaluation.testCount));
    }

    /// Counts are linear when both classes are common, log when one is rare (under 5 % of the
    /// other, as fraud is), and the box says which.
    void aRareClassGetsLogCounts() {
        ui::InspectionPanel panel;
        panel.setResult(result_);
        auto* box = panel.findChild<QCheckBox*>();
        QVERIFY(box && box->text().contains(QStringLiteral("log")));
        QVERIFY(!panel.histogram()->logCounts());
        QVERIFY(!box->isChecked());
        const auto anomaly = result_->prepared.anomaly;  // put back below
        size_t kept = 0;
        for (size_t i : result_->prepared.split.test) {
            if (result_->prepared.anomaly[i] && ++kept > 3) result_->prepared.anomaly[i] = 0;
        }
        ui::InspectionPanel rarePanel;  // a new run for this panel
        rarePanel.setResult(result_);
        QVERIFY(kept > 3);
        auto* rareBox = rarePanel.findChild<QCheckBox*>();
        QVERIFY(rarePanel.histogram()->logCounts());
        QVERIFY(rareBox->isChecked());
        rareBox->setChecked(false);  // the reader's choice
        QVERIFY(!rarePanel.histogram()->logCounts());
        rarePanel.setResult(result_);  // the same run again (re-weighted terms): the choice stays
        QVERIFY(!rarePanel.histogram()->logCounts());
        QVERIFY(!rareBox->isChecked());
        result_->prepared.anomaly = anomaly;
    }

    /// AnoGAN's search of the picked sample replays step by step in a dialog (run on a thread of
    /// its own): the frames arrive, the slider and Play walk them to the last one, the score the
    /// run gave. Other families have no replay button.
    void anAnoGanSearchReplaysStepByStep() {
        auto config = *core::preset("synthetic-heartbeats");
        config.model.family = "anogan";
        config.model.layers = {32};
        config.model.latent = 4;
        config.model.searchSteps = 30;
        config.model.termWeights.clear();
        config.training.epochs = 2;
        auto r = core::runExperiment(config);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        auto anogan = std::make_shared<core::ExperimentResult>(std::move(*r));
        auto panel = shownPanel();
        QVERIFY(panel);
        QVERIFY(!panel->openSearchReplay());  // the dense AE's run: nothing to replay
        panel->setResult(anogan);
        const int sample = int(anogan->prepared.split.test.front());
        panel->showSample(sample);
        QVERIFY(panel->openSearchReplay());
        auto* dialog = qobject_cast<ui::SearchReplayDialog*>(panel->searchReplayDialog());
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->ready(), 30000);
        const int frames = dialog->frameCount();
        QVERIFY2(frames >= 15 && frames <= 26, qPrintable(QString::number(frames)));
        QVERIFY2(dialog->statusText().contains(QStringLiteral("what the run scored")),
                 qPrintable(dialog->statusText()));
        dialog->showFrame(5);
        QCOMPARE(dialog->currentFrame(), 5);
        dialog->play();
        QVERIFY(dialog->playing());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->currentFrame(), frames - 1, 10000);
        QTRY_VERIFY(!dialog->playing());
        const auto shot = qEnvironmentVariable("AWB_REPLAY_SHOT");
        if (!shot.isEmpty()) dialog->grab().save(shot);
        dialog->close();
    }
};

QTEST_MAIN(TestInspectionPanel)
#include "test_inspection_panel.moc"

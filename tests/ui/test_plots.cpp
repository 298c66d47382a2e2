// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <QTemporaryDir>

#include "ui/plots/confusion_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/loss_plot.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/score_plot.h"

using namespace awb;

class TestPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossPlotAppendsAndTogglesLog() {
        ui::LossPlot plot;
        std::vector<core::EpochReport> reports(3);
        for (int i = 0; i < 3; ++i) {
            reports[i].epoch = i + 1;
            reports[i].trainLoss = 1.0 / (i + 1);
            reports[i].valLoss = 1.5 / (i + 1);
        }
        plot.append(reports);
        QCOMPARE(plot.pointCount(), 3);
        plot.setLogScale(true);
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.yAxis->range().lower > 0);
        plot.setLogScale(false);
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLinear);
        plot.clear();
        QCOMPARE(plot.pointCount(), 0);
    }

    void histogramLogCountsKeepBarsVisible() {
        ui::HistogramPlot plot;
        plot.setScores({0.1, 0.2, 0.2, 0.9}, {0, 0, 0, 1});
        plot.setLogCounts(true);
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.yAxis->range().lower > 0 && plot.yAxis->range().lower < 1);
        plot.setThreshold(0.5);
        QCOMPARE(plot.threshold(), 0.5);
    }

    void scorePlotLineDragsVertically() {
        ui::ScorePlot plot;
        plot.resize(600, 400);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setScores({0, 1, 2, 3}, {0.1, 0.2, 0.3, 0.9}, {0, 0, 0, 1});
        plot.setThreshold(0.5);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        QSignalSpy spy(&plot, &ui::ScorePlot::thresholdDragged);
        const int x = plot.axisRect()->center().x();
        const QPoint from(x, qRound(plot.yAxis->coordToPixel(0.5)));
        const QPoint to(x, qRound(plot.yAxis->coordToPixel(0.25)));
        QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(&plot, to);
        QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, to);
        QVERIFY(spy.count() >= 1);
        QVERIFY(std::abs(spy.last().at(0).toDouble() - 0.25) < 0.02);
    }

    void confusionPlotShowsCounts() {
        ui::ConfusionPlot plot;
        plot.setMatrix({5, 2, 90, 3});
        QCOMPARE(plot.matrix().tp, size_t{5});
        QCOMPARE(plot.matrix().tn, size_t{90});
    }

    void exportsPngPdfAndSvg() {
        QTemporaryDir dir;
        ui::HistogramPlot plot;
        plot.resize(500, 300);
        plot.setScores({0.1, 0.2, 0.3, 0.9}, {0, 0, 0, 1});
        for (const char* name : {"h.png", "h.pdf", "h.svg"}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QCOMPARE(ui::exportPlot(&plot, path), QString());
            QVERIFY2(QFileInfo(path).size() > 500, name);
            QVERIFY(!QFileInfo::exists(path + QStringLiteral(".part")));
        }
        QFile svg(dir.filePath(QStringLiteral("h.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        QVERIFY(!ui::exportPlot(&plot, dir.filePath(QStringLiteral("h.bmp"))).isEmpty());
        QVERIFY(!ui::exportPlot(&plot, QStringLiteral("/nonexistent/dir/h.png")).isEmpty());
    }
};

QTEST_MAIN(TestPlots)
#include "test_plots.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cmath>

#include "qcustomplot.h"
#include "ui/plots/confusion_plot.h"
#include "ui/plots/generated_view.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/loss_plot.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/score_plot.h"

using namespace awb;

namespace {

/// CIELAB of an sRGB colour as seen with a colour-vision deficiency (Machado, Oliveira and
/// Fernandes 2009, severity 1, applied to linear RGB); kind 0 none, 1 protanopia,
/// 2 deuteranopia, 3 tritanopia.
std::array<double, 3> seenLab(const QColor& c, int kind) {
    static const double kMatrices[4][9] = {{1, 0, 0, 0, 1, 0, 0, 0, 1},
                                           {0.152286, 1.052583, -0.204868, 0.114503, 0.786281,
                                            0.099216, -0.003882, -0.048116, 1.051998},
                                           {0.367322, 0.860646, -0.227968, 0.280085, 0.672501,
                                            0.047413, -0.011820, 0.042940, 0.968881},
                                           {1.255528, -0.076749, -0.178779, -0.078411, 0.930809,
                                            0.147602, 0.004733, 0.691367, 0.303900}};
    auto linear = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    const double rgb[3] = {linear(c.redF()), linear(c.greenF()), linear(c.blueF())};
    double s[3];
    for (int i = 0; i < 3; ++i) {
        const double* m = kMatrices[kind] + 3 * i;
        s[i] = std::clamp(m[0] * rgb[0] + m[1] * rgb[1] + m[2] * rgb[2], 0.0, 1.0);
    }
    const double x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
    const double y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
    const double z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

/// The smallest CIE76 colour difference between a and b over normal vision and the three
/// dichromacies.
double worstDifference(const QColor& a, const QColor& b) {
    double worst = 1e9;
    for (int kind = 0; kind < 4; ++kind) {
        const auto p = seenLab(a, kind), q = seenLab(b, kind);
        worst = std::min(worst, std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
    }
    return worst;
}

}  // namespace

class TestPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void confusionIsShadedByRowRateAndHistogramSaysWhatItsLastBinHolds() {
        ui::ConfusionPlot confusion;
        core::ConfusionMatrix m;
        m.tp = 8170;
        m.fn = 830;
        m.tn = 951;
        m.fp = 49;
        confusion.setMatrix(m);
        auto* map = qobject_cast<QCPColorMap*>(confusion.plottable(0));
        QVERIFY(map);
        // Row rates, not counts: TN (951 of 1000) is as dark as TP (8170 of 9000) is.
        QCOMPARE(map->data()->cell(0, 1), 0.951);            // TN: predicted normal, true normal
        QCOMPARE(map->data()->cell(1, 0), 8170.0 / 9000.0);  // TP
        QVERIFY(std::abs(map->data()->cell(0, 0) - 830.0 / 9000.0) < 1e-12);  // FN
        ui::HistogramPlot histogram;
        std::vector<double> scores;
        std::vector<uint8_t> anomaly;
        for (int i = 0; i < 1000; ++i) {
            scores.push_back(i * 0.001);
            anomaly.push_back(i > 900);
        }
        histogram.setScores(scores, anomaly);
        QVERIFY2(histogram.overflowText().startsWith(QStringLiteral("last bin also holds 5 ")),
                 qPrintable(histogram.overflowText()));
        scores.back() = 1e6;  // one huge error: still counted, and its value said
        histogram.setScores(scores, anomaly);
        QVERIFY(histogram.overflowText().contains(QStringLiteral("1e+06")));
    }

    void coloursShownTogetherStayApartForColourBlindEyes() {
        namespace c = ui::colours;
        // The old pair (green ROC curve, red operating point) fails the same measure: the test
        // can tell a bad palette from a good one.
        QVERIFY(worstDifference(QColor(44, 160, 44), QColor(214, 39, 40)) < 20);
        const std::pair<QColor, QColor> pairs[] = {
            {c::kNormal, c::kAnomaly},       // histogram bars, score dots, train/validation loss
            {c::kCurve, c::kMarker},         // ROC/PR curve and its operating point
            {c::kNormal, c::kMarker},        // input and reconstruction
            {c::kLabelled, c::kDetected},    // labelled and detected spans
            {c::kGroups[0], c::kGroups[1]},  // USAD's two loss groups, beside train and
            {c::kGroups[0], c::kNormal},     // validation loss
            {c::kGroups[1], c::kNormal},
            {c::kGroups[0], c::kAnomaly},
            {c::kGroups[1], c::kAnomaly},
            {c::kGroups[0], c::kMarker},  // the series' two score terms, beside the black score
            {c::kGroups[0], c::kThreshold},
            {c::kMarker, c::kThreshold},
        };
        for (const auto& [a, b] : pairs) {
            const double d = worstDifference(a, b);
            QVERIFY2(d >= 20,
                     qPrintable(QStringLiteral("%1 vs %2: difference %3 under some simulation")
                                    .arg(a.name(), b.name())
                                    .arg(d)));
        }
    }

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

    /// A model trained in phases (f-AnoGAN): each phase marked where it begins, once, whether
    /// its epochs arrive together or one by one; a new run starts unmarked.
    void lossPlotMarksEachTrainingPhase() {
        ui::LossPlot plot;
        std::vector<core::EpochReport> reports(5);
        for (int i = 0; i < 5; ++i) {
            reports[i].epoch = i + 1;
            reports[i].phase = i < 3 ? "WGAN-GP" : "encoder";
            reports[i].groupNames = {"critic", "generator", "encoder"};
            const double nan = std::nan("");
            reports[i].groupLosses =
                i < 3 ? std::vector<double>{-1.0, 0.5, nan} : std::vector<double>{nan, nan, 0.1};
            reports[i].trainLoss = i < 3 ? -1.0 : 0.1;
        }
        plot.append({reports.begin(), reports.begin() + 2});
        plot.append({reports.begin() + 2, reports.end()});
        QCOMPARE(plot.phaseMarks(), (QStringList{"WGAN-GP", "encoder"}));
        plot.clear();
        QVERIFY(plot.phaseMarks().isEmpty());
        reports[0].phase.clear();  // single-phase models: no mark
        plot.append({reports[0]});
        QVERIFY(plot.phaseMarks().isEmpty());
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

    /// Generated images tile into one mosaic (a column per tile, a white gap between tiles, one
    /// grey range for all); rows and windows draw one curve per code (a window's first feature).
    void generatedSamplesTileOrDrawAsCurves() {
        ui::GeneratedView v;
        // Three 2x2 grey images: all 0, all 1, a diagonal.
        const std::vector<float> images{0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1};
        v.setSamples(images, 3, {1, 2, 2}, QStringLiteral("generated"));
        const QImage m = v.mosaic();
        QCOMPARE(m.size(), QSize(5, 5));  // two columns, two rows, 1-pixel gaps
        QCOMPARE(qGray(m.pixel(0, 0)), 0);
        QCOMPARE(qGray(m.pixel(3, 0)), 255);  // the second tile
        QCOMPARE(qGray(m.pixel(2, 0)), 255);  // the gap
        QCOMPARE(qGray(m.pixel(0, 3)), 255);  // the third tile's diagonal
        QCOMPARE(qGray(m.pixel(1, 3)), 0);
        QCOMPARE(v.curveCount(), 0);
        // Windows {3 steps, 2 features}: the first feature of each.
        v.setSamples({1, 9, 2, 9, 3, 9, 4, 9, 5, 9, 6, 9}, 2, {3, 2}, QStringLiteral("windows"));
        QVERIFY(v.mosaic().isNull());
        QCOMPARE(v.curveCount(), 2);
        QCOMPARE(v.titleText(), QStringLiteral("windows"));
        // Too few values for the shape: cleared, not read past the end.
        v.setSamples({1, 2}, 2, {3, 2}, QStringLiteral("short"));
        QVERIFY(v.empty());
        QCOMPARE(v.curveCount(), 0);
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

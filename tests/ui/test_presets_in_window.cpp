// SPDX-License-Identifier: GPL-3.0-or-later
// The preset gallery: every preset loads into the window and trains from there; templates keep
// the data loaded; a preset whose data is missing says which file.
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "qcustomplot.h"
#include "ui/main_window.h"
#include "ui/panels/collapsible_section.h"
#include "ui/panels/draw_sample_dialog.h"
#include "ui/panels/experiment_panel.h"
#include "ui/panels/inspection_panel.h"
#include "ui/panels/live_view.h"
#include "ui/panels/preset_gallery.h"
#include "ui/plots/generated_view.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/image_canvas.h"
#include "ui/plots/loss_plot.h"
#include "ui/plots/series_plot.h"
#include "ui/workers/training_controller.h"

using namespace awb;

namespace {

/// Loads `preset` into the window, cut to `epochs` (and `maxTrain` training samples when set),
/// and trains it to the end; false when it does not load or finish in time.
bool trainPreset(ui::MainWindow& w, const QString& preset, int epochs, int64_t maxTrain = 0,
                 int timeoutMs = 120000) {
    if (!w.loadPreset(preset)) return false;
    auto c = w.experimentPanel()->config();
    c.training.epochs = epochs;
    if (maxTrain > 0) c.preprocessing.maxTrainSamples = maxTrain;
    w.experimentPanel()->setConfig(c);
    QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
    w.startTraining();
    return done.wait(timeoutMs) && w.result();
}

}  // namespace

class TestPresetsInWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qputenv("AWB_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);
    }

    void theGalleryListsEveryPresetWithItsNotes() {
        ui::PresetGallery gallery;
        const auto all = core::presets();
        auto* list = gallery.findChild<QListWidget*>(QStringLiteral("presetList"));
        QVERIFY(list);
        QCOMPARE(list->count(), int(all.size()));
        auto* teaches = gallery.findChild<QLabel*>(QStringLiteral("presetTeaches"));
        for (size_t i = 0; i < all.size(); ++i) {
            QVERIFY(gallery.select(QString::fromStdString(all[i].name)));
            QCOMPARE(list->item(int(i))->text().toStdString(), all[i].title);
            QCOMPARE(teaches->text().toStdString(), all[i].teaches);
        }
        QVERIFY(!gallery.select(QStringLiteral("no-such-preset")));
    }

    void loadAndTrainFromTheGallery() {
        ui::MainWindow w;
        ui::PresetGallery gallery(&w);
        connect(&gallery, &ui::PresetGallery::chosen, &w, [&w](const QString& name, bool train) {
            if (w.loadPreset(name) && train) w.startTraining();
        });
        QVERIFY(gallery.select(QStringLiteral("blobs-class0")));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        QPushButton* train = nullptr;
        for (auto* b : gallery.findChildren<QPushButton*>()) {
            if (b->text().contains(QStringLiteral("train"))) train = b;
        }
        QVERIFY(train && train->isEnabled());
        QTest::mouseClick(train, Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QVERIFY(w.result());
        QCOMPARE(w.result()->config.data.builtin, std::string("gaussian-blobs"));
        QCOMPARE(w.result()->config.model.layers, (std::vector<int64_t>{10, 5, 2}));
        // The blobs are far apart: trained on class 0, the autoencoder rebuilds class 1 badly.
        QVERIFY2(w.result()->evaluation.auroc > 0.95,
                 qPrintable(QString::number(w.result()->evaluation.auroc)));
        QVERIFY(w.aboutText().contains(QStringLiteral("Two blobs")));
    }

    /// Each preset with its data here loads, validates and trains (cut to one short epoch: the
    /// path is under test, not the preset's figures, which the README and bench_quality hold).
    void everyPresetLoadsAndTrainsInTheWindow() {
        int trained = 0;
        for (const auto& p : core::presets()) {
            const QString name = QString::fromStdString(p.name);
            ui::MainWindow w;
            if (p.needsUserData) continue;  // templateKeepsTheLoadedData
            if (!p.missing.empty()) {
                qInfo("skipped %s: %s", p.name.c_str(), p.missing.c_str());
                QVERIFY(!w.loadPreset(name));  // refused, with the file named
                QVERIFY(w.statusText().contains(QStringLiteral("needs ")));
                continue;
            }
            QVERIFY2(w.loadPreset(name), qPrintable(w.statusText()));
            QVERIFY2(w.experimentPanel()->problem().isEmpty(),
                     qPrintable(name + QStringLiteral(": ") + w.experimentPanel()->problem()));
            auto c = w.experimentPanel()->config();
            QCOMPARE(c.model.family, core::preset(p.name)->model.family);
            c.training.epochs = 1;
            c.preprocessing.maxTrainSamples = 512;
            w.experimentPanel()->setConfig(c);
            QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
            w.startTraining();
            QVERIFY2(done.wait(120000), qPrintable(name));
            QVERIFY2(w.result(), qPrintable(name + QStringLiteral(": ") + w.statusText()));
            QVERIFY(w.result()->evaluation.testCount > 0);
            QVERIFY2(std::isfinite(w.result()->evaluation.auroc), qPrintable(name));
            ++trained;
        }
        QVERIFY(trained >= 5);  // the built-in ones at least
    }

    void theLiveViewsFollowTheTraining() {
        ui::MainWindow w;
        auto c = w.experimentPanel()->config();  // the built-in heartbeats
        c.training.epochs = 12;
        w.experimentPanel()->setConfig(c);
        std::vector<core::LivePreview> previews;
        connect(w.controller(), &ui::TrainingController::previewed, &w,
                [&previews](const core::LivePreview& p) { previews.push_back(p); });
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(60000));
        QVERIFY(previews.size() >= 2);
        QCOMPARE(w.liveView()->updates(), int(previews.size()));
        QCOMPARE(previews.back().epoch, 12);
        // The histogram and ROC moved: the first epoch's scores are not the last one's.
        QVERIFY(previews.front().scores != previews.back().scores);
        QVERIFY(w.liveView()->titleText().contains(QStringLiteral("after epoch 12")));
        double bars = 0;
        for (int b = 0; b < 60; ++b)
            bars += w.liveView()->histogram()->barValue(0, b) +
                    w.liveView()->histogram()->barValue(1, b);
        QCOMPARE(bars, double(previews.back().rows.size()));
        // The loss moved between epochs too (batch points at fractional epochs).
        QVERIFY(w.lossPlot()->batchPointCount() > 0);
        QCOMPARE(w.lossPlot()->monitorName(), QStringLiteral("validation loss"));
        // A new run starts with empty live views; without a validation part the second curve
        // is not called validation loss.
        c.preprocessing.split.validation = 0;
        w.experimentPanel()->setConfig(c);
        w.startTraining();
        QCOMPARE(w.liveView()->updates(), 0);
        QVERIFY(w.lossPlot()->monitorName().startsWith(QStringLiteral("test-part loss")));
        QVERIFY(done.wait(60000));
    }

    /// A GAN shows what its generator draws from fixed codes while it trains (curves for rows);
    /// a family that scores by a latent search shows only those (no test-part histogram), and
    /// a health warning shows above them.
    void aGanShowsWhatItsGeneratorDraws() {
        ui::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (const char* family : {"anogan", "f-anogan"}) {
            auto c = w.experimentPanel()->config();  // the built-in heartbeats
            c.model.family = family;
            c.model.layers = {32};
            c.model.latent = 4;
            c.model.searchSteps = 3;
            c.model.termWeights.clear();
            c.training.epochs = 3;
            w.experimentPanel()->setConfig(c);
            QVERIFY2(w.experimentPanel()->problem().isEmpty(),
                     qPrintable(w.experimentPanel()->problem()));
            std::vector<core::LivePreview> previews;
            auto link = connect(w.controller(), &ui::TrainingController::previewed, &w,
                                [&previews](const core::LivePreview& p) { previews.push_back(p); });
            QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
            w.startTraining();
            QVERIFY(done.wait(60000));
            disconnect(link);
            QVERIFY2(w.result(), qPrintable(w.statusText()));
            QVERIFY(!previews.empty());
            const auto& last = previews.back();
            QCOMPARE(last.generatedCount, size_t(16));
            QCOMPARE(last.generated.size(), 16 * last.generatedShape.at(0));
            QVERIFY(std::isfinite(last.sampleSpread) && last.sampleSpread > 0);
            auto* generated = w.liveView()->generated();
            QVERIFY(!generated->isHidden());
            QCOMPARE(generated->curveCount(), 16);
            QVERIFY(generated->titleText().contains(QStringLiteral("16 fixed codes")));
            const bool searches = std::string(family) == "anogan";
            QCOMPARE(last.rows.empty(), searches);
            QCOMPARE(w.liveView()->histogram()->isHidden(), searches);
            if (searches)
                QVERIFY(w.liveView()->titleText().contains(QStringLiteral("too slow to repeat")));
        }
        QCOMPARE(w.liveView()->warningText(), QString());
        core::LivePreview warned;
        warned.epoch = 7;
        warned.warning = "mode collapse: test";
        w.liveView()->showPreview(warned);
        QVERIFY(w.liveView()->warningText().contains(QStringLiteral("mode collapse: test")));
    }

    void theSeriesScoreTrackTakesTheWholeWidth() {
        // A one-term model (dense AE): the score track's legend once collapsed it to 50 px.
        ui::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.loadPreset(QStringLiteral("synthetic-timeseries")));
        auto c = w.experimentPanel()->config();
        c.training.epochs = 1;
        w.experimentPanel()->setConfig(c);
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(60000));
        QVERIFY(w.showView(QStringLiteral("series")));
        auto* series = w.inspectionPanel()->seriesPlot();
        QTRY_VERIFY(series->isVisible());
        series->scorePlot()->replot();
        series->signalPlot()->replot();
        const int signal = series->signalPlot()->axisRect()->width();
        const int score = series->scorePlot()->axisRect()->width();
        QVERIFY2(signal > 300 && score > signal * 9 / 10,
                 qPrintable(QStringLiteral("signal %1 px, score %2 px").arg(signal).arg(score)));
    }

    void stepAndSlowMotionLetAClassFollowEachUpdate() {
        ui::MainWindow w;
        auto c = w.experimentPanel()->config();
        c.training.epochs = 500;
        w.experimentPanel()->setConfig(c);
        auto* ctl = w.controller();
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(ctl->batchesDone() > 3, 20000);
        QVERIFY(!w.stepBatchAction()->isEnabled());
        w.pauseAction()->setChecked(true);
        QVERIFY(w.stepBatchAction()->isEnabled());
        QTest::qWait(300);  // the batch in flight ends, then it holds
        const qint64 held = ctl->batchesDone();
        QTest::qWait(300);
        QCOMPARE(ctl->batchesDone(), held);
        w.stepBatchAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ctl->batchesDone(), held + 1, 5000);
        QTest::qWait(200);
        QCOMPARE(ctl->batchesDone(), held + 1);  // one, then it holds again
        const int epochs = w.lossPlot()->pointCount();
        w.stepEpochAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(w.lossPlot()->pointCount(), epochs + 1, 10000);
        QTest::qWait(300);
        const qint64 afterEpoch = ctl->batchesDone();
        QTest::qWait(300);
        QCOMPARE(ctl->batchesDone(), afterEpoch);
        QCOMPARE(w.lossPlot()->pointCount(), epochs + 1);
        // Slow motion: a quarter second a batch.
        ctl->setSlowMotion(250);
        w.pauseAction()->setChecked(false);
        QTest::qWait(1000);
        const qint64 slow = ctl->batchesDone() - afterEpoch;
        QVERIFY2(slow >= 1 && slow <= 6, qPrintable(QString::number(slow)));
        ctl->setSlowMotion(0);
        w.requestStop();
        QVERIFY(done.wait(20000));
    }

    void aDrawnSampleScoresAsTheCliScoresTheSameValues() {
        // Raw rows in a CSV, the run trained in the window and saved; the CLI scores the file,
        // the dialog the same rows scaled as the run scales them.
        QTemporaryDir dir;
        core::DataConfig blobs;
        blobs.builtin = "gaussian-blobs";
        const auto raw = *core::loadData(blobs);
        const QString csv = dir.filePath(QStringLiteral("rows.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray text = "class";
            for (size_t j = 0; j < raw.sampleSize(); ++j)
                text += ",x" + QByteArray::number(qulonglong(j));
            text += "\n";
            for (size_t i = 0; i < 6; ++i) {
                text += QByteArray::fromStdString(raw.classNames[size_t(raw.labels[i])]);
                for (size_t j = 0; j < raw.sampleSize(); ++j)
                    text += "," + QByteArray::number(double(raw.sample(i)[j]), 'g', 9);
                text += "\n";
            }
            f.write(text);
        }
        ui::MainWindow w;
        QVERIFY(trainPreset(w, QStringLiteral("blobs-class0"), 20, 0, 60000));
        const QString runDir = dir.filePath(QStringLiteral("run"));
        QVERIFY(w.saveRun(runDir));
        QProcess cli;
        cli.start(QStringLiteral(AWB_CLI), {QStringLiteral("score"), QStringLiteral("--run"),
                                            runDir, QStringLiteral("--data"), csv});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(cli.readAllStandardOutput()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 7);  // header and six rows

        ui::DrawSampleDialog dialog(w.result(), 0);
        for (int i = 0; i < 6; ++i) {
            core::Dataset one;
            one.sampleShape = raw.sampleShape;
            one.values.assign(raw.sample(size_t(i)), raw.sample(size_t(i)) + raw.sampleSize());
            w.result()->prepared.scaler.apply(one);
            dialog.setValues(one.values);
            const double fromCli = lines[i + 1].section(QLatin1Char(','), 1, 1).toDouble();
            QVERIFY2(std::abs(dialog.score() - fromCli) <= 1e-6 * std::max(1.0, std::abs(fromCli)),
                     qPrintable(QStringLiteral("row %1: window %2, CLI %3")
                                    .arg(i)
                                    .arg(dialog.score())
                                    .arg(fromCli)));
            const bool flagged = lines[i + 1].section(QLatin1Char(','), 2, 2) == QLatin1String("1");
            QCOMPARE(dialog.verdictText().contains(QStringLiteral("FLAGGED")), flagged);
        }
        // A normal sample with a spike scores higher; a flattened stretch too.
        int normal = 0;
        while (w.result()->prepared.anomaly[size_t(normal)]) ++normal;
        dialog.startFrom(normal);
        const double before = dialog.score();
        dialog.addSpike(1.0f);
        QVERIFY(dialog.score() > before);
        // Wrong length: said, not crashed.
        dialog.setValues({1.0f, 2.0f});
        QVERIFY(std::isnan(dialog.score()));
        QVERIFY(dialog.verdictText().contains(QStringLiteral("15 values")));
    }

    /// The headline data opened by path as File > Open does, trained with nothing else set: the
    /// label column (last) and the normal class (1, the most common) are found, and it learns.
    void theEcgFileOpensAndTrainsWithNothingSet() {
        const QString path =
            QString::fromStdString(core::sharedDatasetPath("ecg5000/ecg5000_tf_ecg.csv.gz"));
        if (!QFileInfo::exists(path))
            QSKIP(qPrintable(path + QStringLiteral(" is absent (../shared/datasets)")));
        ui::MainWindow w;
        w.openCsv(path);
        const auto c = w.experimentPanel()->config();
        QCOMPARE(c.data.labelColumn, std::string("last"));
        QCOMPARE(c.data.normalLabels, std::vector<std::string>{"1"});
        QVERIFY2(w.experimentPanel()->problem().isEmpty(),
                 qPrintable(w.experimentPanel()->problem()));
        QSignalSpy done(&w, &ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(180000));
        QVERIFY2(w.result(), qPrintable(w.statusText()));
        const double auroc = w.result()->evaluation.auroc;
        qInfo("ECG5000 opened with nothing set: AUROC %.3f after %zu epochs", auroc,
              w.result()->training.history.size());
        QVERIFY2(auroc > 0.9, qPrintable(QString::number(auroc)));
    }

    /// A windowed series: the dialog edits the window around the picked point, scores its points
    /// as the run did, and a spike raises the highest.
    void aStretchOfASeriesIsRedrawnAndScored() {
        ui::MainWindow w;
        QVERIFY(trainPreset(w, QStringLiteral("synthetic-timeseries"), 2));
        const auto& r = *w.result();
        const int point = int(r.prepared.split.test.front()) + 300;
        ui::DrawSampleDialog dialog(w.result(), point);
        const size_t length = size_t(r.config.data.windowLength);
        QCOMPARE(dialog.windowStart(), size_t(point) - length / 2);
        QCOMPARE(dialog.values().size(), length * r.prepared.data.sampleSize());
        double highest = 0;
        for (size_t k = 0; k < length; ++k)
            highest = std::max(highest, r.evaluation.scores[dialog.windowStart() + k]);
        QVERIFY2(std::abs(dialog.score() - highest) <= 1e-6 * std::max(1e-3, highest),
                 qPrintable(QStringLiteral("%1 vs %2").arg(dialog.score()).arg(highest)));
        QVERIFY(dialog.verdictText().contains(QStringLiteral("point score")));
        dialog.setCurveFeature(1);
        dialog.addSpike(1.5f);
        QVERIFY(dialog.score() > highest);
        // The spike went into the second feature of the middle point only.
        const size_t f = r.prepared.data.sampleSize();
        const float* original = r.prepared.data.sample(dialog.windowStart());
        for (size_t i = 0; i < dialog.values().size(); ++i) {
            const bool spiked = i == (length / 2) * f + 1;
            QCOMPARE(dialog.values()[i] != original[i], spiked);
        }
    }

    /// Images: the start sample scores as the run scored it; a stroke of ink changes the image
    /// and its score; noise over all raises the error; Clear gives a blank image.
    void anImageIsPaintedOnACanvasAndScored() {
        const auto info = core::presets();
        const auto it = std::find_if(info.begin(), info.end(),
                                     [](const auto& p) { return p.name == "fmnist-7-vs-5"; });
        QVERIFY(it != info.end());
        if (!it->missing.empty()) QSKIP(qPrintable(QString::fromStdString(it->missing)));
        ui::MainWindow w;
        QVERIFY(trainPreset(w, QStringLiteral("fmnist-7-vs-5"), 2, 1000));
        const auto& r = *w.result();
        int normal = int(r.prepared.split.test.front());
        for (size_t i : r.prepared.split.test) {
            if (!r.prepared.anomaly[i]) {
                normal = int(i);
                break;
            }
        }
        ui::DrawSampleDialog dialog(w.result(), normal, nullptr, QStringLiteral("class 7"));
        dialog.resize(900, 500);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        ui::ImageCanvas* canvas = dialog.imageCanvas();
        QVERIFY(canvas);
        const double start = dialog.score();
        QVERIFY2(
            std::abs(start - r.evaluation.scores[size_t(normal)]) <=
                1e-5 * std::max(1e-3, std::abs(start)),
            qPrintable(
                QStringLiteral("%1 vs %2").arg(start).arg(r.evaluation.scores[size_t(normal)])));
        QVERIFY(!canvas->image().isNull());

        // A stroke of ink across the top rows, with the mouse.
        const auto before = dialog.values();
        const QRect area = canvas->rect();
        const int y = area.height() / 5;
        QTest::mousePress(canvas, Qt::LeftButton, {}, QPoint(area.width() / 4, y));
        for (int x = area.width() / 4; x <= 3 * area.width() / 4; x += 10)
            QTest::mouseMove(canvas, QPoint(x, y));
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, QPoint(3 * area.width() / 4, y));
        int changed = 0;
        for (size_t i = 0; i < before.size(); ++i) changed += dialog.values()[i] != before[i];
        QVERIFY2(changed >= 20, qPrintable(QString::number(changed)));
        QVERIFY(dialog.score() != start);

        // Noise over the whole image is not what the network learned to rebuild.
        dialog.startFrom(normal);
        dialog.addNoiseEverywhere(0.5);
        qInfo("error of a normal sample %g, with noise over all %g", start, dialog.score());
        QVERIFY2(dialog.score() > 1.5 * start,
                 qPrintable(QStringLiteral("%1 vs %2").arg(dialog.score()).arg(start)));
        QVERIFY(dialog.verdictText().contains(QStringLiteral("threshold")));

        dialog.clearImage();
        const auto blank = dialog.values();
        QVERIFY(
            std::all_of(blank.begin(), blank.end(), [&](float v) { return v == blank.front(); }));
        QVERIFY(std::isfinite(dialog.score()));
    }

    /// The form fits 1280x720 without sideways scrolling (also at presentation size on a
    /// 1920x1080 screen); at 1400x900 learning rate and epochs are on screen; the sections a
    /// class changes least start folded with a summary, and open when one of their fields is
    /// wrong.
    void theFormFitsInFoldedSections() {
        struct Size {
            int width, height;
            double zoom;
        };
        // A failed check must not leave the next tests at 1.6x.
        struct ZoomBack {
            QFont font = QApplication::font();
            ~ZoomBack() { QApplication::setFont(font); }
        } zoomBack;
        for (const Size size :
             {Size{1280, 720, 1.0}, Size{1400, 900, 1.0}, Size{1920, 1080, 1.6}}) {
            ui::MainWindow w;
            auto* dock = w.findChild<QDockWidget*>(QStringLiteral("experimentDock"));
            auto* scroll = qobject_cast<QScrollArea*>(dock->widget());
            QVERIFY(scroll);
            auto field = [&](const char* path) -> QWidget* {
                for (auto* x : w.experimentPanel()->findChildren<QWidget*>()) {
                    if (x->toolTip().contains(QStringLiteral("Config: ") + QLatin1String(path)))
                        return x;
                }
                return nullptr;
            };
            w.setZoom(size.zoom);
            w.resize(size.width, size.height);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QApplication::processEvents();
            const QString at =
                QStringLiteral("%1x%2 zoom %3").arg(size.width).arg(size.height).arg(size.zoom);
            qInfo("%s: dock %d px, form needs at least %d", qPrintable(at),
                  scroll->viewport()->width(), w.experimentPanel()->minimumSizeHint().width());
            QVERIFY(w.experimentPanel()->minimumSizeHint().width() <= scroll->viewport()->width());
            // The dock's width is set once the fonts have changed (a queued call): wait for it.
            QTRY_VERIFY2(scroll->horizontalScrollBar()->maximum() == 0,
                         qPrintable(at + QStringLiteral(": sideways by ") +
                                    QString::number(scroll->horizontalScrollBar()->maximum())));
            if (size.width == 1400) {
                for (const char* path : {"training.learning_rate", "training.epochs"}) {
                    QWidget* f = field(path);
                    QVERIFY2(f, path);
                    const QPoint y = f->mapTo(scroll->viewport(), QPoint(0, f->height()));
                    QVERIFY2(y.y() <= scroll->viewport()->height(),
                             qPrintable(at + QStringLiteral(": ") + QLatin1String(path) +
                                        QStringLiteral(" below the fold")));
                }
            }
        }
        ui::MainWindow w;
        w.setZoom(1.0);
        ui::CollapsibleSection* split = nullptr;
        for (auto* s : w.experimentPanel()->findChildren<ui::CollapsibleSection*>()) {
            if (s->headerText().startsWith(QStringLiteral("Layout and split"))) split = s;
        }
        QVERIFY(split);
        QVERIFY(!split->isExpanded());
        QVERIFY2(split->headerText().contains(QStringLiteral("test 0.30")),
                 qPrintable(split->headerText()));
        auto c = w.experimentPanel()->config();
        c.preprocessing.split.test = 0.6;
        c.preprocessing.split.validation = 0.6;
        w.experimentPanel()->setConfig(c);
        QVERIFY(!w.experimentPanel()->problem().isEmpty());
        QVERIFY(split->isExpanded());
        QCOMPARE(ui::sectionOf(w.experimentPanel()->highlightedField()), split);
    }

    void presentationSizeReachesThePlotsAndTheDockHides() {
        ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const double before = w.lossPlot()->xAxis->tickLabelFont().pointSizeF();
        w.setZoom(1.6);
        QTRY_VERIFY(w.lossPlot()->xAxis->tickLabelFont().pointSizeF() > before * 1.5);
        QVERIFY(w.lossPlot()->legend->font().pointSizeF() > before * 1.3);
        w.setZoom(1.0);
        QTRY_COMPARE(w.lossPlot()->xAxis->tickLabelFont().pointSizeF(), before);
        w.setZoom(100);  // clamped
        QCOMPARE(w.zoom(), 3.0);
        w.setZoom(1.0);
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("experimentDock"));
        QVERIFY(dock);
        QAction* toggle = dock->toggleViewAction();
        toggle->trigger();
        QVERIFY(!dock->isVisible());
        toggle->trigger();
        QVERIFY(dock->isVisible());
    }

    void everySettingHasATooltipAndTheGuideCoversEachView() {
        ui::MainWindow w;
        int inputs = 0;
        for (QWidget* field : w.experimentPanel()->findChildren<QWidget*>()) {
            const bool input = qobject_cast<QLineEdit*>(field) ||
                               qobject_cast<QAbstractSpinBox*>(field) ||
                               qobject_cast<QComboBox*>(field) || qobject_cast<QCheckBox*>(field);
            if (!input || qobject_cast<QLineEdit*>(field->parentWidget())) continue;
            if (qobject_cast<QAbstractSpinBox*>(field->parentWidget()) ||
                qobject_cast<QComboBox*>(field->parentWidget()))
                continue;
            ++inputs;
            QVERIFY2(
                !field->toolTip().isEmpty(),
                qPrintable(field->objectName() + QStringLiteral(" ") +
                           field->metaObject()->className() + QStringLiteral(" has no tooltip")));
        }
        QVERIFY(inputs >= 25);
        const QString guide = ui::MainWindow::guideText();
        for (const char* view :
             {"Training", "Inspect", "Series", "One-vs-rest", "Presets", "Presentation size"})
            QVERIFY2(guide.contains(QLatin1String(view)), view);
        bool help = false;
        for (QAction* a : w.menuBar()->actions()) help |= a->text() == QStringLiteral("&Help");
        QVERIFY(help);
    }

    void templateKeepsTheLoadedData() {
        ui::MainWindow w;
        QVERIFY(w.loadPreset(QStringLiteral("blobs-class0")));
        QVERIFY(w.loadPreset(QStringLiteral("images-conv-ae")));
        const auto c = w.experimentPanel()->config();
        QCOMPARE(c.model.family, std::string("conv-ae"));
        QCOMPARE(c.data.builtin, std::string("gaussian-blobs"));  // until a file is opened
        QVERIFY(w.aboutText().contains(QStringLiteral("open your data")));
        QVERIFY(!w.loadPreset(QStringLiteral("no-such-preset")));
        QVERIFY(w.statusText().contains(QStringLiteral("does not exist")));
    }
};

QTEST_MAIN(TestPresetsInWindow)
#include "test_presets_in_window.moc"

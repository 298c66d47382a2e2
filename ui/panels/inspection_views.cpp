// SPDX-License-Identifier: GPL-3.0-or-later
// InspectionPanel: the image grid, the series view and the score terms' balance.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/evaluation/thresholds.h"
#include "core/models/family.h"
#include "core/training/noise.h"
#include "ui/panels/inspection_panel.h"
#include "ui/plots/confusion_plot.h"
#include "ui/plots/curve_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/image_grid.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/sample_plot.h"
#include "ui/plots/score_plot.h"
#include "ui/plots/series_plot.h"

namespace awb::ui {

void InspectionPanel::rebuildImageGrid(int picked) {
    const auto& p = result_->prepared;
    const auto& data = p.data;
    const auto& s = result_->evaluation.scores;
    // The picked sample, then each class's lowest- and highest-error test samples.
    std::vector<std::pair<size_t, QString>> wanted{{static_cast<size_t>(picked), tr("picked")}};
    const int classes = data.hasLabels() ? static_cast<int>(data.classNames.size()) : 1;
    for (int c = 0; c < classes; ++c) {
        const long lo = extremeTestSample(c, false), hi = extremeTestSample(c, true);
        if (lo >= 0) wanted.emplace_back(static_cast<size_t>(lo), tr("lowest error"));
        if (hi >= 0 && hi != lo) wanted.emplace_back(static_cast<size_t>(hi), tr("highest error"));
    }
    std::vector<size_t> indices;
    for (const auto& w : wanted) indices.push_back(w.first);
    auto rec = result_->model->reconstruct(data, indices);
    if (!rec) return;
    const size_t n = data.sampleSize();
    const core::NoiseSpec noise = result_->config.training.noise();
    std::vector<ImageRow> rows;
    for (size_t k = 0; k < wanted.size(); ++k) {
        const size_t i = wanted[k].first;
        ImageRow row;
        row.index = static_cast<int>(i);
        row.title = tr("%1: %2, %3\nerror %4: %5")
                        .arg(wanted[k].second)
                        .arg(sampleName(i))
                        .arg(classText(i))
                        .arg(s[i], 0, 'g', 3)
                        .arg(verdict(i));
        row.missed = p.anomaly.size() > i && p.anomaly[i] && s[i] <= result_->evaluation.threshold;
        row.input.assign(data.sample(i), data.sample(i) + n);
        row.reconstruction.assign(rec->begin() + k * n, rec->begin() + (k + 1) * n);
        // Seeded per sample: the same sample always shows the same noise.
        // Without input noise the column would repeat the input: left empty, it is left out.
        if (noise.active())
            row.noisy = core::addNoise(row.input, noise, result_->config.training.seed + i);
        rows.push_back(std::move(row));
    }
    grid_->setRows(std::move(rows), static_cast<int>(data.sampleShape[0]),
                   static_cast<int>(data.sampleShape[1]), static_cast<int>(data.sampleShape[2]));
}

}  // namespace awb::ui

namespace awb::ui {

void InspectionPanel::showSeries() {
    if (!result_) return;
    const auto& p = result_->prepared;
    const size_t f = p.data.sampleSize();
    const size_t feature = static_cast<size_t>(std::max(0, seriesFeature_->currentIndex()));
    if (feature >= f) return;
    std::vector<double> signal(p.data.size()), rec;
    for (size_t i = 0; i < p.data.size(); ++i) signal[i] = p.data.sample(i)[feature];
    if (seriesReconstruction_.size() == p.data.size() * f) {
        rec.resize(p.data.size());
        for (size_t i = 0; i < p.data.size(); ++i) rec[i] = seriesReconstruction_[i * f + feature];
    }
    const size_t testStart = p.split.test.empty() ? p.data.size() : p.split.test.front();
    series_->setSeries(signal, rec, p.anomaly, result_->evaluation.scores, testStart,
                       seriesFeature_->currentText());
    const core::Family* family = core::findFamily(result_->config.model.family);
    const auto weights = result_->model ? result_->model->termWeights() : std::vector<double>{};
    if (family && result_->seriesTerms.size() >= 2 &&
        weights.size() == result_->seriesTerms.size()) {
        // Each term's weighted share of the score, so the one that drives it shows.
        auto parts = core::pointTerms(*result_);
        QStringList names;
        for (size_t t = 0; t < parts.size(); ++t) {
            for (double& v : parts[t]) v *= weights[t];
            names << tr("%1·%2 (%3)")
                         .arg(weights[t], 0, 'g', 3)
                         .arg(QString::fromStdString(family->terms[t].name),
                              QString::fromStdString(family->terms[t].description));
        }
        series_->setScoreParts(parts, names);
    } else {
        series_->setScoreParts({}, {});
    }
    series_->setThreshold(result_->evaluation.threshold);
}

void InspectionPanel::showWindowAround(int index) {
    // The chosen feature over one window either side of the point, with its reconstruction.
    const auto& data = result_->prepared.data;
    const size_t f = data.sampleSize();
    const size_t feature = static_cast<size_t>(std::max(0, seriesFeature_->currentIndex()));
    const size_t length = static_cast<size_t>(result_->config.data.windowLength);
    const size_t first = static_cast<size_t>(index) >= length ? index - length : 0;
    const size_t last = std::min(data.size(), static_cast<size_t>(index) + length + 1);
    std::vector<float> input, rec;
    for (size_t i = first; i < last; ++i) {
        input.push_back(data.sample(i)[feature % f]);
        if (seriesReconstruction_.size() == data.size() * f)
            rec.push_back(seriesReconstruction_[i * f + feature % f]);
    }
    if (rec.size() != input.size()) rec = input;
    const double score = result_->evaluation.scores[index];
    sample_->setSample(
        input, rec,
        tr("points %1-%2 around point %3 (%4): score %5, %6")
            .arg(first)
            .arg(last - 1)
            .arg(index)
            .arg(result_->prepared.anomaly[index] ? tr("labelled anomaly") : tr("labelled normal"))
            .arg(score, 0, 'g', 4)
            .arg(verdict(size_t(index))));
}

QString InspectionPanel::classTitle(const std::string& label) const {
    const QString value = QString::fromStdString(label);
    const auto& titles = result_->config.data.classTitles;
    bool numeric = false;
    const int k = value.toInt(&numeric);
    if (!numeric || k < 0 || size_t(k) >= titles.size()) return value;
    return QStringLiteral("%1 (%2)").arg(value, QString::fromStdString(titles[size_t(k)]));
}

QString InspectionPanel::sampleName(size_t index) const {
    const std::string place = core::samplePlace(result_->prepared, index);
    return place.empty() ? QStringLiteral("#%1").arg(index)
                         : QStringLiteral("#%1 (%2)").arg(index).arg(QString::fromStdString(place));
}

QString InspectionPanel::classText(size_t index) const {
    const auto& data = result_->prepared.data;
    if (!data.hasLabels() || index >= data.labels.size()) return tr("unlabelled");
    const QString name = classTitle(data.classNames[size_t(data.labels[index])]);
    const bool anomaly =
        index < result_->prepared.anomaly.size() && result_->prepared.anomaly[index];
    return tr("class %1 = %2").arg(name, anomaly ? tr("anomaly") : tr("normal"));
}

QString InspectionPanel::verdict(size_t index) const {
    const double score = result_->evaluation.scores[index];
    if (!std::isfinite(score))
        return tr(
            "not scored (a latent-search model scores the test part and a share of the "
            "rows it trained on)");
    const bool flagged = score > result_->evaluation.threshold;
    if (!result_->prepared.data.hasLabels() || index >= result_->prepared.anomaly.size())
        return flagged ? tr("flagged") : tr("passed");
    if (result_->prepared.anomaly[index])
        return flagged ? tr("caught (true positive)") : tr("MISSED (false negative)");
    return flagged ? tr("false alarm (false positive)") : tr("passed (true negative)");
}

QString InspectionPanel::setTermBalance(double weight) {
    if (!result_ || !result_->model) return tr("no run");
    if (result_->model->termWeights().size() != 2)
        return tr("this family's score has no two terms to balance");
    // From the kept window terms: no pass of the network.
    if (auto st = core::setTermWeights(*result_, {weight, 1 - weight}); !st)
        return QString::fromStdString(st.error().message);
    setResult(result_);
    return {};
}

}  // namespace awb::ui

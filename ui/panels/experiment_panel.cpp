// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/experiment_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/data/idx_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "core/models/family.h"
#include "core/models/model.h"
#include "core/training/noise.h"
#include "ui/plots/sample_plot.h"

namespace awb::ui {

namespace {

/// A preset the window starts from: an installed or user copy that does not load (another
/// version's keys, a typo) gives way to the built-in one, with the reason on stderr.
core::ExperimentConfig startingPreset(const char* name) {
    auto p = core::preset(name);
    if (p) return *p;
    std::fprintf(stderr, "anomaly-workbench: %s; using the built-in preset\n",
                 p.error().message.c_str());
    auto builtIn = core::builtInPreset(name);
    return builtIn ? *builtIn : core::ExperimentConfig{};
}

QString joined(const std::vector<std::string>& items) {
    QStringList out;
    for (const auto& i : items) out << QString::fromStdString(i);
    return out.join(QStringLiteral(", "));
}

}  // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    buildDataGroup(layout);
    buildNetworkGroup(layout);
    buildTrainingGroup(layout);
    problemLabel_ = new QLabel(this);
    problemLabel_->setWordWrap(true);
    problemLabel_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    layout->addWidget(problemLabel_);
    layout->addStretch(1);

    mapFields();
    connectFields();
    setConfig(startingPreset("synthetic-heartbeats"));
}

core::ExperimentConfig ExperimentPanel::config() const {
    core::ExperimentConfig c = base_;
    c.name = data_.builtin.empty() ? QFileInfo(QString::fromStdString(data_.path)).baseName().toStdString()
                                   : data_.builtin;
    c.data = data_;
    readLoadingFields(c.data);
    c.data.windowLength = timeSeries_->isChecked() ? windowLength_->value() : 0;
    c.data.windowStride = windowStride_->value();
    c.data.pointScore = pointScore_->currentText().toStdString();
    c.data.normalLabels.clear();
    for (const auto& part : normalLabels_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        c.data.normalLabels.push_back(part.trimmed().toStdString());
    }
    c.preprocessing.scaling = *core::parseScalingMethod(scaling_->currentText().toStdString());
    c.preprocessing.scope = *core::parseScalingScope(scope_->currentText().toStdString());
    c.preprocessing.split = {validationFraction_->value(), testFraction_->value()};
    auto sizes = [](const QString& text) {
        std::vector<int64_t> out;
        if (text.trimmed() == QStringLiteral("auto")) return out;
        for (const auto& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const qlonglong v = part.trimmed().toLongLong(&ok);
            out.push_back(ok ? v : -1);
        }
        return out;
    };
    c.model.family = family_->currentText().toStdString();
    c.model.layers = sizes(layers_->text());
    c.model.convChannels = sizes(convChannels_->text());
    c.model.latent = latent_->value();
    c.model.criticSteps = criticSteps_->value();
    c.model.searchSteps = searchSteps_->value();
    c.model.searchStarts = searchStarts_->value();
    c.model.discriminatorSteps = discriminatorSteps_->value();
    c.model.latentPer = latentPer_->currentText().toStdString();
    c.model.activation = activation_->currentText().toStdString();
    c.model.outputActivation = outputActivation_->currentText().toStdString();
    c.model.dropout = dropout_->value();
    c.model.usadVariant = usadVariant_->currentText().toStdString();
    c.training.loss = *core::parseLossKind(loss_->currentText().toStdString());
    c.training.optimizer = *core::parseOptimizerKind(optimizer_->currentText().toStdString());
    c.training.learningRate = learningRate_->value();
    c.training.epochs = epochs_->value();
    c.training.batchSize = batchSize_->value();
    c.training.patience = patience_->value();
    c.training.noiseStd = noiseStd_->value();
    c.training.noiseKind = *core::parseNoiseKind(noiseType_->currentText().toStdString());
    c.training.noiseAmount = noiseAmount_->value();
    c.training.seed = static_cast<uint64_t>(seed_->value());
    c.device = device_->currentText().toStdString();
    c.threads = threads_->value();
    // Weights of another family's terms (the family was changed here) would not validate.
    const core::Family* family = core::findFamily(c.model.family);
    if (family && c.model.termWeights.size() != family->terms.size()) c.model.termWeights.clear();
    return c;
}

void ExperimentPanel::setConfig(const core::ExperimentConfig& c) {
    const QSignalBlocker blockers[] = {QSignalBlocker(scaling_), QSignalBlocker(scope_)};
    data_ = c.data;
    base_ = c;
    labelColumn_->setText(QString::fromStdString(c.data.labelColumn));
    normalLabels_->setText(joined(c.data.normalLabels));
    {
        const QSignalBlocker b1(imageWidth_), b2(imageHeight_), b3(imageColour_);
        imageWidth_->setValue(c.data.imageWidth);
        imageHeight_->setValue(c.data.imageHeight);
        imageColour_->setChecked(c.data.imageChannels == 3);
    }
    {
        const QSignalBlocker b1(timeSeries_), b2(windowLength_), b3(windowStride_), b4(pointScore_);
        const bool ts = c.data.kind == core::DataKind::TimeSeries;
        timeSeries_->setChecked(ts);
        windowLength_->setValue(c.data.windowLength > 0 ? c.data.windowLength : 32);
        windowStride_->setValue(c.data.windowStride);
        pointScore_->setCurrentText(QString::fromStdString(c.data.pointScore));
        for (QWidget* w : std::initializer_list<QWidget*>{windowLength_, windowStride_, pointScore_}) w->setEnabled(ts);
    }
    scaling_->setCurrentText(core::toString(c.preprocessing.scaling));
    scope_->setCurrentText(core::toString(c.preprocessing.scope));
    testFraction_->setValue(c.preprocessing.split.test);
    validationFraction_->setValue(c.preprocessing.split.validation);
    QStringList layers;
    for (auto l : c.model.layers) layers << QString::number(l);
    layers_->setText(layers.join(QLatin1Char(',')));
    QStringList channels;
    for (auto ch : c.model.convChannels) channels << QString::number(ch);
    convChannels_->setText(channels.join(QLatin1Char(',')));
    latent_->setValue(static_cast<int>(c.model.latent));
    criticSteps_->setValue(c.model.criticSteps);
    searchSteps_->setValue(c.model.searchSteps);
    searchStarts_->setValue(c.model.searchStarts);
    discriminatorSteps_->setValue(c.model.discriminatorSteps);
    latentPer_->setCurrentText(QString::fromStdString(c.model.latentPer));
    family_->setCurrentText(QString::fromStdString(c.model.family));
    enableFamilySettings();
    activation_->setCurrentText(QString::fromStdString(c.model.activation));
    outputActivation_->setCurrentText(QString::fromStdString(c.model.outputActivation));
    dropout_->setValue(c.model.dropout);
    usadVariant_->setCurrentText(QString::fromStdString(c.model.usadVariant));
    loss_->setCurrentText(core::toString(c.training.loss));
    optimizer_->setCurrentText(core::toString(c.training.optimizer));
    learningRate_->setValue(c.training.learningRate);
    epochs_->setValue(c.training.epochs);
    batchSize_->setValue(c.training.batchSize);
    patience_->setValue(c.training.patience);
    noiseStd_->setValue(c.training.noiseStd);
    noiseAmount_->setValue(c.training.noiseAmount);
    noiseType_->setCurrentText(core::toString(c.training.noiseKind));
    noiseStd_->setEnabled(c.training.noiseKind == core::NoiseKind::Gaussian);
    noiseAmount_->setEnabled(c.training.noiseKind != core::NoiseKind::Gaussian);
    seed_->setValue(static_cast<int>(c.training.seed & 0x7fffffff));
    device_->setCurrentText(QString::fromStdString(c.device));
    threads_->setValue(c.threads);
    reloadData();
}

QString ExperimentPanel::openCsv(const QString& path) {
    core::DataConfig candidate = data_;
    candidate.builtin.clear();
    candidate.path = path.toStdString();
    candidate.labelsPath = core::siblingIdxLabels(candidate.path);
    readLoadingFields(candidate);
    auto loaded = core::loadData(candidate);
    if (loaded && loaded->kind == core::DataKind::Image) {
        candidate.kind = core::DataKind::Image;
    } else if (!loaded && candidate.labelsPath.empty()) {
        // The label column asked for is not in this file. The last column, where it reads as
        // labels (2 to 20 classes, ten samples or more a class on average: ODDS, ECG5000, most
        // labelled exports); else no label column: a file with no labels is still usable.
        candidate.labelColumn = "last";
        auto last = core::loadData(candidate);
        const size_t classes = last ? last->classNames.size() : 0;
        if (classes >= 2 && classes <= 20 && classes * 10 <= last->size()) {
            loaded = std::move(last);
        } else {
            candidate.labelColumn = "none";
            auto plain = core::loadData(candidate);
            if (!plain) return QString::fromStdString(loaded.error().message);
            loaded = std::move(plain);
        }
        labelColumn_->setText(QString::fromStdString(candidate.labelColumn));
    }
    if (!loaded) return QString::fromStdString(loaded.error().message);
    data_ = candidate;
    dataset_ = std::move(*loaded);
    if (!dataset_.classNames.empty()) {
        bool keep = false;
        for (const auto& n : config().data.normalLabels) {
            for (const auto& c : dataset_.classNames) keep |= core::sameLabel(c, n);
        }
        if (!keep) {
            // Anomalies are the rare class: the most frequent class is taken as normal (ODDS's 0,
            // ECG5000's 1, a benign majority), not the last one in order (ODDS's outliers).
            std::vector<size_t> counts(dataset_.classNames.size(), 0);
            for (int l : dataset_.labels) ++counts[size_t(l)];
            const size_t most =
                size_t(std::max_element(counts.begin(), counts.end()) - counts.begin());
            normalLabels_->setText(QString::fromStdString(dataset_.classNames[most]));
        }
    }
    fitTrainingToOpenedData();
    showLoaded();
    return {};
}

void ExperimentPanel::fitTrainingToOpenedData() {
    // The starting preset's fixed training (25 epochs at batch 64, global scaling) suits its
    // built-in beats; a file of the user's own gets the defaults that fit the data, unless those
    // fields were changed by hand.
    const auto start = startingPreset("synthetic-heartbeats");
    const core::TrainingConfig defaults;
    if (epochs_->value() == start.training.epochs &&
        batchSize_->value() == start.training.batchSize &&
        patience_->value() == start.training.patience) {
        epochs_->setValue(defaults.epochs);
        batchSize_->setValue(defaults.batchSize);
        patience_->setValue(defaults.patience);
        // The starting preset's ReLU too (not another preset's, chosen on purpose).
        if (activation_->currentText().toStdString() == start.model.activation)
            activation_->setCurrentText(QString::fromStdString(core::ModelSpec{}.activation));
    }
    const core::Family* family = core::findFamily(family_->currentText().toStdString());
    if (family && family->defaultLayers && config().model.layers == start.model.layers) {
        layers_->clear();  // automatic widths
    }
    const bool rows = data_.kind == core::DataKind::Tabular || data_.kind == core::DataKind::Series;
    if (rows && scope_->currentText() == core::toString(start.preprocessing.scope) &&
        start.preprocessing.scope == core::ScalingScope::Global) {
        scope_->setCurrentText(
            core::toString(core::ScalingScope::PerFeature));  // features on their own scales
    }
}

void ExperimentPanel::useBuiltin() {
    auto c = config();
    const auto builtin = startingPreset("synthetic-heartbeats");
    c.data = builtin.data;
    setConfig(c);
}

void ExperimentPanel::useBuiltinSeries() { setConfig(startingPreset("synthetic-timeseries")); }

void ExperimentPanel::readLoadingFields(core::DataConfig& d) const {
    d.labelColumn = labelColumn_->text().trimmed().toStdString();
    d.imageWidth = imageWidth_->value();
    d.imageHeight = imageHeight_->value();
    d.imageChannels = imageColour_->isChecked() ? 3 : 1;
}

void ExperimentPanel::reloadData() {
    core::DataConfig d = data_;
    readLoadingFields(d);
    auto loaded = core::loadData(d);
    if (!loaded) {
        Q_EMIT failed(QString::fromStdString(loaded.error().message));
        revalidate();
        return;
    }
    data_ = d;
    dataset_ = std::move(*loaded);
    showLoaded();
}

QString ExperimentPanel::sourceText() const { return source_->toolTip(); }

void ExperimentPanel::showLoaded() {
    const bool folder = core::isDirectory(data_.path);
    for (QWidget* w : std::initializer_list<QWidget*>{imageWidth_, imageHeight_, imageColour_}) w->setEnabled(folder);
    labelColumn_->setEnabled(!folder && data_.kind != core::DataKind::Image);
    // A built-in set names itself (heartbeats or time series) in its source.
    const QString source =
        QString::fromStdString(data_.builtin.empty() ? data_.path : dataset_.source);
    // A long path may break after any '/' or '_' (a zero-width space there): it wraps in a
    // narrow dock instead of widening it. The tooltip and sourceText() keep it exact.
    QString breakable = source;
    breakable.replace(QLatin1Char('/'), QStringLiteral("/\u200B"));
    breakable.replace(QLatin1Char('_'), QStringLiteral("_\u200B"));
    source_->setText(breakable);
    source_->setToolTip(source);
    counts_->setText(summary());
    updatePreview();
    revalidate();
    Q_EMIT dataLoaded(summary());
}

}  // namespace awb::ui

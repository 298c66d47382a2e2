// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/experiment_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
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

QComboBox* combo(const QStringList& items, QWidget* parent) {
    auto* c = new QComboBox(parent);
    c->addItems(items);
    return c;
}

QDoubleSpinBox* number(double lo, double hi, double step, int decimals, QWidget* parent) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    return s;
}

QSpinBox* integer(int lo, int hi, QWidget* parent) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    return s;
}

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

    auto* data = new QGroupBox(tr("Data"), this);
    auto* df = new QFormLayout(data);
    source_ = new QLabel(data);
    source_->setWordWrap(true);
    counts_ = new QLabel(data);
    counts_->setWordWrap(true);
    labelColumn_ = new QLineEdit(data);
    labelColumn_->setToolTip(tr("first, last, none, a 0-based index or a header name"));
    normalLabels_ = new QLineEdit(data);
    normalLabels_->setToolTip(tr("label values of normal samples, separated by commas"));
    scaling_ = combo({"minmax", "standard", "none"}, data);
    scope_ = combo({"per-feature", "global"}, data);
    testFraction_ = number(0, 0.9, 0.05, 2, data);
    validationFraction_ = number(0, 0.9, 0.05, 2, data);
    df->addRow(tr("Source"), source_);
    df->addRow(tr("Classes"), counts_);
    df->addRow(tr("Label column"), labelColumn_);
    df->addRow(tr("Normal label(s)"), normalLabels_);
    // Image folders: every image is resized to one size and read as grey or colour.
    imageWidth_ = integer(0, 4096, data);
    imageHeight_ = integer(0, 4096, data);
    for (auto* s : {imageWidth_, imageHeight_}) {
        s->setSpecialValueText(tr("as found"));
        s->setToolTip(tr("Image folders: size every image is resized to; 'as found' = the first image's size"));
    }
    imageColour_ = new QCheckBox(tr("RGB"), data);
    imageColour_->setToolTip(tr("Image folders: read colour (3 channels) instead of grey"));
    auto* imageRow = new QHBoxLayout;
    imageRow->addWidget(imageWidth_);
    imageRow->addWidget(new QLabel(QStringLiteral("x"), data));
    imageRow->addWidget(imageHeight_);
    imageRow->addWidget(imageColour_);
    df->addRow(tr("Image size"), imageRow);
    // Time series: rows are time points; the model sees windows of them.
    timeSeries_ = new QCheckBox(tr("rows are time points (time series)"), data);
    windowLength_ = integer(0, 100000, data);
    QStringList windowed;
    for (const auto& name : core::modelFamilies()) {
        if (core::findFamily(name)->input == core::InputKind::Windows)
            windowed << QString::fromStdString(name);
    }
    windowLength_->setToolTip(tr("Points per window the model sees (%1 need one)")
                                  .arg(windowed.join(QStringLiteral(", "))));
    windowStride_ = integer(1, 100000, data);
    windowStride_->setToolTip(tr("Points between training windows (scoring uses every window)"));
    pointScore_ = combo({"max", "mean", "local"}, data);
    pointScore_->setToolTip(tr("A point's score: the max or the mean of the scores of the windows covering it, "
                               "or local: the mean of the point's own error in those windows (an anomaly "
                               "does not lend its score to the normal points near it)"));
    auto* windowRow = new QHBoxLayout;
    windowRow->addWidget(windowLength_);
    windowRow->addWidget(new QLabel(tr("stride"), data));
    windowRow->addWidget(windowStride_);
    windowRow->addWidget(pointScore_);
    df->addRow(tr("Time series"), timeSeries_);
    df->addRow(tr("Window"), windowRow);
    df->addRow(tr("Scaling"), scaling_);
    df->addRow(tr("Scaling scope"), scope_);
    df->addRow(tr("Test fraction"), testFraction_);
    df->addRow(tr("Validation fraction"), validationFraction_);
    auto* builtin = new QPushButton(tr("Use built-in heartbeats"), data);
    auto* builtinSeries = new QPushButton(tr("Use built-in time series"), data);
    auto* builtinRow = new QHBoxLayout;
    builtinRow->addWidget(builtin);
    builtinRow->addWidget(builtinSeries);
    df->addRow(builtinRow);
    preview_ = new QTableWidget(data);
    preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    preview_->setMaximumHeight(150);
    preview_->verticalHeader()->setDefaultSectionSize(20);
    preview_->setToolTip(tr("The first rows as read (before scaling)"));
    df->addRow(preview_);
    layout->addWidget(data);

    auto* model = new QGroupBox(tr("Network"), this);
    auto* mf = new QFormLayout(model);
    QStringList families;
    QString familyHelp;
    for (const auto& name : core::modelFamilies()) {
        const core::Family* f = core::findFamily(name);
        families << QString::fromStdString(name);
        familyHelp +=
            QStringLiteral("%1%2 (reads %3): %4")
                .arg(familyHelp.isEmpty() ? QString() : QStringLiteral("\n"),
                     QString::fromStdString(name), QLatin1String(core::toString(f->input)),
                     QString::fromStdString(f->description));
    }
    family_ = combo(families, model);
    family_->setToolTip(familyHelp);
    convChannels_ = new QLineEdit(model);
    convChannels_->setToolTip(tr("conv families: channels of each downsampling level, e.g. 32,64"));
    latent_ = integer(0, 65536, model);
    latent_->setToolTip(tr("conv families: width of the dense code; 0 = none (a code larger than "
                           "the input learns to copy)"));
    layers_ = new QLineEdit(model);
    layers_->setToolTip(tr("encoder widths down to the code, e.g. 32,16,8; the decoder mirrors them"));
    activation_ = combo({"relu", "leaky-relu", "elu", "tanh", "sigmoid", "gelu"}, model);
    outputActivation_ = combo({"sigmoid", "tanh", "none"}, model);
    dropout_ = number(0, 0.95, 0.05, 2, model);
    usadVariant_ = combo({"reference-code", "paper-equations"}, model);
    usadVariant_->setToolTip(tr("USAD only. reference-code trains as the authors' published code: each "
                                "optimizer clears only its own gradients, so AE2's adversarial term cancels "
                                "in its decoder and the game is played in the shared encoder. paper-equations "
                                "steps each optimizer on its own loss alone, as the equations read; AE2 then "
                                "learns to push AE1's outputs away and the score can rank anomalies backwards "
                                "(NAB, 5 seeds: AUROC 0.08-0.56 on 4 of them with paper-equations, 0.89-0.95 on all with "
                                "reference-code)."));
    mf->addRow(tr("Model"), family_);
    mf->addRow(tr("Layers (dense)"), layers_);
    mf->addRow(tr("Conv channels"), convChannels_);
    mf->addRow(tr("Code width (conv)"), latent_);
    mf->addRow(tr("Activation"), activation_);
    mf->addRow(tr("Output activation"), outputActivation_);
    mf->addRow(tr("Dropout"), dropout_);
    mf->addRow(tr("USAD training"), usadVariant_);
    layout->addWidget(model);

    auto* training = new QGroupBox(tr("Training"), this);
    auto* tf = new QFormLayout(training);
    loss_ = combo({"mae", "mse"}, training);
    optimizer_ = combo({"adam", "sgd"}, training);
    learningRate_ = number(1e-6, 10, 1e-4, 6, training);
    epochs_ = integer(1, 100000, training);
    batchSize_ = integer(1, 1000000, training);
    noiseType_ = combo({"gaussian", "salt-pepper", "masking"}, training);
    noiseType_->setToolTip(tr("Corruption of the inputs while training; the target stays clean"));
    noiseAmount_ = number(0, 1, 0.05, 3, training);
    noiseAmount_->setToolTip(tr("Fraction of values set to 0/1 (salt-and-pepper) or to 0 (masking)"));
    noiseStd_ = number(0, 10, 0.05, 3, training);
    noiseStd_->setToolTip(tr("Gaussian noise added to inputs while training (denoising)"));
    seed_ = integer(0, 2147483647, training);
    device_ = combo({"cpu"}, training);
    if (core::cudaAvailable()) device_->addItem(QStringLiteral("cuda"));
    threads_ = integer(0, 256, training);
    threads_->setSpecialValueText(tr("auto (cores - 1)"));
    threads_->setToolTip(tr("Training threads. Auto leaves one core to the window and the display "
                            "server (all cores on a single-core machine); the command line's auto "
                            "uses every core."));
    tf->addRow(tr("Loss"), loss_);
    tf->addRow(tr("Optimizer"), optimizer_);
    tf->addRow(tr("Learning rate"), learningRate_);
    tf->addRow(tr("Epochs"), epochs_);
    tf->addRow(tr("Batch size"), batchSize_);
    tf->addRow(tr("Input noise"), noiseType_);
    tf->addRow(tr("Noise std (Gaussian)"), noiseStd_);
    tf->addRow(tr("Noise amount"), noiseAmount_);
    tf->addRow(tr("Seed"), seed_);
    tf->addRow(tr("Device"), device_);
    tf->addRow(tr("Threads"), threads_);
    noisePreview_ = new SamplePlot(training);
    noisePreview_->setNames(tr("clean"), tr("noisy input"));
    noisePreview_->setMinimumHeight(150);
    noisePreview_->xAxis->setLabel(QString());
    noisePreview_->yAxis->setLabel(QString());
    tf->addRow(noisePreview_);
    layout->addWidget(training);

    problemLabel_ = new QLabel(this);
    problemLabel_->setWordWrap(true);
    problemLabel_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    layout->addWidget(problemLabel_);
    layout->addStretch(1);

    connect(builtin, &QPushButton::clicked, this, &ExperimentPanel::useBuiltin);
    connect(builtinSeries, &QPushButton::clicked, this, &ExperimentPanel::useBuiltinSeries);
    connect(timeSeries_, &QCheckBox::toggled, this, [this](bool on) {
        windowLength_->setEnabled(on);
        windowStride_->setEnabled(on);
        pointScore_->setEnabled(on);
        if (data_.kind != core::DataKind::Image) {
            data_.kind = on ? core::DataKind::TimeSeries : core::DataKind::Tabular;
            if (!data_.path.empty()) reloadData();  // the timestamp column depends on it
        }
        revalidate();
    });
    for (auto* w : {windowLength_, windowStride_}) connect(w, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    connect(pointScore_, &QComboBox::currentIndexChanged, this, &ExperimentPanel::revalidate);
    for (auto* e : {labelColumn_, normalLabels_, layers_, convChannels_}) {
        connect(e, &QLineEdit::textEdited, this, &ExperimentPanel::revalidate);
    }
    connect(labelColumn_, &QLineEdit::editingFinished, this, &ExperimentPanel::reloadData);
    for (auto* s : {imageWidth_, imageHeight_}) {
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
        connect(s, &QSpinBox::editingFinished, this, &ExperimentPanel::reloadData);
    }
    connect(imageColour_, &QCheckBox::toggled, this, &ExperimentPanel::reloadData);
    connect(latent_, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    // Only the sizes of the chosen family can be edited.
    connect(family_, &QComboBox::currentIndexChanged, this, &ExperimentPanel::enableFamilySettings);
    for (auto* c : {family_, scaling_, scope_, activation_, outputActivation_, loss_, optimizer_, device_}) {
        connect(c, &QComboBox::currentIndexChanged, this, &ExperimentPanel::revalidate);
    }
    for (auto* s : {testFraction_, validationFraction_, dropout_, learningRate_, noiseStd_, noiseAmount_}) {
        connect(s, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    }
    connect(noiseStd_, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::updateNoisePreview);
    connect(noiseAmount_, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::updateNoisePreview);
    connect(noiseType_, &QComboBox::currentIndexChanged, this, [this] {
        const bool gaussian = noiseType_->currentIndex() == 0;
        noiseStd_->setEnabled(gaussian);
        noiseAmount_->setEnabled(!gaussian);
        updateNoisePreview();
        revalidate();
    });
    for (auto* s : {epochs_, batchSize_, seed_, threads_}) {
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    }
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
    c.model.activation = activation_->currentText().toStdString();
    c.model.outputActivation = outputActivation_->currentText().toStdString();
    c.model.dropout = dropout_->value();
    c.model.usadVariant = usadVariant_->currentText().toStdString();
    c.training.loss = *core::parseLossKind(loss_->currentText().toStdString());
    c.training.optimizer = *core::parseOptimizerKind(optimizer_->currentText().toStdString());
    c.training.learningRate = learningRate_->value();
    c.training.epochs = epochs_->value();
    c.training.batchSize = batchSize_->value();
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
        // Retry without a label column: a file with no labels is still usable.
        candidate.labelColumn = "none";
        auto plain = core::loadData(candidate);
        if (!plain) return QString::fromStdString(loaded.error().message);
        loaded = std::move(plain);
        labelColumn_->setText(QStringLiteral("none"));
    }
    if (!loaded) return QString::fromStdString(loaded.error().message);
    data_ = candidate;
    dataset_ = std::move(*loaded);
    if (!dataset_.classNames.empty()) {
        bool keep = false;
        for (const auto& n : config().data.normalLabels) {
            for (const auto& c : dataset_.classNames) keep |= core::sameLabel(c, n);
        }
        if (!keep) normalLabels_->setText(QString::fromStdString(dataset_.classNames.back()));
    }
    showLoaded();
    return {};
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

QString ExperimentPanel::sourceText() const { return source_->text(); }

void ExperimentPanel::showLoaded() {
    const bool folder = core::isDirectory(data_.path);
    for (QWidget* w : std::initializer_list<QWidget*>{imageWidth_, imageHeight_, imageColour_}) w->setEnabled(folder);
    labelColumn_->setEnabled(!folder && data_.kind != core::DataKind::Image);
    // A built-in set names itself (heartbeats or time series) in its source.
    source_->setText(QString::fromStdString(data_.builtin.empty() ? data_.path : dataset_.source));
    counts_->setText(summary());
    updatePreview();
    revalidate();
    Q_EMIT dataLoaded(summary());
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
// ExperimentPanel: the form (its three groups, the signals that revalidate, and which setting of
// the settings table each field edits: its help and the error outline come from that table).
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>

#include "core/experiment/experiment_config.h"
#include "core/models/family.h"
#include "core/models/model.h"
#include "core/models/model_spec.h"
#include "ui/panels/collapsible_section.h"
#include "ui/panels/experiment_panel.h"
#include "ui/plots/image_grid.h"
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

}  // namespace

void ExperimentPanel::buildDataGroup(QBoxLayout* into) {
    auto* dataSection = new CollapsibleSection(tr("Data"), true, this);
    layoutSection_ = new CollapsibleSection(tr("Layout and split"), false, this);
    QWidget* data = dataSection->body();
    QFormLayout* df = dataSection->form();
    QFormLayout* lf = layoutSection_->form();
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
        s->setToolTip(tr(
            "Image folders: size every image is resized to; 'as found' = the first image's size"));
    }
    imageColour_ = new QCheckBox(tr("RGB"), data);
    imageColour_->setToolTip(tr("Image folders: read colour (3 channels) instead of grey"));
    auto* imageRow = new QHBoxLayout;
    imageRow->addWidget(imageWidth_);
    imageRow->addWidget(new QLabel(QStringLiteral("x"), data));
    imageRow->addWidget(imageHeight_);
    imageRow->addWidget(imageColour_);
    lf->addRow(tr("Image size"), imageRow);
    // Time series: rows are time points; the model sees windows of them.
    timeSeries_ = new QCheckBox(tr("rows are time points (time series)"), data);
    timeSeries_->setToolTip(
        tr("On: each row is one moment of a series (a sensor log); the model "
           "sees windows of consecutive rows and every point gets a score. "
           "Off: each row is a sample of its own (a beat, a transaction)."));
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
    pointScore_->setToolTip(
        tr("A point's score: the max or the mean of the scores of the windows covering it, "
           "or local: the mean of the point's own error in those windows (an anomaly "
           "does not lend its score to the normal points near it)"));
    auto* windowRow = new QHBoxLayout;
    windowRow->addWidget(windowLength_);
    windowRow->addWidget(new QLabel(tr("stride"), data));
    windowRow->addWidget(windowStride_);
    lf->addRow(tr("Time series"), timeSeries_);
    lf->addRow(tr("Window"), windowRow);
    lf->addRow(tr("Point score"), pointScore_);
    lf->addRow(tr("Scaling"), scaling_);
    lf->addRow(tr("Scaling scope"), scope_);
    lf->addRow(tr("Test fraction"), testFraction_);
    lf->addRow(tr("Validation fraction"), validationFraction_);
    auto* builtin = new QPushButton(tr("Heartbeats"), data);
    builtin->setToolTip(tr("Built-in data: 2000 synthetic heartbeats of 140 points, 5 classes"));
    auto* builtinSeries = new QPushButton(tr("Time series"), data);
    builtinSeries->setToolTip(
        tr("Built-in data: a synthetic sensor series with labelled anomalous stretches"));
    auto* builtinRow = new QHBoxLayout;
    builtinRow->addWidget(builtin);
    builtinRow->addWidget(builtinSeries);
    builtinRow->addStretch(1);
    df->addRow(tr("Built-in"), builtinRow);
    preview_ = new QTableWidget(data);
    preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    preview_->setMaximumHeight(150);
    preview_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    preview_->setToolTip(tr("The first rows as read (before scaling)"));
    df->addRow(preview_);
    connect(builtin, &QPushButton::clicked, this, &ExperimentPanel::useBuiltin);
    connect(builtinSeries, &QPushButton::clicked, this, &ExperimentPanel::useBuiltinSeries);
    into->addWidget(dataSection);
    into->addWidget(layoutSection_);
}

void ExperimentPanel::buildNetworkGroup(QBoxLayout* into) {
    auto* section = new CollapsibleSection(tr("Network"), true, this);
    QWidget* model = section->body();
    QFormLayout* mf = section->form();
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
    latent_->setToolTip(
        tr("conv families: width of the dense code; 0 = none (a code larger than "
           "the input learns to copy). GAN families: the generator's latent dimension (at "
           "least 1)"));
    layers_ = new QLineEdit(model);
    layers_->setPlaceholderText(tr("auto: 3/4, 1/2, 1/4 of the inputs (32,16,8 to 512 each)"));
    layers_->setToolTip(
        tr("encoder widths down to the code, e.g. 32,16,8; the decoder mirrors them"));
    activation_ = combo({"relu", "leaky-relu", "elu", "tanh", "sigmoid", "gelu"}, model);
    outputActivation_ = combo({"sigmoid", "tanh", "none"}, model);
    dropout_ = number(0, 0.95, 0.05, 2, model);
    usadVariant_ = combo({"reference-code", "paper-equations"}, model);
    usadVariant_->setToolTip(tr(
        "USAD only. reference-code trains as the authors' published code: each "
        "optimizer clears only its own gradients, so AE2's adversarial term cancels "
        "in its decoder and the game is played in the shared encoder. paper-equations "
        "steps each optimizer on its own loss alone, as the equations read; AE2 then "
        "learns to push AE1's outputs away and the score can rank anomalies backwards "
        "(NAB, 5 seeds: AUROC 0.08-0.56 on 4 of them with paper-equations, 0.89-0.95 on all with "
        "reference-code)."));
    criticSteps_ = integer(1, 100, model);
    criticSteps_->setToolTip(
        tr("f-AnoGAN: critic steps per generator step in its WGAN-GP phase (the paper's 5)"));
    searchSteps_ = integer(1, 100000, model);
    searchSteps_->setToolTip(
        tr("AnoGAN, MAD-GAN: gradient steps of the latent search that scores each sample; "
           "scoring time grows with them (500 in the common implementations)"));
    searchStarts_ = integer(0, core::kMaxSearchStarts, model);
    searchStarts_->setToolTip(
        tr("MAD-GAN: fixed candidate codes; each window's search starts from the one whose "
           "generated window matches it best (0: from the zero code). A descent from one start "
           "stops at the nearest dip of the residual (a wave's phase)."));
    discriminatorSteps_ = integer(1, 100, model);
    discriminatorSteps_->setToolTip(
        tr("MAD-GAN: discriminator steps per generator step. A discriminator that cannot tell "
           "the generator's windows from real ones (its loss near 1.39) teaches the generator "
           "little; more of its steps keep it ahead."));
    latentPer_ = combo({"step", "window"}, model);
    latentPer_->setToolTip(
        tr("MAD-GAN: step gives the generator a latent code at every time step (the authors'); "
           "a search then fits nearly any smooth window, trained or not. window gives one code "
           "for the whole window: the generator must learn the normal windows' shapes, and the "
           "search's residual tells them from the rest."));
    networkForm_ = mf;
    mf->addRow(tr("Model"), family_);
    mf->addRow(tr("Layers (dense)"), layers_);
    mf->addRow(tr("Conv channels"), convChannels_);
    mf->addRow(tr("Code / latent width"), latent_);
    mf->addRow(tr("Activation"), activation_);
    mf->addRow(tr("Output activation"), outputActivation_);
    mf->addRow(tr("Dropout"), dropout_);
    mf->addRow(tr("USAD training"), usadVariant_);
    mf->addRow(tr("Critic steps (f-AnoGAN)"), criticSteps_);
    mf->addRow(tr("Search steps (AnoGAN, MAD-GAN)"), searchSteps_);
    mf->addRow(tr("Search starts (MAD-GAN)"), searchStarts_);
    mf->addRow(tr("Latent code per (MAD-GAN)"), latentPer_);
    mf->addRow(tr("Discriminator steps (MAD-GAN)"), discriminatorSteps_);
    into->addWidget(section);
}

void ExperimentPanel::buildTrainingGroup(QBoxLayout* into) {
    auto* section = new CollapsibleSection(tr("Training"), true, this);
    noiseSection_ = new CollapsibleSection(tr("Input noise (denoising)"), false, this);
    runSection_ = new CollapsibleSection(tr("Seed and threads"), false, this);
    QWidget* training = section->body();
    QFormLayout* tf = section->form();
    QFormLayout* nf = noiseSection_->form();
    QFormLayout* rf = runSection_->form();
    loss_ = combo({"mae", "mse"}, training);
    optimizer_ = combo({"adam", "sgd", "rmsprop"}, training);
    learningRate_ = number(1e-6, 10, 1e-4, 6, training);
    epochs_ = integer(0, 100000, training);
    epochs_->setSpecialValueText(tr("auto"));
    batchSize_ = integer(0, 1000000, training);
    batchSize_->setSpecialValueText(tr("auto"));
    patience_ = integer(0, 100000, training);
    patience_->setSpecialValueText(tr("off"));
    noiseType_ = combo({"gaussian", "salt-pepper", "masking"}, training);
    noiseType_->setToolTip(tr("Corruption of the inputs while training; the target stays clean"));
    noiseAmount_ = number(0, 1, 0.05, 3, training);
    noiseAmount_->setToolTip(
        tr("Fraction of values set to 0/1 (salt-and-pepper) or to 0 (masking)"));
    noiseStd_ = number(0, 10, 0.05, 3, training);
    noiseStd_->setToolTip(tr("Gaussian noise added to inputs while training (denoising)"));
    seed_ = integer(0, 2147483647, training);
    device_ = combo({"cpu"}, training);
    if (core::cudaAvailable()) device_->addItem(QStringLiteral("cuda"));
    threads_ = integer(0, 256, training);
    threads_->setSpecialValueText(tr("auto (cores - 1)"));
    threads_->setToolTip(
        tr("Training threads. Auto leaves one core to the window and the display "
           "server (all cores on a single-core machine); the command line's auto "
           "uses every core."));
    tf->addRow(tr("Loss"), loss_);
    tf->addRow(tr("Optimizer"), optimizer_);
    tf->addRow(tr("Learning rate"), learningRate_);
    tf->addRow(tr("Epochs"), epochs_);
    tf->addRow(tr("Batch size"), batchSize_);
    tf->addRow(tr("Early stopping patience"), patience_);
    nf->addRow(tr("Input noise"), noiseType_);
    nf->addRow(tr("Noise std (Gaussian)"), noiseStd_);
    nf->addRow(tr("Noise amount"), noiseAmount_);
    rf->addRow(tr("Seed"), seed_);
    rf->addRow(tr("Device"), device_);
    rf->addRow(tr("Threads"), threads_);
    noisePreview_ = new SamplePlot(training);
    noisePreview_->setNames(tr("clean"), tr("noisy input"));
    noisePreview_->setMinimumHeight(150);
    noisePreview_->xAxis->setLabel(QString());
    noisePreview_->yAxis->setLabel(QString());
    noiseImages_ = new ImageGrid(training);
    noiseImages_->setMinimumWidth(0);
    noiseStack_ = new QStackedWidget(training);
    noiseStack_->addWidget(noisePreview_);
    noiseStack_->addWidget(noiseImages_);
    nf->addRow(noiseStack_);
    into->addWidget(section);
    into->addWidget(noiseSection_);
    into->addWidget(runSection_);
}

void ExperimentPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange && preview_) {
        // Zoom: the preview's rows and columns grow with the text.
        preview_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
        preview_->resizeColumnsToContents();
    }
}

void ExperimentPanel::updateSectionSummaries(const core::ExperimentConfig& c) {
    QString layout = tr("scaling %1 (%2), test %3, validation %4")
                         .arg(scaling_->currentText(), scope_->currentText())
                         .arg(testFraction_->value(), 0, 'f', 2)
                         .arg(validationFraction_->value(), 0, 'f', 2);
    if (timeSeries_->isChecked() && c.data.windowLength > 0) {
        layout = tr("time series, windows of %1 (stride %2); ")
                     .arg(c.data.windowLength)
                     .arg(c.data.windowStride) +
                 layout;
    }
    layoutSection_->setSummary(layout);
    const auto spec = c.training.noise();
    noiseSection_->setSummary(
        !spec.active() ? tr("none (the model sees clean inputs)")
        : spec.kind == core::NoiseKind::Gaussian
            ? tr("gaussian, std %1").arg(spec.std)
            : tr("%1, amount %2").arg(noiseType_->currentText()).arg(spec.amount));
    runSection_->setSummary(
        tr("seed %1, %2, %3")
            .arg(seed_->value())
            .arg(device_->currentText(), threads_->value() == 0
                                             ? threads_->text()
                                             : tr("%1 threads").arg(threads_->value())));
}

void ExperimentPanel::connectFields() {
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
    for (auto* w : {windowLength_, windowStride_})
        connect(w, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
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
    connect(criticSteps_, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    connect(searchSteps_, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    connect(searchStarts_, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    connect(discriminatorSteps_, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    // Only the sizes of the chosen family can be edited.
    connect(family_, &QComboBox::currentIndexChanged, this, &ExperimentPanel::enableFamilySettings);
    for (auto* c : {family_, scaling_, scope_, activation_, outputActivation_, loss_, optimizer_,
                    device_, latentPer_}) {
        connect(c, &QComboBox::currentIndexChanged, this, &ExperimentPanel::revalidate);
    }
    for (auto* s :
         {testFraction_, validationFraction_, dropout_, learningRate_, noiseStd_, noiseAmount_}) {
        connect(s, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    }
    connect(noiseStd_, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::updateNoisePreview);
    connect(noiseAmount_, &QDoubleSpinBox::valueChanged, this,
            &ExperimentPanel::updateNoisePreview);
    connect(noiseType_, &QComboBox::currentIndexChanged, this, [this] {
        const bool gaussian = noiseType_->currentIndex() == 0;
        noiseStd_->setEnabled(gaussian);
        noiseAmount_->setEnabled(!gaussian);
        updateNoisePreview();
        revalidate();
    });
    for (auto* s : {epochs_, batchSize_, patience_, seed_, threads_}) {
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::revalidate);
    }
}

void ExperimentPanel::mapFields() {
    fieldWidgets_ = {
        {"training.batch_size", batchSize_},
        {"training.epochs", epochs_},
        {"training.patience", patience_},
        {"training.learning_rate", learningRate_},
        {"training.optimizer", optimizer_},
        {"training.loss", loss_},
        {"training.noise_type", noiseType_},
        {"training.noise_std", noiseStd_},
        {"training.noise_amount", noiseAmount_},
        {"training.seed", seed_},
        {"model.family", family_},
        {"model.layers", layers_},
        {"model.dropout", dropout_},
        {"model.conv_channels", convChannels_},
        {"model.latent", latent_},
        {"model.usad_variant", usadVariant_},
        {"model.critic_steps", criticSteps_},
        {"model.search_steps", searchSteps_},
        {"model.search_starts", searchStarts_},
        {"model.discriminator_steps", discriminatorSteps_},
        {"model.latent_per", latentPer_},
        {"model.activation", activation_},
        {"model.output_activation", outputActivation_},
        {"preprocessing.scaling", scaling_},
        {"preprocessing.scaling_scope", scope_},
        {"preprocessing.validation_fraction", validationFraction_},
        {"preprocessing.test_fraction", testFraction_},
        {"device", device_},
        {"threads", threads_},
        {"data.image_channels", imageColour_},
        {"data.image_width", imageWidth_},
        {"data.image_height", imageHeight_},
        {"data.window_length", windowLength_},
        {"data.window_stride", windowStride_},
        {"data.point_score", pointScore_},
        {"data.label_column", labelColumn_},
        {"data.normal_labels", normalLabels_},
    };
    // The term weights have no field of their own in this form (the inspector weighs the terms
    // after a run); an error in them outlines the family.
    std::map<std::string, QWidget*> outlinedOnly = {
        {"model.term_weights", family_}, {"model.usad_alpha", family_}, {"model.lambda", family_}};
    // Each field's tooltip ends with the table's help and where the setting lives in a config
    // file and on the command line, so the window teaches the CLI.
    for (const core::ConfigField& f : core::configFields()) {
        auto it = fieldWidgets_.find(f.path());
        if (it == fieldWidgets_.end()) continue;
        QString tip = it->second->toolTip();
        if (!tip.isEmpty()) tip += QStringLiteral("\n\n");
        tip += QString::fromStdString(f.help);
        tip += tr("\nConfig: %1").arg(QString::fromStdString(f.path()));
        if (!f.flag.empty()) tip += tr("   Command line: --%1").arg(QString::fromStdString(f.flag));
        it->second->setToolTip(tip);
    }
    fieldWidgets_.insert(outlinedOnly.begin(), outlinedOnly.end());
}

}  // namespace awb::ui

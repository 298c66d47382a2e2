// SPDX-License-Identifier: GPL-3.0-or-later
// ExperimentPanel: what it shows of the data (preview, summary) and of the settings' validity
// (outlined fields).
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
#include <cstdio>
#include <map>

#include "core/data/idx_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "core/models/family.h"
#include "core/models/model.h"
#include "core/training/noise.h"
#include "ui/panels/collapsible_section.h"
#include "ui/panels/experiment_panel.h"
#include "ui/plots/image_grid.h"
#include "ui/plots/sample_plot.h"

namespace awb::ui {

QString ExperimentPanel::summary() const {
    QStringList parts;
    const auto counts = dataset_.classCounts();
    for (size_t c = 0; c < counts.size(); ++c) {
        parts << QStringLiteral("%1: %2")
                     .arg(QString::fromStdString(dataset_.classNames[c]))
                     .arg(counts[c]);
    }
    const auto& shape = dataset_.sampleShape;
    const QString each =
        shape.size() == 3
            ? tr("images of %1x%2, %3 channel(s)").arg(shape[2]).arg(shape[1]).arg(shape[0])
        : dataset_.kind == core::DataKind::TimeSeries
            ? tr("time points x %1 features%2")
                  .arg(dataset_.sampleSize())
                  .arg(dataset_.timestamps.empty()
                           ? QString()
                           : tr(" (%1 to %2)")
                                 .arg(QString::fromStdString(dataset_.timestamps.front()),
                                      QString::fromStdString(dataset_.timestamps.back())))
            : tr("x %1 features").arg(dataset_.sampleSize());
    return QStringLiteral("%1 %2%3")
        .arg(dataset_.size())
        .arg(each)
        .arg(parts.isEmpty() ? tr(", unlabelled")
                             : QStringLiteral("; ") + parts.join(QStringLiteral(", ")));
}

void ExperimentPanel::revalidate() {
    const auto c = config();
    QString why;
    if (auto st = core::validate(c); !st) why = QString::fromStdString(st.error().message);
    if (why.isEmpty() && dataset_.hasLabels()) {
        if (auto mask = dataset_.anomalyMask(c.data.normalLabels); !mask) {
            why = QString::fromStdString(mask.error().message);
        }
    }
    const core::Family* family = core::findFamily(c.model.family);
    if (why.isEmpty() && family && family->input == core::InputKind::Images &&
        dataset_.sampleShape.size() != 3) {
        why = tr("model.family: %1 needs images (channels x height x width); this data has flat "
                 "samples, use a family that reads rows")
                  .arg(family_->currentText());
    }
    if (why.isEmpty() && c.data.windowLength > 0 && dataset_.kind == core::DataKind::TimeSeries) {
        if (auto st =
                core::checkWindowFits(static_cast<size_t>(c.data.windowLength), dataset_.size());
            !st) {
            why = QString::fromStdString(st.error().message);
        }
    }
    if (why.isEmpty() && c.training.batchSize > static_cast<int>(dataset_.size())) {
        why = tr("training.batch_size: %1 is more than the %2 samples loaded")
                  .arg(c.training.batchSize)
                  .arg(dataset_.size());
    }
    const bool changed = why != problem_;
    problem_ = why;
    problemLabel_->setText(why);
    highlightField(why);
    updateSectionSummaries(c);
    if (changed || why.isEmpty()) Q_EMIT validityChanged(why.isEmpty());
}

}  // namespace awb::ui

namespace awb::ui {

void ExperimentPanel::updatePreview() {
    constexpr int kRows = 5, kColumns = 12;
    const auto& d = dataset_;
    const int features = static_cast<int>(std::min<size_t>(d.sampleSize(), kColumns));
    const int rows = static_cast<int>(std::min<size_t>(d.size(), kRows));
    const bool labels = d.hasLabels();
    preview_->clear();
    preview_->setRowCount(rows);
    preview_->setColumnCount(features + (labels ? 1 : 0));
    QStringList headers;
    if (labels) headers << QString::fromStdString(d.labelName.empty() ? "label" : d.labelName);
    for (int f = 0; f < features; ++f) {
        headers << (static_cast<size_t>(f) < d.featureNames.size()
                        ? QString::fromStdString(d.featureNames[f])
                        : QString::number(f));
    }
    preview_->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < rows; ++r) {
        int c = 0;
        if (labels) {
            preview_->setItem(
                r, c++, new QTableWidgetItem(QString::fromStdString(d.classNames[d.labels[r]])));
        }
        for (int f = 0; f < features; ++f) {
            preview_->setItem(r, c++,
                              new QTableWidgetItem(QString::number(d.sample(r)[f], 'g', 5)));
        }
    }
    preview_->resizeColumnsToContents();
    updateNoisePreview();
}

void ExperimentPanel::updateNoisePreview() {
    if (dataset_.size() == 0) return;
    // The first sample, min-max scaled over the loaded data as training would see it, with the
    // Gaussian noise of the current setting (seeded, so the preview is stable).
    const size_t n = dataset_.sampleSize();
    const auto [lo, hi] = std::minmax_element(dataset_.values.begin(), dataset_.values.end());
    const float range = *hi > *lo ? *hi - *lo : 1.0f;
    std::vector<float> clean(n);
    for (size_t i = 0; i < n; ++i) clean[i] = (dataset_.sample(0)[i] - *lo) / range;
    const auto spec = config().training.noise();
    const auto noisy = core::addNoise(clean, spec, static_cast<uint64_t>(seed_->value()));
    const QString title = tr("noise preview: %1 %2")
                              .arg(noiseType_->currentText())
                              .arg(spec.kind == core::NoiseKind::Gaussian ? spec.std : spec.amount);
    const auto& shape = dataset_.sampleShape;
    const bool image = dataset_.kind == core::DataKind::Image && shape.size() == 3;
    noiseStack_->setCurrentIndex(image ? 1 : 0);
    if (image) {
        // A picture for pictures: the clean image beside the noisy one.
        ImageRow row;
        row.title = title;
        row.input = clean;
        row.noisy = noisy;
        std::vector<ImageRow> rows;
        rows.push_back(std::move(row));
        noiseImages_->setRows(std::move(rows), int(shape[0]), int(shape[1]), int(shape[2]));
        return;
    }
    noisePreview_->setSample(clean, noisy, title);
}

void ExperimentPanel::enableFamilySettings() {
    // Only the settings the chosen family reads can be edited.
    const core::Family* f = core::findFamily(family_->currentText().toStdString());
    auto uses = [f](core::Setting s) { return f && f->uses(s); };
    layers_->setEnabled(uses(core::Setting::Layers));
    convChannels_->setEnabled(uses(core::Setting::ConvChannels));
    latent_->setEnabled(uses(core::Setting::Latent));
    activation_->setEnabled(uses(core::Setting::Activation));
    outputActivation_->setEnabled(uses(core::Setting::OutputActivation));
    dropout_->setEnabled(uses(core::Setting::Dropout));
    usadVariant_->setEnabled(uses(core::Setting::UsadVariant));
    criticSteps_->setEnabled(uses(core::Setting::CriticSteps));
    searchSteps_->setEnabled(uses(core::Setting::SearchSteps));
    searchStarts_->setEnabled(uses(core::Setting::SearchStarts));
    discriminatorSteps_->setEnabled(uses(core::Setting::DiscriminatorSteps));
    latentPer_->setEnabled(uses(core::Setting::LatentPer));
    // Rows of one family's own settings show only for it: the form stays short for the rest.
    if (networkForm_) {
        networkForm_->setRowVisible(usadVariant_, uses(core::Setting::UsadVariant));
        networkForm_->setRowVisible(criticSteps_, uses(core::Setting::CriticSteps));
        networkForm_->setRowVisible(searchSteps_, uses(core::Setting::SearchSteps));
        networkForm_->setRowVisible(searchStarts_, uses(core::Setting::SearchStarts));
        networkForm_->setRowVisible(discriminatorSteps_, uses(core::Setting::DiscriminatorSteps));
        networkForm_->setRowVisible(latentPer_, uses(core::Setting::LatentPer));
    }
}

void ExperimentPanel::highlightField(const QString& message) {
    // Core's errors name the setting ("model.layers[1]: ..."): its field is outlined.
    // Readers' messages name what they found instead.
    const std::pair<const char*, QWidget*> byWords[] = {
        {"preprocessing", testFraction_},
        {"normal label", normalLabels_},
        {"label column", labelColumn_},
        {"no column named", labelColumn_},
    };
    QWidget* target = nullptr;
    if (const core::ConfigField* f = core::fieldOfMessage(message.toStdString())) {
        if (auto it = fieldWidgets_.find(f->path()); it != fieldWidgets_.end()) target = it->second;
    }
    for (const auto& [words, widget] : byWords) {
        if (!target && message.contains(QLatin1String(words))) target = widget;
    }
    if (highlighted_) {
        highlighted_->setStyleSheet(QString());
        highlighted_->setToolTip(highlightedTip_);
    }
    highlighted_ = target;
    if (!highlighted_) return;
    highlightedTip_ = highlighted_->toolTip();
    // A folded section opens: the outlined field is never hidden.
    if (CollapsibleSection* section = sectionOf(highlighted_)) section->setExpanded(true);
    highlighted_->setStyleSheet(QStringLiteral("border: 2px solid #c0392b;"));
    highlighted_->setToolTip(
        highlightedTip_.isEmpty() ? message : message + QStringLiteral("\n\n") + highlightedTip_);
}

}  // namespace awb::ui

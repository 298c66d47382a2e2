// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>
#include <map>
#include <string>

#include "core/data/dataset.h"
#include "core/experiment/experiment_config.h"

class QComboBox;
class QFormLayout;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QCheckBox;
class QPushButton;
class QTableWidget;
class QBoxLayout;

namespace awb::ui {

class CollapsibleSection;
class ImageGrid;
class SamplePlot;

/// Data, network and training settings. Every change is validated at once and the reason shown
/// next to the fields, so Train is only enabled for a runnable experiment.
class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    /// The experiment the fields describe (not validated).
    awb::core::ExperimentConfig config() const;
    void setConfig(const awb::core::ExperimentConfig& config);
    /// Empty when the settings are runnable, else why not.
    QString problem() const { return problem_; }
    /// What the Source row says: the file, or which built-in set.
    QString sourceText() const;
    /// The field widget marked as wrong, or null.
    QWidget* highlightedField() const { return highlighted_; }

    /// Reads a CSV with the current label settings; on failure the previous data stays and the
    /// error is returned.
    QString openCsv(const QString& path);
    const awb::core::Dataset& dataset() const { return dataset_; }

Q_SIGNALS:
    void validityChanged(bool runnable);
    void dataLoaded(const QString& summary);
    void failed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void revalidate();
    void reloadData();
    /// The form's fields that decide how data is read (label column, image size and colour).
    void readLoadingFields(awb::core::DataConfig& d) const;
    void useBuiltin();
    /// After a file is opened: automatic training and per-feature scaling where the form still
    /// holds the starting preset's values.
    void fitTrainingToOpenedData();
    void useBuiltinSeries();
    QString summary() const;
    /// Shows the data just loaded: source, class counts, preview; revalidates.
    void showLoaded();
    void updatePreview();
    void updateNoisePreview();
    void enableFamilySettings();
    void highlightField(const QString& message);
    // The form (experiment_panel_form.cpp).
    // Six sections: data, its layout and split, network, training, input noise, seed and
    // threads; the three that a class changes least start folded, with a summary.
    void buildDataGroup(QBoxLayout* into);
    void buildNetworkGroup(QBoxLayout* into);
    void buildTrainingGroup(QBoxLayout* into);
    /// The folded sections' one-line summaries, from the config revalidate() just read.
    void updateSectionSummaries(const awb::core::ExperimentConfig& c);
    void connectFields();
    /// Which setting of the settings table each field edits (fieldWidgets_), and its tooltip.
    void mapFields();

    awb::core::DataConfig data_;
    /// The last configuration set: what the form does not show (threshold rule, kernel size,
    /// test file, ...) is kept from it.
    awb::core::ExperimentConfig base_;
    awb::core::Dataset dataset_;
    QLabel* source_;
    QLabel* counts_;
    QLineEdit* labelColumn_;
    QLineEdit* normalLabels_;
    QSpinBox* imageWidth_;
    QSpinBox* imageHeight_;
    QCheckBox* imageColour_;
    QCheckBox* timeSeries_;
    QSpinBox* windowLength_;
    QSpinBox* windowStride_;
    QComboBox* pointScore_;
    QComboBox* scaling_;
    QComboBox* scope_;
    QDoubleSpinBox* testFraction_;
    QDoubleSpinBox* validationFraction_;
    QComboBox* family_;
    QLineEdit* layers_;
    QLineEdit* convChannels_;
    QSpinBox* latent_;
    QSpinBox* criticSteps_;
    QFormLayout* networkForm_ = nullptr;  ///< family-only rows are hidden for other families
    QSpinBox* searchSteps_;
    QSpinBox* searchStarts_;
    QSpinBox* discriminatorSteps_;
    QComboBox* latentPer_;
    QComboBox* activation_;
    QComboBox* outputActivation_;
    QDoubleSpinBox* dropout_;
    QComboBox* usadVariant_;
    QComboBox* loss_;
    QComboBox* optimizer_;
    QDoubleSpinBox* learningRate_;
    QSpinBox* epochs_;
    QSpinBox* batchSize_;
    QSpinBox* patience_;
    QComboBox* noiseType_;
    QDoubleSpinBox* noiseStd_;
    QDoubleSpinBox* noiseAmount_;
    QSpinBox* seed_;
    QComboBox* device_;
    QSpinBox* threads_;
    QTableWidget* preview_ = nullptr;
    SamplePlot* noisePreview_;
    ImageGrid* noiseImages_;      ///< the noise preview of image data
    CollapsibleSection* layoutSection_ = nullptr;
    CollapsibleSection* noiseSection_ = nullptr;
    CollapsibleSection* runSection_ = nullptr;
    QStackedWidget* noiseStack_;  ///< curve or pictures
    QLabel* problemLabel_;
    QString problem_;
    QWidget* highlighted_ = nullptr;
    QString highlightedTip_;  ///< the outlined field's own tooltip, given back when it is fixed
    std::map<std::string, QWidget*> fieldWidgets_;  ///< "model.layers" -> its field
};

}  // namespace awb::ui

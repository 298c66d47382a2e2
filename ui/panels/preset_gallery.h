// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <vector>

#include "core/experiment/presets.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace awb::ui {

/// The presets as a gallery, one entry per source experiment: what it shows and what to look at,
/// and whether its data is here. Load puts its settings and data on the form; Load and train
/// starts it too. A preset whose data file is missing says which and where it comes from.
class PresetGallery : public QDialog {
    Q_OBJECT
public:
    explicit PresetGallery(QWidget* parent = nullptr);

    /// Selects the named preset; false when there is none.
    bool select(const QString& name);
    QString currentName() const;
    /// The entries, in gallery order.
    const std::vector<awb::core::PresetInfo>& presets() const { return presets_; }

Q_SIGNALS:
    void chosen(const QString& name, bool train);

private:
    void showCurrent();
    void choose(bool train);

    std::vector<awb::core::PresetInfo> presets_;
    QListWidget* list_;
    QLabel* title_;
    QLabel* teaches_;
    QLabel* details_;
    QLabel* missing_;
    QPushButton* load_;
    QPushButton* train_;
};

}  // namespace awb::ui

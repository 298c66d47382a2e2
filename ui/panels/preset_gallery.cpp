// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/preset_gallery.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace awb::ui {

PresetGallery::PresetGallery(QWidget* parent) : QDialog(parent), presets_(core::presets()) {
    setWindowTitle(tr("Presets: the source experiments"));
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("presetList"));
    list_->setMinimumWidth(300);
    for (const auto& p : presets_) {
        auto* item =
            new QListWidgetItem(QString::fromStdString(p.title.empty() ? p.name : p.title), list_);
        item->setData(Qt::UserRole, QString::fromStdString(p.name));
        item->setToolTip(QString::fromStdString(p.description));
        // Greyed, not hidden: a class can see what installing the data would add.
        if (!p.missing.empty() && !p.needsUserData)
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
    }
    title_ = new QLabel(this);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title_->setFont(big);
    title_->setWordWrap(true);
    teaches_ = new QLabel(this);
    teaches_->setWordWrap(true);
    teaches_->setObjectName(QStringLiteral("presetTeaches"));
    details_ = new QLabel(this);
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    missing_ = new QLabel(this);
    missing_->setWordWrap(true);
    missing_->setStyleSheet(QStringLiteral("color: #a0522d;"));  // sienna: readable, not alarm red
    missing_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* right = new QVBoxLayout;
    right->addWidget(title_);
    right->addWidget(teaches_);
    right->addSpacing(8);
    right->addWidget(details_);
    right->addWidget(missing_);
    right->addStretch(1);
    auto* buttons = new QDialogButtonBox(this);
    load_ = buttons->addButton(tr("&Load"), QDialogButtonBox::AcceptRole);
    load_->setToolTip(tr("Put the preset's data and settings on the form; Train when ready"));
    train_ = buttons->addButton(tr("Load and &train"), QDialogButtonBox::AcceptRole);
    train_->setToolTip(tr("Load the preset and start training at once"));
    buttons->addButton(QDialogButtonBox::Close);
    right->addWidget(buttons);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(list_);
    layout->addLayout(right, 1);
    resize(900, 460);

    connect(list_, &QListWidget::currentRowChanged, this, &PresetGallery::showCurrent);
    connect(list_, &QListWidget::itemDoubleClicked, this, [this] { choose(false); });
    connect(load_, &QPushButton::clicked, this, [this] { choose(false); });
    connect(train_, &QPushButton::clicked, this, [this] { choose(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!presets_.empty()) list_->setCurrentRow(0);
}

bool PresetGallery::select(const QString& name) {
    for (int i = 0; i < list_->count(); ++i) {
        if (list_->item(i)->data(Qt::UserRole).toString() == name) {
            list_->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

QString PresetGallery::currentName() const {
    const auto* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void PresetGallery::showCurrent() {
    const int row = list_->currentRow();
    if (row < 0 || row >= int(presets_.size())) return;
    const auto& p = presets_[size_t(row)];
    title_->setText(QString::fromStdString(p.title.empty() ? p.name : p.title));
    teaches_->setText(QString::fromStdString(p.teaches));
    details_->setText(
        tr("Runs: %1\nName: %2 (the CLI's --preset %2)")
            .arg(QString::fromStdString(p.description), QString::fromStdString(p.name)));
    missing_->setText(QString::fromStdString(p.missing));
    missing_->setVisible(!p.missing.empty());
    const bool runnable = p.missing.empty() || p.needsUserData;
    load_->setEnabled(runnable);
    train_->setEnabled(p.missing.empty());
}

void PresetGallery::choose(bool train) {
    const QString name = currentName();
    if (name.isEmpty()) return;
    const int row = list_->currentRow();
    const auto& p = presets_[size_t(row)];
    if (!p.missing.empty() && !(p.needsUserData && !train)) return;
    accept();
    Q_EMIT chosen(name, train);
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/collapsible_section.h"

#include <QFormLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace awb::ui {

CollapsibleSection::CollapsibleSection(const QString& title, bool expanded, QWidget* parent)
    : QWidget(parent), title_(title) {
    header_ = new QToolButton(this);
    header_->setCheckable(true);
    header_->setChecked(expanded);
    header_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    header_->setAutoRaise(true);
    header_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QFont bold = header_->font();
    bold.setBold(true);
    header_->setFont(bold);
    summaryLabel_ = new QLabel(this);
    summaryLabel_->setWordWrap(true);
    summaryLabel_->setContentsMargins(24, 0, 0, 4);
    summaryLabel_->setForegroundRole(QPalette::PlaceholderText);
    body_ = new QWidget(this);
    form_ = new QFormLayout(body_);
    // Narrow dock: a label goes above its field rather than pushing the form sideways.
    form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form_->setContentsMargins(12, 0, 0, 6);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(header_);
    layout->addWidget(summaryLabel_);
    layout->addWidget(body_);
    body_->setVisible(expanded);
    connect(header_, &QToolButton::toggled, this, [this](bool on) {
        body_->setVisible(on);
        updateHeader();
        Q_EMIT expandedChanged(on);
    });
    updateHeader();
}

bool CollapsibleSection::isExpanded() const { return header_->isChecked(); }

void CollapsibleSection::setExpanded(bool expanded) { header_->setChecked(expanded); }

void CollapsibleSection::setSummary(const QString& summary) {
    summary_ = summary;
    updateHeader();
}

QString CollapsibleSection::headerText() const {
    return summaryLabel_->isVisibleTo(this) ? title_ + QStringLiteral(": ") + summary_ : title_;
}

void CollapsibleSection::updateHeader() {
    const bool open = header_->isChecked();
    header_->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    header_->setText(title_);
    summaryLabel_->setText(summary_);
    summaryLabel_->setVisible(!open && !summary_.isEmpty());
    header_->setToolTip(open ? tr("Click to fold these settings away")
                             : tr("Click to show these settings"));
}

CollapsibleSection* sectionOf(QWidget* w) {
    for (QWidget* p = w; p; p = p->parentWidget()) {
        if (auto* s = qobject_cast<CollapsibleSection*>(p)) return s;
    }
    return nullptr;
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QFormLayout;
class QLabel;
class QToolButton;

namespace awb::ui {

/// A titled part of a form that folds away: a header button (arrow, bold title) above a form;
/// while folded, a summary of its settings (wrapped, never widening the dock) shows instead. The
/// settings form uses it so the fields a class changes most are on screen at 1280x720 and the rest
/// are one click away.
class CollapsibleSection : public QWidget {
    Q_OBJECT
public:
    CollapsibleSection(const QString& title, bool expanded, QWidget* parent = nullptr);

    /// The section's form (labels wrap above their fields when the dock is narrow).
    QFormLayout* form() const { return form_; }
    QWidget* body() const { return body_; }
    bool isExpanded() const;
    void setExpanded(bool expanded);
    /// What the folded header shows after the title ("minmax, test 0.30").
    void setSummary(const QString& summary);
    /// The title and, while folded, the summary: what the reader sees of a folded section.
    QString headerText() const;

Q_SIGNALS:
    void expandedChanged(bool expanded);

private:
    void updateHeader();

    QString title_, summary_;
    QToolButton* header_;
    QLabel* summaryLabel_;
    QWidget* body_;
    QFormLayout* form_;
};

/// The section that holds `w` (nullptr when none): so an outlined field is unfolded.
CollapsibleSection* sectionOf(QWidget* w);

}  // namespace awb::ui

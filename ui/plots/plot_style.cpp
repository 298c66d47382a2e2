// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/plot_style.h"

#include <QEvent>
#include <QResizeEvent>
#include <algorithm>

#include "qcustomplot.h"

namespace awb::ui {

namespace {

QFont scaled(const QFont& base, double factor, bool bold) {
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}

void applyFonts(QCustomPlot* plot) {
    const QFont base = plot->font();
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            axis->setTickLabelFont(base);
            axis->setLabelFont(base);
        }
    }
    plot->legend->setFont(scaled(base, 0.9, false));
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            title->setFont(scaled(base, 1.1, true));
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i))) {
            // Cell labels (bold) read at a glance; notes stay a little smaller.
            const bool bold = text->font().bold();
            text->setFont(scaled(base, bold ? 1.15 : 0.9, bold));
        }
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

/// Fewer ticks on a short or narrow axis: labels never overlap (a 60-px high sample plot keeps
/// two or three, a full-height plot five). Never more than the plot chose itself (the series
/// tracks ask for three). True when a count changed.
bool fitTickCounts(QCustomPlot* plot) {
    bool changed = false;
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            QVariant most = axis->property("awbMostTicks");
            if (!most.isValid()) {
                most = std::min(5, axis->ticker()->tickCount());
                axis->setProperty("awbMostTicks", most);
            }
            const QFontMetrics fm(axis->tickLabelFont());
            const bool vertical = axis->orientation() == Qt::Vertical;
            const int room = vertical
                                 ? rect->height() / (2 * fm.height())
                                 : rect->width() / (7 * fm.horizontalAdvance(QLatin1Char('0')));
            const int n = std::clamp(room, 2, std::max(2, most.toInt()));
            if (axis->ticker()->tickCount() != n) {
                axis->ticker()->setTickCount(n);
                changed = true;
            }
        }
    }
    return changed;
}

class FontFollower : public QObject {
public:
    explicit FontFollower(QCustomPlot* plot) : QObject(plot), plot_(plot) {}
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == plot_ && event->type() == QEvent::FontChange) applyFonts(plot_);
        // A plot on a tab never shown gets an empty size when the window is grabbed: its replot
        // would paint into empty buffers (QPainter warnings). It replots when it gets a size.
        if (watched == plot_ && event->type() == QEvent::Resize &&
            static_cast<QResizeEvent*>(event)->size().isEmpty())
            return true;
        return false;
    }

private:
    QCustomPlot* plot_;
};

}  // namespace

QRgb heatColour(float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    const int r = static_cast<int>(255 * std::min(1.0f, t * 3));
    const int g = static_cast<int>(255 * std::clamp(t * 3 - 1, 0.0f, 1.0f));
    const int b = static_cast<int>(255 * std::clamp(t * 3 - 2, 0.0f, 1.0f));
    return qRgb(r, g, b);
}

void followWidgetFont(QCustomPlot* plot) {
    applyFonts(plot);
    const QString name = QStringLiteral("awbFontFollower");
    if (!plot->findChild<QObject*>(name, Qt::FindDirectChildrenOnly)) {
        auto* follower = new FontFollower(plot);
        follower->setObjectName(name);
        plot->installEventFilter(follower);
        // After the layout (the axis rects have their new size): a changed count shows at the
        // next replot, queued at once.
        QObject::connect(plot, &QCustomPlot::afterLayout, follower, [plot] {
            if (fitTickCounts(plot)) plot->replot(QCustomPlot::rpQueuedReplot);
        });
    }
}

}  // namespace awb::ui

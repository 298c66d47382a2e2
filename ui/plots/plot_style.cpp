// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/plot_style.h"

#include <QEvent>
#include <QResizeEvent>
#include <algorithm>
#include <cmath>

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

namespace {

/// Calls pixel(x, y, at, plane) for every pixel of an image of `values`, or returns false when
/// `values` is too short for it.
template <typename Pixel>
QImage paintPixels(const std::vector<float>& values, int channels, int height, int width,
                   Pixel pixel) {
    const size_t plane = size_t(std::max(0, height)) * size_t(std::max(0, width));
    if (plane == 0 || channels < 1 || values.size() < plane * size_t(channels)) return {};
    QImage img(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            img.setPixel(x, y, pixel(size_t(y) * size_t(width) + size_t(x), plane));
    }
    return img;
}

}  // namespace

QImage pictureOf(const std::vector<float>& v, int channels, int height, int width, float low,
                 float high) {
    const float range = high > low ? high - low : 1.0f;
    const auto byte = [low, range](float x) {
        return int(std::lround(std::clamp((x - low) / range, 0.0f, 1.0f) * 255));
    };
    return paintPixels(v, channels, height, width, [&](size_t at, size_t plane) {
        if (channels >= 3) return qRgb(byte(v[at]), byte(v[plane + at]), byte(v[2 * plane + at]));
        const int g = byte(v[at]);
        return qRgb(g, g, g);
    });
}

QImage heatPictureOf(const std::vector<float>& m, int channels, int height, int width, float max) {
    const float scale = max > 0 ? max : 1.0f;
    return paintPixels(m, channels, height, width, [&](size_t at, size_t plane) {
        float e = 0;
        for (int c = 0; c < channels; ++c) e = std::max(e, std::abs(m[size_t(c) * plane + at]));
        return heatColour(e / scale);
    });
}

void placeLegendInRow(QCustomPlot* plot, int row) {
    QCPLegend* legend = plot->legend;
    legend->setVisible(true);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setRowSpacing(0);
    legend->setMargins(QMargins(4, 0, 4, 0));
    plot->plotLayout()->insertRow(row);
    plot->plotLayout()->addElement(row, 0, legend);
    plot->plotLayout()->setRowStretchFactor(row, 0.001);
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

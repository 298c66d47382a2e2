// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/image_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/plots/plot_style.h"

namespace awb::ui {

ImageCanvas::ImageCanvas(QString caption, QWidget* parent)
    : QWidget(parent), caption_(std::move(caption)) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ImageCanvas::setImage(std::vector<float> values, int channels, int height, int width) {
    values_ = std::move(values);
    channels_ = std::max(1, channels);
    height_ = height;
    width_ = width;
    render();
}

void ImageCanvas::setCaption(const QString& caption) {
    caption_ = caption;
    update();
}

void ImageCanvas::setRange(float low, float high) {
    low_ = low;
    high_ = high > low ? high : low + 1;
    render();
}

void ImageCanvas::setLook(Look look, float heatMax) {
    look_ = look;
    heatMax_ = heatMax > 0 ? heatMax : 1;
    render();
}

void ImageCanvas::setEditable(bool editable) {
    editable_ = editable;
    setCursor(editable ? Qt::CrossCursor : Qt::ArrowCursor);
}

void ImageCanvas::render() {
    image_ = look_ == Look::Heat ? heatPictureOf(values_, channels_, height_, width_, heatMax_)
                                 : pictureOf(values_, channels_, height_, width_, low_, high_);
    update();
}

void ImageCanvas::stampAt(double cx, double cy) {
    const size_t plane = size_t(height_) * size_t(width_);
    if (plane == 0 || values_.size() < plane * size_t(channels_)) return;
    const int reach = int(std::ceil(radius_ + 1));
    std::normal_distribution<float> gauss(0.0f, float(noise_) * (high_ - low_));
    for (int y = int(cy) - reach; y <= int(cy) + reach; ++y) {
        for (int x = int(cx) - reach; x <= int(cx) + reach; ++x) {
            if (x < 0 || y < 0 || x >= width_ || y >= height_) continue;
            // A soft edge: full strength within the radius, fading over one pixel beyond it.
            const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
            const float w = float(std::clamp(radius_ + 0.5 - d, 0.0, 1.0));
            if (w <= 0) continue;
            for (int c = 0; c < channels_; ++c) {
                float& v = values_[size_t(c) * plane + size_t(y) * size_t(width_) + size_t(x)];
                switch (brush_) {
                    case Brush::Ink:
                        v += (high_ - v) * w;
                        break;
                    case Brush::Erase:
                        v += (low_ - v) * w;
                        break;
                    case Brush::Noise:
                        v = std::clamp(v + w * gauss(random_), low_, high_);
                        break;
                }
            }
        }
    }
}

void ImageCanvas::strokeTo(double x0, double y0, double x1, double y1) {
    // Stamps at a fixed spacing along the path (half a pixel; a pixel for noise), carried over
    // from one mouse move to the next: a slow stroke paints (and adds noise) as a fast one does.
    const double spacing = brush_ == Brush::Noise ? 1.0 : 0.5;
    const double length = std::hypot(x1 - x0, y1 - y0);
    double at = spacing - travelled_;
    for (; at <= length; at += spacing) {
        const double t = length > 0 ? at / length : 1.0;
        stampAt(x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    }
    travelled_ = length - (at - spacing);
    render();
    Q_EMIT edited();
}

QSize ImageCanvas::sizeHint() const { return {240, heightForWidth(240)}; }

QSize ImageCanvas::minimumSizeHint() const { return {112, heightForWidth(112)}; }

int ImageCanvas::heightForWidth(int width) const {
    const double aspect = width_ > 0 && height_ > 0 ? double(height_) / width_ : 1.0;
    return int(width * aspect) + fontMetrics().height() + 6;
}

QRect ImageCanvas::imageRect() const {
    // As large as fits, keeping the image's aspect (an image folder's need not be square).
    const int top = fontMetrics().height() + 6;
    const double aspect = width_ > 0 && height_ > 0 ? double(height_) / width_ : 1.0;
    int w = width(), h = int(w * aspect);
    if (h > height() - top) {
        h = std::max(1, height() - top);
        w = std::max(1, int(h / aspect));
    }
    return {(width() - w) / 2, top, w, h};
}

QPointF ImageCanvas::toImage(const QPointF& p) const {
    const QRect r = imageRect();
    return {(p.x() - r.left()) * width_ / double(r.width()),
            (p.y() - r.top()) * height_ / double(r.height())};
}

void ImageCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    p.drawText(QRect(0, 0, width(), fontMetrics().height() + 4), Qt::AlignCenter, caption_);
    const QRect r = imageRect();
    if (image_.isNull()) {
        p.drawText(r, Qt::AlignCenter, tr("no image"));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(r, image_);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r.adjusted(0, 0, -1, -1));
}

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
    if (!editable_ || event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    stroking_ = true;
    travelled_ = 0;
    last_ = toImage(event->position());
    stampAt(last_.x(), last_.y());
    render();
    Q_EMIT edited();
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!stroking_) return QWidget::mouseMoveEvent(event);
    const QPointF at = toImage(event->position());
    strokeTo(last_.x(), last_.y(), at.x(), at.y());
    last_ = at;
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
    stroking_ = false;
    QWidget::mouseReleaseEvent(event);
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/image_grid.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/plots/plot_style.h"

namespace awb::ui {

namespace {

constexpr int kMinCell = 56;
constexpr int kMaxCell = 320;
constexpr int kMaxTitleWidth = 210;
constexpr int kMinTitleWidth = 110;
constexpr int kHeader = 44;  ///< column names, and the error scale's bar under its column
constexpr int kGap = 8;
const char* const kColumns[4] = {"input", "noisy input", "reconstruction", "error |x - x'|"};

/// A cell with nothing to show (no noisy input, no reconstruction) is grey.
QImage orGrey(QImage img, int width, int height) {
    if (!img.isNull()) return img;
    QImage grey(width, height, QImage::Format_RGB32);
    grey.fill(Qt::gray);
    return grey;
}

}  // namespace

ImageGrid::ImageGrid(QWidget* parent) : QWidget(parent) {
    setMinimumWidth(kMinTitleWidth + 3 * (kMinCell + kGap));
}

int ImageGrid::columnCount() const { return int(visible_.size()); }

int ImageGrid::sourceColumn(int shown) const { return visible_[size_t(shown)]; }

int ImageGrid::titleWidth() const {
    // A quarter of a narrow grid (the live view's) for the titles, up to 210 px: the pictures
    // get the rest.
    return std::clamp(width() / 4, kMinTitleWidth, kMaxTitleWidth);
}

int ImageGrid::cellSize() const {
    return std::clamp((width() - titleWidth() - columnCount() * kGap) / columnCount(), kMinCell,
                      kMaxCell);
}

int ImageGrid::heightFor(int cell) const { return kHeader + rowCount() * (cell + kGap) + kGap; }

void ImageGrid::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Taller cells need more height: the scroll area scrolls what does not fit.
    const int h = heightFor(cellSize());
    if (minimumHeight() != h) setMinimumHeight(h);
}

void ImageGrid::setRows(std::vector<ImageRow> rows, int channels, int height, int width) {
    rows_ = std::move(rows);
    channels_ = channels;
    height_ = height;
    width_ = width;
    maxError_ = 1e-6f;
    for (const auto& r : rows_) {
        for (size_t i = 0; i < r.input.size() && i < r.reconstruction.size(); ++i) {
            maxError_ = std::max(maxError_, std::abs(r.input[i] - r.reconstruction[i]));
        }
    }
    // Columns without data in any row are left out (no noise: no noisy column; a noise preview
    // has no reconstruction and no error map).
    bool noisy = false, rebuilt = false;
    for (const auto& r : rows_) {
        noisy |= !r.noisy.empty();
        rebuilt |= !r.reconstruction.empty();
    }
    visible_ = {0};
    if (noisy) visible_.push_back(1);
    if (rebuilt || rows_.empty()) visible_.insert(visible_.end(), {2, 3});
    images_.clear();
    for (const auto& r : rows_) {
        images_.push_back({toImage(r.input), toImage(r.noisy), toImage(r.reconstruction), errorImage(r)});
    }
    setMinimumHeight(heightFor(cellSize()));
    updateGeometry();
    update();
}

QImage ImageGrid::toImage(const std::vector<float>& v) const {
    return orGrey(pictureOf(v, channels_, height_, width_), width_, height_);
}

QImage ImageGrid::errorImage(const ImageRow& r) const {
    std::vector<float> error;
    if (r.input.size() == r.reconstruction.size()) {
        error.resize(r.input.size());
        for (size_t i = 0; i < error.size(); ++i)
            error[i] = std::abs(r.input[i] - r.reconstruction[i]);
    }
    return orGrey(heatPictureOf(error, channels_, height_, width_, maxError_), width_, height_);
}

QImage ImageGrid::cell(int row, int column) const {
    if (row < 0 || row >= rowCount() || column < 0 || column > 3) return {};
    return images_[row][column];
}

QSize ImageGrid::sizeHint() const {
    return {kMinTitleWidth + columnCount() * (kMinCell + kGap), heightFor(cellSize())};
}

void ImageGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const int cell = cellSize();
    const int half = kHeader / 2;
    const int columns = columnCount();
    for (int c = 0; c < columns; ++c) {
        p.drawText(QRect(titleWidth() + c * (cell + kGap), 0, cell, half), Qt::AlignCenter,
                   tr(kColumns[sourceColumn(c)]));
    }
    if (rowCount() > 0 && visible_.back() == 3) {
        // The error column's scale: shared by every row, from 0 to the largest error shown.
        const int left = titleWidth() + (columns - 1) * (cell + kGap);
        const QString top = QString::number(double(maxError_), 'g', 2);
        const int labelWidth = p.fontMetrics().horizontalAdvance(top) + 6;
        const QRect bar(left + p.fontMetrics().horizontalAdvance(QStringLiteral("0")) + 4, half + 4,
                        std::max(8, cell - labelWidth - 12), half - 10);
        for (int x = 0; x < bar.width(); ++x)
            p.fillRect(bar.left() + x, bar.top(), 1, bar.height(),
                       QColor(heatColour(float(x) / float(bar.width() - 1))));
        p.drawRect(bar.adjusted(0, 0, -1, -1));
        p.drawText(QRect(left, half, bar.left() - left, half), Qt::AlignVCenter | Qt::AlignLeft,
                   QStringLiteral("0"));
        p.drawText(QRect(bar.right() + 4, half, labelWidth + 8, half),
                   Qt::AlignVCenter | Qt::AlignLeft, top);
    }
    for (int r = 0; r < rowCount(); ++r) {
        const int top = kHeader + r * (cell + kGap);
        if (rows_[r].missed) {
            // Framed, not only tinted: a missed anomaly is found at a glance, in any palette.
            p.setPen(QPen(QColor(213, 94, 0), 3, Qt::DashLine));
            p.drawRect(QRect(1, top - kGap / 2, width() - 3, cell + kGap - 1));
            p.setPen(palette().color(QPalette::WindowText));
        }
        p.drawText(QRect(6, top, titleWidth() - 12, cell),
                   Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, rows_[r].title);
        for (int c = 0; c < columns; ++c) {
            p.drawImage(QRect(titleWidth() + c * (cell + kGap), top, cell, cell),
                        images_[r][sourceColumn(c)]);
        }
    }
    if (rowCount() == 0) p.drawText(rect(), Qt::AlignCenter, tr("No image data"));
}

void ImageGrid::mousePressEvent(QMouseEvent* event) {
    const int y = static_cast<int>(event->position().y());
    if (y < kHeader) return;  // the column names and the colour bar
    const int r = (y - kHeader) / (cellSize() + kGap);
    if (r >= 0 && r < rowCount() && rows_[r].index >= 0) Q_EMIT samplePicked(rows_[r].index);
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>

#include <array>
#include <QWidget>

#include <vector>

namespace awb::ui {

/// One row of the image inspector: a sample as input, noisy input, reconstruction and error map.
struct ImageRow {
    QString title;
    int index = -1;  ///< sample index, for picking
    std::vector<float> input, noisy, reconstruction;  ///< {C, H, W} floats, C = 1 or 3
    bool missed = false;  ///< a labelled anomaly below the threshold: framed
};

/// Grid of images, one row per sample and four columns: input, noisy input (left out when no row
/// has one), reconstruction, and
/// the per-pixel error |input - reconstruction| on a shared colour scale (black, red, yellow,
/// white, with its colour bar in the header) so rows can be compared. Cells grow with the width
/// they are given; a missed anomaly's row is framed. Images are drawn directly: they are
/// pictures, not plots.
class ImageGrid : public QWidget {
    Q_OBJECT
public:
    explicit ImageGrid(QWidget* parent = nullptr);

    void setRows(std::vector<ImageRow> rows, int channels, int height, int width);
    int rowCount() const { return static_cast<int>(rows_.size()); }
    /// The rendered image of a cell (column 0..3), for tests.
    QImage cell(int row, int column) const;
    QSize sizeHint() const override;
    /// The side of one image cell at the current width, in pixels.
    int cellSize() const;
    /// The columns shown: input, then noisy input, reconstruction and error where rows have them.
    int columnCount() const;

Q_SIGNALS:
    void samplePicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    int heightFor(int cell) const;
    int titleWidth() const;
    int sourceColumn(int shown) const;
    QImage toImage(const std::vector<float>& values) const;
    QImage errorImage(const ImageRow& row) const;

    std::vector<ImageRow> rows_;
    std::vector<std::array<QImage, 4>> images_;
    int channels_ = 1, height_ = 0, width_ = 0;
    float maxError_ = 1e-6f;
    std::vector<int> visible_ = {0, 1, 2, 3};  ///< the columns shown, as indexes of kColumns
};

}  // namespace awb::ui

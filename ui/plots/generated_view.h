// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QWidget>
#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPTextElement;
class QStackedWidget;

namespace awb::ui {

/// What a GAN's generator draws from fixed codes (the same codes every epoch), refreshed while it
/// trains, so mode collapse shows as it happens: images as a mosaic, one tile per code (drawn
/// directly: pictures, not plots), rows and windows as overlaid curves, one per code (a window's
/// first feature over its steps). Tiles or curves that all look alike are a collapsed generator.
class GeneratedView : public QWidget {
    Q_OBJECT
public:
    explicit GeneratedView(QWidget* parent = nullptr);

    /// `values` holds `count` samples of `shape` ({C, H, W} images, {features} rows or {length,
    /// features} windows) in that layout.
    void setSamples(const std::vector<float>& values, size_t count,
                    const std::vector<int64_t>& shape, const QString& title);
    void clear();
    bool empty() const { return count_ == 0; }
    /// The mosaic as drawn before scaling (null for curves), for tests and screenshots.
    QImage mosaic() const { return mosaic_; }
    /// Curves drawn (0 for images).
    int curveCount() const;
    QString titleText() const;

private:
    class Mosaic;
    QStackedWidget* stack_;
    Mosaic* tiles_;
    QCustomPlot* curves_;
    QCPTextElement* curveTitle_;
    QImage mosaic_;
    size_t count_ = 0;
};

}  // namespace awb::ui

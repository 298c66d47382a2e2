// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <random>
#include <vector>

namespace awb::ui {

/// One image of a sample ({C, H, W} floats, C = 1 or 3), drawn as large as the widget allows
/// with its caption above. Grey (or colour for three channels) maps [low, high] to black..white;
/// Heat shows values in [0, heatMax] on the error maps' scale. An editable canvas paints with the
/// mouse: ink (towards `high`), eraser (towards `low`) or noise (Gaussian, clamped to the range),
/// with a round soft brush whose radius is in image pixels; `edited` follows every stroke step.
class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    enum class Look { Grey, Heat };
    enum class Brush { Ink, Erase, Noise };

    explicit ImageCanvas(QString caption, QWidget* parent = nullptr);

    void setImage(std::vector<float> values, int channels, int height, int width);
    const std::vector<float>& values() const { return values_; }
    void setCaption(const QString& caption);
    void setRange(float low, float high);
    void setLook(Look look, float heatMax = 1.0f);
    void setEditable(bool editable);
    void setBrush(Brush brush) { brush_ = brush; }
    void setBrushRadius(double pixels) { radius_ = pixels; }
    /// The noise brush's std, as a fraction of high - low.
    void setNoiseStrength(double fraction) { noise_ = fraction; }
    /// One brush stamp centred at (x, y) in image pixels (0.5 = the first pixel's centre).
    void stampAt(double x, double y);
    /// A stroke from (x0, y0) to (x1, y1), stamped every half pixel (noise: every pixel) of
    /// path since the last stamp; emits `edited` once.
    void strokeTo(double x0, double y0, double x1, double y1);
    /// The picture as shown (one pixel per value), for tests and screenshots.
    QImage image() const { return image_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void edited();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRect imageRect() const;
    QPointF toImage(const QPointF& widgetPoint) const;
    void render();

    QString caption_;
    std::vector<float> values_;
    int channels_ = 1, height_ = 0, width_ = 0;
    float low_ = 0, high_ = 1, heatMax_ = 1;
    Look look_ = Look::Grey;
    bool editable_ = false;
    Brush brush_ = Brush::Ink;
    double radius_ = 1.5, noise_ = 0.3;
    std::mt19937 random_{20261130u};
    QImage image_;
    bool stroking_ = false;
    double travelled_ = 0;  ///< path since the last stamp, in image pixels
    QPointF last_;
};

}  // namespace awb::ui

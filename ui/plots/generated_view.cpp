// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/generated_view.h"

#include <QLabel>
#include <QPainter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "qcustomplot.h"
#include "ui/plots/plot_style.h"

namespace awb::ui {

/// The mosaic scaled to the widget (whole pixels per value, nearest neighbour), its title above.
class GeneratedView::Mosaic : public QWidget {
public:
    explicit Mosaic(QWidget* parent) : QWidget(parent) { setMinimumSize(120, 120); }
    void set(QImage image, QString title) {
        image_ = std::move(image);
        title_ = std::move(title);
        update();
    }
    QString title() const { return title_; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        const QFontMetrics fm(font());
        const QRect text(0, 0, width(), fm.height() * 2 + 4);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(text, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, title_);
        if (image_.isNull()) return;
        const QRect room(0, text.height(), width(), height() - text.height());
        const int scale =
            std::max(1, std::min(room.width() / image_.width(), room.height() / image_.height()));
        const QSize size(image_.width() * scale, image_.height() * scale);
        const QRect target(room.x() + (room.width() - size.width()) / 2, room.y(), size.width(),
                           size.height());
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(target, image_);
    }

private:
    QImage image_;
    QString title_;
};

GeneratedView::GeneratedView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    stack_ = new QStackedWidget(this);
    tiles_ = new Mosaic(this);
    curves_ = new QCustomPlot(this);
    curves_->xAxis->setLabel(tr("feature / time step"));
    curves_->yAxis->setLabel(tr("scaled value"));
    curves_->plotLayout()->insertRow(0);
    curveTitle_ = new QCPTextElement(curves_, QString(), QFont(font().family(), 9, QFont::Bold));
    curves_->plotLayout()->addElement(0, 0, curveTitle_);
    curves_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    followWidgetFont(curves_);
    stack_->addWidget(tiles_);
    stack_->addWidget(curves_);
    layout->addWidget(stack_);
    clear();
}

void GeneratedView::clear() {
    count_ = 0;
    mosaic_ = QImage();
    tiles_->set(QImage(), QString());
    curves_->clearGraphs();
    curveTitle_->setText(QString());
    curves_->replot(QCustomPlot::rpQueuedReplot);
}

int GeneratedView::curveCount() const { return curves_->graphCount(); }

QString GeneratedView::titleText() const {
    return stack_->currentIndex() == 0 ? tiles_->title() : curveTitle_->text();
}

void GeneratedView::setSamples(const std::vector<float>& values, size_t count,
                               const std::vector<int64_t>& shape, const QString& title) {
    size_t n = 1;
    for (int64_t d : shape) n *= size_t(std::max<int64_t>(d, 0));
    if (count == 0 || n == 0 || values.size() < count * n) return clear();
    count_ = count;
    if (shape.size() == 3) {
        const int c = int(shape[0]), h = int(shape[1]), w = int(shape[2]);
        // One grey range for all tiles, so they compare: the generated values' own.
        const auto [lo, hi] = std::minmax_element(values.begin(), values.begin() + long(count * n));
        const int columns = int(std::ceil(std::sqrt(double(count))));
        const int rows = int((count + size_t(columns) - 1) / size_t(columns));
        mosaic_ = QImage(columns * (w + 1) - 1, rows * (h + 1) - 1, QImage::Format_RGB32);
        mosaic_.fill(Qt::white);  // the gaps between tiles
        QPainter p(&mosaic_);
        for (size_t k = 0; k < count; ++k) {
            const std::vector<float> one(values.begin() + long(k * n),
                                         values.begin() + long((k + 1) * n));
            const QImage tile = pictureOf(one, c, h, w, *lo, *hi > *lo ? *hi : *lo + 1.0f);
            p.drawImage(int(k % size_t(columns)) * (w + 1), int(k / size_t(columns)) * (h + 1),
                        tile);
        }
        p.end();
        tiles_->set(mosaic_, title);
        stack_->setCurrentIndex(0);
        return;
    }
    mosaic_ = QImage();
    // Rows: every value over its index; windows {length, features}: the first feature.
    const size_t steps = shape.size() == 2 ? size_t(shape[0]) : n;
    const size_t stride = shape.size() == 2 ? size_t(shape[1]) : 1;
    curves_->clearGraphs();
    for (size_t k = 0; k < count; ++k) {
        QVector<double> x, y;
        for (size_t t = 0; t < steps; ++t) {
            x.push_back(double(t));
            y.push_back(values[k * n + t * stride]);
        }
        auto* g = curves_->addGraph();
        const QColor colour = colours::kGroups[k % std::size(colours::kGroups)];
        g->setPen(QPen(colour, 1.2));
        g->setData(x, y, true);
    }
    curveTitle_->setText(title);
    curves_->rescaleAxes();
    curves_->yAxis->scaleRange(1.1, curves_->yAxis->range().center());
    curves_->replot(QCustomPlot::rpQueuedReplot);
    stack_->setCurrentIndex(1);
}

}  // namespace awb::ui

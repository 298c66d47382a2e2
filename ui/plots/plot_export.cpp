// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/plot_export.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSaveFile>
#include <QSvgGenerator>

namespace awb::ui {

QString exportPlot(QCustomPlot* plot, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    // Written to a temporary name first so a failed export never leaves half a file.
    const QString tmp = path + QStringLiteral(".part");
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(tmp, 0, 0, 2.0, -1, 144, QCP::ruDotsPerInch);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(tmp);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(tmp);
        svg.setSize(plot->size());
        svg.setViewBox(QRect(QPoint(0, 0), plot->size()));
        svg.setTitle(QStringLiteral("Anomaly Workbench plot"));
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot->toPainter(&painter, plot->width(), plot->height());
            ok = painter.end();
        }
    } else {
        return QObject::tr("%1: choose a .png, .pdf or .svg file name").arg(path);
    }
    if (!ok) {
        QFile::remove(tmp);
        return QObject::tr("%1: the plot could not be written").arg(path);
    }
    QFile::remove(path);
    if (!QFile::rename(tmp, path)) {
        QFile::remove(tmp);
        return QObject::tr("%1: could not move the file into place").arg(path);
    }
    return {};
}

void installExportMenu(QCustomPlot* plot) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Export plot as PNG, PDF or SVG..."), plot, [plot] {
            const QString path = QFileDialog::getSaveFileName(
                plot, QObject::tr("Export plot"), QStringLiteral("plot.png"),
                QObject::tr("PNG (*.png);;PDF (*.pdf);;SVG (*.svg)"));
            if (path.isEmpty()) return;
            const QString error = exportPlot(plot, path);
            if (!error.isEmpty()) QMessageBox::warning(plot, QObject::tr("Export"), error);
        });
        menu.exec(plot->mapToGlobal(pos));
    });
}

}  // namespace awb::ui

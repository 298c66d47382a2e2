// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QCustomPlot;

namespace awb::ui {

/// Writes the plot as PNG, PDF or SVG, chosen by the file's extension. Returns an error message,
/// empty on success.
QString exportPlot(QCustomPlot* plot, const QString& path);

/// Adds a right-click menu to the plot: export as PNG, PDF or SVG.
void installExportMenu(QCustomPlot* plot);

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QImage>
#include <QRgb>
#include <vector>

class QCustomPlot;

namespace awb::ui {

/// The colours every plot uses, from Okabe and Ito's palette: pairs shown together stay apart
/// for the common colour-vision deficiencies (tests/ui/test_plots.cpp simulates them), and
/// what must be told apart also differs in shape or line style, so no caption needs a colour word.
namespace colours {
inline const QColor kNormal{0, 114, 178};     ///< blue: normal samples, the input, train loss
inline const QColor kAnomaly{230, 159, 0};    ///< orange: anomalies, validation loss
inline const QColor kMarker{213, 94, 0};      ///< vermillion: operating point, reconstruction
inline const QColor kThreshold{0, 0, 0};      ///< black, dashed: the threshold line
inline const QColor kCurve{0, 114, 178};      ///< ROC / PR curves
inline const QColor kLabelled{86, 180, 233};  ///< sky blue: labelled anomaly spans
inline const QColor kDetected{230, 159, 0};   ///< orange: detected spans
/// Loss groups and score terms, in order: the first two stay apart from each other and from
/// kNormal and kAnomaly (train and validation loss drawn with them).
inline const QColor kGroups[] = {QColor(86, 180, 233), QColor(0, 0, 0), QColor(213, 94, 0),
                                 QColor(204, 121, 167), QColor(0, 158, 115)};
/// Okabe and Ito's eight colours in order, for things counted rather than named (the groups of
/// Compare, the classes of the latent view); beyond eight, vary the line style or the shape too.
inline const QColor kSeries[] = {QColor(0, 114, 178),   QColor(230, 159, 0),  QColor(0, 158, 115),
                                 QColor(204, 121, 167), QColor(86, 180, 233), QColor(213, 94, 0),
                                 QColor(0, 0, 0),       QColor(240, 228, 66)};
inline constexpr int kSeriesCount = 8;
}  // namespace colours

/// The error maps' colour scale for t in [0, 1] (clamped): black, red, yellow, white; light
/// grows with the error, so it reads in grey and with any colour-vision deficiency.
QRgb heatColour(float t);

/// A sample's picture, one pixel per value: `values` is {C, H, W} (C = 1 grey, 3 colour) mapped
/// from [low, high] to black..white. Null when `values` holds fewer than C x H x W.
QImage pictureOf(const std::vector<float>& values, int channels, int height, int width,
                 float low = 0.0f, float high = 1.0f);
/// The same for magnitudes (an error map): each pixel the largest over its channels, on the heat
/// scale from 0 to `max`.
QImage heatPictureOf(const std::vector<float>& magnitudes, int channels, int height, int width,
                     float max);

/// The plot's legend on one line in a layout row of its own (inserted at `row`, above the axes),
/// not over the curves: for plots whose data span the whole axis rect (series tracks, samples).
void placeLegendInRow(QCustomPlot* plot, int row);

/// Fonts of the plot's ticks, axis labels, legend, titles and text items follow the widget's
/// font (so View > Zoom and a presentation size reach the plots), now and on every font change.
/// Title elements are bold at 1.1x, legends and notes at 0.9x. Tick counts follow the axis
/// length (2 to 5), so labels never overlap on a short plot.
void followWidgetFont(QCustomPlot* plot);

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

#include <vector>

namespace awb::ui {

/// One series or tabular row: the input and its reconstruction overlaid, the error filled
/// between them.
class SamplePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit SamplePlot(QWidget* parent = nullptr);
    void setSample(const std::vector<float>& input, const std::vector<float>& reconstruction,
                   const QString& title);
    /// Legend names of the two curves (default "input" and "reconstruction").
    void setNames(const QString& first, const QString& second);

private:
    QCPGraph* input_;
    QCPGraph* reconstruction_;
    QCPTextElement* title_;
};

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>
#include <memory>
#include <thread>

#include "core/experiment/experiment_runner.h"
#include "core/experiment/latent_space.h"

class QComboBox;
class QCustomPlot;
class QCPAbstractPlottable;
class QLabel;

namespace awb::ui {

/// The latent-space tab: the run's test samples projected by PCA onto two dimensions, from the
/// model's codes (its bottleneck) or from the scaled inputs, coloured by the threshold's decision
/// (caught, missed, false alarm, passed; told apart by shape as well) or by class. Clicking a
/// point picks that sample (sampleClicked); a moved threshold recolours at once. The projection
/// is computed on a thread of its own when a result arrives or the space changes.
class LatentPanel : public QWidget {
    Q_OBJECT
public:
    explicit LatentPanel(QWidget* parent = nullptr);
    ~LatentPanel() override;

    void setResult(std::shared_ptr<awb::core::ExperimentResult> result);
    /// During training: the live preview's codes (when it has them and the codes are shown),
    /// coloured by label (the threshold comes after training); clicks wait for the result.
    void showLive(const awb::core::LivePreview& preview);
    /// For tests: whether the points drawn are a training preview's.
    bool live() const { return live_; }
    /// Whether the codes are the space shown (the previews' codes serve only then).
    bool showsCodes() const;
    void setThreshold(double value);
    /// "codes" or "inputs"; "decision" or "class".
    void setSpace(const QString& space);
    void setColouring(const QString& colouring);

    /// For tests: whether a projection is on its way, the points drawn, the note above the plot.
    bool busy() const { return pending_; }
    int pointCount() const;
    QString noteText() const;
    QCustomPlot* plot() const { return plot_; }
    /// The sample index of point `i` of the current view (-1 when out of range).
    int sampleAt(int i) const;
    /// The points of the legend's group named `name` ("missed", "class 3"...).
    int groupCount(const QString& name) const;

Q_SIGNALS:
    void ready();
    /// The space chosen changed (codes or inputs).
    void spaceChanged();
    void sampleClicked(int index);

private:
    static QString emptyNote();
    void compute();
    void receive(unsigned generation, awb::core::Expected<awb::core::LatentView> view);
    void draw();
    void drawLive();
    struct Group;
    void drawGroups(const std::vector<Group>& groups, const std::vector<double>& x,
                    const std::vector<double>& y);

    std::shared_ptr<awb::core::ExperimentResult> result_;
    awb::core::LatentView view_;
    bool hasView_ = false;
    double threshold_ = 0;
    std::thread worker_;
    unsigned generation_ = 0;
    bool pending_ = false;
    bool live_ = false;
    awb::core::LivePreview livePreview_;  ///< the last one drawn while live_
    QComboBox* space_;
    QComboBox* colouring_;
    QLabel* note_;
    QCustomPlot* plot_;
    /// Each drawn graph's points as indices into view_.
    std::vector<std::pair<QCPAbstractPlottable*, std::vector<int>>> groups_;
};

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_runner.h"

namespace awb::core {

/// The classic linear baseline for reconstruction scores: principal components fitted on the
/// training rows of prepared data (scaled, normal-only as the experiment trains), each sample's
/// score its squared distance to the subspace of the leading components, which together keep
/// `varianceKept` of the training variance. A deep model that does not beat this has not earned
/// its keep.
struct PcaBaseline {
    std::vector<double> scores;  ///< every sample, in dataset order
    int components = 0;
    double varianceKept = 0;     ///< share actually kept by `components`
    double auroc = 0;            ///< on the test part, anomaly positive (NaN when unlabelled)
    double auprc = 0;
};

Expected<PcaBaseline> pcaBaseline(const PreparedData& prepared, double varianceKept = 0.9);

}  // namespace awb::core

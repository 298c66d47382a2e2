// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_runner.h"

namespace awb::core {

/// What the latent-space view projects: the model's codes (its bottleneck), or the scaled inputs
/// themselves (for a table: what any detector sees before it learns anything).
enum class LatentSpace { Codes, Inputs };

/// Test samples projected onto the first two principal components of their codes or inputs.
struct LatentView {
    std::vector<size_t> rows;  ///< sample indices (into the run's data), in test order
    std::vector<double> x, y;  ///< the first and second component of each
    size_t dims = 0;           ///< units of the code, or values of an input
    /// The share of the variance each component holds (of the points drawn).
    double explainedX = 0, explainedY = 0;
};

/// The run's test samples (at most `maxPoints`, spread evenly over the part) projected by PCA
/// onto two dimensions: centred, the two eigenvectors of the largest eigenvalues of the
/// covariance, each signed so that its largest loading is positive (the same run draws the same
/// picture). Codes come from the model (Model::codes); a family without a code, a windowed series
/// or a run without a test part is an error saying so.
Expected<LatentView> latentView(const ExperimentResult& result, LatentSpace space,
                                size_t maxPoints = 4000);

/// `n` points of `dims` values each (row-major) projected as latentView does (rows left empty);
/// more than kMaxProjectedDims values a point is an error saying so.
inline constexpr size_t kMaxProjectedDims = 4096;
Expected<LatentView> projectOntoTwo(const std::vector<float>& values, size_t n, size_t dims);

}  // namespace awb::core

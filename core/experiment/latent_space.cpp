// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/latent_space.h"

#include <torch/linalg.h>
#include <torch/torch.h>

namespace awb::core {

Expected<LatentView> latentView(const ExperimentResult& r, LatentSpace space, size_t maxPoints) {
    if (r.config.data.windowLength > 0) {
        return Error{ErrorCode::InvalidArgument,
                     "a windowed series: its windows' codes are not drawn yet"};
    }
    const auto& test = r.prepared.split.test;
    if (test.empty()) return Error{ErrorCode::InvalidArgument, "the run has no test part to draw"};
    LatentView view;
    const size_t n = std::min(test.size(), std::max<size_t>(maxPoints, 3));
    for (size_t k = 0; k < n; ++k) view.rows.push_back(test[k * test.size() / n]);
    const Dataset samples = r.prepared.data.subset(view.rows);
    std::vector<float> values;
    if (space == LatentSpace::Codes) {
        if (!r.model) return Error{ErrorCode::InvalidArgument, "the run has no trained model"};
        auto codes = r.model->codes(samples);
        if (!codes) return codes.error();
        if (codes->units == 0) {
            return Error{ErrorCode::InvalidArgument,
                         "the " + r.config.model.family +
                             " family has no code to draw (show the inputs instead)"};
        }
        view.dims = codes->units;
        values = std::move(codes->values);
    } else {
        view.dims = samples.sampleSize();
        values = samples.values;
    }
    auto projected = projectOntoTwo(values, n, view.dims);
    if (!projected) return projected.error();
    projected->rows = std::move(view.rows);
    return projected;
}

Expected<LatentView> projectOntoTwo(const std::vector<float>& values, size_t n, size_t dims) {
    LatentView view;
    view.dims = dims;
    if (n == 0 || dims == 0 || values.size() != n * dims) {
        return Error{ErrorCode::InvalidArgument, "no points to project (" + std::to_string(n) +
                                                     " points of " + std::to_string(dims) +
                                                     " values, " + std::to_string(values.size()) +
                                                     " given)"};
    }
    // The covariance is dims x dims: beyond this it takes gigabytes and minutes.
    constexpr size_t kMaxDims = kMaxProjectedDims;
    if (view.dims > kMaxDims) {
        return Error{ErrorCode::InvalidArgument,
                     std::to_string(view.dims) +
                         " values a sample are too many to project here (at most " +
                         std::to_string(kMaxDims) + "); the codes can be drawn"};
    }
    try {
        c10::InferenceMode inference;
        const auto x = torch::from_blob(const_cast<float*>(values.data()),
                                        {int64_t(n), int64_t(view.dims)}, torch::kFloat32)
                           .to(torch::kFloat64);
        const auto centred = x - x.mean(0, true);
        if (view.dims == 1) {
            view.x.assign(centred.data_ptr<double>(), centred.data_ptr<double>() + n);
            view.y.assign(n, 0.0);
            view.explainedX = 1;
            return view;
        }
        const auto cov = centred.t().matmul(centred) / double(std::max<size_t>(n - 1, 1));
        const auto [eigenvalues, eigenvectors] = torch::linalg::eigh(cov, "L");  // ascending
        const int64_t d = int64_t(view.dims);
        auto basis =
            eigenvectors.index({torch::indexing::Slice(), torch::indexing::Slice(d - 2, d)})
                .flip(1);
        // The sign of an eigenvector is arbitrary: the largest loading made positive.
        for (int64_t c = 0; c < 2; ++c) {
            auto column = basis.select(1, c);
            const auto at = column.abs().argmax().item<int64_t>();
            if (column[at].item<double>() < 0) column.mul_(-1);
        }
        const auto projected = centred.matmul(basis).contiguous();
        const double* p = projected.data_ptr<double>();
        for (size_t i = 0; i < n; ++i) {
            view.x.push_back(p[2 * i]);
            view.y.push_back(p[2 * i + 1]);
        }
        const double total = eigenvalues.clamp_min(0).sum().item<double>();
        if (total > 0) {
            view.explainedX = std::max(0.0, eigenvalues[d - 1].item<double>()) / total;
            view.explainedY = std::max(0.0, eigenvalues[d - 2].item<double>()) / total;
        }
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("projecting the points failed: ") + e.what()};
    }
    return view;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/baselines.h"

#include <torch/types.h>

#include <cmath>
#include <limits>

#include "core/evaluation/metrics.h"

namespace awb::core {

Expected<PcaBaseline> pcaBaseline(const PreparedData& p, double varianceKept) {
    if (!(varianceKept > 0 && varianceKept <= 1)) {
        return Error{ErrorCode::InvalidArgument, "PCA: variance to keep must be in (0, 1]"};
    }
    const int64_t n = static_cast<int64_t>(p.data.size());
    const int64_t f = static_cast<int64_t>(p.data.sampleSize());
    if (p.trainRows.size() < 2 || f == 0) {
        return Error{ErrorCode::InvalidArgument, "PCA: needs at least two training samples"};
    }
    PcaBaseline out;
    try {
        torch::NoGradGuard noGrad;
        // Doubles: the data are small for a baseline, and the SVD is then exact enough.
        const auto all = torch::from_blob(const_cast<float*>(p.data.values.data()), {n, f}, torch::kFloat32)
                             .to(torch::kFloat64);
        std::vector<int64_t> rows(p.trainRows.begin(), p.trainRows.end());
        const auto train = all.index_select(0, torch::tensor(rows, torch::kInt64));
        const auto mean = train.mean(0, true);
        // The ATen op: torch/linalg.h is gone from newer LibTorch (2.11), the op is in both.
        const auto svd = at::linalg_svd(train - mean, /*full_matrices=*/false);
        const auto s = std::get<1>(svd);
        const auto vh = std::get<2>(svd);
        const auto variance = s.pow(2);
        const double total = variance.sum().item<double>();
        const auto cumulative = variance.cumsum(0) / (total > 0 ? total : 1.0);
        int64_t k = 1;
        while (k < cumulative.size(0) && cumulative[k - 1].item<double>() < varianceKept) ++k;
        out.components = static_cast<int>(k);
        out.varianceKept = cumulative[k - 1].item<double>();
        const auto basis = vh.slice(0, 0, k);  // k x f
        const auto centred = all - mean;
        const auto reconstructed = centred.matmul(basis.t()).matmul(basis);
        const auto err = (centred - reconstructed).pow(2).sum(1).contiguous();
        out.scores.assign(err.data_ptr<double>(), err.data_ptr<double>() + n);
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("PCA failed: ") + e.what()};
    }
    out.auroc = out.auprc = std::numeric_limits<double>::quiet_NaN();
    if (p.labelled) {
        std::vector<double> testScores;
        std::vector<uint8_t> testAnomaly;
        for (size_t i : p.split.test) {
            testScores.push_back(out.scores[i]);
            testAnomaly.push_back(p.anomaly[i]);
        }
        out.auroc = auroc(testScores, testAnomaly);
        out.auprc = auprc(testScores, testAnomaly);
    }
    return out;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
// Reconstruction errors and the weighted score: what every family's losses and terms are made of.
#include <torch/nn/functional/loss.h>

#include "core/models/reconstruction_module.h"

namespace awb::core {

const char* toString(LossKind loss) { return loss == LossKind::Mae ? "mae" : "mse"; }

Expected<LossKind> parseLossKind(const std::string& text) {
    if (text == "mse") return LossKind::Mse;
    if (text == "mae") return LossKind::Mae;
    return Error{ErrorCode::InvalidArgument, "loss '" + text + "' is not one of mse, mae"};
}

torch::Tensor perSampleError(const torch::Tensor& x, const torch::Tensor& reconstruction,
                             LossKind loss) {
    return elementError(x, reconstruction, loss).reshape({x.size(0), -1}).mean(1);
}

torch::Tensor weightedScore(const std::vector<torch::Tensor>& terms,
                            const std::vector<double>& weights) {
    if (terms.size() == 1) return terms[0];
    torch::Tensor sum = terms.at(0) * weights.at(0);
    for (size_t t = 1; t < terms.size(); ++t) sum = sum + terms[t] * weights.at(t);
    return sum;
}

torch::Tensor meanError(const torch::Tensor& x, const torch::Tensor& reconstruction,
                        LossKind loss) {
    return loss == LossKind::Mae ? torch::l1_loss(reconstruction, x)
                                 : torch::mse_loss(reconstruction, x);
}

torch::Tensor elementError(const torch::Tensor& x, const torch::Tensor& reconstruction,
                           LossKind loss) {
    const auto diff = reconstruction - x;
    return loss == LossKind::Mae ? diff.abs() : diff.pow(2);
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/trainer.h"

#include <torch/nn/utils/convert_parameters.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

#include "core/models/model_impl.h"

namespace awb::core {

const char* toString(OptimizerKind optimizer) {
    return optimizer == OptimizerKind::Sgd ? "sgd" : "adam";
}

Expected<OptimizerKind> parseOptimizerKind(const std::string& text) {
    if (text == "adam") return OptimizerKind::Adam;
    if (text == "sgd") return OptimizerKind::Sgd;
    return Error{ErrorCode::InvalidArgument, "optimizer '" + text + "' is not one of adam, sgd"};
}

Status validate(const TrainingConfig& c) {
    auto bad = [](const std::string& field, const std::string& why) {
        return Error{ErrorCode::InvalidArgument, "training." + field + ": " + why};
    };
    if (!(c.learningRate > 0 && c.learningRate <= 10)) {
        std::ostringstream s;
        s << c.learningRate << " is not in (0, 10]";
        return bad("learning_rate", s.str());
    }
    if (!(c.momentum >= 0 && c.momentum < 1)) return bad("momentum", "must be in [0, 1)");
    if (c.epochs < 1 || c.epochs > 100000) {
        return bad("epochs", std::to_string(c.epochs) + " is not between 1 and 100000");
    }
    if (c.batchSize < 1 || c.batchSize > 1000000) {
        return bad("batch_size", std::to_string(c.batchSize) + " is not between 1 and 1000000");
    }
    if (!(c.noiseStd >= 0 && c.noiseStd <= 100)) return bad("noise_std", "must be in [0, 100]");
    if (!(c.noiseAmount >= 0 && c.noiseAmount <= 1)) return bad("noise_amount", "must be in [0, 1]");
    return {};
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainingConfig& c,
                                                       std::vector<torch::Tensor> params) {
    if (c.optimizer == OptimizerKind::Sgd) {
        return std::make_unique<torch::optim::SGD>(
            std::move(params), torch::optim::SGDOptions(c.learningRate).momentum(c.momentum));
    }
    return std::make_unique<torch::optim::Adam>(std::move(params),
                                                torch::optim::AdamOptions(c.learningRate));
}

torch::Tensor corrupt(const torch::Tensor& x, const NoiseSpec& noise) {
    if (!noise.active()) return x;
    if (noise.kind == NoiseKind::Gaussian) return x + torch::randn_like(x) * noise.std;
    const auto hit = torch::rand_like(x) < noise.amount;
    const auto value = noise.kind == NoiseKind::Masking
                           ? torch::zeros_like(x)
                           : (torch::rand_like(x) < 0.5).to(x.scalar_type());
    return torch::where(hit, value, x);
}


double validationLoss(ReconstructionModule& module, const Dataset& validation,
                      const torch::Device& device, LossKind loss, int64_t batch) {
    if (validation.size() == 0) return std::numeric_limits<double>::quiet_NaN();
    torch::NoGradGuard noGrad;
    module.eval();
    double sum = 0;
    const auto n = static_cast<int64_t>(validation.size());
    for (int64_t first = 0; first < n; first += batch) {
        const int64_t count = std::min(batch, n - first);
        const auto x = samplesView(validation, first, count).to(device);
        // The model's own anomaly score (the reconstruction error for plain autoencoders).
        sum += module.score(x, loss).mean().item<double>() * static_cast<double>(count);
    }
    module.train();
    return sum / static_cast<double>(n);
}

}  // namespace

Expected<TrainingSummary> train(Model& model, const Dataset& trainData, const Dataset& validation,
                                const TrainingConfig& config, const TrainingHooks& hooks,
                                const CancelToken& cancel) {
    if (auto st = validate(config); !st) return st.error();
    if (trainData.size() == 0) {
        return Error{ErrorCode::InvalidArgument, "no training samples (check the normal label "
                                                 "and the split fractions)"};
    }
    auto& impl = model.impl();
    if (trainData.sampleShape != impl.sampleShape ||
        (validation.size() > 0 && validation.sampleShape != impl.sampleShape)) {
        return Error{ErrorCode::InvalidArgument, "training data does not fit the model's input shape"};
    }
    ReconstructionModule& module = *impl.module;
    TrainingSummary summary;
    try {
        torch::manual_seed(config.seed);
        const auto all = samplesView(trainData, 0, trainData.size()).to(impl.device);
        const int64_t n = all.size(0);
        const int64_t batch = std::min<int64_t>(config.batchSize, n);
        const int64_t batches = (n + batch - 1) / batch;
        std::vector<std::unique_ptr<torch::optim::Optimizer>> optimizers;
        for (size_t g = 0; g < module.optimizerGroups(); ++g) {
            optimizers.push_back(makeOptimizer(config, module.groupParameters(g)));
        }
        // Gradients start clear; see ReconstructionModule::clearsOnlyOwnGradients.
        const bool ownGradientsOnly = module.clearsOnlyOwnGradients();
        module.zero_grad();
        module.train();
        const auto started = Clock::now();
        for (int epoch = 1; epoch <= config.epochs; ++epoch) {
            const auto epochStart = Clock::now();
            // Kept to restore if this epoch diverges: the weights of the last complete epoch.
            const auto lastGood = torch::nn::utils::parameters_to_vector(module.parameters()).clone();
            const auto order = torch::randperm(n, torch::TensorOptions().dtype(torch::kLong)).to(impl.device);
            double sum = 0;
            for (int64_t b = 0; b < batches; ++b) {
                if (cancel.cancelled()) {
                    summary.outcome = TrainingOutcome::Cancelled;
                    summary.message = "stopped by the user during epoch " + std::to_string(epoch);
                    module.eval();
                    return summary;
                }
                const int64_t first = b * batch;
                const int64_t count = std::min(batch, n - first);
                const auto target = all.index_select(0, order.slice(0, first, first + count));
                const auto input = corrupt(target, config.noise());
                // Each optimizer steps its own loss in turn (one for plain autoencoders); the
                // first group's loss is the one reported.
                double value = 0;
                bool finite = true;
                for (size_t g = 0; g < optimizers.size() && finite; ++g) {
                    if (!ownGradientsOnly) module.zero_grad();
                    const auto loss = module.groupLoss(g, input, target, config.loss, epoch);
                    const double v = loss.item<double>();
                    if (g == 0) value = v;
                    finite = std::isfinite(v);
                    if (!finite) {
                        value = v;
                        break;
                    }
                    loss.backward();
                    optimizers[g]->step();
                    if (ownGradientsOnly) optimizers[g]->zero_grad();
                }
                if (!finite) {
                    torch::NoGradGuard noGrad;
                    torch::nn::utils::vector_to_parameters(lastGood, module.parameters());
                    summary.outcome = TrainingOutcome::Diverged;
                    summary.message = "the loss became " + std::string(std::isnan(value) ? "NaN" : "infinite") +
                                      " in epoch " + std::to_string(epoch) + ", batch " +
                                      std::to_string(b + 1) +
                                      "; training stopped and the weights of the last complete "
                                      "epoch were kept (try a lower learning rate)";
                    module.eval();
                    return summary;
                }
                sum += value * static_cast<double>(count);
                if (hooks.batchEnded) {
                    hooks.batchEnded({epoch, config.epochs, b + 1, batches, value});
                }
            }
            EpochReport report;
            report.epoch = epoch;
            report.epochs = config.epochs;
            report.trainLoss = sum / static_cast<double>(n);
            report.valLoss = validationLoss(module, validation, impl.device, config.loss, 4096);
            report.seconds = secondsSince(epochStart);
            report.etaSeconds = secondsSince(started) / epoch * (config.epochs - epoch);
            summary.history.push_back(report);
            summary.epochsCompleted = epoch;
            if (hooks.epochEnded) hooks.epochEnded(report);
        }
    } catch (const std::exception& e) {
        module.eval();
        std::string why = e.what();
        if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
        return Error{ErrorCode::Internal, "training failed: " + why};
    }
    module.eval();
    return summary;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_set>

#include "core/models/model_impl.h"
#include "core/training/packed_parameters.h"

namespace awb::core {

const char* toString(OptimizerKind optimizer) {
    switch (optimizer) {
        case OptimizerKind::Sgd:
            return "sgd";
        case OptimizerKind::RmsProp:
            return "rmsprop";
        case OptimizerKind::Adam:
            break;
    }
    return "adam";
}

Expected<OptimizerKind> parseOptimizerKind(const std::string& text) {
    if (text == "adam") return OptimizerKind::Adam;
    if (text == "sgd") return OptimizerKind::Sgd;
    if (text == "rmsprop") return OptimizerKind::RmsProp;
    return Error{ErrorCode::InvalidArgument,
                 "optimizer '" + text + "' is not one of adam, sgd, rmsprop"};
}

int64_t resolvedBatchSize(int configured, int64_t n) {
    if (n <= 0) return std::max(1, configured);
    if (configured > 0) return std::min<int64_t>(configured, n);
    int64_t b = 16;
    while (b * 2 <= 256 && b * 2 <= n / 16) b *= 2;
    return std::min(b, n);
}

int resolvedEpochs(int configured, int64_t batchesPerEpoch, int64_t autoSteps) {
    if (configured > 0) return configured;
    const int64_t perEpoch = std::max<int64_t>(1, batchesPerEpoch);
    const int64_t steps = std::max<int64_t>(1, autoSteps);
    return static_cast<int>(std::clamp<int64_t>((steps + perEpoch - 1) / perEpoch, 10, 1000));
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
    if (c.epochs < 0 || c.epochs > 100000) {
        return bad("epochs", std::to_string(c.epochs) + " is not between 1 and 100000 (0 = auto)");
    }
    if (c.batchSize < 0 || c.batchSize > 1000000) {
        return bad("batch_size",
                   std::to_string(c.batchSize) + " is not between 1 and 1000000 (0 = auto)");
    }
    if (c.autoSteps < 1 || c.autoSteps > 100000000) {
        return bad("auto_steps", std::to_string(c.autoSteps) + " is not between 1 and 100000000");
    }
    if (c.patience < 0 || c.patience > 100000) {
        return bad("patience", std::to_string(c.patience) + " is not between 0 (off) and 100000");
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
                                                       const GroupOptimizer& own,
                                                       std::vector<torch::Tensor> params) {
    const double lr = own.learningRate.value_or(c.learningRate);
    switch (own.kind.value_or(c.optimizer)) {
        case OptimizerKind::Sgd:
            return std::make_unique<torch::optim::SGD>(
                std::move(params), torch::optim::SGDOptions(lr).momentum(c.momentum));
        case OptimizerKind::RmsProp:
            return std::make_unique<torch::optim::RMSprop>(std::move(params),
                                                           torch::optim::RMSpropOptions(lr));
        case OptimizerKind::Adam:
            break;
    }
    auto options = torch::optim::AdamOptions(lr);
    if (own.adamBetas) options.betas({own.adamBetas->first, own.adamBetas->second});
    return std::make_unique<torch::optim::Adam>(std::move(params), options);
}

/// The parameters no group of the phase trains: frozen for the phase.
std::vector<torch::Tensor> untrainedIn(ReconstructionModule& module, const TrainingPhase& phase) {
    std::unordered_set<const void*> active;
    for (const auto& gs : phase.groups) {
        for (const auto& p : module.groupParameters(gs.group))
            active.insert(p.unsafeGetTensorImpl());
    }
    std::vector<torch::Tensor> out;
    for (const auto& p : module.parameters()) {
        if (!active.count(p.unsafeGetTensorImpl())) out.push_back(p);
    }
    return out;
}

/// The module's phases with 0 epochs replaced by the config's; an error names a bad phase.
Expected<std::vector<TrainingPhase>> checkedPhases(const ReconstructionModule& module, int epochs) {
    auto phases = module.phases(epochs);
    if (phases.empty()) return Error{ErrorCode::Internal, "the model declares no training phase"};
    int64_t total = 0;
    for (auto& p : phases) {
        if (p.epochs == 0) p.epochs = epochs;
        if (p.epochs < 0 || p.groups.empty()) {
            return Error{ErrorCode::Internal,
                         "training phase '" + p.name + "' has no epochs or no groups"};
        }
        std::set<size_t> seen;
        for (const auto& gs : p.groups) {
            if (!seen.insert(gs.group).second) {
                return Error{ErrorCode::Internal,
                             "training phase '" + p.name +
                                 "' lists a group twice (give it more steps instead)"};
            }
            if (gs.group >= module.optimizerGroups() || gs.steps < 1 || gs.steps > 1000) {
                return Error{ErrorCode::Internal,
                             "training phase '" + p.name +
                                 "' names a group or step count that does not exist"};
            }
        }
        total += p.epochs;
    }
    if (total > 100000)
        return Error{ErrorCode::InvalidArgument,
                     "training.epochs: the phases add up to more than 100000 epochs"};
    return phases;
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

double validationLoss(ReconstructionModule& module, const std::vector<double>& weights,
                      const Dataset& validation, const torch::Device& device, LossKind loss,
                      int64_t batch) {
    if (validation.size() == 0 || !module.scoresEachEpoch())
        return std::numeric_limits<double>::quiet_NaN();
    torch::AutoGradMode grad(module.scoringNeedsGradients());
    std::optional<FrozenParameters> frozen;  // a search's backward() must not reach the weights
    if (module.scoringNeedsGradients()) frozen.emplace(module.parameters());
    module.eval();
    double sum = 0;
    const auto n = static_cast<int64_t>(validation.size());
    for (int64_t first = 0; first < n; first += batch) {
        const int64_t count = std::min(batch, n - first);
        const auto x = samplesView(validation, first, count).to(device);
        // The model's own anomaly score (the reconstruction error for plain autoencoders).
        sum += weightedScore(module.scoreTerms(x, loss), weights).mean().item<double>() *
               static_cast<double>(count);
    }
    module.train();
    return sum / static_cast<double>(n);
}

/// The best validation loss so far, its epoch and weights.
/// Every parameter and buffer of a module, copied: batch normalisation's running statistics
/// (AnoGAN's generator) are part of the weights a kept epoch must bring back.
std::vector<torch::Tensor> stateOf(torch::nn::Module& module) {
    std::vector<torch::Tensor> out;
    for (const auto& p : module.parameters()) out.push_back(p.detach().clone());
    for (const auto& b : module.buffers()) out.push_back(b.detach().clone());
    return out;
}

void restoreState(torch::nn::Module& module, const std::vector<torch::Tensor>& state) {
    torch::NoGradGuard noGrad;
    size_t k = 0;
    for (auto& p : module.parameters()) p.copy_(state.at(k++));
    for (auto& b : module.buffers()) b.copy_(state.at(k++));
}

struct EarlyStopping {
    double loss = std::numeric_limits<double>::infinity();
    int epoch = 0;
    std::vector<torch::Tensor> weights;

    /// Records an epoch's validation loss; true when the last `patience` epochs brought no
    /// improvement (by more than 0.01 % of the best) and at least `earliest` epochs have run.
    bool update(double valLoss, int at, ReconstructionModule& module, int patience, int earliest) {
        if (std::isfinite(valLoss) && (epoch == 0 || valLoss < loss * (1 - 1e-4))) {
            loss = valLoss;
            epoch = at;
            weights = stateOf(module);
            return false;
        }
        return epoch > 0 && at >= earliest && at - epoch >= patience;
    }
    /// Puts the best epoch's weights back and records that epoch; false when none was recorded
    /// (early stopping off, or no finite validation loss yet).
    bool keepBest(ReconstructionModule& module, TrainingSummary& summary) const {
        if (epoch == 0) return false;
        restoreState(module, weights);
        summary.bestEpoch = epoch;
        return true;
    }
};

/// Samples a generative family draws from fixed codes to measure their spread each epoch.
constexpr int64_t kSpreadSamples = 64;

/// How much samples vary: the spread (standard deviation) of each value across the samples,
/// averaged over the values.
double spreadOf(const torch::Tensor& samples) {
    return samples.flatten(1).to(torch::kFloat64).std(0).mean().item<double>();
}

/// The spread of the generator's samples from fixed codes, in eval mode without gradients.
double samplesSpread(ReconstructionModule& module) {
    torch::NoGradGuard noGrad;
    module.eval();
    const auto samples = module.fixedSamples(kSpreadSamples);
    module.train();
    return samples.defined() && samples.size(0) > 1 ? spreadOf(samples) : std::nan("");
}

/// The training data's spread (at most 1024 samples) for a generative family, else 0.
double generativeSpread(ReconstructionModule& module, const torch::Tensor& all) {
    if (all.size(0) < 2 || std::isnan(samplesSpread(module))) return 0;
    torch::NoGradGuard noGrad;
    return spreadOf(all.narrow(0, 0, std::min<int64_t>(all.size(0), 1024)));
}

}  // namespace

namespace {

/// The optimizers' and the CPU random generator's states as one archive's bytes; `packed`: the
/// optimizers step packed blocks (PackedParameters), not each parameter.
std::string saveResumeState(const std::vector<std::unique_ptr<torch::optim::Optimizer>>& optimizers,
                            bool packed) {
    torch::serialize::OutputArchive archive;
    if (packed) archive.write("packed", torch::tensor(int64_t{1}));
    for (size_t g = 0; g < optimizers.size(); ++g) {
        torch::serialize::OutputArchive sub;
        optimizers[g]->save(sub);
        archive.write("optimizer" + std::to_string(g), sub);
    }
    auto generator = at::detail::getDefaultCPUGenerator();
    {
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write("cpu_generator", generator.get_state());
    }
    archive.write("format", torch::tensor(int64_t{1}));
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

/// True when a saved state's optimizers stepped packed blocks (states from before packing did
/// not); false also for a state that cannot be read (loadResumeState then says why).
bool resumeStatePacked(const std::string& bytes) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(bytes.data(), bytes.size());
        torch::Tensor packed;
        return archive.try_read("packed", packed) && packed.numel() == 1 &&
               packed.item<int64_t>() == 1;
    } catch (const std::exception&) {
        return false;
    }
}

Status loadResumeState(const std::string& bytes,
                       std::vector<std::unique_ptr<torch::optim::Optimizer>>& optimizers) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(bytes.data(), bytes.size());
        for (size_t g = 0; g < optimizers.size(); ++g) {
            torch::serialize::InputArchive sub;
            if (!archive.try_read("optimizer" + std::to_string(g), sub)) {
                return Error{ErrorCode::Format, "the training state has no optimizer " +
                                                    std::to_string(g) +
                                                    " (another model's state?)"};
            }
            optimizers[g]->load(sub);
        }
        torch::Tensor state;
        archive.read("cpu_generator", state);
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(state);
    } catch (const std::exception& e) {
        std::string why = e.what();
        if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
        return Error{ErrorCode::Format, "the training state cannot be read (" + why + ")"};
    }
    return {};
}

}  // namespace

Expected<TrainingSummary> train(Model& model, const Dataset& trainData, const Dataset& validation,
                                const TrainingConfig& config, const TrainingHooks& hooks,
                                const CancelToken& cancel, const ResumePoint* resume) {
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
    const auto n = static_cast<int64_t>(trainData.size());
    const int64_t batch = resolvedBatchSize(config.batchSize, n);
    const int64_t batches = (n + batch - 1) / batch;
    auto phases = checkedPhases(module, resolvedEpochs(config.epochs, batches, config.autoSteps));
    if (!phases) return phases.error();
    if (resume && phases->size() > 1) {
        return Error{ErrorCode::InvalidArgument,
                     "this family trains in phases (" + phases->front().name + ", then " +
                         phases->back().name +
                         "): a run of it cannot be continued; train it again with more epochs"};
    }
    const int earlier = resume ? static_cast<int>(resume->history.size()) : 0;
    int totalEpochs = earlier;
    for (const auto& p : *phases) totalEpochs += p.epochs;
    const auto names = module.groupNames();
    TrainingSummary summary;
    summary.groupSteps.assign(names.size(), 0);
    if (resume) {
        summary.history = resume->history;
        summary.epochsCompleted = earlier;
        for (size_t g = 0; g < names.size() && g < resume->groupSteps.size(); ++g)
            summary.groupSteps[g] = resume->groupSteps[g];
        for (const auto& e : resume->history) {
            if (!e.warning.empty() && std::find(summary.warnings.begin(), summary.warnings.end(),
                                                e.warning) == summary.warnings.end())
                summary.warnings.push_back(e.warning);
        }
    }
    summary.batchSize = batch;
    summary.threads = torch::get_num_threads();
    summary.epochsPlanned = totalEpochs;
    const bool earlyStopping = config.patience > 0 && validation.size() > 0 && phases->size() == 1;
    // Early stopping never ends the first half of the planned epochs: an autoencoder's loss
    // often falls in steps with long plateaus between them (a bottleneck unit at a time), and a
    // plateau early on is not convergence (a 400-row table stopped in epoch 23 of 236 with AUROC
    // 0.82, 1.00 trained on).
    const int earliestStop = (totalEpochs + 1) / 2;
    try {
        if (!resume) torch::manual_seed(config.seed);
        const auto all = samplesView(trainData, 0, trainData.size()).to(impl.device);
        // A generative family's samples are measured against the data's own spread.
        const double dataSpread = generativeSpread(module, all);
        EarlyStopping best;
        // New runs pack on the CPU (untried on GPUs, where cuDNN's LSTM wants its own layout);
        // a continued run as its optimizers' state was saved, on any device.
        const bool statePacked = resume && resumeStatePacked(resume->state);
        std::optional<PackedParameters> packed;
        if (resume ? statePacked : config.packParameters && impl.device.is_cpu())
            packed.emplace(module, names.size());
        const bool isPacked = packed && packed->active();
        if (statePacked && !isPacked) {
            return Error{ErrorCode::Format,
                         "the training state was saved with the parameters packed in blocks, and "
                         "this model's parameters cannot be packed (another model's state?)"};
        }
        summary.packedBlocks = isPacked ? static_cast<int>(packed->blocks()) : 0;
        std::vector<std::unique_ptr<torch::optim::Optimizer>> optimizers;
        for (size_t g = 0; g < names.size(); ++g) {
            optimizers.push_back(
                makeOptimizer(config, module.groupOptimizer(g),
                              isPacked ? packed->groupTensors(g) : module.groupParameters(g)));
        }
        const auto clearGradients = [&] {
            if (isPacked)
                packed->zeroGradients();
            else
                module.zero_grad();
        };
        if (resume) {
            if (auto st = loadResumeState(resume->state, optimizers); !st) return st.error();
        }
        // Gradients start clear; see ReconstructionModule::clearsOnlyOwnGradients.
        const bool ownGradientsOnly = module.clearsOnlyOwnGradients();
        clearGradients();
        module.train();
        const auto started = Clock::now();
        int epoch = earlier;
        // A training that can go on later keeps its optimizers' and generator's states.
        const auto keepState = [&] {
            if (phases->size() == 1) summary.resumeState = saveResumeState(optimizers, isPacked);
        };
        for (const auto& phase : *phases) {
            const FrozenParameters freeze(untrainedIn(module, phase));
            for (int inPhase = 1; inPhase <= phase.epochs; ++inPhase) {
                ++epoch;
                const auto epochStart = Clock::now();
                // Kept to restore if this epoch diverges: the weights of the last complete epoch.
                const auto lastGood = stateOf(module);
                const auto order =
                    torch::randperm(n, torch::TensorOptions().dtype(torch::kLong)).to(impl.device);
                std::vector<double> sums(names.size(), 0.0);
                for (int64_t b = 0; b < batches; ++b) {
                    if (cancel.cancelled()) {
                        summary.outcome = TrainingOutcome::Cancelled;
                        summary.message =
                            "stopped by the user during epoch " + std::to_string(epoch);
                        if (best.keepBest(module, summary)) {  // as at the end
                            summary.message += "; the weights of epoch " +
                                               std::to_string(best.epoch) +
                                               " (best validation loss) were kept";
                        }
                        // Stopped inside an epoch: the weights hold part of it, which the history
                        // does not count; such a run is not continued (it would not match).
                        module.eval();
                        return summary;
                    }
                    const int64_t first = b * batch;
                    const int64_t count = std::min(batch, n - first);
                    const auto target = all.index_select(0, order.slice(0, first, first + count));
                    const auto input = corrupt(target, config.noise());
                    // Each group steps its own loss in turn, as often as the phase says; the
                    // phase's first group's loss is the one reported per batch.
                    double reported = 0, bad = 0;
                    bool finite = true;
                    for (size_t k = 0; k < phase.groups.size() && finite; ++k) {
                        const size_t g = phase.groups[k].group;
                        double groupSum = 0;
                        for (int step = 0; step < phase.groups[k].steps; ++step) {
                            if (!ownGradientsOnly) clearGradients();
                            const auto loss =
                                module.groupLoss(g, input, target, config.loss, epoch);
                            const double v = loss.item<double>();
                            if (!std::isfinite(v)) {
                                finite = false;
                                bad = v;
                                break;
                            }
                            loss.backward();
                            if (isPacked) packed->repair();
                            optimizers[g]->step();
                            if (ownGradientsOnly) {
                                if (isPacked)
                                    packed->zeroGroupGradients(g);
                                else
                                    optimizers[g]->zero_grad();
                            }
                            groupSum += v;
                            ++summary.groupSteps[g];
                        }
                        const double mean = groupSum / phase.groups[k].steps;
                        if (k == 0) reported = mean;
                        sums[g] += mean * static_cast<double>(count);
                    }
                    if (!finite) {
                        const bool keepBest = best.keepBest(module, summary);
                        if (!keepBest) restoreState(module, lastGood);
                        summary.outcome = TrainingOutcome::Diverged;
                        summary.message =
                            "the loss became " + std::string(std::isnan(bad) ? "NaN" : "infinite") +
                            " in epoch " + std::to_string(epoch) + ", batch " +
                            std::to_string(b + 1) + "; training stopped and the weights of " +
                            (keepBest
                                 ? "epoch " + std::to_string(best.epoch) + " (best validation loss)"
                                 : std::string("the last complete epoch")) +
                            " were kept (try a lower learning rate)";
                        module.eval();
                        return summary;
                    }
                    if (hooks.batchEnded)
                        hooks.batchEnded({epoch, totalEpochs, b + 1, batches, reported});
                }
                EpochReport report;
                report.epoch = epoch;
                report.epochs = totalEpochs;
                report.phase = phases->size() > 1 ? phase.name : std::string();
                report.groupNames = names;
                report.groupLosses.assign(names.size(), std::numeric_limits<double>::quiet_NaN());
                for (const auto& gs : phase.groups)
                    report.groupLosses[gs.group] = sums[gs.group] / static_cast<double>(n);
                report.trainLoss = report.groupLosses[phase.groups.front().group];
                report.valLoss = validationLoss(module, impl.weights, validation, impl.device,
                                                config.loss, 4096);
                if (dataSpread > 0) report.sampleSpread = samplesSpread(module) / dataSpread;
                report.seconds = secondsSince(epochStart);
                report.etaSeconds =
                    secondsSince(started) / (epoch - earlier) * (totalEpochs - epoch);
                summary.history.push_back(report);
                summary.epochsCompleted = epoch;
                const auto health = module.health(summary.history);
                if (health.stop) {
                    restoreState(module, lastGood);
                    summary.outcome = TrainingOutcome::Diverged;
                    summary.message = health.message;
                    summary.history.pop_back();
                    summary.epochsCompleted = epoch - 1;
                    module.eval();
                    return summary;
                }
                report.warning = summary.history.back().warning = health.message;
                if (!health.message.empty() &&
                    std::find(summary.warnings.begin(), summary.warnings.end(), health.message) ==
                        summary.warnings.end())
                    summary.warnings.push_back(health.message);
                const bool stop = earlyStopping && best.update(report.valLoss, epoch, module,
                                                               config.patience, earliestStop);
                if (stop) {
                    summary.stoppedEarly = true;
                    report.etaSeconds = 0;
                }
                if (hooks.epochEnded) hooks.epochEnded(report);
                if (stop) break;
            }
            if (summary.stoppedEarly) break;
        }
        keepState();
        if (best.keepBest(module, summary)) {
            if (best.epoch != epoch) {
                // The weights went back to an earlier epoch; the optimizers' state did not.
                summary.resumeState.clear();
                char buf[240];
                std::snprintf(buf, sizeof buf,
                              "%s after epoch %d of %d: the validation loss last improved in epoch "
                              "%d (%.4g); "
                              "that epoch's weights were kept",
                              summary.stoppedEarly ? "stopped early" : "trained to the end", epoch,
                              totalEpochs, best.epoch, best.loss);
                summary.message = buf;
            }
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

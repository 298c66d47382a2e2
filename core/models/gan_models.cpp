// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/gan_models.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/models/family.h"

namespace awb::core {

void addActivation(torch::nn::Sequential& seq, const std::string& name);  // dense_autoencoder.cpp
long double valuesOf(const std::vector<int64_t>& shape);                  // dense_autoencoder.cpp

namespace {

/// The spatial size before each downsampling level and the last feature map (C, H, W); empty
/// when the image is too small for the levels.
struct ConvPlan {
    std::vector<std::pair<int64_t, int64_t>> sizes;
    int64_t c = 0, h = 0, w = 0;
};

ConvPlan planConv(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    ConvPlan plan;
    plan.c = shape[0], plan.h = shape[1], plan.w = shape[2];
    const int64_t k = spec.kernelSize, s = spec.stride, p = spec.kernelSize / 2;
    for (int64_t next : spec.convChannels) {
        plan.sizes.emplace_back(plan.h, plan.w);
        plan.c = next;
        plan.h = convOut(plan.h, k, s, p);
        plan.w = convOut(plan.w, k, s, p);
        if (plan.h < 1 || plan.w < 1) return {};
    }
    return plan;
}

/// Appends `name`, where "critic" is the critic's and discriminator's LeakyReLU of slope 0.2
/// (DCGAN's; the workbench's "leaky-relu" is torch's default 0.01).
void addBodyActivation(torch::nn::Sequential& seq, const std::string& name) {
    if (name == "critic")
        seq->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
    else
        addActivation(seq, name);
}

/// x -> features: strided convolutions (images) or dense layers (rows), each followed by
/// `activation`; flat at the end.
torch::nn::Sequential body(const ModelSpec& spec, const std::vector<int64_t>& shape,
                           const std::string& activation) {
    torch::nn::Sequential seq;
    if (shape.size() == 3) {
        const int64_t k = spec.kernelSize, s = spec.stride, p = spec.kernelSize / 2;
        int64_t c = shape[0];
        for (int64_t next : spec.convChannels) {
            seq->push_back(
                torch::nn::Conv2d(torch::nn::Conv2dOptions(c, next, k).stride(s).padding(p)));
            addBodyActivation(seq, activation);
            c = next;
        }
        seq->push_back(torch::nn::Flatten());
        return seq;
    }
    seq->push_back(torch::nn::Flatten());
    int64_t width = static_cast<int64_t>(valuesOf(shape));
    for (int64_t next : spec.layers) {
        seq->push_back(torch::nn::Linear(width, next));
        addBodyActivation(seq, activation);
        width = next;
    }
    return seq;
}

/// The width of body()'s output.
int64_t bodyWidth(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    if (shape.size() == 3) {
        const auto plan = planConv(spec, shape);
        return plan.c * plan.h * plan.w;
    }
    return spec.layers.empty() ? static_cast<int64_t>(valuesOf(shape)) : spec.layers.back();
}

/// The generator; with `batchNorm` (DCGAN) a batch normalisation before each hidden activation,
/// which keeps a standard GAN's generator from collapsing to one output.
torch::nn::Sequential generatorOf(const ModelSpec& spec, const std::vector<int64_t>& shape,
                                  bool batchNorm) {
    torch::nn::Sequential seq;
    if (shape.size() == 3) {
        const auto plan = planConv(spec, shape);
        const int64_t k = spec.kernelSize, s = spec.stride, p = spec.kernelSize / 2;
        seq->push_back(torch::nn::Linear(spec.latent, plan.c * plan.h * plan.w));
        if (batchNorm) seq->push_back(torch::nn::BatchNorm1d(plan.c * plan.h * plan.w));
        addActivation(seq, spec.activation);
        seq->push_back(
            torch::nn::Unflatten(torch::nn::UnflattenOptions(1, {plan.c, plan.h, plan.w})));
        int64_t c = plan.c, h = plan.h, w = plan.w;
        for (size_t level = spec.convChannels.size(); level-- > 0;) {
            const int64_t out = level == 0 ? shape[0] : spec.convChannels[level - 1];
            const auto [th, tw] = plan.sizes[level];
            const int64_t oph = th - ((h - 1) * s - 2 * p + k),
                          opw = tw - ((w - 1) * s - 2 * p + k);
            seq->push_back(torch::nn::ConvTranspose2d(
                torch::nn::ConvTranspose2dOptions(c, out, k).stride(s).padding(p).output_padding(
                    std::vector<int64_t>{oph, opw})));
            if (level > 0) {
                if (batchNorm) seq->push_back(torch::nn::BatchNorm2d(out));
                addActivation(seq, spec.activation);
            }
            c = out, h = th, w = tw;
        }
    } else {
        int64_t width = spec.latent;
        for (auto it = spec.layers.rbegin(); it != spec.layers.rend(); ++it) {
            seq->push_back(torch::nn::Linear(width, *it));
            if (batchNorm) seq->push_back(torch::nn::BatchNorm1d(*it));
            addActivation(seq, spec.activation);
            width = *it;
        }
        seq->push_back(torch::nn::Linear(width, static_cast<int64_t>(valuesOf(shape))));
    }
    addActivation(seq, spec.outputActivation);
    return seq;
}

/// Exactly the parameters GanNetworks creates.
int64_t ganParameters(const ModelSpec& spec, const std::vector<int64_t>& shape, bool withEncoder,
                      bool batchNorm) {
    long double bodies = 0, generator = 0, width = 0;
    if (shape.size() == 3) {
        const auto plan = planConv(spec, shape);
        if (plan.sizes.empty()) return 0;
        long double c = shape[0];
        for (int64_t next : spec.convChannels)
            bodies += convParameters(c, next, spec.kernelSize), c = next;
        width = static_cast<long double>(plan.c) * plan.h * plan.w;
        generator += linearParameters(spec.latent, width) + (batchNorm ? 2 * width : 0);
        for (size_t level = spec.convChannels.size(); level-- > 0;) {
            const long double out = level == 0 ? shape[0] : spec.convChannels[level - 1];
            generator +=
                convParameters(c, out, spec.kernelSize) + (batchNorm && level > 0 ? 2 * out : 0);
            c = out;
        }
    } else {
        width = valuesOf(shape);
        const long double n = width;
        for (int64_t next : spec.layers) bodies += linearParameters(width, next), width = next;
        long double g = spec.latent;
        for (auto it = spec.layers.rbegin(); it != spec.layers.rend(); ++it)
            generator += linearParameters(g, *it) + (batchNorm ? 2.0L * *it : 0), g = *it;
        generator += linearParameters(g, n);
    }
    long double total = generator + bodies + linearParameters(width, 1);
    if (withEncoder) total += bodies + linearParameters(width, spec.latent);
    return saturatedCount(total);
}

/// Random codes for a batch like `x`: N(0, 1), {batch, latent}; at least two, since a generator
/// with batch normalisation cannot train on a batch of one (the last batch of 65 samples at 64).
torch::Tensor codesFor(const torch::Tensor& x, int64_t latent) {
    return torch::randn({std::max<int64_t>(2, x.size(0)), latent}, x.options());
}

/// Adam's betas for a GAN's groups as DCGAN and WGAN-GP set them.
GroupOptimizer withBetas(double beta1, double beta2) {
    GroupOptimizer o;
    o.adamBetas = std::make_pair(beta1, beta2);
    return o;
}

/// A feature term per sample spread over the sample's values, x's shape (elementTerms).
torch::Tensor spread(const torch::Tensor& perSample, const torch::Tensor& x) {
    std::vector<int64_t> ones(static_cast<size_t>(x.dim()), 1);
    ones[0] = x.size(0);
    return perSample.reshape(ones).expand(x.sizes());
}

constexpr double kSearchLearningRate = 0.05;
constexpr double kGradientPenalty = 10.0;
/// The seed of the fixed codes (fixedSamples) and of MAD-GAN's candidate search starts
/// (model.search_starts): a generator of their own, so drawing them leaves the training's random
/// stream as it was, and a window's start depends on the window and the generator only.
constexpr uint64_t kFixedCodeSeed = 20170317;  // AnoGAN's arXiv date

/// The fixed codes of fixedSamples(): N(0, 1) from their own generator and seed, so drawing them
/// leaves the training's random stream as it was and gives the same codes every epoch.
torch::Tensor fixedCodes(std::vector<int64_t> sizes, const torch::TensorOptions& options) {
    auto generator = at::detail::createCPUGenerator(kFixedCodeSeed);
    return torch::randn(sizes, generator, torch::TensorOptions(torch::kFloat32)).to(options);
}

/// A loss magnitude no healthy GAN run reaches (the WGAN-GP critic's stays within tens, the
/// standard GAN's within about 20).
constexpr double kExplodingLoss = 1e4;
/// Samples from fixed codes varying less than this fraction of the data's spread: collapsed.
constexpr double kCollapsedSpread = 0.1;

/// The GAN families' checks after an epoch: an exploding loss stops training; a generator whose
/// samples collapsed, a critic (or discriminator) whose loss no longer moves, and a
/// discriminator that wins outright are warnings saying what to change.
TrainingHealth ganHealth(const std::vector<EpochReport>& history, size_t critic, bool wasserstein) {
    TrainingHealth h;
    if (history.empty()) return h;
    const auto& r = history.back();
    char buf[400];
    // The critic's (or discriminator's) loss only: a WGAN generator's -D(G(z)) and the encoder's
    // feature term have no fixed level and may drift far in a healthy run.
    for (size_t g = critic; g == critic && g < r.groupLosses.size() && g < r.groupNames.size();
         ++g) {
        const double v = r.groupLosses[g];
        if (std::isfinite(v) && std::abs(v) > kExplodingLoss) {
            std::snprintf(buf, sizeof buf,
                          "the %s loss reached %.3g in epoch %d: the GAN diverged; training "
                          "stopped and the weights from before that epoch were kept (try a lower "
                          "learning rate%s)",
                          r.groupNames[g].c_str(), v, r.epoch,
                          wasserstein ? " or more critic steps" : "");
            return {true, buf};
        }
    }
    const std::string name = critic < r.groupNames.size() ? r.groupNames[critic] : "critic";
    auto criticLoss = [&](size_t back) {
        const auto& e = history[history.size() - 1 - back];
        return critic < e.groupLosses.size() ? e.groupLosses[critic] : std::nan("");
    };
    auto collapsed = [](const EpochReport& e) {
        return std::isfinite(e.sampleSpread) && e.sampleSpread < kCollapsedSpread;
    };
    // An untrained generator's samples hardly vary either (f-AnoGAN's: 7 % for its first 30 of
    // 1250 epochs on the bar images): collapse is a spread that fell from twice the mark, or
    // that stays under it after the first quarter of training; two epochs in a row.
    double widest = 0;
    for (const auto& e : history)
        if (std::isfinite(e.sampleSpread)) widest = std::max(widest, e.sampleSpread);
    const bool late = 4 * r.epoch >= r.epochs && r.epoch >= 3;
    if (history.size() >= 2 && collapsed(r) && collapsed(history[history.size() - 2]) &&
        (widest >= 2 * kCollapsedSpread || late)) {
        std::snprintf(buf, sizeof buf,
                      "mode collapse: the generator's samples from fixed codes vary less than "
                      "%.0f%% as much as the training data (nearly one sample whatever the "
                      "code); try a lower learning rate, more epochs or another seed",
                      100 * kCollapsedSpread);
        h.message = buf;
        return h;
    }
    if (history.size() >= 3) {
        double lo = INFINITY, hi = -INFINITY;
        bool trained = true;  // in all three epochs (a frozen group's loss is NaN)
        for (size_t back = 0; back < 3; ++back) {
            trained = trained && std::isfinite(criticLoss(back));
            lo = std::min(lo, criticLoss(back));
            hi = std::max(hi, criticLoss(back));
        }
        // A discriminator saturated near 0 is the next rule's case (it wins), not a stuck one.
        const bool saturated = !wasserstein && hi < 0.01;
        if (trained && !saturated && hi - lo <= 1e-6 * std::max(1.0, std::abs(hi))) {
            std::snprintf(buf, sizeof buf,
                          "the %s's loss has stayed at %.4g for 3 epochs: it no longer learns, "
                          "so the generator learns nothing from it; try another seed or a "
                          "higher learning rate",
                          name.c_str(), hi);
            h.message = buf;
            return h;
        }
    }
    if (!wasserstein && history.size() >= 2 && criticLoss(0) < 0.01 &&
        criticLoss(1) < 0.01) {  // NaN: false
        std::snprintf(buf, sizeof buf,
                      "the %s tells real from generated samples almost perfectly (loss under "
                      "0.01): the generator learns little from it; try a lower learning rate or "
                      "more training samples",
                      name.c_str());
        h.message = buf;
    }
    return h;
}

}  // namespace

GanNetworks::GanNetworks(torch::nn::Module& owner, const ModelSpec& spec,
                         const std::vector<int64_t>& sampleShape, bool withEncoder, bool batchNorm)
    : shape(sampleShape), latent(spec.latent) {
    if (shape.size() == 3 && planConv(spec, shape).sizes.empty())
        throw std::invalid_argument(
            "model.conv_channels: too many downsampling levels (or none) for the image size at "
            "model.stride");
    if (shape.size() != 3 && spec.layers.empty())
        throw std::invalid_argument("model.layers: the GAN's dense networks need widths");
    if (latent < 1) throw std::invalid_argument("model.latent: a GAN needs a latent code");
    generator = owner.register_module("generator", generatorOf(spec, shape, batchNorm));
    features = owner.register_module("critic", body(spec, shape, "critic"));
    head = owner.register_module("critic_head", torch::nn::Linear(bodyWidth(spec, shape), 1));
    if (withEncoder) {
        encoder = owner.register_module("encoder", body(spec, shape, spec.activation));
        encoder->push_back(torch::nn::Linear(bodyWidth(spec, shape), latent));
    }
}

torch::Tensor GanNetworks::generate(const torch::Tensor& z) {
    auto out = generator->forward(z);
    std::vector<int64_t> sizes{z.size(0)};
    sizes.insert(sizes.end(), shape.begin(), shape.end());
    return out.reshape(sizes);
}

torch::Tensor GanNetworks::fixedSamples(int64_t count) {
    const auto first = generator->parameters().front();
    return generate(fixedCodes({count, latent}, first.options()));
}

torch::Tensor GanNetworks::featuresOf(const torch::Tensor& x) { return features->forward(x); }

torch::Tensor GanNetworks::critic(const torch::Tensor& x) {
    return head->forward(featuresOf(x)).squeeze(1);
}

// ---- f-AnoGAN ----

FAnoGan::FAnoGan(const ModelSpec& spec, const std::vector<int64_t>& sampleShape,
                 std::vector<double> weights)
    : nets_(*this, spec, sampleShape, true, false),
      criticSteps_(spec.criticSteps),
      weights_(std::move(weights)) {}

torch::Tensor FAnoGan::forward(const torch::Tensor& x) {
    return nets_.generate(nets_.encoder->forward(x));
}

std::vector<torch::Tensor> FAnoGan::scoreTerms(const torch::Tensor& x, LossKind loss) {
    const auto rebuilt = forward(x);
    return {perSampleError(x, rebuilt, loss),
            perSampleError(nets_.featuresOf(x), nets_.featuresOf(rebuilt), loss)};
}

std::vector<torch::Tensor> FAnoGan::elementTerms(const torch::Tensor& x, LossKind loss) {
    const auto rebuilt = forward(x);
    return {elementError(x, rebuilt, loss),
            spread(perSampleError(nets_.featuresOf(x), nets_.featuresOf(rebuilt), loss), x)};
}

std::vector<torch::Tensor> FAnoGan::groupParameters(size_t group) {
    if (group == 1) return nets_.generator->parameters();
    if (group == 2) return nets_.encoder->parameters();
    auto params = nets_.features->parameters();
    const auto head = nets_.head->parameters();
    params.insert(params.end(), head.begin(), head.end());
    return params;
}

GroupOptimizer FAnoGan::groupOptimizer(size_t group) const {
    return group == 2 ? GroupOptimizer{} : withBetas(0.0, 0.9);
}

std::vector<TrainingPhase> FAnoGan::phases(int epochs) const {
    return {{"WGAN-GP", epochs, {{0, criticSteps_}, {1, 1}}}, {"encoder", epochs, {{2, 1}}}};
}

torch::Tensor FAnoGan::groupLoss(size_t group, const torch::Tensor& input,
                                 const torch::Tensor& target, LossKind loss, int /*epoch*/) {
    if (group == 2) {  // izi_f, with G and the critic frozen by the phase
        const auto rebuilt = nets_.generate(nets_.encoder->forward(input));
        return weights_.at(0) * meanError(target, rebuilt, loss) +
               weights_.at(1) *
                   meanError(nets_.featuresOf(target), nets_.featuresOf(rebuilt), loss);
    }
    if (group == 1) return -nets_.critic(nets_.generate(codesFor(target, nets_.latent))).mean();
    // The critic: Wasserstein estimate plus the gradient penalty on random mixes of real and fake
    // (the generated batch without a graph: the critic's step does not reach the generator).
    torch::Tensor generated;
    {
        torch::NoGradGuard noGrad;
        generated = nets_.generate(codesFor(target, nets_.latent)).narrow(0, 0, target.size(0));
    }
    std::vector<int64_t> epsShape(static_cast<size_t>(target.dim()), 1);
    epsShape[0] = target.size(0);
    const auto eps = torch::rand(epsShape, target.options());
    const auto mixed = (eps * target + (1 - eps) * generated).requires_grad_(true);
    const auto mixedScore = nets_.critic(mixed);
    const auto gradient = torch::autograd::grad({mixedScore.sum()}, {mixed}, {},
                                                /*retain_graph=*/c10::nullopt,
                                                /*create_graph=*/true)[0];
    const auto penalty = (gradient.flatten(1).norm(2, 1) - 1).pow(2).mean();
    return nets_.critic(generated).mean() - nets_.critic(target).mean() +
           kGradientPenalty * penalty;
}

TrainingHealth FAnoGan::health(const std::vector<EpochReport>& history) const {
    return ganHealth(history, 0, true);
}

// ---- AnoGAN ----

AnoGan::AnoGan(const ModelSpec& spec, const std::vector<int64_t>& sampleShape,
               std::vector<double> weights)
    : nets_(*this, spec, sampleShape, false, true),
      searchSteps_(spec.searchSteps),
      weights_(std::move(weights)) {}

torch::Tensor AnoGan::search(const torch::Tensor& x, LossKind loss,
                             const std::function<bool(int, const torch::Tensor&)>& visit) {
    torch::AutoGradMode enable(true);
    const FrozenParameters frozen(parameters());  // only z moves
    // Batch normalisation with its running statistics: each sample's search on its own.
    const bool wasTraining = is_training();
    eval();
    const auto target = x.detach();
    const auto targetFeatures = nets_.featuresOf(target).detach();
    auto z = torch::zeros({x.size(0), nets_.latent}, x.options()).requires_grad_(true);
    torch::optim::Adam optimizer({z}, torch::optim::AdamOptions(kSearchLearningRate));
    bool go = !visit || visit(0, z.detach());
    for (int step = 1; go && step <= searchSteps_; ++step) {
        optimizer.zero_grad();
        const auto generated = nets_.generate(z);
        // Summed over the batch: each sample's loss depends on its own code alone.
        const auto total =
            weights_.at(0) * perSampleError(target, generated, loss) +
            weights_.at(1) * perSampleError(targetFeatures, nets_.featuresOf(generated), loss);
        total.sum().backward();
        optimizer.step();
        go = !visit || visit(step, z.detach());
    }
    if (wasTraining) train();
    return z.detach();
}

torch::Tensor AnoGan::forward(const torch::Tensor& x) {
    const auto z = search(x, scoredWith_);
    torch::NoGradGuard noGrad;
    return nets_.generate(z);
}

std::vector<torch::Tensor> AnoGan::termsAt(const torch::Tensor& x, const torch::Tensor& z,
                                           LossKind loss) {
    torch::NoGradGuard noGrad;
    const auto generated = nets_.generate(z);
    return {perSampleError(x, generated, loss),
            perSampleError(nets_.featuresOf(x), nets_.featuresOf(generated), loss)};
}

torch::Tensor AnoGan::matchAt(const torch::Tensor& z) {
    torch::NoGradGuard noGrad;
    return nets_.generate(z);
}

std::vector<torch::Tensor> AnoGan::scoreTerms(const torch::Tensor& x, LossKind loss) {
    scoredWith_ = loss;
    return termsAt(x, search(x, loss), loss);
}

std::vector<torch::Tensor> AnoGan::elementTerms(const torch::Tensor& x, LossKind loss) {
    scoredWith_ = loss;
    const auto z = search(x, loss);
    torch::NoGradGuard noGrad;
    const auto generated = nets_.generate(z);
    return {elementError(x, generated, loss),
            spread(perSampleError(nets_.featuresOf(x), nets_.featuresOf(generated), loss), x)};
}

std::vector<torch::Tensor> AnoGan::groupParameters(size_t group) {
    if (group == 1) return nets_.generator->parameters();
    auto params = nets_.features->parameters();
    const auto head = nets_.head->parameters();
    params.insert(params.end(), head.begin(), head.end());
    return params;
}

GroupOptimizer AnoGan::groupOptimizer(size_t) const { return withBetas(0.5, 0.999); }

torch::Tensor AnoGan::groupLoss(size_t group, const torch::Tensor& /*input*/,
                                const torch::Tensor& target, LossKind, int) {
    // Non-saturating GAN losses: -log D(real) - log(1 - D(fake)) and -log D(fake).
    if (group == 1)
        return torch::softplus(-nets_.critic(nets_.generate(codesFor(target, nets_.latent))))
            .mean();
    torch::Tensor fake;
    {
        torch::NoGradGuard noGrad;  // the discriminator's step does not reach the generator
        fake = nets_.generate(codesFor(target, nets_.latent));
    }
    return torch::softplus(-nets_.critic(target)).mean() +
           torch::softplus(nets_.critic(fake)).mean();
}

TrainingHealth AnoGan::health(const std::vector<EpochReport>& history) const {
    return ganHealth(history, 0, false);
}

// ---- MAD-GAN ----

MadGan::MadGan(const ModelSpec& spec, int64_t length, int64_t features)
    : length_(length),
      features_(features),
      latent_(spec.latent),
      searchSteps_(spec.searchSteps),
      searchStarts_(spec.searchStarts),
      discriminatorSteps_(spec.discriminatorSteps),
      codePerWindow_(spec.latentPer == "window") {
    if (spec.layers.empty())
        throw std::invalid_argument("model.layers: MAD-GAN needs its LSTM width");
    if (latent_ < 1) throw std::invalid_argument("model.latent: a GAN needs a latent code");
    const int64_t hidden = spec.layers.front();
    generatorLstm_ =
        register_module("generator_lstm",
                        torch::nn::LSTM(torch::nn::LSTMOptions(latent_, hidden).batch_first(true)));
    generatorOut_ = register_module("generator_out", torch::nn::Linear(hidden, features));
    discriminatorLstm_ = register_module(
        "discriminator_lstm",
        torch::nn::LSTM(torch::nn::LSTMOptions(features, hidden).batch_first(true)));
    discriminatorOut_ = register_module("discriminator_out", torch::nn::Linear(hidden, 1));
    torch::nn::Sequential activation;
    addActivation(activation, spec.outputActivation);
    if (activation->is_empty()) activation->push_back(torch::nn::Identity());
    outputActivation_ = register_module("output_activation", activation);
}

torch::Tensor MadGan::generate(const torch::Tensor& z) {
    const auto steps = z.size(1) == length_ ? z : z.expand({z.size(0), length_, latent_});
    return outputActivation_->forward(
        generatorOut_->forward(std::get<0>(generatorLstm_->forward(steps))));
}

int64_t MadGan::codeSteps() const { return codePerWindow_ ? 1 : length_; }

torch::Tensor MadGan::bestStarts(const torch::Tensor& target, LossKind loss) {
    torch::NoGradGuard noGrad;
    const int64_t starts = searchStarts_, batch = target.size(0), steps = codeSteps();
    // Memory stays bounded whatever the starts: candidates are drawn and generated a chunk at a
    // time (about 2^24 values of LSTM states; the chunks depend on the model alone, so the
    // candidates do not depend on the batch), and compared with the batch's windows in parts of
    // about 2^24 values, keeping each window's best so far.
    const int64_t hidden = generatorOut_->weight.size(1);
    constexpr int64_t kValues = int64_t(1) << 24;
    const int64_t drawChunk = std::clamp<int64_t>(
        kValues / std::max<int64_t>(1, length_ * (4 * hidden + latent_)), 1, starts);
    const int64_t compareChunk = std::clamp<int64_t>(
        kValues / std::max<int64_t>(1, batch * length_ * features_), 1, drawChunk);
    auto generator = at::detail::createCPUGenerator(kFixedCodeSeed);
    const auto rows = target.unsqueeze(1);
    torch::Tensor best, bestCodes;
    for (int64_t first = 0; first < starts; first += drawChunk) {
        const int64_t n = std::min(drawChunk, starts - first);
        const auto codes =
            torch::randn({n, steps, latent_}, generator, torch::TensorOptions(torch::kFloat32))
                .to(target.options());
        const auto windows = generate(codes);
        for (int64_t part = 0; part < n; part += compareChunk) {
            const int64_t m = std::min(compareChunk, n - part);
            const auto errors = elementError(rows, windows.narrow(0, part, m).unsqueeze(0), loss)
                                    .reshape({batch, m, -1})
                                    .mean(2);  // [batch, m]
            const auto [value, index] = errors.min(1);
            const auto chosen = codes.narrow(0, part, m).index_select(0, index);
            if (!best.defined()) {
                best = value, bestCodes = chosen;
                continue;
            }
            const auto better = value < best;
            best = torch::where(better, value, best);
            bestCodes = torch::where(better.view({batch, 1, 1}), chosen, bestCodes);
        }
    }
    return bestCodes;
}

torch::Tensor MadGan::fixedSamples(int64_t count) {
    return generate(fixedCodes({count, codeSteps(), latent_}, generatorOut_->weight.options()));
}

TrainingHealth MadGan::health(const std::vector<EpochReport>& history) const {
    return ganHealth(history, 0, false);
}

torch::Tensor MadGan::discriminate(const torch::Tensor& x) {
    return discriminatorOut_->forward(std::get<0>(discriminatorLstm_->forward(x))).squeeze(-1);
}

torch::Tensor MadGan::search(const torch::Tensor& x, LossKind loss) {
    torch::AutoGradMode enable(true);
    const FrozenParameters frozen(parameters());
    const auto target = x.detach();
    // cuDNN runs an RNN's backward only in training mode; the LSTM has no dropout, so its
    // output is the same in either mode.
    const bool wasTraining = generatorLstm_->is_training();
    generatorLstm_->train();
    auto z = (searchStarts_ > 0 ? bestStarts(target, loss)
                                : torch::zeros({x.size(0), codeSteps(), latent_}, x.options()))
                 .requires_grad_(true);
    torch::optim::Adam optimizer({z}, torch::optim::AdamOptions(kSearchLearningRate));
    for (int step = 1; step <= searchSteps_; ++step) {
        optimizer.zero_grad();
        perSampleError(target, generate(z), loss).sum().backward();
        optimizer.step();
    }
    generatorLstm_->train(wasTraining);
    return z.detach();
}

torch::Tensor MadGan::forward(const torch::Tensor& x) {
    const auto z = search(x, scoredWith_);
    torch::NoGradGuard noGrad;
    return generate(z);
}

std::vector<torch::Tensor> MadGan::scoreTerms(const torch::Tensor& x, LossKind loss) {
    scoredWith_ = loss;
    const auto z = search(x, loss);
    torch::NoGradGuard noGrad;
    return {perSampleError(x, generate(z), loss), (1 - torch::sigmoid(discriminate(x))).mean(1)};
}

std::vector<torch::Tensor> MadGan::elementTerms(const torch::Tensor& x, LossKind loss) {
    scoredWith_ = loss;
    const auto z = search(x, loss);
    torch::NoGradGuard noGrad;
    return {elementError(x, generate(z), loss),
            (1 - torch::sigmoid(discriminate(x))).unsqueeze(-1).expand(x.sizes())};
}

std::vector<torch::Tensor> MadGan::groupParameters(size_t group) {
    auto params = (group == 1 ? generatorLstm_ : discriminatorLstm_)->parameters();
    const auto out = (group == 1 ? generatorOut_ : discriminatorOut_)->parameters();
    params.insert(params.end(), out.begin(), out.end());
    return params;
}

GroupOptimizer MadGan::groupOptimizer(size_t) const { return withBetas(0.5, 0.999); }

std::vector<TrainingPhase> MadGan::phases(int epochs) const {
    return {TrainingPhase{"", epochs, {{0, discriminatorSteps_}, {1, 1}}}};
}

torch::Tensor MadGan::groupLoss(size_t group, const torch::Tensor& /*input*/,
                                const torch::Tensor& target, LossKind, int) {
    const auto codes = torch::randn({target.size(0), codeSteps(), latent_}, target.options());
    if (group == 1) return torch::softplus(-discriminate(generate(codes))).mean();
    torch::Tensor fake;
    {
        torch::NoGradGuard noGrad;  // the discriminator's step does not reach the generator
        fake = generate(codes);
    }
    return torch::softplus(-discriminate(target)).mean() +
           torch::softplus(discriminate(fake)).mean();
}

// ---- families ----

namespace {

/// Values one sample keeps for backward in the GAN's networks (three passes of the body).
double ganActivationValues(const ModelSpec& spec, const std::vector<int64_t>& shape) {
    double values = 0;
    for (int64_t w : spec.layers) values += 2 * 2 * 3 * double(w);
    if (shape.size() != 3) return values;
    double level = double(shape[1]) * double(shape[2]);
    for (int64_t c : spec.convChannels) {
        values += 2 * 2 * 3 * level * double(c);
        level /= double(spec.stride) * double(spec.stride);
    }
    return values;
}

Family imageOrRowGan(bool fast) {
    Family f;
    f.input = InputKind::Rows;
    f.latentRequired = true;
    f.settings = {Setting::Layers, Setting::ConvChannels, Setting::KernelSize,      Setting::Stride,
                  Setting::Latent, Setting::Activation,   Setting::OutputActivation};
    f.defaultLayers = [](const std::vector<int64_t>& shape) {
        return taperedLayers(valuesOf(shape));
    };
    f.parameterCount = [fast](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return ganParameters(spec, shape, fast, !fast);
    };
    f.activationValues = ganActivationValues;
    return f;
}

}  // namespace

Family fAnoGanFamily() {
    Family f = imageOrRowGan(true);
    f.name = "f-anogan";
    f.description =
        "f-AnoGAN: a WGAN-GP on normal samples, then an encoder into its latent space; scored in "
        "one pass (images: DCGAN-style convolutions; rows: dense layers)";
    f.settings.push_back(Setting::CriticSteps);
    f.terms = {
        {"residual", "error of G(E(x)) against x", 1.0},
        {"feature", "error of the critic's features f(G(E(x))) against f(x) (weight: kappa)", 1.0}};
    f.defaultPreset = "images-f-anogan";
    f.build = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<FAnoGan>(spec, shape, familyOf(spec).weights(spec)));
    };
    return f;
}

Family anoGanFamily() {
    Family f = imageOrRowGan(false);
    f.name = "anogan";
    f.description =
        "AnoGAN: a GAN on normal samples; each sample scored by a search of the latent space "
        "(slow: search steps per batch)";
    f.settings.push_back(Setting::SearchSteps);
    f.terms = {
        {"residual", "error of the best generated match G(z*) against x", 0.9},
        {"discrimination",
         "error of the discriminator's features f(G(z*)) against f(x) (weight: lambda)", 0.1}};
    f.defaultPreset = "images-anogan";
    f.build = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<AnoGan>(spec, shape, familyOf(spec).weights(spec)));
    };
    return f;
}

Family madGanFamily() {
    Family f;
    f.name = "mad-gan";
    f.description =
        "MAD-GAN: LSTM generator and discriminator on windows of a time series; DR-score of the "
        "latent search's residual and the discriminator";
    f.input = InputKind::Windows;
    f.latentRequired = true;
    f.settings = {
        Setting::Layers,    Setting::Latent,       Setting::OutputActivation,  Setting::SearchSteps,
        Setting::LatentPer, Setting::SearchStarts, Setting::DiscriminatorSteps};
    f.terms = {{"R", "residual of the best generated window G(z*) (weight: 1 - lambda)", 0.5},
               {"1-D", "1 - the discriminator's output on the window (weight: lambda)", 0.5}};
    f.defaultPreset = "timeseries-mad-gan";
    f.defaultLayers = [](const std::vector<int64_t>&) { return std::vector<int64_t>{100}; };
    f.build = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        if (shape.size() != 2)
            throw std::invalid_argument("data.window_length: MAD-GAN needs windows of a series");
        return std::shared_ptr<ReconstructionModule>(
            std::make_shared<MadGan>(spec, shape[0], shape[1]));
    };
    f.parameterCount = [](const ModelSpec& spec, const std::vector<int64_t>& shape) -> int64_t {
        if (shape.size() != 2 || spec.layers.empty()) return 0;
        const long double hidden = spec.layers.front(), features = shape[1];
        return saturatedCount(lstmParameters(spec.latent, hidden) +
                              linearParameters(hidden, features) +
                              lstmParameters(features, hidden) + linearParameters(hidden, 1));
    };
    f.activationValues = [](const ModelSpec& spec, const std::vector<int64_t>& shape) {
        const double hidden = spec.layers.empty() ? 100.0 : double(spec.layers.front());
        return shape.empty() ? 0.0 : 3 * 2 * 6 * hidden * double(shape[0]);
    };
    return f;
}

}  // namespace awb::core

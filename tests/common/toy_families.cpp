// SPDX-License-Identifier: GPL-3.0-or-later
// Torch side of the toy families: a family defined in its own file, outside core, as a new family
// would be, and added with one registerFamily() call.
#include "toy_families.h"

#include <torch/nn/modules/linear.h>

#include <mutex>
#include <stdexcept>

#include "core/models/family.h"
#include "core/models/reconstruction_module.h"

namespace awb::test {

using namespace awb::core;

namespace {

int64_t valuesOf(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

class TwoPhase : public ReconstructionModule {
public:
    explicit TwoPhase(int64_t n) {
        encoder_ = register_module("encoder", torch::nn::Linear(n, 4));
        decoder_ = register_module("decoder", torch::nn::Linear(4, n));
    }
    torch::Tensor forward(const torch::Tensor& x) override {
        const auto flat = x.reshape({x.size(0), -1});
        return decoder_->forward(torch::tanh(encoder_->forward(flat))).reshape(x.sizes());
    }
    std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) override {
        const auto code = torch::tanh(encoder_->forward(x.reshape({x.size(0), -1})));
        return {perSampleError(x, forward(x), loss), code.abs().mean(1)};
    }
    std::vector<torch::Tensor> elementTerms(const torch::Tensor& x, LossKind loss) override {
        const auto code = torch::tanh(encoder_->forward(x.reshape({x.size(0), -1})));
        return {elementError(x, forward(x), loss), code.abs()
                                                       .mean(1)
                                                       .reshape({-1, 1})
                                                       .expand({x.size(0), x[0].numel()})
                                                       .reshape(x.sizes())};
    }
    std::vector<std::string> groupNames() const override { return {"A", "B"}; }
    std::vector<torch::Tensor> groupParameters(size_t group) override {
        return (group == 0 ? encoder_ : decoder_)->parameters();
    }
    GroupOptimizer groupOptimizer(size_t group) const override {
        GroupOptimizer o;
        if (group == 1) o.kind = OptimizerKind::RmsProp, o.learningRate = 0.01;
        return o;
    }
    std::vector<TrainingPhase> phases(int) const override {
        return {{"joint", 2, {{0, 2}, {1, 1}}}, {"decoder", 1, {{1, 1}}}};
    }

private:
    torch::nn::Linear encoder_{nullptr}, decoder_{nullptr};
};

class LatentSearch : public ReconstructionModule {
public:
    explicit LatentSearch(int64_t n) {
        generator_ = register_module("generator", torch::nn::Linear(2, n));
    }
    torch::Tensor generate(const torch::Tensor& z) {
        return torch::sigmoid(generator_->forward(z));
    }
    torch::Tensor forward(const torch::Tensor& x) override {
        return generate(search(x.reshape({x.size(0), -1}))).reshape(x.sizes());
    }
    std::vector<torch::Tensor> scoreTerms(const torch::Tensor& x, LossKind loss) override {
        return {perSampleError(x, forward(x), loss).detach()};
    }
    bool scoringNeedsGradients() const override { return true; }
    torch::Tensor groupLoss(size_t, const torch::Tensor& input, const torch::Tensor& target,
                            LossKind loss, int) override {
        // Trained at the searched codes (the search itself is not differentiated through).
        const auto flat = input.reshape({input.size(0), -1});
        const auto z = search(flat).detach();
        return meanError(target.reshape({target.size(0), -1}), generate(z), loss);
    }

private:
    /// 25 steps of gradient descent on z from 0 towards |x − G(z)|², by backward() as AnoGAN's
    /// reference code does: G's weights must be out of autograd meanwhile (the model freezes them
    /// while scoring; training freezes them here).
    torch::Tensor search(const torch::Tensor& flat) {
        torch::AutoGradMode enable(true);
        const FrozenParameters frozen(parameters());
        auto z = torch::zeros({flat.size(0), 2}, flat.options()).requires_grad_(true);
        for (int step = 0; step < 25; ++step) {
            (generate(z) - flat.detach()).pow(2).sum().backward();
            z = (z - 0.5 * z.grad()).detach().requires_grad_(true);
        }
        return z.detach();
    }
    torch::nn::Linear generator_{nullptr};
};

}  // namespace

void registerToyFamilies() {
    static std::once_flag once;
    std::call_once(once, [] {
        Family two;
        two.name = "toy-two-phase";
        two.description = "test family: two groups, two phases";
        two.input = InputKind::Rows;
        two.terms = {{"rec", "reconstruction error", 1.0}, {"code", "mean |code|", 0.01}};
        two.build = [](const ModelSpec&, const std::vector<int64_t>& shape) {
            return std::shared_ptr<ReconstructionModule>(
                std::make_shared<TwoPhase>(valuesOf(shape)));
        };
        two.parameterCount = [](const ModelSpec&, const std::vector<int64_t>& shape) {
            const int64_t n = valuesOf(shape);
            return n * 4 + 4 + 4 * n + n;
        };
        if (auto st = registerFamily(two); !st) throw std::runtime_error(st.error().message);

        Family latent;
        latent.name = "toy-latent-search";
        latent.description = "test family: scores by gradient descent over a code";
        latent.input = InputKind::Rows;
        latent.build = [](const ModelSpec&, const std::vector<int64_t>& shape) {
            return std::shared_ptr<ReconstructionModule>(
                std::make_shared<LatentSearch>(valuesOf(shape)));
        };
        latent.parameterCount = [](const ModelSpec&, const std::vector<int64_t>& shape) {
            return 2 * valuesOf(shape) + valuesOf(shape);
        };
        if (auto st = registerFamily(latent); !st) throw std::runtime_error(st.error().message);
    });
}

}  // namespace awb::test

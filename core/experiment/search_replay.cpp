// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/search_replay.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/models/family.h"
#include "core/models/gan_models.h"
#include "core/models/model_impl.h"

namespace awb::core {

namespace {

AnoGan* searchModule(const ExperimentResult& r) {
    if (!r.model || r.config.data.windowLength > 0) return nullptr;
    return dynamic_cast<AnoGan*>(r.model->impl().module.get());
}

}  // namespace

bool canReplaySearch(const ExperimentResult& result) { return searchModule(result) != nullptr; }

Expected<SearchReplay> replaySearch(const ExperimentResult& r, size_t index, int frames,
                                    const CancelToken& cancel) {
    AnoGan* module = searchModule(r);
    if (!module)
        return Error{ErrorCode::InvalidArgument,
                     "this run's model does not search its latent space"};
    const auto& data = r.prepared.data;
    if (index >= data.size()) {
        return Error{ErrorCode::InvalidArgument,
                     "sample " + std::to_string(index) + " is out of range"};
    }
    const int steps = r.model->spec().searchSteps;
    frames = std::clamp(frames, 2, steps + 1);
    SearchReplay out;
    out.index = index;
    out.shape = data.sampleShape;
    out.input.assign(data.sample(index), data.sample(index) + data.sampleSize());
    for (const auto& t : familyOf(r.model->spec()).terms) out.termNames.push_back(t.name);
    // Steps kept, each once: from 0 to the last, closer together early on (step = last x
    // (k / (frames - 1))^2), where a search moves most (on the bar images it is nearly done
    // after 20 of 500 steps).
    std::vector<int> keep;
    for (int k = 0; k < frames; ++k) {
        const double t = double(k) / double(frames - 1);
        keep.push_back(int(std::lround(double(steps) * t * t)));
    }
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    const auto weights = r.model->termWeights();
    const LossKind loss = r.config.training.loss;
    try {
        const auto x = samplesView(data, index, 1).to(r.model->impl().device);
        module->search(x, loss, [&](int step, const torch::Tensor& z) {
            if (cancel.cancelled()) return false;
            if (!std::binary_search(keep.begin(), keep.end(), step)) return true;
            const auto terms = module->termsAt(x, z, loss);
            SearchFrame f;
            f.step = step;
            for (size_t t = 0; t < terms.size(); ++t) {
                f.terms.push_back(terms[t].item<double>());
                f.score += (t < weights.size() ? weights[t] : 0.0) * f.terms.back();
            }
            const auto match = module->matchAt(z).to(torch::kCPU, torch::kFloat32).contiguous();
            f.match.assign(match.data_ptr<float>(), match.data_ptr<float>() + match.numel());
            out.frames.push_back(std::move(f));
            return true;
        });
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal,
                     std::string("the search could not be replayed: ") + e.what()};
    }
    if (cancel.cancelled()) return Error{ErrorCode::Cancelled, "the search replay was stopped"};
    return out;
}

}  // namespace awb::core

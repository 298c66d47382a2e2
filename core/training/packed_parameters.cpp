// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/packed_parameters.h"

#include <torch/utils.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/models/reconstruction_module.h"

namespace awb::core {

PackedParameters::PackedParameters(ReconstructionModule& module, size_t groups) {
    // Which groups train each parameter (by its implementation: groups list the same tensors).
    std::unordered_map<const void*, std::vector<size_t>> trainedBy;
    for (size_t g = 0; g < groups; ++g) {
        for (const auto& p : module.groupParameters(g)) {
            auto& list = trainedBy[p.unsafeGetTensorImpl()];
            if (list.empty() || list.back() != g) list.push_back(g);
        }
    }
    std::vector<Block> blocks;
    std::vector<torch::Tensor> loose;
    std::unordered_set<const void*> seen;  // a shared (tied) parameter is listed once
    for (const auto& p : module.parameters()) {
        if (!seen.insert(p.unsafeGetTensorImpl()).second) continue;
        const auto it = trainedBy.find(p.unsafeGetTensorImpl());
        if (it == trainedBy.end()) {
            loose.push_back(p);
            continue;
        }
        auto b = std::find_if(blocks.begin(), blocks.end(),
                              [&](const Block& x) { return x.groups == it->second; });
        if (b == blocks.end()) {
            blocks.push_back({it->second, {}, {}, {}, {}, {}});
            b = blocks.end() - 1;
        }
        const auto& first = b->params.empty() ? p : b->params.front();
        if (p.scalar_type() != first.scalar_type() || p.device() != first.device() ||
            p.is_sparse() || !p.is_floating_point())
            return;  // not packed: the module stays as it is
        b->params.push_back(p);
    }
    // A group's tensor outside the module's parameters would be left out of its optimizer.
    for (const auto& [impl, groupList] : trainedBy) {
        if (!seen.count(impl)) return;
    }
    if (blocks.empty()) return;
    torch::NoGradGuard noGrad;
    // Every buffer filled before any parameter moves: a failure leaves the module untouched.
    for (auto& b : blocks) {
        int64_t total = 0;
        for (const auto& p : b.params) total += p.numel();
        const auto options = b.params.front().options().requires_grad(false);
        b.flat = torch::empty({total}, options);
        b.grad = torch::zeros({total}, options);
        int64_t offset = 0;
        for (auto& p : b.params) {
            const int64_t n = p.numel();
            auto slot = b.flat.narrow(0, offset, n).view(p.sizes());
            auto gradSlot = b.grad.narrow(0, offset, n).view(p.sizes());
            slot.copy_(p);
            if (p.grad().defined()) gradSlot.copy_(p.grad());
            b.slots.push_back(slot);
            b.gradSlots.push_back(gradSlot);
            offset += n;
        }
        b.flat.requires_grad_(true);
        b.flat.mutable_grad() = b.grad;
    }
    for (auto& b : blocks) {
        for (size_t i = 0; i < b.params.size(); ++i) {
            b.params[i].set_data(b.slots[i]);
            b.params[i].mutable_grad() = b.gradSlots[i];
        }
    }
    blocks_ = std::move(blocks);
    loose_ = std::move(loose);
}

PackedParameters::~PackedParameters() {
    try {
        torch::NoGradGuard noGrad;
        for (auto& b : blocks_) {
            for (auto& p : b.params) {
                p.set_data(p.detach().clone());
                if (p.grad().defined()) p.mutable_grad() = p.grad().detach().clone();
            }
        }
    } catch (...) {
        // Out of memory for the copies: the parameters stay views of their blocks, which
        // hold the same values and live as long as the views do.
    }
}

std::vector<torch::Tensor> PackedParameters::groupTensors(size_t group) const {
    std::vector<torch::Tensor> out;
    for (const auto& b : blocks_) {
        if (b.trainedBy(group)) out.push_back(b.flat);
    }
    return out;
}

void PackedParameters::zeroGroupGradients(size_t group) {
    for (auto& b : blocks_) {
        if (b.trainedBy(group)) b.grad.zero_();
    }
}

void PackedParameters::zeroGradients() {
    for (auto& b : blocks_) b.grad.zero_();
    for (auto& p : loose_) {
        if (p.grad().defined()) p.mutable_grad().detach_().zero_();
    }
}

size_t PackedParameters::repair() {
    size_t repaired = 0;
    torch::NoGradGuard noGrad;
    for (auto& b : blocks_) {
        if (!b.flat.grad().defined() || !b.flat.grad().is_same(b.grad)) {
            b.flat.mutable_grad() = b.grad;
            ++repaired;
        }
        for (size_t i = 0; i < b.params.size(); ++i) {
            auto& p = b.params[i];
            if (p.data_ptr() != b.slots[i].data_ptr()) {
                b.slots[i].copy_(p);
                p.set_data(b.slots[i]);
                ++repaired;
            }
            const auto& g = p.grad();
            if (!g.defined() || g.data_ptr() != b.gradSlots[i].data_ptr()) {
                if (g.defined())
                    b.gradSlots[i].copy_(g);
                else
                    b.gradSlots[i].zero_();
                p.mutable_grad() = b.gradSlots[i];
                ++repaired;
            }
        }
    }
    return repaired;
}

}  // namespace awb::core

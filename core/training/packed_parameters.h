// SPDX-License-Identifier: GPL-3.0-or-later
// Torch-side header: included only by core .cpp files and core tests, never by the UI.
#pragma once

#include <torch/types.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace awb::core {

class ReconstructionModule;

/// A module's parameters packed, for the length of a training, into one contiguous buffer per
/// block, and their gradients likewise: each parameter (and its gradient) becomes a view of its
/// block, so an optimizer steps a whole block in one operation of each kind, and clearing the
/// gradients is one operation a block. A block is the parameters that the same optimizer groups
/// train (USAD's encoder, trained by both groups, is one block; each decoder another). Small
/// networks spend most of a batch in these per-parameter operations: Adam alone is about seven
/// operations per parameter tensor. The arithmetic is element-wise and unchanged.
///
/// Autograd accumulates into a gradient that exists in place, so the views hold while training;
/// repair() puts back any parameter or gradient that something replaced. The destructor gives
/// every parameter and gradient its own storage again, as before packing.
///
/// Clear gradients through zeroGradients()/zeroGroupGradients(), not an optimizer's zero_grad():
/// from LibTorch 2.0 on that sets a gradient to none, which would leave a block without one.
/// An optimizer's in-place step advances the block's version counter, not each parameter's own:
/// a loss that reused a graph built before a step would not be refused as modified in place
/// (every groupLoss builds its graph anew).
class PackedParameters {
public:
    /// Packs `module`'s parameters by the groups 0..groups-1 (ReconstructionModule::
    /// groupParameters). Parameters of mixed types or devices within a block, a group's tensor
    /// that is not one of the module's parameters, or no parameters at all leave the module as
    /// it is (active() false).
    PackedParameters(ReconstructionModule& module, size_t groups);
    ~PackedParameters();
    PackedParameters(const PackedParameters&) = delete;
    PackedParameters& operator=(const PackedParameters&) = delete;

    bool active() const { return !blocks_.empty(); }
    size_t blocks() const { return blocks_.size(); }
    /// What group `group`'s optimizer steps: its blocks' buffers, whose gradients are the
    /// blocks' gradient buffers.
    std::vector<torch::Tensor> groupTensors(size_t group) const;
    /// Clears every gradient of the module: one operation a block, and each parameter outside
    /// every group on its own.
    void zeroGradients();
    /// Clears the gradients of the blocks group `group` trains (its optimizer's zero_grad()).
    void zeroGroupGradients(size_t group);
    /// Puts any parameter or gradient that no longer lives in its block back into it (values
    /// kept; a gradient that was removed becomes zero); the count of those put back.
    size_t repair();

private:
    struct Block {
        std::vector<size_t> groups;  ///< the groups that train it
        bool trainedBy(size_t group) const {
            return std::find(groups.begin(), groups.end(), group) != groups.end();
        }
        std::vector<torch::Tensor> params;
        std::vector<torch::Tensor> slots;      ///< each parameter's view of `flat`
        std::vector<torch::Tensor> gradSlots;  ///< each gradient's view of `grad`
        torch::Tensor flat, grad;
    };
    std::vector<Block> blocks_;
    std::vector<torch::Tensor> loose_;  ///< parameters no group trains
};

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/common/expected.h"
#include "core/experiment/experiment_runner.h"

namespace awb::core {

/// One moment of a latent search: the generated match G(z) after `step` steps and the loss
/// terms it scores (the family's terms, in order), and their weighted sum.
struct SearchFrame {
    int step = 0;
    std::vector<double> terms;
    double score = 0;
    std::vector<float> match;  ///< G(z), in the sample's layout
};

/// A sample's latent search replayed for teaching: its input and the match at steps from 0
/// (z = 0) to the run's search steps, closer together early on (where the search moves most),
/// the last frame being the one the run scored.
struct SearchReplay {
    size_t index = 0;
    std::vector<int64_t> shape;  ///< of one sample
    std::vector<float> input;
    std::vector<std::string> termNames;
    std::vector<SearchFrame> frames;
};

/// Whether the run's model scores by a latent search that can be replayed (AnoGAN on rows and
/// images).
bool canReplaySearch(const ExperimentResult& result);

/// Replays the search of sample `index` keeping up to `frames` moments (at least the start and
/// the end; fewer when steps repeat). Runs the search again (seconds for a large generator): call
/// it off the GUI thread, and not while another thread uses the same model. A request on
/// `cancel` ends it after the step under way (ErrorCode::Cancelled).
Expected<SearchReplay> replaySearch(const ExperimentResult& result, size_t index, int frames = 26,
                                    const CancelToken& cancel = {});

}  // namespace awb::core

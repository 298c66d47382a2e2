// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_config.h"

namespace awb::core {

struct PresetInfo {
    std::string name;
    std::string description;
};

std::vector<PresetInfo> presets();

/// The named preset's experiment. Data files of presets live in the shared datasets folder
/// (see sharedDatasetPath).
Expected<ExperimentConfig> preset(const std::string& name);

/// Path of a file in the shared datasets folder: $AWB_DATASETS_DIR, else ../shared/datasets
/// beside the source tree, else ../shared/datasets from the working directory. Returns the first
/// candidate that exists, or the source-tree one when none does (so messages name it).
std::string sharedDatasetPath(const std::string& relative);

}  // namespace awb::core

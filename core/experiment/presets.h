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

/// The presets, in their files' order: resources/presets/*.json as built in, replaced or joined
/// by the files of $AWB_PRESETS_DIR and of share/anomaly-workbench/presets beside the program's
/// bin/ (an installed copy). A file is {"description", "order", "experiment": {experiment JSON}};
/// a data path starting "${datasets}/" is looked up with sharedDatasetPath.
std::vector<PresetInfo> presets();

/// The named preset's experiment; errors name the preset file.
Expected<ExperimentConfig> preset(const std::string& name);

/// The preset as built into the program, ignoring installed and user files: what the window
/// falls back to when an edited copy does not load.
Expected<ExperimentConfig> builtInPreset(const std::string& name);

/// Path of a file in the shared datasets folder: $AWB_DATASETS_DIR, else shared/datasets beside
/// an ancestor of the program's folder (a source tree's ../shared/datasets), else
/// ../shared/datasets from the working directory. Returns the first candidate that exists, or
/// the last one when none does (so messages name it). No path is compiled in.
std::string sharedDatasetPath(const std::string& relative);

}  // namespace awb::core

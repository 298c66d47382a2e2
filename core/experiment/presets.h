// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_config.h"

namespace awb::core {

struct PresetInfo {
    std::string name;
    std::string description;  ///< one line: what it runs (the CLI's list)
    std::string title;        ///< a few words for the window's gallery (the name when absent)
    /// Two or three sentences for a class: what the experiment shows and what to look at.
    std::string teaches;
    /// Empty when the preset runs as it is; else why not: the data file it needs and is
    /// missing (named, with where to get it), or that it is a template for the user's own file.
    std::string missing;
    bool needsUserData = false;  ///< a template: no data of its own, open a file after it
};

/// The presets, in their files' order: resources/presets/*.json as built in, replaced or joined
/// by the files of $AWB_PRESETS_DIR and of share/anomaly-workbench/presets beside the program's
/// bin/ (an installed copy). A file is {"description", "title", "teaches", "order", "extends",
/// "experiment": {experiment JSON}}: with "extends", the experiment is applied on top of the
/// named preset's. A data path starting "${datasets}/" is looked up with sharedDatasetPath.
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

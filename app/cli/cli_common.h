// SPDX-License-Identifier: GPL-3.0-or-later
// What the CLI's commands share: the experiment's flags, how they make a config, errors.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/experiment/experiment_config.h"

namespace awb::cli {

using awb::core::CancelToken;
using awb::core::Expected;
using awb::core::ExperimentConfig;
using awb::core::Status;

/// Set by SIGINT and SIGTERM: training stops (and the run is still written).
extern CancelToken gCancel;

/// Prints "anomaly-workbench-cli: MESSAGE" on stderr and gives `code` back.
int fail(const std::string& message, int code = 2);

/// The settings given as flags: one list of values per configFields() entry (empty: not given),
/// and --image-size, which sets two fields at once.
struct Overrides {
    std::vector<std::vector<std::string>> values =
        std::vector<std::vector<std::string>>(awb::core::configFields().size());
    std::optional<std::string> imageSize;
    /// The value of the flag of `path` ("model.family"), if given.
    std::optional<std::string> given(const std::string& path) const {
        const auto& fields = awb::core::configFields();
        for (size_t i = 0; i < fields.size(); ++i) {
            if (fields[i].path() == path && !values[i].empty()) return values[i].back();
        }
        return std::nullopt;
    }
};

/// Each flag is a patch to the experiment's JSON, applied in the table's order; errors name the
/// flag.
Status applyOverrides(ExperimentConfig& c, const Overrides& o);

/// What `run` and `sweep` take to make an experiment: a preset, a config file, the flags.
struct ExperimentOptions {
    std::string presetName, configPath, outDir;
    Overrides overrides;
    bool quiet = false;
};

/// --preset, --config, --out, --image-size, --quiet and a flag for every setting.
void addExperimentOptions(CLI::App* cmd, ExperimentOptions& e, const std::string& outHelp);

/// The preset (or the family's own starting point), then the config file, then the flags; not
/// validated yet.
Expected<ExperimentConfig> buildConfig(const ExperimentOptions& e);

/// `sweep`: the grid's points planned into DIR and run here (see grid_sweep_command.cpp).
int gridSweepCommand(const ExperimentOptions& e, const std::vector<std::string>& axes,
                     const std::string& seeds, int jobs, bool planOnly);

}  // namespace awb::cli

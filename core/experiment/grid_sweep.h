// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/experiment_config.h"

namespace awb::core {

/// One setting a grid sweep varies: `--grid 'training.optimizer=adam,sgd'`.
struct GridAxis {
    std::string path;                 ///< the setting's path in config.json ("training.optimizer")
    std::vector<std::string> values;  ///< as written ("adam", "sgd")
};

/// Parses "PATH=V1,V2,..." where PATH is a setting's path in config.json or its command-line flag
/// ("optimizer"); a list of numbers takes ';' between values ("model.layers=32,16;64,32"), a
/// list of labels one label a value ("normal-label=0,1,2": a point per normal class).
/// Each value must be valid for the setting (checked when the points are made). Errors quote the
/// text and name what is wrong.
Expected<GridAxis> parseGridAxis(const std::string& text);

/// One run of a sweep: the base with the axes' values (and a seed) applied.
struct SweepPoint {
    std::string name;  ///< its folder name: "optimizer-adam__noise_std-0.1__seed-1"
    ExperimentConfig config;
    /// The values it takes, in axis order (the seed last, as "training.seed").
    std::vector<std::pair<std::string, std::string>> settings;
};

/// Every combination of the axes' values (the first axis slowest) and of the seeds (none: the
/// base's seed), each validated; data paths made absolute, so that a point runs from any folder.
/// Names are unique and safe as folder names. Errors name the axis and the value. At most 10,000
/// points.
Expected<std::vector<SweepPoint>> expandGrid(const ExperimentConfig& base,
                                             const std::vector<GridAxis>& axes,
                                             const std::vector<uint64_t>& seeds);

/// A grid sweep folder's layout.
namespace sweep_files {
inline constexpr const char* kPlan = "sweep.json";  ///< axes, seeds, points (marks the folder)
inline constexpr const char* kTasks = "tasks.txt";  ///< one point name per line
inline constexpr const char* kConfigs = "configs";  ///< NAME.json per point
inline constexpr const char* kRuns = "runs";        ///< NAME/ run directory per point
inline constexpr const char* kLogs = "logs";        ///< NAME.log: a point's output
inline constexpr const char* kParallel = "run-parallel.sh";
inline constexpr const char* kSlurm = "slurm-array.sh";
inline constexpr const char* kSubmit = "submit-slurm.sh";
inline constexpr const char* kCompare = "compare.csv";
}  // namespace sweep_files

/// How the written scripts run a point.
struct SweepScripts {
    std::string cli;  ///< the anomaly-workbench-cli to call (absolute); $AWB_CLI overrides it
    int jobs = 1;     ///< GNU parallel's default number of points at once ($JOBS overrides)
    /// Threads per point when run N at a time: cores / jobs (0: the config's own, for a base that
    /// set threads itself).
    bool divideCores = true;
};

/// Writes the plan into `dir` (created when absent): sweep.json, tasks.txt, configs/NAME.json,
/// and the scripts run-parallel.sh (GNU parallel, --joblog and --resume: an interrupted sweep
/// continues where it stopped), slurm-array.sh (one point per array task, by
/// SLURM_ARRAY_TASK_ID) and submit-slurm.sh (the array, then the comparison after it). Every file
/// is written atomically. A `dir` that exists, is not empty and holds no sweep.json is refused;
/// config files of points no longer in the plan are removed (their runs stay).
Status writeSweepPlan(const std::string& dir, const std::vector<GridAxis>& axes,
                      const std::vector<uint64_t>& seeds, const std::vector<SweepPoint>& points,
                      const SweepScripts& scripts);

/// Whether `runDir` holds a complete run (finished or diverged, not stopped) of this point's
/// config, the thread count aside (a sweep run again skips it).
bool pointDone(const std::string& runDir, const SweepPoint& point);

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/experiment/experiment_runner.h"

namespace awb::core {

struct SweepRow {
    std::string normalClass;
    double auroc = 0;
    double auprc = 0;
    size_t testCount = 0;
    double seconds = 0;
};

struct SweepResult {
    std::vector<SweepRow> rows;
    double meanAuroc = 0;  ///< over the classes whose AUROC is defined
};

/// Called before each class's run: its 0-based index, the number of classes, its name.
using SweepStarting = std::function<void(size_t index, size_t count, const std::string& normalClass)>;

/// One-vs-rest: for every class of the data, trains on that class as the only normal one (every
/// other class anomalous) and reports AUROC and AUPRC on the test part. `each` sees every run,
/// in class order, before the next starts (to print or save it).
Expected<SweepResult> oneClassSweep(
    const ExperimentConfig& base,
    const std::function<void(const std::string&, const ExperimentResult&)>& each = {},
    const ExperimentHooks& hooks = {}, const CancelToken& cancel = CancelToken(),
    const SweepStarting& starting = {});

/// What repeatOverSeeds wrote.
struct SeedRepeat {
    std::vector<std::string> runs;  ///< the run directories, in seed order
    bool stopped = false;           ///< the user stopped it (the stopped seed's run is written)
};

/// The experiment once per seed, each run written to `folder`/seed-N (seedFolderName) as a run
/// directory; `starting` is told each seed before it trains ("seed 3"), `each` sees each result
/// after it is written. A stop ends the repeat after the stopped seed's run is written; an error
/// (bad settings, a save that fails) ends it with the runs before it kept on disk.
Expected<SeedRepeat> repeatOverSeeds(const ExperimentConfig& base,
                                     const std::vector<uint64_t>& seeds, const std::string& folder,
                                     const std::function<void(const ExperimentResult&)>& each = {},
                                     const ExperimentHooks& hooks = {},
                                     const CancelToken& cancel = CancelToken(),
                                     const SweepStarting& starting = {});

/// The mean AUROC over the rows whose AUROC is defined (NaN when none is).
double meanAuroc(const std::vector<SweepRow>& rows);

/// The folder a class's run is written to inside a sweep folder: "class-" and the class name made
/// safe as one file name (a label such as "x/../../victim" never leaves the sweep folder), with
/// "-2", "-3"... when two names become the same; `used` collects the names given so far.
std::string classFolderName(const std::string& normalClass, std::set<std::string>& used);

/// A sweep folder's table, and its first line (which also tells a sweep folder from others).
inline constexpr const char* kSweepCsvFile = "sweep.csv";
inline constexpr const char* kSweepCsvHeader = "class,auroc,auprc,n_test,seconds\n";

/// sweep.csv: class,auroc,auprc,n_test,seconds and a last row "mean"; class names quoted as CSV
/// fields where they need it.
std::string sweepCsv(const SweepResult& sweep);

}  // namespace awb::core

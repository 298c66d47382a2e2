// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/experiment/run_directory.h"

namespace awb::core {

/// The figures a comparison shows, in the order of its columns: every one is read from a run's
/// metrics.json (positive class: anomaly; evaluated on the test part).
struct CompareMetric {
    std::string key;    ///< "auroc", "test_mean_error", "seconds"
    std::string title;  ///< "AUROC", "test error", "seconds"
    bool higherIsBetter = true;
};
const std::vector<CompareMetric>& compareMetrics();

/// One run of a comparison.
struct ComparedRun {
    std::string dir;   ///< its folder, as found
    std::string name;  ///< short: the folder relative to the folders given (or its own name)
    RunRecord record;
    /// config.json flattened: "training.optimizer" -> "\"adam\"", "model.layers" -> "[32,16]"
    /// (JSON text of each value).
    std::map<std::string, std::string> settings;
    /// compareMetrics()'s figures by key (NaN where the run has none).
    std::map<std::string, double> metrics;
    /// metrics.json's "environment": program, libtorch, device, threads, cpu (as text).
    std::map<std::string, std::string> environment;
    uint64_t seed = 0;
};

/// A mean and a sample standard deviation (n - 1; NaN for one value) over the runs whose figure is
/// a number.
struct MeanStd {
    double mean = 0;
    double std = 0;
    size_t n = 0;
};
MeanStd meanStd(const std::vector<double>& values);
/// "0.8000 ± 0.1000" (one run: the value alone; none: "n/a"), as the table prints a figure.
std::string meanStdText(const MeanStd& m, int decimals);
/// The decimals a figure is printed with (seconds and epochs 1, mean errors 6, the rest 4).
int metricDecimals(const std::string& key);

/// Runs whose settings are the same but for the seed (and the experiment's name).
struct RunGroup {
    /// The differing settings' values of this group, in Comparison::differing's order ("adam").
    std::vector<std::string> values;
    std::string label;         ///< "optimizer=adam, noise_std=0.1", or "all runs" when none differ
    std::vector<size_t> runs;  ///< indices into Comparison::runs, in seed order
    std::vector<uint64_t> seeds;
    std::map<std::string, MeanStd> metrics;  ///< by compareMetrics() key
};

struct Comparison {
    std::vector<ComparedRun> runs;
    /// The settings whose values differ between runs, seed and name left out, in config order.
    std::vector<std::string> differing;
    /// The environment's entries that differ between runs ("threads", "cpu"): figures may
    /// differ for that reason alone.
    std::vector<std::string> environmentDiffers;
    std::vector<RunGroup> groups;
    /// Folders found inside the given ones that look like runs but could not be read, with why
    /// (a comparison of a sweep still shows the rest).
    std::vector<std::string> skipped;
};

/// The run directories under `paths`: a path that is a run directory (it has metrics.json) is
/// taken as it is; any other folder is searched (down to 3 levels, hidden folders skipped) for run
/// directories, in natural name order (seed-2 before seed-10). Errors name the path.
Expected<std::vector<std::string>> findRunDirectories(const std::vector<std::string>& paths);

/// Reads the runs under `paths` (see findRunDirectories) and compares them: the settings that
/// differ, groups by seed with each figure's mean and std, the environment's differences. A
/// folder given by name that is not a readable run is an error; one found inside a folder is
/// skipped with its reason. At least one run is needed.
Expected<Comparison> compareRuns(const std::vector<std::string>& paths);

/// One line per group: the differing settings, runs, seeds, then each figure's mean and std
/// (CSV, a header first).
std::string comparisonCsv(const Comparison& c);

/// The table as text for a terminal, sorted by `sortKey` (a compareMetrics() key; best first;
/// "" keeps the groups' order). Figures of groups of several runs are "mean ± std".
std::string comparisonText(const Comparison& c, const std::string& sortKey = "");

/// What differs in where the runs ran ("threads: 1 (2 runs); 2 (1 run)" per entry), with a first
/// line saying figures may differ for that alone; "" when they all ran alike.
std::string environmentNote(const Comparison& c);

/// The order of `c.groups` by figure `key`, best first (NaN last); an unknown key keeps the order.
std::vector<size_t> groupOrder(const Comparison& c, const std::string& key);

/// Whether the runs' errors are on one scale, so that one error axis serves them all: no setting
/// that changes what an error measures differs (the data, its scaling, the loss, the family and
/// its score terms, windows and point scores).
bool sameErrorScale(const Comparison& c);

/// A group's loss over epochs: at each epoch the mean over the group's runs that reached it, and
/// mean - std and mean + std (the mean alone where one run did). Each run's curve is smoothed
/// first with an exponential moving average of weight `smoothing` (0 = none, 0.9 = heavy; clamped
/// to [0, 0.99]). `validation`: the validation loss instead of the training loss; epochs whose loss
/// is not a number are left out.
struct LossBand {
    std::vector<double> epoch, mean, low, high;
    std::vector<size_t> runs;  ///< how many runs each epoch's figures are over
};
LossBand lossBand(const Comparison& c, const RunGroup& group, bool validation,
                  double smoothing = 0);

/// The seeds of "--seeds": "1-5", "1,3,7", "1-3,10" (each 0 to 2^53, ascending or not, no
/// repeats, at most 1000). Errors quote the text.
Expected<std::vector<uint64_t>> parseSeedList(const std::string& text);

/// The folder each seed's run goes to inside a folder of seeds: "seed-3".
std::string seedFolderName(uint64_t seed);

/// What a folder of repeated runs holds beside them: the comparison's table (comparisonCsv).
inline constexpr const char* kCompareCsvFile = "compare.csv";

}  // namespace awb::core

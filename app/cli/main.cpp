// SPDX-License-Identifier: GPL-3.0-or-later
// anomaly-workbench-cli: runs an experiment headless and writes a run directory.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/cli/cli_common.h"
#include "core/data/file_reader.h"
#include "core/experiment/compare.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/grid_sweep.h"
#include "core/experiment/one_class_sweep.h"
#include "core/experiment/preset_files.h"
#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "core/experiment/staged_folder.h"
#include "core/models/family.h"

namespace awb::cli {

using namespace awb::core;

CancelToken gCancel;

int fail(const std::string& message, int code) {
    std::cerr << "anomaly-workbench-cli: " << message << "\n";
    return code;
}

/// Each flag is a patch to the experiment's JSON, applied in the table's order; errors name the
/// flag.
Status applyOverrides(ExperimentConfig& c, const Overrides& o) {
    const auto& fields = configFields();
    for (size_t i = 0; i < fields.size(); ++i) {
        if (o.values[i].empty()) continue;
        auto patch = flagPatch(fields[i], o.values[i]);
        if (!patch) return patch.error();
        if (auto st = applyJson(c, *patch, "--" + fields[i].flag); !st) return st;
    }
    if (o.imageSize) {
        // "28" or "32x24" (width x height)
        const auto x = o.imageSize->find_first_of("xX");
        int w = 0, h = 0;
        try {
            size_t used = 0;
            const std::string ws = o.imageSize->substr(0, x);
            w = std::stoi(ws, &used);
            if (used != ws.size()) throw std::invalid_argument(ws);
            h = w;
            if (x != std::string::npos) {
                const std::string hs = o.imageSize->substr(x + 1);
                h = std::stoi(hs, &used);
                if (used != hs.size()) throw std::invalid_argument(hs);
            }
        } catch (const std::exception&) {
            return Error{ErrorCode::InvalidArgument,
                         "--image-size: '" + *o.imageSize + "' is not N or WIDTHxHEIGHT (e.g. 28 or 32x24)"};
        }
        c.data.imageWidth = w;
        c.data.imageHeight = h;
    }
    return {};
}

Expected<ExperimentConfig> buildConfig(const ExperimentOptions& e) {
    ExperimentConfig config;
    if (!e.presetName.empty()) {
        auto p = preset(e.presetName);
        if (!p) return p.error();
        config = *p;
    }
    const auto model = e.overrides.given("model.family");
    if (e.presetName.empty() && e.configPath.empty() && model) {  // a family's own starting point
        if (const Family* family = findFamily(*model); family && !family->defaultPreset.empty()) {
            auto p = preset(family->defaultPreset);
            if (!p) return p.error();
            config = *p;
        }
    }
    if (!e.configPath.empty()) {
        if (auto st = applyJsonFile(config, e.configPath); !st) return st.error();
    }
    if (auto st = applyOverrides(config, e.overrides); !st) return st.error();
    return config;
}

void addExperimentOptions(CLI::App* cmd, ExperimentOptions& e, const std::string& outHelp) {
    cmd->add_option("--preset", e.presetName, "Start from a preset (see 'presets')");
    cmd->add_option("--config", e.configPath, "Experiment JSON file (applied after the preset)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--out", e.outDir, outHelp);
    cmd->add_option(
        "--image-size", e.overrides.imageSize,
        "Image folders: resize every image to N x N or WIDTHxHEIGHT (default: the first "
        "image's size)");
    std::string families, startingPoints;
    for (const auto& name : modelFamilies()) {
        families += (families.empty() ? "" : ", ") + name;
        if (const auto& p = findFamily(name)->defaultPreset; !p.empty()) {
            startingPoints += (startingPoints.empty() ? "" : ", ") + name + " from " + p;
        }
    }
    // Every other flag comes from the settings table: its value is a patch to the JSON.
    const auto& fields = configFields();
    for (size_t i = 0; i < fields.size(); ++i) {
        const auto& f = fields[i];
        if (f.flag.empty()) continue;
        std::string help = f.help + " [" + f.path() + "]";
        if (f.path() == "model.family") {
            help = "Model family: " + families + " (without a preset or config: " + startingPoints +
                   ") [model.family]";
        }
        auto* option = cmd->add_option("--" + f.flag, e.overrides.values[i], help);
        static const char* const kTypeNames[] = {"TEXT",        "FLOAT",           "INT", "BOOL",
                                                 "INT,INT,...", "FLOAT,FLOAT,...", "TEXT"};
        option->type_name(kTypeNames[static_cast<int>(f.type)]);
        // One value for a single setting (given twice is an error, as before); a text list takes
        // every value, repeated or not (--normal-label 1 2).
        if (f.type != FieldType::TextList) {
            option->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::Throw);
        }
    }
    cmd->add_flag("--quiet", e.quiet, "Print nothing but errors");
}

}  // namespace awb::cli

namespace {

using namespace awb::core;
using namespace awb::cli;

void onSignal(int) { gCancel.requestCancel(); }

std::string fmt(double v, int precision = 4) {
    if (!std::isfinite(v)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", precision, v);
    return buf;
}

std::string duration(double seconds) {
    char buf[32];
    if (seconds < 60) std::snprintf(buf, sizeof buf, "%.1fs", seconds);
    else std::snprintf(buf, sizeof buf, "%dm%02ds", int(seconds) / 60, int(seconds) % 60);
    return buf;
}

int sweepCommand(const ExperimentConfig& config, const ExperimentHooks& hooks, const std::string& outDir,
                 bool quiet) {
    namespace fs = std::filesystem;
    // The sweep folder is written whole like a run: into a hidden staging folder that replaces
    // DIR at the end, and only when DIR is absent, empty or an earlier sweep.
    auto staged = StagedFolder::begin(outDir, FolderKind::Sweep);
    if (!staged) return fail(staged.error().message);
    std::optional<Error> saveError;
    std::set<std::string> folders;
    SweepResult finished;  // what a stop keeps
    auto each = [&](const std::string& cls, const ExperimentResult& r) {
        if (!quiet) {
            std::printf("class %-12s AUROC %s  AUPRC %s  (%zu test samples, %.1fs)\n", cls.c_str(),
                        fmt(r.evaluation.auroc).c_str(), fmt(r.evaluation.auprc).c_str(),
                        r.evaluation.testCount, r.seconds);
            std::fflush(stdout);
        }
        finished.rows.push_back({cls, r.evaluation.auroc, r.evaluation.auprc, r.evaluation.testCount, r.seconds});
        const std::string folder = (fs::path(staged->staging()) / classFolderName(cls, folders)).string();
        if (auto st = writeRunDirectory(folder, r); !st && !saveError) saveError = st.error();
    };
    auto sweep = oneClassSweep(config, each, hooks, gCancel);
    if (saveError) return fail(staged->fail(*saveError).message);
    const bool stopped = !sweep && sweep.error().code == ErrorCode::Cancelled;
    if (!sweep && !(stopped && !finished.rows.empty())) {
        return fail(sweep.error().message, stopped ? 130 : 2);
    }
    if (stopped) finished.meanAuroc = meanAuroc(finished.rows);  // the classes done before the stop
    const SweepResult& result = sweep ? *sweep : finished;
    if (auto st = writeFileAtomic((fs::path(staged->staging()) / kSweepCsvFile).string(), sweepCsv(result)); !st) {
        return fail(staged->fail(st.error()).message);
    }
    if (auto st = staged->commit(); !st) return fail(st.error().message);
    if (stopped) {
        return fail(sweep.error().message + "; the " + std::to_string(finished.rows.size()) +
                        " finished classes are written to " + staged->target(),
                    130);
    }
    std::printf("one-vs-rest mean AUROC over %zu classes: %s (anomaly = every other class)\n",
                result.rows.size(), fmt(result.meanAuroc).c_str());
    return 0;
}

/// `compare DIR...`: the comparison table printed, and written as CSV with --csv.
int compareCommand(const std::vector<std::string>& dirs, const std::string& csvOut,
                   const std::string& sortKey) {
    if (!sortKey.empty()) {
        bool known = false;
        std::string keys;
        for (const auto& m : compareMetrics()) {
            known |= m.key == sortKey;
            keys += (keys.empty() ? "" : ", ") + m.key;
        }
        if (!known) return fail("--sort: '" + sortKey + "' is not one of " + keys);
    }
    auto c = compareRuns(dirs);
    if (!c) return fail(c.error().message, 1);
    std::printf("%zu runs", c->runs.size());
    if (!c->differing.empty()) {
        std::printf("; settings that differ:");
        for (const auto& path : c->differing) std::printf(" %s", path.c_str());
    }
    std::printf("\n%s", comparisonText(*c, sortKey).c_str());
    if (!csvOut.empty()) {
        if (auto st = writeFileAtomic(csvOut, comparisonCsv(*c)); !st)
            return fail(st.error().message, 1);
        std::fprintf(stderr, "table written to %s\n", csvOut.c_str());
    }
    return 0;
}

/// `export --run DIR --out FILE`: the run's weights as named tensors for Python.
int exportCommand(const std::string& runDir, const std::string& out) {
    auto record = readRunDirectory(runDir);
    if (!record) return fail(record.error().message, 1);
    std::vector<int64_t> shape = record->sampleShape;
    if (record->config.data.windowLength > 0)
        shape.insert(shape.begin(), record->config.data.windowLength);
    auto model = Model::load((std::filesystem::path(runDir) / run_files::kWeights).string(),
                             record->config.model, shape, "cpu");
    if (!model) return fail(model.error().message, 1);
    if (auto st = model->exportTensors(out); !st) return fail(st.error().message, 1);
    const std::string family = record->config.model.family;
    // The families python/awb_reference.py builds (its docstring and the README list the same).
    const bool rebuilt = family == "dense-ae" || family == "conv-ae" ||
                         family == "stacked-conv-ae" || family == "lstm-ae" || family == "usad";
    std::printf("%s written: the %s weights as named tensors (torch.load reads them); %s\n",
                out.c_str(), family.c_str(),
                rebuilt ? "python/awb_reference.py rebuilds the network and scores samples as the "
                          "run did"
                        : "python/awb_reference.py does not build this family's networks yet");
    return 0;
}

/// `score --run DIR --data FILE`: the run's model and scaler on another file's rows.
int scoreCommand(const std::string& runDir, const std::string& dataPath, const std::string& out) {
    auto run = loadRun(runDir);
    if (!run) return fail(run.error().message, 1);
    DataConfig data = run->config.data;
    data.builtin.clear();
    data.path = dataPath;
    data.labelsPath.clear();
    data.testPath.clear();
    data.testLabelsPath.clear();
    auto scores = scoreNewData(*run, data);
    if (!scores) return fail(scores.error().message, 1);
    std::string csv = "row,score,flagged\n";
    char line[96];
    for (size_t i = 0; i < scores->size(); ++i) {
        const double v = (*scores)[i];
        std::snprintf(line, sizeof line, "%zu,%.9g,%d\n", i, v,
                      v > run->evaluation.threshold ? 1 : 0);
        csv += line;
    }
    if (out.empty()) {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
        return 0;
    }
    if (auto st = writeFileAtomic(out, csv); !st) return fail(st.error().message, 1);
    std::fprintf(stderr, "%zu scores written to %s (threshold %.9g)\n", scores->size(), out.c_str(),
                 run->evaluation.threshold);
    return 0;
}

int singleRun(const ExperimentConfig& config, const ExperimentHooks& hooks,
              const std::string& outDir, bool quiet, const std::string& resumeDir = "",
              int moreEpochs = 0);

/// `run --seeds`: the same experiment once per seed into DIR/seed-N (each a run, or a sweep with
/// --one-class-sweep), then the comparison of those runs printed and written to DIR/compare.csv.
/// A seed stopped by Ctrl-C ends the repeat; the seeds finished are still compared.
int seedsCommand(ExperimentConfig config, const std::vector<uint64_t>& seeds,
                 const ExperimentHooks& hooks, const std::string& outDir, bool quiet, bool sweep) {
    namespace fs = std::filesystem;
    std::vector<std::string> written;
    int code = 0;
    for (size_t i = 0; i < seeds.size(); ++i) {
        const std::string dir = (fs::path(outDir) / seedFolderName(seeds[i])).string();
        if (!quiet) {
            std::printf("== seed %llu (%zu of %zu) -> %s\n",
                        static_cast<unsigned long long>(seeds[i]), i + 1, seeds.size(),
                        dir.c_str());
            std::fflush(stdout);
        }
        config.training.seed = seeds[i];
        const auto started = fs::file_time_type::clock::now();
        const int rc =
            sweep ? sweepCommand(config, hooks, dir, quiet) : singleRun(config, hooks, dir, quiet);
        // Written now (a stop while scoring writes nothing; an earlier run there is not this
        // seed's).
        std::error_code ec;
        const fs::path marker = fs::path(dir) / (sweep ? kSweepCsvFile : run_files::kMetrics);
        if (fs::exists(marker, ec) && fs::last_write_time(marker, ec) >= started)
            written.push_back(dir);
        if (rc == 130 || rc == 1 || rc == 2) {  // stopped, or an error every seed would meet
            code = rc;
            break;
        }
        if (rc != 0) code = rc;
    }
    if (written.empty()) return code ? code : fail("no run was written");
    auto comparison = compareRuns(written);
    if (!comparison) return fail(comparison.error().message, 1);
    if (!quiet) std::printf("\n%s", comparisonText(*comparison, "").c_str());
    const std::string csv = (fs::path(outDir) / kCompareCsvFile).string();
    if (auto st = writeFileAtomic(csv, comparisonCsv(*comparison)); !st)
        return fail(st.error().message, 1);
    if (!quiet) std::printf("comparison of %zu seeds written to %s\n", written.size(), csv.c_str());
    return code;
}

int runCommand(const ExperimentOptions& e, bool sweep, const std::string& seedList, bool skipDone,
               const std::string& resumeDir) {
    const Overrides& o = e.overrides;
    const std::string& outDir = e.outDir;
    const bool quiet = e.quiet;
    ExperimentConfig config;
    int moreEpochs = 0;
    if (!resumeDir.empty()) {
        // The run goes on as it was configured: only how many more epochs, and where to write.
        const auto& fields = configFields();
        for (size_t i = 0; i < fields.size(); ++i) {
            if (!o.values[i].empty() && fields[i].path() != "training.epochs") {
                return fail("--resume continues the run as it was configured: --" + fields[i].flag +
                            " cannot change it (give --epochs N more, --out DIR)");
            }
        }
        if (!e.presetName.empty() || !e.configPath.empty() || o.imageSize || sweep ||
            !seedList.empty() || skipDone)
            return fail("--resume takes only --epochs N (more epochs), --out DIR and --quiet");
        const auto more = o.given("training.epochs");
        if (!more) return fail("--resume needs --epochs N: how many more epochs to train");
        try {
            size_t used = 0;
            moreEpochs = std::stoi(*more, &used);
            if (used != more->size()) throw std::invalid_argument(*more);
        } catch (const std::exception&) {
            return fail("--epochs: '" + *more + "' is not a whole number");
        }
        auto record = readRunDirectory(resumeDir);
        if (!record) return fail(record.error().message);
        if (record->trainingState.empty()) {
            return fail(resumeDir + ": has no " + run_files::kTrainingState +
                        " to continue from (a run that diverged, was stopped inside an epoch, kept "
                        "an earlier epoch's weights, is of a family trained in phases, or was "
                        "written before runs could be continued)");
        }
        config = record->config;
    } else {
        auto built = buildConfig(e);
        if (!built) return fail(built.error().message);
        config = *built;
    }
    if (sweep && config.data.normalLabels.empty()) config.data.normalLabels = {"-"};  // set per class
    if (auto st = validate(config); !st) return fail(st.error().message);
    if (outDir.empty()) return fail("--out DIR is required: the folder to write the run into");
    std::vector<uint64_t> seeds;
    if (!seedList.empty()) {
        if (o.given("training.seed")) return fail("--seed and --seeds: give one of them");
        auto parsed = parseSeedList(seedList);
        if (!parsed) return fail(parsed.error().message);
        seeds = *parsed;
    }
    if (skipDone) {
        if (sweep || !seeds.empty()) return fail("--skip-done: for a single run only");
        SweepPoint point;
        point.config = config;
        makeDataPathsAbsolute(point.config);
        if (pointDone(outDir, point)) {
            if (!quiet)
                std::printf("already done: %s holds a finished run of this config\n",
                            outDir.c_str());
            return 0;
        }
    }
    // Before any training: a folder that could not be written at the end is refused now.
    const FolderKind kind = sweep ? FolderKind::Sweep : FolderKind::Run;
    if (seeds.empty()) {
        if (auto st = checkOutputFolder(outDir, kind); !st) return fail(st.error().message);
    } else {
        std::error_code ec;
        if (std::filesystem::exists(outDir, ec) && !std::filesystem::is_directory(outDir, ec))
            return fail(outDir + ": exists and is not a folder");
        for (uint64_t seed : seeds) {
            const std::string dir = (std::filesystem::path(outDir) / seedFolderName(seed)).string();
            if (auto st = checkOutputFolder(dir, kind); !st) return fail(st.error().message);
        }
    }

    ExperimentHooks hooks;
    if (!quiet) {
        // When scoring began, for its progress line.
        auto scoringStart = std::make_shared<std::chrono::steady_clock::time_point>();
        hooks.stage = [scoringStart](const std::string& s) {
            if (s == "scoring") *scoringStart = std::chrono::steady_clock::now();
            std::cerr << "[" << s << "]\n";
        };
        // Slow scoring (a latent search per sample): a progress line at most every 2 s.
        const char* unit = config.data.windowLength > 0 ? "windows" : "samples";
        hooks.scoring = [scoringStart, unit, last = std::chrono::steady_clock::time_point{}](
                            size_t done, size_t total) mutable {
            const auto now = std::chrono::steady_clock::now();
            if (done < total && now - last < std::chrono::seconds(2)) return;
            last = now;
            const double elapsed = std::chrono::duration<double>(now - *scoringStart).count();
            const double eta = done > 0 ? elapsed * double(total - done) / double(done) : 0;
            std::fprintf(stderr, "scoring %zu/%zu %s  %s  ETA %s\n", done, total, unit,
                         duration(elapsed).c_str(), duration(eta).c_str());
        };
        hooks.training.epochEnded = [](const EpochReport& e) {
            // Models trained in parts (USAD, the GANs): the phase and each part's loss.
            std::string losses;
            if (e.groupNames.size() > 1) {
                if (!e.phase.empty()) losses += "[" + e.phase + "]  ";
                for (size_t g = 0; g < e.groupNames.size() && g < e.groupLosses.size(); ++g) {
                    if (std::isnan(e.groupLosses[g])) continue;  // frozen in this phase
                    losses += e.groupNames[g] + " " + fmt(e.groupLosses[g], 6) + "  ";
                }
            } else {
                losses = "train_loss " + fmt(e.trainLoss, 6) + "  ";
            }
            // A GAN's samples from fixed codes against the data's spread (near 0: collapse).
            if (std::isfinite(e.sampleSpread)) losses += "spread " + fmt(e.sampleSpread, 2) + "  ";
            std::printf("epoch %*d/%d  %sval_loss %s  %s  ETA %s\n",
                        int(std::to_string(e.epochs).size()), e.epoch, e.epochs, losses.c_str(),
                        fmt(e.valLoss, 6).c_str(), duration(e.seconds).c_str(),
                        duration(e.etaSeconds).c_str());
            // A health warning when it appears or changes, not every epoch it holds; each run
            // of a sweep starts afresh.
            static std::string lastWarning;
            if (e.epoch == 1) lastWarning.clear();
            if (e.warning != lastWarning && !e.warning.empty())
                std::printf("warning: %s\n", e.warning.c_str());
            lastWarning = e.warning;
            std::fflush(stdout);
        };
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    if (!seeds.empty()) return seedsCommand(config, seeds, hooks, outDir, quiet, sweep);
    if (sweep) return sweepCommand(config, hooks, outDir, quiet);
    return singleRun(config, hooks, outDir, quiet, resumeDir, moreEpochs);
}

/// One run into `outDir`. Ctrl-C once stops training and still scores and writes the run; again
/// while scoring stops that too (nothing written).
int singleRun(const ExperimentConfig& config, const ExperimentHooks& hooks,
              const std::string& outDir, bool quiet, const std::string& resumeDir, int moreEpochs) {
    auto result = resumeDir.empty() ? runExperiment(config, hooks, gCancel)
                                    : resumeExperiment(resumeDir, moreEpochs, hooks, gCancel);
    if (!result) return fail(result.error().message, result.error().code == ErrorCode::Cancelled ? 130 : 2);
    const auto& r = *result;
    const auto& m = r.evaluation.metrics;
    if (!quiet) {
        std::printf("threshold %s = %.6f%s\n", toString(r.evaluation.rule).c_str(), r.evaluation.threshold,
                    r.evaluation.rule.usesLabels() ? "  (chosen with labels)" : "");
        std::printf("test: %zu samples, %zu anomalies (positive class: anomaly)\n",
                    r.evaluation.testCount, r.evaluation.testAnomalies);
        std::printf("test mean error (%s) %.6f, on normal samples %.6f\n", toString(r.config.training.loss),
                    r.evaluation.testMeanError, r.evaluation.testNormalMeanError);
        std::printf("AUROC %s  AUPRC %s\n", fmt(r.evaluation.auroc).c_str(), fmt(r.evaluation.auprc).c_str());
        std::printf("accuracy %s  precision %s  recall %s  F1 %s\n", fmt(m.accuracy).c_str(),
                    fmt(m.precision).c_str(), fmt(m.recall).c_str(), fmt(m.f1).c_str());
        std::printf("confusion tp %zu  fp %zu  tn %zu  fn %zu\n", m.confusion.tp, m.confusion.fp,
                    m.confusion.tn, m.confusion.fn);
        if (!r.evaluation.note.empty()) std::printf("note: %s\n", r.evaluation.note.c_str());
        std::printf("training: %d of %d epochs at batch %lld, %d thread%s%s%s\n",
                    r.training.epochsCompleted, r.training.epochsPlanned,
                    static_cast<long long>(r.training.batchSize), r.training.threads,
                    r.training.threads == 1 ? "" : "s", r.training.message.empty() ? "" : "; ",
                    r.training.message.c_str());
    }
    if (auto st = writeRunDirectory(outDir, r); !st) return fail(st.error().message);
    if (!quiet) std::printf("run written to %s\n", outDir.c_str());
    switch (r.training.outcome) {
        case TrainingOutcome::Completed: return 0;
        case TrainingOutcome::Cancelled: return fail(r.training.message + " (run written)", 130);
        case TrainingOutcome::Diverged: return fail(r.training.message + " (run written)", 3);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Anomaly Workbench, headless: train a reconstruction model and score anomalies.",
                 "anomaly-workbench-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "anomaly-workbench-cli " + awb::core::programVersion() +
                                          ", LibTorch " + awb::core::libtorchVersion());

    auto* run = app.add_subcommand("run", "Run an experiment and write a run directory");
    ExperimentOptions runOptions;
    bool sweep = false, skipDone = false;
    addExperimentOptions(run, runOptions, "Run directory to write (replaced atomically)");
    std::string seedList;
    run->add_option("--seeds", seedList,
                    "Repeat the experiment for each seed (1-5, 1,3,7) into DIR/seed-N, then print "
                    "the comparison (mean ± std over seeds) and write DIR/compare.csv");
    std::string resumeDir;
    run->add_option(
           "--resume", resumeDir,
           "Continue the run in this directory for --epochs N more epochs (weights, "
           "optimizer and random states, history kept); written to --out (may be the same)")
        ->check(CLI::ExistingDirectory);
    run->add_flag("--skip-done", skipDone,
                  "Do nothing when DIR already holds a finished run of this same config (sweeps "
                  "run again skip their finished points)");
    run->add_flag("--one-class-sweep", sweep,
                  "Train once per class with that class as the only normal one; print AUROC per "
                  "class and the mean; write DIR/class-NAME/ runs and DIR/sweep.csv");

    auto* grid = app.add_subcommand("sweep",
                                    "Run an experiment over a grid of settings (and seeds): writes "
                                    "DIR/configs, DIR/tasks.txt and "
                                    "scripts for GNU parallel and Slurm, runs the points here "
                                    "(--jobs at a time; finished points "
                                    "are skipped when run again) and compares them");
    ExperimentOptions gridOptions;
    addExperimentOptions(grid, gridOptions,
                         "Sweep folder to write (DIR/runs/POINT for each point)");
    std::vector<std::string> gridAxes;
    std::string gridSeeds;
    int gridJobs = 1;
    bool planOnly = false;
    grid->add_option(
        "--grid", gridAxes,
        "SETTING=V1,V2,...: a setting (path in config.json or flag) and its values; repeat "
        "for more axes; lists of numbers take ';' between values (model.layers=32,16;64,32), "
        "a list of labels one label a value (normal-label=0,1,2)");
    grid->add_option("--seeds", gridSeeds, "Run every point with each seed (1-3, 1,5,9)");
    grid->add_option("--jobs", gridJobs, "Points run at once here (each with cores / jobs threads)")
        ->check(CLI::Range(1, 256));
    grid->add_flag("--plan-only", planOnly,
                   "Write the configs, tasks and scripts, run nothing (then run-parallel.sh or "
                   "submit-slurm.sh)");

    auto* exportCmd = app.add_subcommand(
        "export", "Write a run's weights for Python: a torch.load-able dict of named tensors");
    std::string exportRun, exportOut;
    exportCmd->add_option("--run", exportRun, "Run directory written by 'run'")
        ->required()
        ->check(CLI::ExistingDirectory);
    exportCmd->add_option("--out", exportOut, "The file to write (e.g. DIR/model_tensors.pt)")
        ->required();

    auto* list = app.add_subcommand("presets", "List the presets");

    auto* compare = app.add_subcommand(
        "compare",
        "Compare runs: the settings that differ, figures per group of runs that differ only in "
        "seed (mean ± std), and what differs in where they ran");
    std::vector<std::string> compareDirs;
    std::string compareCsvOut, compareSort;
    compare
        ->add_option("dirs", compareDirs,
                     "Run directories, or folders searched for runs (a sweep, a --seeds folder)")
        ->required();
    compare->add_option("--csv", compareCsvOut, "Also write the table as CSV here (atomically)");
    std::string sortKeys;
    for (const auto& m : compareMetrics()) sortKeys += (sortKeys.empty() ? "" : ", ") + m.key;
    compare->add_option("--sort", compareSort,
                        "Order the groups by this figure, best first: " + sortKeys);

    auto* score = app.add_subcommand(
        "score",
        "Score a new file with a trained run: print one score per row (CSV: row,score,flagged)");
    std::string scoreRun, scoreData, scoreOut;
    score->add_option("--run", scoreRun, "Run directory written by 'run'")
        ->required()
        ->check(CLI::ExistingDirectory);
    score
        ->add_option("--data", scoreData,
                     "File to score, read like the run's data (same label column, left out)")
        ->required();
    score->add_option("--out", scoreOut, "Write the CSV here (atomically) instead of printing it");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "anomaly-workbench-cli: " << e.what() << "\n(see --help)\n";
        return 2;
    }
    if (score->parsed()) {
        try {
            return scoreCommand(scoreRun, scoreData, scoreOut);
        } catch (const std::exception& e) {
            return fail(std::string("unexpected error: ") + e.what(), 1);
        }
    }
    if (exportCmd->parsed()) {
        try {
            return exportCommand(exportRun, exportOut);
        } catch (const std::exception& e) {
            return fail(std::string("unexpected error: ") + e.what(), 1);
        }
    }
    if (compare->parsed()) {
        try {
            return compareCommand(compareDirs, compareCsvOut, compareSort);
        } catch (const std::exception& e) {
            return fail(std::string("unexpected error: ") + e.what(), 1);
        }
    }
    if (list->parsed()) {
        std::fputs(presetListText().c_str(), stdout);  // as the launcher prints it
        return 0;
    }
    try {
        if (grid->parsed())
            return gridSweepCommand(gridOptions, gridAxes, gridSeeds, gridJobs, planOnly);
        return runCommand(runOptions, sweep, seedList, skipDone, resumeDir);
    } catch (const std::exception& e) {
        return fail(std::string("unexpected error: ") + e.what(), 1);
    }
}

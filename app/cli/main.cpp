// SPDX-License-Identifier: GPL-3.0-or-later
// anomaly-workbench-cli: runs an experiment headless and writes a run directory.
#include <CLI/CLI.hpp>

#include <cmath>
#include <filesystem>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/data/file_reader.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/one_class_sweep.h"
#include "core/experiment/presets.h"
#include "core/models/family.h"
#include "core/experiment/run_directory.h"
#include "core/experiment/staged_folder.h"

namespace {

using namespace awb::core;

CancelToken gCancel;

void onSignal(int) { gCancel.requestCancel(); }

struct Overrides {
    std::optional<std::string> data, labels, testData, testLabels, labelColumn, model, layers, loss, optimizer, threshold,
        device, noiseType, scaling, scalingScope, trainOn, activation, outputActivation, separator, imageSize,
        pointScore, timestampColumn, kind;
    std::vector<std::string> normalLabels, anomalyLabels;
    std::optional<double> lr, noiseStd, noiseAmount, testFraction, validationFraction, dropout, momentum;
    std::optional<int> epochs, batchSize, threads, imageChannels, window, windowStride;
    std::optional<double> usadAlpha;
    std::vector<double> termWeights;
    std::optional<std::string> usadVariant;
    std::optional<std::string> convChannels;
    std::optional<int64_t> kernelSize, stride, latent, maxTrain;
    std::optional<uint64_t> seed;
};

int fail(const std::string& message, int code = 2) {
    std::cerr << "anomaly-workbench-cli: " << message << "\n";
    return code;
}

template <typename T, typename Parse>
bool setParsed(const std::optional<std::string>& text, T& out, Parse parse, std::string& error) {
    if (!text) return true;
    auto v = parse(*text);
    if (!v) {
        error = v.error().message;
        return false;
    }
    out = *v;
    return true;
}

Expected<std::vector<int64_t>> parseSizes(const std::string& text, const std::string& flag) {
    std::vector<int64_t> sizes;
    std::string item;
    for (char ch : text + ",") {
        if (ch != ',') {
            item += ch;
            continue;
        }
        try {
            size_t used = 0;
            sizes.push_back(std::stoll(item, &used));
            if (used != item.size()) throw std::invalid_argument(item);
        } catch (const std::exception&) {
            return Error{ErrorCode::InvalidArgument,
                         flag + ": '" + item + "' is not an integer (use e.g. 32,16,8)"};
        }
        item.clear();
    }
    return sizes;
}

Status applyOverrides(ExperimentConfig& c, const Overrides& o) {
    if (o.data) {
        c.data.path = *o.data;
        c.data.builtin.clear();
    }
    if (o.labels) c.data.labelsPath = *o.labels;
    if (o.testData) c.data.testPath = *o.testData;
    if (o.testLabels) c.data.testLabelsPath = *o.testLabels;
    if (o.maxTrain) c.preprocessing.maxTrainSamples = *o.maxTrain;
    if (o.labelColumn) c.data.labelColumn = *o.labelColumn;
    if (!o.normalLabels.empty()) c.data.normalLabels = o.normalLabels;
    if (!o.anomalyLabels.empty()) c.data.anomalyLabels = o.anomalyLabels;
    if (o.separator) c.data.separator = *o.separator;
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
    if (o.imageChannels) c.data.imageChannels = *o.imageChannels;
    if (o.window) c.data.windowLength = *o.window;
    if (o.windowStride) c.data.windowStride = *o.windowStride;
    if (o.pointScore) c.data.pointScore = *o.pointScore;
    if (o.timestampColumn) c.data.timestampColumn = *o.timestampColumn;
    if (o.usadAlpha) {
        if (!(*o.usadAlpha >= 0 && *o.usadAlpha <= 1)) {
            return Error{ErrorCode::InvalidArgument, "--usad-alpha: must be in [0, 1] (it sets model.term_weights to A,1-A)"};
        }
        c.model.termWeights = {*o.usadAlpha, 1 - *o.usadAlpha};
    }
    if (!o.termWeights.empty()) c.model.termWeights = o.termWeights;
    if (o.usadVariant) c.model.usadVariant = *o.usadVariant;
    if (o.kind) {
        static const std::map<std::string, DataKind> kinds{{"tabular", DataKind::Tabular},
                                                           {"series", DataKind::Series},
                                                           {"image", DataKind::Image},
                                                           {"timeseries", DataKind::TimeSeries}};
        auto it = kinds.find(*o.kind);
        if (it == kinds.end()) {
            return Error{ErrorCode::InvalidArgument, "--kind: '" + *o.kind + "' is not one of tabular, series, image, timeseries"};
        }
        c.data.kind = it->second;
    }
    if (o.model) c.model.family = *o.model;
    if (o.layers) {
        auto layers = parseSizes(*o.layers, "--layers");
        if (!layers) return layers.error();
        c.model.layers = *layers;
    }
    if (o.convChannels) {
        auto channels = parseSizes(*o.convChannels, "--conv-channels");
        if (!channels) return channels.error();
        c.model.convChannels = *channels;
    }
    if (o.kernelSize) c.model.kernelSize = *o.kernelSize;
    if (o.stride) c.model.stride = *o.stride;
    if (o.latent) c.model.latent = *o.latent;
    if (o.activation) c.model.activation = *o.activation;
    if (o.outputActivation) c.model.outputActivation = *o.outputActivation;
    if (o.dropout) c.model.dropout = *o.dropout;
    std::string error;
    if (!setParsed(o.loss, c.training.loss, parseLossKind, error) ||
        !setParsed(o.optimizer, c.training.optimizer, parseOptimizerKind, error) ||
        !setParsed(o.noiseType, c.training.noiseKind, parseNoiseKind, error) ||
        !setParsed(o.threshold, c.threshold, parseThresholdRule, error) ||
        !setParsed(o.scaling, c.preprocessing.scaling, parseScalingMethod, error) ||
        !setParsed(o.scalingScope, c.preprocessing.scope, parseScalingScope, error)) {
        return Error{ErrorCode::InvalidArgument, error};
    }
    if (o.trainOn) {
        if (*o.trainOn != "normal" && *o.trainOn != "all") {
            return Error{ErrorCode::InvalidArgument, "--train-on: use normal or all"};
        }
        c.preprocessing.trainOnNormalOnly = *o.trainOn == "normal";
    }
    if (o.lr) c.training.learningRate = *o.lr;
    if (o.momentum) c.training.momentum = *o.momentum;
    if (o.noiseStd) c.training.noiseStd = *o.noiseStd;
    if (o.noiseAmount) c.training.noiseAmount = *o.noiseAmount;
    if (o.epochs) c.training.epochs = *o.epochs;
    if (o.batchSize) c.training.batchSize = *o.batchSize;
    if (o.seed) c.training.seed = *o.seed;
    if (o.testFraction) c.preprocessing.split.test = *o.testFraction;
    if (o.validationFraction) c.preprocessing.split.validation = *o.validationFraction;
    if (o.device) c.device = *o.device;
    if (o.threads) c.threads = *o.threads;
    return {};
}

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

int runCommand(const std::string& presetName, const std::string& configPath, const Overrides& o,
               const std::string& outDir, bool quiet, bool sweep) {
    ExperimentConfig config;
    if (!presetName.empty()) {
        auto p = preset(presetName);
        if (!p) return fail(p.error().message);
        config = *p;
    }
    if (presetName.empty() && configPath.empty() && o.model) {  // a family's own starting point
        if (const Family* family = findFamily(*o.model); family && !family->defaultPreset.empty()) {
            auto p = preset(family->defaultPreset);
            if (!p) return fail(p.error().message);
            config = *p;
        }
    }
    if (!configPath.empty()) {
        if (auto st = applyJsonFile(config, configPath); !st) return fail(st.error().message);
    }
    if (auto st = applyOverrides(config, o); !st) return fail(st.error().message);
    if (sweep && config.data.normalLabels.empty()) config.data.normalLabels = {"-"};  // set per class
    if (auto st = validate(config); !st) return fail(st.error().message);
    if (outDir.empty()) return fail("--out DIR is required: the folder to write the run into");
    // Before any training: a folder that could not be written at the end is refused now.
    if (auto st = checkOutputFolder(outDir, sweep ? FolderKind::Sweep : FolderKind::Run); !st) {
        return fail(st.error().message);
    }

    ExperimentHooks hooks;
    if (!quiet) {
        hooks.stage = [](const std::string& s) { std::cerr << "[" << s << "]\n"; };
        hooks.training.epochEnded = [](const EpochReport& e) {
            std::printf("epoch %*d/%d  train_loss %.6f  val_loss %s  %s  ETA %s\n",
                        int(std::to_string(e.epochs).size()), e.epoch, e.epochs, e.trainLoss,
                        fmt(e.valLoss, 6).c_str(), duration(e.seconds).c_str(),
                        duration(e.etaSeconds).c_str());
            std::fflush(stdout);
        };
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    if (sweep) return sweepCommand(config, hooks, outDir, quiet);
    // Ctrl-C once stops training and still scores and writes the run; again while scoring
    // stops that too (nothing written).
    auto result = runExperiment(config, hooks, gCancel);
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
    app.set_version_flag("--version", "anomaly-workbench-cli 0.1.0");

    auto* run = app.add_subcommand("run", "Run an experiment and write a run directory");
    std::string presetName, configPath, outDir;
    bool quiet = false, sweep = false;
    Overrides o;
    run->add_option("--preset", presetName, "Start from a preset (see 'presets')");
    run->add_option("--config", configPath, "Experiment JSON file (applied after the preset)")
        ->check(CLI::ExistingFile);
    run->add_option("--out", outDir, "Run directory to write (replaced atomically)");
    run->add_option("--data", o.data,
                    "CSV file, IDX images (idx3-ubyte; plain or .gz) or a folder of images with one "
                    "sub-folder per class");
    run->add_option("--labels", o.labels, "IDX labels (idx1-ubyte) for IDX images, or for a CSV a file "
                                          "of one label per row (the SMD layout)");
    run->add_option("--test-data", o.testData, "A separate test file: every sample of it is tested");
    run->add_option("--test-labels", o.testLabels, "Labels for --test-data (IDX, or one per row)");
    run->add_option("--image-size", o.imageSize,
                    "Image folders: resize every image to N x N or WIDTHxHEIGHT (default: the first "
                    "image's size)");
    run->add_option("--image-channels", o.imageChannels, "Image folders: 1 (grayscale, default) or 3 (RGB)");
    run->add_option("--kind", o.kind, "tabular, series (one per row), image or timeseries (rows are time points)");
    run->add_option("--window", o.window, "Time series: window length in points (0 = none)");
    run->add_option("--window-stride", o.windowStride, "Time series: points between training windows");
    run->add_option("--point-score", o.pointScore, "Time series: a point's score is the max or mean of its windows' scores, or local: the mean of its own error in them");
    run->add_option("--timestamp-column", o.timestampColumn, "auto, none, 0-based INDEX or NAME (kept apart, not a feature)");
    run->add_option("--term-weights", o.termWeights,
                    "Weights of the family's score terms, e.g. 0.7,0.3 (the score is the sum of weight x term)")
        ->delimiter(',');
    run->add_option("--usad-alpha", o.usadAlpha, "Two-term families (USAD): --term-weights A,1-A");
    run->add_option("--usad-variant", o.usadVariant,
                    "USAD training: reference-code (as the authors' code: each optimizer clears only its own "
                    "gradients) or paper-equations (each step on its own loss alone)");
    run->add_option("--max-train", o.maxTrain, "Train on at most N samples (0 = all)");
    run->add_option("--label-column", o.labelColumn, "first, last, none, 0-based INDEX or NAME");
    run->add_option("--normal-label", o.normalLabels, "Label value of normal samples (repeatable)");
    run->add_option("--anomaly-label", o.anomalyLabels,
                    "Only this class counts as anomalous; other non-normal classes are left out "
                    "(repeatable)");
    run->add_option("--separator", o.separator, "auto, ',', ';', tab or space");
    std::string families, startingPoints;
    for (const auto& name : modelFamilies()) {
        families += (families.empty() ? "" : ", ") + name;
        if (const auto& p = findFamily(name)->defaultPreset; !p.empty()) {
            startingPoints += (startingPoints.empty() ? "" : ", ") + name + " from " + p;
        }
    }
    run->add_option("--model", o.model, "Model family: " + families + " (without a preset or config: " +
                                            startingPoints + ")");
    run->add_option("--layers", o.layers, "Encoder widths, e.g. 32,16,8 (decoder mirrors)");
    run->add_option("--conv-channels", o.convChannels, "conv-ae: channels per level, e.g. 32,64");
    run->add_option("--kernel-size", o.kernelSize, "conv-ae: odd kernel size");
    run->add_option("--stride", o.stride, "conv-ae: stride of each downsampling level");
    run->add_option("--latent", o.latent, "conv-ae: dense code width (0 = none)");
    run->add_option("--activation", o.activation, "relu, leaky-relu, elu, tanh, sigmoid, gelu");
    run->add_option("--output-activation", o.outputActivation, "sigmoid, tanh or none");
    run->add_option("--dropout", o.dropout, "Dropout after hidden layers, [0, 1)");
    run->add_option("--loss", o.loss, "mae or mse");
    run->add_option("--optimizer", o.optimizer, "adam or sgd");
    run->add_option("--lr", o.lr, "Learning rate");
    run->add_option("--momentum", o.momentum, "SGD momentum");
    run->add_option("--epochs", o.epochs, "Epochs");
    run->add_option("--batch-size", o.batchSize, "Batch size");
    run->add_option("--noise-type", o.noiseType, "gaussian, salt-pepper or masking (inputs only)");
    run->add_option("--noise-std", o.noiseStd, "Gaussian noise std on inputs while training (denoising)");
    run->add_option("--noise-amount", o.noiseAmount, "Fraction of values hit by salt-pepper or masking noise");
    run->add_option("--seed", o.seed, "Seed for split, initialisation, shuffling and noise");
    run->add_option("--threshold", o.threshold, "mean-std[:K], percentile:P, value:V or best-f1");
    run->add_option("--scaling", o.scaling, "none, minmax or standard (fitted on the training part)");
    run->add_option("--scaling-scope", o.scalingScope, "per-feature or global");
    run->add_option("--test-fraction", o.testFraction, "Share of samples held out for testing");
    run->add_option("--validation-fraction", o.validationFraction, "Share held out for validation");
    run->add_option("--train-on", o.trainOn, "normal (unsupervised) or all (contaminated)");
    run->add_option("--device", o.device, "cpu, cuda or cuda:N");
    run->add_option("--threads", o.threads, "Intra-op threads (0 = one per core)");
    run->add_flag("--quiet", quiet, "Print nothing but errors");
    run->add_flag("--one-class-sweep", sweep,
                  "Train once per class with that class as the only normal one; print AUROC per "
                  "class and the mean; write DIR/class-NAME/ runs and DIR/sweep.csv");

    auto* list = app.add_subcommand("presets", "List the presets");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "anomaly-workbench-cli: " << e.what() << "\n(see --help)\n";
        return 2;
    }
    if (list->parsed()) {
        for (const auto& p : presets()) std::printf("%-22s %s\n", p.name.c_str(), p.description.c_str());
        return 0;
    }
    try {
        return runCommand(presetName, configPath, o, outDir, quiet, sweep);
    } catch (const std::exception& e) {
        return fail(std::string("unexpected error: ") + e.what(), 1);
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The settings table: each setting's JSON key, flag, help, and how it is read and written.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/evaluation/thresholds.h"
#include "core/experiment/config_sections.h"
#include "core/models/family.h"

namespace awb::core {

using namespace config_detail;

namespace config_detail {

namespace {

Expected<DataKind> parseDataKind(const std::string& text) {
    if (text == "tabular") return DataKind::Tabular;
    if (text == "series") return DataKind::Series;
    if (text == "image") return DataKind::Image;
    if (text == "timeseries") return DataKind::TimeSeries;
    return Error{ErrorCode::InvalidArgument,
                 "'" + text + "' is not one of tabular, series, image, timeseries"};
}

/// One setting bound to the config: how it is read from its section and written to it.

template <typename T>
void readValue(Section& s, const std::string& key, T& out) {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
        s.readInt(key, out);
    else
        s.read(key, out);
}

/// A plain value: read with its type checked, always written (or when `when` says so).
template <typename Get>
Binding value(ConfigField f, Get get, std::function<bool(const ExperimentConfig&)> when = nullptr) {
    const std::string key = f.key;
    return {std::move(f),
            [key, get](Section& s, ExperimentConfig& c) { readValue(s, key, get(c)); },
            [key, get, when](json& j, const ExperimentConfig& c) {
                if (!when || when(c)) j[key] = get(const_cast<ExperimentConfig&>(c));
            }};
}

/// A value written as text: parsed on reading (errors name the field), printed on writing.
template <typename Get, typename Parse>
Binding text(ConfigField f, Get get, Parse parse) {
    const std::string key = f.key;
    return {std::move(f),
            [key, get, parse](Section& s, ExperimentConfig& c) {
                if (!s.find(key)) return;
                std::string t;
                s.read(key, t);
                auto parsed = parse(t);
                if (!parsed) throw ConfigError(s.field(key) + ": " + parsed.error().message);
                get(c) = *parsed;
            },
            [key, get](json& j, const ExperimentConfig& c) {
                j[key] = toString(get(const_cast<ExperimentConfig&>(c)));
            }};
}

Expected<bool> parseTrainOn(const std::string& t) {
    if (t == "normal" || t == "all") return t == "normal";
    return Error{ErrorCode::InvalidArgument, "'" + t + "' is not one of normal, all"};
}
const char* trainOnName(bool normalOnly) { return normalOnly ? "normal" : "all"; }

Expected<bool> parseScalerFit(const std::string& t) {
    if (t == "trained-rows" || t == "training-part") return t == "trained-rows";
    return Error{ErrorCode::InvalidArgument,
                 "'" + t + "' is not one of trained-rows, training-part"};
}
const char* scalerFitName(bool trainedRows) {
    return trainedRows ? "trained-rows" : "training-part";
}

bool hasImageSize(const ExperimentConfig& c) {
    return c.data.imageWidth > 0 || c.data.imageHeight > 0 || c.data.imageChannels != 1;
}
bool hasWindows(const ExperimentConfig& c) {
    return c.data.kind == DataKind::TimeSeries || c.data.windowLength > 0;
}

/// Every setting, by section; the table the JSON reader and writer, the CLI's flags and the
/// window's error outlines use. A key is written here once.

}  // namespace

const std::vector<Binding>& bindings() {
    using T = FieldType;
    using C = ExperimentConfig;
    static const std::vector<Binding> table = [] {
        std::vector<Binding> b;
        // Top level.
        b.push_back(value(
            {"", "name", "", T::Text, "Name of the experiment"},
            [](C & c) -> auto& { return c.name; }));
        b.push_back(value(
            {"", "device", "device", T::Text, "cpu, cuda or cuda:N"},
            [](C & c) -> auto& { return c.device; }));
        b.push_back(value(
            {"", "threads", "threads", T::Integer,
             "Intra-op threads; 0 = auto: the cores not busy with other work, one for a small "
             "network"},
            [](C & c) -> auto& { return c.threads; }));
        b.push_back({{"", "threshold", "threshold", T::Text,
                      "mean-std[:K], percentile:P, value:V or best-f1"},
                     [](Section& s, C& c) {
                         const json* th = s.find("threshold");
                         if (!th) return;
                         if (!th->is_string()) {
                             throw ConfigError(
                                 "threshold: expected a rule such as \"mean-std:1\", got " +
                                 std::string(typeName(*th)));
                         }
                         auto rule = parseThresholdRule(th->get<std::string>());
                         if (!rule) throw ConfigError("threshold: " + rule.error().message);
                         c.threshold = *rule;
                     },
                     [](json& j, const C& c) { j["threshold"] = toString(c.threshold); }});
        // Data.
        auto pathField = [](ConfigField f, std::string DataConfig::*member) {
            const std::string key = f.key;
            return Binding{std::move(f),
                           [key, member](Section& s, C& c) { s.read(key, c.data.*member); },
                           [key, member](json& j, const C& c) {
                               if (!(c.data.*member).empty()) j[key] = c.data.*member;
                           }};
        };
        b.push_back({{"data", "path", "data", T::Text,
                      "CSV file, IDX images (idx3-ubyte; plain or .gz) or a folder of images with "
                      "one sub-folder per class"},
                     [](Section& s, C& c) {
                         // A file replaces a built-in set and the other way round.
                         const json& d = s.object();
                         if (d.contains("path") && !d.contains("builtin")) c.data.builtin.clear();
                         if (d.contains("builtin") && !d.contains("path")) c.data.path.clear();
                         s.read("path", c.data.path);
                     },
                     [](json& j, const C& c) {
                         if (!c.data.path.empty()) j["path"] = c.data.path;
                     }});
        b.push_back(pathField({"data", "builtin", "", T::Text,
                               "synthetic-heartbeats, synthetic-timeseries, gaussian-blobs or "
                               "synthetic-transactions"},
                              &DataConfig::builtin));
        b.push_back(pathField({"data", "labels_path", "labels", T::Text,
                               "IDX labels (idx1-ubyte) for IDX images, or for a CSV a file of one "
                               "label per row (the SMD layout)"},
                              &DataConfig::labelsPath));
        b.push_back(pathField({"data", "test_path", "test-data", T::Text,
                               "A separate test file: every sample of it is tested"},
                              &DataConfig::testPath));
        b.push_back(pathField({"data", "test_labels_path", "test-labels", T::Text,
                               "Labels for --test-data (IDX, or one per row)"},
                              &DataConfig::testLabelsPath));
        b.push_back({{"data", "label_column", "label-column", T::Text,
                      "first, last, none, 0-based INDEX or NAME"},
                     [](Section& s, C& c) {
                         if (const json* lc = s.find("label_column")) {
                             // An index may be written as a number.
                             if (lc->is_number_integer())
                                 c.data.labelColumn = std::to_string(lc->get<int64_t>());
                             else
                                 s.read("label_column", c.data.labelColumn);
                         }
                     },
                     [](json& j, const C& c) { j["label_column"] = c.data.labelColumn; }});
        b.push_back(value(
            {"data", "normal_labels", "normal-label", T::TextList,
             "Label value of normal samples (repeatable)"},
            [](C & c) -> auto& { return c.data.normalLabels; }));
        b.push_back(value(
            {"data", "anomaly_labels", "anomaly-label", T::TextList,
             "Only this class counts as anomalous; other non-normal classes are left out "
             "(repeatable)"},
            [](C & c) -> auto& { return c.data.anomalyLabels; },
            [](const C& c) { return !c.data.anomalyLabels.empty(); }));
        b.push_back(value(
            {"data", "class_titles", "class-title", T::TextList,
             "Names to show for the classes, in the order of their labels (0, 1, ... for IDX "
             "files): 'T-shirt/top' for class 0; labels and settings keep the label values"},
            [](C & c) -> auto& { return c.data.classTitles; },
            [](const C& c) { return !c.data.classTitles.empty(); }));
        b.push_back(value(
            {"data", "separator", "separator", T::Text, "auto, ',', ';', tab or space"},
            [](C & c) -> auto& { return c.data.separator; }));
        b.push_back(value(
            {"data", "header", "", T::Text, "auto, yes or no"},
            [](C & c) -> auto& { return c.data.header; }));
        b.push_back(text(
            {"data", "kind", "kind", T::Text,
             "tabular, series (one per row), image or timeseries (rows are time points)"},
            [](C & c) -> auto& { return c.data.kind; }, parseDataKind));
        b.push_back(value(
            {"data", "image_width", "", T::Integer,
             "Image folders: width to resize to (0: the first image's)"},
            [](C & c) -> auto& { return c.data.imageWidth; }, hasImageSize));
        b.push_back(value(
            {"data", "image_height", "", T::Integer, "Image folders: height to resize to"},
            [](C & c) -> auto& { return c.data.imageHeight; }, hasImageSize));
        b.push_back(value(
            {"data", "image_channels", "image-channels", T::Integer,
             "Image folders: 1 (grayscale, default) or 3 (RGB)"},
            [](C & c) -> auto& { return c.data.imageChannels; }, hasImageSize));
        b.push_back(value(
            {"data", "window_length", "window", T::Integer,
             "Time series: window length in points (0 = none)"},
            [](C & c) -> auto& { return c.data.windowLength; }, hasWindows));
        b.push_back(value(
            {"data", "window_stride", "window-stride", T::Integer,
             "Time series: points between training windows"},
            [](C & c) -> auto& { return c.data.windowStride; }, hasWindows));
        b.push_back(value(
            {"data", "point_score", "point-score", T::Text,
             "Time series: a point's score is the max or mean of its windows' scores, or local: "
             "the mean of its own error in them"},
            [](C & c) -> auto& { return c.data.pointScore; }, hasWindows));
        b.push_back(value(
            {"data", "timestamp_column", "timestamp-column", T::Text,
             "auto, none, 0-based INDEX or NAME (kept apart, not a feature)"},
            [](C & c) -> auto& { return c.data.timestampColumn; }));
        // Preprocessing.
        b.push_back(text(
            {"preprocessing", "scaling", "scaling", T::Text,
             "none, minmax or standard (fitted as scaler_fit says)"},
            [](C & c) -> auto& { return c.preprocessing.scaling; }, parseScalingMethod));
        b.push_back(text(
            {"preprocessing", "scaling_scope", "scaling-scope", T::Text, "per-feature or global"},
            [](C & c) -> auto& { return c.preprocessing.scope; }, parseScalingScope));
        b.push_back(value(
            {"preprocessing", "validation_fraction", "validation-fraction", T::Number,
             "Share held out for validation"},
            [](C & c) -> auto& { return c.preprocessing.split.validation; }));
        b.push_back(value(
            {"preprocessing", "test_fraction", "test-fraction", T::Number,
             "Share of samples held out for testing"},
            [](C & c) -> auto& { return c.preprocessing.split.test; }));
        b.push_back({{"preprocessing", "train_on", "train-on", T::Text,
                      "normal (unsupervised) or all (contaminated)"},
                     [](Section& s, C& c) {
                         if (!s.find("train_on")) return;
                         std::string t;
                         s.read("train_on", t);
                         auto normal = parseTrainOn(t);
                         if (!normal)
                             throw ConfigError("preprocessing.train_on: " + normal.error().message);
                         c.preprocessing.trainOnNormalOnly = *normal;
                     },
                     [](json& j, const C& c) {
                         j["train_on"] = trainOnName(c.preprocessing.trainOnNormalOnly);
                     }});
        b.push_back({{"preprocessing", "scaler_fit", "scaler-fit", T::Text,
                      "rows the scaling is fitted on: trained-rows (the rows the model trains on) "
                      "or training-part (every row of the training part, anomalies included)"},
                     [](Section& s, C& c) {
                         if (!s.find("scaler_fit")) return;
                         std::string t;
                         s.read("scaler_fit", t);
                         auto trained = parseScalerFit(t);
                         if (!trained)
                             throw ConfigError("preprocessing.scaler_fit: " +
                                               trained.error().message);
                         c.preprocessing.scalerOnTrainedRows = *trained;
                     },
                     [](json& j, const C& c) {
                         j["scaler_fit"] = scalerFitName(c.preprocessing.scalerOnTrainedRows);
                     }});
        b.push_back(value(
            {"preprocessing", "max_train_samples", "max-train", T::Integer,
             "Train on at most N samples (0 = all)"},
            [](C & c) -> auto& { return c.preprocessing.maxTrainSamples; }));
        // Model.
        b.push_back(value(
            {"model", "family", "model", T::Text, "Model family (see --help for the list)"},
            [](C & c) -> auto& { return c.model.family; }));
        b.push_back(value(
            {"model", "layers", "layers", T::IntegerList,
             "Encoder widths, e.g. 32,16,8 (decoder mirrors); auto or [] (the default): about 3/4, "
             "1/2 "
             "and 1/4 of the inputs, at least 32, 16, 8, at most 512 (dense-ae)"},
            [](C & c) -> auto& { return c.model.layers; }));
        b.push_back(value(
            {"model", "activation", "activation", T::Text,
             "relu, leaky-relu, elu, tanh, sigmoid, gelu"},
            [](C & c) -> auto& { return c.model.activation; }));
        b.push_back(value(
            {"model", "output_activation", "output-activation", T::Text, "sigmoid, tanh or none"},
            [](C & c) -> auto& { return c.model.outputActivation; }));
        b.push_back(value(
            {"model", "dropout", "dropout", T::Number, "Dropout after hidden layers, [0, 1)"},
            [](C & c) -> auto& { return c.model.dropout; }));
        b.push_back(value(
            {"model", "conv_channels", "conv-channels", T::IntegerList,
             "Conv families: channels per level, e.g. 32,64"},
            [](C & c) -> auto& { return c.model.convChannels; }));
        b.push_back(value(
            {"model", "kernel_size", "kernel-size", T::Integer, "Conv families: odd kernel size"},
            [](C & c) -> auto& { return c.model.kernelSize; }));
        b.push_back(value(
            {"model", "stride", "stride", T::Integer,
             "Conv families: stride of each downsampling level"},
            [](C & c) -> auto& { return c.model.stride; }));
        b.push_back(value(
            {"model", "latent", "latent", T::Integer, "Conv families: dense code width (0 = none)"},
            [](C & c) -> auto& { return c.model.latent; }));
        b.push_back(value(
            {"model", "term_weights", "term-weights", T::NumberList,
             "Weights of the family's score terms, e.g. 0.7,0.3 (the score is the sum of weight x "
             "term)"},
            [](C & c) -> auto& { return c.model.termWeights; }));
        // Read only: written before term weights existed (runs of 2026-11 and earlier), {α, 1 − α}.
        b.push_back({{"model", "usad_alpha", "usad-alpha", T::Number,
                      "Two-term families (USAD): --term-weights A,1-A"},
                     [](Section& s, C& c) {
                         double alpha = 0.5;
                         s.read("usad_alpha", alpha);
                         const json& m = s.object();
                         const bool weightsGiven =
                             m.contains("term_weights") && !m["term_weights"].empty();
                         if (!m.contains("usad_alpha") || weightsGiven) return;
                         if (!(alpha >= 0 && alpha <= 1)) {
                             throw ConfigError("model.usad_alpha: must be in [0, 1]");
                         }
                         // Written for every family before; it weighs only a family of two terms
                         // (the family is read before this key).
                         const Family* family = findFamily(c.model.family);
                         if (family && family->terms.size() == 2)
                             c.model.termWeights = {alpha, 1 - alpha};
                     },
                     [](json&, const C&) {}});
        b.push_back(value(
            {"model", "usad_variant", "usad-variant", T::Text,
             "USAD training: reference-code (as the authors' code: each optimizer clears only its "
             "own "
             "gradients) or paper-equations (each step on its own loss alone)"},
            [](C & c) -> auto& { return c.model.usadVariant; }));
        b.push_back(value(
            {"model", "critic_steps", "critic-steps", T::Integer,
             "f-AnoGAN: critic steps per generator step (WGAN-GP), 1 to 100"},
            [](C & c) -> auto& { return c.model.criticSteps; }));
        b.push_back(value(
            {"model", "search_steps", "search-steps", T::Integer,
             "AnoGAN, MAD-GAN: latent search steps per scored sample, 1 to 100000"},
            [](C & c) -> auto& { return c.model.searchSteps; }));
        b.push_back(value(
            {"model", "latent_per", "latent-per", T::Text,
             "MAD-GAN: step (a latent code at every time step, the authors') or window (one code "
             "per window)"},
            [](C & c) -> auto& { return c.model.latentPer; }));
        b.push_back(value(
            {"model", "search_starts", "search-starts", T::Integer,
             "MAD-GAN: candidate codes whose best match starts each latent search, 0 to 4096 (0: "
             "from the zero code)"},
            [](C & c) -> auto& { return c.model.searchStarts; }));
        b.push_back(value(
            {"model", "discriminator_steps", "discriminator-steps", T::Integer,
             "MAD-GAN: discriminator steps per generator step, 1 to 100"},
            [](C & c) -> auto& { return c.model.discriminatorSteps; }));
        // Input only: λ of AnoGAN and MAD-GAN is the second of two term weights, {1 − λ, λ}.
        b.push_back(
            {{"model", "lambda", "lambda", T::Number,
              "Two-term families (AnoGAN, MAD-GAN): term weights 1-lambda, lambda"},
             [](Section& s, C& c) {
                 if (!s.find("lambda")) return;
                 double lambda = 0;
                 s.read("lambda", lambda);
                 if (!(lambda >= 0 && lambda <= 1))
                     throw ConfigError("model.lambda: must be in [0, 1]");
                 const Family* family = findFamily(c.model.family);
                 if (!family || family->terms.size() != 2 || !family->uses(Setting::SearchSteps))
                     throw ConfigError("model.lambda: " + c.model.family +
                                       " has no lambda (AnoGAN and MAD-GAN have; "
                                       "other families: model.term_weights)");
                 const json& m = s.object();
                 if (m.contains("term_weights") && !m["term_weights"].empty())
                     throw ConfigError("model.lambda: give lambda or term_weights, not both");
                 c.model.termWeights = {1 - lambda, lambda};
             },
             [](json&, const C&) {}});
        // Training.
        b.push_back(text(
            {"training", "optimizer", "optimizer", T::Text, "adam, sgd or rmsprop"},
            [](C & c) -> auto& { return c.training.optimizer; }, parseOptimizerKind));
        b.push_back(value(
            {"training", "learning_rate", "lr", T::Number, "Learning rate"},
            [](C & c) -> auto& { return c.training.learningRate; }));
        b.push_back(value(
            {"training", "momentum", "momentum", T::Number, "SGD momentum"},
            [](C & c) -> auto& { return c.training.momentum; }));
        b.push_back(value(
            {"training", "epochs", "epochs", T::Integer,
             "Epochs (the most, with early stopping); 0 = auto: about 4000 optimizer steps, 10 to "
             "1000 epochs"},
            [](C & c) -> auto& { return c.training.epochs; }));
        b.push_back(value(
            {"training", "batch_size", "batch-size", T::Integer,
             "Batch size; 0 = auto: from the training samples (a power of two near n/16, 16 to "
             "256)"},
            [](C & c) -> auto& { return c.training.batchSize; }));
        b.push_back(value(
            {"training", "auto_steps", "auto-steps", T::Integer,
             "Optimizer steps automatic epochs (epochs 0) aim at; 4000 by default"},
            [](C & c) -> auto& { return c.training.autoSteps; }));
        b.push_back(value(
            {"training", "patience", "patience", T::Integer,
             "Early stopping: stop after this many epochs without a better validation loss and "
             "keep the best epoch's weights, never in the first half of the planned epochs; 0 = "
             "off "
             "(needs a validation part)"},
            [](C & c) -> auto& { return c.training.patience; }));
        b.push_back(text(
            {"training", "loss", "loss", T::Text, "mae or mse"},
            [](C & c) -> auto& { return c.training.loss; }, parseLossKind));
        b.push_back(value(
            {"training", "noise_std", "noise-std", T::Number,
             "Gaussian noise std on inputs while training (denoising)"},
            [](C & c) -> auto& { return c.training.noiseStd; }));
        b.push_back(text(
            {"training", "noise_type", "noise-type", T::Text,
             "gaussian, salt-pepper or masking (inputs only)"},
            [](C & c) -> auto& { return c.training.noiseKind; }, parseNoiseKind));
        b.push_back(value(
            {"training", "noise_amount", "noise-amount", T::Number,
             "Fraction of values hit by salt-pepper or masking noise"},
            [](C & c) -> auto& { return c.training.noiseAmount; }));
        b.push_back(value(
            {"training", "seed", "seed", T::Integer,
             "Seed for split, initialisation, shuffling and noise"},
            [](C & c) -> auto& { return c.training.seed; }));
        return b;
    }();
    return table;
}

void applySections(ExperimentConfig& c, const json& root) {
    Section top(root, "");
    for (const auto& b : bindings()) {
        if (b.field.section.empty()) b.read(top, c);
    }
    for (const char* name : kSections) {
        const json* object = top.find(name);
        if (!object) continue;
        if (!object->is_object())
            throw ConfigError(std::string(name) + ": expected an object, got " + typeName(*object));
        Section s(*object, name);
        for (const auto& b : bindings()) {
            if (b.field.section == name) b.read(s, c);
        }
    }
}

}  // namespace config_detail

std::string ConfigField::path() const { return section.empty() ? key : section + "." + key; }

const std::vector<ConfigField>& configFields() {
    static const std::vector<ConfigField> fields = [] {
        std::vector<ConfigField> out;
        for (const auto& b : bindings()) out.push_back(b.field);
        return out;
    }();
    return fields;
}

}  // namespace awb::core

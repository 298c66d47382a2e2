// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "core/experiment/experiment_config.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"

using namespace awb::core;

namespace {

std::string errorOf(const std::string& json) {
    ExperimentConfig c;
    const auto st = applyJson(c, json, "exp.json");
    return st.ok() ? "" : st.error().message;
}

}  // namespace

TEST(ExperimentConfig, RoundTripsThroughJson) {
    ExperimentConfig c = *preset("ecg5000-tutorial");
    c.data.normalLabels = {"1", "N"};
    c.training.noiseStd = 0.1;
    c.threshold = {ThresholdKind::Percentile, 99};
    c.preprocessing.trainOnNormalOnly = false;
    ExperimentConfig back;
    ASSERT_TRUE(applyJson(back, toJson(c), "x").ok());
    EXPECT_EQ(toJson(back), toJson(c));
    EXPECT_EQ(back.model.layers, (std::vector<int64_t>{32, 16, 8}));
    EXPECT_EQ(back.preprocessing.scope, ScalingScope::Global);
    EXPECT_FALSE(back.preprocessing.trainOnNormalOnly);
}

TEST(ExperimentConfig, PartialJsonKeepsOtherValues) {
    ExperimentConfig c;
    ASSERT_TRUE(applyJson(c, R"({"training": {"epochs": 3}, "data": {"label_column": 0}})", "x").ok());
    EXPECT_EQ(c.training.epochs, 3);
    EXPECT_EQ(c.training.batchSize, TrainingConfig{}.batchSize);
    EXPECT_EQ(c.data.labelColumn, "0");
}

TEST(ExperimentConfig, ErrorsNameTheField) {
    EXPECT_NE(errorOf(R"({"trainig": {}})").find("exp.json: trainig: unknown key"), std::string::npos);
    EXPECT_NE(errorOf(R"({"training": {"epoch": 3}})").find("training.epoch: unknown key"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"training": {"epochs": "3"}})").find("training.epochs: expected an integer, got string"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"model": {"layers": [32, "x"]}})").find("model.layers"), std::string::npos);
    EXPECT_NE(errorOf(R"({"training": {"loss": "l3"}})").find("training.loss: loss 'l3'"), std::string::npos);
    EXPECT_NE(errorOf(R"({"threshold": 3})").find("threshold: expected a rule"), std::string::npos);
    EXPECT_NE(errorOf(R"({"model": []})").find("model: expected an object"), std::string::npos);
    EXPECT_NE(errorOf("{\"training\": ").find("exp.json: not valid JSON"), std::string::npos);
}

TEST(ExperimentConfig, FailedApplyLeavesConfigUntouched) {
    ExperimentConfig c;
    c.training.epochs = 7;
    EXPECT_FALSE(applyJson(c, R"({"training": {"epochs": 3, "bogus": 1}})", "x").ok());
    EXPECT_EQ(c.training.epochs, 7);
}

TEST(ExperimentConfig, ValidateRejectsAbsurdValues) {
    auto check = [](auto mutate, const std::string& field) {
        ExperimentConfig c = *preset("synthetic-heartbeats");
        mutate(c);
        const auto st = validate(c);
        ASSERT_FALSE(st.ok()) << field;
        EXPECT_NE(st.error().message.find(field), std::string::npos) << st.error().message;
    };
    check([](ExperimentConfig& c) { c.training.epochs = -1; }, "training.epochs");
    check([](ExperimentConfig& c) { c.training.batchSize = -1; },
          "training.batch_size");  // 0 is auto
    check([](ExperimentConfig& c) { c.training.patience = -1; }, "training.patience");
    check([](ExperimentConfig& c) { c.training.learningRate = 1e9; }, "training.learning_rate");
    check([](ExperimentConfig& c) { c.model.layers = {16, -2}; }, "model.layers[1]");
    check([](ExperimentConfig& c) { c.model.dropout = 1.0; }, "model.dropout");
    check([](ExperimentConfig& c) { c.preprocessing.split = {0.5, 0.5}; }, "preprocessing");
    check([](ExperimentConfig& c) { c.data.builtin.clear(); }, "data.path");
    check([](ExperimentConfig& c) { c.data.separator = "|"; }, "data.separator");
    EXPECT_TRUE(validate(*preset("synthetic-heartbeats")).ok());
}

TEST(Presets, TutorialPresetMatchesTheTutorial) {
    const auto c = *preset("ecg5000-tutorial");
    EXPECT_EQ(c.model.layers, (std::vector<int64_t>{32, 16, 8}));
    EXPECT_EQ(c.model.outputActivation, "sigmoid");
    EXPECT_EQ(c.training.loss, LossKind::Mae);
    EXPECT_EQ(c.training.epochs, 20);
    EXPECT_EQ(c.training.batchSize, 512);
    EXPECT_DOUBLE_EQ(c.preprocessing.split.test, 0.2);
    EXPECT_EQ(c.threshold.kind, ThresholdKind::MeanStd);
    EXPECT_DOUBLE_EQ(c.threshold.parameter, 1.0);
    EXPECT_NE(c.data.path.find("ecg5000_tf_ecg.csv.gz"), std::string::npos);
    EXPECT_FALSE(preset("nope").ok());
}

TEST(ExperimentConfig, NumberOverflowIsAnErrorNotACrash) {
    // Found by fuzz/fuzz_config: nlohmann throws out_of_range (not parse_error) for 1e99999.
    ExperimentConfig c;
    auto st = applyJson(c, R"({"training": {"learning_rate": 1e99999}})", "big.json");
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("big.json: not valid JSON"), std::string::npos) << st.error().message;
    std::ifstream in(std::string(AWB_SOURCE_DIR) + "/fuzz/regressions/config-number-overflow.json", std::ios::binary);
    ASSERT_TRUE(in) << "regression input missing";
    const std::string crash((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(applyJson(c, crash, "crash.json").ok());
}

// One table of settings: JSON keys, flags and the window's outlines come from it.
TEST(ConfigFields, OneTableOfSettingsWithUniqueKeysAndFlags) {
    std::set<std::string> paths, flags;
    for (const auto& f : configFields()) {
        EXPECT_TRUE(paths.insert(f.path()).second) << f.path() << " twice";
        if (!f.flag.empty()) {
            EXPECT_TRUE(flags.insert(f.flag).second) << "--" << f.flag << " twice";
        }
        EXPECT_FALSE(f.help.empty()) << f.path();
    }
    // Every key toJson writes is in the table (and so is read back by applyJson).
    const auto written = nlohmann::json::parse(toJson(ExperimentConfig{}));
    for (const auto& [key, value] : written.items()) {
        if (value.is_object()) {
            for (const auto& [inner, unused] : value.items())
                EXPECT_TRUE(paths.count(key + "." + inner)) << key << "." << inner;
        } else {
            EXPECT_TRUE(paths.count(key)) << key;
        }
    }
}

TEST(ConfigFields, AFlagIsAPatchToTheJson) {
    auto field = [](const std::string& path) {
        for (const auto& f : configFields()) {
            if (f.path() == path) return f;
        }
        ADD_FAILURE() << path;
        return ConfigField{};
    };
    ExperimentConfig c;
    auto patch = flagPatch(field("model.layers"), {"64, 32,8"});
    ASSERT_TRUE(patch.ok()) << patch.error().message;
    ASSERT_TRUE(applyJson(c, *patch, "--layers").ok());
    EXPECT_EQ(c.model.layers, (std::vector<int64_t>{64, 32, 8}));
    patch =
        flagPatch(field("data.normal_labels"), {"a", "b,c"});  // repeated: every value, commas kept
    ASSERT_TRUE(applyJson(c, *patch, "--normal-label").ok());
    EXPECT_EQ(c.data.normalLabels, (std::vector<std::string>{"a", "b,c"}));
    patch = flagPatch(field("training.epochs"), {"3", "7"});  // repeated: the last
    ASSERT_TRUE(applyJson(c, *patch, "--epochs").ok());
    EXPECT_EQ(c.training.epochs, 7);
    patch = flagPatch(field("training.seed"), {"18446744073709551615"});
    ASSERT_TRUE(applyJson(c, *patch, "--seed").ok());
    EXPECT_EQ(c.training.seed, UINT64_MAX);
    EXPECT_NE(flagPatch(field("model.layers"), {"32,x"})
                  .error()
                  .message.find("--layers: 'x' is not a whole number"),
              std::string::npos);
    EXPECT_NE(flagPatch(field("training.learning_rate"), {"fast"})
                  .error()
                  .message.find("--lr: 'fast' is not a number"),
              std::string::npos);
    auto bad = applyJson(c, *flagPatch(field("training.optimizer"), {"lbfgs"}), "--optimizer");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("--optimizer: training.optimizer: optimizer 'lbfgs'"),
              std::string::npos)
        << bad.error().message;
    // The field a message is about, for the window's outline.
    EXPECT_EQ(fieldOfMessage("run.json: model.layers[1]: -4 is not a size")->path(),
              "model.layers");
    EXPECT_EQ(fieldOfMessage("training.epochs: 0 is not between 1 and 100000")->path(),
              "training.epochs");
    EXPECT_EQ(fieldOfMessage("threshold: unknown rule")->path(), "threshold");
    EXPECT_EQ(fieldOfMessage("the data has no model.layersx: here"), nullptr);
}

// Runs written before term weights existed carry "usad_alpha": 0.5 for every family: it weighs
// only a family of two terms, and an empty term_weights counts as absent.
TEST(ExperimentConfig, OldUsadAlphaOpensRunsOfEveryFamily) {
    ExperimentConfig c;
    ASSERT_TRUE(
        applyJson(c, R"({"model": {"family": "dense-ae", "usad_alpha": 0.5}})", "old.json").ok());
    EXPECT_TRUE(c.model.termWeights.empty());
    EXPECT_TRUE(validate(c.model).ok());
    ASSERT_TRUE(
        applyJson(c, R"({"model": {"family": "usad", "usad_alpha": 0.3}})", "old.json").ok());
    ASSERT_EQ(c.model.termWeights.size(), 2u);
    EXPECT_DOUBLE_EQ(c.model.termWeights[0], 0.3);
    EXPECT_DOUBLE_EQ(c.model.termWeights[1], 0.7);
    ASSERT_TRUE(applyJson(c,
                          R"({"model": {"family": "usad", "term_weights": [], "usad_alpha": 0.9}})",
                          "new.json")
                    .ok());
    EXPECT_DOUBLE_EQ(c.model.termWeights[0], 0.9);
    ASSERT_TRUE(
        applyJson(c, R"({"model": {"term_weights": [0.2, 0.8], "usad_alpha": 0.9}})", "both.json")
            .ok());
    EXPECT_DOUBLE_EQ(c.model.termWeights[0], 0.2);
    EXPECT_FALSE(
        applyJson(c, R"({"model": {"family": "usad", "usad_alpha": 2}})", "bad.json").ok());
}

TEST(Presets, EveryPresetHasATitleANoteAndValidSettings) {
    const auto list = presets();
    ASSERT_GE(list.size(), 13u);
    std::set<std::string> titles;
    for (const auto& p : list) {
        EXPECT_FALSE(p.teaches.empty()) << p.name;
        EXPECT_TRUE(titles.insert(p.title).second) << p.title << " twice";
        auto c = preset(p.name);
        ASSERT_TRUE(c.ok()) << p.name << ": " << c.error().message;
        if (p.needsUserData) {
            EXPECT_TRUE(c->data.path.empty() && c->data.builtin.empty()) << p.name;
            continue;
        }
        EXPECT_TRUE(validate(*c).ok()) << p.name << ": " << validate(*c).error().message;
        // A missing file is named, and only then is the preset called missing.
        if (!p.missing.empty()) {
            EXPECT_NE(p.missing.find("needs "), std::string::npos) << p.missing;
        }
    }
}

TEST(Presets, OneExtendsAnotherAndMissingDataIsNamed) {
    const auto c0 = *preset("blobs-class0");
    const auto c1 = *preset("blobs-class1");
    EXPECT_EQ(c1.data.normalLabels, std::vector<std::string>{"1"});
    EXPECT_EQ(c1.model.layers, c0.model.layers);  // inherited
    EXPECT_EQ(c1.name, "blobs-class1");
    const auto sneakers = *preset("fmnist-7-vs-5");
    EXPECT_EQ(sneakers.data.anomalyLabels, std::vector<std::string>{"5"});
    EXPECT_EQ(sneakers.model.family, "conv-ae");  // from images-conv-ae, two levels up
    EXPECT_NE(sneakers.data.testPath.find("t10k-images"), std::string::npos);

    // A user's folder: a preset extending a missing one, one extending itself, one whose data
    // is not there.
    const auto dir = std::filesystem::temp_directory_path() / "awb-preset-test";
    std::filesystem::create_directories(dir);
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / (name + ".json")) << text;
    };
    write("orphan", R"({"extends": "no-such", "experiment": {}})");
    write("loop", R"({"extends": "loop", "experiment": {}})");
    write(
        "absent",
        R"({"extends": "ecg5000-tutorial", "experiment": {"data": {"path": "/nonexistent/x.csv"}}})");
    ::setenv("AWB_PRESETS_DIR", dir.c_str(), 1);
    auto orphan = preset("orphan");
    ASSERT_FALSE(orphan.ok());
    EXPECT_NE(orphan.error().message.find("'no-such' is not a preset"), std::string::npos)
        << orphan.error().message;
    auto loop = preset("loop");
    ASSERT_FALSE(loop.ok());
    EXPECT_NE(loop.error().message.find("extends too deeply"), std::string::npos)
        << loop.error().message;
    bool seen = false;
    for (const auto& p : presets()) {
        if (p.name != "absent") continue;
        seen = true;
        EXPECT_NE(p.missing.find("needs /nonexistent/x.csv"), std::string::npos) << p.missing;
        EXPECT_FALSE(p.needsUserData);
    }
    EXPECT_TRUE(seen);
    ::unsetenv("AWB_PRESETS_DIR");
    std::filesystem::remove(dir / "orphan.json");
    std::filesystem::remove(dir / "loop.json");
    std::filesystem::remove(dir / "absent.json");
}

TEST(BuiltinData, BlobsAndTransactionsHaveTheirShapeAndShares) {
    DataConfig d;
    d.builtin = "gaussian-blobs";
    const auto blobs = *loadData(d);
    EXPECT_EQ(blobs.size(), 500u);
    EXPECT_EQ(blobs.sampleShape, std::vector<int64_t>{15});
    EXPECT_EQ(blobs.classCounts(), (std::vector<size_t>{250, 250}));
    // Shuffled: the first 50 rows hold both classes.
    int ones = 0;
    for (size_t i = 0; i < 50; ++i) ones += blobs.labels[i];
    EXPECT_GT(ones, 5);
    EXPECT_LT(ones, 45);
    d.builtin = "synthetic-transactions";
    const auto cards = *loadData(d);
    EXPECT_EQ(cards.size(), 20000u);
    EXPECT_EQ(cards.featureNames.back(), "Amount");
    const auto counts = cards.classCounts();
    EXPECT_GT(counts[1], 50u);  // 0.5 % of 20,000 is 100
    EXPECT_LT(counts[1], 150u);
    for (float v : cards.values) ASSERT_TRUE(std::isfinite(v));
    d.builtin = "nope";
    auto bad = loadData(d);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("gaussian-blobs"), std::string::npos);  // lists the names
}

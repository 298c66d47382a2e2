// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <filesystem>

#include "core/experiment/grid_sweep.h"
#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "test_helpers.h"

using namespace awb::core;
namespace fs = std::filesystem;

TEST(GridSweep, AnAxisIsASettingByPathOrFlagAndItsValues) {
    auto a = parseGridAxis("optimizer=adam, sgd");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->path, "training.optimizer");
    EXPECT_EQ(a->values, (std::vector<std::string>{"adam", "sgd"}));
    // A list setting takes ';' between its values.
    auto layers = parseGridAxis("model.layers=32,16;64,32");
    ASSERT_TRUE(layers.ok()) << layers.error().message;
    EXPECT_EQ(layers->values, (std::vector<std::string>{"32,16", "64,32"}));
    for (const auto& [text, why] : std::vector<std::pair<std::string, std::string>>{
             {"optimizer", "is not SETTING=VALUE"},
             {"speed=1,2", "names no setting 'speed'"},
             {"training.seed=1,2", "use --seeds"},
             {"optimizer=adam,,sgd", "has an empty value"},
             {"optimizer=adam,adam", "names the value 'adam' twice"}}) {
        auto bad = parseGridAxis(text);
        ASSERT_FALSE(bad.ok()) << text;
        EXPECT_NE(bad.error().message.find(why), std::string::npos) << bad.error().message;
        EXPECT_EQ(bad.error().message.rfind("--grid: '", 0), 0u) << bad.error().message;
    }
}

TEST(GridSweep, PointsAreEveryCombinationWithSeedsLastAndSafeUniqueNames) {
    const ExperimentConfig base = *preset("synthetic-heartbeats");
    auto opt = parseGridAxis("optimizer=adam,sgd");
    auto lr = parseGridAxis("lr=0.001,0.01,0.1");
    ASSERT_TRUE(opt.ok() && lr.ok());
    auto points = expandGrid(base, {*opt, *lr}, {1, 2});
    ASSERT_TRUE(points.ok()) << points.error().message;
    ASSERT_EQ(points->size(), 12u);
    EXPECT_EQ((*points)[0].name, "optimizer-adam__learning_rate-0.001__seed-1");
    EXPECT_EQ((*points)[1].name, "optimizer-adam__learning_rate-0.001__seed-2");
    EXPECT_EQ((*points)[2].name, "optimizer-adam__learning_rate-0.01__seed-1");
    const SweepPoint& last = points->back();
    EXPECT_EQ(last.name, "optimizer-sgd__learning_rate-0.1__seed-2");
    EXPECT_EQ(last.config.training.optimizer, OptimizerKind::Sgd);
    EXPECT_DOUBLE_EQ(last.config.training.learningRate, 0.1);
    EXPECT_EQ(last.config.training.seed, 2u);
    EXPECT_EQ(last.settings.back(), (std::pair<std::string, std::string>{"training.seed", "2"}));
    // No seeds: the base's seed, and no seed in the name.
    auto plain = expandGrid(base, {*opt}, {});
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ((*plain)[1].name, "optimizer-sgd");
    EXPECT_EQ((*plain)[1].config.training.seed, base.training.seed);
    // A list of labels: one label a value, a point per normal class.
    auto classes = parseGridAxis("normal-label=0,1,2");
    ASSERT_TRUE(classes.ok()) << classes.error().message;
    auto perClass = expandGrid(*preset("blobs-class0"), {*classes}, {});
    ASSERT_TRUE(perClass.ok()) << perClass.error().message;
    ASSERT_EQ(perClass->size(), 3u);
    EXPECT_EQ((*perClass)[2].config.data.normalLabels, std::vector<std::string>{"2"});
    // A value that is not valid for its setting is named with the axis.
    auto badValue = expandGrid(base, {*parseGridAxis("epochs=3,-1")}, {});
    ASSERT_FALSE(badValue.ok());
    EXPECT_NE(badValue.error().message.find("--grid training.epochs=-1"), std::string::npos)
        << badValue.error().message;
    // Values that become the same folder name stay apart.
    auto labels = expandGrid(base, {*parseGridAxis("name=a/b,a_b")}, {});
    ASSERT_TRUE(labels.ok()) << labels.error().message;
    EXPECT_EQ((*labels)[0].name, "name-a_b");
    EXPECT_EQ((*labels)[1].name, "name-a_b-2");
    // Too many points.
    GridAxis big{"training.epochs", {}};
    for (int i = 1; i <= 200; ++i) big.values.push_back(std::to_string(i));
    GridAxis big2{"training.batch_size", {}};
    for (int i = 1; i <= 60; ++i) big2.values.push_back(std::to_string(i));
    auto tooMany = expandGrid(base, {big, big2}, {});
    ASSERT_FALSE(tooMany.ok());
    EXPECT_NE(tooMany.error().message.find("more than 10000 points"), std::string::npos);
}

TEST(GridSweep, APlanIsWrittenIntoItsOwnFolderAndAFinishedPointIsDone) {
    awb::test::TempDir tmp;
    ExperimentConfig base = *preset("synthetic-heartbeats");
    base.training.epochs = 1;
    auto points = expandGrid(base, {*parseGridAxis("optimizer=adam,sgd")}, {});
    ASSERT_TRUE(points.ok());
    const std::string dir = tmp.file("sweep");
    ASSERT_TRUE(writeSweepPlan(dir, {*parseGridAxis("optimizer=adam,sgd")}, {}, *points,
                               {"/bin/cli", 2, true})
                    .ok());
    for (const char* f : {"sweep.json", "tasks.txt", "configs/optimizer-adam.json",
                          "run-parallel.sh", "slurm-array.sh", "submit-slurm.sh", "compare.sh"}) {
        EXPECT_TRUE(fs::exists(fs::path(dir) / f)) << f;
    }
    EXPECT_EQ(awb::test::readText(dir + "/tasks.txt"), "optimizer-adam\noptimizer-sgd\n");
    EXPECT_TRUE(fs::status(dir + "/run-parallel.sh").permissions() ==
                (fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                 fs::perms::others_read | fs::perms::others_exec));
    // A smaller plan removes the configs of points it no longer has.
    ASSERT_TRUE(writeSweepPlan(dir, {}, {}, {(*points)[0]}, {"/bin/cli", 1, true}).ok());
    EXPECT_FALSE(fs::exists(dir + "/configs/optimizer-sgd.json"));
    // A folder of the user's is not a sweep folder.
    const std::string mine = tmp.file("mine");
    fs::create_directories(mine);
    awb::test::writeText(mine + "/notes.txt", "mine");
    auto refused = writeSweepPlan(mine, {}, {}, *points, {"/bin/cli", 1, true});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("is not a grid sweep folder"), std::string::npos);

    // Done: a complete run of the same config (threads aside); not of another config.
    const SweepPoint& p = (*points)[0];
    const std::string run = dir + "/runs/" + p.name;
    EXPECT_FALSE(pointDone(run, p));
    ExperimentConfig ran = p.config;
    ran.threads = 1;
    auto r = runExperiment(ran);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(writeRunDirectory(run, *r).ok());
    EXPECT_TRUE(pointDone(run, p));
    EXPECT_FALSE(pointDone(run, (*points)[1]));
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/experiment/presets.h"
#include "core/experiment/run_directory.h"
#include "test_helpers.h"

using namespace awb::core;
namespace fs = std::filesystem;

namespace {

ExperimentResult quickRun(int epochs) {
    ExperimentConfig c = *preset("synthetic-heartbeats");
    c.training.epochs = epochs;
    auto r = runExperiment(c);
    EXPECT_TRUE(r.ok());
    return std::move(*r);
}

}  // namespace

TEST(RunDirectory, WritesEveryFileAndReadsBack) {
    awb::test::TempDir tmp;
    const ExperimentResult r = quickRun(2);
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(writeRunDirectory(dir, r).ok());
    for (const char* f : {"config.json", "model.pt", "history.csv", "scores.csv", "metrics.json", "scaler.json"}) {
        EXPECT_TRUE(fs::exists(fs::path(dir) / f)) << f;
    }
    const auto m = nlohmann::json::parse(awb::test::readText(dir + "/metrics.json"));
    for (const char* key : {"auroc", "auprc", "threshold", "accuracy", "precision", "recall", "f1"}) {
        EXPECT_TRUE(m.at(key).is_number()) << key;
    }
    EXPECT_EQ(m.at("positive_class"), "anomaly");
    // Where it ran: program and git, LibTorch, device, threads, CPU.
    const auto& env = m.at("environment");
    EXPECT_EQ(env.at("program").get<std::string>(), programVersion());
    EXPECT_NE(programVersion().find(", git "), std::string::npos) << programVersion();
    EXPECT_EQ(env.at("libtorch").get<std::string>(), libtorchVersion());
    EXPECT_FALSE(libtorchVersion().empty());
    EXPECT_EQ(env.at("device"), "cpu");
    EXPECT_EQ(env.at("threads").get<int>(), r.training.threads);
    EXPECT_GE(env.at("threads").get<int>(), 1);
    EXPECT_FALSE(env.at("cpu").get<std::string>().empty());
    const auto& cm = m.at("confusion");
    EXPECT_EQ(cm.at("tp").get<size_t>() + cm.at("fp").get<size_t>() + cm.at("tn").get<size_t>() +
                  cm.at("fn").get<size_t>(),
              r.evaluation.testCount);

    auto back = readRunDirectory(dir);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(toJson(back->config), toJson(r.config));
    ASSERT_EQ(back->history.size(), 2u);
    EXPECT_NEAR(back->history[1].trainLoss, r.training.history[1].trainLoss, 1e-6);
    ASSERT_EQ(back->scores.size(), r.prepared.data.size());
    EXPECT_NEAR(back->threshold, r.evaluation.threshold, 1e-12);
    size_t flagged = 0;
    for (const auto& row : back->scores) {
        EXPECT_NEAR(row.score, r.evaluation.scores[row.index], 1e-6 * (1 + row.score));
        EXPECT_EQ(row.anomaly, r.prepared.anomaly[row.index]);
        flagged += row.predicted;
    }
    EXPECT_GT(flagged, 0u);
    EXPECT_EQ(back->sampleShape, r.prepared.data.sampleShape);
    // The weights load into the configured model and score the same.
    auto model = Model::load(dir + "/model.pt", back->config.model, back->sampleShape);
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ(*model->scores(r.prepared.data, r.config.training.loss), r.evaluation.scores);
}

TEST(RunDirectory, ReplacesAnOldRunWhole) {
    awb::test::TempDir tmp;
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(writeRunDirectory(dir, quickRun(1)).ok());
    ASSERT_TRUE(writeRunDirectory(dir, quickRun(3)).ok());
    auto back = readRunDirectory(dir);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->history.size(), 3u);
    size_t entries = 0;
    for (const auto& e : fs::directory_iterator(tmp.path())) (void)e, ++entries;
    EXPECT_EQ(entries, 1u);  // no temporary or old folder left beside it
}

TEST(RunDirectory, RefusesToReplaceSomethingElse) {
    awb::test::TempDir tmp;
    const std::string dir = tmp.file("precious");
    fs::create_directories(dir);
    awb::test::writeText(dir + "/thesis.tex", "do not delete");
    auto st = writeRunDirectory(dir, quickRun(1));
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("is not a run directory"), std::string::npos);
    EXPECT_EQ(awb::test::readText(dir + "/thesis.tex"), "do not delete");
    const std::string file = awb::test::writeText(tmp.file("a-file"), "x");
    EXPECT_FALSE(writeRunDirectory(file, quickRun(1)).ok());
}

TEST(RunDirectory, IncompleteFolderIsRefusedOnRead) {
    awb::test::TempDir tmp;
    fs::create_directories(tmp.file("half"));
    awb::test::writeText(tmp.file("half/config.json"), "{}");
    auto back = readRunDirectory(tmp.file("half"));
    ASSERT_FALSE(back.ok());
    EXPECT_NE(back.error().message.find("is missing"), std::string::npos);
    EXPECT_FALSE(readRunDirectory(tmp.file("nothing")).ok());
}

TEST(RunDirectory, KillMidSaveLeavesTheOldOrTheNewRunNeverABrokenOne) {
    // A child process writes two different runs into the same folder again and again and is
    // killed (SIGKILL) at a random moment; the folder must then read back whole as one of them.
    const ExperimentResult two = quickRun(2), three = quickRun(3);
    awb::test::TempDir dir;
    const std::string target = dir.file("run");
    ASSERT_TRUE(writeRunDirectory(target, two).ok());
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> delayUs(500, 60000);
    // What a kill leaves besides the run: only a hidden temporary folder, never a half-run. Some
    // are expected: they show that kills did land in the middle of a save. The next save (here
    // the next child's) removes the folders of dead processes.
    auto temporaries = [&] {
        size_t n = 0;
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            const auto name = entry.path().filename().string();
            EXPECT_TRUE(name == "run" || name.rfind(".run.tmp-", 0) == 0) << name;
            n += name != "run";
        }
        return n;
    };
    size_t midSave = 0;
    for (int trial = 0; trial < 25; ++trial) {
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            for (int k = 0;; ++k) (void)writeRunDirectory(target, k % 2 ? two : three);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(delayUs(rng)));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        auto back = readRunDirectory(target);
        ASSERT_TRUE(back.ok()) << "trial " << trial << ": " << back.error().message;
        EXPECT_TRUE(back->history.size() == 2 || back->history.size() == 3) << back->history.size();
        auto loaded = loadRun(target);  // weights and scores fit together too
        ASSERT_TRUE(loaded.ok()) << "trial " << trial << ": " << loaded.error().message;
        const size_t left = temporaries();
        // The killed child's own folder, and at most the one it was removing when killed.
        EXPECT_LE(left, 2u) << "an earlier killed save's folder was not cleaned";
        midSave += left > 0;
    }
    std::printf("%zu of 25 kills landed mid-save\n", midSave);
    EXPECT_GT(midSave, 0u);
    ASSERT_TRUE(writeRunDirectory(target, two).ok());
    EXPECT_EQ(temporaries(), 0u);
}

namespace {

/// Runs `save` in a child process whose files may grow to at most `limit` bytes (RLIMIT_FSIZE:
/// a write past it fails with EFBIG, as one on a full disk fails with ENOSPC). Returns the
/// child's exit code (0 saved, 1 refused) and its message.
std::pair<int, std::string> saveWithFileLimit(rlim_t limit, const std::function<Status()>& save) {
    int pipeFds[2];
    if (pipe(pipeFds) != 0) return {-1, "pipe"};
    const pid_t child = fork();
    if (child == 0) {
        close(pipeFds[0]);
        signal(SIGXFSZ, SIG_IGN);
        rlimit rl{limit, limit};
        setrlimit(RLIMIT_FSIZE, &rl);
        auto st = save();
        const std::string message = st.ok() ? std::string("saved") : st.error().message;
        (void)!write(pipeFds[1], message.data(), message.size());
        _exit(st.ok() ? 0 : 1);
    }
    close(pipeFds[1]);
    std::string message;
    char buf[512];
    for (ssize_t n; (n = read(pipeFds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<size_t>(n));
    close(pipeFds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, message};
}

}  // namespace

TEST(RunDirectory, AFullDiskIsReportedAndTheOldRunStays) {
    // Each save must fail with a message naming the file, leave the old run whole and leave no
    // temporary folder.
    const ExperimentResult two = quickRun(2), three = quickRun(3);
    awb::test::TempDir dir;
    const std::string target = dir.file("run");
    ASSERT_TRUE(writeRunDirectory(target, two).ok());
    for (rlim_t limit : {rlim_t{0}, rlim_t{200}, rlim_t{8000}, rlim_t{30000}}) {
        const auto [code, message] = saveWithFileLimit(limit, [&] { return writeRunDirectory(target, three); });
        EXPECT_EQ(code, 1) << "limit " << limit << ": " << message;
        EXPECT_EQ(message.rfind(target + "/", 0), 0u) << message;  // names the file in the run
        EXPECT_NE(message.find("File too large"), std::string::npos) << message;
        EXPECT_NE(message.find("unchanged"), std::string::npos) << message;
        std::printf("limit %6llu bytes: %s\n", static_cast<unsigned long long>(limit), message.c_str());
        auto back = readRunDirectory(target);
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(back->history.size(), 2u);  // the old run
        EXPECT_TRUE(loadRun(target).ok());
        size_t entries = 0;
        for (const auto& e : fs::directory_iterator(dir.path())) (void)e, ++entries;
        EXPECT_EQ(entries, 1u) << "a temporary folder was left behind";
    }
    // The weights file on its own (torch's writer).
    const std::string weights = dir.file("model.pt");
    const auto [code, message] = saveWithFileLimit(1000, [&] { return three.model->save(weights); });
    EXPECT_EQ(code, 1) << message;
    EXPECT_EQ(message.rfind(weights, 0), 0u) << message;
    std::printf("weights, limit 1000 bytes: %s\n", message.c_str());
    size_t entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) (void)e, ++entries;
    EXPECT_EQ(entries, 1u) << "a partial weights file was left behind";
}

TEST(RunDirectory, TextThatIsNotUtf8IsSavedNotThrownAway) {
    awb::test::TempDir tmp;
    ExperimentResult r = quickRun(1);
    // Names that reached the result without passing a reader (the readers convert Latin-1).
    r.config.name = "donn\xe9" "es";
    r.prepared.data.featureNames[0] = "t\xe9mp\xff";
    r.prepared.data.classNames[0] = "l\xe9ger";
    const std::string dir = tmp.file("run");
    auto st = writeRunDirectory(dir, r);
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto back = readRunDirectory(dir);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_NE(awb::test::readText(dir + "/scaler.json").find("\"t\xef\xbf\xbdmp"), std::string::npos);  // U+FFFD
}

TEST(RunDirectory, ScoresKeepDoublePrecisionAndQuotedClassNames) {
    awb::test::TempDir tmp;
    ExperimentResult r = quickRun(1);
    r.prepared.data.classNames[0] = "a, \"quoted\" class ";
    r.evaluation.scores[0] = 0.12345678901234567;
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(writeRunDirectory(dir, r).ok());
    auto back = readRunDirectory(dir);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->scores.size(), r.evaluation.scores.size());
    EXPECT_EQ(back->scores[0].score, 0.12345678901234567);  // a float would keep 7 digits
    bool found = false;
    for (const auto& row : back->scores) found = found || row.label == "a, \"quoted\" class ";
    EXPECT_TRUE(found);
}

TEST(RunDirectory, ADamagedRunNamesTheDamagedFile) {
    awb::test::TempDir tmp;
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(writeRunDirectory(dir, quickRun(1)).ok());
    const std::string scores = awb::test::readText(dir + "/scores.csv");
    const std::string metrics = awb::test::readText(dir + "/metrics.json");
    const std::string scaler = awb::test::readText(dir + "/scaler.json");
    ASSERT_TRUE(loadRun(dir).ok());
    auto expectRefused = [&](const std::string& fragment) {
        auto r = loadRun(dir);
        ASSERT_FALSE(r.ok()) << fragment;
        EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.find("data file"), std::string::npos) << r.error().message;
    };
    // A duplicated index (row 1 says it is row 0).
    std::string dup = scores;
    dup.replace(dup.find("\n1,"), 3, "\n0,");
    awb::test::writeText(dir + "/scores.csv", dup);
    expectRefused("scores.csv: index 0 appears twice");
    // A score with text after the number, and a row with a field too many (line numbers as an
    // editor).
    std::string bad = scores;
    const size_t row2 = bad.find("\n1,") + 1;
    const size_t scoreEnd =
        bad.find(',', bad.find(',', bad.find(',', bad.find(',', row2) + 1) + 1) + 1);
    bad.insert(scoreEnd, "x");
    awb::test::writeText(dir + "/scores.csv", bad);
    expectRefused("scores.csv:3: not a score row");
    awb::test::writeText(dir + "/scores.csv", scores.substr(0, row2) + "1,train,,0,0.5,0,7\n" +
                                                  scores.substr(scores.find('\n', row2) + 1));
    expectRefused("scores.csv:3: expected 6 fields, found 7");
    // A sample without a score has no verdict (empty); runs written before that said 0. A score
    // without a verdict is damage.
    for (const char* row : {"1,train,,0,nan,\n", "1,train,,0,nan,0\n"}) {
        awb::test::writeText(dir + "/scores.csv", scores.substr(0, row2) + row +
                                                      scores.substr(scores.find('\n', row2) + 1));
        auto read = readRunDirectory(dir);
        ASSERT_TRUE(read.ok()) << row << read.error().message;
        EXPECT_TRUE(std::isnan(read->scores.at(1).score)) << row;
        EXPECT_FALSE(read->scores.at(1).predicted) << row;
    }
    awb::test::writeText(dir + "/scores.csv", scores.substr(0, row2) + "1,train,,0,0.5,\n" +
                                                  scores.substr(scores.find('\n', row2) + 1));
    expectRefused("scores.csv:3: not a score row");
    // Rows missing.
    awb::test::writeText(dir + "/scores.csv", scores.substr(0, scores.find("\n10,") + 1));
    expectRefused("scores.csv: 10 score rows, but the data");
    awb::test::writeText(dir + "/scores.csv", scores);
    // A threshold that is not a number.
    nlohmann::json m = nlohmann::json::parse(metrics);
    m["threshold"] = "high";
    awb::test::writeText(dir + "/metrics.json", m.dump());
    expectRefused("metrics.json: threshold: expected a number, got \"high\"");
    awb::test::writeText(dir + "/metrics.json", "{not json");
    expectRefused("metrics.json: malformed");
    awb::test::writeText(dir + "/metrics.json", metrics);
    // A sample shape that is not the data's, and a scaler file that is not JSON.
    nlohmann::json s = nlohmann::json::parse(scaler);
    s["sample_shape"] = {7};
    awb::test::writeText(dir + "/scaler.json", s.dump());
    expectRefused("scaler.json: sample_shape 7 does not match the data");
    awb::test::writeText(dir + "/scaler.json", "[");
    expectRefused("scaler.json: malformed");
    awb::test::writeText(dir + "/scaler.json", scaler);
    EXPECT_TRUE(loadRun(dir).ok());
}

TEST(RunDirectory, ARunOfAnEarlierVersionReopensAsItRan) {
    // Written before scaler_fit and patience existed: its scaling was fitted on the whole
    // training part and it trained without early stopping.
    awb::test::TempDir tmp;
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(writeRunDirectory(dir, quickRun(1)).ok());
    nlohmann::json c = nlohmann::json::parse(awb::test::readText(dir + "/config.json"));
    ASSERT_TRUE(c["preprocessing"].contains("scaler_fit"));
    auto back = readRunDirectory(dir);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->config.preprocessing.scalerOnTrainedRows);  // as written
    c["preprocessing"].erase("scaler_fit");
    c["training"].erase("patience");
    awb::test::writeText(dir + "/config.json", c.dump(2));
    back = readRunDirectory(dir);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_FALSE(back->config.preprocessing.scalerOnTrainedRows);
    EXPECT_EQ(back->config.training.patience, 0);
}

// Resume: a run of 3 epochs continued for 2 gives what one run of 5 gives (same seed, one thread,
// noise and dropout drawing from the generator), and its config counts the 5 epochs.
TEST(RunDirectory, AContinuedRunEqualsOneUninterruptedRun) {
    awb::test::TempDir tmp;
    ExperimentConfig c = *preset("synthetic-heartbeats");
    c.threads = 1;
    c.training.patience = 0;
    c.training.seed = 7;
    c.training.noiseStd = 0.05;
    c.model.dropout = 0.1;
    c.training.epochs = 5;
    auto whole = runExperiment(c);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    c.training.epochs = 3;
    auto first = runExperiment(c);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_FALSE(first->training.resumeState.empty());
    const std::string dir = tmp.file("three");
    ASSERT_TRUE(writeRunDirectory(dir, *first).ok());
    EXPECT_TRUE(fs::exists(dir + "/training_state.pt"));

    auto resumed = resumeExperiment(dir, 2);
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    EXPECT_EQ(resumed->config.training.epochs, 5);
    EXPECT_EQ(toJson(resumed->config), toJson(whole->config));
    ASSERT_EQ(resumed->training.history.size(), 5u);
    EXPECT_EQ(resumed->training.epochsCompleted, 5);
    EXPECT_EQ(resumed->training.epochsPlanned, 5);
    EXPECT_EQ(resumed->training.groupSteps, whole->training.groupSteps);
    for (size_t e = 0; e < 5; ++e) {
        EXPECT_EQ(resumed->training.history[e].epoch, int(e) + 1);
        // The earlier epochs as history.csv keeps them (a float's precision); the new ones bit
        // for bit as the uninterrupted run trained them.
        if (e < 3)
            EXPECT_NEAR(resumed->training.history[e].trainLoss,
                        whole->training.history[e].trainLoss, 1e-7)
                << e;
        else
            EXPECT_EQ(resumed->training.history[e].trainLoss, whole->training.history[e].trainLoss)
                << e;
    }
    EXPECT_EQ(resumed->evaluation.scores, whole->evaluation.scores);
    EXPECT_EQ(resumed->evaluation.auroc, whole->evaluation.auroc);

    // Continued again from its own directory.
    ASSERT_TRUE(writeRunDirectory(tmp.file("five"), *resumed).ok());
    auto seven = resumeExperiment(tmp.file("five"), 2);
    ASSERT_TRUE(seven.ok()) << seven.error().message;
    EXPECT_EQ(seven->training.history.size(), 7u);

    // Stopped inside an epoch: the weights hold part of it, so no state to continue from.
    {
        CancelToken stop;
        ExperimentHooks hooks;
        hooks.training.batchEnded = [&](const BatchReport& b) {
            if (b.epoch == 2 && b.batch == 1) stop.requestCancel();
        };
        c.training.epochs = 3;
        auto stopped = runExperiment(c, hooks, stop);
        ASSERT_TRUE(stopped.ok()) << stopped.error().message;
        EXPECT_EQ(stopped->training.outcome, TrainingOutcome::Cancelled);
        EXPECT_TRUE(stopped->training.resumeState.empty());
    }

    // A run without a training state, and a number of epochs out of range, are refused.
    fs::remove(dir + "/training_state.pt");
    auto none = resumeExperiment(dir, 2);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find(dir + ": has no training_state.pt"), std::string::npos)
        << none.error().message;
    auto zero = resumeExperiment(tmp.file("five"), 0);
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.error().message.find("1 to 100000 more epochs"), std::string::npos);
}

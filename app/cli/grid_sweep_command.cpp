// SPDX-License-Identifier: GPL-3.0-or-later
// `anomaly-workbench-cli sweep`: a grid of settings (and seeds) planned into a folder, with
// scripts for GNU parallel and Slurm, and run here N points at a time, each as a child process
// (`run --config configs/POINT.json --out runs/POINT --skip-done`).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "app/cli/cli_common.h"
#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/experiment/compare.h"
#include "core/experiment/grid_sweep.h"
#include "core/models/model.h"

extern char** environ;

namespace awb::cli {

using namespace awb::core;
namespace fs = std::filesystem;

namespace {

volatile sig_atomic_t gSignal = 0;

void onSweepSignal(int sig) {
    gSignal = sig;
    gCancel.requestCancel();
}

std::string selfPath() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("anomaly-workbench-cli") : p.string();
}

std::string duration(double seconds) {
    char buf[32];
    if (seconds < 60)
        std::snprintf(buf, sizeof buf, "%.1fs", seconds);
    else if (seconds < 3600)
        std::snprintf(buf, sizeof buf, "%dm%02ds", int(seconds) / 60, int(seconds) % 60);
    else
        std::snprintf(buf, sizeof buf, "%dh%02dm", int(seconds) / 3600, int(seconds) / 60 % 60);
    return buf;
}

/// Starts `run` for one point, its output into logs/POINT.log; -1 when it could not start.
pid_t spawnPoint(const std::string& cli, const fs::path& dir, const SweepPoint& p, int threads) {
    const std::string config = (dir / sweep_files::kConfigs / (p.name + ".json")).string();
    const std::string out = (dir / sweep_files::kRuns / p.name).string();
    const std::string log = (dir / sweep_files::kLogs / (p.name + ".log")).string();
    std::vector<std::string> args{cli,     "run", "--config", config,
                                  "--out", out,   "--quiet",  "--skip-done"};
    if (threads > 0) {
        args.push_back("--threads");
        args.push_back(std::to_string(threads));
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, cli.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

/// The last line of a point's log (its error), or "".
std::string lastLogLine(const fs::path& log) {
    auto text = readFileContent(log.string(), size_t{1} << 20);
    if (!text) return {};
    std::string s = *text;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    const auto nl = s.rfind('\n');
    return nl == std::string::npos ? s : s.substr(nl + 1);
}

}  // namespace

int gridSweepCommand(const ExperimentOptions& e, const std::vector<std::string>& axisTexts,
                     const std::string& seedText, int jobs, bool planOnly) {
    auto base = buildConfig(e);
    if (!base) return fail(base.error().message);
    if (e.outDir.empty()) return fail("--out DIR is required: the sweep folder to write");
    if (axisTexts.empty() && seedText.empty())
        return fail("give at least one --grid SETTING=V1,V2 or --seeds");
    if (e.overrides.given("training.seed") && !seedText.empty())
        return fail("--seed and --seeds: give one of them");
    std::vector<GridAxis> axes;
    for (const auto& t : axisTexts) {
        auto a = parseGridAxis(t);
        if (!a) return fail(a.error().message);
        for (const auto& other : axes)
            if (other.path == a->path) return fail("--grid: " + a->path + " is given twice");
        axes.push_back(*a);
    }
    std::vector<uint64_t> seeds;
    if (!seedText.empty()) {
        auto s = parseSeedList(seedText);
        if (!s) return fail(s.error().message);
        seeds = *s;
    }
    auto points = expandGrid(*base, axes, seeds);
    if (!points) return fail(points.error().message);
    const std::string cli = selfPath();
    SweepScripts scripts{cli, jobs, base->threads == 0};
    if (auto st = writeSweepPlan(e.outDir, axes, seeds, *points, scripts); !st)
        return fail(st.error().message);
    const fs::path dir = fs::absolute(e.outDir).lexically_normal();
    if (!e.quiet || planOnly) {
        std::printf(
            "sweep of %zu points planned in %s: configs/, tasks.txt, %s (GNU parallel), %s and %s "
            "(Slurm)\n",
            points->size(), dir.c_str(), sweep_files::kParallel, sweep_files::kSlurm,
            sweep_files::kSubmit);
    }
    if (planOnly) return 0;

    // Threads per point: the cores shared out among the points running at once, unless the
    // config set its own.
    const int threads = base->threads == 0 ? std::max(1, usableCores() / jobs) : 0;
    struct sigaction sa {};
    sa.sa_handler = onSweepSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: waitpid returns at a signal, to pass a SIGTERM on
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> finished;  // run folders to compare
    std::map<pid_t, size_t> running;
    std::map<pid_t, std::chrono::steady_clock::time_point> startedAt;
    size_t next = 0, done = 0, skipped = 0, failed = 0, ran = 0;
    double ranSeconds = 0;
    bool forwarded = false;
    std::string spawnError;
    const size_t total = points->size();
    if (!e.quiet) {
        std::printf(
            "running %zu points, %d at a time%s\n", total, jobs,
            threads > 0 ? (", " + std::to_string(threads) + " thread(s) each").c_str() : "");
        std::fflush(stdout);
    }
    while (next < total || !running.empty()) {
        while (next < total && int(running.size()) < jobs && !gCancel.cancelled()) {
            const SweepPoint& p = (*points)[next];
            const std::string runDir = (dir / sweep_files::kRuns / p.name).string();
            if (pointDone(runDir, p)) {
                ++skipped;
                ++done;
                finished.push_back(runDir);
                if (!e.quiet)
                    std::printf("[%zu/%zu] %s: already done, skipped\n", done, total,
                                p.name.c_str());
                ++next;
                continue;
            }
            const pid_t pid = spawnPoint(cli, dir, p, threads);
            if (pid < 0) {
                // No more points start; those running finish and are reaped below.
                spawnError = "could not start " + cli + " for point " + p.name;
                gCancel.requestCancel();
                break;
            }
            running[pid] = next;
            startedAt[pid] = std::chrono::steady_clock::now();
            ++next;
        }
        if (running.empty()) break;  // stopped before the rest started
        // A SIGTERM for this process alone is passed on (whenever it came); Ctrl-C reached the
        // points itself.
        if (gSignal == SIGTERM && !forwarded) {
            for (const auto& [child, index] : running) kill(child, SIGTERM);
            forwarded = true;
        }
        int status = 0;
        const pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;  // a signal: passed on at the top of the loop
            break;
        }
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        const SweepPoint& p = (*points)[it->second];
        running.erase(it);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - startedAt[pid])
                .count();
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        ++done;
        const std::string runDir = (dir / sweep_files::kRuns / p.name).string();
        std::string what;
        if (code == 0 || code == 3) {
            ++ran;
            ranSeconds += seconds;
            finished.push_back(runDir);
            auto c = compareRuns({runDir});
            const double auroc = c ? c->runs[0].metrics["auroc"] : NAN;
            char buf[96];
            std::snprintf(buf, sizeof buf, "AUROC %s (%s)%s",
                          std::isfinite(auroc) ? formatFixed(auroc, 4).c_str() : "n/a",
                          duration(seconds).c_str(),
                          code == 3 ? ", diverged: see its metrics.json" : "");
            what = buf;
        } else {
            ++failed;
            what = (code == 130 ? "stopped" : "failed (exit " + std::to_string(code) + ")") +
                   std::string(": ") + lastLogLine(dir / sweep_files::kLogs / (p.name + ".log"));
        }
        if (!e.quiet) {
            std::string eta;
            if (ran > 0 && next < total + 1) {
                const double perPoint = ranSeconds / double(ran);
                const double left = double(total - done) * perPoint / double(jobs);
                eta = "  ETA " + duration(left);
            }
            std::printf("[%zu/%zu] %s: %s%s\n", done, total, p.name.c_str(), what.c_str(),
                        eta.c_str());
            std::fflush(stdout);
        }
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!e.quiet) {
        std::printf(
            "%zu of %zu points finished (%zu skipped as done, %zu failed or stopped) in %s\n",
            finished.size(), total, skipped, failed, duration(wall).c_str());
    }
    if (!finished.empty()) {
        auto c = compareRuns(finished);
        if (!c) return fail(c.error().message, 1);
        if (!e.quiet) std::printf("\n%s", comparisonText(*c, "").c_str());
        const std::string csv = (dir / sweep_files::kCompare).string();
        if (auto st = writeFileAtomic(csv, comparisonCsv(*c)); !st)
            return fail(st.error().message, 1);
        if (!e.quiet) std::printf("comparison written to %s\n", csv.c_str());
    }
    if (!spawnError.empty()) return fail(spawnError, 1);
    if (gCancel.cancelled()) {
        return fail(
            "sweep stopped; run the same command again to continue (finished points are skipped)",
            130);
    }
    if (failed > 0)
        return fail(
            std::to_string(failed) + " point(s) failed: see " + (dir / sweep_files::kLogs).string(),
            1);
    return 0;
}

}  // namespace awb::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/grid_sweep.h"

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/experiment/compare.h"
#include "core/experiment/run_directory.h"

namespace awb::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr size_t kMaxPoints = 10000;

const ConfigField* fieldNamed(const std::string& name) {
    for (const auto& f : configFields()) {
        if (f.path() == name || (!f.flag.empty() && f.flag == name)) return &f;
    }
    return nullptr;
}

bool isList(const ConfigField& f) {
    return f.type == FieldType::IntegerList || f.type == FieldType::NumberList;
}

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
}

/// A value as part of a folder name: letters, digits and . + - kept, anything else '_'.
std::string nameSafe(const std::string& text) {
    std::string out;
    for (unsigned char ch : text) {
        const bool keep = std::isalnum(ch) || ch == '.' || ch == '+' || ch == '-';
        out += keep ? char(ch) : '_';
    }
    if (out.empty()) out = "_";
    return out.substr(0, 60);
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
}

Status writeScript(const fs::path& path, const std::string& text) {
    if (auto st = writeFileAtomic(path.string(), text); !st) return st;
    if (::chmod(path.c_str(), 0755) != 0) {
        return Error{ErrorCode::Io, path.string() + ": could not be made executable"};
    }
    return {};
}

}  // namespace

Expected<GridAxis> parseGridAxis(const std::string& text) {
    const auto bad = [&](const std::string& why) {
        return Error{ErrorCode::InvalidArgument, "--grid: '" + clipForMessage(text) + "' " + why};
    };
    const auto eq = text.find('=');
    if (eq == std::string::npos)
        return bad("is not SETTING=VALUE,VALUE,... (e.g. training.optimizer=adam,sgd)");
    GridAxis axis;
    const std::string name = trim(text.substr(0, eq));
    const ConfigField* field = fieldNamed(name);
    if (!field) {
        return bad(
            "names no setting '" + clipForMessage(name) +
            "' (a path in config.json such as training.optimizer, or a flag such as optimizer)");
    }
    if (field->path() == "training.seed") return bad("varies the seed: use --seeds");
    axis.path = field->path();
    const char separator = isList(*field) ? ';' : ',';
    std::string rest = text.substr(eq + 1);
    size_t start = 0;
    std::set<std::string> seen;
    while (start <= rest.size()) {
        size_t end = rest.find(separator, start);
        if (end == std::string::npos) end = rest.size();
        const std::string value = trim(rest.substr(start, end - start));
        if (value.empty()) return bad("has an empty value");
        if (!seen.insert(value).second)
            return bad("names the value '" + clipForMessage(value) + "' twice");
        axis.values.push_back(value);
        start = end + 1;
    }
    return axis;
}

Expected<std::vector<SweepPoint>> expandGrid(const ExperimentConfig& base,
                                             const std::vector<GridAxis>& axes,
                                             const std::vector<uint64_t>& seeds) {
    size_t count = seeds.empty() ? 1 : seeds.size();
    for (const auto& a : axes) {
        if (a.values.empty())
            return Error{ErrorCode::InvalidArgument, "--grid " + a.path + ": no values"};
        count *= a.values.size();
        if (count > kMaxPoints) {
            return Error{ErrorCode::InvalidArgument, "--grid: the sweep has more than " +
                                                         std::to_string(kMaxPoints) +
                                                         " points; split it into several sweeps"};
        }
    }
    // Short keys (the last part of each path) unless two axes share one.
    std::vector<std::string> keys;
    std::map<std::string, int> lastParts;
    for (const auto& a : axes) ++lastParts[a.path.substr(a.path.rfind('.') + 1)];
    for (const auto& a : axes) {
        const std::string last = a.path.substr(a.path.rfind('.') + 1);
        keys.push_back(lastParts[last] > 1 ? a.path : last);
    }
    // Each value's patch, checked once against the base.
    std::vector<std::vector<std::string>> patches(axes.size());
    for (size_t k = 0; k < axes.size(); ++k) {
        const ConfigField* field = fieldNamed(axes[k].path);
        for (const auto& v : axes[k].values) {
            auto patch = flagPatch(*field, {v});
            const std::string where = "--grid " + axes[k].path + "=" + clipForMessage(v);
            if (!patch) {
                std::string m = patch.error().message;
                const std::string flag = "--" + field->flag;
                if (m.rfind(flag, 0) == 0) m = where + m.substr(flag.size());
                return Error{ErrorCode::InvalidArgument, m};
            }
            ExperimentConfig probe = base;
            if (auto st = applyJson(probe, *patch, where); !st) return st.error();
            // A value wrong for its setting is named here; one that only clashes with the base
            // may suit another axis's value, and is left to each point's own check.
            if (auto st = validate(probe); !st && fieldOfMessage(st.error().message) == field) {
                return Error{ErrorCode::InvalidArgument, where + ": " + st.error().message};
            }
            patches[k].push_back(*patch);
        }
    }
    std::vector<SweepPoint> points;
    std::set<std::string> names;
    std::vector<size_t> index(axes.size(), 0);
    const std::vector<uint64_t> seedList =
        seeds.empty() ? std::vector<uint64_t>{base.training.seed} : seeds;
    for (size_t p = 0; p < count / seedList.size(); ++p) {
        // Odometer over the axes, the last fastest.
        size_t rest = p;
        for (size_t k = axes.size(); k-- > 0;) {
            index[k] = rest % axes[k].values.size();
            rest /= axes[k].values.size();
        }
        for (uint64_t seed : seedList) {
            SweepPoint point;
            point.config = base;
            std::string name;
            for (size_t k = 0; k < axes.size(); ++k) {
                const std::string& v = axes[k].values[index[k]];
                if (auto st =
                        applyJson(point.config, patches[k][index[k]], "--grid " + axes[k].path);
                    !st)
                    return st.error();
                point.settings.emplace_back(axes[k].path, v);
                name += (name.empty() ? "" : "__") + nameSafe(keys[k]) + "-" + nameSafe(v);
            }
            if (!seeds.empty()) {
                point.config.training.seed = seed;
                point.settings.emplace_back("training.seed", std::to_string(seed));
                name += std::string(name.empty() ? "" : "__") + "seed-" + std::to_string(seed);
            }
            if (name.empty()) name = "base";
            if (auto st = validate(point.config); !st) {
                return Error{ErrorCode::InvalidArgument,
                             "point " + name + ": " + st.error().message};
            }
            makeDataPathsAbsolute(point.config);
            // Two values that become the same name (a/b and a_b) stay apart.
            std::string unique = name;
            for (int n = 2; !names.insert(unique).second; ++n)
                unique = name + "-" + std::to_string(n);
            point.name = unique;
            points.push_back(std::move(point));
        }
    }
    return points;
}

Status writeSweepPlan(const std::string& dirText, const std::vector<GridAxis>& axes,
                      const std::vector<uint64_t>& seeds, const std::vector<SweepPoint>& points,
                      const SweepScripts& scripts) {
    const fs::path dir = fs::absolute(dirText).lexically_normal();
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec))
            return Error{ErrorCode::Io, dirText + ": exists and is not a folder"};
        const bool empty = fs::directory_iterator(dir, ec) == fs::directory_iterator();
        if (!empty && !fs::exists(dir / sweep_files::kPlan, ec)) {
            return Error{ErrorCode::Io, dirText +
                                            ": exists and is not a grid sweep folder (it has no " +
                                            sweep_files::kPlan + "); name a new or empty folder"};
        }
    }
    for (const char* sub : {sweep_files::kConfigs, sweep_files::kRuns, sweep_files::kLogs}) {
        fs::create_directories(dir / sub, ec);
        if (ec)
            return Error{ErrorCode::Io,
                         (dir / sub).string() + ": cannot be created (" + ec.message() + ")"};
    }
    json plan;
    plan["axes"] = json::array();
    for (const auto& a : axes) plan["axes"].push_back({{"setting", a.path}, {"values", a.values}});
    plan["seeds"] = seeds;
    plan["points"] = json::array();
    std::string tasks;
    std::set<std::string> planned;
    for (const auto& p : points) {
        json settings = json::object();
        for (const auto& [path, value] : p.settings) settings[path] = value;
        plan["points"].push_back({{"name", p.name}, {"settings", settings}});
        tasks += p.name + "\n";
        planned.insert(p.name + ".json");
        if (auto st = writeFileAtomic((dir / sweep_files::kConfigs / (p.name + ".json")).string(),
                                      toJson(p.config));
            !st)
            return st;
    }
    // Configs of points no longer planned go (their runs stay, and are no longer compared).
    for (fs::directory_iterator it(dir / sweep_files::kConfigs, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string f = it->path().filename().string();
        if (it->path().extension() == ".json" && !planned.count(f)) fs::remove(it->path(), ec);
    }
    if (auto st = writeFileAtomic((dir / sweep_files::kTasks).string(), tasks); !st) return st;

    // Every script: strict mode, into the sweep folder, the CLI to call (both overridable).
    const std::string preamble = "SWEEP_DIR=${SWEEP_DIR:-" + shellQuote(dir.string()) +
                                 "}\ncd \"$SWEEP_DIR\"\nCLI=${AWB_CLI:-" + shellQuote(scripts.cli) +
                                 "}\n";
    const std::string lastTask = std::to_string(points.empty() ? 0 : points.size() - 1);
    const size_t n = points.size();
    std::ostringstream compare;
    compare << "#!/usr/bin/env bash\n"
               "# Compares the sweep's finished points (written by anomaly-workbench-cli sweep): "
               "prints the\n"
               "# table and writes compare.csv. Points not run yet are left out.\n"
               "set -euo pipefail\n"
            << preamble
            << "dirs=()\n"
               "while read -r task; do\n"
               "    [ -f \"runs/$task/metrics.json\" ] && dirs+=(\"runs/$task\")\n"
               "done < tasks.txt\n"
               "[ ${#dirs[@]} -gt 0 ] || { echo \"no point of the sweep has finished yet\" >&2; "
               "exit 1; }\n"
               "exec \"$CLI\" compare \"${dirs[@]}\" --csv compare.csv\n";
    std::ostringstream parallel;
    parallel << "#!/usr/bin/env bash\n"
                "# Runs the sweep's points with GNU parallel, JOBS at a time, then compares them. "
                "Run it again\n"
                "# after an interruption: points whose run finished are skipped (the run folder "
                "holds a\n"
                "# complete run of the same config: run --skip-done); joblog.txt lists the jobs.\n"
                "# Settings: JOBS (points at once), THREADS (torch threads per point), AWB_CLI.\n"
                "set -euo pipefail\n"
             << preamble << "JOBS=${JOBS:-" << std::max(1, scripts.jobs) << "}\n";
    if (scripts.divideCores) {
        parallel << "cores=$(nproc)\n"
                    "THREADS=${THREADS:-$(( cores / JOBS > 0 ? cores / JOBS : 1 ))}  # the cores "
                    "shared out\n"
                    "threads=(--threads \"$THREADS\")\n";
    } else {
        parallel << "threads=()  # the config sets its own\n"
                    "[ -n \"${THREADS:-}\" ] && threads=(--threads \"$THREADS\")\n";
    }
    parallel
        << "command -v parallel >/dev/null || { echo \"GNU parallel is not installed (Debian: "
           "apt install "
           "parallel); or run: $CLI sweep ... --jobs N\" >&2; exit 2; }\n"
           "mkdir -p runs logs\n"
           "rc=0\n"
           "# GNU parallel runs each job through a shell: the program's path goes in quoted.\n"
           "cli_quoted=$(printf %q \"$CLI\")\n"
           "parallel --will-cite --joblog joblog.txt -j \"$JOBS\" \\\n"
           "    \"$cli_quoted\" run --config configs/{}.json --out runs/{} --quiet --skip-done "
           "${threads[@]+\"${threads[@]}\"} \\\n"
           "    '>' logs/{}.log '2>&1' :::: tasks.txt || rc=$?\n"
           "[ $rc -eq 0 ] || echo \"some points failed or were stopped (exit $rc): see "
           "joblog.txt and logs/\" >&2\n"
           "bash ./compare.sh || true\n"
           "exit $rc\n";
    std::ostringstream slurm;
    slurm
        << "#!/usr/bin/env bash\n"
           "#SBATCH --job-name=awb-sweep\n"
        << "#SBATCH --array=0-" << lastTask << "%" << std::max(1, scripts.jobs) << "\n"
        << "#SBATCH --output=logs/slurm-%A_%a.out\n"
           "# One point of the sweep per array task: line SLURM_ARRAY_TASK_ID + 1 of tasks.txt.\n"
           "# Submit with submit-slurm.sh (the array, then compare.sh after it), or by hand from "
           "the\n"
           "# sweep folder (logs/ is relative to it; Slurm's default MaxArraySize is 1001 tasks):\n"
        << "#   sbatch --array=0-" << lastTask << "%K slurm-array.sh\n"
        << "# A finished point is skipped when its task runs again. Threads: the CPUs Slurm "
           "gives the task.\n"
           "set -euo pipefail\n"
        << preamble
        << ": \"${SLURM_ARRAY_TASK_ID:?run by sbatch --array (submit-slurm.sh), or set it to the "
           "index of a task}\"\n"
           "task=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" tasks.txt)\n"
           "[ -n \"$task\" ] || { echo \"tasks.txt has no task $SLURM_ARRAY_TASK_ID\" >&2; exit "
           "2; }\n"
           "exec \"$CLI\" run --config \"configs/$task.json\" --out \"runs/$task\" --quiet "
           "--skip-done\n";
    std::ostringstream submit;
    submit << "#!/usr/bin/env bash\n"
              "# Submits the sweep as a Slurm job array (MAX_AT_ONCE points at a time), then "
              "compare.sh\n"
              "# once every task has ended.\n"
              "set -euo pipefail\n"
           << preamble << "array=$(sbatch --parsable --array=0-" << lastTask << "%${MAX_AT_ONCE:-"
           << std::max(1, scripts.jobs) << "} slurm-array.sh)\n"
           << "after=$(sbatch --parsable --dependency=afterany:${array%%;*} "
              "--job-name=awb-sweep-compare \\\n"
              "    --output=logs/compare-%j.out compare.sh)\n"
              "echo \"submitted: array job $array ("
           << n << " points), then the comparison, job $after\"\n";
    for (const auto& [name, text] :
         std::vector<std::pair<const char*, std::string>>{{"compare.sh", compare.str()},
                                                          {sweep_files::kParallel, parallel.str()},
                                                          {sweep_files::kSlurm, slurm.str()},
                                                          {sweep_files::kSubmit, submit.str()}}) {
        if (auto st = writeScript(dir / name, text); !st) return st;
    }
    // The plan last: its presence marks a sweep folder.
    return writeFileAtomic((dir / sweep_files::kPlan).string(), plan.dump(2) + "\n");
}

bool pointDone(const std::string& runDir, const SweepPoint& point) {
    std::error_code ec;
    if (!fs::exists(fs::path(runDir) / run_files::kMetrics, ec)) return false;
    auto rec = readRunDirectory(runDir);
    if (!rec || rec->training.outcome == TrainingOutcome::Cancelled) return false;
    // The thread count is how a point ran, not what it is (a sweep gives each point its share).
    ExperimentConfig done = rec->config, planned = point.config;
    done.threads = planned.threads = 0;
    return toJson(done) == toJson(planned);
}

}  // namespace awb::core

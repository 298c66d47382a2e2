// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/presets.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/experiment/preset_files.h"

namespace awb::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kDatasetsPrefix = "${datasets}/";

/// The preset's experiment: its base's ("extends", at most 8 deep) with its own on top; data
/// paths under "${datasets}/" resolved.
Expected<ExperimentConfig> fromFile(const std::string& name, const PresetFile& file,
                                    const std::map<std::string, PresetFile>& files, int depth) {
    auto parsed = parsePresetFile(file);
    if (!parsed) return parsed.error();
    ExperimentConfig c;
    if (!parsed->extends.empty()) {
        const auto base = files.find(parsed->extends);
        if (base == files.end() || depth >= 8) {
            return Error{ErrorCode::Format,
                         file.source + ": \"extends\": '" + parsed->extends + "' " +
                             (depth >= 8 ? "extends too deeply (a loop?)" : "is not a preset")};
        }
        auto b = fromFile(parsed->extends, base->second, files, depth + 1);
        if (!b) return b.error();
        c = std::move(*b);
    }
    c.name = name;
    if (auto st = applyJson(c, parsed->experiment.dump(), file.source); !st) return st.error();
    // Data files of presets live in the shared datasets folder.
    for (std::string* path :
         {&c.data.path, &c.data.labelsPath, &c.data.testPath, &c.data.testLabelsPath}) {
        if (path->rfind(kDatasetsPrefix, 0) == 0) {
            *path = sharedDatasetPath(path->substr(std::string(kDatasetsPrefix).size()));
        }
    }
    return c;
}

/// Empty when every data file the experiment names exists; else the first missing one, with
/// where such files come from.
std::string missingDataFile(const ExperimentConfig& c) {
    for (const std::string* path :
         {&c.data.path, &c.data.labelsPath, &c.data.testPath, &c.data.testLabelsPath}) {
        std::error_code ec;
        if (path->empty() || fs::exists(*path, ec)) continue;
        std::string where = "the shared datasets folder (AWB_DATASETS_DIR)";
        if (path->find("fashion-mnist") != std::string::npos)
            where = "Debian's dataset-fashion-mnist package (scripts/setup.sh installs it)";
        return "needs " + *path + ", which is not there: it comes from " + where;
    }
    return {};
}

}  // namespace

std::string sharedDatasetPath(const std::string& relative) {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("AWB_DATASETS_DIR"); env && *env) candidates.emplace_back(env);
    // Beside a source tree the program was built in: shared/datasets next to an ancestor of its
    // folder.
    for (fs::path dir = programDirectory(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
        candidates.push_back(dir.parent_path() / "shared" / "datasets");
    }
    candidates.push_back(fs::absolute(fs::path("..") / "shared" / "datasets"));
    for (const auto& dir : candidates) {
        std::error_code ec;
        const fs::path p = dir / relative;
        if (fs::exists(p, ec)) return fs::weakly_canonical(p, ec).string();
    }
    return (candidates.back() / relative).lexically_normal().string();
}

std::vector<PresetInfo> presets() {
    const auto files = presetFiles();
    std::vector<PresetInfo> out;
    for (const auto& listed : listedPresets(files)) {
        const std::string& name = listed.file.name;
        const auto& p = listed.parsed;
        PresetInfo info;
        info.name = name;
        if (!p) {
            info.description = info.missing = p.error().message;
            out.push_back(std::move(info));
            continue;
        }
        info.description = p->description;
        info.title = p->title.empty() ? name : p->title;
        info.teaches = p->teaches;
        if (auto c = fromFile(name, listed.file, files, 0)) {
            info.needsUserData = c->data.path.empty() && c->data.builtin.empty();
            if (info.needsUserData) {
                info.missing = "a template for your own data: open a file after choosing it";
            } else {
                info.missing = missingDataFile(*c);
            }
        } else {
            info.missing = c.error().message;
        }
        out.push_back(std::move(info));
    }
    return out;
}

Expected<ExperimentConfig> preset(const std::string& name) {
    const auto files = presetFiles();
    const auto it = files.find(name);
    if (it == files.end()) {
        std::vector<std::string> names;
        for (const auto& p : presets()) names.push_back(p.name);
        return Error{ErrorCode::InvalidArgument,
                     "preset '" + name + "' does not exist (presets: " + joinComma(names) + ")"};
    }
    return fromFile(name, it->second, files, 0);
}

Expected<ExperimentConfig> builtInPreset(const std::string& name) {
    const auto builtIn = builtInPresetFiles();
    if (const auto it = builtIn.find(name); it != builtIn.end())
        return fromFile(name, it->second, builtIn, 0);
    return Error{ErrorCode::InvalidArgument, "no built-in preset '" + name + "'"};
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/presets.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/common/text.h"
#include "core/data/file_reader.h"

namespace awb::core {

std::vector<std::pair<std::string, std::string>> embeddedPresetFiles();  // generated at build time

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kDatasetsPrefix = "${datasets}/";

/// The folder of the running program, from /proc (empty when unknown).
fs::path programDirectory() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    return fs::path(std::string(buf, size_t(n))).parent_path();
}

/// Folders holding preset files, in order of precedence: $AWB_PRESETS_DIR, then the installed
/// share/anomaly-workbench/presets beside the program's bin/.
std::vector<fs::path> presetDirectories() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("AWB_PRESETS_DIR"); env && *env) dirs.emplace_back(env);
    if (const auto bin = programDirectory(); !bin.empty()) {
        dirs.push_back(bin.parent_path() / "share" / "anomaly-workbench" / "presets");
    }
    return dirs;
}

struct PresetFile {
    std::string name;
    std::string source;  ///< the file, or "built-in NAME.json"
    std::string text;
};

/// Every preset file by name: built-in ones, replaced or joined by those in presetDirectories()
/// (the first folder holding a name wins).
std::map<std::string, PresetFile> presetFiles() {
    std::map<std::string, PresetFile> files;
    for (auto& [name, text] : embeddedPresetFiles())
        files[name] = {name, "built-in " + name + ".json", text};
    std::map<std::string, PresetFile> found;
    for (const auto& dir : presetDirectories()) {
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            if (it->path().extension() != ".json") continue;
            const std::string name = it->path().stem().string();
            if (found.count(name)) continue;
            auto text = readFileContent(it->path().string(), size_t{1} << 20);
            if (text) found[name] = {name, it->path().string(), std::move(*text)};
        }
    }
    for (auto& [name, file] : found) files[name] = std::move(file);
    return files;
}

/// A preset file parsed: description, order and experiment; errors name the file.
struct ParsedPreset {
    std::string description;
    std::string title;
    std::string teaches;
    std::string extends;
    int order = 1000;
    json experiment;
};

Expected<ParsedPreset> parse(const PresetFile& f) {
    try {
        const json j = json::parse(f.text);
        ParsedPreset p;
        p.description = j.value("description", std::string());
        p.title = j.value("title", std::string());
        p.teaches = j.value("teaches", std::string());
        p.extends = j.value("extends", std::string());
        p.order = j.value("order", 1000);
        if (!j.contains("experiment") || !j["experiment"].is_object()) {
            return Error{ErrorCode::Format, f.source + ": a preset needs an \"experiment\" object"};
        }
        p.experiment = j["experiment"];
        return p;
    } catch (const std::exception& e) {
        return Error{ErrorCode::Format,
                     f.source + ": not a preset file (" + clipForMessage(e.what(), 160) + ")"};
    }
}

/// The preset's experiment: its base's ("extends", at most 8 deep) with its own on top; data
/// paths under "${datasets}/" resolved.
Expected<ExperimentConfig> fromFile(const std::string& name, const PresetFile& file,
                                    const std::map<std::string, PresetFile>& files, int depth) {
    auto parsed = parse(file);
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
    std::vector<std::pair<int, PresetInfo>> ordered;
    const auto files = presetFiles();
    for (const auto& [name, file] : files) {
        auto p = parse(file);
        PresetInfo info;
        info.name = name;
        if (!p) {
            info.description = info.missing = p.error().message;
            ordered.push_back({1000, std::move(info)});
            continue;
        }
        info.description = p->description;
        info.title = p->title.empty() ? name : p->title;
        info.teaches = p->teaches;
        if (auto c = fromFile(name, file, files, 0)) {
            info.needsUserData = c->data.path.empty() && c->data.builtin.empty();
            if (info.needsUserData) {
                info.missing = "a template for your own data: open a file after choosing it";
            } else {
                info.missing = missingDataFile(*c);
            }
        } else {
            info.missing = c.error().message;
        }
        ordered.push_back({p->order, std::move(info)});
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<PresetInfo> out;
    for (auto& [order, info] : ordered) out.push_back(std::move(info));
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
    std::map<std::string, PresetFile> builtIn;
    for (auto& [fileName, text] : embeddedPresetFiles())
        builtIn[fileName] = {fileName, "built-in " + fileName + ".json", text};
    if (const auto it = builtIn.find(name); it != builtIn.end())
        return fromFile(name, it->second, builtIn, 0);
    return Error{ErrorCode::InvalidArgument, "no built-in preset '" + name + "'"};
}

}  // namespace awb::core

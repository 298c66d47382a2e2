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
    int order = 1000;
    json experiment;
};

Expected<ParsedPreset> parse(const PresetFile& f) {
    try {
        const json j = json::parse(f.text);
        ParsedPreset p;
        p.description = j.value("description", std::string());
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
    for (const auto& [name, file] : presetFiles()) {
        auto p = parse(file);
        ordered.push_back({p ? p->order : 1000, {name, p ? p->description : p.error().message}});
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<PresetInfo> out;
    for (auto& [order, info] : ordered) out.push_back(std::move(info));
    return out;
}

namespace {

Expected<ExperimentConfig> fromFile(const std::string& name, const PresetFile& file) {
    auto parsed = parse(file);
    if (!parsed) return parsed.error();
    ExperimentConfig c;
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

}  // namespace

Expected<ExperimentConfig> preset(const std::string& name) {
    const auto files = presetFiles();
    const auto it = files.find(name);
    if (it == files.end()) {
        std::vector<std::string> names;
        for (const auto& p : presets()) names.push_back(p.name);
        return Error{ErrorCode::InvalidArgument,
                     "preset '" + name + "' does not exist (presets: " + joinComma(names) + ")"};
    }
    return fromFile(name, it->second);
}

Expected<ExperimentConfig> builtInPreset(const std::string& name) {
    for (auto& [fileName, text] : embeddedPresetFiles()) {
        if (fileName == name) return fromFile(name, {name, "built-in " + name + ".json", text});
    }
    return Error{ErrorCode::InvalidArgument, "no built-in preset '" + name + "'"};
}

}  // namespace awb::core

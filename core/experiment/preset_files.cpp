// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/preset_files.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "core/common/text.h"
#include "core/data/file_reader.h"

namespace awb::core {

std::vector<std::pair<std::string, std::string>> embeddedPresetFiles();  // generated at build time

namespace fs = std::filesystem;
using json = nlohmann::json;

fs::path programDirectory() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    return fs::path(std::string(buf, size_t(n))).parent_path();
}

namespace {

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

}  // namespace

std::map<std::string, PresetFile> builtInPresetFiles() {
    std::map<std::string, PresetFile> files;
    for (auto& [name, text] : embeddedPresetFiles())
        files[name] = {name, "built-in " + name + ".json", std::move(text)};
    return files;
}

std::map<std::string, PresetFile> presetFiles() {
    std::map<std::string, PresetFile> files = builtInPresetFiles();
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

Expected<ParsedPreset> parsePresetFile(const PresetFile& f) {
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

std::vector<ListedPreset> listedPresets(const std::map<std::string, PresetFile>& files) {
    std::vector<ListedPreset> out;
    for (const auto& [name, file] : files) out.push_back({file, parsePresetFile(file)});
    std::stable_sort(out.begin(), out.end(), [](const ListedPreset& a, const ListedPreset& b) {
        return (a.parsed ? a.parsed->order : 1000) < (b.parsed ? b.parsed->order : 1000);
    });
    return out;
}

std::string presetListText() {
    std::string out;
    for (const auto& p : listedPresets(presetFiles())) {
        const std::string& description =
            p.parsed ? p.parsed->description : p.parsed.error().message;
        std::string name = p.file.name;
        if (name.size() < 22) name.resize(22, ' ');  // a column, as printf("%-22s") pads it
        out += name + " " + description + "\n";
    }
    return out;
}

}  // namespace awb::core

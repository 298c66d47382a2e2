// SPDX-License-Identifier: GPL-3.0-or-later
// The preset files and their list, without torch: the CLI's launcher lists the presets with
// these alone (core/experiment/presets.h builds their experiments).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/common/expected.h"

namespace awb::core {

/// The folder of the running program, from /proc (empty when unknown).
std::filesystem::path programDirectory();

/// One preset file: its name, where it came from ("built-in NAME.json" or the file) and its text.
struct PresetFile {
    std::string name;
    std::string source;
    std::string text;
};

/// Every preset file by name: the built-in ones, replaced or joined by those of $AWB_PRESETS_DIR
/// and of share/anomaly-workbench/presets beside the program's bin/ (the first folder holding a
/// name wins).
std::map<std::string, PresetFile> presetFiles();
/// The preset files built into the program alone.
std::map<std::string, PresetFile> builtInPresetFiles();

/// A preset file's fields: {"description", "title", "teaches", "order", "extends",
/// "experiment": {experiment JSON}}.
struct ParsedPreset {
    std::string description;
    std::string title;
    std::string teaches;
    std::string extends;
    int order = 1000;
    nlohmann::json experiment;
};
/// Errors name the file.
Expected<ParsedPreset> parsePresetFile(const PresetFile& file);

/// A preset file in the list's order, parsed (a file that does not parse sorts last).
struct ListedPreset {
    PresetFile file;
    Expected<ParsedPreset> parsed;
};
std::vector<ListedPreset> listedPresets(const std::map<std::string, PresetFile>& files);

/// The CLI's `presets`: a line per preset, its name and one-line description (a file that does
/// not parse: its error).
std::string presetListText();

}  // namespace awb::core

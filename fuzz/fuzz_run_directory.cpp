// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the run-directory reader. The input is split at "\n@@\n" into config.json,
// metrics.json, history.csv and scores.csv of a run folder (model.pt is an empty file).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/experiment/run_directory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("awb-fuzz-run-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string text(reinterpret_cast<const char*>(data), size);
    const char* names[] = {"config.json", "metrics.json", "history.csv", "scores.csv"};
    size_t start = 0;
    for (const char* name : names) {
        size_t end = text.find("\n@@\n", start);
        const std::string part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << part;
        start = end == std::string::npos ? text.size() : end + 4;
    }
    std::ofstream(dir / "model.pt", std::ios::trunc);
    (void)awb::core::readRunDirectory(dir.string());
    return 0;
}

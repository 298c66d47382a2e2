// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (not a test): reading a data file into a Dataset (floats in memory, as training uses
// them) through core's readers. Prints the seconds taken (in-process, the library load left
// out), the resident memory before reading and the process's peak afterwards, in MiB.
// bench/loading.sh runs it beside bench/peer_load.py (numpy) and prints ratios.
// Usage: bench_load_data idx IMAGES LABELS | csv FILE LABEL_COLUMN
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/bench_support.h"
#include "core/data/csv_reader.h"
#include "core/data/idx_reader.h"

using awb::bench::statusMiB;

int main(int argc, char** argv) {
    using namespace awb::core;
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s idx IMAGES LABELS | csv FILE LABEL_COLUMN\n", argv[0]);
        return 2;
    }
    const std::string kind = argv[1];
    const double before = statusMiB("VmRSS");
    const auto start = std::chrono::steady_clock::now();
    Expected<Dataset> data = Error{ErrorCode::InvalidArgument, "unknown kind " + kind};
    if (kind == "idx") {
        data = readIdx(argv[2], argv[3]);
    } else if (kind == "csv") {
        CsvOptions options;
        options.labelColumn = argv[3];
        data = readCsv(argv[2], options);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!data) {
        std::fprintf(stderr, "%s\n", data.error().message.c_str());
        return 1;
    }
    // seconds, samples, values per sample, resident MiB before, peak MiB
    std::printf("%.4f %zu %zu %.1f %.1f\n", seconds, data->size(), data->sampleSize(), before, statusMiB("VmHWM"));
    return 0;
}

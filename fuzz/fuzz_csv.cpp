// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the CSV reader. The first byte picks the options, the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/data/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    awb::core::CsvOptions o;
    const uint8_t pick = data[0];
    static const char* labels[] = {"", "first", "last", "label", "1"};
    o.labelColumn = labels[pick % 5];
    o.kind = (pick & 8) ? awb::core::DataKind::TimeSeries : awb::core::DataKind::Tabular;
    o.timestampColumn = (pick & 16) ? "none" : "auto";
    o.header = (pick & 32) ? awb::core::HeaderMode::Present : awb::core::HeaderMode::Auto;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    auto d = awb::core::parseCsv(text, "fuzz.csv", o);
    if (d) {
        // A dataset read must be consistent.
        if (d->values.size() != d->size() * d->sampleSize()) __builtin_trap();
        if (d->hasLabels() && d->labels.size() != d->size()) __builtin_trap();
        for (int l : d->labels) if (l < 0 || static_cast<size_t>(l) >= d->classNames.size()) __builtin_trap();
    }
    return 0;
}

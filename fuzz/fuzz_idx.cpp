// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the IDX images reader (the labels file is not fuzzed here).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/data/idx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    if (!awb::core::looksLikeIdx(bytes)) return 0;
    auto d = awb::core::parseIdx(bytes, "fuzz-images-idx3-ubyte", "");
    if (d && d->values.size() != d->size() * d->sampleSize()) __builtin_trap();
    return 0;
}

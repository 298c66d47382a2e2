// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the gzip layer under every reader (a trailer that lies, truncated and
// concatenated members), with a 16 MiB content limit that must hold.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/data/file_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string packed(reinterpret_cast<const char*>(data), size);
    constexpr size_t kLimit = size_t{16} << 20;
    auto content = awb::core::inflateGzip("fuzz.gz", packed, kLimit);
    if (content && content->size() > kLimit) __builtin_trap();
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: one image file's bytes through the image-folder reader's decoder (stb behind
// our header checks), at its own size and resized, in grey and colour.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/data/image_folder_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    for (int channels : {1, 3}) {
        for (int side : {0, 8}) {
            // A 4 MiB decode budget (the program's is 768 MiB, tested by the unit tests): the
            // fuzzer would otherwise spend its time and its 2 GB in legitimately huge images.
            auto image = awb::core::decodeImage(bytes, "fuzz.img", channels, side, side, int64_t(4) << 20);
            if (image && image->planar.size() != size_t(image->width) * image->height * channels) __builtin_trap();
            if (image && side > 0 && (image->width != side || image->height != side)) __builtin_trap();
        }
    }
    return 0;
}

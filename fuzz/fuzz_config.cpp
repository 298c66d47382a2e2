// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the experiment JSON parser and validation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/experiment/experiment_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    awb::core::ExperimentConfig c;
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (awb::core::applyJson(c, text, "fuzz.json").ok()) {
        (void)awb::core::validate(c);
        // What is written back must read back.
        awb::core::ExperimentConfig again;
        if (!awb::core::applyJson(again, awb::core::toJson(c), "again.json").ok()) __builtin_trap();
    }
    return 0;
}

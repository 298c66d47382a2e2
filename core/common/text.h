// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstdlib>
#include <string>

namespace awb::core {

/// Parses the whole of `text` as a finite number; false for empty text, trailing characters,
/// NaN or infinity.
inline bool parseFiniteDouble(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(out);
}

/// The items separated by ", " (for messages that list what is allowed or present).
template <typename Strings>
std::string joinComma(const Strings& items) {
    std::string out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += ", ";
        out += item;
        first = false;
    }
    return out;
}

}  // namespace awb::core

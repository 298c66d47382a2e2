// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

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

/// `text` as valid UTF-8: unchanged when it already is; otherwise each byte that does not start a
/// valid UTF-8 sequence is read as Latin-1 (ISO 8859-1, what a Windows or older Unix tool writes
/// "données" in) and converted. Names from files (headers, labels) pass through this once when
/// they are read, so they show and save as they were meant; nothing is dropped.
std::string toValidUtf8(std::string_view text);

/// True when `text` is valid UTF-8.
bool isValidUtf8(std::string_view text);

/// A name from data (a class label, a header) made safe as one file or folder name: '/', '\\',
/// control characters and NUL become '_', a name that is empty, "." or ".." or starts with '.'
/// gets a leading '_', and it is cut to at most 120 bytes (at a character boundary). Never a path.
std::string safePathComponent(std::string_view name);

/// Text from data cut for a one-line message: at most `maxChars` bytes (at a character boundary)
/// and then "… (N bytes)", so an error about one field never prints a whole line of numbers.
std::string clipForMessage(std::string_view text, size_t maxChars = 60);

/// `text` as one CSV field: in double quotes, with quotes doubled, when it holds a comma, a quote
/// or a line end (RFC 4180); as it is otherwise.
std::string csvField(std::string_view text);

}  // namespace awb::core

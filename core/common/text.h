// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace awb::core {

/// Parses the whole of `text` as a finite number; false for empty text, trailing characters,
/// NaN or infinity. Independent of the C locale (a window's setlocale could make strtod read
/// "0.5" as 0 under a decimal-comma locale); a leading '+' is accepted.
bool parseFiniteDouble(std::string_view text, double& out);

/// `v` as text independent of the C locale: the shortest text that reads back as the same double
/// (precision 0), or with `precision` significant digits as printf's %g; "nan"/"inf"/"-inf".
std::string formatNumber(double v, int precision = 0);

/// `v` with `decimals` digits after the point, as printf's %.Nf, independent of the C locale.
std::string formatFixed(double v, int decimals);

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

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/common/text.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace awb::core {

bool parseFiniteDouble(std::string_view text, double& out) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && text.front() == '-') return false;  // "+-1"
    }
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out);
}

std::string formatNumber(double v, int precision) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    const auto [ptr, ec] = precision > 0 ? std::to_chars(buf, buf + sizeof buf, v,
                                                         std::chars_format::general, precision)
                                         : std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, ptr) : std::string("nan");
}

std::string formatFixed(double v, int decimals) {
    if (!std::isfinite(v)) return formatNumber(v);
    char buf[400];  // 1e308 in fixed notation
    const auto [ptr, ec] =
        std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return ec == std::errc() ? std::string(buf, ptr) : formatNumber(v);
}

namespace {

/// Length of the valid UTF-8 sequence starting at text[i], or 0 when none starts there.
size_t utf8Length(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
    else return 0;
    if (i + n > text.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t n = utf8Length(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string toValidUtf8(std::string_view text) {
    if (isValidUtf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (size_t i = 0; i < text.size();) {
        const size_t n = utf8Length(text, i);
        if (n > 0) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i++]);  // Latin-1: the byte is the code point
        out += static_cast<char>(0xC0 | c >> 6);
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

namespace {

/// The longest prefix of valid UTF-8 `text` of at most `max` bytes that ends on a character.
std::string_view prefixAtCharacter(std::string_view text, size_t max) {
    if (text.size() <= max) return text;
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

std::string safePathComponent(std::string_view name) {
    std::string out = toValidUtf8(name);
    for (char& ch : out) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F || ch == '/' || ch == '\\') ch = '_';
    }
    if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');  // also "." and ".."
    return std::string(prefixAtCharacter(out, 120));
}

std::string clipForMessage(std::string_view text, size_t maxChars) {
    const std::string valid = toValidUtf8(text);
    if (valid.size() <= maxChars) return valid;
    return std::string(prefixAtCharacter(valid, maxChars)) + "\u2026 (" + std::to_string(text.size()) + " bytes)";
}

std::string csvField(std::string_view text) {
    // Blanks at either end are quoted too: the reader trims unquoted fields.
    const bool blankEnds = !text.empty() && (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' ||
                                              text.back() == '\t');
    if (!blankEnds && text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

}  // namespace awb::core

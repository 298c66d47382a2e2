// SPDX-License-Identifier: GPL-3.0-or-later
// The settings table seen from outside a config file: which setting a message names (the window
// outlines its field) and a command-line flag's text as a patch to the same JSON.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/experiment/config_sections.h"

namespace awb::core {

using namespace config_detail;

const ConfigField* fieldOfMessage(const std::string& message) {
    const ConfigField* best = nullptr;
    size_t bestAt = std::string::npos;
    for (const auto& f : configFields()) {
        const std::string path = f.path();
        for (size_t at = message.find(path); at != std::string::npos;
             at = message.find(path, at + 1)) {
            const bool starts = at == 0 || message[at - 1] == ' ';
            const char next = at + path.size() < message.size() ? message[at + path.size()] : ':';
            if (!starts || (next != ':' && next != '[' && next != '/')) continue;
            if (at < bestAt || (at == bestAt && path.size() > best->path().size()))
                best = &f, bestAt = at;
            break;
        }
    }
    return best;
}

Expected<std::string> flagPatch(const ConfigField& field, const std::vector<std::string>& values) {
    const std::string flag = "--" + field.flag;
    auto number = [&](const std::string& t, bool integer) -> Expected<json> {
        const char* begin = t.c_str();
        char* end = nullptr;
        errno = 0;
        if (integer) {
            const bool negative = !t.empty() && t[0] == '-';
            if (negative) {
                const long long v = std::strtoll(begin, &end, 10);
                if (!t.empty() && *end == '\0' && errno == 0) return json(v);
            } else {
                const unsigned long long v = std::strtoull(begin, &end, 10);
                if (!t.empty() && *end == '\0' && errno == 0) return json(v);
            }
            return Error{ErrorCode::InvalidArgument,
                         flag + ": '" + clipForMessage(t) + "' is not a whole number"};
        }
        double v = 0;
        if (parseFiniteDouble(t, v)) return json(v);
        return Error{ErrorCode::InvalidArgument,
                     flag + ": '" + clipForMessage(t) + "' is not a number"};
    };
    auto list = [&](bool integer) -> Expected<json> {
        json out = json::array();
        const std::string& t = values.back();
        if (t == "auto") return out;  // an empty list: the family's automatic widths
        size_t start = 0;
        while (true) {
            const size_t comma = t.find(',', start);
            std::string item =
                t.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            while (!item.empty() && item.front() == ' ') item.erase(item.begin());
            while (!item.empty() && item.back() == ' ') item.pop_back();
            auto v = number(item, integer);
            if (!v)
                return Error{ErrorCode::InvalidArgument,
                             v.error().message + " (expected a list such as 32,16)"};
            out.push_back(*v);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return out;
    };
    if (values.empty()) return Error{ErrorCode::InvalidArgument, flag + ": no value"};
    Expected<json> v = json();
    switch (field.type) {
        case FieldType::Text:
            v = json(values.back());
            break;
        case FieldType::Number:
            v = number(values.back(), false);
            break;
        case FieldType::Integer:
            v = number(values.back(), true);
            break;
        case FieldType::Bool:
            v = json(values.back() == "true" || values.back() == "yes" || values.back() == "1");
            break;
        case FieldType::IntegerList:
            v = list(true);
            break;
        case FieldType::NumberList:
            v = list(false);
            break;
        case FieldType::TextList:
            v = json(values);
            break;
    }
    if (!v) return v.error();
    json patch;
    if (field.section.empty())
        patch[field.key] = *v;
    else
        patch[field.section][field.key] = *v;
    return patch.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace awb::core

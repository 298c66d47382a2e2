// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/experiment: the settings table's JSON side, shared by experiment_config.cpp
// (validation, writing, applying) and config_fields.cpp (the table, flags).
#pragma once

#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/common/text.h"
#include "core/experiment/experiment_config.h"

namespace awb::core::config_detail {

using nlohmann::json;

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline const char* typeName(const json& j) {
    if (j.is_number_integer() || j.is_number_unsigned()) return "an integer";
    if (j.is_number_float()) return "a number";
    return j.type_name();
}

/// Walks one JSON object, checking types and rejecting keys it was not asked for.
class Section {
public:
    Section(const json& j, std::string path) : j_(j), path_(std::move(path)) {
        if (!j_.is_object()) throw ConfigError(where() + "expected an object, got " + typeName(j_));
    }
    ~Section() noexcept(false) {
        if (std::uncaught_exceptions() > 0) return;
        for (const auto& [key, unused] : j_.items()) {
            if (!known_.count(key)) {
                throw ConfigError(field(key) + ": unknown key (allowed here: " + allowed() + ")");
            }
        }
    }

    const json* find(const std::string& key) {
        known_.insert(key);
        const auto it = j_.find(key);
        return it == j_.end() ? nullptr : &*it;
    }
    std::string field(const std::string& key) const {
        return path_.empty() ? key : path_ + "." + key;
    }
    const json& object() const { return j_; }

    void read(const std::string& key, std::string& out) {
        if (const json* v = find(key)) {
            if (!v->is_string())
                throw ConfigError(field(key) + ": expected a string, got " + typeName(*v));
            out = v->get<std::string>();
        }
    }
    void read(const std::string& key, double& out) {
        if (const json* v = find(key)) {
            if (!v->is_number())
                throw ConfigError(field(key) + ": expected a number, got " + typeName(*v));
            out = v->get<double>();
        }
    }
    void read(const std::string& key, bool& out) {
        if (const json* v = find(key)) {
            if (!v->is_boolean())
                throw ConfigError(field(key) + ": expected true or false, got " + typeName(*v));
            out = v->get<bool>();
        }
    }
    template <typename Int>
    void readInt(const std::string& key, Int& out) {
        if (const json* v = find(key)) {
            if (!(v->is_number_integer() || v->is_number_unsigned())) {
                throw ConfigError(field(key) + ": expected an integer, got " + typeName(*v));
            }
            // Checked against the field's type: a cast would wrap 4294967298 epochs round to 2.
            bool fits = false;
            if (v->is_number_unsigned()) {
                fits = v->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<Int>::max());
            } else if constexpr (std::is_signed_v<Int>) {
                fits = v->get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<Int>::min()) &&
                       v->get<int64_t>() <= static_cast<int64_t>(std::numeric_limits<Int>::max());
            } else {
                fits = v->get<int64_t>() >= 0;
            }
            if (!fits) {
                throw ConfigError(field(key) + ": " + v->dump() + " is out of range (at most " +
                                  std::to_string(std::numeric_limits<Int>::max()) + ")");
            }
            if (v->is_number_unsigned())
                out = static_cast<Int>(v->get<uint64_t>());
            else
                out = static_cast<Int>(v->get<int64_t>());
        }
    }
    void read(const std::string& key, std::vector<std::string>& out) {
        if (const json* v = find(key)) {
            if (v->is_string() || v->is_number()) {  // a single label is accepted as it is
                out = {v->is_string() ? v->get<std::string>() : v->dump()};
                return;
            }
            if (!v->is_array())
                throw ConfigError(field(key) + ": expected a list, got " + typeName(*v));
            out.clear();
            for (const auto& e : *v) {
                if (!e.is_string() && !e.is_number()) {
                    throw ConfigError(field(key) + ": expected strings, got " + typeName(e));
                }
                out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
            }
        }
    }
    void read(const std::string& key, std::vector<int64_t>& out) {
        if (const json* v = find(key)) {
            if (!v->is_array())
                throw ConfigError(field(key) + ": expected a list of integers, got " +
                                  typeName(*v));
            out.clear();
            for (const auto& e : *v) {
                if (!e.is_number_integer() && !e.is_number_unsigned()) {
                    throw ConfigError(field(key) + ": expected integers, got " + typeName(e));
                }
                if (e.is_number_unsigned() &&
                    e.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
                    throw ConfigError(field(key) + ": " + e.dump() + " is out of range");
                }
                out.push_back(e.get<int64_t>());
            }
        }
    }
    void read(const std::string& key, std::vector<double>& out) {
        if (const json* v = find(key)) {
            if (!v->is_array())
                throw ConfigError(field(key) + ": expected a list of numbers, got " + typeName(*v));
            out.clear();
            for (const auto& e : *v) {
                if (!e.is_number())
                    throw ConfigError(field(key) + ": expected numbers, got " + typeName(e));
                out.push_back(e.get<double>());
            }
        }
    }
    template <typename Enum, typename Parse>
    void readEnum(const std::string& key, Enum& out, Parse parse) {
        std::string text;
        read(key, text);
        if (find(key) == nullptr) return;
        auto parsed = parse(text);
        if (!parsed) throw ConfigError(field(key) + ": " + parsed.error().message);
        out = *parsed;
    }

private:
    std::string where() const { return path_.empty() ? "" : path_ + ": "; }
    std::string allowed() const { return joinComma(known_); }
    const json& j_;
    std::string path_;
    std::set<std::string> known_;
};

struct Binding {
    ConfigField field;
    std::function<void(Section&, ExperimentConfig&)> read;
    std::function<void(json&, const ExperimentConfig&)>
        write;  ///< into the section's object; may omit
};

/// Every setting bound to the config, in the table's order.
const std::vector<Binding>& bindings();

/// The sections below the top level, in config.json's order.
inline const char* const kSections[] = {"data", "preprocessing", "model", "training"};

/// Reads every section of `root` into `c`; throws ConfigError naming the field.
void applySections(ExperimentConfig& c, const json& root);

}  // namespace awb::core::config_detail

// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>
#include <stdexcept>

#include "core/models/family.h"

namespace awb::core {

// The built-in families, one per file beside this one.
Family denseAutoencoderFamily();
Family convAutoencoderFamily();
Family stackedConvAutoencoderFamily();
Family lstmAutoencoderFamily();
Family usadFamily();
Family anoGanFamily();
Family fAnoGanFamily();
Family madGanFamily();

namespace {

struct Registry {
    std::mutex mutex;
    std::deque<Family> families;  // a deque: pointers handed out stay valid as families are added
};

Registry& registry() {
    static Registry* r = [] {
        auto* fresh = new Registry;  // never destroyed: lookups may come from static destructors
        for (auto f :
             {denseAutoencoderFamily, convAutoencoderFamily, stackedConvAutoencoderFamily,
              lstmAutoencoderFamily, usadFamily, anoGanFamily, fAnoGanFamily, madGanFamily}) {
            fresh->families.push_back(f());
        }
        return fresh;
    }();
    return *r;
}

}  // namespace

const char* toString(InputKind input) {
    switch (input) {
        case InputKind::Images:
            return "images";
        case InputKind::Windows:
            return "windows";
        case InputKind::Rows:
            break;
    }
    return "rows";
}

bool Family::uses(Setting s) const {
    return std::find(settings.begin(), settings.end(), s) != settings.end();
}

std::vector<double> Family::weights(const ModelSpec& spec) const {
    if (spec.termWeights.size() == terms.size()) return spec.termWeights;
    std::vector<double> out;
    for (const auto& t : terms) out.push_back(t.defaultWeight);
    return out;
}

const Family* findFamily(const std::string& name) {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    for (const auto& f : r.families) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

const Family& familyOf(const ModelSpec& spec) {
    const Family* f = findFamily(spec.family);
    if (!f) throw std::invalid_argument("unknown model family " + spec.family);
    return *f;
}

std::vector<std::string> modelFamilies() {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    std::vector<std::string> out;
    for (const auto& f : r.families) out.push_back(f.name);
    return out;
}

Status registerFamily(Family family) {
    auto refuse = [&](const std::string& why) {
        return Error{ErrorCode::InvalidArgument, "model family '" + family.name + "': " + why};
    };
    if (family.name.empty()) return refuse("a family needs a name");
    if (!family.build || !family.parameterCount)
        return refuse("a family needs build and parameterCount functions");
    if (family.terms.empty()) return refuse("a family needs at least one score term");
    for (const auto& t : family.terms) {
        if (t.name.empty() || !(t.defaultWeight >= 0))
            return refuse("each score term needs a name and a weight >= 0");
    }
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    for (const auto& f : r.families) {
        if (f.name == family.name) return refuse("the name is taken");
    }
    r.families.push_back(std::move(family));
    return {};
}

int64_t saturatedCount(long double v) {
    return v >= static_cast<long double>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v);
}

}  // namespace awb::core

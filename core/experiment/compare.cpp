// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/compare.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>

#include "core/common/text.h"

namespace awb::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::vector<CompareMetric>& compareMetrics() {
    static const std::vector<CompareMetric> metrics{
        {"auroc", "AUROC", true},
        {"auprc", "AUPRC", true},
        {"test_mean_error", "test error", false},
        {"test_normal_mean_error", "test error (normal)", false},
        {"f1", "F1", true},
        {"precision", "precision", true},
        {"recall", "recall", true},
        {"accuracy", "accuracy", true},
        {"epochs", "epochs", true},
        {"seconds", "seconds", false},
    };
    return metrics;
}

MeanStd meanStd(const std::vector<double>& values) {
    MeanStd out;
    double sum = 0;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        sum += v;
        ++out.n;
    }
    if (out.n == 0) return {NAN, NAN, 0};
    out.mean = sum / double(out.n);
    if (out.n < 2) {
        out.std = NAN;
        return out;
    }
    double ss = 0;
    for (double v : values) {
        if (std::isfinite(v)) ss += (v - out.mean) * (v - out.mean);
    }
    out.std = std::sqrt(ss / double(out.n - 1));
    return out;
}

namespace {

bool isRunDirectory(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / run_files::kMetrics, ec) &&
           fs::is_regular_file(dir / run_files::kConfig, ec);
}

/// "seed-10" after "seed-9": digits compare as numbers.
bool naturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
            std::string na = a.substr(i, ie - i), nb = b.substr(j, je - j);
            na.erase(0, std::min(na.find_first_not_of('0'), na.size()));
            nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size()));
            if (na.size() != nb.size()) return na.size() < nb.size();
            if (na != nb) return na < nb;
            i = ie;
            j = je;
            continue;
        }
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

void searchRuns(const fs::path& dir, int depth, std::vector<std::string>& out) {
    if (isRunDirectory(dir)) {
        out.push_back(dir.string());
        return;
    }
    if (depth == 0) return;
    std::error_code ec;
    std::vector<fs::path> children;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;  // staging folders of saves under way
        std::error_code dec;
        if (it->is_directory(dec)) children.push_back(it->path());
    }
    std::sort(children.begin(), children.end(), [](const fs::path& a, const fs::path& b) {
        return naturalLess(a.filename().string(), b.filename().string());
    });
    for (const auto& child : children) searchRuns(child, depth - 1, out);
}

double numberAt(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : NAN;
}

/// The short name of a run: its folder relative to the folder it was found in; a run given by
/// name is its last path component.
std::string shortName(const fs::path& run, const fs::path& given) {
    if (run == given) {
        const fs::path clean = run.lexically_normal();
        const std::string leaf =
            (clean.has_filename() ? clean : clean.parent_path()).filename().string();
        return leaf.empty() ? run.string() : leaf;
    }
    return run.lexically_relative(given).string();
}

std::string settingValue(const std::string& jsonText) {
    // Text values without their quotes; numbers, lists and the rest as JSON.
    const json v = json::parse(jsonText, nullptr, false);
    if (v.is_string()) return v.get<std::string>();
    return jsonText;
}

std::string settingName(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

}  // namespace

std::string meanStdText(const MeanStd& m, int decimals) {
    if (m.n == 0) return "n/a";
    std::string s = formatFixed(m.mean, decimals);
    if (m.n > 1) s += " ± " + formatFixed(m.std, decimals);
    return s;
}

int metricDecimals(const std::string& key) {
    if (key == "seconds" || key == "epochs") return 1;
    if (key == "test_mean_error" || key == "test_normal_mean_error") return 6;
    return 4;
}

Expected<std::vector<std::string>> findRunDirectories(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) return Error{ErrorCode::Io, p + ": not a folder"};
        const size_t before = out.size();
        searchRuns(fs::path(p), 3, out);
        if (out.size() == before) {
            return Error{ErrorCode::Format,
                         p + ": no run directories in it (a run directory holds " +
                             run_files::kMetrics + " and " + run_files::kConfig + ")"};
        }
    }
    return out;
}

Expected<Comparison> compareRuns(const std::vector<std::string>& paths) {
    if (paths.empty())
        return Error{ErrorCode::InvalidArgument,
                     "no runs to compare: name run directories or folders of runs"};
    Comparison c;
    std::set<std::string> seen;
    for (const auto& given : paths) {
        auto found = findRunDirectories({given});
        if (!found) return found.error();
        for (const auto& dir : *found) {
            std::error_code ec;
            const std::string canonical = fs::weakly_canonical(dir, ec).string();
            if (!seen.insert(ec ? dir : canonical).second) continue;  // named twice
            auto rec = readRunDirectory(dir);
            if (!rec) {
                if (fs::path(dir) == fs::path(given)) return rec.error();
                c.skipped.push_back(rec.error().message);
                continue;
            }
            ComparedRun run;
            run.dir = dir;
            run.name = shortName(fs::path(dir), fs::path(given));
            run.seed = rec->config.training.seed;
            const json config = json::parse(toJson(rec->config));
            for (const auto& f : configFields()) {
                const json* v = &config;
                if (!f.section.empty()) {
                    const auto s = config.find(f.section);
                    if (s == config.end()) continue;
                    v = &*s;
                }
                const auto k = v->find(f.key);
                if (k != v->end()) run.settings[f.path()] = k->dump();
            }
            const json m = json::parse(rec->metricsJson, nullptr, false);
            if (m.is_object()) {
                for (const auto& metric : compareMetrics())
                    run.metrics[metric.key] = numberAt(m, metric.key.c_str());
                if (const auto t = m.find("training"); t != m.end() && t->is_object()) {
                    run.metrics["seconds"] = numberAt(*t, "seconds");
                    run.metrics["epochs"] = numberAt(*t, "epochs_completed");
                }
                if (const auto e = m.find("environment"); e != m.end() && e->is_object()) {
                    for (const auto& [key, value] : e->items())
                        run.environment[key] =
                            value.is_string() ? value.get<std::string>() : value.dump();
                }
            }
            if (!std::isfinite(run.metrics["epochs"]))
                run.metrics["epochs"] = double(rec->history.size());
            rec->trainingState.clear();  // up to twice the model's size, never needed here
            run.record = std::move(*rec);
            c.runs.push_back(std::move(run));
        }
    }
    if (c.runs.empty()) {
        std::string why = "no readable runs to compare";
        if (!c.skipped.empty()) why += ": " + c.skipped.front();
        return Error{ErrorCode::Format, why};
    }

    // The settings that differ, in the table's order; seed and name make groups, not columns.
    for (const auto& f : configFields()) {
        const std::string path = f.path();
        // The seed makes groups; the name labels; the thread count is how a run ran (a sweep gives
        // each point its share of the cores), said with the environment's differences.
        if (path == "training.seed" || path == "name" || path == "threads") continue;
        std::set<std::string> values;
        for (const auto& r : c.runs) {
            const auto it = r.settings.find(path);
            values.insert(it == r.settings.end() ? "" : it->second);
        }
        if (values.size() > 1) c.differing.push_back(path);
    }
    std::set<std::string> envKeys;
    for (const auto& r : c.runs)
        for (const auto& [k, v] : r.environment) envKeys.insert(k);
    for (const auto& key : envKeys) {
        std::set<std::string> values;
        for (const auto& r : c.runs) {
            const auto it = r.environment.find(key);
            values.insert(it == r.environment.end() ? "" : it->second);
        }
        if (values.size() > 1) c.environmentDiffers.push_back(key);
    }

    // Groups: the same values of the differing settings, in the order they first appear.
    std::map<std::vector<std::string>, size_t> groupOf;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        std::vector<std::string> key;
        for (const auto& path : c.differing) {
            const auto it = c.runs[i].settings.find(path);
            key.push_back(it == c.runs[i].settings.end() ? "" : settingValue(it->second));
        }
        auto [it, inserted] = groupOf.try_emplace(key, c.groups.size());
        if (inserted) {
            RunGroup g;
            g.values = key;
            std::string label;
            for (size_t k = 0; k < key.size(); ++k)
                label += (k ? ", " : "") + settingName(c.differing[k]) + "=" + key[k];
            g.label = label.empty() ? "all runs" : label;
            c.groups.push_back(std::move(g));
        }
        c.groups[it->second].runs.push_back(i);
    }
    for (auto& g : c.groups) {
        std::stable_sort(g.runs.begin(), g.runs.end(),
                         [&](size_t a, size_t b) { return c.runs[a].seed < c.runs[b].seed; });
        for (size_t i : g.runs) g.seeds.push_back(c.runs[i].seed);
        for (const auto& metric : compareMetrics()) {
            std::vector<double> values;
            for (size_t i : g.runs) values.push_back(c.runs[i].metrics[metric.key]);
            g.metrics[metric.key] = meanStd(values);
        }
    }
    return c;
}

std::string environmentNote(const Comparison& c) {
    if (c.environmentDiffers.empty()) return {};
    std::ostringstream s;
    s << "the runs did not all run alike (figures may differ for that alone):";
    for (const auto& key : c.environmentDiffers) {
        std::map<std::string, size_t> byValue;
        for (const auto& r : c.runs) {
            const auto it = r.environment.find(key);
            ++byValue[it == r.environment.end() ? "(not recorded)" : it->second];
        }
        s << "\n  " << key << ":";
        size_t k = 0;
        for (const auto& [value, count] : byValue)
            s << (k++ ? "; " : " ") << value << " (" << count << (count == 1 ? " run)" : " runs)");
    }
    s << '\n';
    return s.str();
}

bool sameErrorScale(const Comparison& c) {
    for (const auto& path : c.differing) {
        const bool scales = path.rfind("data.", 0) == 0 ||
                            path.rfind("preprocessing.scaling", 0) == 0 ||
                            path == "preprocessing.scaler_fit" || path == "training.loss" ||
                            path == "model.family" || path == "model.term_weights";
        if (scales) return false;
    }
    return true;
}

std::vector<size_t> groupOrder(const Comparison& c, const std::string& key) {
    std::vector<size_t> order(c.groups.size());
    std::iota(order.begin(), order.end(), size_t{0});
    const auto metric = std::find_if(compareMetrics().begin(), compareMetrics().end(),
                                     [&](const CompareMetric& m) { return m.key == key; });
    if (metric == compareMetrics().end()) return order;
    const bool higher = metric->higherIsBetter;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const double va = c.groups[a].metrics.at(key).mean, vb = c.groups[b].metrics.at(key).mean;
        if (std::isnan(va) || std::isnan(vb)) return !std::isnan(va) && std::isnan(vb);
        return higher ? va > vb : va < vb;
    });
    return order;
}

std::string comparisonCsv(const Comparison& c) {
    std::ostringstream s;
    for (const auto& path : c.differing) s << csvField(path) << ',';
    s << "runs,seeds";
    for (const auto& m : compareMetrics()) s << ',' << m.key << "_mean," << m.key << "_std";
    s << '\n';
    for (const auto& g : c.groups) {
        for (const auto& v : g.values) s << csvField(v) << ',';
        std::string seeds;
        for (size_t k = 0; k < g.seeds.size(); ++k)
            seeds += (k ? " " : "") + std::to_string(g.seeds[k]);
        s << g.runs.size() << ',' << seeds;
        for (const auto& m : compareMetrics()) {
            const MeanStd& v = g.metrics.at(m.key);
            // Ten significant digits: the sum of three AUROCs is not read back as
            // 0.8000000000000002.
            s << ',' << (v.n ? formatNumber(v.mean, 10) : "") << ','
              << (v.n > 1 ? formatNumber(v.std, 10) : "");
        }
        s << '\n';
    }
    return s.str();
}

LossBand lossBand(const Comparison& c, const RunGroup& group, bool validation, double smoothing) {
    smoothing = std::clamp(std::isfinite(smoothing) ? smoothing : 0.0, 0.0, 0.99);
    std::map<int, std::vector<double>> byEpoch;
    for (size_t i : group.runs) {
        double smoothed = NAN;
        for (const auto& e : c.runs[i].record.history) {
            const double v = validation ? e.valLoss : e.trainLoss;
            if (!std::isfinite(v)) continue;
            smoothed = std::isfinite(smoothed) ? smoothing * smoothed + (1 - smoothing) * v : v;
            byEpoch[e.epoch].push_back(smoothed);
        }
    }
    LossBand band;
    for (const auto& [epoch, values] : byEpoch) {
        const MeanStd m = meanStd(values);
        const double spread = m.n > 1 ? m.std : 0.0;
        band.epoch.push_back(epoch);
        band.mean.push_back(m.mean);
        band.low.push_back(m.mean - spread);
        band.high.push_back(m.mean + spread);
        band.runs.push_back(m.n);
    }
    return band;
}

Expected<std::vector<uint64_t>> parseSeedList(const std::string& text) {
    constexpr uint64_t kMaxSeed = uint64_t{1} << 53;  // exact in a JSON number
    constexpr size_t kMaxSeeds = 1000;
    const auto bad = [&](const std::string& why) {
        return Error{ErrorCode::InvalidArgument, "--seeds: '" + clipForMessage(text) + "' " + why +
                                                     " (e.g. 1-5, 1,3,7 or 1-3,10)"};
    };
    const auto number = [](const std::string& part, uint64_t& out) {
        if (part.empty() || part.size() > 16) return false;
        for (char ch : part)
            if (ch < '0' || ch > '9') return false;
        out = std::stoull(part);
        return out <= kMaxSeed;
    };
    std::vector<uint64_t> seeds;
    std::set<uint64_t> seen;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string part = text.substr(start, end - start);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        uint64_t lo = 0, hi = 0;
        const auto dash = part.find('-', 1);
        if (dash == std::string::npos) {
            if (!number(part, lo))
                return bad("is not a list of seeds (whole numbers from 0 to 2^53)");
            hi = lo;
        } else if (!number(part.substr(0, dash), lo) || !number(part.substr(dash + 1), hi)) {
            return bad("is not a list of seeds (whole numbers from 0 to 2^53)");
        } else if (hi < lo) {
            return bad("has a range that ends before it starts");
        }
        if (hi - lo >= kMaxSeeds || seeds.size() + (hi - lo + 1) > kMaxSeeds) {
            return bad("names more than " + std::to_string(kMaxSeeds) + " seeds");
        }
        for (uint64_t s = lo; s <= hi; ++s) {
            if (!seen.insert(s).second) return bad("names seed " + std::to_string(s) + " twice");
            seeds.push_back(s);
        }
        start = end + 1;
    }
    return seeds;
}

std::string seedFolderName(uint64_t seed) { return "seed-" + std::to_string(seed); }

std::string comparisonText(const Comparison& c, const std::string& sortKey) {
    // Columns: the group, runs, seeds, and the headline figures.
    static const std::vector<std::string> shown{"auroc",           "auprc",  "f1",
                                                "test_mean_error", "epochs", "seconds"};
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header{c.differing.empty() ? "runs" : "settings", "n", "seeds"};
    for (const auto& key : shown) {
        for (const auto& m : compareMetrics())
            if (m.key == key) header.push_back(m.title);
    }
    rows.push_back(header);
    for (size_t gi : groupOrder(c, sortKey)) {
        const RunGroup& g = c.groups[gi];
        std::string seeds;
        if (!g.seeds.empty()) {
            // "1-5" for a run of consecutive seeds, the list otherwise.
            bool consecutive = g.seeds.size() > 2;
            for (size_t k = 1; k < g.seeds.size(); ++k)
                consecutive &= g.seeds[k] == g.seeds[k - 1] + 1;
            if (consecutive) {
                seeds = std::to_string(g.seeds.front()) + "-" + std::to_string(g.seeds.back());
            } else {
                for (size_t k = 0; k < g.seeds.size(); ++k)
                    seeds += (k ? "," : "") + std::to_string(g.seeds[k]);
            }
        }
        std::vector<std::string> row{g.label, std::to_string(g.runs.size()), seeds};
        for (const auto& key : shown)
            row.push_back(meanStdText(g.metrics.at(key), metricDecimals(key)));
        rows.push_back(row);
    }
    // Column widths in characters (± is one character, two bytes).
    auto width = [](const std::string& s) {
        size_t n = 0;
        for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
        return n;
    };
    std::vector<size_t> widths(header.size(), 0);
    for (const auto& row : rows)
        for (size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], width(row[k]));
    std::ostringstream s;
    for (const auto& row : rows) {
        std::string line;
        for (size_t k = 0; k < row.size(); ++k) {
            const std::string pad(widths[k] - width(row[k]), ' ');
            line += k == 0 ? row[k] + pad : "  " + pad + row[k];
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        s << line << '\n';
    }
    s << "positive class: anomaly; figures on each run's test part; groups of several runs: "
         "mean ± std over their seeds (sample std)\n";
    s << environmentNote(c);
    for (const auto& why : c.skipped) s << "skipped: " << why << '\n';
    return s.str();
}

}  // namespace awb::core

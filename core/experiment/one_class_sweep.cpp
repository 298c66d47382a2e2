// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/one_class_sweep.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/common/text.h"
#include "core/experiment/compare.h"
#include "core/experiment/run_directory.h"

namespace awb::core {

Expected<SweepResult> oneClassSweep(
    const ExperimentConfig& base,
    const std::function<void(const std::string&, const ExperimentResult&)>& each,
    const ExperimentHooks& hooks, const CancelToken& cancel, const SweepStarting& starting) {
    auto loaded = loadExperimentData(base.data);
    if (!loaded) return loaded.error();
    const std::vector<std::string> classes = loaded->data.classNames;
    if (classes.size() < 2) {
        return Error{ErrorCode::InvalidArgument,
                     base.data.path + ": a one-class sweep needs labelled data with at least two classes"};
    }
    SweepResult sweep;
    for (size_t index = 0; index < classes.size(); ++index) {
        const std::string& cls = classes[index];
        if (cancel.cancelled()) return Error{ErrorCode::Cancelled, "sweep stopped"};
        if (starting) starting(index, classes.size(), cls);
        ExperimentConfig config = base;
        config.name = base.name + "-class-" + cls;
        config.data.normalLabels = {cls};
        config.data.anomalyLabels.clear();
        auto r = runExperiment(config, hooks, cancel);
        if (!r) return Error{r.error().code, "class " + cls + ": " + r.error().message};
        if (r->training.outcome == TrainingOutcome::Cancelled) {
            return Error{ErrorCode::Cancelled, "sweep stopped during class " + cls};
        }
        SweepRow row{cls, r->evaluation.auroc, r->evaluation.auprc, r->evaluation.testCount, r->seconds};
        sweep.rows.push_back(row);
        if (each) each(cls, *r);
    }
    sweep.meanAuroc = meanAuroc(sweep.rows);
    return sweep;
}

double meanAuroc(const std::vector<SweepRow>& rows) {
    double sum = 0;
    size_t defined = 0;
    for (const auto& row : rows) {
        if (std::isfinite(row.auroc)) {
            sum += row.auroc;
            ++defined;
        }
    }
    return defined ? sum / defined : NAN;
}

std::string classFolderName(const std::string& normalClass, std::set<std::string>& used) {
    const std::string base = "class-" + safePathComponent(normalClass);
    std::string name = base;
    for (int n = 2; used.count(name); ++n) name = base + "-" + std::to_string(n);
    used.insert(name);
    return name;
}

std::string sweepCsv(const SweepResult& sweep) {
    std::ostringstream s;
    s << kSweepCsvHeader;
    for (const auto& r : sweep.rows) {
        s << csvField(r.normalClass) << ',' << formatFixed(r.auroc, 6) << ','
          << formatFixed(r.auprc, 6) << ',' << r.testCount << ',' << formatFixed(r.seconds, 2)
          << '\n';
    }
    s << "mean," << formatFixed(sweep.meanAuroc, 6) << ",,,\n";
    return s.str();
}

Expected<SeedRepeat> repeatOverSeeds(const ExperimentConfig& base,
                                     const std::vector<uint64_t>& seeds, const std::string& folder,
                                     const std::function<void(const ExperimentResult&)>& each,
                                     const ExperimentHooks& hooks, const CancelToken& cancel,
                                     const SweepStarting& starting) {
    if (seeds.empty()) return Error{ErrorCode::InvalidArgument, "no seeds to repeat over"};
    SeedRepeat out;
    for (size_t i = 0; i < seeds.size(); ++i) {
        if (cancel.cancelled()) {
            out.stopped = true;
            break;
        }
        if (starting) starting(i, seeds.size(), "seed " + std::to_string(seeds[i]));
        ExperimentConfig config = base;
        config.training.seed = seeds[i];
        auto result = runExperiment(config, hooks, cancel);
        if (!result) {
            if (result.error().code == ErrorCode::Cancelled) {
                out.stopped = true;
                break;
            }
            return result.error();
        }
        const std::string dir = (std::filesystem::path(folder) / seedFolderName(seeds[i])).string();
        if (auto st = writeRunDirectory(dir, *result); !st) return st.error();
        out.runs.push_back(dir);
        if (each) each(*result);
        if (result->training.outcome == TrainingOutcome::Cancelled) {
            out.stopped = true;
            break;
        }
    }
    return out;
}

}  // namespace awb::core

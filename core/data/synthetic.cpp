// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/synthetic.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace awb::core {

namespace {

double bump(double t, double centre, double width, double height) {
    const double z = (t - centre) / width;
    return height * std::exp(-0.5 * z * z);
}

}  // namespace

Dataset syntheticHeartbeats(const SyntheticHeartbeatOptions& options) {
    Dataset data;
    data.kind = DataKind::Series;
    data.source = "built-in synthetic heartbeats";
    data.sampleShape = {options.length};
    data.classNames = {"normal", "pvc", "st-elevation", "flat-t"};
    data.labelName = "class";
    for (int i = 0; i < options.length; ++i) data.featureNames.push_back("t" + std::to_string(i));
    data.values.resize(options.count * static_cast<size_t>(options.length));
    data.labels.resize(options.count);

    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> gauss(0.0, 1.0);
    const double len = options.length;
    for (size_t s = 0; s < options.count; ++s) {
        int cls = 0;
        if (unit(rng) < options.anomalyFraction) cls = 1 + static_cast<int>(unit(rng) * 3) % 3;
        data.labels[s] = cls;
        const double shift = 0.02 * gauss(rng);
        const double amp = 1.0 + 0.08 * gauss(rng);
        const double wander = 0.05 * gauss(rng);
        const double phase = unit(rng);
        float* x = data.sample(s);
        for (int i = 0; i < options.length; ++i) {
            const double t = i / len - shift;
            double v = 0;
            if (cls == 1) {  // PVC: no P wave, wide inverted complex, discordant T
                v += bump(t, 0.33, 0.05, -2.2 * amp) + bump(t, 0.26, 0.03, 0.9 * amp);
                v += bump(t, 0.62, 0.07, 0.9 * amp);
            } else {
                v += bump(t, 0.18, 0.025, 0.25 * amp);                                   // P
                v += bump(t, 0.30, 0.008, -0.3 * amp) + bump(t, 0.33, 0.012, 2.4 * amp);  // Q, R
                v += bump(t, 0.36, 0.010, -0.5 * amp);                                   // S
                if (cls != 3) v += bump(t, 0.58, 0.045, 0.55 * amp);                     // T
                if (cls == 2) v += 0.55 * amp / (1 + std::exp(-(t - 0.40) / 0.01)) /
                                   (1 + std::exp((t - 0.60) / 0.03));                    // ST up
                if (cls == 3) v += 0.35 * std::sin(2 * M_PI * (t * 1.5 + phase));
            }
            v += wander * t + 0.03 * gauss(rng);
            x[i] = static_cast<float>(v);
        }
    }
    return data;
}

const char* toString(InjectedAnomaly kind) {
    switch (kind) {
        case InjectedAnomaly::Spike: return "spike";
        case InjectedAnomaly::LevelShift: return "level-shift";
        case InjectedAnomaly::FrequencyChange: return "frequency-change";
        case InjectedAnomaly::FlatLine: return "flat-line";
    }
    return "?";
}

Dataset syntheticTimeSeries(const SyntheticSeriesOptions& o, std::vector<InjectedSegment>* segments) {
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> noise(0, 0.05);
    const size_t n = o.points;
    const int f = std::max(1, o.features);
    struct Wave { double slowPeriod, fastPeriod, slowPhase, fastPhase, fastAmp; };
    std::vector<Wave> waves;
    for (int k = 0; k < f; ++k) {
        waves.push_back({80 + 60 * u(rng), 12 + 10 * u(rng), 6.283 * u(rng), 6.283 * u(rng), 0.3 + 0.3 * u(rng)});
    }
    // The kinds, in a shuffled order, at evenly spaced places of the last part.
    std::vector<InjectedSegment> plan;
    const InjectedAnomaly kinds[] = {InjectedAnomaly::Spike, InjectedAnomaly::LevelShift,
                                     InjectedAnomaly::FrequencyChange, InjectedAnomaly::FlatLine};
    for (int r = 0; r < o.anomaliesPerKind; ++r) {
        for (auto kind : kinds) plan.push_back({kind, 0, kind == InjectedAnomaly::Spike ? 5u : 60u, 0});
    }
    std::shuffle(plan.begin(), plan.end(), rng);
    const size_t cleanEnd = static_cast<size_t>(o.cleanFraction * n);
    const size_t span = plan.empty() ? 0 : (n - cleanEnd) / plan.size();
    for (size_t k = 0; k < plan.size(); ++k) {
        plan[k].first = cleanEnd + k * span + span / 4;
        plan[k].feature = static_cast<int>(rng() % f);
        plan[k].length = std::min(plan[k].length, n - plan[k].first);
    }

    Dataset d;
    d.kind = DataKind::TimeSeries;
    d.source = "built-in synthetic time series";
    d.sampleShape = {f};
    for (int k = 0; k < f; ++k) d.featureNames.push_back("s" + std::to_string(k));
    d.classNames = {"0", "1"};
    d.labelName = "label";
    d.values.resize(n * f);
    d.labels.assign(n, 0);
    const double twoPi = 6.283185307179586;
    for (size_t t = 0; t < n; ++t) {
        for (int k = 0; k < f; ++k) {
            const Wave& w = waves[k];
            double fastPeriod = w.fastPeriod;
            for (const auto& s : plan) {
                if (s.feature == k && s.kind == InjectedAnomaly::FrequencyChange && t >= s.first &&
                    t < s.first + s.length) {
                    fastPeriod /= 3;
                }
            }
            d.values[t * f + k] = static_cast<float>(std::sin(twoPi * t / w.slowPeriod + w.slowPhase) +
                                                     w.fastAmp * std::sin(twoPi * t / fastPeriod + w.fastPhase) +
                                                     noise(rng));
        }
    }
    for (const auto& s : plan) {
        float* col = d.values.data() + s.feature;
        const float held = col[s.first * f];
        for (size_t t = s.first; t < s.first + s.length; ++t) {
            float& v = col[t * f];
            switch (s.kind) {
                case InjectedAnomaly::Spike: v += (u(rng) < 0.5 ? -1.0f : 1.0f) * 3.0f; break;
                case InjectedAnomaly::LevelShift: v += 1.5f; break;
                case InjectedAnomaly::FrequencyChange: break;  // made above
                case InjectedAnomaly::FlatLine: v = held; break;
            }
            d.labels[t] = 1;
        }
    }
    if (segments) *segments = plan;
    return d;
}

}  // namespace awb::core

namespace awb::core {

namespace {

Dataset tableWithClasses(const std::string& source, size_t count, int features,
                         std::vector<std::string> classes) {
    Dataset data;
    data.kind = DataKind::Tabular;
    data.source = source;
    data.sampleShape = {features};
    data.classNames = std::move(classes);
    data.labelName = "class";
    data.values.resize(count * size_t(features));
    data.labels.resize(count);
    return data;
}

}  // namespace

Dataset gaussianBlobs(const BlobOptions& o) {
    const int f = std::max(1, o.features);
    const int k = std::max(1, o.centres);
    std::vector<std::string> classes;
    for (int c = 0; c < k; ++c) classes.push_back(std::to_string(c));
    Dataset data = tableWithClasses("built-in Gaussian blobs", o.count, f, std::move(classes));
    for (int i = 0; i < f; ++i) data.featureNames.push_back("x" + std::to_string(i));
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> box(-10.0, 10.0);
    std::normal_distribution<double> gauss(0.0, o.std);
    std::vector<double> centres(size_t(k) * size_t(f));
    for (double& c : centres) c = box(rng);
    for (size_t s = 0; s < o.count; ++s) {
        const int cls = static_cast<int>(s % size_t(k));
        data.labels[s] = cls;
        float* x = data.sample(s);
        for (int i = 0; i < f; ++i)
            x[i] = float(centres[size_t(cls) * size_t(f) + size_t(i)] + gauss(rng));
    }
    // Shuffled, so a split's first rows are not all of one class.
    std::vector<size_t> order(o.count);
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    Dataset shuffled = data.subset(order);
    shuffled.source = data.source;
    return shuffled;
}

Dataset syntheticTransactions(const TransactionOptions& o) {
    constexpr int kComponents = 28;
    constexpr int kRank = 8;
    Dataset data =
        tableWithClasses("built-in synthetic transactions", o.count, kComponents + 1, {"0", "1"});
    for (int i = 1; i <= kComponents; ++i) data.featureNames.push_back("V" + std::to_string(i));
    data.featureNames.push_back("Amount");
    data.labelName = "Class";
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // The plane normal rows lie near: features = W z + noise, W fixed by the seed.
    std::vector<double> w(size_t(kComponents) * kRank);
    for (double& v : w) v = gauss(rng) / std::sqrt(double(kRank));
    const bool fraudComponent[kComponents] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
                                              0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t s = 0; s < o.count; ++s) {
        const bool fraud = unit(rng) < o.fraudFraction;
        data.labels[s] = fraud ? 1 : 0;
        double z[kRank];
        for (double& v : z) v = gauss(rng);
        float* x = data.sample(s);
        for (int i = 0; i < kComponents; ++i) {
            double v = 0;
            for (int r = 0; r < kRank; ++r) v += w[size_t(i) * kRank + size_t(r)] * z[r];
            v += 0.3 * gauss(rng);
            // A fraud leaves the plane in its components, by a varying amount: some hide well.
            if (fraud && fraudComponent[i])
                v += (i % 2 ? -1.0 : 1.0) * (0.5 + 2.0 * unit(rng)) + 0.8 * gauss(rng);
            x[i] = float(v);
        }
        const double logAmount = fraud ? 2.5 + 1.5 * gauss(rng) : 3.5 + 1.0 * gauss(rng);
        x[kComponents] = float(std::exp(std::min(logAmount, 9.0)));
    }
    return data;
}

}  // namespace awb::core

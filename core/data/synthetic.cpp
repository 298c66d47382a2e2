// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/synthetic.h"

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

}  // namespace awb::core

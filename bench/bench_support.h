// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers shared by the benchmarks (not part of the product).
#pragma once

#include <fstream>
#include <string>

namespace awb::bench {

/// A "VmRSS" / "VmHWM" figure of /proc/self/status, in MiB (-1 when absent).
inline double statusMiB(const std::string& key) {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
    return -1;
}

}  // namespace awb::bench

#ifdef QT_CORE_LIB
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace awb::bench {

/// A 5 ms timer on the GUI thread that records how late each tick arrives: the event loop's
/// responsiveness while something else runs.
class LatenessProbe {
public:
    LatenessProbe() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(5);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            const qint64 now = clock_.nsecsElapsed();
            if (last_ >= 0) lateMs_.push_back(std::max(0.0, (now - last_) / 1e6 - 5.0));
            last_ = now;
        });
    }
    /// Starts measuring; `keep` false forgets the earlier ticks.
    void start(bool keep = true) {
        if (!keep) lateMs_.clear();
        last_ = -1;
        clock_.start();
        timer_.start();
    }
    void stop() { timer_.stop(); }
    const std::vector<double>& lateMs() const { return lateMs_; }
    double maxMs() const { return lateMs_.empty() ? 0.0 : *std::max_element(lateMs_.begin(), lateMs_.end()); }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = -1;
    std::vector<double> lateMs_;
};

}  // namespace awb::bench
#endif

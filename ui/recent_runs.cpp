// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/recent_runs.h"

#include <QFileInfo>
#include <QSettings>

namespace awb::ui {

namespace {
const QString kKey = QStringLiteral("recent/runs");
}

QStringList recentRuns() {
    QStringList out;
    for (const QString& dir : QSettings().value(kKey).toStringList()) {
        if (QFileInfo(dir).isDir()) out.push_back(dir);
    }
    return out;
}

void rememberRun(const QString& dir) {
    QStringList runs = recentRuns();  // folders gone from disk leave the list here
    const QString absolute = QFileInfo(dir).absoluteFilePath();
    runs.removeAll(absolute);
    runs.prepend(absolute);
    while (runs.size() > kMaxRecentRuns) runs.removeLast();
    QSettings().setValue(kKey, runs);
}

}  // namespace awb::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace awb::ui {

/// Run directories and folders of runs the user opened, saved, repeated over seeds or compared,
/// newest first (QSettings "recent/runs", at most kMaxRecentRuns): what Compare offers under
/// "Recent runs". Folders no longer on disk are left out when read.
inline constexpr int kMaxRecentRuns = 12;
QStringList recentRuns();
/// Puts `dir` (made absolute) first in the list.
void rememberRun(const QString& dir);

}  // namespace awb::ui

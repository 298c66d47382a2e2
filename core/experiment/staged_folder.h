// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/common/expected.h"

namespace awb::core {

/// What a folder the program writes whole may replace.
enum class FolderKind {
    Run,    ///< a run directory (config.json and metrics.json), or an empty folder
    Sweep,  ///< a one-vs-rest sweep (sweep.csv and class-* runs), or an empty folder
};

/// True when `dir` is an existing folder of that kind (or empty), so that writing one there may
/// replace it.
bool isReplaceableFolder(const std::string& dir, FolderKind kind);

/// A folder written whole: its files go into a hidden staging folder beside the target
/// (".NAME.tmp-PID-RANDOM@HOST"), which takes the target's place in one step on commit (a rename, or a
/// renameat2 exchange when the target exists), so the target holds either all of the old content
/// or all of the new. An existing target that is not of the kind (nor empty) is refused before
/// anything is written. Staging folders made on this host whose process is gone (killed saves,
/// whatever folder they were for) are removed at begin, never another host's; an uncommitted staging folder is removed when the object
/// goes. Where the file system has no atomic exchange (NFS, CIFS), the old content is moved aside
/// first.
class StagedFolder {
public:
    static Expected<StagedFolder> begin(const std::string& dir, FolderKind kind);
    StagedFolder(StagedFolder&& other) noexcept;
    StagedFolder& operator=(StagedFolder&&) = delete;
    StagedFolder(const StagedFolder&) = delete;
    ~StagedFolder();

    /// Where to write the content now.
    const std::string& staging() const { return staging_; }
    /// Where it will be (absolute, normalised).
    const std::string& target() const { return target_; }

    /// Moves the staged content into place; on failure the target is as it was.
    Status commit();
    /// `e` with the staging folder's name replaced by the target's (a user never sees the hidden
    /// name) and what became of the target; the staging folder is removed.
    Error fail(Error e);

private:
    StagedFolder() = default;
    std::string target_, staging_;
    FolderKind kind_ = FolderKind::Run;
    bool existed_ = false;
    bool done_ = false;
};

/// Refuses, before any work is done, an output folder that could not be written at the end: one
/// that exists and is not of the kind, or whose parent cannot be created or written into. The
/// message names the user's path.
Status checkOutputFolder(const std::string& dir, FolderKind kind);

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/experiment/staged_folder.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "core/common/text.h"
#include "core/data/file_reader.h"
#include "core/experiment/one_class_sweep.h"
#include "core/experiment/run_directory.h"

namespace awb::core {

namespace fs = std::filesystem;

namespace {

bool isRunFolder(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / run_files::kConfig, ec) && fs::exists(dir / run_files::kMetrics, ec);
}

/// A sweep: sweep.csv with the sweep's header, and nothing visible besides it but class-* runs.
bool isSweepFolder(const fs::path& dir) {
    auto csv = readFileContent((dir / kSweepCsvFile).string(), size_t{1} << 20);
    if (!csv || csv->rfind(kSweepCsvHeader, 0) != 0) return false;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == kSweepCsvFile || name.front() == '.') continue;  // a staging folder of its own
        if (name.rfind("class-", 0) != 0 || !it->is_directory(ec) || !isRunFolder(it->path())) return false;
    }
    return !ec;
}

std::string randomSuffix() {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", rd());
    return buf;
}

/// This machine's name as it goes into staging folder names ("@host"), so that an abandoned one
/// can be told from another host's on a shared folder.
std::string hostTag() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "@unknown";
    std::string tag = safePathComponent(name);
    for (char& c : tag) {
        if (c == '@' || c == '-') c = '_';
    }
    return "@" + tag;
}

/// Staging folders (".NAME.tmp-PID-RANDOM@HOST") whose process is gone (a save that was killed):
/// any target's in the folder when made on this host, and the target's own from before host
/// names were recorded. A process number means nothing to another host sharing the folder (NFS,
/// containers), so another host's staging folder (perhaps a sweep in progress) is left alone, as
/// are those of live processes; only folders go.
void removeAbandonedStaging(const fs::path& target) {
    const std::string own = "." + target.filename().string() + ".tmp-";
    const std::string host = hostTag();
    std::error_code ec;
    std::vector<fs::path> abandoned;
    for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const size_t at = name.rfind(".tmp-");
        if (name.front() != '.' || at == std::string::npos || at == 0 || !it->is_directory(ec)) continue;
        const bool thisHost = name.size() > host.size() && name.compare(name.size() - host.size(), host.size(), host) == 0;
        const bool legacyOwn = name.rfind(own, 0) == 0 && name.find('@') == std::string::npos;
        if (!thisHost && !legacyOwn) continue;
        char* rest = nullptr;
        const long pid = std::strtol(name.c_str() + at + 5, &rest, 10);
        if (pid <= 0 || rest == nullptr || *rest != '-' || pid == static_cast<long>(::getpid())) continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) abandoned.push_back(it->path());
    }
    for (const auto& p : abandoned) (void)removeTree(p.string());
}

fs::path targetOf(const std::string& dir) {
    std::error_code ec;
    const fs::path abs = fs::absolute(fs::path(dir), ec).lexically_normal();  // "." and ".." resolved
    return abs.filename().empty() ? abs.parent_path() : abs;
}

const char* kindName(FolderKind kind) { return kind == FolderKind::Run ? "run directory" : "sweep folder"; }

Status checkTarget(const fs::path& target, FolderKind kind) {
    std::error_code ec;
    if (fs::exists(target, ec) && !isReplaceableFolder(target.string(), kind)) {
        return Error{ErrorCode::InvalidArgument, target.string() + ": exists and is not a " + kindName(kind) +
                                                     " (nor empty); refusing to replace it"};
    }
    return {};
}

}  // namespace

bool isReplaceableFolder(const std::string& dirText, FolderKind kind) {
    const fs::path dir(dirText);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return false;
    if (fs::is_empty(dir, ec)) return !ec;
    return kind == FolderKind::Run ? isRunFolder(dir) : isSweepFolder(dir);
}

Expected<StagedFolder> StagedFolder::begin(const std::string& dir, FolderKind kind) {
    if (dir.empty()) return Error{ErrorCode::InvalidArgument, "no output folder given (--out)"};
    const fs::path target = targetOf(dir);
    if (auto st = checkTarget(target, kind); !st) return st.error();
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
        return Error{ErrorCode::Io, target.string() + ": cannot create the folder " + target.parent_path().string() +
                                        " (" + ec.message() + ")"};
    }
    removeAbandonedStaging(target);
    StagedFolder f;
    f.target_ = target.string();
    f.kind_ = kind;
    f.existed_ = fs::exists(target, ec);
    f.staging_ = (target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                                          "-" + randomSuffix() + hostTag()))
                     .string();
    if (!fs::create_directory(f.staging_, ec) || ec) {
        f.done_ = true;  // nothing to remove
        return Error{ErrorCode::Io, target.string() + ": cannot write into " + target.parent_path().string() + " (" +
                                        (ec ? ec.message() : std::string("exists")) + ")"};
    }
    return f;
}

StagedFolder::StagedFolder(StagedFolder&& other) noexcept
    : target_(std::move(other.target_)), staging_(std::move(other.staging_)), kind_(other.kind_),
      existed_(other.existed_), done_(other.done_) {
    other.done_ = true;
}

StagedFolder::~StagedFolder() {
    if (!done_) (void)removeTree(staging_);
}

Error StagedFolder::fail(Error e) {
    if (!done_) (void)removeTree(staging_);
    done_ = true;
    for (size_t at; (at = e.message.find(staging_)) != std::string::npos;) e.message.replace(at, staging_.size(), target_);
    // Said from what is there now: another process may have made the folder meanwhile.
    std::error_code ec;
    const bool existsNow = fs::exists(target_, ec);
    e.message += "; nothing was saved, " + target_ +
                 (existsNow ? (existed_ ? " is unchanged" : " was made by something else meanwhile and left as it is")
                            : " was not created");
    return e;
}

Status StagedFolder::commit() {
    if (done_) return Error{ErrorCode::Internal, target_ + ": the staged folder was already used"};
    if (std::rename(staging_.c_str(), target_.c_str()) == 0) {
        done_ = true;
        return {};
    }
    // The target exists (an old run, an empty folder, or one made since begin): it is replaced
    // only if it is still of the kind, in one atomic exchange; the old content then lies at the
    // staging name and is removed.
    const int renameErrno = errno;
    if (renameErrno != EEXIST && renameErrno != ENOTEMPTY && renameErrno != EISDIR) {
        return fail(Error{ErrorCode::Io, target_ + ": cannot move the new content into place (" +
                                             std::strerror(renameErrno) + ")"});
    }
    if (!isReplaceableFolder(target_, kind_)) {
        return fail(Error{ErrorCode::Io, target_ + ": something else was written there meanwhile; refusing to replace it"});
    }
    if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
            return fail(Error{ErrorCode::Io, target_ + ": cannot replace the old content (" + std::strerror(errno) + ")"});
        }
        // No atomic exchange on this file system (NFS, CIFS, many FUSE ones): move the old content
        // aside, the new in, then remove the old. Not atomic, but never without one whole copy.
        const std::string aside = staging_ + "-old";  // a name no cleanup takes for abandoned
        if (std::rename(target_.c_str(), aside.c_str()) != 0) {
            return fail(Error{ErrorCode::Io, target_ + ": cannot move the old content aside (" + std::strerror(errno) + ")"});
        }
        if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            (void)std::rename(aside.c_str(), target_.c_str());
            return fail(Error{ErrorCode::Io, target_ + ": cannot move the new content into place (" + why + ")"});
        }
        (void)removeTree(aside);
        done_ = true;
        return {};
    }
    (void)removeTree(staging_);
    done_ = true;
    return {};
}

Status checkOutputFolder(const std::string& dir, FolderKind kind) {
    auto staged = StagedFolder::begin(dir, kind);  // makes and removes an empty staging folder
    if (!staged) return staged.error();
    return {};
}

}  // namespace awb::core

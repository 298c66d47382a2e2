// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/file_reader.h"

#include "core/data/dataset.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

namespace awb::core {

size_t gzipReservationCap(size_t packedBytes) {
    // Deflate packs at most 1032:1; real data (CSV, IDX) rarely passes 10:1. 64 MiB covers any
    // small file at the best ratio, and a large one at 16:1 (the rest comes by doubling).
    return std::max<size_t>(std::min<size_t>(packedBytes * 1032, size_t{64} << 20), packedBytes * 16);
}

Expected<std::string> inflateGzip(const std::string& path, const std::string& packed, size_t maxBytes) {
    std::string out;
    // The gzip trailer holds the unpacked size modulo 2^32: a good first reservation.
    // It is a claim, not a fact (a damaged or truncated file ends in any four bytes): trust it only
    // up to what the packed bytes could hold at deflate's best ratio (1032:1) for small files, and
    // at a plausible ratio for larger ones; the buffer grows by doubling past that.
    if (packed.size() >= 18) {
        const auto* t = reinterpret_cast<const unsigned char*>(packed.data() + packed.size() - 4);
        const size_t hint = size_t(t[0]) | size_t(t[1]) << 8 | size_t(t[2]) << 16 | size_t(t[3]) << 24;
        out.reserve(std::min({hint, maxBytes, gzipReservationCap(packed.size())}) + 1);
        adviseHugePages(out.data(), out.capacity());
    }
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return Error{ErrorCode::Internal, path + ": zlib could not be initialised"};
    }
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    zs.avail_in = static_cast<uInt>(packed.size());
    // Inflate straight into the string's spare room (no chunk copy).
    constexpr size_t kStep = 1 << 20;
    int rc = Z_OK;
    while (true) {
        const size_t used = out.size();
        if (out.capacity() - used < kStep / 4) {
            out.reserve(std::min(std::max(out.capacity() * 2, used + kStep), maxBytes + kStep));  // never past the limit
            adviseHugePages(out.data(), out.capacity());
        }
        out.resize(out.capacity());
        const size_t room = std::min<size_t>(out.size() - used, UINT32_MAX);
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        zs.avail_out = static_cast<uInt>(room);
        rc = inflate(&zs, Z_NO_FLUSH);
        out.resize(used + (room - zs.avail_out));
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
        if (out.size() > maxBytes) {
            inflateEnd(&zs);
            return Error{ErrorCode::Format, path + ": unpacks to more than " +
                                                std::to_string(maxBytes) + " bytes; refused"};
        }
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members are legal: go on while input remains.
            if (zs.avail_in == 0) break;
            if (inflateReset(&zs) != Z_OK) break;
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ended before the stream did
    }
    const char* why = zs.msg ? zs.msg : "";
    inflateEnd(&zs);
    if (rc == Z_STREAM_END) return out;
    if (rc == Z_BUF_ERROR || rc == Z_OK) {
        return Error{ErrorCode::Format, path + ": truncated gzip file (the compressed stream ends "
                                               "early after " + std::to_string(out.size()) +
                                               " unpacked bytes)"};
    }
    return Error{ErrorCode::Format,
                 path + ": corrupt gzip data" + (std::strlen(why) ? std::string(" (") + why + ")" : "")};
}

namespace {

const char* fileKind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISDIR(mode)) return "a folder";
    return "not a regular file";
}

}  // namespace

Expected<std::string> readFileContent(const std::string& path, size_t maxBytes) {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one forever (and no
    // signal ends that wait); only regular files are read, so the flag changes nothing else.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return Error{ErrorCode::Io, path + ": cannot open file (" + std::strerror(errno) + ")"};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return Error{ErrorCode::Io, path + ": cannot read its size (" + why + ")"};
    }
    if (!S_ISREG(st.st_mode)) {
        // /dev/zero, a FIFO or a terminal has no end that can be known in advance.
        ::close(fd);
        return Error{ErrorCode::Io, path + ": is " + fileKind(st.st_mode) +
                                        ", not a regular file; save the data to a file and open that"};
    }
    // The packed size of a gzip file is bounded too (its content is bounded again while inflating).
    if (static_cast<uint64_t>(st.st_size) > maxBytes) {
        ::close(fd);
        return Error{ErrorCode::Format, path + ": " + std::to_string(st.st_size) + " bytes, larger than " +
                                            std::to_string(maxBytes) + " bytes; refused"};
    }
    std::string raw;
    raw.reserve(static_cast<size_t>(st.st_size) + 4096);  // room for the read that finds the end
    adviseHugePages(raw.data(), raw.capacity());
    // One read per block into the string (a stream iterator goes byte by byte). A file that grows
    // while it is read is read up to the limit, never past it.
    for (;;) {
        if (raw.capacity() - raw.size() < 4096) raw.reserve(std::min(raw.capacity() * 2 + 65536, maxBytes + 4096));
        const size_t used = raw.size();
        raw.resize(raw.capacity());
        const ssize_t n = ::read(fd, raw.data() + used, raw.size() - used);
        if (n < 0 && errno == EINTR) {
            raw.resize(used);
            continue;
        }
        if (n < 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return Error{ErrorCode::Io, path + ": read error (" + why + ")"};
        }
        raw.resize(used + static_cast<size_t>(n));
        if (n == 0) break;
        if (raw.size() > maxBytes) {
            ::close(fd);
            return Error{ErrorCode::Format, path + ": grew past " + std::to_string(maxBytes) +
                                                " bytes while it was read; refused"};
        }
    }
    ::close(fd);
    const bool gzip = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                      static_cast<unsigned char>(raw[1]) == 0x8b;
    if (gzip) return inflateGzip(path, raw, maxBytes);
    return raw;
}

Status writeFileAtomic(const std::string& path, const std::string& data) {
    std::string tmp = path + ".tmp-XXXXXX";
    std::vector<char> name(tmp.begin(), tmp.end());
    name.push_back('\0');
    const int fd = mkstemp(name.data());
    if (fd < 0) {
        return Error{ErrorCode::Io, path + ": cannot create a temporary file (" +
                                        std::strerror(errno) + ")"};
    }
    size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(name.data());
            return Error{ErrorCode::Io, path + ": write failed (" + why + ")"};
        }
        written += static_cast<size_t>(n);
    }
    const int syncRc = ::fsync(fd);
    const int syncErrno = errno;
    if (::close(fd) != 0 || syncRc != 0) {
        const std::string why = std::strerror(syncRc != 0 ? syncErrno : errno);
        ::unlink(name.data());
        return Error{ErrorCode::Io, path + ": write failed (" + why + ")"};
    }
    ::chmod(name.data(), 0644);
    if (std::rename(name.data(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(name.data());
        return Error{ErrorCode::Io, path + ": cannot replace file (" + why + ")"};
    }
    return {};
}

Status removeTree(const std::string& path) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return {};
        return Error{ErrorCode::Io, path + ": " + std::strerror(errno)};
    }
    // Depth first (contents before their folder), physical (links removed, not followed).
    const int rc = ::nftw(
        path.c_str(),
        [](const char* p, const struct stat*, int, struct FTW*) { return ::remove(p) == 0 || errno == ENOENT ? 0 : -1; },
        16, FTW_DEPTH | FTW_PHYS);
    if (rc != 0) return Error{ErrorCode::Io, path + ": cannot remove (" + std::strerror(errno) + ")"};
    return {};
}

}  // namespace awb::core

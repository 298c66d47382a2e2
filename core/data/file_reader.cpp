// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/file_reader.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace awb::core {

namespace {

Expected<std::string> inflateGzip(const std::string& path, const std::string& packed,
                                  size_t maxBytes) {
    std::string out;
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return Error{ErrorCode::Internal, path + ": zlib could not be initialised"};
    }
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    zs.avail_in = static_cast<uInt>(packed.size());
    std::vector<char> chunk(1 << 18);
    int rc = Z_OK;
    while (true) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
        zs.avail_out = static_cast<uInt>(chunk.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
        out.append(chunk.data(), chunk.size() - zs.avail_out);
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

}  // namespace

Expected<std::string> readFileContent(const std::string& path, size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorCode::Io, path + ": cannot open file (" + std::strerror(errno) + ")"};
    }
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return Error{ErrorCode::Io, path + ": read error"};
    const bool gzip = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                      static_cast<unsigned char>(raw[1]) == 0x8b;
    if (gzip) return inflateGzip(path, raw, maxBytes);
    if (raw.size() > maxBytes) {
        return Error{ErrorCode::Format, path + ": larger than " + std::to_string(maxBytes) +
                                            " bytes; refused"};
    }
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

}  // namespace awb::core

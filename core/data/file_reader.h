// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

#include "core/common/expected.h"

namespace awb::core {

/// Whole content of a file; gzip files (recognised by their magic bytes, whatever the name) are
/// inflated through zlib. A truncated or corrupt gzip stream is an error that names the file.
/// Content larger than maxBytes is refused instead of exhausting memory: the file's size is
/// checked before it is read and the unpacked size while it is inflated (the gzip trailer's size
/// is only a hint for the first reservation). Only regular files are read: a FIFO, a device such
/// as /dev/zero or a folder is refused at once, naming what it is (a FIFO without a writer does not
/// block the open).
Expected<std::string> readFileContent(const std::string& path,
                                      size_t maxBytes = size_t{4} << 30);

/// Inflates gzip data (one or more members) read from `path`, refusing more than maxBytes of
/// content while inflating; a truncated or corrupt stream is an error naming `path`.
Expected<std::string> inflateGzip(const std::string& path, const std::string& packed, size_t maxBytes);

/// The most that a gzip file of `packedBytes` may reserve up front from its trailer's claim.
size_t gzipReservationCap(size_t packedBytes);

/// Writes data to path through a temporary file in the same folder and a rename, so that readers
/// see either the old or the new content, never a partial file.
Status writeFileAtomic(const std::string& path, const std::string& data);

/// Removes a file or a folder with everything in it, not following symbolic links; a missing path
/// is no error. Written on nftw rather than std::filesystem::remove_all: PyTorch's own LibTorch
/// builds (pip 2.11) export a broken copy of remove_all that crashes the process when it is linked.
Status removeTree(const std::string& path);

}  // namespace awb::core

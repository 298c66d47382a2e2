// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/image_folder_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "core/common/text.h"
#include "core/data/file_reader.h"

namespace awb::core {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMaxBytes = uint64_t(16) << 30;     ///< largest dataset, in float bytes

bool hidden(const fs::path& p) {
    const auto name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

bool imageExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* known[] = {".png", ".jpg", ".jpeg", ".bmp", ".gif",
                                  ".tga", ".pgm", ".ppm", ".pnm"};
    return std::any_of(std::begin(known), std::end(known), [&](const char* k) { return ext == k; });
}

/// Image files beneath dir (recursively when deep), skipping hidden entries, sorted by path.
Expected<std::vector<fs::path>> imagesIn(const fs::path& dir, bool deep) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (deep) {
        fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            if (hidden(it->path())) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec) && imageExtension(it->path())) out.push_back(it->path());
        }
    } else {
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            if (!hidden(it->path()) && it->is_regular_file(ec) && imageExtension(it->path())) {
                out.push_back(it->path());
            }
        }
    }
    if (ec) return Error{ErrorCode::Io, dir.string() + ": cannot list the folder: " + ec.message()};
    std::sort(out.begin(), out.end());
    return out;
}

/// Reads one image file (bounded: 256 MiB) and decodes it.
Expected<DecodedImage> decodeFile(const fs::path& file, int channels, int width, int height) {
    auto bytes = readFileContent(file.string(), size_t{256} << 20);
    if (!bytes) return bytes.error();
    return decodeImage(*bytes, file.string(), channels, width, height);
}

}  // namespace

bool isDirectory(const std::string& path) {
    std::error_code ec;
    return !path.empty() && fs::is_directory(path, ec);
}

Status validateImageOptions(const ImageFolderOptions& options) {
    if (options.channels != 1 && options.channels != 3) {
        return Error{ErrorCode::InvalidArgument, "data.image_channels: must be 1 (grayscale) or 3 (RGB), not " +
                                                     std::to_string(options.channels)};
    }
    if (options.width < 0 || options.height < 0 || options.width > kMaxImageSide ||
        options.height > kMaxImageSide || (options.width == 0) != (options.height == 0)) {
        return Error{ErrorCode::InvalidArgument,
                     "data.image_width/image_height: both 0 (the first image's size) or both "
                     "between 1 and " +
                         std::to_string(kMaxImageSide)};
    }
    return {};
}

Expected<Dataset> readImageFolder(const std::string& path, const ImageFolderOptions& options) {
    if (auto st = validateImageOptions(options); !st) return st.error();
    const fs::path root(path);
    if (!isDirectory(path)) return Error{ErrorCode::Io, path + ": not a folder"};

    // Class folders, in name order.
    std::vector<fs::path> classDirs;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (!hidden(it->path()) && it->is_directory(ec)) classDirs.push_back(it->path());
    }
    if (ec) return Error{ErrorCode::Io, path + ": cannot list the folder: " + ec.message()};
    std::sort(classDirs.begin(), classDirs.end());

    Dataset d;
    d.kind = DataKind::Image;
    d.source = path;
    std::vector<std::pair<fs::path, int>> files;  // file, class index (-1: unlabelled)
    if (classDirs.empty()) {
        auto list = imagesIn(root, false);
        if (!list) return list.error();
        for (auto& f : *list) files.emplace_back(f, -1);
    } else {
        auto loose = imagesIn(root, false);
        if (!loose) return loose.error();
        if (!loose->empty()) {
            return Error{ErrorCode::Format,
                         loose->front().string() + ": an image beside class folders has no class; move it "
                                                   "into one of the sub-folders"};
        }
        for (const auto& dir : classDirs) {
            auto list = imagesIn(dir, true);
            if (!list) return list.error();
            if (list->empty()) continue;  // an empty folder is not a class
            const int label = static_cast<int>(d.classNames.size());
            d.classNames.push_back(toValidUtf8(dir.filename().string()));  // a Latin-1 folder name too
            for (auto& f : *list) files.emplace_back(f, label);
        }
        d.labelName = "folder";
    }
    if (files.empty()) {
        return Error{ErrorCode::Format,
                     path + ": no images (PNG, JPEG, PNM) found" +
                         (classDirs.empty() ? std::string() : " in its sub-folders")};
    }

    int width = options.width, height = options.height;
    for (size_t i = 0; i < files.size(); ++i) {
        auto px = decodeFile(files[i].first, options.channels, width, height);
        if (!px) return px.error();
        if (i == 0) {
            // At most kMaxImageSide a side: validateImageOptions bounds a chosen size, decodeImage
            // an image's own.
            width = px->width;
            height = px->height;
            const uint64_t bytes = uint64_t(files.size()) * px->planar.size() * sizeof(float);
            if (bytes > kMaxBytes) {
                return Error{ErrorCode::InvalidArgument,
                             path + ": " + std::to_string(files.size()) + " images of " + std::to_string(width) +
                                 "x" + std::to_string(height) + " would take " + std::to_string(bytes >> 30) +
                                 " GiB; choose a smaller size (data.image_width/height)"};
            }
            d.sampleShape = {options.channels, height, width};
            d.values.reserve(files.size() * px->planar.size());
            adviseHugePages(d.values.data(), d.values.capacity() * sizeof(float));
        }
        d.values.insert(d.values.end(), px->planar.begin(), px->planar.end());
        if (files[i].second >= 0) d.labels.push_back(files[i].second);
    }
    return d;
}

}  // namespace awb::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/idx_reader.h"

#include <filesystem>

#include "core/data/file_reader.h"

namespace awb::core {

namespace {

constexpr unsigned char kUnsignedByte = 0x08;
constexpr uint64_t kMaxDimension = 1u << 24;  // far above any real IDX set, far below overflow

struct IdxHeader {
    std::vector<uint64_t> dims;
    size_t dataOffset = 0;
};

uint32_t bigEndian(const std::string& b, size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

Expected<IdxHeader> parseHeader(const std::string& bytes, const std::string& path, int wantDims,
                                const char* what) {
    if (bytes.size() < 4) {
        return Error{ErrorCode::Format, path + ": too short for an IDX file (" +
                                            std::to_string(bytes.size()) + " bytes)"};
    }
    if (bytes[0] != 0 || bytes[1] != 0) {
        return Error{ErrorCode::Format, path + ": not an IDX file (wrong magic number)"};
    }
    if (static_cast<unsigned char>(bytes[2]) != kUnsignedByte) {
        return Error{ErrorCode::Format, path + ": IDX element type 0x" +
                                            std::to_string(static_cast<unsigned char>(bytes[2])) +
                                            " is not supported (only unsigned bytes, 0x08)"};
    }
    const int dims = static_cast<unsigned char>(bytes[3]);
    if (dims != wantDims) {
        return Error{ErrorCode::Format, path + ": an IDX file of " + std::to_string(dims) +
                                            " dimensions where " + what + " need " +
                                            std::to_string(wantDims)};
    }
    IdxHeader h;
    h.dataOffset = 4 + 4 * static_cast<size_t>(dims);
    if (bytes.size() < h.dataOffset) {
        return Error{ErrorCode::Format, path + ": the IDX header is cut short"};
    }
    uint64_t total = 1;
    for (int d = 0; d < dims; ++d) {
        const uint64_t n = bigEndian(bytes, 4 + 4 * d);
        if (n == 0 || n > kMaxDimension) {
            return Error{ErrorCode::Format, path + ": IDX dimension " + std::to_string(d) + " is " +
                                                std::to_string(n) + ", refused"};
        }
        h.dims.push_back(n);
        total *= n;
    }
    const uint64_t have = bytes.size() - h.dataOffset;
    if (total != have) {
        return Error{ErrorCode::Format, path + ": the header announces " + std::to_string(total) +
                                            " bytes of data but the file holds " +
                                            std::to_string(have) +
                                            (have < total ? " (truncated?)" : " (trailing data)")};
    }
    return h;
}

}  // namespace

bool looksLikeIdx(const std::string& bytes) {
    return bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 &&
           static_cast<unsigned char>(bytes[2]) == kUnsignedByte && bytes[3] >= 1 && bytes[3] <= 4;
}

Expected<Dataset> parseIdx(const std::string& bytes, const std::string& imagesPath,
                           const std::string& labelsPath) {
    auto header = parseHeader(bytes, imagesPath, 3, "images");
    if (!header) return header.error();
    const uint64_t count = header->dims[0], rows = header->dims[1], cols = header->dims[2];

    std::string labelBytes;
    IdxHeader labelHeader;
    if (!labelsPath.empty()) {
        auto content = readFileContent(labelsPath);
        if (!content) return content.error();
        labelBytes = std::move(*content);
        auto lh = parseHeader(labelBytes, labelsPath, 1, "labels");
        if (!lh) return lh.error();
        labelHeader = *lh;
        if (labelHeader.dims[0] != count) {
            return Error{ErrorCode::Format, labelsPath + ": " + std::to_string(labelHeader.dims[0]) +
                                                " labels for " + std::to_string(count) +
                                                " images in " + imagesPath};
        }
    }

    Dataset d;
    d.kind = DataKind::Image;
    d.source = imagesPath;
    d.sampleShape = {1, static_cast<int64_t>(rows), static_cast<int64_t>(cols)};
    resizeLarge(d.values, count * rows * cols);
    const auto* pixels = reinterpret_cast<const unsigned char*>(bytes.data() + header->dataOffset);
    float scaled[256];  // the same value / 255.0f for every byte, looked up
    for (int v = 0; v < 256; ++v) scaled[v] = static_cast<float>(v) / 255.0f;
    for (size_t i = 0; i < d.values.size(); ++i) d.values[i] = scaled[pixels[i]];
    if (!labelsPath.empty()) {
        d.labelName = "label";
        const auto* raw = reinterpret_cast<const unsigned char*>(labelBytes.data() + labelHeader.dataOffset);
        bool present[256] = {};
        for (size_t i = 0; i < count; ++i) present[raw[i]] = true;
        std::vector<int> classOf(256, -1);
        for (int v = 0; v < 256; ++v) {
            if (!present[v]) continue;
            classOf[v] = static_cast<int>(d.classNames.size());
            d.classNames.push_back(std::to_string(v));
        }
        d.labels.resize(count);
        for (size_t i = 0; i < count; ++i) d.labels[i] = classOf[raw[i]];
    }
    return d;
}

Expected<Dataset> readIdx(const std::string& imagesPath, const std::string& labelsPath) {
    auto bytes = readFileContent(imagesPath);
    if (!bytes) return bytes.error();
    return parseIdx(*bytes, imagesPath, labelsPath);
}

std::string siblingIdxLabels(const std::string& imagesPath) {
    namespace fs = std::filesystem;
    const fs::path p(imagesPath);
    std::string name = p.filename().string();
    const auto at = name.find("images-idx3");
    if (at == std::string::npos) return {};
    name.replace(at, 11, "labels-idx1");
    const fs::path candidate = p.parent_path() / name;
    std::error_code ec;
    return fs::exists(candidate, ec) ? candidate.string() : std::string();
}

}  // namespace awb::core

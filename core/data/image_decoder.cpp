// SPDX-License-Identifier: GPL-3.0-or-later
// Decoding one image file: PNG (libpng), JPEG (libjpeg-turbo), binary PNM (our reader), headers
// checked before any pixel is decoded; channels converted and the image resized as bytes.
#include <png.h>
#include <stb/stb_image_resize.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <vector>

#include "core/common/text.h"
#include "core/data/image_folder_reader.h"

namespace awb::core {

namespace {

/// Largest image decoded, in pixels: 2^28 (16384x16384; a 48 MP photo is 2^25.5). Decoding holds
/// it once as bytes (768 MiB in RGB at the limit); it is resized as bytes, before floats are made.
constexpr int64_t kMaxSourcePixels = int64_t(1) << 28;

/// One image file's decoder: the header is read when it is made, the pixels on request, so that
/// sizes are checked before anything is decoded. Pixels are 8-bit, interleaved, in the file's
/// own channels (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
class ImageSource {
public:
    virtual ~ImageSource() = default;
    virtual Expected<std::vector<unsigned char>> pixels() = 0;
    int64_t width = 0, height = 0;
    int channels = 0;
    bool sixteenBit = false;  ///< samples held at 16 bits while decoding
};

std::string readable(const std::string& name, const std::string& why) {
    return name + ": not a readable image (" + why + ")";
}

/// Empty, or why the PNG's chunks cannot be right: a chunk whose length runs past the file's
/// end (libpng allocates a chunk's declared length before it finds the file short: up to 2 GB for
/// a 100-byte file; found by fuzz_image).
std::string pngChunkProblem(const std::string& bytes) {
    size_t at = 8;  // after the signature
    while (at + 8 <= bytes.size()) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
        const uint64_t length =
            (uint64_t(p[0]) << 24) | (uint64_t(p[1]) << 16) | (uint64_t(p[2]) << 8) | p[3];
        std::string type = bytes.substr(at + 4, 4);
        for (char& c : type)
            if (!std::isalpha(static_cast<unsigned char>(c))) c = '?';
        const size_t left = bytes.size() - at - 8;
        if (length > left) {
            return "its chunk '" + type + "' at byte " + std::to_string(at) + " claims " +
                   std::to_string(length) + " bytes; the file has " + std::to_string(left) +
                   " after it (truncated or damaged)";
        }
        if (type == "IEND") break;
        at += 8 + size_t(length) + 4;  // length, type, data, CRC
    }
    return {};
}

/// PNG through libpng's simplified API, in the file's own channels (a palette is expanded).
class PngSource final : public ImageSource {
public:
    static Expected<std::unique_ptr<ImageSource>> open(const std::string& bytes,
                                                       const std::string& name) {
        if (const std::string problem = pngChunkProblem(bytes); !problem.empty())
            return Error{ErrorCode::Format, readable(name, "PNG: " + problem)};
        auto s = std::make_unique<PngSource>(name);
        if (!png_image_begin_read_from_memory(&s->image_, bytes.data(), bytes.size())) {
            return Error{ErrorCode::Format,
                         readable(name, std::string("PNG: ") + s->image_.message)};
        }
        s->sixteenBit = (s->image_.format & PNG_FORMAT_FLAG_LINEAR) != 0;
        // 16-bit samples are read as sRGB-encoded, like 8-bit ones and as PNM's: narrowed, not
        // gamma-encoded as linear light (mid-grey 32768 stays 128).
        s->image_.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
        s->image_.format &=
            ~uint32_t(PNG_FORMAT_FLAG_COLORMAP | PNG_FORMAT_FLAG_LINEAR);  // 8-bit, direct
        s->width = s->image_.width, s->height = s->image_.height;
        s->channels = int(PNG_IMAGE_PIXEL_CHANNELS(s->image_.format));
        return std::unique_ptr<ImageSource>(std::move(s));
    }
    explicit PngSource(std::string name) : name_(std::move(name)) {
        image_.version = PNG_IMAGE_VERSION;
    }
    ~PngSource() override { png_image_free(&image_); }
    Expected<std::vector<unsigned char>> pixels() override {
        std::vector<unsigned char> out(PNG_IMAGE_SIZE(image_));
        if (!png_image_finish_read(&image_, nullptr, out.data(), 0, nullptr)) {
            return Error{ErrorCode::Format,
                         name_ + ": the image does not decode (PNG: " + image_.message + ")"};
        }
        return out;
    }

private:
    png_image image_{};
    std::string name_;
};

/// JPEG through libjpeg-turbo's TurboJPEG API, as grey or RGB. Warnings (a truncated or corrupt
/// stream, which libjpeg would fill with grey) are refused like errors.
class JpegSource final : public ImageSource {
public:
    static Expected<std::unique_ptr<ImageSource>> open(const std::string& bytes,
                                                       const std::string& name) {
        auto s = std::make_unique<JpegSource>(bytes, name);
        if (!s->handle_)
            return Error{ErrorCode::Internal, name + ": cannot start the JPEG decoder"};
        int w = 0, h = 0, subsampling = 0, colourspace = 0;
        if (tjDecompressHeader3(s->handle_, s->data(), s->size(), &w, &h, &subsampling,
                                &colourspace) != 0) {
            return Error{ErrorCode::Format,
                         readable(name, std::string("JPEG: ") + tjGetErrorStr2(s->handle_))};
        }
        s->width = w, s->height = h;
        s->channels = colourspace == TJCS_GRAY ? 1 : 3;
        return std::unique_ptr<ImageSource>(std::move(s));
    }
    JpegSource(const std::string& bytes, std::string name)
        : bytes_(bytes), name_(std::move(name)), handle_(tjInitDecompress()) {}
    ~JpegSource() override {
        if (handle_) tjDestroy(handle_);
    }
    Expected<std::vector<unsigned char>> pixels() override {
        std::vector<unsigned char> out(size_t(width) * height * channels);
        // LIMITSCANS: a progressive file of thousands of scans is refused, not decoded for minutes.
        if (tjDecompress2(handle_, data(), size(), out.data(), int(width), 0, int(height),
                          channels == 1 ? TJPF_GRAY : TJPF_RGB,
                          TJFLAG_LIMITSCANS | TJFLAG_STOPONWARNING) != 0) {
            return Error{ErrorCode::Format, name_ + ": the image does not decode (JPEG: " +
                                                tjGetErrorStr2(handle_) + ")"};
        }
        return out;
    }

private:
    const unsigned char* data() const {
        return reinterpret_cast<const unsigned char*>(bytes_.data());
    }
    unsigned long size() const { return static_cast<unsigned long>(bytes_.size()); }
    const std::string& bytes_;
    std::string name_;
    tjhandle handle_;
};

/// Binary PNM, P5 (grey) or P6 (colour): width, height and maximum sample value separated by
/// whitespace and '#' comments to the end of a line, one whitespace byte, then the samples (16-bit
/// big-endian when the maximum is over 255), scaled from 0..maximum to 0..255.
class PnmSource final : public ImageSource {
public:
    static bool recognises(const std::string& b) {
        return b.size() >= 2 && b[0] == 'P' && (b[1] == '5' || b[1] == '6');
    }
    static Expected<std::unique_ptr<ImageSource>> open(const std::string& b,
                                                       const std::string& name) {
        auto space = [](char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
        };
        auto s = std::make_unique<PnmSource>(b);
        s->channels = b[1] == '5' ? 1 : 3;
        size_t i = 2;
        int64_t* fields[] = {&s->width, &s->height, &s->maxval_};
        const char* names[] = {"width", "height", "maximum value"};
        for (int f = 0; f < 3; ++f) {
            for (;;) {  // whitespace, then a comment to the end of its line, again
                while (i < b.size() && space(b[i])) ++i;
                if (i >= b.size() || b[i] != '#') break;
                while (i < b.size() && b[i] != '\n' && b[i] != '\r') ++i;
            }
            const size_t start = i;
            for (; i < b.size() && std::isdigit(static_cast<unsigned char>(b[i])) &&
                   *fields[f] <= 1000000000;
                 ++i)
                *fields[f] = *fields[f] * 10 + (b[i] - '0');
            if (i == start || *fields[f] == 0 || *fields[f] > 1000000000) {
                return Error{ErrorCode::Format,
                             readable(name, std::string("PNM: the header's ") + names[f] +
                                                " is missing, zero or absurd")};
            }
        }
        if (s->maxval_ > 65535) {
            return Error{ErrorCode::Format,
                         readable(name, "PNM: maximum value " + std::to_string(s->maxval_) +
                                            " is over 65535")};
        }
        if (i >= b.size() || !space(b[i]))
            return Error{ErrorCode::Format, readable(name, "PNM: no whitespace after the header")};
        s->offset_ = i + 1;
        s->sixteenBit = s->maxval_ > 255;
        const auto need =
            s->offset_ + uint64_t(s->width) * s->height * s->channels * (s->sixteenBit ? 2 : 1);
        if (b.size() < need) {
            return Error{ErrorCode::Format, name + ": truncated: a " + std::to_string(s->width) +
                                                "x" + std::to_string(s->height) +
                                                " PNM image needs " + std::to_string(need) +
                                                " bytes, the file has " + std::to_string(b.size())};
        }
        return std::unique_ptr<ImageSource>(std::move(s));
    }
    explicit PnmSource(const std::string& bytes) : bytes_(bytes) {}
    Expected<std::vector<unsigned char>> pixels() override {
        const size_t count = size_t(width) * height * channels;
        const auto* in = reinterpret_cast<const unsigned char*>(bytes_.data()) + offset_;
        std::vector<unsigned char> out(count);
        for (size_t k = 0; k < count; ++k) {
            const int64_t v =
                std::min<int64_t>(sixteenBit ? (in[2 * k] << 8) | in[2 * k + 1] : in[k], maxval_);
            out[k] = static_cast<unsigned char>((v * 255 + maxval_ / 2) / maxval_);
        }
        return out;
    }

private:
    const std::string& bytes_;
    int64_t maxval_ = 0;
    size_t offset_ = 0;
};

/// The decoder for the bytes, recognised from their first bytes (not the file's extension).
Expected<std::unique_ptr<ImageSource>> openImage(const std::string& bytes,
                                                 const std::string& name) {
    auto starts = [&](const char* magic, size_t n) {
        return bytes.size() >= n && bytes.compare(0, n, magic, n) == 0;
    };
    if (starts("\x89PNG\r\n\x1a\n", 8)) return PngSource::open(bytes, name);
    if (starts("\xff\xd8\xff", 3)) return JpegSource::open(bytes, name);
    if (PnmSource::recognises(bytes)) return PnmSource::open(bytes, name);
    // BMP, GIF and TGA are listed (so that such a file is named, not skipped) but not decoded:
    // Debian has no well-kept decoder for them that core can use, and stb's (2022) crashed under
    // our fuzzing (a damaged JPEG's Huffman table; a 16-bit PNM converted to colour).
    const std::string other = starts("BM", 2) ? "bmp" : starts("GIF8", 4) ? "gif" : "";
    const std::string what = other.empty()    ? "not PNG, JPEG or binary PNM"
                             : other == "bmp" ? "BMP is not read"
                                              : "GIF is not read";
    return Error{
        ErrorCode::Format,
        readable(name, what + "; convert it to PNG, e.g. with ImageMagick: mogrify -format png " +
                           (other.empty() ? std::string("FILE") : "*." + other))};
}

/// Converts interleaved pixels of `from` channels (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) to `to`
/// channels (1 or 3); alpha is dropped, colour to grey with the weights (77, 150, 29)/256.
std::vector<unsigned char> convertChannels(const unsigned char* in, size_t pixels, int from,
                                           int to) {
    std::vector<unsigned char> out(pixels * to);
    for (size_t i = 0; i < pixels; ++i) {
        const unsigned char* px = in + i * from;
        if (to == 1) {
            out[i] = from >= 3
                         ? static_cast<unsigned char>((px[0] * 77 + px[1] * 150 + px[2] * 29) >> 8)
                         : px[0];
        } else {
            for (int c = 0; c < 3; ++c) out[i * 3 + c] = from >= 3 ? px[c] : px[0];
        }
    }
    return out;
}

}  // namespace

Expected<DecodedImage> decodeImage(const std::string& bytes, const std::string& name, int channels,
                                   int width, int height, int64_t maxDecodeBytes) {
    if (bytes.size() > size_t(INT32_MAX))
        return Error{ErrorCode::Format, name + ": larger than 2 GiB; refused"};
    auto source = openImage(bytes, name);
    if (!source) return source.error();
    const ImageSource& header = **source;
    const int64_t w = header.width, h = header.height;
    const int n = header.channels;
    // Refused from the header, before a byte is decoded: what decoding would hold is known here.
    if (w <= 0 || h <= 0 || w * h > kMaxSourcePixels) {
        return Error{ErrorCode::Format,
                     name + ": image of " + std::to_string(w) + "x" + std::to_string(h) +
                         " pixels is larger than the " + std::to_string(kMaxSourcePixels) +
                         " pixels an image may have (16384x16384); make it smaller first"};
    }
    // What decoding holds: the file's own channels, 16-bit samples at double size.
    const int64_t decodeBytes = w * h * std::max(n, channels) * (header.sixteenBit ? 2 : 1);
    if (decodeBytes > maxDecodeBytes) {
        return Error{ErrorCode::Format,
                     name + ": image of " + std::to_string(w) + "x" + std::to_string(h) +
                         " pixels would take " + std::to_string(decodeBytes >> 20) +
                         " MiB to decode (at most " + std::to_string(maxDecodeBytes >> 20) +
                         " MiB); make it smaller first"};
    }
    if (width == 0 &&
        (w > kMaxImageSide || h > kMaxImageSide)) {  // no target size: the image's own is used
        return Error{
            ErrorCode::InvalidArgument,
            name + ": images of " + std::to_string(w) + "x" + std::to_string(h) +
                " are larger than " + std::to_string(kMaxImageSide) +
                " pixels a side; choose a size to resize them to (data.image_width/height)"};
    }
    auto decoded = (*source)->pixels();
    if (!decoded) return decoded.error();
    const unsigned char* pixels = decoded->data();
    std::vector<unsigned char> converted;
    if (n != channels) {
        converted = convertChannels(pixels, size_t(w) * h, n, channels);
        pixels = converted.data();
    }
    DecodedImage p;
    p.width = width > 0 ? width : static_cast<int>(w);
    p.height = height > 0 ? height : static_cast<int>(h);
    std::vector<unsigned char> resized;  // resized as bytes: floats are made only at the final size
    if (p.width != w || p.height != h) {
        resized.resize(size_t(p.width) * p.height * channels);
        if (!stbir_resize_uint8(pixels, static_cast<int>(w), static_cast<int>(h), 0, resized.data(),
                                p.width, p.height, 0, channels)) {
            return Error{ErrorCode::Internal, name + ": resizing failed"};
        }
        pixels = resized.data();
    }
    const size_t plane = size_t(p.width) * p.height;
    p.planar.resize(plane * channels);
    for (size_t i = 0; i < plane; ++i) {
        for (int c = 0; c < channels; ++c)
            p.planar[c * plane + i] = pixels[i * channels + c] / 255.0f;
    }
    return p;
}

}  // namespace awb::core

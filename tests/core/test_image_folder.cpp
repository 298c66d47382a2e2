// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <stb/stb_image_write.h>

#include <cmath>
#include <random>

#include "core/data/image_folder_reader.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/presets.h"
#include "test_helpers.h"

using namespace awb::core;
using awb::test::TempDir;
namespace fs = std::filesystem;

namespace {

/// Writes a w x h image with n interleaved channels, pixel(x, y, c) from f.
template <typename F>
std::string png(const fs::path& file, int w, int h, int n, F f) {
    fs::create_directories(file.parent_path());
    std::vector<unsigned char> px(size_t(w) * h * n);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < n; ++c) px[(size_t(y) * w + x) * n + c] = f(x, y, c);
    EXPECT_TRUE(stbi_write_png(file.string().c_str(), w, h, n, px.data(), w * n)) << file;
    return file.string();
}

std::string constant(const fs::path& file, int w, int h, int n, unsigned char v) {
    return png(file, w, h, n, [v](int, int, int) { return v; });
}

std::string errorOf(const Expected<Dataset>& d) { return d.ok() ? "" : d.error().message; }

}  // namespace

TEST(ImageFolder, ClassesFromSubFoldersInNameOrder) {
    TempDir dir;
    const auto root = dir.path();
    constant(root / "b_sandal" / "x.png", 4, 4, 1, 128);
    constant(root / "a_sneaker" / "1.png", 4, 4, 3, 255);        // colour, made grey
    constant(root / "a_sneaker" / "deeper" / "2.png", 4, 4, 1, 0); // found beneath the class folder
    constant(root / ".thumbnails" / "z.png", 4, 4, 1, 9);          // hidden: skipped
    awb::test::writeText((root / "a_sneaker" / "notes.txt").string(), "not an image");
    fs::create_directories(root / "c_empty");                      // no images: not a class
    auto d = readImageFolder(root.string(), {});
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->kind, DataKind::Image);
    EXPECT_EQ(d->classNames, (std::vector<std::string>{"a_sneaker", "b_sandal"}));
    EXPECT_EQ(d->labels, (std::vector<int>{0, 0, 1}));
    EXPECT_EQ(d->sampleShape, (std::vector<int64_t>{1, 4, 4}));
    EXPECT_FLOAT_EQ(d->sample(0)[5], 1.0f);
    EXPECT_FLOAT_EQ(d->sample(1)[5], 0.0f);
    EXPECT_FLOAT_EQ(d->sample(2)[15], 128 / 255.0f);
}

TEST(ImageFolder, ColourIsPlanarRgb) {
    TempDir dir;
    png(dir.path() / "red" / "r.png", 3, 2, 3, [](int x, int, int c) { return c == 0 || (x == 2 && c == 2) ? 255 : 0; });
    ImageFolderOptions o;
    o.channels = 3;
    auto d = readImageFolder(dir.path().string(), o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->sampleShape, (std::vector<int64_t>{3, 2, 3}));
    const float* s = d->sample(0);
    for (int i = 0; i < 6; ++i) {
        EXPECT_FLOAT_EQ(s[i], 1.0f) << i;                       // red plane
        EXPECT_FLOAT_EQ(s[6 + i], 0.0f) << i;                   // green plane
        EXPECT_FLOAT_EQ(s[12 + i], i % 3 == 2 ? 1.0f : 0.0f) << i;  // blue only in column 2
    }
}

TEST(ImageFolder, ResizesToTheChosenOrTheFirstSize) {
    TempDir dir;
    constant(dir.path() / "a" / "1.png", 8, 6, 1, 200);
    png(dir.path() / "a" / "2.png", 16, 12, 1, [](int x, int, int) { return x < 8 ? 0 : 255; });
    auto first = readImageFolder(dir.path().string(), {});
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->sampleShape, (std::vector<int64_t>{1, 6, 8}));  // the first image's size
    // The half-black, half-white image halved: left columns dark, right columns bright.
    const float* s = first->sample(1);
    EXPECT_LT(s[0], 0.05f);
    EXPECT_GT(s[7], 0.95f);
    ImageFolderOptions o;
    o.width = 5;
    o.height = 3;
    auto chosen = readImageFolder(dir.path().string(), o);
    ASSERT_TRUE(chosen.ok()) << chosen.error().message;
    EXPECT_EQ(chosen->sampleShape, (std::vector<int64_t>{1, 3, 5}));
    for (int i = 0; i < 15; ++i) EXPECT_NEAR(chosen->sample(0)[i], 200 / 255.0f, 1e-3f) << i;
    for (int i = 0; i < 15; ++i) {
        EXPECT_GE(chosen->sample(1)[i], 0.0f);  // resampling overshoot is clamped
        EXPECT_LE(chosen->sample(1)[i], 1.0f);
    }
}

TEST(ImageFolder, FlatFolderIsUnlabelledAndJpegDecodes) {
    TempDir dir;
    constant(dir.path() / "1.png", 4, 4, 1, 50);
    std::vector<unsigned char> grey(16 * 16, 100);
    ASSERT_TRUE(stbi_write_jpg(dir.file("2.JPG").c_str(), 16, 16, 1, grey.data(), 100));
    ImageFolderOptions o;
    o.width = o.height = 4;
    auto d = readImageFolder(dir.path().string(), o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_FALSE(d->hasLabels());
    EXPECT_EQ(d->size(), 2u);
    EXPECT_NEAR(d->sample(1)[0], 100 / 255.0f, 0.02f);
}

// 16-bit PNM (maximum over 255) converted between grey and colour. Debian's stb converts the
// channels before narrowing to 8 bits and reads past its buffer (a fuzzing find: CI crashed on
// "P5 51 741 5111"), reads 16-bit samples in the host's byte order and never scales by the
// maximum; PNM is decoded by the reader itself. Values are checked, so stb's path fails here
// even where its over-read does not crash.
TEST(ImageFolder, SixteenBitPnmConvertsBetweenGreyAndColour) {
    auto be16 = [](std::string& s, int v) { s += char(v >> 8), s += char(v & 0xff); };
    std::string pgm = "P5\n# a comment\n3 2\n65535\n";
    for (int i = 0; i < 6; ++i) be16(pgm, i * 10000);  // a ramp
    for (int channels : {1, 3}) {
        auto img = decodeImage(pgm, "ramp.pgm", channels, 0, 0);
        ASSERT_TRUE(img.ok()) << img.error().message;
        ASSERT_EQ(img->planar.size(), size_t(6 * channels));
        for (int c = 0; c < channels; ++c)
            for (int i = 0; i < 6; ++i)
                EXPECT_NEAR(img->planar[c * 6 + i], ((i * 10000 * 255 + 32767) / 65535) / 255.0f,
                            1e-6)
                    << i;
    }
    std::string ppm = "P6 2 1 1000\n";                    // scaled by its maximum, 1000
    for (int v : {1000, 0, 0, 0, 0, 1000}) be16(ppm, v);  // red, blue
    auto grey = decodeImage(ppm, "rb.ppm", 1, 0, 0);
    ASSERT_TRUE(grey.ok()) << grey.error().message;
    EXPECT_NEAR(grey->planar[0], (255 * 77 >> 8) / 255.0f, 0.01f);
    EXPECT_NEAR(grey->planar[1], (255 * 29 >> 8) / 255.0f, 0.01f);
    auto colour = decodeImage(ppm, "rb.ppm", 3, 0, 0);
    ASSERT_TRUE(colour.ok()) << colour.error().message;
    EXPECT_EQ(colour->planar, (std::vector<float>{1, 0, 0, 0, 0, 1}));

    auto low = decodeImage(std::string("P5 2 1 15\n") + char(15) + char(5), "low.pgm", 1, 0, 0);
    ASSERT_TRUE(low.ok()) << low.error().message;  // 8-bit samples scaled by their maximum too
    EXPECT_NEAR(low->planar[0], 1.0f, 1e-6);
    EXPECT_NEAR(low->planar[1], 85 / 255.0f, 1e-6);

    // A short file is refused (stb would leave the missing pixels uninitialised), naming it.
    const std::string crash = "P5\n51\n\n741\n5111\n";
    for (const std::string& cut : {crash, pgm.substr(0, pgm.size() - 1), ppm.substr(0, 14)}) {
        auto e = decodeImage(cut, "short.pgm", 3, 8, 8);
        ASSERT_FALSE(e.ok());
        EXPECT_NE(e.error().message.find("short.pgm: truncated"), std::string::npos)
            << e.error().message;
    }
    // 8-bit grey+alpha and RGBA PNGs lose their alpha.
    TempDir dir;
    const auto ga =
        png(dir.path() / "ga.png", 1, 1, 2, [](int, int, int c) { return c ? 7 : 200; });
    auto g = decodeImage(awb::test::readText(ga), ga, 3, 0, 0);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->planar, (std::vector<float>(3, 200 / 255.0f)));
}

// A 124-byte PNG whose tEXt chunk claims 1.7 GB (fuzz_image's finding: libpng allocated the claimed
// length first) is refused naming the chunk, allocating nothing of that size.
TEST(ImageFolder, APngChunkLongerThanTheFileIsRefused) {
    const unsigned char bytes[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x10, 0x00, 0x00, 0x00, 0x00, 0x13,
        0xa3, 0x1e, 0x79, 0x00, 0x00, 0x00, 0x04, 0x67, 0x41, 0x4d, 0x41, 0x00, 0x00, 0xb1, 0x8f,
        0x0b, 0xfc, 0x61, 0x05, 0x65, 0x00, 0x32, 0x25, 0x74, 0x45, 0x58, 0x74, 0x64, 0x61, 0x74,
        0x65, 0x3a, 0x6d, 0x6f, 0x64, 0x69, 0x66, 0x79, 0x00, 0x32, 0x30, 0x32, 0x30, 0x3a, 0x6d,
        0x6f, 0x64, 0x69, 0x66, 0x79, 0x00, 0x32, 0x30, 0x32, 0x30, 0x54, 0x30, 0x39, 0x3a, 0x30,
        0x38, 0x3a, 0x34, 0x38, 0x2b, 0x30, 0x30, 0x3a, 0x30, 0x30, 0xcd, 0xc8, 0x6e, 0xd5, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    const std::string png(reinterpret_cast<const char*>(bytes), sizeof bytes);
    auto img = decodeImage(png, "long-chunk.png", 1, 0, 0);
    ASSERT_FALSE(img.ok());
    EXPECT_NE(img.error().message.find("long-chunk.png: not a readable image (PNG: its chunk"),
              std::string::npos)
        << img.error().message;
    EXPECT_NE(img.error().message.find("claims 1694511653 bytes"), std::string::npos)
        << img.error().message;
}

// Damaged PNG and JPEG are refused naming the file; BMP/GIF/TGA are named with a hint to convert.
TEST(ImageFolder, DamagedOrUnreadFormatsAreRefusedNamingTheFile) {
    TempDir dir;
    std::vector<unsigned char> grey(64 * 64);
    std::mt19937 rng(1);
    for (size_t i = 0; i < grey.size(); ++i)
        grey[i] = i < 64 ? static_cast<unsigned char>(i) : rng() & 0xff;
    ASSERT_TRUE(stbi_write_jpg(dir.file("g.jpg").c_str(), 64, 64, 1, grey.data(), 95));
    const std::string jpeg = awb::test::readText(dir.file("g.jpg"));
    auto whole = decodeImage(jpeg, "g.jpg", 1, 0, 0);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    EXPECT_NEAR(whole->planar[17], 17 / 255.0f, 0.03f);
    auto refusedWith = [](const Expected<DecodedImage>& d, const std::string& fragment) {
        if (d.ok()) return false;
        std::fprintf(stderr, "%s\n", d.error().message.c_str());
        return d.error().message.find(fragment) != std::string::npos;
    };
    // Truncated in its pixels: libjpeg warns and would fill the rest with grey.
    EXPECT_TRUE(refusedWith(decodeImage(jpeg.substr(0, jpeg.size() * 3 / 4), "cut.jpg", 1, 0, 0),
                            "cut.jpg: the image does not decode (JPEG"));
    // The fuzzing find: a JPEG whose Huffman table has no codes (stb read uninitialised tables).
    const std::string fuzzJpeg = awb::test::readText(std::string(AWB_SOURCE_DIR) +
                                                     "/fuzz/corpus/image/jpeg-empty-huffman.jpg");
    ASSERT_FALSE(fuzzJpeg.empty());
    EXPECT_TRUE(
        refusedWith(decodeImage(fuzzJpeg, "empty-huffman.jpg", 3, 8, 8), "empty-huffman.jpg"));

    png(dir.path() / "p.png", 4, 4, 3, [](int x, int, int c) { return x * 60 + c; });
    const std::string pngBytes = awb::test::readText(dir.file("p.png"));
    auto p = decodeImage(pngBytes, "p.png", 3, 0, 0);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->planar[3], 180 / 255.0f);       // red, x = 3
    EXPECT_EQ(p->planar[16 + 3], 181 / 255.0f);  // green
    EXPECT_TRUE(refusedWith(
        decodeImage(pngBytes.substr(0, pngBytes.size() - 20), "cut.png", 3, 0, 0), "cut.png"));
    std::string flipped = pngBytes;
    const size_t idat =
        flipped.find("IDAT") + 6;  // inside the compressed pixels: the CRC no longer matches
    flipped[idat] = char(flipped[idat] ^ 0x55);
    EXPECT_TRUE(refusedWith(decodeImage(flipped, "flip.png", 3, 0, 0), "flip.png"));

    EXPECT_TRUE(
        refusedWith(decodeImage(std::string("BM") + std::string(60, '\0'), "x.bmp", 1, 0, 0),
                    "x.bmp: not a readable image (BMP is not read; convert it to PNG, e.g. with "
                    "ImageMagick: mogrify -format png *.bmp)"));
    EXPECT_TRUE(refusedWith(decodeImage("GIF89a" + std::string(60, '\0'), "x.gif", 1, 0, 0),
                            "GIF is not read"));
    EXPECT_TRUE(refusedWith(decodeImage(std::string(60, '\0'), "x.tga", 1, 0, 0),
                            "x.tga: not a readable image (not PNG, JPEG or binary PNM"));
}

TEST(ImageFolder, RefusesBadFoldersWithTheCulpritNamed) {
    TempDir dir;
    EXPECT_NE(errorOf(readImageFolder(dir.file("missing"), {})).find("not a folder"), std::string::npos);
    EXPECT_NE(errorOf(readImageFolder(dir.path().string(), {})).find("no images"), std::string::npos);

    const auto good = constant(dir.path() / "cls" / "good.png", 4, 4, 1, 1);
    const std::string bytes = awb::test::readText(good);
    const auto broken = awb::test::writeText((dir.path() / "cls" / "broken.png").string(), bytes.substr(0, 40));
    auto e = errorOf(readImageFolder(dir.path().string(), {}));
    EXPECT_NE(e.find(broken), std::string::npos) << e;
    fs::remove(broken);
    awb::test::writeText((dir.path() / "cls" / "text.png").string(), "hello, I am not a PNG");
    e = errorOf(readImageFolder(dir.path().string(), {}));
    EXPECT_NE(e.find("text.png"), std::string::npos) << e;
    fs::remove(dir.path() / "cls" / "text.png");

    const auto loose = constant(dir.path() / "loose.png", 4, 4, 1, 1);
    e = errorOf(readImageFolder(dir.path().string(), {}));
    EXPECT_NE(e.find(loose), std::string::npos) << e;
    EXPECT_NE(e.find("no class"), std::string::npos) << e;
    fs::remove(loose);

    ImageFolderOptions o;
    o.channels = 2;
    EXPECT_NE(errorOf(readImageFolder(dir.path().string(), o)).find("image_channels"), std::string::npos);
    o = {};
    o.width = 10;  // height missing
    EXPECT_NE(errorOf(readImageFolder(dir.path().string(), o)).find("image_width"), std::string::npos);
    o.height = 100000;
    EXPECT_NE(errorOf(readImageFolder(dir.path().string(), o)).find("4096"), std::string::npos);
    EXPECT_TRUE(readImageFolder(dir.path().string(), {}).ok());
}

TEST(ImageFolder, ConvAutoencoderSeparatesForeignImages) {
    // Normal: sinusoidal gradients along x of random phase and frequency.
    TempDir dir;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(0, 1);
    for (int i = 0; i < 120; ++i) {
        const float phase = u(rng) * 6.28f, freq = 0.3f + 0.3f * u(rng);
        png(dir.path() / "smooth" / ("s" + std::to_string(1000 + i) + ".png"), 12, 12, 1,
            [&](int x, int, int) { return static_cast<unsigned char>(127.5f + 120 * std::sin(phase + freq * x)); });
    }
    // Anomalies: the same gradients turned by 90 degrees, so their pixel values are distributed
    // like the normal ones and only a model that learned the structure tells them apart.
    for (int i = 0; i < 30; ++i) {
        const float phase = u(rng) * 6.28f, freq = 0.3f + 0.3f * u(rng);
        png(dir.path() / "vertical" / ("v" + std::to_string(1000 + i) + ".png"), 12, 12, 1,
            [&](int, int y, int) { return static_cast<unsigned char>(127.5f + 120 * std::sin(phase + freq * y)); });
    }
    auto config = *preset("images-conv-ae");
    config.data.path = dir.path().string();
    config.data.normalLabels = {"smooth"};
    config.model.convChannels = {8, 16};
    config.model.latent = 8;
    config.training.epochs = 15;
    config.training.batchSize = 16;
    config.threads = 2;
    awb::test::useLearningMatrix(config);
    auto result = runExperiment(config);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_GT(result->evaluation.testAnomalies, 0u);
    awb::test::figure("auroc", result->evaluation.auroc);
    EXPECT_GT(result->evaluation.auroc, 0.95);  // the same net untrained (lr 1e-9): 0.62
}

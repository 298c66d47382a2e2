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

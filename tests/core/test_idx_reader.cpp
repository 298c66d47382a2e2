// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "core/data/idx_reader.h"
#include "core/experiment/experiment_runner.h"
#include "test_helpers.h"

using namespace awb::core;
using awb::test::TempDir;

namespace {

using awb::test::be32;
using awb::test::idxImages;
using awb::test::idxLabels;

std::string errorOf(const Expected<Dataset>& d) { return d.ok() ? "" : d.error().message; }

}  // namespace

TEST(IdxReader, ReadsImagesAndLabels) {
    TempDir dir;
    const auto images = awb::test::writeText(dir.file("t-images-idx3-ubyte"), idxImages(3, 2, 2));
    const auto labels = awb::test::writeGzip(dir.file("t-labels-idx1-ubyte.gz"), idxLabels({7, 2, 7}));
    auto d = readIdx(images, labels);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->kind, DataKind::Image);
    EXPECT_EQ(d->size(), 3u);
    EXPECT_EQ(d->sampleShape, (std::vector<int64_t>{1, 2, 2}));
    EXPECT_FLOAT_EQ(d->sample(1)[0], (4 * 37 % 256) / 255.0f);
    EXPECT_EQ(d->classNames, (std::vector<std::string>{"2", "7"}));
    EXPECT_EQ(d->labels, (std::vector<int>{1, 0, 1}));
    EXPECT_EQ(siblingIdxLabels(dir.file("t-images-idx3-ubyte")), "");  // only the .gz exists
    awb::test::writeText(dir.file("t-labels-idx1-ubyte"), idxLabels({1, 2, 3}));
    EXPECT_EQ(siblingIdxLabels(images), dir.file("t-labels-idx1-ubyte"));
}

TEST(IdxReader, GzipImagesWithoutLabels) {
    TempDir dir;
    auto d = readIdx(awb::test::writeGzip(dir.file("i.gz"), idxImages(2, 3, 3)), "");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_FALSE(d->hasLabels());
    EXPECT_EQ(d->values.size(), 18u);
}

TEST(IdxReader, BadFilesAreRefusedWithTheirName) {
    TempDir dir;
    auto write = [&](const std::string& name, const std::string& bytes) {
        return awb::test::writeText(dir.file(name), bytes);
    };
    std::string magic = idxImages(1, 2, 2);
    magic[2] = 0x0D;  // floats
    EXPECT_NE(errorOf(readIdx(write("float", magic), "")).find("float: IDX element type"), std::string::npos);
    EXPECT_NE(errorOf(readIdx(write("text", "hello world, not idx"), "")).find("text: not an IDX file"),
              std::string::npos);
    EXPECT_NE(errorOf(readIdx(write("empty", ""), "")).find("empty: too short"), std::string::npos);
    const std::string full = idxImages(4, 2, 2);
    EXPECT_NE(errorOf(readIdx(write("short", full.substr(0, full.size() - 3)), "")).find("(truncated?)"),
              std::string::npos);
    EXPECT_NE(errorOf(readIdx(write("long", full + "xx"), "")).find("(trailing data)"), std::string::npos);
    // A header announcing billions of images: refused by the file size, nothing allocated.
    const std::string billions = std::string("\x00\x00\x08\x03", 4) + be32(4000000000u) + be32(28) + be32(28);
    EXPECT_NE(errorOf(readIdx(write("huge", billions + "abc"), "")).find("refused"), std::string::npos);
    const std::string many = std::string("\x00\x00\x08\x03", 4) + be32(16000000u) + be32(28) + be32(28);
    EXPECT_NE(errorOf(readIdx(write("many", many + "abc"), "")).find("but the file holds 3"), std::string::npos);
    EXPECT_NE(errorOf(readIdx(write("labels-as-images", idxLabels({1, 2})), "")).find("1 dimensions where images need 3"),
              std::string::npos);
    const auto images = write("imgs", idxImages(3, 2, 2));
    EXPECT_NE(errorOf(readIdx(images, write("two-labels", idxLabels({1, 2})))).find("2 labels for 3 images"),
              std::string::npos);
    EXPECT_NE(errorOf(readIdx(images, dir.file("none"))).find("cannot open"), std::string::npos);
    const std::string packed = awb::test::readText(awb::test::writeGzip(dir.file("p.gz"), idxImages(200, 28, 28)));
    EXPECT_NE(errorOf(readIdx(write("cut.gz", packed.substr(0, packed.size() / 2)), "")).find("truncated gzip"),
              std::string::npos);
}

TEST(IdxReader, LoadDataRecognisesIdxByContent) {
    TempDir dir;
    DataConfig c;
    c.path = awb::test::writeText(dir.file("images.bin"), idxImages(4, 2, 2));
    c.labelsPath = awb::test::writeText(dir.file("labels.bin"), idxLabels({0, 1, 0, 1}));
    auto d = loadData(c);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->kind, DataKind::Image);
    EXPECT_EQ(d->classCounts(), (std::vector<size_t>{2, 2}));
    c.path = awb::test::writeText(dir.file("x.csv"), "1,2\n3,4\n");
    auto csvWithLabels = loadData(c);
    ASSERT_FALSE(csvWithLabels.ok());
    EXPECT_NE(csvWithLabels.error().message.find("data.labels_path"), std::string::npos);
}

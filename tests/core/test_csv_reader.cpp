// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "core/data/csv_reader.h"
#include "core/data/file_reader.h"
#include "test_helpers.h"

using namespace awb::core;
using awb::test::TempDir;

namespace {

CsvOptions labelled(const std::string& column) {
    CsvOptions o;
    o.labelColumn = column;
    return o;
}

Expected<Dataset> parse(const std::string& text, const std::string& label = "") {
    return parseCsv(text, "t.csv", labelled(label));
}

}  // namespace

TEST(CsvReader, ReadsHeaderlessNumbersWithLastLabel) {
    auto d = parse("0.5,1.5,1.0\n2,3,0.0\n4,5e-1,1\n", "last");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->size(), 3u);
    EXPECT_EQ(d->sampleShape, std::vector<int64_t>{2});
    EXPECT_FLOAT_EQ(d->sample(2)[1], 0.5f);
    ASSERT_EQ(d->classNames, (std::vector<std::string>{"0", "1"}));  // "1.0" and "1" are one class
    EXPECT_EQ(d->labels, (std::vector<int>{1, 0, 1}));
    EXPECT_EQ(d->featureNames, (std::vector<std::string>{"x0", "x1"}));
}

TEST(CsvReader, DetectsHeaderAndLabelByName) {
    auto d = parse("a,label,b\n1,normal,2\n3,fraud,4\n", "label");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->featureNames, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(d->labelName, "label");
    EXPECT_EQ(d->classNames, (std::vector<std::string>{"fraud", "normal"}));
    EXPECT_FLOAT_EQ(d->sample(1)[1], 4.0f);
}

TEST(CsvReader, TextLabelColumnAloneIsNotAHeader) {
    auto d = parse("normal,1,2\nfraud,3,4\n", "first");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->size(), 2u);
}

TEST(CsvReader, UcrLayoutLabelFirstAndIndex) {
    auto first = parse("1,0.1,0.2\n2,0.3,0.4\n", "first");
    auto byIndex = parse("1,0.1,0.2\n2,0.3,0.4\n", "0");
    ASSERT_TRUE(first.ok() && byIndex.ok());
    EXPECT_EQ(first->values, byIndex->values);
    EXPECT_EQ(first->values, (std::vector<float>{0.1f, 0.2f, 0.3f, 0.4f}));
}

TEST(CsvReader, SeparatorsBomCrlfAndQuotes) {
    auto semi = parse("\xEF\xBB\xBFx;y\r\n1,5;2\r\n3;4\r\n");
    ASSERT_FALSE(semi.ok());  // "1,5" is not a number with ';' separating fields
    EXPECT_NE(semi.error().message.find("t.csv:2:1"), std::string::npos) << semi.error().message;

    auto ok = parse("\xEF\xBB\xBF\"x\";\"y\"\r\n1;2\r\n3;4\r\n\r\n");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->featureNames, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(ok->values, (std::vector<float>{1, 2, 3, 4}));

    auto tabs = parse("1\t2\n3\t4\n");
    ASSERT_TRUE(tabs.ok());
    EXPECT_EQ(tabs->sampleShape, std::vector<int64_t>{2});
    auto blanks = parse("  1   2\n3 4  \n");
    ASSERT_TRUE(blanks.ok()) << blanks.error().message;
    EXPECT_EQ(blanks->values, (std::vector<float>{1, 2, 3, 4}));
}

TEST(CsvReader, ReadsGzipThroughZlib) {
    TempDir dir;
    const auto path = awb::test::writeGzip(dir.file("d.csv.gz"), "1,2,0\n3,4,1\n");
    auto d = readCsv(path, labelled("last"));
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->values, (std::vector<float>{1, 2, 3, 4}));
    EXPECT_EQ(d->source, path);
}

struct BadCase {
    const char* name;
    const char* text;
    const char* label;
    const char* expected;  // fragment the message must contain
};

class CsvBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(CsvBadInput, NamesFileLineAndColumn) {
    const BadCase& c = GetParam();
    auto d = parse(c.text, c.label);
    ASSERT_FALSE(d.ok()) << c.name;
    EXPECT_NE(d.error().message.find(c.expected), std::string::npos)
        << c.name << ": " << d.error().message;
    EXPECT_EQ(d.error().message.rfind("t.csv", 0), 0u) << d.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, CsvBadInput,
    ::testing::Values(
        BadCase{"empty", "", "", "empty"}, BadCase{"blank", "\n \n", "", "empty"},
        BadCase{"header only", "a,b\n", "", "no data rows"},
        BadCase{"ragged", "1,2,3\n4,5\n", "", "t.csv:2: 2 fields where the first row has 3"},
        BadCase{"text in numeric", "a,b\n1,2\n3,x\n", "", "t.csv:3:2: 'x' in column 'b' is not a number"},
        BadCase{"nan", "1,2\nnan,3\n", "", "t.csv:2:1: value 'nan' in column 1 is not finite"},
        BadCase{"inf", "1,2\n3,-inf\n", "", "t.csv:2:2: value '-inf'"},
        BadCase{"overflow", "1,2\n3,1e99\n", "", "not finite"},
        BadCase{"empty field", "1,2\n3,\n", "", "(empty field)"},
        BadCase{"label index range", "1,2\n3,4\n", "7", "label column index 7 is out of range"},
        BadCase{"label name missing", "a,b\n1,2\n", "y", "no column named 'y' (columns: a, b)"},
        BadCase{"label name no header", "1,2\n3,4\n", "y", "given by name, but the file has no header"},
        BadCase{"only label", "1\n0\n", "last", "no feature columns"},
        BadCase{"empty label", "1,2\n3,\n", "last", "t.csv:2:2: empty label"}),
    [](const auto& info) {
        std::string n = info.param.name;
        for (char& ch : n) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

TEST(CsvReader, BinaryFileWithNulIsRefused) {
    auto d = parseCsv(std::string("1,2\n\0\0\0", 7), "b.bin", {});
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("b.bin: binary data"), std::string::npos);
}

TEST(FileReader, MissingFileIsAnIoError) {
    auto d = readCsv("/nonexistent/dir/x.csv", {});
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::Io);
    EXPECT_NE(d.error().message.find("/nonexistent/dir/x.csv: cannot open"), std::string::npos);
}

TEST(FileReader, TruncatedGzipIsReported) {
    TempDir dir;
    std::string big;
    for (int i = 0; i < 20000; ++i) big += std::to_string(i) + "," + std::to_string(i * 7 % 13) + "\n";
    const auto path = awb::test::writeGzip(dir.file("full.csv.gz"), big);
    const std::string packed = awb::test::readText(path);
    const auto cut = awb::test::writeText(dir.file("cut.csv.gz"), packed.substr(0, packed.size() / 2));
    auto d = readFileContent(cut);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("cut.csv.gz: truncated gzip"), std::string::npos) << d.error().message;
    auto whole = readFileContent(path);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(*whole, big);
}

TEST(FileReader, CorruptGzipIsReported) {
    TempDir dir;
    std::string packed = awb::test::readText(awb::test::writeGzip(dir.file("a.gz"), std::string(5000, 'a')));
    for (size_t i = 12; i < packed.size() - 8; ++i) packed[i] = static_cast<char>(packed[i] ^ 0x5a);
    auto d = readFileContent(awb::test::writeText(dir.file("bad.gz"), packed));
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("bad.gz:"), std::string::npos);
}

TEST(FileReader, RefusesMoreThanTheLimit) {
    TempDir dir;
    const auto path = awb::test::writeGzip(dir.file("bomb.gz"), std::string(1 << 20, '0'));
    auto d = readFileContent(path, 1000);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("refused"), std::string::npos);
}

TEST(FileReader, AtomicWriteReplacesContent) {
    TempDir dir;
    const auto path = dir.file("out.txt");
    ASSERT_TRUE(writeFileAtomic(path, "old").ok());
    ASSERT_TRUE(writeFileAtomic(path, "new content").ok());
    EXPECT_EQ(awb::test::readText(path), "new content");
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) (void)e, ++files;
    EXPECT_EQ(files, 1u);  // no temporary left behind
    EXPECT_FALSE(writeFileAtomic("/nonexistent/dir/out.txt", "x").ok());
}

TEST(FileReader, RemoveTreeTakesFoldersWholeAndLeavesLinkTargets) {
    TempDir dir;
    const std::filesystem::path tree = dir.path() / "tree";
    std::filesystem::create_directories(tree / "a" / "b");
    awb::test::writeText((tree / "a" / "b" / "f.txt").string(), "x");
    const auto outside = awb::test::writeText(dir.file("keep.txt"), "kept");
    std::filesystem::create_symlink(outside, tree / "a" / "link");
    std::filesystem::create_directory_symlink(dir.path(), tree / "dirlink");  // a loop if followed
    ASSERT_TRUE(removeTree(tree.string()).ok());
    EXPECT_FALSE(std::filesystem::exists(tree));
    EXPECT_EQ(awb::test::readText(outside), "kept");
    EXPECT_TRUE(removeTree(tree.string()).ok());  // already gone: fine
    const auto file = awb::test::writeText(dir.file("single.txt"), "y");
    ASSERT_TRUE(removeTree(file).ok());
    EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(Dataset, AnomalyMaskMatchesLabelsByValue) {
    auto d = parse("1,1.0\n2,0\n3,2\n", "last");
    ASSERT_TRUE(d.ok());
    auto mask = d->anomalyMask({"1"});
    ASSERT_TRUE(mask.ok());
    EXPECT_EQ(*mask, (std::vector<uint8_t>{0, 1, 1}));
    auto two = d->anomalyMask({"1", "2.0"});
    ASSERT_TRUE(two.ok());
    EXPECT_EQ(*two, (std::vector<uint8_t>{0, 1, 0}));
    auto missing = d->anomalyMask({"5"});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("normal label '5' is not a value"), std::string::npos);
    EXPECT_NE(missing.error().message.find("values present: 0, 1, 2"), std::string::npos);
}

TEST(Dataset, SubsetKeepsOrderAndLabels) {
    auto d = parse("1,a\n2,b\n3,c\n", "last");
    ASSERT_TRUE(d.ok());
    const Dataset s = d->subset({2, 0});
    EXPECT_EQ(s.values, (std::vector<float>{3, 1}));
    EXPECT_EQ(s.labels, (std::vector<int>{2, 0}));
    EXPECT_EQ(d->classCounts(), (std::vector<size_t>{1, 1, 1}));
}

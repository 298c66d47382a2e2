// SPDX-License-Identifier: GPL-3.0-or-later
// Reliability, round two: reads bounded before they allocate, names from data that are not paths,
// text from outside kept, and results that are refused rather than shown as zeros.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <set>

#include "core/common/text.h"
#include "core/data/csv_reader.h"
#include "core/data/dataset.h"
#include "core/data/file_reader.h"
#include "core/data/image_folder_reader.h"
#include "core/experiment/experiment_config.h"
#include "core/experiment/memory_budget.h"
#include "core/experiment/one_class_sweep.h"
#include "core/experiment/staged_folder.h"
#include "core/models/model_spec.h"
#include "test_helpers.h"

using namespace awb::core;
using awb::test::TempDir;

namespace {

constexpr rlim_t kThreeGiB = rlim_t(3) << 30;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;  // reserves terabytes of address space: no ulimit -v there
#else
constexpr bool kAddressSanitizer = false;
#endif

/// Address space mapped now (VmSize): libtorch alone maps about 1 GB here, CUDA builds far more.
rlim_t mappedNow() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    unsigned long long kib = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "VmSize: %llu kB", &kib) == 1) break;
    }
    std::fclose(f);
    return static_cast<rlim_t>(kib) * 1024;
}

/// Runs `body` in a child process under an address-space limit of 3 GB (or 3 GB beyond what is
/// mapped already, where that is more: a CUDA build) and a time limit, so a read that never ends
/// or one that would exhaust memory fails the check instead of the machine; true when the child
/// returned true.
bool inLimitedChild(const std::function<bool()>& body, unsigned seconds = 30) {
    std::fflush(nullptr);
    const rlim_t bytes = std::max(kThreeGiB, mappedNow() + (rlim_t(3) << 29));
    const pid_t pid = ::fork();
    if (pid == 0) {
        struct rlimit limit {bytes, bytes};
        if (!kAddressSanitizer) ::setrlimit(RLIMIT_AS, &limit);
        ::alarm(seconds);
        bool passed = false;
        try {
            passed = body();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child threw: %s\n", e.what());
        }
        std::fflush(nullptr);
        ::_exit(passed ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) std::fprintf(stderr, "child ended by signal %d\n", WTERMSIG(status));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

CsvOptions withLabel(const std::string& column) {
    CsvOptions o;
    o.labelColumn = column;
    return o;
}

bool refusedWith(const Expected<std::string>& r, const std::string& fragment) {
    if (r.ok()) return false;
    if (r.error().message.find(fragment) == std::string::npos) {
        std::fprintf(stderr, "message: %s\n", r.error().message.c_str());
        return false;
    }
    return true;
}

void put32be(std::string& s, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 0xFF);
}

/// A PNG of which only the signature and the IHDR chunk are real: it claims width x height.
/// A PNG chunk: length, type, data, CRC.
std::string pngChunk(const std::string& type, const std::string& data) {
    std::string out;
    put32be(out, static_cast<uint32_t>(data.size()));
    const std::string body = type + data;
    out += body;
    put32be(out, static_cast<uint32_t>(
                     crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
    return out;
}

std::string pngHeader(uint32_t width, uint32_t height) {
    std::string ihdr;
    put32be(ihdr, width);
    put32be(ihdr, height);
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
    // An empty IDAT: a decoder would fail later, after allocating.
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", "") +
           pngChunk("IEND", "");
}

}  // namespace

TEST(BoundedRead, DevZeroIsRefusedAtOnceNamingWhatItIs) {
    EXPECT_TRUE(inLimitedChild([] { return refusedWith(readFileContent("/dev/zero"), "/dev/zero: is a character device"); }));
}

TEST(BoundedRead, AFifoWithoutAWriterDoesNotBlock) {
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_TRUE(inLimitedChild([&] { return refusedWith(readFileContent(fifo), "pipe: is a named pipe (FIFO)"); }, 10));
}

TEST(BoundedRead, AFolderIsRefused) {
    TempDir dir;
    EXPECT_TRUE(refusedWith(readFileContent(dir.path().string()), "is a folder"));
}

TEST(BoundedRead, AFileLargerThanTheLimitIsRefusedBeforeItIsRead) {
    TempDir dir;
    const auto path = awb::test::writeText(dir.file("big.csv"), std::string(10000, '1'));
    EXPECT_TRUE(refusedWith(readFileContent(path, 1000), "10000 bytes, larger than 1000 bytes"));
}

TEST(BoundedRead, AGzipTrailerIsAHintNotAnAllocation) {
    TempDir dir;
    // 59 bytes whose last four claim 4 GB; before, 4 GB were reserved from them.
    std::string packed = awb::test::readText(awb::test::writeGzip(dir.file("a.gz"), "1,2,0\n3,4,1\n"));
    packed.resize(packed.size() - 4);
    packed += std::string("\xff\xff\xff\xff", 4);
    const auto path = awb::test::writeText(dir.file("claims.csv.gz"), packed);
    EXPECT_TRUE(inLimitedChild([&] {
        auto r = readFileContent(path);
        return r.ok() && *r == "1,2,0\n3,4,1\n";  // zlib checks the size only against its own count
    }) || inLimitedChild([&] { return refusedWith(readFileContent(path), "claims.csv.gz"); }));
    EXPECT_LE(gzipReservationCap(59), size_t{64} << 20);
    EXPECT_GE(gzipReservationCap(size_t{100} << 20), size_t{1600} << 20);  // big files still reserve well
    // Half of a large gzip file: its trailer is four random bytes of the middle.
    std::string big;
    for (int i = 0; i < 300000; ++i) big += std::to_string(i) + "," + std::to_string(i * 7 % 13) + "\n";
    const std::string whole = awb::test::readText(awb::test::writeGzip(dir.file("big.csv.gz"), big));
    for (size_t cut : {whole.size() / 2, whole.size() / 3, whole.size() - 9}) {
        std::string half = whole.substr(0, cut);
        half.replace(half.size() - 4, 4, "\xfe\xff\xff\xff");
        const auto halfPath = awb::test::writeText(dir.file("half.csv.gz"), half);
        EXPECT_TRUE(inLimitedChild([&] { return refusedWith(readFileContent(halfPath), "half.csv.gz: truncated gzip"); }));
    }
}

TEST(BoundedRead, AHugePngIsRefusedFromItsHeader) {
    TempDir dir;
    const auto folder = dir.path() / "imgs";
    std::filesystem::create_directories(folder / "a");
    const std::string png = (folder / "a" / "huge.png").string();
    auto refused = [&](const ImageFolderOptions& options, const std::string& fragment) {
        return inLimitedChild([&] {
            auto d = readImageFolder(folder.string(), options);
            if (d.ok()) return false;
            std::fprintf(stderr, "%s\n", d.error().message.c_str());
            return d.error().message.find(fragment) != std::string::npos;
        }, 20);
    };
    // Before, the 16000x16000 RGB header passed and the image was decoded into 6.2 GB of floats.
    awb::test::writeText(png, pngHeader(16000, 16000));
    EXPECT_TRUE(refused({}, "huge.png: images of 16000x16000 are larger than 4096 pixels a side"));
    ImageFolderOptions small;
    small.width = small.height = 28;
    EXPECT_TRUE(refused(small, "huge.png"));  // resized: read as bytes, and this one has no pixel data
    awb::test::writeText(png, pngHeader(17000, 16000));
    EXPECT_TRUE(refused(small, "huge.png: image of 17000x16000 pixels is larger than the 268435456 pixels"));
}

TEST(Text, InvalidUtf8IsReadAsLatin1AndValidTextIsKept) {
    EXPECT_EQ(toValidUtf8("donn\xe9" "es"), "donn\xc3\xa9" "es");
    EXPECT_EQ(toValidUtf8("donn\xc3\xa9" "es"), "donn\xc3\xa9" "es");
    EXPECT_TRUE(isValidUtf8(toValidUtf8(std::string("\xff\xfe\xc3(\xed\xa0\x80", 7))));
    EXPECT_FALSE(isValidUtf8("\xc0\xaf"));  // an overlong '/'
}

TEST(Text, NamesFromDataAreNeverPaths) {
    for (const std::string& evil : std::vector<std::string>{"x/../../../victim", "..", ".", "", "/etc/passwd", "a\\b", std::string("a\0b", 3),
                                   ".hidden", std::string(400, 'y'), "l\xe9gende", "tab\there"}) {
        const std::string safe = safePathComponent(evil);
        EXPECT_FALSE(safe.empty());
        EXPECT_EQ(safe.find('/'), std::string::npos) << safe;
        EXPECT_EQ(safe.find('\\'), std::string::npos) << safe;
        EXPECT_EQ(safe.find('\0'), std::string::npos) << safe;
        EXPECT_NE(safe.front(), '.') << safe;
        EXPECT_LE(safe.size(), 120u);
        EXPECT_TRUE(isValidUtf8(safe));
    }
    EXPECT_EQ(safePathComponent("pvc"), "pvc");
    std::set<std::string> used;
    EXPECT_EQ(classFolderName("a/b", used), "class-a_b");
    EXPECT_EQ(classFolderName("a_b", used), "class-a_b-2");  // two labels, two folders
    EXPECT_EQ(classFolderName("..", used), "class-_..");
}

TEST(Text, MessagesClipLongFieldsAndCsvFieldsQuote) {
    const std::string clipped = clipForMessage(std::string(2000, '7'));
    EXPECT_LT(clipped.size(), 100u);
    EXPECT_NE(clipped.find("(2000 bytes)"), std::string::npos);
    EXPECT_EQ(csvField("plain"), "plain");
    EXPECT_EQ(csvField("ok, normal"), "\"ok, normal\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(CsvReader, QuotedFieldsHoldCommasAndQuotes) {
    auto d = parseCsv("a,b,kind\n1,2,\"ok, normal\"\n3,4,\"said \"\"no\"\"\"\n5,6, \"ok, normal\" \n", "q.csv",
                      withLabel("kind"));
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->sampleShape, (std::vector<int64_t>{2}));
    EXPECT_EQ(d->classNames, (std::vector<std::string>{"ok, normal", "said \"no\""}));
    EXPECT_EQ(d->labels, (std::vector<int>{0, 1, 0}));
}

TEST(CsvReader, ALoneCarriageReturnEndsALine) {
    auto d = parseCsv("a,b,kind\r1,2,n\r3,4,m\r", "cr.csv", withLabel("kind"));
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->size(), 2u);
    auto mixed = parseCsv("a,b\r\n1,2\r\n\r\n3,4\n5,6", "m.csv", {});
    ASSERT_TRUE(mixed.ok()) << mixed.error().message;
    EXPECT_EQ(mixed->size(), 3u);
}

TEST(CsvReader, ADuplicateColumnNameIsAmbiguousNotTheFirst) {
    auto d = parseCsv("kind,b,kind\n1,2,0\n3,4,1\n", "dup.csv", withLabel("kind"));
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("dup.csv: 2 columns are named 'kind' (indexes 0 and 2"), std::string::npos)
        << d.error().message;
    EXPECT_TRUE(parseCsv("kind,b,kind\n1,2,0\n3,4,1\n", "dup.csv", withLabel("2")).ok());
}

TEST(CsvReader, ALatin1HeaderAndLabelBecomeUtf8) {
    auto d = parseCsv("donn\xe9" "es,b,kind\n1,2,l\xe9ger\n3,4,n\n", "l1.csv", withLabel("kind"));
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->featureNames[0], "donn\xc3\xa9" "es");
    EXPECT_EQ(d->classNames[0], "l\xc3\xa9ger");
}

TEST(CsvReader, ErrorMessagesStayShort) {
    std::string wide = "a";
    for (int i = 0; i < 500; ++i) wide += ",column_with_a_long_name_" + std::to_string(i);
    wide += "\n";
    for (int r = 0; r < 2; ++r) {
        wide += "1";
        for (int i = 0; i < 500; ++i) wide += "," + std::to_string(i);
        wide += "\n";
    }
    auto d = parseCsv(wide, "w.csv", withLabel("nope"));
    ASSERT_FALSE(d.ok());
    EXPECT_LT(d.error().message.size(), 500u) << d.error().message;
    auto field = parseCsv("a,b\n" + std::string(3000, '9') + "x,1\n", "f.csv", withLabel("b"));
    ASSERT_FALSE(field.ok());
    EXPECT_LT(field.error().message.size(), 300u) << field.error().message;
    EXPECT_NE(field.error().message.find("f.csv:2:1"), std::string::npos);
}

TEST(ExperimentConfigInts, NumbersThatDoNotFitAreRefusedNotWrapped) {
    for (const auto& [text, fragment] : std::vector<std::pair<std::string, std::string>>{
             {R"({"training": {"epochs": 4294967298}})", "training.epochs: 4294967298 is out of range"},
             {R"({"training": {"batch_size": 4294967360}})", "training.batch_size: 4294967360 is out of range"},
             {R"({"training": {"seed": -1}})", "training.seed: -1 is out of range"},
             {R"({"model": {"layers": [18446744073709551615]}})", "model.layers: 18446744073709551615 is out of range"}}) {
        ExperimentConfig c;
        auto st = applyJson(c, text, "c.json");
        ASSERT_FALSE(st.ok()) << text;
        EXPECT_NE(st.error().message.find(fragment), std::string::npos) << st.error().message;
        EXPECT_EQ(c.training.epochs, ExperimentConfig().training.epochs);
    }
}

TEST(MemoryBudget, TheEstimateIsExactForParametersAndRefusesWhatDoesNotFit) {
    ExperimentConfig c;
    c.model.layers = {32, 16, 8};
    // 140-32-16-8-16-32-140, the tutorial's net: 140*32+32 + 32*16+16 + 16*8+8, mirrored.
    EXPECT_EQ(estimateParameterCount(c.model, {140}), (140 * 32 + 32 + 32 * 16 + 16 + 16 * 8 + 8) +
                                                          (8 * 16 + 16 + 16 * 32 + 32 + 32 * 140 + 140));
    // The 50 MB single-line CSV: 8.5 M features.
    c.model.layers = {64, 32};
    const auto e = estimateRunMemory(c, {8500000}, 1, 0);
    EXPECT_GT(e.parameters, 1'000'000'000);
    auto st = checkMemoryBudget(c, e, uint64_t(3) << 30);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("model.layers: this run needs about"), std::string::npos) << st.error().message;
    EXPECT_NE(st.error().message.find("3.0 GiB this process can still use"), std::string::npos) << st.error().message;
    EXPECT_TRUE(checkMemoryBudget(c, estimateRunMemory(c, {140}, 4000, 500), uint64_t(1) << 30).ok());
    c.model.layers = {1LL << 40};  // saturates instead of wrapping
    EXPECT_EQ(estimateParameterCount(c.model, {1LL << 40}), INT64_MAX);
    EXPECT_GT(availableMemoryBytes(), uint64_t(64) << 20);
}

TEST(StagedFolder, ASweepGoesOnlyWhereNothingElseLives) {
    TempDir dir;
    const auto mine = dir.path() / "mine";
    std::filesystem::create_directories(mine);
    awb::test::writeText((mine / "sweep.csv").string(), "my own table\n");
    auto refused = StagedFolder::begin(mine.string(), FolderKind::Sweep);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("exists and is not a sweep folder"), std::string::npos);
    EXPECT_EQ(awb::test::readText((mine / "sweep.csv").string()), "my own table\n");
    // A new sweep, then a second one over it.
    for (int round = 0; round < 2; ++round) {
        auto staged = StagedFolder::begin((dir.path() / "sweep").string(), FolderKind::Sweep);
        ASSERT_TRUE(staged.ok()) << staged.error().message;
        const std::filesystem::path s(staged->staging());
        EXPECT_EQ(s.parent_path(), dir.path());
        EXPECT_EQ(s.filename().string().front(), '.');
        std::filesystem::create_directories(s / "class-a");
        awb::test::writeText((s / "class-a" / "config.json").string(), "{}");
        awb::test::writeText((s / "class-a" / "metrics.json").string(), "{}");
        awb::test::writeText((s / "sweep.csv").string(), "class,auroc,auprc,n_test,seconds\nmean,0.5,,,\n");
        ASSERT_TRUE(staged->commit().ok());
        EXPECT_TRUE(isReplaceableFolder((dir.path() / "sweep").string(), FolderKind::Sweep));
    }
    EXPECT_FALSE(isReplaceableFolder((dir.path() / "sweep").string(), FolderKind::Run));
    size_t entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) (void)e, ++entries;
    EXPECT_EQ(entries, 2u);  // mine and sweep; no staging folder left
}

TEST(StagedFolder, AKilledSavesStagingFolderIsRemovedByTheNextSaveOnThisHost) {
    TempDir dir;
    // A save into "other" whose process ends without cleaning up (as a kill would leave it).
    const pid_t child = ::fork();
    if (child == 0) {
        auto staged = StagedFolder::begin((dir.path() / "other").string(), FolderKind::Run);
        ::_exit(staged.ok() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    auto stagingOf = [&](const std::string& target) {
        std::vector<std::filesystem::path> found;
        for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
            if (e.path().filename().string().rfind("." + target + ".tmp-", 0) == 0) found.push_back(e.path());
        }
        return found;
    };
    ASSERT_EQ(stagingOf("other").size(), 1u);
    EXPECT_NE(stagingOf("other")[0].filename().string().find('@'), std::string::npos);  // names its host
    const std::string dead = std::to_string(child);
    // Another host's (a process number means nothing here), an older one of the same target
    // without a host, and one of a live process.
    const auto foreign = dir.path() / (".third.tmp-" + dead + "-0000abcd@elsewhere");
    const auto legacy = dir.path() / (".run.tmp-" + dead + "-0000abcd");
    const auto live = dir.path() / (".run.tmp-" + std::to_string(::getppid()) + "-0000abcd");
    for (const auto& p : {foreign, legacy, live}) std::filesystem::create_directories(p);
    auto staged = StagedFolder::begin((dir.path() / "run").string(), FolderKind::Run);
    ASSERT_TRUE(staged.ok());
    EXPECT_TRUE(stagingOf("other").empty());  // this host's, process gone: removed
    EXPECT_FALSE(std::filesystem::exists(legacy));
    EXPECT_TRUE(std::filesystem::exists(foreign));
    EXPECT_TRUE(std::filesystem::exists(live));
    // "." and ".." in the path name the folder they resolve to.
    std::filesystem::create_directories(dir.path() / "sub");
    auto dotted = StagedFolder::begin((dir.path() / "sub" / ".." / "run2").string(), FolderKind::Run);
    ASSERT_TRUE(dotted.ok());
    EXPECT_EQ(dotted->target(), (dir.path() / "run2").string());
}

TEST(StagedFolder, AnUnwritablePlaceIsRefusedNamingTheUsersPath) {
    TempDir dir;
    const auto file = awb::test::writeText(dir.file("plain.txt"), "x");
    auto st = checkOutputFolder(file + "/run", FolderKind::Run);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().message.rfind(file + "/run: cannot create the folder", 0), 0u) << st.error().message;
    EXPECT_EQ(st.error().message.find(".tmp-"), std::string::npos);
}

// A 16-bit PNG is narrowed like a 16-bit PNM (mid-grey 32768 -> 128), not gamma-encoded as linear
// light (libpng's simplified API would give about 188).
TEST(ImageDecoding, SixteenBitPngIsNarrowedNotGammaEncoded) {
    std::string ihdr;
    put32be(ihdr, 3);
    put32be(ihdr, 1);
    ihdr += std::string("\x10\x00\x00\x00\x00", 5);            // 16-bit grey
    const std::string raw("\x00\x00\x00\x80\x00\xff\xff", 7);  // filter 0; 0, 32768, 65535
    std::string packed(compressBound(raw.size()), '\0');
    uLongf size = packed.size();
    ASSERT_EQ(compress(reinterpret_cast<Bytef*>(&packed[0]), &size,
                       reinterpret_cast<const Bytef*>(raw.data()), raw.size()),
              Z_OK);
    packed.resize(size);
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
                            pngChunk("IDAT", packed) + pngChunk("IEND", "");
    auto img = decodeImage(png, "grey16.png", 1, 0, 0);
    ASSERT_TRUE(img.ok()) << img.error().message;
    ASSERT_EQ(img->planar.size(), 3u);
    EXPECT_NEAR(img->planar[0], 0.0f, 1e-6);
    EXPECT_NEAR(img->planar[1], 128 / 255.0f, 1.5f / 255);
    EXPECT_NEAR(img->planar[2], 1.0f, 1e-6);
}

// Numbers in files must not depend on the C locale (the window's QApplication sets it from the
// environment; a decimal-comma locale would make printf write "0,5" and strtod stop at the point).
// No such locale is installed on the test machines, so these pin down the locale-free results.
TEST(Numbers, FormatAndParseRoundTripWithoutTheLocale) {
    using awb::core::formatFixed;
    using awb::core::formatNumber;
    using awb::core::parseFiniteDouble;
    for (double v : {0.1, 1.0 / 3.0, 1e-300, -2.5e17, 0.0012345678359270096, 123456789.0}) {
        double back = 0;
        ASSERT_TRUE(parseFiniteDouble(formatNumber(v), back)) << formatNumber(v);
        EXPECT_EQ(back, v) << formatNumber(v);
    }
    EXPECT_EQ(formatNumber(0.5), "0.5");
    EXPECT_EQ(formatNumber(1.0 / 3.0, 9), "0.333333333");
    EXPECT_EQ(formatNumber(1e-5, 12), "1e-05");
    EXPECT_EQ(formatNumber(std::nan("")), "nan");
    EXPECT_EQ(formatFixed(0.9031234567, 6), "0.903123");
    EXPECT_EQ(formatFixed(16.0, 2), "16.00");
    double v = 0;
    EXPECT_TRUE(parseFiniteDouble("+1.5", v));
    EXPECT_EQ(v, 1.5);
    EXPECT_TRUE(parseFiniteDouble("-1e3", v));
    EXPECT_EQ(v, -1000);
    for (const char* bad : {"", "+", "+-1", "1.5x", "0,5", "nan", "inf", "1e999", " 1", "1 "}) {
        EXPECT_FALSE(parseFiniteDouble(bad, v)) << bad;
    }
    EXPECT_EQ(awb::core::canonicalLabel("2.50"), "2.5");
    EXPECT_EQ(awb::core::canonicalLabel("1.0"), "1");
    EXPECT_EQ(awb::core::canonicalLabel("0.1000"), "0.1");
}

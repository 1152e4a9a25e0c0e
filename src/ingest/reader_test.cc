#include "dyad/reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/utf8.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

// Collects what readers produce.
struct Collect : DocSink {
  std::vector<RawDoc> docs;
  std::vector<std::pair<std::string, Status>> rejects;
  std::vector<std::string> skips;
  bool Accept(RawDoc d) override {
    docs.push_back(std::move(d));
    return true;
  }
  void Reject(const std::string& where, const Status& why) override {
    rejects.emplace_back(where, why);
  }
  void Skip(const std::string& where, std::string_view reason) override {
    skips.push_back(where + ":" + std::string(reason));
  }
};

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dyad_reader_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  Collect Read(const std::vector<std::string>& inputs, ReadOptions opts = {}) {
    Collect c;
    EXPECT_TRUE(ReadInputs(inputs, opts, c).ok());
    return c;
  }
  fs::path dir_;
};

TEST_F(ReaderTest, TextHeadersBecomeMetadataAndExcludedSpans) {
  std::string p = Write("a.txt",
                        "date 2025-03-02\ntitle Talks in Geneva\nsource Example Wire\n"
                        "url https://example.org/1\n\nDiplomats met on Monday.\n");
  Collect c = Read({p});
  ASSERT_EQ(c.docs.size(), 1u);
  const RawDoc& d = c.docs[0];
  EXPECT_EQ(d.meta.published.ToString(), "2025-03-02");
  EXPECT_EQ(d.meta.title, "Talks in Geneva");
  EXPECT_EQ(d.meta.source, "Example Wire");
  EXPECT_EQ(d.meta.url, "https://example.org/1");
  EXPECT_EQ(d.meta.format, "text");
  EXPECT_EQ(d.meta.origin, p);
  ASSERT_EQ(d.excluded.size(), 4u);
  EXPECT_EQ(d.excluded[0].reason, "header");
  EXPECT_EQ(d.text.substr(d.excluded.back().raw.end), "Diplomats met on Monday.\n");
}

TEST_F(ReaderTest, DateHeaderSharingTheFirstLine) {
  std::string p = Write("a.txt", " date 2025-03-02 Kremlin spokesman Dmitry Peskov spoke.");
  Collect c = Read({p});
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].meta.published.ToString(), "2025-03-02");
  ASSERT_EQ(c.docs[0].excluded.size(), 1u);
  EXPECT_EQ(c.docs[0].text.substr(c.docs[0].excluded[0].raw.end),
            "Kremlin spokesman Dmitry Peskov spoke.");
}

TEST_F(ReaderTest, NoDateStaysUnknownAndDateWordIsText) {
  Collect c = Read({Write("a.txt", "Date night in Paris was cancelled.\n")});
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_FALSE(c.docs[0].meta.published.known());
  EXPECT_TRUE(c.docs[0].excluded.empty());
}

TEST_F(ReaderTest, BadDateHeaderRejectsWithFileAndLine) {
  std::string p = Write("bad.txt", "title X\ndate 2025-02-30\nText.\n");
  Collect c = Read({p});
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_NE(c.rejects[0].second.message().find(p + ":2:"), std::string::npos)
      << c.rejects[0].second.message();
}

// The rejection quotes the start of the bad date; the quote must not cut a UTF-8 character, as
// messages go into JSON summaries. Found by fuzz/text_reader_fuzzer (a date header with a 4-byte
// character across the 60-byte quoting limit).
TEST(TextReader, BadDateHeaderMessageIsValidUtf8) {
  std::string rest = "3" + std::string(58, 'x') + "\xF0\x9F\x98\x80";  // bytes 59..62: U+1F600
  Collect c;
  ReadTextDocument("date " + rest + "\nTroops withdrew.\n", "t.txt", ReadOptions{}, c);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_TRUE(c.docs.empty());
  const std::string& msg = c.rejects[0].second.message();
  EXPECT_TRUE(utf8::IsValid(msg)) << msg;
  EXPECT_NE(msg.find("t.txt:1: cannot parse date header '3" + std::string(58, 'x') + "'"),
            std::string::npos)
      << msg;
}

// Standard input is sniffed from its first 4 KB; with a document size limit below that, the
// remaining budget (limit - head) must not wrap round to "unlimited" (which read all of stdin into
// memory before the size check): the input is refused while reading.
TEST_F(ReaderTest, StdinOverASmallLimitIsRejected) {
  std::string p = Write("in.txt", "Police said nobody was hurt in the blast on Sunday.\n");
  ASSERT_NE(std::freopen(p.c_str(), "rb", stdin), nullptr);
  ReadOptions opts;
  opts.max_document_bytes = 10;
  Collect c = Read({"-"}, opts);
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].first, "<stdin>");
  EXPECT_NE(c.rejects[0].second.message().find("input is larger than the document size limit of "
                                                "10 bytes"),
            std::string::npos)
      << c.rejects[0].second.message();
}

TEST_F(ReaderTest, JsonlGoodBadAndMalformedLines) {
  std::string p = Write(
      "w.jsonl",
      "{\"id\": \"a1\", \"text\": \"First.\", \"date\": \"2025-03-02\", \"source\": \"S\"}\n"
      "{\"text\": \"Second, no date.\"}\n"
      "{\"text\": \"Third\", \n"                        // malformed JSON
      "\n"                                               // blank: ignored
      "[1, 2]\n"                                         // not an object
      "{\"title\": \"no text\"}\n"                       // missing text
      "{\"text\": \"Bad date\", \"date\": \"someday\"}\n"
      "{\"text\": 42}\n"
      "{\"id\": 7, \"text\": \"Numeric id.\"}");        // no final newline
  Collect c = Read({p});
  ASSERT_EQ(c.docs.size(), 3u);
  EXPECT_EQ(c.docs[0].meta.external_id, "a1");
  EXPECT_EQ(c.docs[0].meta.published.ToString(), "2025-03-02");
  EXPECT_EQ(c.docs[0].meta.origin, p + ":1");
  EXPECT_FALSE(c.docs[1].meta.published.known());
  EXPECT_EQ(c.docs[2].meta.external_id, "7");
  EXPECT_EQ(c.docs[2].meta.origin, p + ":9");
  ASSERT_EQ(c.rejects.size(), 5u);
  std::vector<std::string> where;
  for (auto& r : c.rejects) where.push_back(r.first);
  EXPECT_EQ(where, (std::vector<std::string>{p + ":3", p + ":5", p + ":6", p + ":7", p + ":8"}));
}

TEST_F(ReaderTest, JsonlHugeLineIsRejectedAndTheRestRead) {
  std::string big(3000, 'x');
  std::string p = Write("big.jsonl", "{\"text\": \"" + big + "\"}\n{\"text\": \"small\"}\n");
  ReadOptions opts;
  opts.max_document_bytes = 1000;
  Collect c = Read({p}, opts);
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].text, "small");
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].first, p + ":1");
}

TEST_F(ReaderTest, LargeSingleLineTextFileIsRead) {
  std::string line;
  while (line.size() < (50u << 20)) line += "The delegation arrived in Geneva on Monday. ";
  std::string p = Write("long.txt", line);
  Collect c = Read({p}, ReadOptions{.max_document_bytes = size_t{64} << 20, .force_format = ""});
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].text.size(), line.size());
  Collect small = Read({p}, ReadOptions{.max_document_bytes = size_t{16} << 20, .force_format = ""});
  EXPECT_TRUE(small.docs.empty());
  ASSERT_EQ(small.rejects.size(), 1u);
  EXPECT_NE(small.rejects[0].second.message().find("size limit"), std::string::npos);
}

TEST_F(ReaderTest, BadFilesAreReportedAndTheRunGoesOn) {
  std::string good = Write("d/1_good.txt", "A fine article.\n");
  std::string empty = Write("d/2_empty.txt", "");
  std::string blank = Write("d/3_blank.txt", "  \n\n ");
  std::string latin1 = Write("d/4_latin1.txt", "Line one.\nCaf\xE9 society.\n");
  std::string binary = Write("d/5_image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  Write("d/.hidden.txt", "Not read.\n");
  std::string missing = (dir_ / "nope.txt").string();
  Collect c = Read({(dir_ / "d").string(), missing});
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].meta.origin, good);
  ASSERT_EQ(c.rejects.size(), 5u);
  EXPECT_EQ(c.rejects[0].first, empty);
  EXPECT_EQ(c.rejects[1].first, blank);
  EXPECT_EQ(c.rejects[2].first, latin1);
  EXPECT_NE(c.rejects[2].second.message().find(latin1 + ":2:4: invalid UTF-8"), std::string::npos)
      << c.rejects[2].second.message();
  EXPECT_EQ(c.rejects[3].first, binary);
  EXPECT_EQ(c.rejects[4].first, missing);
  EXPECT_EQ(c.rejects[4].second.code(), StatusCode::kNotFound);
  ASSERT_EQ(c.skips.size(), 1u);
}

TEST_F(ReaderTest, CsvWithMultilineQuotedFields) {
  std::string p = Write("w.csv",
                        "url,date,title,text\n"
                        "https://e.org/1,2019-01-04,\"A, B\",\"Friday, January 4, 2019\n\n"
                        "He said \"\"no\"\".\"\n"
                        "https://e.org/2,not a date,T,Text two\n"
                        "https://e.org/3,2020-01-01,T3\n"
                        "https://e.org/4,,T4,Text four\n");
  Collect c = Read({p});
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[0].meta.title, "A, B");
  EXPECT_EQ(c.docs[0].text, "Friday, January 4, 2019\n\nHe said \"no\".");
  EXPECT_EQ(c.docs[0].meta.published.ToString(), "2019-01-04");
  EXPECT_EQ(c.docs[0].meta.origin, p + ":2");
  EXPECT_EQ(c.docs[1].meta.origin, p + ":7");
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].first, p + ":5");
  EXPECT_EQ(c.rejects[1].first, p + ":6");
}

TEST(SniffFormat, ByExtensionThenContent) {
  EXPECT_EQ(SniffFormat("a.jsonl", "x"), InputFormat::kJsonl);
  EXPECT_EQ(SniffFormat("a.csv", "x"), InputFormat::kCsv);
  EXPECT_EQ(SniffFormat("a.warc.gz", ""), InputFormat::kWarc);
  EXPECT_EQ(SniffFormat("a", "<!DOCTYPE html><html>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("a", "WARC/1.0\r\n"), InputFormat::kWarc);
  EXPECT_EQ(SniffFormat("a", "{\"text\": \"x\"}\n{\"text\""), InputFormat::kJsonl);
  EXPECT_EQ(SniffFormat("a", "Plain words."), InputFormat::kText);
  EXPECT_EQ(SniffFormat("a", std::string("\0\1\2", 3)), InputFormat::kBinary);
}

}  // namespace
}  // namespace dyad

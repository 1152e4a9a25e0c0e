// Tests of the HTML and WARC readers over inputs the tests build themselves.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "dyad/reader.h"
#include "ingest/web_readers.h"
#include "ingest/web_test_util.h"

namespace dyad {
namespace {

using testing::CollectSink;
using testing::GzipMember;
using testing::HttpResponse;
using testing::NewsPage;
using testing::WarcRecord;

std::string TempPath(const std::string& name) {
  std::string dir = ::testing::TempDir() + "dyad_web_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// ---------------------------------------------------------------------------------------------
// HTML reader.

TEST(HtmlReader, RawDocFields) {
  std::string head =
      "<link rel=\"canonical\" href=\"https://news.example.com/2019/11/19/talks\">"
      "<meta property=\"og:site_name\" content=\"Daily Example\">";
  CollectSink sink;
  ReadHtmlBuffer(NewsPage("Talks resume", 4, head), "page.html", {}, sink);
  ASSERT_EQ(sink.docs.size(), 1u) << sink.AllRejects();
  const RawDoc& d = sink.docs[0];
  EXPECT_EQ(d.meta.format, "html");
  EXPECT_EQ(d.meta.origin, "page.html");
  EXPECT_EQ(d.meta.url, "https://news.example.com/2019/11/19/talks");
  EXPECT_EQ(d.meta.external_id, "https://news.example.com/2019/11/19/talks");
  EXPECT_EQ(d.meta.title, "Talks resume");
  EXPECT_EQ(d.meta.source, "Daily Example");
  EXPECT_EQ(d.meta.published, (Date{2019, 11, 19}));
  EXPECT_EQ(d.meta.language, "en");
  EXPECT_EQ(d.text.find("Paragraph 0"), 0u);
}

TEST(HtmlReader, CharsetFromMetaTag) {
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=iso-8859-1\"></head><body><article><p>Le pr\xE9sident a d\xE9" "clar\xE9 mardi, "
      "selon un communiqu\xE9, que les n\xE9gociations reprendraient.</p></article></body></html>";
  CollectSink sink;
  ReadHtmlBuffer(page, "fr.html", {}, sink);
  ASSERT_EQ(sink.docs.size(), 1u) << sink.AllRejects();
  EXPECT_NE(sink.docs[0].text.find("Le pr\xC3\xA9sident a d\xC3\xA9" "clar\xC3\xA9"),
            std::string::npos)
      << sink.docs[0].text;
  EXPECT_TRUE(sink.docs[0].meta.external_id.empty());  // no URL: content-hash id
}

TEST(HtmlReader, BadInputIsReportedWithOrigin) {
  CollectSink sink;
  ReadHtmlBuffer("", "empty.html", {}, sink);
  ReadHtmlBuffer("   \n", "blank.html", {}, sink);
  std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  binary += std::string(3000, '\x01');
  ReadHtmlBuffer(binary, "image.html", {}, sink);
  ReadOptions small;
  small.max_document_bytes = 100;
  ReadHtmlBuffer(NewsPage("T", 3), "big.html", small, sink);
  ReadHtmlBuffer("<html><body><ul><li><a href=/>Home</a></li></ul></body></html>", "nav.html",
                 {}, sink);
  EXPECT_TRUE(sink.docs.empty());
  ASSERT_EQ(sink.rejects.size(), 4u) << sink.AllRejects();
  EXPECT_EQ(sink.rejects[0].first, "empty.html");
  EXPECT_NE(sink.rejects[0].second.message().find("empty"), std::string::npos);
  EXPECT_EQ(sink.rejects[1].first, "blank.html");
  EXPECT_NE(sink.rejects[2].second.message().find("binary"), std::string::npos);
  EXPECT_NE(sink.rejects[3].second.message().find("exceeds"), std::string::npos);
  ASSERT_EQ(sink.skips.size(), 1u);
  EXPECT_EQ(sink.skips[0].second, "no-article-text");
}

// ---------------------------------------------------------------------------------------------
// WARC reader.

// A small crawl: every kind of record the reader meets.
std::vector<std::string> SampleRecords() {
  return {
      WarcRecord("warcinfo", "", "application/warc-fields", "software: test\r\n"),
      WarcRecord("request", "https://a.example/2019/01/02/one", "application/http; msgtype=request",
                 "GET /2019/01/02/one HTTP/1.1\r\nHost: a.example\r\n\r\n"),
      WarcRecord("response", "https://a.example/2019/01/02/one",
                 "application/http; msgtype=response", HttpResponse(NewsPage("One", 3))),
      WarcRecord("metadata", "https://a.example/2019/01/02/one", "application/warc-fields",
                 "fetchTimeMs: 12\r\n"),
      WarcRecord("response", "https://a.example/logo.png", "application/http; msgtype=response",
                 HttpResponse(std::string("\x89PNG....", 8), 200, "image/png")),
      WarcRecord("response", "https://a.example/gone", "application/http; msgtype=response",
                 HttpResponse("<html>Not found</html>", 404)),
      WarcRecord("resource", "https://b.example/two", "text/html", NewsPage("Two", 4)),
  };
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x;
  return s;
}

TEST(WarcReader, PlainWarcRecordsAndSkips) {
  std::vector<std::string> recs = SampleRecords();
  CollectSink sink;
  WarcStats st = ReadWarcBuffer(Join(recs), "t.warc", {}, sink);
  ASSERT_EQ(sink.docs.size(), 2u) << sink.AllRejects();
  EXPECT_TRUE(sink.rejects.empty()) << sink.AllRejects();
  EXPECT_EQ(st.records, 7u);
  EXPECT_EQ(st.documents, 2u);
  EXPECT_EQ(st.skipped, 5u);
  EXPECT_EQ(sink.SkipCount("warc-warcinfo"), 1);
  EXPECT_EQ(sink.SkipCount("warc-request"), 1);
  EXPECT_EQ(sink.SkipCount("warc-metadata"), 1);
  EXPECT_EQ(sink.SkipCount("not-html"), 1);
  EXPECT_EQ(sink.SkipCount("http-status-404"), 1);
  const RawDoc& one = sink.docs[0];
  EXPECT_EQ(one.meta.format, "warc");
  EXPECT_EQ(one.meta.url, "https://a.example/2019/01/02/one");
  EXPECT_EQ(one.meta.published, (Date{2019, 1, 2}));  // from the URL, not the WARC-Date
  size_t off = recs[0].size() + recs[1].size();
  EXPECT_EQ(one.meta.origin, "t.warc@" + std::to_string(off));
  EXPECT_EQ(one.meta.external_id, "https://a.example/2019/01/02/one");
  EXPECT_NE(one.text.find("Paragraph 2 of the story"), std::string::npos);
  EXPECT_EQ(sink.docs[1].meta.url, "https://b.example/two");
  EXPECT_FALSE(sink.docs[1].meta.published.known());
}

TEST(WarcReader, GzipPerRecordFileOffsetsAreMemberOffsets) {
  std::vector<std::string> recs = SampleRecords();
  std::string gz;
  std::vector<size_t> member_offsets;
  for (const auto& r : recs) {
    member_offsets.push_back(gz.size());
    gz += GzipMember(r);
  }
  std::string path = TempPath("crawl.warc.gz");
  WriteFile(path, gz);
  CollectSink sink;
  WarcStats st = ReadWarcFile(path, {}, sink);
  ASSERT_EQ(sink.docs.size(), 2u) << sink.AllRejects();
  EXPECT_EQ(st.records, 7u);
  EXPECT_EQ(sink.docs[0].meta.origin, path + "@" + std::to_string(member_offsets[2]));
  EXPECT_EQ(sink.docs[1].meta.origin, path + "@" + std::to_string(member_offsets[6]));
}

TEST(WarcReader, GzipMemberCutInTheMiddle) {
  std::vector<std::string> recs = SampleRecords();
  std::string gz;
  for (size_t i = 0; i + 1 < recs.size(); ++i) gz += GzipMember(recs[i]);
  size_t last = gz.size();
  std::string tail = GzipMember(recs.back());
  gz += tail.substr(0, tail.size() / 2);
  CollectSink sink;
  ReadWarcBuffer(gz, "cut.warc.gz", {}, sink);
  EXPECT_EQ(sink.docs.size(), 1u);  // the first page survives
  // The intact record just before the cut member is read as usual, not blamed for the damage.
  EXPECT_EQ(sink.SkipCount("http-status-404"), 1) << sink.AllRejects();
  ASSERT_FALSE(sink.rejects.empty());
  bool named = false;
  for (const auto& r : sink.rejects) {
    named |= r.first == "cut.warc.gz@" + std::to_string(last);
  }
  EXPECT_TRUE(named) << sink.AllRejects();
}

TEST(WarcReader, CorruptMemberInTheMiddleResynchronises) {
  std::vector<std::string> recs = SampleRecords();
  std::string gz;
  size_t bad_at = 0;
  for (size_t i = 0; i < recs.size(); ++i) {
    std::string m = GzipMember(recs[i]);
    if (i == 2) {
      bad_at = gz.size();
      for (size_t k = 20; k < 60 && k < m.size(); ++k) m[k] = static_cast<char>(m[k] ^ 0x33);
    }
    gz += m;
  }
  CollectSink sink;
  ReadWarcBuffer(gz, "bad.warc.gz", {}, sink);
  ASSERT_EQ(sink.docs.size(), 1u) << sink.AllRejects();
  EXPECT_EQ(sink.docs[0].meta.url, "https://b.example/two");  // the record after the damage
  ASSERT_FALSE(sink.rejects.empty());
  EXPECT_EQ(sink.rejects[0].first, "bad.warc.gz@" + std::to_string(bad_at)) << sink.AllRejects();
  EXPECT_EQ(sink.SkipCount("warc-metadata"), 1);  // records after the damage still read
}

TEST(WarcReader, WrongContentLength) {
  std::string page1 = HttpResponse(NewsPage("One", 3));
  std::string page2 = HttpResponse(NewsPage("Two", 3));
  std::string page3 = HttpResponse(NewsPage("Three", 3));
  std::string r1 = WarcRecord("response", "https://x/1", "application/http", page1);
  // Too short: the block ends early.
  std::string r2 =
      WarcRecord("response", "https://x/2", "application/http", page2, page2.size() - 100);
  std::string r3 = WarcRecord("response", "https://x/3", "application/http", page3);
  // Too long: swallows the record after it.
  std::string r4 =
      WarcRecord("response", "https://x/4", "application/http", page1, page1.size() + 500);
  std::string r5 = WarcRecord("response", "https://x/5", "application/http", page2);
  CollectSink sink;
  ReadWarcBuffer(r1 + r2 + r3 + r4 + r5, "len.warc", {}, sink);
  std::vector<std::string> urls;
  for (const auto& d : sink.docs) urls.push_back(d.meta.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"https://x/1", "https://x/3", "https://x/5"}))
      << sink.AllRejects();
  ASSERT_EQ(sink.rejects.size(), 2u) << sink.AllRejects();
  EXPECT_EQ(sink.rejects[0].first, "len.warc@" + std::to_string(r1.size()));
  EXPECT_NE(sink.rejects[0].second.message().find("Content-Length"), std::string::npos);
  EXPECT_EQ(sink.rejects[1].first, "len.warc@" + std::to_string(r1.size() + r2.size() + r3.size()));
}

TEST(WarcReader, GarbageAndTruncation) {
  std::string r1 = WarcRecord("resource", "https://x/1", "text/html", NewsPage("One", 3));
  std::string r2 = WarcRecord("resource", "https://x/2", "text/html", NewsPage("Two", 3));
  std::string garbage = "this is not a WARC record\r\nnor is this\r\n";
  CollectSink sink;
  ReadWarcBuffer(garbage + r1 + "junk" + r2 + r1.substr(0, r1.size() / 2), "g.warc", {}, sink);
  EXPECT_EQ(sink.docs.size(), 2u) << sink.AllRejects();
  ASSERT_EQ(sink.rejects.size(), 3u) << sink.AllRejects();
  EXPECT_EQ(sink.rejects[0].first, "g.warc@0");
  EXPECT_NE(sink.rejects[2].second.message().find("truncated"), std::string::npos);

  // Header without Content-Length; header cut off; empty input.
  CollectSink s2;
  ReadWarcBuffer("WARC/1.0\r\nWARC-Type: response\r\n\r\nxyz\r\n\r\n" + r1, "h.warc", {}, s2);
  EXPECT_EQ(s2.docs.size(), 1u);
  EXPECT_NE(s2.AllRejects().find("Content-Length"), std::string::npos);
  CollectSink s3;
  ReadWarcBuffer("WARC/1.0\r\nWARC-Type: resp", "c.warc", {}, s3);
  EXPECT_EQ(s3.rejects.size(), 1u);
  // Quoted input bytes in messages stay printable (summaries are JSON).
  CollectSink s5;
  ReadWarcBuffer("WA\xff\xfe\x01junk\r\n" + r1, "u.warc", {}, s5);
  ASSERT_EQ(s5.rejects.size(), 1u);
  for (char c : s5.rejects[0].second.message()) EXPECT_TRUE(c >= 0x20 && c < 0x7f);
  CollectSink s4;
  WarcStats st = ReadWarcBuffer("", "e.warc", {}, s4);
  EXPECT_EQ(st.records, 0u);
  EXPECT_TRUE(s4.rejects.empty());
}

TEST(WarcReader, ChunkedAndGzipEncodedBodies) {
  std::string page = NewsPage("Chunked", 3);
  std::string chunked;
  for (size_t p = 0; p < page.size(); p += 500) {
    std::string part = page.substr(p, 500);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx", part.size());
    chunked += std::string(hex) + "\r\n" + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  std::string r1 = WarcRecord(
      "response", "https://x/chunked", "application/http",
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
  std::string r2 = WarcRecord("response", "https://x/gz", "application/http",
                              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: "
                              "gzip\r\n\r\n" + GzipMember(NewsPage("Zipped", 3)));
  CollectSink sink;
  ReadWarcBuffer(r1 + r2, "enc.warc", {}, sink);
  ASSERT_EQ(sink.docs.size(), 2u) << sink.AllRejects();
  EXPECT_EQ(sink.docs[0].meta.title, "Chunked");
  EXPECT_EQ(sink.docs[0].text, sink.docs[1].text);
}

TEST(WarcReader, MissingFile) {
  CollectSink sink;
  ReadWarcFile("/nonexistent/x.warc.gz", {}, sink);
  ASSERT_EQ(sink.rejects.size(), 1u);
  EXPECT_EQ(sink.rejects[0].second.code(), StatusCode::kNotFound);
}

// Input dispatch: HTML and WARC found by extension and by content, in a directory.
TEST(WebInputs, SniffedInDirectories) {
  std::string dir = TempPath("inputs");
  std::filesystem::create_directories(dir);
  WriteFile(dir + "/a.html", NewsPage("By extension", 3));
  WriteFile(dir + "/b_no_extension", NewsPage("By content", 3));
  WriteFile(dir + "/c.warc.gz",
            GzipMember(WarcRecord("resource", "https://x/c", "text/html", NewsPage("Warc", 3))));
  WriteFile(dir + "/d.dat",
            GzipMember(WarcRecord("resource", "https://x/d", "text/html", NewsPage("Gz", 3))));
  EXPECT_EQ(SniffFormat("x", "<!DOCTYPE html><html>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("x", "WARC/1.0\r\n"), InputFormat::kWarc);
  EXPECT_EQ(SniffFormat("x.warc.gz", ""), InputFormat::kWarc);
  CollectSink sink;
  ASSERT_TRUE(ReadInputs({dir}, ReadOptions{}, sink).ok());
  std::vector<std::string> titles;
  for (const auto& d : sink.docs) titles.push_back(d.meta.title + "/" + d.meta.format);
  EXPECT_EQ(titles, (std::vector<std::string>{"By extension/html", "By content/html", "Warc/warc",
                                              "Gz/warc"}))
      << sink.AllRejects();
  std::filesystem::remove_all(dir);
}

// Peak memory while streaming a 10,000-record .warc.gz stays far below 300 MB.
long PeakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

TEST(WarcReaderSlow, TenThousandRecordsInBoundedMemory) {
  std::string path = TempPath("big.warc.gz");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 10000; ++i) {
      std::string url = "https://big.example/2020/03/04/story-" + std::to_string(i);
      out << GzipMember(WarcRecord("request", url, "application/http; msgtype=request",
                                   "GET / HTTP/1.1\r\n\r\n"));
      out << GzipMember(WarcRecord("response", url, "application/http; msgtype=response",
                                   HttpResponse(NewsPage("Story " + std::to_string(i), 6))));
    }
  }
  struct CountSink : DocSink {
    size_t docs = 0, rejects = 0, skips = 0;
    bool Accept(RawDoc) override {
      ++docs;
      return true;
    }
    void Reject(const std::string&, const Status&) override { ++rejects; }
    void Skip(const std::string&, std::string_view) override { ++skips; }
  } sink;
  long before = PeakRssKb();
  WarcStats st = ReadWarcFile(path, {}, sink);
  long after = PeakRssKb();
  EXPECT_EQ(st.records, 20000u);
  EXPECT_EQ(sink.docs, 10000u);
  EXPECT_EQ(sink.skips, 10000u);
  EXPECT_EQ(sink.rejects, 0u);
  std::printf("peak RSS %ld kB before, %ld kB after reading %llu uncompressed bytes\n", before,
              after, static_cast<unsigned long long>(st.bytes));
  if (!kSanitized) {  // a sanitizer's quarantine keeps freed memory resident on purpose
    EXPECT_LT(after, 300 * 1024);
    EXPECT_LT(after - before, 64 * 1024);  // streaming: growth does not depend on file size
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dyad

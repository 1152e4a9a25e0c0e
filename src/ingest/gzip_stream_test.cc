#include "ingest/gzip_stream.h"

#include <gtest/gtest.h>

#include "ingest/web_test_util.h"

namespace dyad {
namespace {

using testing::GzipMember;

std::string ReadAll(GzipReader* r) {
  std::string out;
  char buf[7];  // small on purpose: exercises partial reads
  while (size_t n = r->Read(buf, sizeof buf)) out.append(buf, n);
  return out;
}

TEST(Gzip, MultiMemberRoundTripAndMemberOffsets) {
  std::string a = GzipMember("first member\n"), b = GzipMember("second member\n");
  std::string data = a + b;
  auto r = GzipReader::FromMemory(data);
  EXPECT_EQ(ReadAll(r.get()), "first member\nsecond member\n");
  EXPECT_TRUE(r->TakeIssues().empty());
  EXPECT_EQ(r->MemberOffsetFor(0), 0u);
  EXPECT_EQ(r->MemberOffsetFor(13), a.size());
  EXPECT_EQ(r->damage_count(), 0u);
}

TEST(Gzip, MemberCutInTheMiddleIsReported) {
  std::string a = GzipMember("complete member\n");
  std::string b = GzipMember(std::string(5000, 'x'));
  std::string data = a + b.substr(0, b.size() / 2);
  auto r = GzipReader::FromMemory(data);
  std::string out = ReadAll(r.get());
  EXPECT_EQ(out.substr(0, 16), "complete member\n");
  std::vector<GzipReader::Issue> issues = r->TakeIssues();
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].compressed_offset, a.size());
  EXPECT_NE(issues[0].message.find("cut off"), std::string::npos);
}

TEST(Gzip, CorruptMemberIsSkippedAndReadingGoesOn) {
  std::string a = GzipMember("one\n");
  std::string b = GzipMember(std::string(3000, 'y') + "two\n");
  std::string c = GzipMember("three\n");
  // Damage the deflate data of b (after its 10-byte header).
  for (size_t i = 12; i < 40 && i < b.size(); ++i) b[i] = static_cast<char>(b[i] ^ 0x5A);
  std::string data = a + b + c;  // the reader keeps a view: keep the bytes alive
  auto r = GzipReader::FromMemory(data);
  std::string out = ReadAll(r.get());
  EXPECT_EQ(out.substr(0, 4), "one\n");
  EXPECT_EQ(out.substr(out.size() - 6), "three\n");
  std::vector<GzipReader::Issue> issues = r->TakeIssues();
  ASSERT_FALSE(issues.empty());
  EXPECT_EQ(issues[0].compressed_offset, a.size());
  EXPECT_GE(r->damage_count(), 1u);
}

TEST(Gzip, GarbageBetweenMembers) {
  std::string data = GzipMember("a\n") + "garbage!" + GzipMember("b\n");
  auto r = GzipReader::FromMemory(data);
  EXPECT_EQ(ReadAll(r.get()), "a\nb\n");
  EXPECT_EQ(r->TakeIssues().size(), 1u);
}

TEST(Gzip, GunzipBufferReportsDamageAndLimits) {
  std::string m = GzipMember("hello world");
  Result<std::string> ok = GunzipBuffer(m);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "hello world");
  EXPECT_FALSE(GunzipBuffer(m.substr(0, m.size() - 5)).ok());
  EXPECT_FALSE(GunzipBuffer(m, 5).ok());
  EXPECT_TRUE(LooksGzip(m));
  EXPECT_FALSE(LooksGzip("WARC/1.0"));
}

TEST(Gzip, MissingFile) {
  auto r = GzipReader::Open("/nonexistent/dyad/file.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace dyad

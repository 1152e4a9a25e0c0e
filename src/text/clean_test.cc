#include "text/clean.h"

#include <gtest/gtest.h>

#include <string>

namespace dyad {
namespace {

Document Clean(const std::string& raw) {
  RawDoc r;
  r.text = raw;
  r.meta.format = "text";
  Document d = MakeDocument(r);
  Status st = CleanDocument(d);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return d;
}

const ExcludedSpan* Find(const Document& d, const std::string& reason) {
  for (const ExcludedSpan& s : d.excluded) {
    if (s.reason == reason) return &s;
  }
  return nullptr;
}

TEST(Clean, SitePrefixReadMoreHeadingsAndShareLines) {
  Document d = Clean(
      "newsportal – Officials met in Geneva on Monday. They talked.\n"
      "Read More : Ten Phones You Can Buy Today\n"
      "Talks Stall Over Border Dispute\n"
      "The second round ended without agreement.\n"
      "Share this article\n");
  const ExcludedSpan* site = Find(d, "site-prefix");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->text, "newsportal –");
  ASSERT_NE(Find(d, "read-more-link"), nullptr);
  EXPECT_EQ(Find(d, "read-more-link")->text, "Read More : Ten Phones You Can Buy Today");
  ASSERT_NE(Find(d, "heading"), nullptr);
  EXPECT_EQ(Find(d, "heading")->text, "Talks Stall Over Border Dispute");
  ASSERT_NE(Find(d, "share-line"), nullptr);
  EXPECT_EQ(d.clean,
            "Officials met in Geneva on Monday. They talked.\n"
            "The second round ended without agreement.\n");
  // Every excluded span's text is what the raw bytes say.
  for (const ExcludedSpan& s : d.excluded) {
    EXPECT_NE(d.raw.substr(s.raw.begin, s.raw.size()).find(s.text), std::string::npos);
  }
}

TEST(Clean, DatelineWithAgency) {
  Document d = Clean("MOSCOW (Realist English). Russian President Vladimir Putin held talks.");
  ASSERT_NE(Find(d, "dateline"), nullptr);
  EXPECT_EQ(d.meta.dateline, "MOSCOW");
  EXPECT_EQ(d.meta.source, "Realist English");
  EXPECT_EQ(d.clean, "Russian President Vladimir Putin held talks.");
}

TEST(Clean, DatelineWithDateAndDash) {
  Document d = Clean("WASHINGTON, March 14 (Example News) \xE2\x80\x94 The White House said no.");
  ASSERT_NE(Find(d, "dateline"), nullptr);
  EXPECT_EQ(d.meta.dateline, "WASHINGTON");
  EXPECT_EQ(d.clean, "The White House said no.");
  Document e = Clean("KYIV - Air raid sirens sounded across the city.");
  EXPECT_EQ(e.meta.dateline, "KYIV");
  EXPECT_EQ(e.clean, "Air raid sirens sounded across the city.");
}

TEST(Clean, OrdinaryTextIsKept) {
  // Capitalised first words, acronyms and short final lines are article text.
  for (const char* text : {"NATO allies met in Brussels. They agreed.",
                           "The EU said it would respond.\nIt did.",
                           "US officials declined to comment on the report, which was leaked.",
                           "I - for one - disagree with this."}) {
    Document d = Clean(text);
    EXPECT_TRUE(d.excluded.empty()) << text << " -> " << d.excluded[0].reason;
    EXPECT_EQ(d.clean, text);
  }
}

TEST(Clean, TitleLineAndDateLine) {
  Document d = Clean("Friday, January 4, 2019\n\nBuilding Collapses in Magnitogorsk\n\nAn apartment "
                     "building collapsed on Monday.\n");
  ASSERT_NE(Find(d, "date-line"), nullptr);
  EXPECT_EQ(d.meta.published.ToString(), "2019-01-04");
  ASSERT_NE(Find(d, "heading"), nullptr);
  EXPECT_NE(d.clean.find("An apartment building collapsed"), std::string::npos);
  EXPECT_EQ(d.clean.find("Magnitogorsk\n"), std::string::npos);
}

TEST(Clean, ReaderSpansAreKeptAndCleanMapsBackToRaw) {
  RawDoc r;
  r.text = " date 2025-03-02 Kremlin spokesman Dmitry Peskov spoke.";
  r.excluded.push_back({{0, 17}, "header", "date 2025-03-02"});
  Document d = MakeDocument(r);
  ASSERT_TRUE(CleanDocument(d).ok());
  EXPECT_EQ(d.clean, "Kremlin spokesman Dmitry Peskov spoke.");
  ByteSpan raw = d.offsets.ToRaw(ByteSpan{0, 7});
  EXPECT_EQ(d.raw.substr(raw.begin, raw.size()), "Kremlin");
}

TEST(Clean, InvalidUtf8IsAnError) {
  RawDoc r;
  r.text = "bad \xFF byte";
  Document d = MakeDocument(r);
  EXPECT_FALSE(CleanDocument(d).ok());
}

}  // namespace
}  // namespace dyad

#include "text/normalize.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <random>
#include <string>

#include "text/segmenter.h"

namespace dyad {
namespace {

struct Normalized {
  std::string clean;
  OffsetMap map;
};

Normalized Norm(std::string_view raw) {
  Normalized n;
  NormalizeAppend(raw, 0, static_cast<uint32_t>(raw.size()), &n.clean, &n.map);
  return n;
}

std::string Nfc(std::string_view s) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                   static_cast<utf8proc_ssize_t>(s.size()), &out,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::string r = n >= 0 ? std::string(reinterpret_cast<char*>(out), static_cast<size_t>(n)) : "";
  std::free(out);
  return r;
}

TEST(NormalizeTest, AsciiIsCopiedAsOneSegment) {
  Normalized n = Norm("Plain ASCII text.\nSecond line\twith a tab.");
  EXPECT_EQ(n.clean, "Plain ASCII text.\nSecond line\twith a tab.");
  ASSERT_EQ(n.map.segments().size(), 1u);
  EXPECT_EQ(n.map.ToRaw(6), 6u);
  EXPECT_EQ(n.map.ToRaw(n.clean.size()), n.clean.size());
}

TEST(NormalizeTest, EmptyAndSubrange) {
  Normalized n = Norm("");
  EXPECT_EQ(n.clean, "");
  EXPECT_TRUE(n.map.empty());

  // Appending a sub-range to existing clean text: offsets stay relative to raw and clean.
  std::string raw = "HEADER\nBody text";
  std::string clean = "x";
  OffsetMap map;
  map.Add(0, 1, 0, 1);
  NormalizeAppend(raw, 7, static_cast<uint32_t>(raw.size()), &clean, &map);
  EXPECT_EQ(clean, "xBody text");
  EXPECT_EQ(map.ToRaw(1), 7u);
  EXPECT_EQ(map.ToRaw(ByteSpan{1, 5}), (ByteSpan{7, 11}));
}

TEST(NormalizeTest, UnicodeSpacesBecomeSpaces) {
  // U+00A0 no-break space, U+2009 thin space, U+202F narrow no-break space, U+3000.
  Normalized n = Norm("a\xC2\xA0" "b\xE2\x80\x89" "c\xE2\x80\xAF" "d\xE3\x80\x80" "e");
  EXPECT_EQ(n.clean, "a b c d e");
  // "b" is clean byte 2 and raw byte 3.
  EXPECT_EQ(n.map.ToRaw(2), 3u);
  EXPECT_EQ(n.map.ToRaw(ByteSpan{1, 2}), (ByteSpan{1, 3}));  // the space maps to both NBSP bytes
}

TEST(NormalizeTest, InvisibleCharactersAreRemoved) {
  // Soft hyphen inside a word, zero-width space, BOM at the start, word joiner.
  std::string raw = "\xEF\xBB\xBF" "co\xC2\xAD" "operate now\xE2\x80\x8B!\xE2\x81\xA0";
  Normalized n = Norm(raw);
  EXPECT_EQ(n.clean, "cooperate now!");
  // "cooperate" maps back to the raw word including the soft hyphen.
  ByteSpan r = n.map.ToRaw(ByteSpan{0, 9});
  EXPECT_EQ(raw.substr(r.begin, r.end - r.begin), "co\xC2\xAD" "operate");
}

TEST(NormalizeTest, QuotesAndDashesAreKept) {
  std::string raw = "\xE2\x80\x9CYes,\xE2\x80\x9D she said \xE2\x80\x94 it\xE2\x80\x99s 5\xE2\x80\x93" "6.";
  Normalized n = Norm(raw);
  EXPECT_EQ(n.clean, raw);
  EXPECT_EQ(n.map.segments().size(), 1u);
}

TEST(NormalizeTest, ControlCharactersBecomeSpaces) {
  Normalized n = Norm("a\rb\x01" "c\x7F" "d\n\te\xC2\x85" "f");
  EXPECT_EQ(n.clean, "a b c d\n\te f");
}

TEST(NormalizeTest, NfcComposesCombiningMarks) {
  // e + U+0301 -> U+00E9; A + U+030A -> U+00C5; the Angstrom sign U+212B -> U+00C5.
  std::string raw = "Caf" "e\xCC\x81" " \xE2\x84\xAB" "ngstr" "o\xCC\x88" "m";
  Normalized n = Norm(raw);
  EXPECT_EQ(n.clean, "Caf\xC3\xA9 \xC3\x85ngstr\xC3\xB6m");
  EXPECT_EQ(n.clean, Nfc(raw));
  // "Café" maps back to the five raw characters.
  ByteSpan r = n.map.ToRaw(ByteSpan{0, 5});
  EXPECT_EQ(raw.substr(r.begin, r.end - r.begin), "Caf" "e\xCC\x81");
  // A mark after a removed invisible character still composes with its base, so the clean text
  // is NFC: e + soft hyphen + U+0301 -> U+00E9.
  Normalized shy = Norm("caf" "e\xC2\xAD\xCC\x81" "!");
  EXPECT_EQ(shy.clean, "caf\xC3\xA9!");
  EXPECT_EQ(shy.map.ToRaw(ByteSpan{3, 5}), (ByteSpan{3, 8}));
  EXPECT_EQ(Norm(shy.clean).clean, shy.clean);
  // Hangul jamo compose: U+1100 U+1161 -> U+AC00.
  EXPECT_EQ(Norm("\xE1\x84\x80\xE1\x85\xA1").clean, "\xEA\xB0\x80");
  // Already composed text is copied.
  Normalized c = Norm("na\xC3\xAFve caf\xC3\xA9");
  EXPECT_EQ(c.clean, "na\xC3\xAFve caf\xC3\xA9");
  EXPECT_EQ(c.map.segments().size(), 1u);
}

TEST(NormalizeTest, InvalidUtf8BecomesReplacementCharacter) {
  std::string raw = "ok \xFF\xC3 end \xE2\x80";
  Normalized n = Norm(raw);
  EXPECT_EQ(n.clean, "ok \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD\xEF\xBF\xBD");
  const auto size = static_cast<uint32_t>(n.clean.size());
  EXPECT_EQ(n.map.ToRaw(ByteSpan{size - 6, size}),
            (ByteSpan{static_cast<uint32_t>(raw.size()) - 2, static_cast<uint32_t>(raw.size())}));
}

// Differential test: on text made of characters normalisation does not treat specially, the
// output equals utf8proc's NFC of the whole string.
TEST(NormalizeTest, MatchesWholeStringNfc) {
  const char* pieces[] = {"a", "e", "o", " ", ".", "\n", "\xCC\x81", "\xCC\x88", "\xCC\xA3",
                          "\xC3\xA9", "\xE2\x80\x99", "\xE1\x84\x80", "\xE1\x85\xA1",
                          "\xE1\x86\xA8", "\xE2\x84\xAB", "\xE0\xAD\x87", "\xE0\xAC\xBE", "Z"};
  std::mt19937 rng(42);
  for (int iter = 0; iter < 2000; ++iter) {
    std::string raw;
    int len = static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i) raw += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
    Normalized n = Norm(raw);
    ASSERT_EQ(n.clean, Nfc(raw)) << "raw: " << raw;
  }
}

// With invisible and special characters mixed in, the clean text is NFC and normalising it
// again changes nothing.
TEST(NormalizeTest, IdempotentAndNfcWithSpecialCharacters) {
  const char* pieces[] = {"a", "e", " ", "\n", "\r", "\xCC\x81", "\xCC\xA3", "\xC2\xAD",
                          "\xE2\x80\x8B", "\xEF\xBB\xBF", "\xC2\xA0", "\xE2\x80\x8E",
                          "\xE1\x84\x80", "\xE1\x85\xA1", "\xFF", "\xE2\x80\x99"};
  std::mt19937 rng(7);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string raw;
    int len = static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i) raw += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
    Normalized n = Norm(raw);
    ASSERT_EQ(Norm(n.clean).clean, n.clean) << "raw: " << raw;
    ASSERT_EQ(Nfc(n.clean), n.clean) << "raw: " << raw;
  }
}

// Offset map property: every token of the clean text maps back to raw bytes whose normalisation
// is the token's text; when normalisation did not change the token, the raw bytes are the same.
TEST(NormalizeTest, TokensMapBackToRawText) {
  std::string raw =
      "\xEF\xBB\xBF" "The Caf" "e\xCC\x81" " in Montr\xC3\xA9" "al\xC2\xA0" "said on Monday it "
      "would co\xC2\xAD" "operate.\r\n\r\n\xE2\x80\x9CWe\xE2\x80\x99re ready,\xE2\x80\x9D a "
      "spokesman told the U.S.\xE2\x80\x89" "press \xE2\x80\x94 and left.";
  Document doc;
  doc.raw = raw;
  NormalizeAppend(doc.raw, 0, static_cast<uint32_t>(doc.raw.size()), &doc.clean, &doc.offsets);
  ASSERT_TRUE(SegmentStage().Process(doc).ok());
  ASSERT_GT(doc.tokens.size(), 20u);
  int unchanged = 0;
  for (const Token& t : doc.tokens) {
    ByteSpan r = doc.offsets.ToRaw(t.clean);
    ASSERT_LE(r.end, doc.raw.size());
    std::string_view raw_text = std::string_view(doc.raw).substr(r.begin, r.end - r.begin);
    std::string_view clean_text = doc.TokenText(t);
    Normalized again = Norm(raw_text);
    EXPECT_EQ(again.clean, clean_text) << "token " << clean_text;
    if (raw_text == clean_text) ++unchanged;
  }
  // Only "Café" and "cooperate" were changed by normalisation.
  EXPECT_EQ(unchanged, static_cast<int>(doc.tokens.size()) - 2);
}

}  // namespace
}  // namespace dyad

#include "dyad/document.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>

#include "base/hash.h"

namespace dyad {
namespace {

TEST(OffsetMap, CopiedAndReplacedSegments) {
  // raw:   "ab" + "\xC2\xA0" (NBSP, 2 bytes) + "cd"   -> clean: "ab cd"
  OffsetMap m;
  m.Add(0, 2, 0, 2);
  m.Add(2, 1, 2, 2);
  m.Add(3, 2, 4, 2);
  EXPECT_EQ(m.ToRaw(0u), 0u);
  EXPECT_EQ(m.ToRaw(1u), 1u);
  EXPECT_EQ(m.ToRaw(2u), 2u);
  EXPECT_EQ(m.ToRaw(3u), 4u);
  EXPECT_EQ(m.ToRaw(5u), 6u);
  ByteSpan all = m.ToRaw(ByteSpan{0, 5});
  EXPECT_EQ(all.begin, 0u);
  EXPECT_EQ(all.end, 6u);
  ByteSpan space = m.ToRaw(ByteSpan{2, 3});
  EXPECT_EQ(space.begin, 2u);
  EXPECT_EQ(space.end, 4u);
  ByteSpan ab = m.ToRaw(ByteSpan{0, 2});
  EXPECT_EQ(ab.end, 2u);
}

TEST(OffsetMap, MergesAdjacentCopies) {
  OffsetMap m;
  m.Add(0, 5, 0, 5);
  m.Add(5, 5, 5, 5);
  EXPECT_EQ(m.segments().size(), 1u);
  m.Add(10, 5, 20, 5);  // a gap in raw (an excluded span) starts a new segment
  EXPECT_EQ(m.segments().size(), 2u);
  EXPECT_EQ(m.ToRaw(12u), 22u);
}

TEST(ContentHash, IgnoresWhitespaceLayoutButNotWords) {
  EXPECT_EQ(ContentHash("Putin met Trump."), ContentHash("  Putin  met\nTrump.\n"));
  EXPECT_EQ(ContentHash("Putin met Trump."), ContentHash("Putin met\r\n\tTrump."));
  EXPECT_NE(ContentHash("Putin met Trump."), ContentHash("Putin met Biden."));
  // NFC: precomposed and decomposed ğ hash the same.
  EXPECT_EQ(ContentHash("Erdo\xC4\x9F"
                        "an"),
            ContentHash("Erdog\xCC\x86"
                        "an"));
  EXPECT_EQ(ContentHash("x").size(), 16u);
}

// The reference definition: NFC over the whole text, then white space collapsed.
std::string ReferenceContentHash(std::string_view text) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &out,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::string nfc(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  std::free(out);
  std::string collapsed;
  bool pending = false;
  for (char c : nfc) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
      pending = !collapsed.empty();
      continue;
    }
    if (pending) collapsed += ' ';
    pending = false;
    collapsed += c;
  }
  return Hex64(Hash64(collapsed));
}

TEST(ContentHash, MatchesTheReferenceDefinition) {
  const char* samples[] = {
      "",
      "   ",
      "plain ascii text",
      "  leading and trailing  \n",
      "Erdog\xCC\x86"
      "an met Zelensky",  // decomposed ğ: composes with ASCII base
      "Erdo\xC4\x9F"
      "an met Zelensky",  // precomposed
      "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x94 dash\xE2\x80\xA6",
      "e\xCC\x81\xCC\xA3 stacked marks, \xEF\xAC\x81 ligature, \xE2\x84\xAB angstrom",
      "\xED\x95\x9C\xEA\xB8\x80 Hangul, \xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB jamo",
      "caf\xC3\xA9\xC2\xA0with NBSP\tand\r\nbreaks",
      "\xE2\x80\x80 en quad (a singleton decomposition)",
  };
  for (const char* s : samples) {
    EXPECT_EQ(ContentHash(s), ReferenceContentHash(s)) << s;
  }
  std::string long_text;
  for (int i = 0; i < 2000; ++i)
    long_text +=
        "Erdog\xCC\x86"
        "an  said\n\xE2\x80\x9Cno\xE2\x80\x9D. ";
  EXPECT_EQ(ContentHash(long_text), ReferenceContentHash(long_text));
}

TEST(MakeDocument, IdIsContentHashUnlessGiven) {
  RawDoc a;
  a.text = "Some article.";
  Document da = MakeDocument(a);
  EXPECT_EQ(da.id, da.content_hash);
  RawDoc b = a;
  b.meta.external_id = "wire-17";
  Document db = MakeDocument(b);
  EXPECT_EQ(db.id, "wire-17");
  EXPECT_EQ(db.content_hash, da.content_hash);
}

}  // namespace
}  // namespace dyad

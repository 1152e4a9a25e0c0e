#include <gtest/gtest.h>

#include "dyad/document.h"

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
  EXPECT_EQ(ContentHash("Erdo\xC4\x9F" "an"), ContentHash("Erdog\xCC\x86" "an"));
  EXPECT_EQ(ContentHash("x").size(), 16u);
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

#include "base/utf8.h"

#include <gtest/gtest.h>

#include "base/hash.h"

namespace dyad {
namespace {

TEST(Utf8, FindsInvalidSequences) {
  EXPECT_TRUE(utf8::IsValid("plain ASCII text that is long enough for the fast path"));
  EXPECT_TRUE(utf8::IsValid("Erdoğan – “quoted” — 日本"));
  EXPECT_EQ(utf8::FindInvalid("abc\xE9" "def"), 3u);                 // Latin-1 é
  EXPECT_EQ(utf8::FindInvalid("abcdefghij\xC0\xAF"), 10u);        // overlong
  EXPECT_EQ(utf8::FindInvalid("\xED\xA0\x80"), 0u);               // surrogate
  EXPECT_EQ(utf8::FindInvalid("ok\xE2\x80"), 2u);                 // truncated
  EXPECT_EQ(utf8::FindInvalid("\xF4\x90\x80\x80"), 0u);           // > U+10FFFF
}

TEST(Utf8, RepairReplacesEachBadByte) {
  std::string s = "a\xE9" "b\xFF";
  EXPECT_EQ(utf8::Repair(&s), 2u);
  EXPECT_EQ(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_TRUE(utf8::IsValid(s));
}

TEST(Utf8, DecodeAndAppendRoundTrip) {
  std::string s = "ğ“日😀";
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    char32_t cp = utf8::Decode(s, i, &len);
    utf8::Append(cp, &out);
    i += len;
  }
  EXPECT_EQ(out, s);
  size_t len;
  EXPECT_EQ(utf8::DecodeBefore(s, s.size(), &len), U'😀');
  EXPECT_EQ(len, 4u);
}

TEST(Utf8, LooksBinary) {
  EXPECT_TRUE(utf8::LooksBinary(std::string("PK\x03\x04\0\0", 6)));
  EXPECT_FALSE(utf8::LooksBinary("Hello,\nworld.\tTabbed."));
}

TEST(Hash, StableKnownValues) {
  // SHA-256 test vectors (FIPS 180-2).
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex64(0x1234abcd), "000000001234abcd");
  EXPECT_NE(Hash64("a"), Hash64("b"));
  EXPECT_NE(Hash64("abcdefgh"), Hash64("abcdefgh", 1));
}

TEST(Hash, IncrementalEqualsWhole) {
  std::string s;
  for (int i = 0; i < 1000; ++i) s += static_cast<char>('a' + (i * 7) % 26);
  for (size_t piece : {1u, 3u, 7u, 8u, 13u, 64u, 999u}) {
    Hasher h;
    for (size_t i = 0; i < s.size(); i += piece) h.Update(std::string_view(s).substr(i, piece));
    EXPECT_EQ(h.Finish(), Hash64(s)) << piece;
  }
}

}  // namespace
}  // namespace dyad

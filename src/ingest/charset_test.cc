#include "ingest/charset.h"

#include <gtest/gtest.h>

namespace dyad::web {
namespace {

TEST(Charset, ContentTypeParameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=ISO-8859-1"), "iso-8859-1");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_EQ(CharsetFromContentType(""), "");
}

TEST(Charset, LabelsMapLikeBrowsers) {
  EXPECT_EQ(NormalizeCharsetLabel("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(NormalizeCharsetLabel("latin1"), "windows-1252");
  EXPECT_EQ(NormalizeCharsetLabel("us-ascii"), "windows-1252");
  EXPECT_EQ(NormalizeCharsetLabel("UTF8"), "utf-8");
  EXPECT_EQ(NormalizeCharsetLabel("Shift_JIS"), "shift_jis");
}

TEST(Charset, Precedence) {
  std::string meta_latin = "<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xE9</body>";
  // BOM first.
  EXPECT_EQ(DetectHtmlCharset("\xEF\xBB\xBF<html>", "text/html; charset=latin1").source, "bom");
  EXPECT_EQ(DetectHtmlCharset("\xEF\xBB\xBF<html>", "").bom_bytes, 3u);
  // HTTP header beats the meta tag.
  CharsetGuess g = DetectHtmlCharset(meta_latin, "text/html; charset=koi8-r");
  EXPECT_EQ(g.name, "koi8-r");
  EXPECT_EQ(g.source, "http");
  // Meta tag.
  g = DetectHtmlCharset(meta_latin, "");
  EXPECT_EQ(g.name, "windows-1252");
  EXPECT_EQ(g.source, "meta");
  // http-equiv form.
  g = DetectHtmlCharset(
      "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">", "");
  EXPECT_EQ(g.name, "windows-1251");
  // Nothing declared: valid UTF-8 is UTF-8, anything else windows-1252.
  EXPECT_EQ(DetectHtmlCharset("<p>caf\xC3\xA9</p>", "").name, "utf-8");
  EXPECT_EQ(DetectHtmlCharset("<p>caf\xE9</p>", "").name, "windows-1252");
}

TEST(Charset, MislabelledUtf8IsReadAsUtf8) {
  std::string page = "<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D</p>";
  CharsetGuess g = DetectHtmlCharset(page, "");
  EXPECT_EQ(g.name, "utf-8");
  EXPECT_EQ(g.source, "utf8-override");
}

TEST(Charset, ConvertsWindows1252) {
  size_t bad = 99;
  Result<std::string> r = ConvertToUtf8("caf\xE9 \x93quoted\x94 \x80", "iso-8859-1", &bad);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC");
  EXPECT_EQ(bad, 0u);
}

TEST(Charset, InvalidBytesBecomeReplacementCharacters) {
  size_t bad = 0;
  Result<std::string> r = ConvertToUtf8("ok \xFF\xFE ok", "utf-8", &bad);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(bad, 2u);
  EXPECT_NE(r->find("\xEF\xBF\xBD"), std::string::npos);
  // Shift_JIS with a truncated double-byte character at the end.
  r = ConvertToUtf8("\x93\xfa\x96\x7b\x82", "shift_jis", &bad);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->substr(0, 6), "\xE6\x97\xA5\xE6\x9C\xAC");  // 日本
  EXPECT_EQ(bad, 1u);
}

TEST(Charset, UnknownCharsetIsAnError) {
  Result<std::string> r = ConvertToUtf8("abc", "x-no-such-charset", nullptr);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("x-no-such-charset"), std::string::npos);
}

TEST(Charset, Utf16WithBom) {
  std::string page("\xFF\xFE<\0p\0>\0h\0i\0", 12);
  CharsetGuess g = DetectHtmlCharset(page, "");
  EXPECT_EQ(g.name, "utf-16le");
  Result<std::string> r = ConvertToUtf8(std::string_view(page).substr(g.bom_bytes), g.name, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "<p>hi");
}

}  // namespace
}  // namespace dyad::web

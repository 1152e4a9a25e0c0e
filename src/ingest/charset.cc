#include "ingest/charset.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "base/strings.h"
#include "base/utf8.h"

namespace dyad::web {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Finds `needle` (lower-case ASCII) in `hay` ignoring ASCII case, from `from`.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (Lower(hay[i]) != needle[0]) continue;
    size_t j = 1;
    while (j < needle.size() && Lower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

// Extracts the value after "charset=" in `s` ("text/html; charset=utf-8").
std::string CharsetParam(std::string_view s) {
  size_t p = FindNoCase(s, "charset");
  if (p == std::string_view::npos) return "";
  p += 7;
  while (p < s.size() && IsSpace(s[p])) ++p;
  if (p >= s.size() || s[p] != '=') return "";
  ++p;
  while (p < s.size() && IsSpace(s[p])) ++p;
  char quote = 0;
  if (p < s.size() && (s[p] == '"' || s[p] == '\'')) quote = s[p++];
  size_t b = p;
  while (p < s.size() && s[p] != quote && s[p] != ';' && !IsSpace(s[p]) &&
         (quote || (s[p] != '"' && s[p] != '\'')))
    ++p;
  return ToLowerAscii(s.substr(b, p - b));
}

// One attribute parsed from a tag in the prescan.
struct Attr {
  std::string name, value;
};

// Parses the attributes of the tag starting at tag[0] (just after "<meta"). Stops at '>'.
// Returns the position after the tag.
size_t ParseAttrs(std::string_view s, size_t p, std::string* charset, std::string* http_equiv,
                  std::string* content) {
  while (p < s.size()) {
    while (p < s.size() && (IsSpace(s[p]) || s[p] == '/')) ++p;
    if (p >= s.size() || s[p] == '>') return p + 1;
    size_t nb = p;
    while (p < s.size() && !IsSpace(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/') ++p;
    std::string name = ToLowerAscii(s.substr(nb, p - nb));
    while (p < s.size() && IsSpace(s[p])) ++p;
    std::string value;
    if (p < s.size() && s[p] == '=') {
      ++p;
      while (p < s.size() && IsSpace(s[p])) ++p;
      if (p < s.size() && (s[p] == '"' || s[p] == '\'')) {
        char q = s[p++];
        size_t vb = p;
        while (p < s.size() && s[p] != q) ++p;
        value = std::string(s.substr(vb, p - vb));
        if (p < s.size()) ++p;
      } else {
        size_t vb = p;
        while (p < s.size() && !IsSpace(s[p]) && s[p] != '>') ++p;
        value = std::string(s.substr(vb, p - vb));
      }
    }
    if (name == "charset") *charset = ToLowerAscii(StripAscii(value));
    if (name == "http-equiv") *http_equiv = ToLowerAscii(StripAscii(value));
    if (name == "content") *content = value;
    if (name.empty()) ++p;  // stray character: make progress
  }
  return p;
}

// The charset declared by a <meta> in the first 4096 bytes, or "".
std::string MetaCharset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 4096);
  size_t p = 0;
  while ((p = FindNoCase(head, "<meta", p)) != std::string_view::npos) {
    p += 5;
    if (p < head.size() && !IsSpace(head[p]) && head[p] != '/') continue;
    std::string charset, http_equiv, content;
    p = ParseAttrs(head, p, &charset, &http_equiv, &content);
    if (!charset.empty()) return charset;
    if (http_equiv == "content-type") {
      std::string c = CharsetParam(content);
      if (!c.empty()) return c;
    }
  }
  return "";
}

bool IsSingleByteWestern(std::string_view name) {
  return name == "windows-1252" || name == "iso-8859-15" || name == "windows-1250" ||
         name == "iso-8859-2";
}

bool HasMultibyteUtf8(std::string_view bytes) {
  for (unsigned char c : bytes) {
    if (c >= 0x80) return true;
  }
  return false;
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  return CharsetParam(content_type);
}

std::string NormalizeCharsetLabel(std::string_view label) {
  std::string l = ToLowerAscii(StripAscii(label));
  if (l.empty()) return l;
  if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8")
    return "utf-8";
  // WHATWG: all of these decode as windows-1252.
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "latin-1" || l == "l1" ||
      l == "us-ascii" || l == "ascii" || l == "ansi_x3.4-1968" || l == "cp1252" ||
      l == "windows-1252" || l == "x-cp1252" || l == "iso_8859-1" || l == "cp819" ||
      l == "ibm819" || l == "iso-ir-100")
    return "windows-1252";
  if (l == "iso-8859-15" || l == "latin9" || l == "iso8859-15" || l == "l9") return "iso-8859-15";
  if (l == "shift_jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" || l == "windows-31j")
    return "shift_jis";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "cp936") return "gbk";
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "windows-949") return "euc-kr";
  if (l == "utf-16" || l == "utf-16le") return "utf-16le";
  if (l == "cp1251" || l == "x-cp1251") return "windows-1251";
  if (l == "koi8r") return "koi8-r";
  return l;
}

CharsetGuess DetectHtmlCharset(std::string_view bytes, std::string_view http_content_type) {
  CharsetGuess g;
  auto starts = [&](const char* bom, size_t n) {
    return bytes.size() >= n && std::memcmp(bytes.data(), bom, n) == 0;
  };
  if (starts("\xEF\xBB\xBF", 3)) return {"utf-8", "bom", 3};
  if (starts("\xFF\xFE", 2)) return {"utf-16le", "bom", 2};
  if (starts("\xFE\xFF", 2)) return {"utf-16be", "bom", 2};

  std::string declared = NormalizeCharsetLabel(CharsetFromContentType(http_content_type));
  std::string source = "http";
  if (declared.empty()) {
    declared = NormalizeCharsetLabel(MetaCharset(bytes));
    source = "meta";
    // A UTF-16 label in a meta tag is impossible (the tag itself would not be readable as
    // ASCII); the standard says to treat it as UTF-8.
    if (declared == "utf-16le" || declared == "utf-16be") declared = "utf-8";
  }
  if (!declared.empty()) {
    if (IsSingleByteWestern(declared) && HasMultibyteUtf8(bytes) && utf8::IsValid(bytes)) {
      return {"utf-8", "utf8-override", 0};
    }
    return {declared, source, 0};
  }
  if (utf8::IsValid(bytes)) return {"utf-8", "guess", 0};
  return {"windows-1252", "guess", 0};
}

Result<std::string> ConvertToUtf8(std::string_view bytes, std::string_view charset,
                                  size_t* replaced) {
  std::string name = NormalizeCharsetLabel(charset);
  if (name.empty() || name == "utf-8") {
    std::string out(bytes);
    size_t n = utf8::Repair(&out);
    if (replaced) *replaced = n;
    return out;
  }
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    std::string shown;
    for (char c : name.substr(0, 40)) {
      unsigned char u = static_cast<unsigned char>(c);
      shown.push_back(u < 0x20 || u >= 0x7f ? '?' : c);
    }
    return InvalidArgument("unknown character set '" + shown + "'");
  }
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4 + 16);
  size_t bad = 0;
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buf[16384];
  while (in_left > 0) {
    char* o = buf;
    size_t o_left = sizeof(buf);
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, o - buf);
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ or EINVAL (incomplete sequence at the end): replace one byte and go on.
      out.append("\xEF\xBF\xBD");
      ++bad;
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  // Flush any shift state.
  char* o = buf;
  size_t o_left = sizeof(buf);
  iconv(cd, nullptr, nullptr, &o, &o_left);
  out.append(buf, o - buf);
  iconv_close(cd);
  if (replaced) *replaced = bad;
  return out;
}

}  // namespace dyad::web

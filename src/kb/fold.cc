// FoldName: the normal form the knowledge base and the resolver match names in.
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "kb/kb.h"

namespace dyad::kb {
namespace {

// Base letters for U+00C0..U+00FF ('*' = keep the character) and U+0100..U+017F.
constexpr std::string_view kLatin1 =
    "AAAAAA*CEEEEIIIIDNOOOOO*OUUUUY**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y";
constexpr std::string_view kLatinExtA =
    "AaAaAaCcCcCcCcDd"
    "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi"
    "IiJjJjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo"
    "OoOoRrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu"
    "UuUuWwYyYZzZzZzs";

// Appends the folded form of one code point.
void FoldCodePoint(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out->push_back(c);
    return;
  }
  char base = 0;
  if (cp >= 0xC0 && cp <= 0xFF && kLatin1[cp - 0xC0] != '*') base = kLatin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) base = kLatinExtA[cp - 0x100];
  if (base != 0) {
    if (base >= 'A' && base <= 'Z') base = static_cast<char>(base - 'A' + 'a');
    out->push_back(base);
    return;
  }
  switch (cp) {
    case 0xC6: case 0xE6: out->append("ae"); return;
    case 0xDF: out->append("ss"); return;
    case 0xDE: case 0xFE: out->append("th"); return;
    case 0x218: case 0x219: out->push_back('s'); return;
    case 0x21A: case 0x21B: out->push_back('t'); return;
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x02BC: case 0x02BB:
      out->push_back('\''); return;
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
      out->push_back('"'); return;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      out->push_back('-'); return;
    case 0x00A0: case 0x2009: case 0x200A: case 0x202F: case 0x2007:
      out->push_back(' '); return;
    // Zero-width and direction marks, soft hyphen: invisible, dropped.
    case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F: case 0x2060: case 0xFEFF:
    case 0x00AD:
      return;
    default:
      break;
  }
  // Basic Cyrillic and Greek capitals: lower-case them so case never matters in matching.
  if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;
  else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
  else if (cp >= 0x391 && cp <= 0x3A9) cp += 0x20;
  utf8::Append(cp, out);
}

}  // namespace

std::string FoldName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 1;
    char32_t cp = utf8::Decode(text, i, &len);
    i += len;
    std::string piece;
    FoldCodePoint(cp, &piece);
    if (piece == " " || piece == "\t" || piece == "\n" || piece == "\r" || piece == "\f" ||
        piece == "\v") {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out += piece;
  }
  return out;
}

}  // namespace dyad::kb

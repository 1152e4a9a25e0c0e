#include "base/utf8.h"

namespace dyad::utf8 {

namespace {

// Length of a valid sequence starting at s[i], or 0 when invalid.
size_t ValidLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = s.size();
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  auto cont = [&](size_t k) { return k < n && (b(k) & 0xC0) == 0x80; };
  if (c < 0xE0) return cont(i + 1) ? 2 : 0;
  if (c < 0xF0) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    unsigned char c1 = b(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (c < 0xF5) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    unsigned char c1 = b(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

size_t FindInvalid(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t v;
      __builtin_memcpy(&v, s.data() + i, 8);
      if (v & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    size_t len = ValidLength(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

size_t Repair(std::string* s) {
  if (IsValid(*s)) return 0;
  std::string out;
  out.reserve(s->size());
  size_t count = 0;
  for (size_t i = 0; i < s->size();) {
    size_t len = ValidLength(*s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++count;
      ++i;
    } else {
      out.append(*s, i, len);
      i += len;
    }
  }
  s->swap(out);
  return count;
}

char32_t Decode(std::string_view s, size_t i, size_t* len) {
  size_t l = ValidLength(s, i);
  if (l == 0) {
    *len = 1;
    return 0xFFFD;
  }
  *len = l;
  auto b = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[k])); };
  switch (l) {
    case 1: return b(i);
    case 2: return ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F);
    case 3: return ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    default:
      return ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
             (b(i + 3) & 0x3F);
  }
}

char32_t DecodeBefore(std::string_view s, size_t i, size_t* len) {
  size_t start = i - 1;
  size_t steps = 0;
  while (start > 0 && steps < 3 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
    ++steps;
  }
  size_t l;
  char32_t cp = Decode(s, start, &l);
  if (start + l != i) {
    *len = 1;
    return 0xFFFD;
  }
  *len = l;
  return cp;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool LooksBinary(std::string_view head) {
  size_t n = head.size() < 4096 ? head.size() : 4096;
  size_t control = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return n > 0 && control * 20 > n;  // more than 5% control characters
}

}  // namespace dyad::utf8

#include "nlp/features.h"

namespace dyad::nlp {

std::string NormWord(std::string_view form) {
  std::string s(form);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    else if (c >= '0' && c <= '9') c = '0';
  }
  return s;
}

std::string Shape(std::string_view form, bool collapse) {
  std::string s;
  s.reserve(form.size());
  char last = 0;
  int run = 0;
  for (unsigned char c : form) {
    char m;
    if (c >= 'A' && c <= 'Z') m = 'X';
    else if (c >= 'a' && c <= 'z') m = 'x';
    else if (c >= '0' && c <= '9') m = 'd';
    else if (c >= 0x80) {
      if ((c & 0xC0) == 0x80) continue;  // continuation byte: one mark per code point
      m = 'U';
    } else m = static_cast<char>(c);
    if (m == last) {
      ++run;
      if (collapse && run >= 2) continue;
      if (!collapse && run >= 4) continue;
    } else {
      run = 0;
    }
    last = m;
    s.push_back(m);
  }
  return s;
}

uint32_t WordFlags(std::string_view form) {
  uint32_t f = 0;
  bool all_upper = true, all_digit = true, any_alpha = false;
  for (size_t i = 0; i < form.size(); ++i) {
    unsigned char c = form[i];
    if (c >= 'A' && c <= 'Z') {
      if (i == 0) f |= kFirstUpper;
      any_alpha = true;
      all_digit = false;
    } else if (c >= 'a' && c <= 'z') {
      all_upper = false;
      any_alpha = true;
      all_digit = false;
      f |= kHasLower;
    } else if (c >= '0' && c <= '9') {
      f |= kHasDigit;
    } else {
      all_digit = false;
      if (c == '-') f |= kHasHyphen;
      if (c == '.') f |= kHasPeriod;
      if (c >= 0x80) f |= kNonAscii;
    }
  }
  if (any_alpha && all_upper) f |= kAllUpper;
  if (all_digit && !form.empty()) f |= kAllDigit;
  return f;
}

std::string_view SuffixBytes(std::string_view s, size_t n) {
  if (n >= s.size()) return s;
  size_t b = s.size() - n;
  while (b < s.size() && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) ++b;
  return s.substr(b);
}

std::string_view PrefixBytes(std::string_view s, size_t n) {
  if (n >= s.size()) return s;
  size_t e = n;
  while (e < s.size() && (static_cast<unsigned char>(s[e]) & 0xC0) == 0x80) ++e;
  return s.substr(0, e);
}

}  // namespace dyad::nlp

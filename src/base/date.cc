// Date parsing for the formats news and feeds use. See dyad/document.h.
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "base/strings.h"
#include "base/utf8.h"
#include "dyad/document.h"

namespace dyad {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Valid(int y, int m, int d) {
  return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// Month number for an English month name or abbreviation ("March", "Mar", "Sept"), else 0.
int MonthFromWord(std::string_view w) {
  static const char* kNames[] = {"january", "february", "march",     "april",   "may",
                                 "june",    "july",     "august",    "september", "october",
                                 "november", "december"};
  std::string lw = ToLowerAscii(w);
  if (lw == "sept") return 9;
  for (int i = 0; i < 12; ++i) {
    std::string_view name = kNames[i];
    if (lw == name) return i + 1;
    if (lw.size() == 3 && name.substr(0, 3) == lw) return i + 1;
  }
  return 0;
}

bool IsWeekday(std::string_view w) {
  static const char* kDays[] = {"monday", "tuesday", "wednesday", "thursday",
                                "friday", "saturday", "sunday"};
  std::string lw = ToLowerAscii(w);
  for (const char* d : kDays) {
    std::string_view name = d;
    if (lw == name || (lw.size() == 3 && name.substr(0, 3) == lw) ||
        (lw.size() == 4 && name.substr(0, 4) == lw))  // "Tues", "Thur"
      return true;
  }
  return false;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The input as quoted in an error message: at most `max` bytes, never cutting a UTF-8 character,
// with invalid bytes replaced by U+FFFD. Messages end up in JSON summaries, which must be UTF-8.
// (Found by fuzz/date_fuzzer.)
std::string QuoteInput(std::string_view s, size_t max = 80) {
  if (s.size() > max) {
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n > 0 ? n : max);  // n == 0: not UTF-8 at all; Repair() below handles it
  }
  std::string out(s);
  utf8::Repair(&out);
  return out;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string Date::ToString() const {
  if (!known()) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Days from civil (proleptic Gregorian), after the well-known algorithm by H. Hinnant.
int64_t Date::ToDays() const {
  int y = year - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

Result<Date> ParseDate(std::string_view text) {
  std::string_view s = StripAscii(text);
  auto fail = [&]() -> Result<Date> {
    return InvalidArgument("cannot parse date '" + QuoteInput(text) + "'");
  };
  if (s.empty()) return fail();

  // ISO-ordered numeric: 2025-03-02, 2025/03/02, 2025.03.02, optionally followed by a time.
  if (s.size() >= 8 && AllDigits(s.substr(0, 4)) && (s[4] == '-' || s[4] == '/' || s[4] == '.')) {
    char sep = s[4];
    size_t p2 = s.find(sep, 5);
    if (p2 != std::string_view::npos) {
      std::string_view ms = s.substr(5, p2 - 5);
      size_t e = p2 + 1;
      while (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) ++e;
      std::string_view ds = s.substr(p2 + 1, e - p2 - 1);
      // What may follow the date: nothing, or a time ("T10:00", " 10:00").
      bool tail_ok = e == s.size() || s[e] == 'T' || s[e] == 't' ||
                     (s[e] == ' ' && e + 1 < s.size() &&
                      std::isdigit(static_cast<unsigned char>(s[e + 1])));
      if (AllDigits(ms) && ms.size() <= 2 && AllDigits(ds) && ds.size() <= 2 && tail_ok) {
        Date d{ToInt(s.substr(0, 4)), ToInt(ms), ToInt(ds)};
        if (Valid(d.year, d.month, d.day)) return d;
      }
    }
    return fail();
  }
  // Compact ISO: 20250302.
  if (s.size() == 8 && AllDigits(s)) {
    Date d{ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2))};
    if (Valid(d.year, d.month, d.day)) return d;
    return fail();
  }

  // Cut a time of day ("10:00:00 +0000", "10:00 GMT") and what follows.
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] == ':' && i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      size_t b = i;
      while (b > 0 && std::isdigit(static_cast<unsigned char>(s[b - 1]))) --b;
      s = StripAscii(s.substr(0, b));
      break;
    }
  }

  // Tokens: runs of letters or digits; separators are anything else.
  std::vector<std::string_view> words, numbers;
  std::vector<char> order;  // 'w' or 'n' in input order
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalpha(c)) {
      size_t b = i;
      while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
      words.push_back(s.substr(b, i - b));
    } else if (std::isdigit(c)) {
      size_t b = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      numbers.push_back(s.substr(b, i - b));
      // Ordinal suffixes: 2nd, 21st, 3rd, 4th.
      if (i + 2 <= s.size()) {
        std::string suf = ToLowerAscii(s.substr(i, 2));
        bool end = i + 2 == s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 2]));
        if (end && (suf == "st" || suf == "nd" || suf == "rd" || suf == "th")) i += 2;
      }
    } else {
      ++i;
    }
  }

  int month = 0;
  for (std::string_view w : words) {
    int m = MonthFromWord(w);
    if (m != 0 && month == 0) {
      month = m;
    } else if (IsWeekday(w) || EqualsIgnoreCase(w, "of") || EqualsIgnoreCase(w, "the") ||
               EqualsIgnoreCase(w, "on") || EqualsIgnoreCase(w, "updated") ||
               EqualsIgnoreCase(w, "published")) {
      continue;
    } else {
      return fail();
    }
  }

  if (month != 0) {
    int year = 0, day = 0;
    for (std::string_view n : numbers) {
      if (n.size() == 4 && year == 0) {
        year = ToInt(n);
      } else if (n.size() <= 2 && day == 0) {
        day = ToInt(n);
      } else {
        return fail();
      }
    }
    if (!Valid(year, month, day)) return fail();
    return Date{year, month, day};
  }

  // All-numeric day/month/year with a four-digit year last: accepted only when unambiguous.
  if (words.empty() && numbers.size() == 3 && numbers[2].size() == 4 && numbers[0].size() <= 2 &&
      numbers[1].size() <= 2) {
    int a = ToInt(numbers[0]), b = ToInt(numbers[1]), y = ToInt(numbers[2]);
    if (a > 12 && b <= 12 && Valid(y, b, a)) return Date{y, b, a};
    if (b > 12 && a <= 12 && Valid(y, a, b)) return Date{y, a, b};
    if (a == b && Valid(y, a, b)) return Date{y, a, b};
    return InvalidArgument("ambiguous date '" + QuoteInput(text) +
                           "' (day and month could be swapped); use YYYY-MM-DD");
  }
  return fail();
}

}  // namespace dyad

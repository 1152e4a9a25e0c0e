#include "text/clean.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "base/strings.h"
#include "base/utf8.h"
#include "text/normalize.h"

namespace dyad {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Dash-like separators after datelines and site names: "-", "–", "—", "|".
size_t SeparatorLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '-' || s[i] == '|') return 1;
  if (s.substr(i, 3) == "\xE2\x80\x93" || s.substr(i, 3) == "\xE2\x80\x94") return 3;
  return 0;
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    size_t b = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    if (i > b) words.push_back(line.substr(b, i - b));
  }
  return words;
}

// Lines that point away from the article. Prefix match, case-insensitive, on the trimmed line.
const char* const kReadMorePrefixes[] = {
    "read more", "read also", "also read", "see also", "related:", "related articles",
    "related stories", "related news", "recommended:", "more from", "more:", "click here",
    "you may also like", "you might also like", "trending:", "must read"};
const char* const kSharePrefixes[] = {
    "share this", "share on", "share:", "follow us", "subscribe", "sign up for",
    "like us on", "tweet this", "click to share", "join our", "download our app",
    "get the latest", "follow @"};
const char* const kAdLines[] = {"advertisement", "sponsored", "sponsored content",
                                "story continues below", "scroll to continue"};

bool IsUrlLine(std::string_view t) {
  if (!(StartsWithIgnoreCase(t, "http://") || StartsWithIgnoreCase(t, "https://") ||
        StartsWithIgnoreCase(t, "www.")))
    return false;
  return t.find(' ') == std::string_view::npos;
}

// A heading run into the text: short, title-case, no sentence-final punctuation.
bool LooksLikeHeading(std::string_view t) {
  if (t.empty() || t.size() > 140) return false;
  char last = t.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == ',' ||
      last == '"' || last == ')')
    return false;
  if (t.size() >= 3 && (t.substr(t.size() - 3) == "\xE2\x80\x9D" ||  // ”
                        t.substr(t.size() - 3) == "\xE2\x80\xA6"))   // …
    return false;
  std::vector<std::string_view> words = Words(t);
  if (words.size() < 3 || words.size() > 16) return false;
  if (!IsUpper(words[0][0]) && !std::isdigit(static_cast<unsigned char>(words[0][0])))
    return false;
  // Title case: most content words capitalised. Short function words may be lower-case.
  int content = 0, capitalised = 0;
  for (std::string_view w : words) {
    if (w.size() <= 3 && IsLower(w[0])) continue;  // of, and, the, in, to, for, amid...
    ++content;
    if (IsUpper(w[0]) || std::isdigit(static_cast<unsigned char>(w[0])) ||
        static_cast<unsigned char>(w[0]) >= 0x80)
      ++capitalised;
  }
  return content >= 2 && capitalised * 10 >= content * 8;
}

// A line that is only a date ("Friday, January 4, 2019"), as some sites print above the text.
bool IsDateLine(std::string_view t, Date* d) {
  if (t.size() > 40) return false;
  Result<Date> r = ParseDate(t);
  if (!r.ok()) return false;
  *d = *r;
  return true;
}

// Finds a dateline at `pos`: "MOSCOW (Agency). ", "WASHINGTON, March 2 (Reuters) - ",
// "KYIV, Ukraine — ". Returns its length including trailing blanks, or 0.
size_t FindDateline(std::string_view raw, size_t pos, std::string* city, std::string* agency) {
  size_t i = pos;
  size_t n = std::min(raw.size(), pos + 120);
  // City: one to four upper-case words ("NEW YORK", "ST. PETERSBURG", "KYIV").
  size_t city_begin = i;
  int letters = 0, words = 0;
  while (i < n && words < 4) {
    size_t w = i;
    int word_letters = 0;
    while (w < n && (IsUpper(raw[w]) || raw[w] == '.' || raw[w] == '\'' ||
                     (raw[w] == '-' && w + 1 < n && IsUpper(raw[w + 1])))) {
      word_letters += IsUpper(raw[w]);
      ++w;
    }
    // The word must end at a space, comma or parenthesis, and have two or more capitals.
    if (word_letters < 2 || w >= n || !(raw[w] == ' ' || raw[w] == ',' || raw[w] == '(')) break;
    letters += word_letters;
    ++words;
    i = w;
    if (raw[i] != ' ' || i + 1 >= n || !IsUpper(raw[i + 1])) break;
    ++i;  // continue with the next word
  }
  while (i > city_begin && raw[i - 1] == ' ') --i;
  if (letters < 3 || words == 0) return 0;
  std::string_view c = raw.substr(city_begin, i - city_begin);
  size_t j = i;
  // Optional ", Country" or ", March 2".
  if (j < n && raw[j] == ',') {
    size_t k = j + 1;
    while (k < n && raw[k] != '(' && raw[k] != '\n' && SeparatorLength(raw, k) == 0 &&
           raw[k] != '.')
      ++k;
    if (k - j > 40) return 0;
    j = k;
  }
  while (j < n && raw[j] == ' ') ++j;
  bool has_agency = false;
  if (j < n && raw[j] == '(') {
    size_t close = raw.find(')', j);
    if (close == std::string_view::npos || close - j > 40) return 0;
    *agency = std::string(raw.substr(j + 1, close - j - 1));
    has_agency = true;
    j = close + 1;
  }
  while (j < n && raw[j] == ' ') ++j;
  size_t sep = SeparatorLength(raw, j);
  bool sentence_sep = j < n && (raw[j] == '.' || raw[j] == ':') && has_agency;
  if (sep == 0 && !sentence_sep) return 0;
  if (sep == 0 && !has_agency) return 0;
  j += sep ? sep : 1;
  if (j < raw.size() && raw[j] != ' ' && raw[j] != '\t') return 0;
  while (j < raw.size() && IsBlank(raw[j])) ++j;
  *city = std::string(StripAscii(c));
  return j - pos;
}

// "sitename – " before the first sentence: one token, not all capitals, then a dash or bar.
size_t FindSitePrefix(std::string_view raw, size_t pos) {
  size_t i = pos;
  size_t n = std::min(raw.size(), pos + 60);
  size_t b = i;
  bool upper_only = true, has_lower = false;
  while (i < n && !IsBlank(raw[i]) && raw[i] != '\n') {
    char c = raw[i];
    if (IsLower(c)) {
      upper_only = false;
      has_lower = true;
    }
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
      return 0;
    ++i;
  }
  if (i - b < 3 || upper_only || !has_lower) return 0;
  if (i >= n || raw[i] != ' ') return 0;
  size_t sep = SeparatorLength(raw, i + 1);
  if (sep == 0) return 0;
  size_t j = i + 1 + sep;
  if (j >= raw.size() || raw[j] != ' ') return 0;
  while (j < raw.size() && IsBlank(raw[j])) ++j;
  return j - pos;
}

void AddExcluded(Document& doc, size_t begin, size_t end, const char* reason) {
  ExcludedSpan s;
  s.raw = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
  s.reason = reason;
  s.text = std::string(StripAscii(std::string_view(doc.raw).substr(begin, end - begin)));
  doc.excluded.push_back(std::move(s));
}

bool Covered(const std::vector<ExcludedSpan>& spans, size_t offset) {
  for (const ExcludedSpan& s : spans) {
    if (offset >= s.raw.begin && offset < s.raw.end) return true;
  }
  return false;
}

}  // namespace

Status CleanDocument(Document& doc) {
  const std::string_view raw = doc.raw;
  if (raw.size() > UINT32_MAX) return InvalidArgument("document larger than 4 GB");
  size_t bad = utf8::FindInvalid(raw);
  if (bad != std::string_view::npos) {
    return InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad));
  }
  std::sort(doc.excluded.begin(), doc.excluded.end(),
            [](const ExcludedSpan& a, const ExcludedSpan& b) { return a.raw.begin < b.raw.begin; });

  // Where the body starts: after the reader's header spans and leading white space.
  size_t body = 0;
  for (const ExcludedSpan& s : doc.excluded) {
    if (s.raw.begin <= body) body = std::max<size_t>(body, s.raw.end);
  }
  while (body < raw.size() && (IsBlank(raw[body]) || raw[body] == '\n')) ++body;

  // Site prefix, then dateline, at the start of the body.
  size_t site = FindSitePrefix(raw, body);
  if (site > 0) {
    AddExcluded(doc, body, body + site, "site-prefix");
    body += site;
  }
  std::string city, agency;
  size_t dateline = FindDateline(raw, body, &city, &agency);
  if (dateline > 0) {
    AddExcluded(doc, body, body + dateline, "dateline");
    if (doc.meta.dateline.empty()) doc.meta.dateline = city;
    if (doc.meta.source.empty() && !agency.empty()) doc.meta.source = agency;
    body += dateline;
  }

  // Line by line.
  bool first_line = true;
  size_t pos = body;
  while (pos < raw.size()) {
    size_t eol = raw.find('\n', pos);
    size_t next = eol == std::string_view::npos ? raw.size() : eol + 1;
    if (Covered(doc.excluded, pos)) {
      pos = next;
      continue;
    }
    std::string_view line = raw.substr(pos, (eol == std::string_view::npos ? raw.size() : eol) -
                                                pos);
    std::string_view t = StripAscii(line);
    if (t.empty()) {
      pos = next;
      continue;
    }
    const char* reason = nullptr;
    for (const char* p : kReadMorePrefixes) {
      if (StartsWithIgnoreCase(t, p)) reason = "read-more-link";
    }
    for (const char* p : kSharePrefixes) {
      if (StartsWithIgnoreCase(t, p) && t.size() < 120) reason = "share-line";
    }
    for (const char* p : kAdLines) {
      if (EqualsIgnoreCase(t, p)) reason = "advertisement";
    }
    if (reason == nullptr && IsUrlLine(t)) reason = "url-line";
    Date line_date;
    if (reason == nullptr && first_line && IsDateLine(t, &line_date)) {
      reason = "date-line";
      if (!doc.meta.published.known()) doc.meta.published = line_date;
    }
    if (reason == nullptr && LooksLikeHeading(t)) {
      // Only when more text follows: a last short line may be a sign-off, which is text.
      size_t rest = next;
      while (rest < raw.size() && (IsBlank(raw[rest]) || raw[rest] == '\n')) ++rest;
      if (rest < raw.size()) {
        reason = first_line ? "title" : "heading";
        if (first_line && doc.meta.title.empty()) doc.meta.title = std::string(t);
      }
    }
    if (reason != nullptr) AddExcluded(doc, pos, next, reason);
    first_line = false;
    pos = next;
  }

  std::sort(doc.excluded.begin(), doc.excluded.end(),
            [](const ExcludedSpan& a, const ExcludedSpan& b) { return a.raw.begin < b.raw.begin; });

  // Clean text: everything not excluded, normalised.
  doc.clean.clear();
  doc.clean.reserve(raw.size());
  doc.offsets = OffsetMap();
  size_t cur = 0;
  for (const ExcludedSpan& s : doc.excluded) {
    if (s.raw.begin > cur) {
      NormalizeAppend(raw, static_cast<uint32_t>(cur), s.raw.begin, &doc.clean, &doc.offsets);
    }
    cur = std::max<size_t>(cur, s.raw.end);
  }
  if (cur < raw.size()) {
    NormalizeAppend(raw, static_cast<uint32_t>(cur), static_cast<uint32_t>(raw.size()),
                    &doc.clean, &doc.offsets);
  }
  return Status::Ok();
}

}  // namespace dyad

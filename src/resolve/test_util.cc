#include "resolve/test_util.h"

#include <cstring>

namespace dyad::resolve::testing {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Punctuation split off a word's edges (ASCII, and the UTF-8 curly quotes/dashes).
size_t EdgePunct(const std::string& s, size_t i, bool at_end) {
  static const char* kMulti[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x94"};
  for (const char* m : kMulti) {
    size_t n = std::strlen(m);
    if (at_end ? (i >= n && s.compare(i - n, n, m) == 0) : s.compare(i, n, m) == 0) return n;
  }
  char c = at_end ? s[i - 1] : s[i];
  if (std::strchr(",;:\"()!?", c) != nullptr) return 1;
  return 0;
}

}  // namespace

Document MakeDoc(const std::string& text, const std::string& date) {
  Document doc;
  doc.clean = text;
  if (!date.empty()) doc.meta.published = *ParseDate(date);
  size_t i = 0;
  uint32_t sent_begin = 0;
  auto close_sentence = [&](uint32_t end_token) {
    if (end_token > sent_begin) {
      Sentence s;
      s.token_begin = sent_begin;
      s.token_end = end_token;
      s.clean = ByteSpan{doc.tokens[sent_begin].clean.begin, doc.tokens[end_token - 1].clean.end};
      doc.sentences.push_back(s);
      sent_begin = end_token;
    }
  };
  auto add = [&](size_t b, size_t e) {
    Token t;
    t.clean = ByteSpan{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
    t.form = text.substr(b, e - b);
    doc.tokens.push_back(t);
  };
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
        close_sentence(static_cast<uint32_t>(doc.tokens.size()));
      }
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !IsSpace(text[j])) ++j;
    size_t b = i, e = j;
    std::vector<std::pair<size_t, size_t>> tail;
    while (b < e) {
      size_t n = EdgePunct(text, b, false);
      if (n == 0) break;
      add(b, b + n);
      b += n;
    }
    bool end_sentence = false;
    while (e > b) {
      size_t n = EdgePunct(text, e, true);
      if (n == 0) {
        // A final period is split off unless the word is an abbreviation ("U.S.", "Lt.").
        if (text[e - 1] == '.' || text[e - 1] == '!' || text[e - 1] == '?') {
          std::string w = text.substr(b, e - b - 1);
          bool abbrev = w.find('.') != std::string::npos || (w.size() <= 2 && !w.empty() &&
                                                             w[0] >= 'A' && w[0] <= 'Z');
          if (!abbrev || text[e - 1] != '.') {
            n = 1;
            end_sentence = true;
          }
        }
        if (n == 0) break;
      }
      tail.emplace_back(e - n, e);
      e -= n;
    }
    if (e > b) add(b, e);
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) add(it->first, it->second);
    if (end_sentence) close_sentence(static_cast<uint32_t>(doc.tokens.size()));
    i = j;
  }
  close_sentence(static_cast<uint32_t>(doc.tokens.size()));
  for (size_t k = 0; k + 1 < doc.tokens.size(); ++k) {
    doc.tokens[k].space_after = doc.tokens[k].clean.end != doc.tokens[k + 1].clean.begin;
  }
  return doc;
}

}  // namespace dyad::resolve::testing

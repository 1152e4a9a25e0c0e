#include "ingest/html_eval_metric.h"

#include <utf8proc.h>

#include <algorithm>
#include <unordered_map>

#include "base/utf8.h"

namespace dyad::web {
namespace {

bool IsWordChar(char32_t cp) {
  if (cp == '_') return true;
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  utf8proc_category_t c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  switch (c) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

std::unordered_map<std::string, int> Shingles(std::string_view text) {
  std::vector<std::string_view> toks = WordTokens(text);
  std::unordered_map<std::string, int> out;
  if (toks.empty()) return out;
  size_t n = std::min<size_t>(4, toks.size());
  for (size_t i = 0; i + n <= toks.size(); ++i) {
    std::string key;
    for (size_t k = 0; k < n; ++k) {
      if (k) key.push_back('\x01');
      key.append(toks[i + k]);
    }
    ++out[key];
  }
  return out;
}

}  // namespace

std::vector<std::string_view> WordTokens(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0, start = std::string_view::npos;
  while (i < text.size()) {
    size_t len = 1;
    char32_t cp = utf8::Decode(text, i, &len);
    bool w = IsWordChar(cp);
    if (w && start == std::string_view::npos) start = i;
    if (!w && start != std::string_view::npos) {
      out.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
    }
    i += len;
  }
  if (start != std::string_view::npos) out.push_back(text.substr(start));
  return out;
}

PageScore ScorePage(std::string_view gold, std::string_view predicted) {
  std::unordered_map<std::string, int> g = Shingles(gold), p = Shingles(predicted);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [k, c] : p) {
    auto it = g.find(k);
    int gc = it == g.end() ? 0 : it->second;
    tp += std::min(c, gc);
    fp += std::max(0, c - gc);
  }
  for (const auto& [k, c] : g) {
    auto it = p.find(k);
    int pc = it == p.end() ? 0 : it->second;
    fn += std::max(0, c - pc);
  }
  PageScore s;
  if (fp == 0 && fn == 0) {
    s.precision = s.recall = 1.0;
  } else {
    s.has_precision = (tp + fp) > 0;
    s.has_recall = (tp + fn) > 0;
    s.precision = s.has_precision ? tp / (tp + fp) : 0.0;
    s.recall = s.has_recall ? tp / (tp + fn) : 0.0;
  }
  s.exact = WordTokens(gold) == WordTokens(predicted);
  return s;
}

PageScore ExtractionScore::Add(std::string_view gold, std::string_view predicted) {
  PageScore s = ScorePage(gold, predicted);
  if (s.has_precision) {
    precision_sum_ += s.precision;
    ++precision_pages_;
  }
  if (s.has_recall) {
    recall_sum_ += s.recall;
    ++recall_pages_;
  }
  ++pages_;
  if (s.exact) ++exact_;
  return s;
}

}  // namespace dyad::web

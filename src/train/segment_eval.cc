#include "train/segment_eval.h"

#include <algorithm>
#include <chrono>

#include "text/tokenizer.h"

namespace dyad {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return r;
}

// Length of the longest common subsequence of two short lists of words.
size_t Lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool SpanLess(const ByteSpan& a, const ByteSpan& b) {
  return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
}

std::string Context(std::string_view text, ByteSpan s) {
  size_t from = s.begin >= 30 ? s.begin - 30 : 0;
  size_t to = std::min<size_t>(text.size(), s.end + 30);
  std::string out;
  out.append(text.substr(from, s.begin - from));
  out += '[';
  out.append(text.substr(s.begin, s.end - s.begin));
  out += ']';
  out.append(text.substr(s.end, to - s.end));
  for (char& c : out) {
    if (c == '\n') c = '|';
  }
  return out;
}

// Counts exact matches of two sorted span lists; records mismatches.
SpanScore Score(std::string_view text, const std::vector<ByteSpan>& gold,
                const std::vector<ByteSpan>& sys, const char* kind, size_t max_errors,
                std::vector<SegmentError>* errors) {
  SpanScore s;
  s.gold = gold.size();
  s.system = sys.size();
  size_t i = 0, j = 0;
  auto note = [&](ByteSpan span, bool missing) {
    if (errors->size() >= max_errors) return;
    errors->push_back({kind, missing, span, Context(text, span)});
  };
  while (i < gold.size() || j < sys.size()) {
    if (j == sys.size() || (i < gold.size() && SpanLess(gold[i], sys[j]))) {
      note(gold[i++], true);
    } else if (i == gold.size() || SpanLess(sys[j], gold[i])) {
      note(sys[j++], false);
    } else {
      ++s.correct;
      ++i;
      ++j;
    }
  }
  return s;
}

}  // namespace

GoldSegmentation BuildGoldSegmentation(const std::vector<ConlluSentence>& sentences) {
  GoldSegmentation g;
  bool last_space_after = true;
  for (size_t si = 0; si < sentences.size(); ++si) {
    const ConlluSentence& s = sentences[si];
    if (si > 0) {
      if (s.new_document || s.new_paragraph) {
        g.text += "\n\n";
      } else if (last_space_after) {
        g.text += ' ';
      }
    }
    uint32_t sent_begin = static_cast<uint32_t>(g.text.size());
    size_t mw = 0;
    size_t wi = 0;
    while (wi < s.words.size()) {
      const ConlluWord& w = s.words[wi];
      while (mw < s.multiwords.size() && s.multiwords[mw].last < w.id) ++mw;
      std::vector<std::string> words;
      std::string_view form;
      bool space_after;
      if (mw < s.multiwords.size() && s.multiwords[mw].first == w.id) {
        const ConlluMultiword& m = s.multiwords[mw];
        form = m.form;
        space_after = m.space_after;
        for (int id = m.first; id <= m.last && wi < s.words.size(); ++id, ++wi) {
          words.push_back(LowerAscii(s.words[wi].form));
        }
      } else {
        form = w.form;
        space_after = w.space_after;
        words.push_back(LowerAscii(w.form));
        ++wi;
      }
      uint32_t b = static_cast<uint32_t>(g.text.size());
      g.text.append(form);
      g.tokens.push_back({b, static_cast<uint32_t>(g.text.size())});
      g.token_words.push_back(std::move(words));
      last_space_after = space_after;
      if (space_after && wi < s.words.size()) g.text += ' ';
    }
    g.sentences.push_back({sent_begin, static_cast<uint32_t>(g.text.size())});
  }
  return g;
}

SegmentEvalResult EvaluateSegmentation(const GoldSegmentation& gold, size_t max_errors) {
  SegmentEvalResult r;
  r.bytes = gold.text.size();
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<bool> joins;
  auto t0 = std::chrono::steady_clock::now();
  SegmentText(gold.text, &sentences, &tokens, &joins);
  auto t1 = std::chrono::steady_clock::now();
  r.seconds = std::chrono::duration<double>(t1 - t0).count();

  // System surface tokens: clitics join the token before them.
  std::vector<ByteSpan> sys_tokens;
  std::vector<std::vector<std::string>> sys_words;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && joins[i] && !sys_tokens.empty() && sys_tokens.back().end == tokens[i].clean.begin) {
      sys_tokens.back().end = tokens[i].clean.end;
      sys_words.back().push_back(LowerAscii(tokens[i].form));
    } else {
      sys_tokens.push_back(tokens[i].clean);
      sys_words.push_back({LowerAscii(tokens[i].form)});
    }
  }
  std::vector<ByteSpan> sys_sentences;
  sys_sentences.reserve(sentences.size());
  for (const Sentence& s : sentences) sys_sentences.push_back(s.clean);

  r.tokens = Score(gold.text, gold.tokens, sys_tokens, "token", max_errors, &r.errors);
  r.sentences =
      Score(gold.text, gold.sentences, sys_sentences, "sentence", max_errors, &r.errors);
  std::stable_sort(r.errors.begin(), r.errors.end(),
                   [](const SegmentError& a, const SegmentError& b) {
                     return a.span.begin < b.span.begin;
                   });

  // Words: aligned within surface tokens that match exactly.
  for (const auto& w : gold.token_words) r.words.gold += w.size();
  for (const auto& w : sys_words) r.words.system += w.size();
  size_t i = 0, j = 0;
  while (i < gold.tokens.size() && j < sys_tokens.size()) {
    if (SpanLess(gold.tokens[i], sys_tokens[j])) {
      ++i;
    } else if (SpanLess(sys_tokens[j], gold.tokens[i])) {
      ++j;
    } else {
      const auto& gw = gold.token_words[i];
      const auto& sw = sys_words[j];
      r.words.correct += (gw.size() == 1 && sw.size() == 1) ? 1 : Lcs(gw, sw);
      ++i;
      ++j;
    }
  }
  return r;
}

Result<SegmentEvalResult> EvaluateSegmentationFile(const std::string& path, size_t max_errors) {
  ASSIGN_OR_RETURN(std::vector<ConlluSentence> sentences, ReadConlluFile(path));
  if (sentences.empty()) return InvalidArgument(path + ": no sentences");
  SegmentEvalResult r = EvaluateSegmentation(BuildGoldSegmentation(sentences), max_errors);
  r.gold_path = path;
  return r;
}

}  // namespace dyad

// Fuzzes the text layer: normalisation (any bytes, including invalid UTF-8), then sentence
// splitting and tokenisation of both the raw bytes and the clean text. Checks the invariants
// every later stage relies on: tokens in order, non-empty, inside the text, with form == slice;
// sentences partition the tokens; the offset map sends every clean span inside the raw text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "text/normalize.h"
#include "text/segmenter.h"
#include "text/tokenizer.h"

namespace {

void Check(std::string_view text) {
  std::vector<dyad::Sentence> sentences;
  std::vector<dyad::Token> tokens;
  std::vector<bool> joins;
  dyad::SegmentText(text, &sentences, &tokens, &joins);
  if (joins.size() != tokens.size()) __builtin_trap();
  uint32_t prev_end = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const dyad::Token& t = tokens[i];
    if (t.clean.begin >= t.clean.end || t.clean.end > text.size()) __builtin_trap();
    if (t.clean.begin < prev_end) __builtin_trap();
    if (t.form != text.substr(t.clean.begin, t.clean.size())) __builtin_trap();
    if (joins[i] && (i == 0 || tokens[i - 1].clean.end != t.clean.begin)) __builtin_trap();
    prev_end = t.clean.end;
  }
  uint32_t next = 0;
  for (const dyad::Sentence& s : sentences) {
    if (s.token_begin != next || s.token_end <= s.token_begin) __builtin_trap();
    if (s.clean.begin != tokens[s.token_begin].clean.begin) __builtin_trap();
    if (s.clean.end != tokens[s.token_end - 1].clean.end) __builtin_trap();
    next = s.token_end;
  }
  if (next != tokens.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  Check(raw);
  std::string clean;
  dyad::OffsetMap map;
  dyad::NormalizeAppend(raw, 0, static_cast<uint32_t>(raw.size()), &clean, &map);
  for (const auto& seg : map.segments()) {
    if (seg.raw_begin + seg.raw_len > raw.size()) __builtin_trap();
    if (seg.clean_begin + seg.clean_len > clean.size()) __builtin_trap();
  }
  Check(clean);
  // Normalisation is idempotent.
  std::string again;
  dyad::OffsetMap map2;
  dyad::NormalizeAppend(clean, 0, static_cast<uint32_t>(clean.size()), &again, &map2);
  if (again != clean) __builtin_trap();
  return 0;
}

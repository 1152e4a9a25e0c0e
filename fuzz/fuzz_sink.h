// A DocSink for fuzzers: runs cleaning on every accepted document so the whole read path is
// fuzzed, and checks the invariants later stages and the output writers rely on. A broken
// invariant is a crash (__builtin_trap), so libFuzzer saves the input.
//
// Invariants checked:
//   - every Reject()/Skip() location and message is valid UTF-8 (they end up in JSON summaries,
//     whose writer refuses invalid UTF-8);
//   - every accepted document's text and metadata strings are valid UTF-8 and its origin is set;
//   - after cleaning: excluded spans lie inside the raw text, the clean text is valid UTF-8, and
//     the offset map's segments are in order and inside both texts.
#ifndef DYAD_FUZZ_FUZZ_SINK_H_
#define DYAD_FUZZ_FUZZ_SINK_H_

#include <string_view>

#include "base/utf8.h"
#include "dyad/reader.h"
#include "text/clean.h"

namespace dyad {

inline void FuzzCheckUtf8(std::string_view s) {
  if (!utf8::IsValid(s)) __builtin_trap();
}

class FuzzSink : public DocSink {
 public:
  bool Accept(RawDoc raw) override {
    FuzzCheckUtf8(raw.text);
    const DocumentMeta& m = raw.meta;
    if (m.origin.empty()) __builtin_trap();
    for (std::string_view s : {std::string_view(m.origin), std::string_view(m.external_id),
                               std::string_view(m.source), std::string_view(m.url),
                               std::string_view(m.title), std::string_view(m.author),
                               std::string_view(m.language), std::string_view(m.format)}) {
      FuzzCheckUtf8(s);
    }
    for (const ExcludedSpan& s : raw.excluded) {
      if (s.raw.end > raw.text.size() || s.raw.begin > s.raw.end) __builtin_trap();
    }
    Document d = MakeDocument(std::move(raw));
    Status st = CleanDocument(d);
    if (!st.ok()) return true;  // reported by the pipeline; nothing more to check
    for (const ExcludedSpan& s : d.excluded) {
      if (s.raw.end > d.raw.size() || s.raw.begin > s.raw.end) __builtin_trap();
      FuzzCheckUtf8(s.text);
    }
    FuzzCheckUtf8(d.clean);
    FuzzCheckUtf8(d.meta.title);
    FuzzCheckUtf8(d.meta.source);
    FuzzCheckUtf8(d.meta.dateline);
    uint64_t clean_end = 0, raw_end = 0;
    for (const OffsetMap::Segment& seg : d.offsets.segments()) {
      if (seg.clean_begin < clean_end || seg.raw_begin < raw_end) __builtin_trap();
      clean_end = uint64_t{seg.clean_begin} + seg.clean_len;
      raw_end = uint64_t{seg.raw_begin} + seg.raw_len;
      if (clean_end > d.clean.size() || raw_end > d.raw.size()) __builtin_trap();
    }
    return true;
  }
  void Reject(const std::string& where, const Status& why) override {
    FuzzCheckUtf8(where);
    FuzzCheckUtf8(why.message());
    if (why.ok()) __builtin_trap();  // a rejection always says why
  }
  void Skip(const std::string& where, std::string_view reason) override {
    FuzzCheckUtf8(where);
    FuzzCheckUtf8(reason);
  }
};

}  // namespace dyad

#endif  // DYAD_FUZZ_FUZZ_SINK_H_

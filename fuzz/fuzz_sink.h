// A DocSink for fuzzers: runs cleaning on every accepted document so the whole read path is fuzzed.
#ifndef DYAD_FUZZ_FUZZ_SINK_H_
#define DYAD_FUZZ_FUZZ_SINK_H_

#include "dyad/reader.h"
#include "text/clean.h"

namespace dyad {

class FuzzSink : public DocSink {
 public:
  bool Accept(RawDoc raw) override {
    Document d = MakeDocument(std::move(raw));
    Status st = CleanDocument(d);
    (void)st;
    for (const ExcludedSpan& s : d.excluded) {
      if (s.raw.end > d.raw.size() || s.raw.begin > s.raw.end) __builtin_trap();
    }
    return true;
  }
  void Reject(const std::string&, const Status&) override {}
};

}  // namespace dyad

#endif  // DYAD_FUZZ_FUZZ_SINK_H_

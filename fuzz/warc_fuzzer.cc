// Fuzzes the WARC reader (plain and, when the input starts with the gzip magic, gzip) with the
// HTML path and cleaning behind it. Checks the counts are consistent.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_sink.h"
#include "ingest/web_readers.h"

namespace {
struct CountingFuzzSink : dyad::FuzzSink {
  size_t accepted = 0;
  bool Accept(dyad::RawDoc raw) override {
    if (raw.meta.origin.rfind("fuzz.warc@", 0) != 0) __builtin_trap();
    ++accepted;
    return dyad::FuzzSink::Accept(std::move(raw));
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dyad::ReadOptions opts;
  opts.max_document_bytes = 1 << 20;
  CountingFuzzSink sink;
  dyad::WarcStats st = dyad::ReadWarcBuffer(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.warc", opts, sink);
  if (st.documents != sink.accepted) __builtin_trap();
  if (st.documents > st.records) __builtin_trap();
  return 0;
}

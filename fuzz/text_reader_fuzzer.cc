// Fuzzes the text reader and the cleaning stage behind it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_sink.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dyad::ReadOptions opts;
  opts.max_document_bytes = 1 << 20;
  dyad::FuzzSink sink;
  dyad::ReadTextDocument(std::string(reinterpret_cast<const char*>(data), size), "fuzz", opts, sink);
  return 0;
}

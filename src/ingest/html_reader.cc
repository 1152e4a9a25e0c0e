// HTML pages -> RawDoc: charset, binary and size checks, article extraction, metadata.
#include <string>

#include "base/utf8.h"
#include "ingest/charset.h"
#include "ingest/html_extract.h"
#include "ingest/web_readers.h"

namespace dyad {

void ReadHtmlBuffer(std::string_view bytes, const std::string& origin, const ReadOptions& options,
                    DocSink& sink, const WebContext& context) {
  if (bytes.size() > options.max_document_bytes) {
    sink.Reject(origin, InvalidArgument(origin + ": HTML page of " + std::to_string(bytes.size()) +
                                        " bytes exceeds the limit of " +
                                        std::to_string(options.max_document_bytes) + " bytes"));
    return;
  }
  size_t first = 0;
  while (first < bytes.size() && (bytes[first] == ' ' || bytes[first] == '\n' ||
                                  bytes[first] == '\r' || bytes[first] == '\t'))
    ++first;
  if (first == bytes.size()) {
    sink.Reject(origin, InvalidArgument(origin + ": empty page"));
    return;
  }
  web::CharsetGuess cs = web::DetectHtmlCharset(bytes, context.content_type);
  size_t replaced = 0;
  Result<std::string> utf8 = web::ConvertToUtf8(bytes.substr(cs.bom_bytes), cs.name, &replaced);
  if (!utf8.ok()) {
    // A label iconv does not know: read as UTF-8 (invalid bytes become U+FFFD), which keeps
    // ASCII markup and most text; the replacement characters stay visible in the text.
    utf8 = web::ConvertToUtf8(bytes.substr(cs.bom_bytes), "utf-8", &replaced);
  }
  std::string_view head = std::string_view(*utf8).substr(0, 4096);
  if (head.find('\0') != std::string_view::npos || utf8::LooksBinary(head)) {
    sink.Reject(origin, InvalidArgument(origin + ": binary content at offset 0, not an HTML page"));
    return;
  }
  // Mostly undecodable: not text in the declared or guessed charset.
  if (replaced > 64 && replaced * 8 > utf8->size() / 3) {
    std::string charset;  // the label comes from the page: keep messages printable ASCII
    for (char c : cs.name.substr(0, 40)) {
      unsigned char u = static_cast<unsigned char>(c);
      charset.push_back(u < 0x20 || u >= 0x7f ? '?' : c);
    }
    sink.Reject(origin, InvalidArgument(origin + ": " + std::to_string(replaced) +
                                        " bytes are not valid " + charset +
                                        ": binary content, not an HTML page"));
    return;
  }
  Result<web::ExtractedArticle> art = web::ExtractArticle(*utf8, context.url);
  if (!art.ok()) {
    sink.Reject(origin, art.status().WithContext(origin));
    return;
  }
  std::string text = art->Text();
  if (text.empty()) {
    sink.Skip(origin, "no-article-text");
    return;
  }
  RawDoc doc;
  doc.text = std::move(text);
  DocumentMeta& m = doc.meta;
  m.format = context.format;
  m.origin = origin;
  m.url = !context.url.empty() ? context.url : art->meta.canonical_url;
  m.title = art->meta.title;
  m.author = art->meta.author;
  m.language = art->meta.language;
  m.source = art->meta.site_name;
  m.published = art->meta.published;
  m.external_id = !art->meta.canonical_url.empty() ? art->meta.canonical_url : context.url;
  sink.Accept(std::move(doc));
}

}  // namespace dyad

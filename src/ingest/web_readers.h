// Readers for web input: single HTML pages and WARC crawl files (.warc, .warc.gz).
//
//   Collect sink;                                   // a dyad::DocSink
//   dyad::ReadHtmlBuffer(page_bytes, "page.html", {}, sink);
//   dyad::WarcStats stats = dyad::ReadWarcFile("crawl.warc.gz", {}, sink);
//
// What a RawDoc from the web holds (docs/formats/inputs.md has the full table):
//   text      the article body found by ExtractArticle (html_extract.h): paragraphs, headings,
//             list items separated by blank lines; navigation, comments, share bars etc. removed
//   meta      title, author, language, source (site name), url (WARC-Target-URI, else the page's
//             canonical URL), published (from the page: meta tags, JSON-LD, <time>, URL; never
//             the crawl date), format "html" or "warc", origin "file.html" or
//             "file.warc.gz@<offset of the record>" (the compressed offset of the gzip member
//             holding the record, as CDX indexes give it)
//   external_id  the canonical URL (else the target URI): the same article crawled twice with
//             changed content updates the stored document instead of adding a second one
//
// Errors: every problem goes to the sink with the file and byte offset, and reading goes on.
// A page without article text, a non-HTML or non-200 response, and WARC records that are not
// responses (request, metadata, warcinfo, revisit...) are sink.Skip()ped with a stable reason.
//
// Memory: the WARC reader streams; it holds one record block at a time (at most
// ReadOptions::max_document_bytes; larger records are skipped without being loaded) plus fixed
// buffers, whatever the file size.
//
// Thread-safety: the functions may run concurrently on different sinks.
#ifndef DYAD_INGEST_WEB_READERS_H_
#define DYAD_INGEST_WEB_READERS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "dyad/reader.h"

namespace dyad {

// Where an HTML page came from, when known (WARC records know; a file on disk does not).
struct WebContext {
  std::string url;           // the URL the page was fetched from
  std::string content_type;  // HTTP Content-Type header value, for its charset
  std::string format = "html";
};

// Reads one HTML page held in memory (any charset; see ingest/charset.h). Yields one RawDoc,
// or one Reject (empty, binary, over the size limit) or Skip ("no-article-text").
void ReadHtmlBuffer(std::string_view bytes, const std::string& origin, const ReadOptions& options,
                    DocSink& sink, const WebContext& context = {});

// Counts from one WARC input.
struct WarcStats {
  uint64_t records = 0;         // records whose header could be read
  uint64_t documents = 0;       // RawDocs accepted by the sink
  uint64_t skipped = 0;         // records or pages skipped (with a reason)
  uint64_t errors = 0;          // corrupt or truncated records, gzip damage
  uint64_t bytes = 0;           // uncompressed bytes read
};

// Streams a .warc or .warc.gz file (gzip recognised by its magic bytes, so the name does not
// matter). Returns early (with what it counted) when the sink asks to stop.
WarcStats ReadWarcFile(const std::string& path, const ReadOptions& options, DocSink& sink);

// The same over bytes already in memory (stdin, tests, fuzzing). `origin` names the input.
WarcStats ReadWarcBuffer(std::string_view bytes, const std::string& origin,
                         const ReadOptions& options, DocSink& sink);

}  // namespace dyad

#endif  // DYAD_INGEST_WEB_READERS_H_

// Readers: turn input files and streams into RawDocs.
//
//   struct Collect : dyad::DocSink { ... };
//   Collect sink;
//   dyad::ReadInputs({"articles/", "more.jsonl", "-"}, dyad::ReadOptions{}, sink);
//
// Supported inputs: plain text (.txt and anything that sniffs as text; optional header lines
// `date ...`, `title ...`, `source ...`, `url ...`; datelines), JSONL (.jsonl/.ndjson: one article
// a line with `text` and optional `id`, `date`, `source`, `url`, `title`), CSV (.csv with a header
// row naming the same columns; quoted fields may span lines), HTML pages and WARC crawl
// files (see docs/formats/inputs.md), directories (recursive, sorted for reproducibility) and "-"
// for standard input (format sniffed from content).
//
// Errors never stop a run: each unreadable file, line or record is reported to the sink with its
// origin ("file:line", "file@offset") and reading goes on with the rest.
//
// Thread-safety: readers run on one thread and call the sink from it.
#ifndef DYAD_READER_H_
#define DYAD_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

// Receives what readers produce.
class DocSink {
 public:
  virtual ~DocSink() = default;
  // Takes one document. Returns false to ask the reader to stop early (e.g. on interrupt).
  virtual bool Accept(RawDoc doc) = 0;
  // Input that could not be read: `where` names the file and line or byte offset.
  virtual void Reject(const std::string& where, const Status& why) = 0;
  // Input deliberately not read as an article (e.g. a WARC request record), with a stable reason.
  virtual void Skip(const std::string& where, std::string_view reason) {
    (void)where;
    (void)reason;
  }
};

struct ReadOptions {
  // Documents larger than this are rejected (with a message), not truncated.
  size_t max_document_bytes = size_t{64} << 20;
  // Format to use for every input instead of sniffing: "", "text", "jsonl", "csv", "html", "warc".
  std::string force_format;
};

// Input formats dyad knows. Sniffing looks at the extension first, then at the content.
enum class InputFormat { kUnknown, kText, kJsonl, kCsv, kHtml, kWarc, kBinary };
std::string_view InputFormatName(InputFormat f);
InputFormat FormatFromName(std::string_view name);
// Guesses the format from a file name and the first bytes of its content.
InputFormat SniffFormat(std::string_view path, std::string_view head);

// Reads every input (file, directory, or "-" for stdin). Returns non-OK only when the sink asked to
// stop; every per-input problem goes to sink.Reject().
Status ReadInputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                  DocSink& sink);

// Reads one file whose format is known. `path` is used in messages.
void ReadFile(const std::string& path, InputFormat format, const ReadOptions& options,
              DocSink& sink);

// Format readers over bytes already in memory. `origin` names the input in messages and metadata.
void ReadTextDocument(std::string bytes, const std::string& origin, const ReadOptions& options,
                      DocSink& sink);
void ReadJsonlBuffer(std::string_view bytes, const std::string& origin,
                     const ReadOptions& options, DocSink& sink);
void ReadCsvBuffer(std::string_view bytes, const std::string& origin, const ReadOptions& options,
                   DocSink& sink);

}  // namespace dyad

#endif  // DYAD_READER_H_

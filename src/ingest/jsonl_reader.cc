// JSONL reader: one article per line, `{"text": ..., "id": ..., "date": ..., "source": ...,
// "url": ..., "title": ...}`. Streams in fixed-size chunks, so files of any size use bounded memory.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "base/strings.h"
#include "base/utf8.h"
#include "ingest/readers_internal.h"

namespace dyad {
namespace {

using nlohmann::json;

// Returns the first present string-valued field among `names` (numbers are accepted for ids).
bool GetField(const json& obj, std::initializer_list<const char*> names, std::string* out,
              std::string* bad_field, bool allow_number = false) {
  for (const char* n : names) {
    auto it = obj.find(n);
    if (it == obj.end() || it->is_null()) continue;
    if (it->is_string()) {
      *out = it->get<std::string>();
      return true;
    }
    if (allow_number && it->is_number_integer()) {
      *out = std::to_string(it->get<int64_t>());
      return true;
    }
    *bad_field = n;
    return false;
  }
  return false;
}

// Splits a byte stream into lines and turns each into a RawDoc.
class JsonlLines {
 public:
  JsonlLines(std::string origin, const ReadOptions& options, DocSink& sink)
      : origin_(std::move(origin)), options_(options), sink_(sink) {}

  // Returns false when the sink asked to stop.
  bool Feed(std::string_view chunk) {
    while (!chunk.empty()) {
      const char* nl = static_cast<const char*>(std::memchr(chunk.data(), '\n', chunk.size()));
      size_t take = nl ? static_cast<size_t>(nl - chunk.data()) : chunk.size();
      if (!too_long_) {
        if (partial_.size() + take > options_.max_document_bytes) {
          too_long_ = true;
          partial_.clear();
          partial_.shrink_to_fit();
        } else {
          partial_.append(chunk.data(), take);
        }
      }
      too_long_bytes_ += take;
      if (!nl) return true;
      chunk.remove_prefix(take + 1);
      if (!EndLine()) return false;
    }
    return true;
  }

  bool Finish() {
    if (!partial_.empty() || too_long_) return EndLine();
    return true;
  }

 private:
  bool EndLine() {
    ++line_;
    std::string where = origin_ + ":" + std::to_string(line_);
    bool keep_going = true;
    if (too_long_) {
      sink_.Reject(where, InvalidArgument(where + ": line of " + std::to_string(too_long_bytes_) +
                                          " bytes is over the document size limit of " +
                                          std::to_string(options_.max_document_bytes) +
                                          " bytes (raise it with --max-doc-mb)"));
    } else {
      keep_going = HandleLine(partial_, where);
    }
    partial_.clear();
    too_long_ = false;
    too_long_bytes_ = 0;
    return keep_going;
  }

  bool HandleLine(std::string& line, const std::string& where) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (StripAscii(line).empty()) return true;  // blank lines separate nothing; not articles
    if (line_ == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    size_t bad = utf8::FindInvalid(line);
    if (bad != std::string::npos) {
      sink_.Reject(where, InvalidArgument(where + ": invalid UTF-8 at byte " +
                                          std::to_string(bad + 1) + " of the line"));
      return true;
    }
    json obj = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (obj.is_discarded()) {
      sink_.Reject(where, InvalidArgument(where + ": not a valid JSON object"));
      return true;
    }
    if (!obj.is_object()) {
      sink_.Reject(where, InvalidArgument(where + ": expected a JSON object, found " +
                                          std::string(obj.type_name())));
      return true;
    }
    RawDoc doc;
    std::string bad_field;
    if (!GetField(obj, {"text", "body", "content"}, &doc.text, &bad_field)) {
      std::string msg = bad_field.empty() ? "missing \"text\" field"
                                          : "field \"" + bad_field + "\" is not a string";
      sink_.Reject(where, InvalidArgument(where + ": " + msg));
      return true;
    }
    std::string date;
    GetField(obj, {"id"}, &doc.meta.external_id, &bad_field, /*allow_number=*/true);
    GetField(obj, {"source"}, &doc.meta.source, &bad_field);
    GetField(obj, {"url"}, &doc.meta.url, &bad_field);
    GetField(obj, {"title"}, &doc.meta.title, &bad_field);
    GetField(obj, {"author"}, &doc.meta.author, &bad_field);
    GetField(obj, {"language", "lang"}, &doc.meta.language, &bad_field);
    GetField(obj, {"date", "published", "publish_date"}, &date, &bad_field);
    if (!bad_field.empty()) {
      sink_.Reject(where, InvalidArgument(where + ": field \"" + bad_field +
                                          "\" must be a string"));
      return true;
    }
    if (StripAscii(doc.text).empty()) {
      sink_.Reject(where, InvalidArgument(where + ": empty \"text\""));
      return true;
    }
    if (!StripAscii(date).empty()) {
      Result<Date> d = ParseDate(date);
      if (!d.ok()) {
        sink_.Reject(where, InvalidArgument(where + ": " + d.status().message()));
        return true;
      }
      doc.meta.published = *d;
    }
    doc.meta.origin = where;
    doc.meta.format = "jsonl";
    return sink_.Accept(std::move(doc));
  }

  std::string origin_;
  const ReadOptions& options_;
  DocSink& sink_;
  std::string partial_;
  bool too_long_ = false;
  size_t too_long_bytes_ = 0;
  size_t line_ = 0;
};

void StreamJsonl(FILE* f, std::string_view head, const std::string& origin,
                 const ReadOptions& options, DocSink& sink) {
  JsonlLines lines(origin, options, sink);
  if (!lines.Feed(head)) return;
  static constexpr size_t kChunk = 1 << 16;
  std::string buf(kChunk, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, kChunk, f)) > 0) {
    if (!lines.Feed(std::string_view(buf.data(), n))) return;
  }
  if (std::ferror(f)) {
    sink.Reject(origin, IoError(origin + ": read error: " + std::strerror(errno)));
    return;
  }
  lines.Finish();
}

}  // namespace

void ReadJsonlBuffer(std::string_view bytes, const std::string& origin,
                     const ReadOptions& options, DocSink& sink) {
  JsonlLines lines(origin, options, sink);
  if (lines.Feed(bytes)) lines.Finish();
}

void ReadJsonlFile(const std::string& path, const ReadOptions& options, DocSink& sink) {
  if (path == "-") {
    StreamJsonl(stdin, {}, "<stdin>", options, sink);
    return;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int e = errno;
    sink.Reject(path, e == ENOENT ? NotFound(path + ": no such file")
                                  : IoError(path + ": " + std::strerror(e)));
    return;
  }
  StreamJsonl(f, {}, path, options, sink);
  std::fclose(f);
}

Result<std::string> ReadStdin(size_t max_bytes) {
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    if (out.size() + n > max_bytes) {
      return InvalidArgument("<stdin>: input is larger than the document size limit of " +
                             std::to_string(max_bytes) + " bytes");
    }
    out.append(buf, n);
  }
  if (std::ferror(stdin)) return IoError("<stdin>: read error");
  return out;
}

void ReadStdinInput(const ReadOptions& options, InputFormat forced, DocSink& sink) {
  std::string head(4096, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), stdin));
  InputFormat format = forced != InputFormat::kUnknown ? forced : SniffFormat("", head);
  if (format == InputFormat::kJsonl) {
    StreamJsonl(stdin, head, "<stdin>", options, sink);
    return;
  }
  if (head.size() > options.max_document_bytes) {  // the subtraction below must not wrap
    sink.Reject("<stdin>", InvalidArgument("<stdin>: input is larger than the document size "
                                           "limit of " +
                                           std::to_string(options.max_document_bytes) + " bytes"));
    return;
  }
  Result<std::string> rest = ReadStdin(options.max_document_bytes - head.size());
  if (!rest.ok()) {
    sink.Reject("<stdin>", rest.status());
    return;
  }
  ReadBuffer(head + *rest, "<stdin>", format, options, sink);
}

}  // namespace dyad

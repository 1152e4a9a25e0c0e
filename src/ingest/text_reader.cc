// Plain-text reader: one article per file. Optional header lines at the top (`date 2025-03-02`,
// `title ...`, `source ...`, `url ...`, `author ...`, `language ...`, `id ...`, with a space or a
// colon after the key) become metadata and are recorded as excluded "header" spans. A `date` header
// may share its line with the first sentence (" date 2025-03-02 Kremlin spokesman ...").
#include <algorithm>
#include <string>

#include "base/strings.h"
#include "base/utf8.h"
#include "ingest/readers_internal.h"

namespace dyad {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

const char* const kHeaderKeys[] = {"date", "title", "source", "url", "author", "language", "id"};

// Tries to read one header field at `pos`. On success sets *key/*value/*end (end includes the
// white space after the field) and returns OK; returns NotFound when the line is not a header; an
// InvalidArgument when it is a date header whose date cannot be parsed.
Status ReadHeaderField(std::string_view raw, size_t pos, std::string* key, std::string* value,
                       size_t* end) {
  size_t p = pos;
  while (p < raw.size() && (raw[p] == ' ' || raw[p] == '\t')) ++p;
  std::string_view rest = raw.substr(p);
  for (const char* k : kHeaderKeys) {
    std::string_view kv = k;
    // Keys are lower-case, as written by tools; "Date night in Paris" is article text.
    if (rest.substr(0, kv.size()) != kv) continue;
    size_t q = p + kv.size();
    if (q >= raw.size() || !(raw[q] == ' ' || raw[q] == ':' || raw[q] == '\t')) continue;
    if (raw[q] == ':') ++q;
    while (q < raw.size() && (raw[q] == ' ' || raw[q] == '\t')) ++q;
    size_t eol = raw.find('\n', q);
    if (eol == std::string_view::npos) eol = raw.size();
    std::string_view line_rest = raw.substr(q, eol - q);
    *key = std::string(kv);
    if (kv == "date") {
      // The date may be followed by article text on the same line: take the longest run of up to
      // six words that parses as a date.
      std::vector<size_t> word_ends;
      size_t i = 0;
      while (i < line_rest.size() && word_ends.size() < 6) {
        while (i < line_rest.size() && !IsSpace(line_rest[i])) ++i;
        word_ends.push_back(i);
        while (i < line_rest.size() && IsSpace(line_rest[i])) ++i;
      }
      for (size_t w = word_ends.size(); w > 0; --w) {
        std::string_view cand = line_rest.substr(0, word_ends[w - 1]);
        if (ParseDate(cand).ok()) {
          *value = std::string(cand);
          size_t e = q + word_ends[w - 1];
          while (e < raw.size() && IsSpace(raw[e])) ++e;
          *end = e;
          return Status::Ok();
        }
      }
      // "date" followed by something date-like that does not parse is a broken header.
      if (!line_rest.empty() && (std::isdigit(static_cast<unsigned char>(line_rest[0])) ||
                                 line_rest.size() < 40)) {
        // Quote at most 60 bytes, never cutting a UTF-8 character: the message goes into JSON
        // summaries, which must be valid UTF-8 (found by fuzz/text_reader_fuzzer).
        size_t cut = std::min<size_t>(line_rest.size(), 60);
        while (cut > 0 && cut < line_rest.size() &&
               (static_cast<unsigned char>(line_rest[cut]) & 0xC0) == 0x80)
          --cut;
        return InvalidArgument("cannot parse date header '" +
                               std::string(StripAscii(line_rest.substr(0, cut))) + "'");
      }
      return NotFound("not a header");
    }
    if (StripAscii(line_rest).empty()) return NotFound("not a header");
    *value = std::string(StripAscii(line_rest));
    size_t e = eol;
    while (e < raw.size() && IsSpace(raw[e])) ++e;
    *end = e;
    return Status::Ok();
  }
  return NotFound("not a header");
}

size_t LineOf(std::string_view s, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i) line += s[i] == '\n';
  return line;
}

}  // namespace

Status CheckUtf8(std::string_view bytes, const std::string& origin, size_t first_line) {
  size_t bad = utf8::FindInvalid(bytes);
  if (bad == std::string_view::npos) return Status::Ok();
  size_t line_start = bytes.rfind('\n', bad == 0 ? 0 : bad - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  if (bad == 0) line_start = 0;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[bad]));
  return InvalidArgument(origin + ":" + std::to_string(first_line - 1 + LineOf(bytes, bad)) + ":" +
                         std::to_string(bad - line_start + 1) + ": invalid UTF-8 (byte " + hex +
                         "); convert the file to UTF-8, e.g. with iconv -f latin1 -t utf-8");
}

void ReadTextDocument(std::string bytes, const std::string& origin, const ReadOptions& options,
                      DocSink& sink) {
  if (bytes.size() > options.max_document_bytes) {
    sink.Reject(origin, InvalidArgument(origin + ": " + std::to_string(bytes.size()) +
                                        " bytes is over the document size limit of " +
                                        std::to_string(options.max_document_bytes) +
                                        " bytes (raise it with --max-doc-mb)"));
    return;
  }
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);
  if (StripAscii(bytes).empty()) {
    sink.Reject(origin, InvalidArgument(origin + ": empty file"));
    return;
  }
  if (utf8::LooksBinary(bytes)) {
    sink.Reject(origin, InvalidArgument(origin + ": binary data, not text"));
    return;
  }
  Status utf = CheckUtf8(bytes, origin);
  if (!utf.ok()) {
    sink.Reject(origin, utf);
    return;
  }

  RawDoc doc;
  doc.meta.origin = origin;
  doc.meta.format = "text";
  size_t pos = 0;
  for (int fields = 0; fields < 8; ++fields) {
    std::string key, value;
    size_t end = 0;
    Status st = ReadHeaderField(bytes, pos, &key, &value, &end);
    if (st.code() == StatusCode::kNotFound) break;
    if (!st.ok()) {
      sink.Reject(origin, InvalidArgument(origin + ":" + std::to_string(LineOf(bytes, pos)) +
                                          ": " + st.message()));
      return;
    }
    if (key == "date") {
      doc.meta.published = *ParseDate(value);
    } else if (key == "title") {
      doc.meta.title = value;
    } else if (key == "source") {
      doc.meta.source = value;
    } else if (key == "url") {
      doc.meta.url = value;
    } else if (key == "author") {
      doc.meta.author = value;
    } else if (key == "language") {
      doc.meta.language = value;
    } else if (key == "id") {
      doc.meta.external_id = value;
    }
    ExcludedSpan span;
    span.raw = {static_cast<uint32_t>(pos), static_cast<uint32_t>(end)};
    span.reason = "header";
    span.text = std::string(StripAscii(std::string_view(bytes).substr(pos, end - pos)));
    doc.excluded.push_back(std::move(span));
    pos = end;
  }
  if (StripAscii(std::string_view(bytes).substr(pos)).empty()) {
    sink.Reject(origin, InvalidArgument(origin + ": no article text after the header lines"));
    return;
  }
  doc.text = std::move(bytes);
  sink.Accept(std::move(doc));
}

}  // namespace dyad

// CSV reader (RFC 4180): a header row names the columns; each later record is one article.
// Recognised columns (case-insensitive): text (or body, content), id, date (or published), source,
// url, title, author, language. Quoted fields may contain commas, doubled quotes and newlines.
// Records are reported by the line on which they start.
#include <string>
#include <vector>

#include "base/strings.h"
#include "base/utf8.h"
#include "ingest/readers_internal.h"

namespace dyad {
namespace {

// Reads one record starting at *pos; advances *pos and *line. Returns false at end of input.
// Sets *error for an unterminated quoted field.
bool NextRecord(std::string_view s, size_t* pos, size_t* line, std::vector<std::string>* fields,
                std::string* error) {
  fields->clear();
  if (*pos >= s.size()) return false;
  std::string field;
  size_t i = *pos;
  bool in_quotes = false, quoted = false;
  while (i < s.size()) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        in_quotes = false;
        ++i;
        continue;
      }
      if (c == '\n') ++*line;
      field += c;
      ++i;
      continue;
    }
    if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
      ++i;
      continue;
    }
    if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      quoted = false;
      ++i;
      continue;
    }
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c == '\n') {
      ++i;
      ++*line;
      fields->push_back(std::move(field));
      *pos = i;
      return true;
    }
    field += c;
    ++i;
  }
  if (in_quotes) {
    *error = "unterminated quoted field";
  }
  fields->push_back(std::move(field));
  *pos = s.size();
  return true;
}

}  // namespace

void ReadCsvBuffer(std::string_view bytes, const std::string& origin, const ReadOptions& options,
                   DocSink& sink) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  Status utf = CheckUtf8(bytes, origin);
  if (!utf.ok()) {
    sink.Reject(origin, utf);
    return;
  }
  size_t pos = 0, line = 1;
  std::vector<std::string> header, fields;
  std::string error;
  if (!NextRecord(bytes, &pos, &line, &header, &error) || !error.empty()) {
    sink.Reject(origin, InvalidArgument(origin + ":1: missing or malformed CSV header row"));
    return;
  }
  int col_text = -1, col_id = -1, col_date = -1, col_source = -1, col_url = -1, col_title = -1,
      col_author = -1, col_lang = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = ToLowerAscii(StripAscii(header[i]));
    int c = static_cast<int>(i);
    if (h == "text" || h == "body" || h == "content") col_text = c;
    if (h == "id") col_id = c;
    if (h == "date" || h == "published") col_date = c;
    if (h == "source") col_source = c;
    if (h == "url") col_url = c;
    if (h == "title") col_title = c;
    if (h == "author") col_author = c;
    if (h == "language" || h == "lang") col_lang = c;
  }
  if (col_text < 0) {
    sink.Reject(origin, InvalidArgument(origin + ":1: CSV header has no \"text\" column"));
    return;
  }
  while (true) {
    size_t start_line = line;
    error.clear();
    if (!NextRecord(bytes, &pos, &line, &fields, &error)) break;
    std::string where = origin + ":" + std::to_string(start_line);
    if (!error.empty()) {
      sink.Reject(where, InvalidArgument(where + ": " + error));
      break;
    }
    if (fields.size() == 1 && StripAscii(fields[0]).empty()) continue;  // blank line
    if (fields.size() != header.size()) {
      sink.Reject(where, InvalidArgument(where + ": expected " + std::to_string(header.size()) +
                                         " fields, found " + std::to_string(fields.size())));
      continue;
    }
    auto get = [&](int c) { return c >= 0 ? fields[static_cast<size_t>(c)] : std::string(); };
    RawDoc doc;
    doc.text = get(col_text);
    if (StripAscii(doc.text).empty()) {
      sink.Reject(where, InvalidArgument(where + ": empty text"));
      continue;
    }
    if (doc.text.size() > options.max_document_bytes) {
      sink.Reject(where, InvalidArgument(where + ": text is over the document size limit"));
      continue;
    }
    std::string date = std::string(StripAscii(get(col_date)));
    if (!date.empty()) {
      Result<Date> d = ParseDate(date);
      if (!d.ok()) {
        sink.Reject(where, InvalidArgument(where + ": " + d.status().message()));
        continue;
      }
      doc.meta.published = *d;
    }
    doc.meta.external_id = get(col_id);
    doc.meta.source = get(col_source);
    doc.meta.url = get(col_url);
    doc.meta.title = get(col_title);
    doc.meta.author = get(col_author);
    doc.meta.language = get(col_lang);
    doc.meta.origin = where;
    doc.meta.format = "csv";
    if (!sink.Accept(std::move(doc))) return;
  }
}

}  // namespace dyad

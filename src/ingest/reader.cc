// Input dispatch: files, directories, stdin; format sniffing.
#include "dyad/reader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "base/file.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "ingest/readers_internal.h"
#include "ingest/web_readers.h"

namespace dyad {

std::string_view InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kText: return "text";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kCsv: return "csv";
    case InputFormat::kHtml: return "html";
    case InputFormat::kWarc: return "warc";
    case InputFormat::kBinary: return "binary";
    case InputFormat::kUnknown: break;
  }
  return "unknown";
}

InputFormat FormatFromName(std::string_view name) {
  if (name == "text" || name == "txt") return InputFormat::kText;
  if (name == "jsonl" || name == "ndjson") return InputFormat::kJsonl;
  if (name == "csv") return InputFormat::kCsv;
  if (name == "html" || name == "htm") return InputFormat::kHtml;
  if (name == "warc") return InputFormat::kWarc;
  return InputFormat::kUnknown;
}

static bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

InputFormat SniffFormat(std::string_view path, std::string_view head) {
  // Extensions first: they are the user's statement of what the file is.
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) return InputFormat::kJsonl;
  if (EndsWith(path, ".csv")) return InputFormat::kCsv;
  if (EndsWith(path, ".warc") || EndsWith(path, ".warc.gz")) return InputFormat::kWarc;
  if (EndsWith(path, ".html") || EndsWith(path, ".htm") || EndsWith(path, ".xhtml"))
    return InputFormat::kHtml;
  // Then content.
  std::string_view h = head;
  if (h.size() >= 3 && h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);
  if (h.size() >= 2 && static_cast<unsigned char>(h[0]) == 0x1f &&
      static_cast<unsigned char>(h[1]) == 0x8b)
    return InputFormat::kWarc;  // gzip: the only compressed input we read is .warc.gz
  if (h.substr(0, 5) == "WARC/") return InputFormat::kWarc;
  std::string_view t = StripAscii(h.substr(0, 1024));
  if (StartsWithIgnoreCase(t, "<!doctype html") || StartsWithIgnoreCase(t, "<html") ||
      (StartsWithIgnoreCase(t, "<?xml") && t.find("<html") != std::string_view::npos) ||
      (StartsWithIgnoreCase(t, "<!--") && t.find("<html") != std::string_view::npos))
    return InputFormat::kHtml;
  if (utf8::LooksBinary(h)) return InputFormat::kBinary;
  if (!t.empty() && t[0] == '{') {
    // JSONL when the first line is a complete JSON object.
    size_t nl = h.find('\n');
    std::string_view first = StripAscii(h.substr(0, nl));
    if (!first.empty() && first.back() == '}') return InputFormat::kJsonl;
  }
  return InputFormat::kText;
}

void ReadFile(const std::string& path, InputFormat format, const ReadOptions& options,
              DocSink& sink) {
  switch (format) {
    case InputFormat::kJsonl:
      ReadJsonlFile(path, options, sink);
      return;
    case InputFormat::kCsv: {
      Result<std::string> bytes = path == "-" ? ReadStdin(SIZE_MAX) : ReadFileToString(path);
      if (!bytes.ok()) {
        sink.Reject(path, bytes.status());
        return;
      }
      ReadCsvBuffer(*bytes, path, options, sink);
      return;
    }
    case InputFormat::kText: {
      Result<std::string> bytes = path == "-" ? ReadStdin(options.max_document_bytes)
                                              : ReadFileToString(path, options.max_document_bytes);
      if (!bytes.ok()) {
        sink.Reject(path, bytes.status());
        return;
      }
      ReadTextDocument(std::move(*bytes), path, options, sink);
      return;
    }
    case InputFormat::kBinary:
      sink.Reject(path, InvalidArgument("binary file: not text, JSONL, HTML or WARC"));
      return;
    case InputFormat::kHtml: {
      Result<std::string> bytes = path == "-" ? ReadStdin(options.max_document_bytes)
                                              : ReadFileToString(path, options.max_document_bytes);
      if (!bytes.ok()) {
        sink.Reject(path, bytes.status());
        return;
      }
      ReadHtmlBuffer(*bytes, path, options, sink);
      return;
    }
    case InputFormat::kWarc:
      if (path == "-") {
        Result<std::string> bytes = ReadStdin(SIZE_MAX);
        if (!bytes.ok()) {
          sink.Reject(path, bytes.status());
          return;
        }
        ReadWarcBuffer(*bytes, "<stdin>", options, sink);
        return;
      }
      ReadWarcFile(path, options, sink);
      return;
    case InputFormat::kUnknown:
      break;
  }
  sink.Reject(path, Unimplemented(std::string(InputFormatName(format)) +
                                  " input is not supported by this build"));
}

void ReadBuffer(std::string bytes, const std::string& origin, InputFormat format,
                const ReadOptions& options, DocSink& sink) {
  switch (format) {
    case InputFormat::kText:
      ReadTextDocument(std::move(bytes), origin, options, sink);
      return;
    case InputFormat::kJsonl:
      ReadJsonlBuffer(bytes, origin, options, sink);
      return;
    case InputFormat::kCsv:
      ReadCsvBuffer(bytes, origin, options, sink);
      return;
    case InputFormat::kBinary:
      sink.Reject(origin, InvalidArgument(origin + ": binary data: not text, JSONL, HTML or WARC"));
      return;
    case InputFormat::kHtml:
      ReadHtmlBuffer(bytes, origin, options, sink);
      return;
    case InputFormat::kWarc:
      ReadWarcBuffer(bytes, origin, options, sink);
      return;
    case InputFormat::kUnknown:
      break;
  }
  sink.Reject(origin, Unimplemented(std::string(InputFormatName(format)) +
                                    " input is not supported by this build"));
}

// Reads one input path (file or directory); returns false when the sink asked to stop.
static void ReadOnePath(const std::string& path, const ReadOptions& options, DocSink& sink) {
  InputFormat forced = FormatFromName(options.force_format);
  if (path == "-") {
    ReadStdinInput(options, forced, sink);
    return;
  }
  Result<std::string> head = ReadFileHead(path, 4096);
  if (!head.ok()) {
    sink.Reject(path, head.status());
    return;
  }
  InputFormat format = forced != InputFormat::kUnknown ? forced : SniffFormat(path, *head);
  ReadFile(path, format, options, sink);
}

namespace {
// Wraps a sink to remember whether it asked to stop.
class StopWatchingSink : public DocSink {
 public:
  explicit StopWatchingSink(DocSink& inner) : inner_(inner) {}
  bool Accept(RawDoc doc) override {
    if (stopped_) return false;
    if (!inner_.Accept(std::move(doc))) stopped_ = true;
    return !stopped_;
  }
  void Reject(const std::string& where, const Status& why) override { inner_.Reject(where, why); }
  void Skip(const std::string& where, std::string_view reason) override {
    inner_.Skip(where, reason);
  }
  bool stopped() const { return stopped_; }

 private:
  DocSink& inner_;
  bool stopped_ = false;
};
}  // namespace

Status ReadInputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                  DocSink& sink) {
  namespace fs = std::filesystem;
  StopWatchingSink watch(sink);
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input != "-" && fs::is_directory(input, ec)) {
      std::vector<std::string> files;
      fs::recursive_directory_iterator it(
          input, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        sink.Reject(input, IoError(input + ": " + ec.message()));
        continue;
      }
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
          sink.Reject(input, IoError(input + ": " + ec.message()));
          break;
        }
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          // Hidden files and folders (.git, editor backups) are not articles; say so.
          sink.Skip(it->path().string(), "hidden");
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());  // reproducible order
      for (const std::string& f : files) {
        ReadOnePath(f, options, watch);
        if (watch.stopped()) return Status(StatusCode::kUnavailable, "reading stopped");
      }
      continue;
    }
    if (input != "-" && !fs::exists(input, ec)) {
      sink.Reject(input, NotFound(input + ": no such file or directory"));
      continue;
    }
    ReadOnePath(input, options, watch);
    if (watch.stopped()) return Status(StatusCode::kUnavailable, "reading stopped");
  }
  return Status::Ok();
}

}  // namespace dyad

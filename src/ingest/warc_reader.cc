// WARC (ISO 28500, versions 1.0 and 1.1) reader: streams records, hands HTML responses to the
// HTML reader, skips everything else with a count, and resynchronises after damage.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "base/strings.h"
#include "base/utf8.h"
#include "ingest/gzip_stream.h"
#include "ingest/web_readers.h"

namespace dyad {
namespace {

constexpr size_t kMaxHeaderLine = 64 << 10;
constexpr size_t kMaxHeaderBytes = 256 << 10;

// Forwards to a sink and remembers whether it asked to stop.
class CountingSink : public DocSink {
 public:
  CountingSink(DocSink& inner, WarcStats* stats) : inner_(inner), stats_(stats) {}
  bool Accept(RawDoc doc) override {
    ++stats_->documents;
    if (!inner_.Accept(std::move(doc))) stop_ = true;
    return !stop_;
  }
  void Reject(const std::string& where, const Status& why) override {
    ++stats_->errors;
    inner_.Reject(where, why);
  }
  void Skip(const std::string& where, std::string_view reason) override {
    ++stats_->skipped;
    inner_.Skip(where, reason);
  }
  bool stop() const { return stop_; }

 private:
  DocSink& inner_;
  WarcStats* stats_;
  bool stop_ = false;
};

// Buffered byte stream over a pull function, with look-ahead and push-back.
class Stream {
 public:
  using Pull = std::function<size_t(char*, size_t)>;
  explicit Stream(Pull pull) : pull_(std::move(pull)) {}

  // Absolute offset (in the uncompressed stream) of the next byte.
  uint64_t offset() const { return offset_; }

  // Makes at least `n` bytes available if the input has them; returns what is available.
  std::string_view Peek(size_t n) {
    while (buf_.size() - pos_ < n && !eof_) Refill();
    return std::string_view(buf_).substr(pos_, std::min(n, buf_.size() - pos_));
  }

  // Reads a line ending in "\n" (the "\r\n" or "\n" is removed). Returns false at end of input.
  // A line longer than `max` sets *too_long and returns the first `max` bytes (the rest of the
  // line is consumed).
  bool ReadLine(std::string* line, size_t max, bool* too_long) {
    line->clear();
    *too_long = false;
    size_t total = 0;
    for (;;) {
      if (pos_ == buf_.size()) {
        if (eof_) {
          *too_long = total > max;
          return total > 0;
        }
        Refill();
        continue;
      }
      const char* b = buf_.data() + pos_;
      const void* nl = std::memchr(b, '\n', buf_.size() - pos_);
      size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - b) : buf_.size() - pos_;
      if (line->size() < max) line->append(b, std::min(take, max - line->size()));
      total += take;
      Consume(take);
      if (nl) {
        Consume(1);
        if (!line->empty() && line->back() == '\r') line->pop_back();
        *too_long = total > max;
        return true;
      }
    }
  }

  // Reads exactly n bytes into *out (appending); returns how many were read (< n at the end).
  size_t Read(size_t n, std::string* out) {
    size_t got = 0;
    while (got < n) {
      if (pos_ == buf_.size()) {
        if (eof_) break;
        Refill();
        continue;
      }
      size_t take = std::min(n - got, buf_.size() - pos_);
      out->append(buf_.data() + pos_, take);
      Consume(take);
      got += take;
    }
    return got;
  }

  // Discards n bytes; returns how many were skipped.
  uint64_t Skip(uint64_t n) {
    uint64_t done = 0;
    while (done < n) {
      if (pos_ == buf_.size()) {
        if (eof_) break;
        Refill();
        continue;
      }
      size_t take = static_cast<size_t>(std::min<uint64_t>(n - done, buf_.size() - pos_));
      Consume(take);
      done += take;
    }
    return done;
  }

  // Puts bytes back in front of the stream (they were read from it just before).
  void Unread(std::string_view bytes) {
    buf_.erase(0, pos_);
    pos_ = 0;
    buf_.insert(0, bytes);
    offset_ -= bytes.size();
  }

  bool AtEnd() {
    Peek(1);
    return pos_ == buf_.size();
  }

 private:
  void Consume(size_t n) {
    pos_ += n;
    offset_ += n;
  }
  void Refill() {
    if (pos_ > 0 && pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
    } else if (pos_ > (1u << 20)) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    char tmp[65536];
    size_t n = pull_(tmp, sizeof tmp);
    if (n == 0) {
      eof_ = true;
      return;
    }
    buf_.append(tmp, n);
  }

  Pull pull_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t offset_ = 0;
  bool eof_ = false;
};

struct Header {
  std::string name_lower, value;
};

std::string Get(const std::vector<Header>& h, std::string_view name_lower) {
  for (const Header& x : h) {
    if (x.name_lower == name_lower) return x.value;
  }
  return "";
}

// Parses "Name: value" lines (continuation lines start with a space or tab).
void AddHeaderLine(const std::string& line, std::vector<Header>* out) {
  if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !out->empty()) {
    out->back().value += " ";
    out->back().value += std::string(StripAscii(line));
    return;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return;
  out->push_back({ToLowerAscii(StripAscii(std::string_view(line).substr(0, colon))),
                  std::string(StripAscii(std::string_view(line).substr(colon + 1)))});
}

bool ParseUint(std::string_view s, uint64_t* v) {
  s = StripAscii(s);
  if (s.empty() || s.size() > 19) return false;
  uint64_t x = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + static_cast<uint64_t>(c - '0');
  }
  *v = x;
  return true;
}

bool IsHtmlType(std::string_view ct) {
  std::string t = ToLowerAscii(StripAscii(ct.substr(0, ct.find(';'))));
  return t == "text/html" || t == "application/xhtml+xml";
}

bool LooksLikeHtml(std::string_view body) {
  std::string_view t = StripAscii(body.substr(0, 1024));
  return StartsWithIgnoreCase(t, "<!doctype html") || StartsWithIgnoreCase(t, "<html") ||
         (StartsWithIgnoreCase(t, "<!--") && t.find("<html") != std::string_view::npos);
}

// Removes HTTP/1.1 chunked transfer coding. Returns false when the body is not validly chunked.
bool Dechunk(std::string_view in, std::string* out) {
  size_t p = 0;
  out->clear();
  for (;;) {
    size_t eol = in.find('\n', p);
    if (eol == std::string_view::npos) return false;
    std::string_view size_line = StripAscii(in.substr(p, eol - p));
    size_line = size_line.substr(0, size_line.find(';'));
    uint64_t n = 0;
    if (size_line.empty() || size_line.size() > 12) return false;
    for (char c : size_line) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      n = n * 16 + static_cast<uint64_t>(d);
    }
    p = eol + 1;
    if (n == 0) return true;
    if (p + n > in.size()) return false;
    out->append(in.substr(p, n));
    p += n;
    if (p < in.size() && in[p] == '\r') ++p;
    if (p < in.size() && in[p] == '\n') ++p;
  }
}

class WarcParser {
 public:
  WarcParser(std::string name, Stream* stream, GzipReader* gz, const ReadOptions& options,
             CountingSink* sink, WarcStats* stats)
      : name_(std::move(name)), in_(stream), gz_(gz), options_(options), sink_(sink),
        stats_(stats) {}

  void Run() {
    std::string line;
    bool too_long = false;
    bool resync = false;
    while (!sink_->stop()) {
      ReportGzipIssues();
      uint64_t rec_off = in_->offset();
      if (!in_->ReadLine(&line, kMaxHeaderLine, &too_long)) break;
      if (line.empty() && !too_long) continue;  // blank lines between records
      if (too_long || line.compare(0, 5, "WARC/") != 0) {
        // After damage the next record may start in the middle of a line (a gzip member cut
        // short is followed directly by the next member).
        size_t inner = line.find("WARC/1.");
        if (inner != std::string::npos && inner > 0 && !too_long) {
          if (!resync) {
            Error(rec_off, "expected a WARC record header, found '" +
                               Printable(line.substr(0, 40)) + "'; skipping to the next record");
          }
          in_->Unread(line.substr(inner) + "\n");
          resync = true;
          continue;
        }
        if (!resync) {
          Error(rec_off, "expected a WARC record header ('WARC/1.0'), found '" +
                             Printable(line.substr(0, 40)) +
                             "'; skipping to the next record");
          resync = true;
        }
        continue;
      }
      resync = false;
      if (!ReadRecord(rec_off)) resync = true;
    }
    ReportGzipIssues();
    stats_->bytes = in_->offset();
  }

 private:
  std::string Where(uint64_t off) const {
    uint64_t shown = gz_ ? gz_->MemberOffsetFor(off) : off;
    return name_ + "@" + std::to_string(shown);
  }

  void Error(uint64_t off, const std::string& msg) {
    std::string where = Where(off);
    std::string detail = gz_ ? " (uncompressed offset " + std::to_string(off) + ")" : "";
    sink_->Reject(where, Corruption(where + ": " + msg + detail));
  }

  // For messages: printable ASCII only (messages end up in JSON summaries and terminals).
  static std::string Printable(std::string_view s) {
    std::string out;
    for (char c : s) {
      unsigned char u = static_cast<unsigned char>(c);
      out.push_back(u < 0x20 || u >= 0x7f ? '?' : c);
    }
    return out;
  }

  void ReportGzipIssues() {
    if (!gz_) return;
    for (const GzipReader::Issue& i : gz_->TakeIssues()) {
      std::string where = name_ + "@" + std::to_string(i.compressed_offset);
      sink_->Reject(where, Corruption(where + ": " + i.message));
    }
  }

  // Reads one record whose "WARC/x.y" line started at rec_off. Returns false when the record was
  // damaged and the caller must resynchronise.
  bool ReadRecord(uint64_t rec_off) {
    std::vector<Header> headers;
    std::string line;
    bool too_long = false;
    size_t header_bytes = 0;
    for (;;) {
      if (!in_->ReadLine(&line, kMaxHeaderLine, &too_long)) {
        Error(rec_off, "truncated record: the input ends inside the WARC header");
        return false;
      }
      if (line.empty()) break;
      header_bytes += line.size();
      if (too_long || header_bytes > kMaxHeaderBytes) {
        Error(rec_off, "WARC header too long (over " + std::to_string(kMaxHeaderBytes) +
                           " bytes): not a WARC header");
        return false;
      }
      if (line.compare(0, 5, "WARC/") == 0) {
        // A new record starts where this one's header should have continued.
        Error(rec_off, "truncated record: a new record starts inside the header");
        in_->Unread(line + "\r\n");
        return false;
      }
      AddHeaderLine(line, &headers);
    }
    ++stats_->records;
    uint64_t length = 0;
    if (!ParseUint(Get(headers, "content-length"), &length)) {
      Error(rec_off, "WARC header has no valid Content-Length");
      return false;
    }
    std::string type = ToLowerAscii(Get(headers, "warc-type"));
    // Skip reasons are stable tokens: a type that is not a plain word becomes "other".
    std::string reason = type.empty() ? "warc-untyped" : "warc-" + type;
    for (char c : type) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        reason = "warc-other";
        break;
      }
    }
    std::string ct = Get(headers, "content-type");
    bool wanted = (type == "response" &&
                   (ct.empty() || ToLowerAscii(ct).find("application/http") != std::string::npos)) ||
                  (type == "resource" && IsHtmlType(ct));
    uint64_t damage_before = gz_ ? gz_->damage_count() : 0;
    if (!wanted && length > options_.max_document_bytes) {
      uint64_t skipped = in_->Skip(length);
      if (skipped < length) {
        Error(rec_off, "truncated record: Content-Length is " + std::to_string(length) +
                           " but the input ends after " + std::to_string(skipped) + " bytes");
        return false;
      }
      if (!CheckTerminator(rec_off, length, nullptr, damage_before)) return false;
      sink_->Skip(Where(rec_off), reason);
      return true;
    }
    if (wanted && length > options_.max_document_bytes + (64u << 10)) {
      uint64_t skipped = in_->Skip(length);
      if (skipped < length) {
        Error(rec_off, "truncated record: the input ends inside the record block");
        return false;
      }
      sink_->Reject(Where(rec_off),
                    InvalidArgument(Where(rec_off) + ": record of " + std::to_string(length) +
                                    " bytes exceeds the document limit of " +
                                    std::to_string(options_.max_document_bytes) + " bytes"));
      return CheckTerminator(rec_off, length, nullptr, damage_before);
    }
    std::string block;
    block.reserve(static_cast<size_t>(length));
    size_t got = in_->Read(static_cast<size_t>(length), &block);
    if (got < length) {
      Error(rec_off, "truncated record: Content-Length is " + std::to_string(length) +
                         " but the input ends after " + std::to_string(got) + " bytes");
      // A wrong length may have swallowed later records: give them back.
      size_t p = block.find("\nWARC/1.");
      if (p != std::string::npos) in_->Unread(std::string_view(block).substr(p + 1));
      return false;
    }
    if (!CheckTerminator(rec_off, length, &block, damage_before)) return false;
    if (!wanted) {
      sink_->Skip(Where(rec_off), reason);
      return true;
    }
    std::string uri = Get(headers, "warc-target-uri");
    utf8::Repair(&uri);  // it comes from the file: keep metadata valid UTF-8
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
    if (type == "resource") {
      HandlePage(rec_off, block, uri, ct);
    } else {
      HandleResponse(rec_off, block, uri);
    }
    return true;
  }

  // After a block come "\r\n\r\n". When they do not, Content-Length was wrong: report, and put
  // back whatever may hold the next record so the caller's resynchronisation finds it.
  bool CheckTerminator(uint64_t rec_off, uint64_t length, std::string* block,
                       uint64_t damage_before) {
    (void)damage_before;
    if (gz_ && gz_->DamagedBetween(rec_off, in_->offset())) {
      Error(rec_off, "record lost to gzip damage; skipping to the next record");
      return false;
    }
    std::string_view next = in_->Peek(4);
    size_t crlf = 0;
    while (crlf < next.size() && (next[crlf] == '\r' || next[crlf] == '\n')) ++crlf;
    // The standard says "\r\n\r\n"; writers that put fewer newlines are accepted when the
    // next record (or the end of input) follows directly.
    bool ok = crlf >= 4;
    if (!ok) {
      std::string_view after = in_->Peek(crlf + 5).substr(crlf);
      ok = after.empty() || after.compare(0, 5, "WARC/") == 0;
    }
    if (ok) {
      in_->Skip(crlf);
      return true;
    }
    Error(rec_off, "Content-Length " + std::to_string(length) +
                       " does not match the record (no blank line and next record after the "
                       "block); skipping to the next record");
    if (block) {
      // Too long a length swallowed the next record(s): give back from the first record start.
      size_t p = block->find("\nWARC/1.");
      if (p != std::string::npos) in_->Unread(std::string_view(*block).substr(p + 1));
    }
    return false;
  }

  void HandleResponse(uint64_t rec_off, std::string_view block, const std::string& uri) {
    // HTTP status line and headers.
    size_t hdr_end = block.find("\r\n\r\n");
    size_t body_start = hdr_end == std::string_view::npos ? std::string_view::npos : hdr_end + 4;
    if (hdr_end == std::string_view::npos) {
      hdr_end = block.find("\n\n");
      body_start = hdr_end == std::string_view::npos ? std::string_view::npos : hdr_end + 2;
    }
    if (hdr_end == std::string_view::npos || block.compare(0, 5, "HTTP/") != 0) {
      sink_->Reject(Where(rec_off), InvalidArgument(Where(rec_off) +
                                                    ": response record without an HTTP header"));
      return;
    }
    std::string_view head = block.substr(0, hdr_end);
    size_t eol = head.find('\n');
    std::string_view status_line = StripAscii(head.substr(0, eol));
    int status = 0;
    size_t sp = status_line.find(' ');
    if (sp != std::string_view::npos && sp + 4 <= status_line.size()) {
      uint64_t code = 0;
      if (ParseUint(status_line.substr(sp + 1, 3), &code)) status = static_cast<int>(code);
    }
    std::vector<Header> http;
    if (eol != std::string_view::npos) {
      std::string_view rest = head.substr(eol + 1);
      size_t p = 0;
      while (p < rest.size()) {
        size_t e = rest.find('\n', p);
        std::string l(rest.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p));
        if (!l.empty() && l.back() == '\r') l.pop_back();
        AddHeaderLine(l, &http);
        if (e == std::string_view::npos) break;
        p = e + 1;
      }
    }
    if (status != 200) {
      sink_->Skip(Where(rec_off), "http-status-" + std::to_string(status));
      return;
    }
    std::string ct = Get(http, "content-type");
    std::string_view body = block.substr(body_start);
    std::string decoded;
    if (ToLowerAscii(Get(http, "transfer-encoding")).find("chunked") != std::string::npos &&
        Dechunk(body, &decoded)) {
      body = decoded;
    }
    std::string enc = ToLowerAscii(Get(http, "content-encoding"));
    std::string unzipped;
    if ((enc == "gzip" || enc == "x-gzip") && LooksGzip(body)) {
      Result<std::string> u = GunzipBuffer(body, options_.max_document_bytes);
      if (!u.ok()) {
        sink_->Reject(Where(rec_off), u.status().WithContext(Where(rec_off) + ": HTTP body"));
        return;
      }
      unzipped = std::move(*u);
      body = unzipped;
    } else if (!enc.empty() && enc != "identity" && enc != "gzip" && enc != "x-gzip") {
      sink_->Skip(Where(rec_off), "unsupported-content-encoding");
      return;
    }
    if (ct.empty() ? !LooksLikeHtml(body) : !IsHtmlType(ct)) {
      sink_->Skip(Where(rec_off), "not-html");
      return;
    }
    HandlePage(rec_off, body, uri, ct);
  }

  void HandlePage(uint64_t rec_off, std::string_view body, const std::string& uri,
                  const std::string& ct) {
    WebContext ctx;
    ctx.url = uri;
    ctx.content_type = ct;
    ctx.format = "warc";
    ReadHtmlBuffer(body, Where(rec_off), options_, *sink_, ctx);
  }

  std::string name_;
  Stream* in_;
  GzipReader* gz_;
  const ReadOptions& options_;
  CountingSink* sink_;
  WarcStats* stats_;
};

WarcStats RunOver(Stream::Pull pull, GzipReader* gz, const std::string& name,
                  const ReadOptions& options, DocSink& sink) {
  WarcStats stats;
  CountingSink counting(sink, &stats);
  Stream stream(std::move(pull));
  WarcParser parser(name, &stream, gz, options, &counting, &stats);
  parser.Run();
  return stats;
}

}  // namespace

WarcStats ReadWarcFile(const std::string& path, const ReadOptions& options, DocSink& sink) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int e = errno;
    WarcStats stats;
    sink.Reject(path, e == ENOENT ? NotFound(path + ": no such file")
                                  : IoError(path + ": " + std::strerror(e)));
    stats.errors = 1;
    return stats;
  }
  unsigned char magic[2] = {0, 0};
  size_t m = std::fread(magic, 1, 2, f);
  std::fclose(f);
  if (m == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    Result<std::unique_ptr<GzipReader>> gz = GzipReader::Open(path);
    if (!gz.ok()) {
      sink.Reject(path, gz.status());
      return WarcStats{0, 0, 0, 1, 0};
    }
    GzipReader* g = gz->get();
    WarcStats s = RunOver([g](char* b, size_t n) { return g->Read(b, n); }, g, path, options, sink);
    if (!g->io_error().ok()) {
      sink.Reject(path, g->io_error().WithContext(path));
      ++s.errors;
    }
    return s;
  }
  FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) {
    sink.Reject(path, IoError(path + ": " + std::strerror(errno)));
    return WarcStats{0, 0, 0, 1, 0};
  }
  bool read_error = false;
  WarcStats s = RunOver(
      [in, &read_error](char* b, size_t n) {
        size_t got = std::fread(b, 1, n, in);
        if (got == 0 && std::ferror(in)) read_error = true;
        return got;
      },
      nullptr, path, options, sink);
  std::fclose(in);
  if (read_error) {
    sink.Reject(path, IoError(path + ": read error after offset " + std::to_string(s.bytes)));
    ++s.errors;
  }
  return s;
}

WarcStats ReadWarcBuffer(std::string_view bytes, const std::string& origin,
                         const ReadOptions& options, DocSink& sink) {
  if (LooksGzip(bytes)) {
    std::unique_ptr<GzipReader> g = GzipReader::FromMemory(bytes);
    GzipReader* gp = g.get();
    return RunOver([gp](char* b, size_t n) { return gp->Read(b, n); }, gp, origin, options, sink);
  }
  size_t pos = 0;
  return RunOver(
      [bytes, &pos](char* b, size_t n) {
        size_t take = std::min(n, bytes.size() - pos);
        std::memcpy(b, bytes.data() + pos, take);
        pos += take;
        return take;
      },
      nullptr, origin, options, sink);
}

}  // namespace dyad

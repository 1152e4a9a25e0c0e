#include "base/file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace dyad {

static Status ErrnoStatus(const std::string& path, int err) {
  std::string msg = path + ": " + std::strerror(err);
  if (err == ENOENT) return NotFound(std::move(msg));
  return IoError(std::move(msg));
}

Result<std::string> ReadFileToString(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return InvalidArgument(path + ": is a directory");
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return ErrnoStatus(path, errno);
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > max_bytes) {
      std::fclose(f);
      return InvalidArgument(path + ": file is over the document size limit of " +
                             std::to_string(max_bytes) + " bytes (raise it with --max-doc-mb)");
    }
    out.append(buf, n);
  }
  bool err = std::ferror(f);
  int e = errno;
  std::fclose(f);
  if (err) return ErrnoStatus(path, e);
  return out;
}

Result<std::string> ReadFileHead(const std::string& path, size_t n) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return ErrnoStatus(path, errno);
  std::string out(n, '\0');
  size_t got = std::fread(out.data(), 1, n, f);
  bool err = std::ferror(f);
  int e = errno;
  std::fclose(f);
  if (err) return ErrnoStatus(path, e);
  out.resize(got);
  return out;
}

Status WriteFileAtomic(const std::string& path, std::string_view bytes) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return ErrnoStatus(tmp, errno);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return ErrnoStatus(tmp, errno);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return IoError(path + ": " + ec.message());
  return Status::Ok();
}

Result<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<LineReader>(new LineReader(stdin, false));
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return InvalidArgument(path + ": is a directory");
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return ErrnoStatus(path, errno);
  return std::unique_ptr<LineReader>(new LineReader(f, true));
}

LineReader::~LineReader() {
  if (owned_ && f_) std::fclose(f_);
}

bool LineReader::Next(std::string* line, size_t max_line, bool* too_long) {
  line->clear();
  *too_long = false;
  line_offset_ = offset_;
  bool any = false;
  int c;
  // getc_unlocked: one reader per thread, and this loop is hot for large JSONL files.
  while ((c = getc_unlocked(f_)) != EOF) {
    any = true;
    ++offset_;
    if (c == '\n') break;
    if (!*too_long) {
      if (line->size() >= max_line) {
        *too_long = true;
        line->clear();
        line->shrink_to_fit();
      } else {
        line->push_back(static_cast<char>(c));
      }
    }
  }
  if (std::ferror(f_)) error_ = true;
  if (!any) return false;
  ++line_number_;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

}  // namespace dyad

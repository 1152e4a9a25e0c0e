// Whole-file and line-by-line reading with errors that name the path.
#ifndef DYAD_BASE_FILE_H_
#define DYAD_BASE_FILE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "dyad/status.h"

namespace dyad {

// Reads the whole file. NotFound / IoError name the path. Refuses files over `max_bytes`.
Result<std::string> ReadFileToString(const std::string& path, size_t max_bytes = SIZE_MAX);
// Reads up to `n` bytes from the start of a file.
Result<std::string> ReadFileHead(const std::string& path, size_t n);
// Writes atomically (temporary file + rename).
Status WriteFileAtomic(const std::string& path, std::string_view bytes);

// Reads a file (or stdin for "-") line by line without loading it whole. Lines longer than
// `max_line` are reported as too long and skipped to the next newline, never truncated silently.
class LineReader {
 public:
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path);
  ~LineReader();
  // Reads the next line into *line (without the newline). Returns false at end of input.
  // Sets *too_long when the line exceeded max_line (and *line is then empty).
  bool Next(std::string* line, size_t max_line, bool* too_long);
  // 1-based number of the line last returned.
  size_t line_number() const { return line_number_; }
  // Byte offset where the last returned line starts.
  uint64_t line_offset() const { return line_offset_; }
  bool had_error() const { return error_; }

 private:
  explicit LineReader(FILE* f, bool owned) : f_(f), owned_(owned) {}
  FILE* f_;
  bool owned_;
  size_t line_number_ = 0;
  uint64_t offset_ = 0, line_offset_ = 0;
  bool error_ = false;
};

}  // namespace dyad

#endif  // DYAD_BASE_FILE_H_

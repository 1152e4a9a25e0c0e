// The binary container every dyad language model is stored in (docs/formats/model-file.md).
//
//   ModelWriter w("tagger");
//   w.set_fingerprint(fp);
//   w.AddSection("weights", bytes);
//   RETURN_IF_ERROR(WriteFileAtomic(path, w.Serialize()));
//
//   ASSIGN_OR_RETURN(ModelFile f, ModelFile::Read(path, "tagger"));
//   ASSIGN_OR_RETURN(std::string_view w, f.Section("weights"));
//
// Layout (all integers little-endian):
//   0  8 bytes  magic "DYADMDL\x1a"
//   8  u32      format version of the file
//   12 u32      minimum reader version able to read it
//   16 u64      payload length in bytes
//   24 u64      Hash64 checksum of the payload
//   32 payload: kind (string), fingerprint (string), info (string), u32 section count, then per
//      section: name (string), u64 length, bytes. A string is a u32 length and its bytes.
//
// Reading checks, in this order, the magic, the reader version, the length (truncation) and the
// checksum, and reports each failure as Corruption or Unimplemented naming the file.
//
// Thread-safety: plain values.
#ifndef DYAD_NLP_MODEL_FILE_H_
#define DYAD_NLP_MODEL_FILE_H_

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad::nlp {

// Version of the container and section encodings this build writes and reads. 2: NER models
// with name-run and lone-given-name features and the `gazprefix` section. 3: NER ensembles
// (the `ensemble` section; the weight table scores every member's classes). 4: NER members that
// decode right to left (the `backward` section).
constexpr uint32_t kModelFormatVersion = 4;
// This build reads every file whose minimum reader version is <= this (files written by this
// build need it: an older dyad refuses the NER model with a clear message instead of failing
// its self-test).
constexpr uint32_t kModelReaderVersion = 4;

// Appends little-endian values to a byte string.
class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Raw(&v, 2); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void I16(int16_t v) { Raw(&v, 2); }
  void F32(float v) { Raw(&v, 4); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  void StrList(const std::vector<std::string>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) Str(s);
  }
  void Raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads little-endian values with bounds checks. After the first failure every read fails and
// status() names the section and offset.
class ByteReader {
 public:
  ByteReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}
  bool U8(uint8_t* v) { return Raw(v, 1); }
  bool U16(uint16_t* v) { return Raw(v, 2); }
  bool U32(uint32_t* v) { return Raw(v, 4); }
  bool U64(uint64_t* v) { return Raw(v, 8); }
  bool I16(int16_t* v) { return Raw(v, 2); }
  bool F32(float* v) { return Raw(v, 4); }
  bool Str(std::string* s);
  bool StrView(std::string_view* s);
  bool StrList(std::vector<std::string>* v, uint32_t max_items = 1u << 24);
  bool Raw(void* p, size_t n);
  bool Skip(size_t n);
  // Marks the reader failed with a message (for values that decode but make no sense).
  void Fail(std::string why);
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }
  Status status() const;

 private:
  std::string_view data_;
  std::string what_;
  size_t pos_ = 0;
  bool ok_ = true;
  std::string error_;
};

class ModelWriter {
 public:
  explicit ModelWriter(std::string kind) : kind_(std::move(kind)) {}
  void set_fingerprint(std::string fp) { fingerprint_ = std::move(fp); }
  // Free text shown by `dyad` tools: training data, seed, date, figures.
  void set_info(std::string info) { info_ = std::move(info); }
  void AddSection(std::string name, std::string bytes) {
    sections_.emplace_back(std::move(name), std::move(bytes));
  }
  // For tests: lets a file claim another version.
  void set_versions(uint32_t format, uint32_t min_reader) {
    format_version_ = format;
    min_reader_ = min_reader;
  }
  std::string Serialize() const;

 private:
  std::string kind_, fingerprint_, info_;
  uint32_t format_version_ = kModelFormatVersion, min_reader_ = kModelReaderVersion;
  std::vector<std::pair<std::string, std::string>> sections_;
};

// A parsed model file. Owns its bytes; Section() views stay valid while the ModelFile lives.
class ModelFile {
 public:
  // Parses `bytes` (read from `origin`, used in messages). Fails with Corruption for a wrong
  // magic, truncation, checksum mismatch or a kind other than `expected_kind`; Unimplemented when
  // the file needs a newer reader.
  static Result<ModelFile> Parse(std::string bytes, const std::string& origin,
                                 std::string_view expected_kind);
  // Reads and parses a file; NotFound when it does not exist.
  static Result<ModelFile> Read(const std::string& path, std::string_view expected_kind);

  const std::string& kind() const { return kind_; }
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& info() const { return info_; }
  uint32_t format_version() const { return format_version_; }
  const std::string& origin() const { return origin_; }
  // The named section, or Corruption naming the file when it is missing.
  Result<std::string_view> Section(std::string_view name) const;
  // Whether the file has the named section (for sections newer models add).
  bool Has(std::string_view name) const { return sections_.find(name) != sections_.end(); }

 private:
  std::string bytes_, origin_, kind_, fingerprint_, info_;
  uint32_t format_version_ = 0;
  std::map<std::string, std::pair<size_t, size_t>, std::less<>> sections_;  // offset, length
};

}  // namespace dyad::nlp

#endif  // DYAD_NLP_MODEL_FILE_H_

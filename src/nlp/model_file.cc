#include "nlp/model_file.h"

#include "base/file.h"
#include "base/hash.h"

namespace dyad::nlp {
namespace {
constexpr char kMagic[8] = {'D', 'Y', 'A', 'D', 'M', 'D', 'L', '\x1a'};
constexpr size_t kHeaderSize = 32;
constexpr uint64_t kChecksumSeed = 0x6d6f64656cULL;
}  // namespace

bool ByteReader::Raw(void* p, size_t n) {
  if (!ok_) return false;
  if (data_.size() - pos_ < n) {
    Fail("unexpected end of data");
    return false;
  }
  std::memcpy(p, data_.data() + pos_, n);
  pos_ += n;
  return true;
}

bool ByteReader::Skip(size_t n) {
  if (!ok_) return false;
  if (data_.size() - pos_ < n) {
    Fail("unexpected end of data");
    return false;
  }
  pos_ += n;
  return true;
}

bool ByteReader::StrView(std::string_view* s) {
  uint32_t n = 0;
  if (!U32(&n)) return false;
  if (data_.size() - pos_ < n) {
    Fail("string length " + std::to_string(n) + " runs past the end");
    return false;
  }
  *s = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool ByteReader::Str(std::string* s) {
  std::string_view v;
  if (!StrView(&v)) return false;
  s->assign(v);
  return true;
}

bool ByteReader::StrList(std::vector<std::string>* v, uint32_t max_items) {
  uint32_t n = 0;
  if (!U32(&n)) return false;
  if (n > max_items || n > remaining() / 4) {
    Fail("implausible list length " + std::to_string(n));
    return false;
  }
  v->resize(n);
  for (auto& s : *v) {
    if (!Str(&s)) return false;
  }
  return true;
}

void ByteReader::Fail(std::string why) {
  if (!ok_) return;
  ok_ = false;
  error_ = what_ + " at byte " + std::to_string(pos_) + ": " + why;
}

Status ByteReader::status() const { return ok_ ? Status::Ok() : Corruption(error_); }

std::string ModelWriter::Serialize() const {
  ByteWriter payload;
  payload.Str(kind_);
  payload.Str(fingerprint_);
  payload.Str(info_);
  payload.U32(static_cast<uint32_t>(sections_.size()));
  for (const auto& [name, bytes] : sections_) {
    payload.Str(name);
    payload.U64(bytes.size());
    payload.Raw(bytes.data(), bytes.size());
  }
  ByteWriter out;
  out.Raw(kMagic, 8);
  out.U32(format_version_);
  out.U32(min_reader_);
  out.U64(payload.bytes().size());
  out.U64(Hash64(payload.bytes(), kChecksumSeed));
  out.bytes() += payload.bytes();
  return std::move(out.bytes());
}

Result<ModelFile> ModelFile::Parse(std::string bytes, const std::string& origin,
                                   std::string_view expected_kind) {
  ModelFile f;
  f.origin_ = origin;
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    if (bytes.size() >= 8 && std::memcmp(bytes.data(), kMagic, 8) == 0) {
      return Corruption(origin + ": truncated model header (" + std::to_string(bytes.size()) +
                        " bytes)");
    }
    return Corruption(origin + ": not a dyad model file (bad magic)");
  }
  ByteReader h(std::string_view(bytes).substr(8, kHeaderSize - 8), origin + " header");
  uint32_t min_reader = 0;
  uint64_t length = 0, checksum = 0;
  h.U32(&f.format_version_);
  h.U32(&min_reader);
  h.U64(&length);
  h.U64(&checksum);
  if (min_reader > kModelReaderVersion) {
    return Unimplemented(origin + ": model format version " + std::to_string(f.format_version_) +
                         " needs reader version " + std::to_string(min_reader) +
                         "; this dyad reads up to version " +
                         std::to_string(kModelReaderVersion) + " (upgrade dyad or retrain)");
  }
  if (bytes.size() - kHeaderSize != length) {
    return Corruption(origin + ": model file is " + std::to_string(bytes.size()) +
                      " bytes, header says " + std::to_string(length + kHeaderSize) +
                      (bytes.size() - kHeaderSize < length ? " (truncated)" : " (trailing bytes)"));
  }
  std::string_view payload = std::string_view(bytes).substr(kHeaderSize);
  if (Hash64(payload, kChecksumSeed) != checksum) {
    return Corruption(origin + ": model checksum mismatch (file damaged)");
  }
  ByteReader r(payload, origin);
  uint32_t nsec = 0;
  r.Str(&f.kind_);
  r.Str(&f.fingerprint_);
  r.Str(&f.info_);
  r.U32(&nsec);
  for (uint32_t i = 0; i < nsec && r.ok(); ++i) {
    std::string name;
    uint64_t len = 0;
    r.Str(&name);
    r.U64(&len);
    if (!r.ok()) break;
    if (len > r.remaining()) {
      r.Fail("section '" + name + "' runs past the end");
      break;
    }
    size_t off = kHeaderSize + (payload.size() - r.remaining());
    f.sections_[name] = {off, static_cast<size_t>(len)};
    r.Skip(static_cast<size_t>(len));
  }
  RETURN_IF_ERROR(r.status());
  if (f.kind_ != expected_kind) {
    return Corruption(origin + ": model kind is '" + f.kind_ + "', expected '" +
                      std::string(expected_kind) + "'");
  }
  f.bytes_ = std::move(bytes);
  return f;
}

Result<ModelFile> ModelFile::Read(const std::string& path, std::string_view expected_kind) {
  Result<std::string> bytes = ReadFileToString(path, size_t{1} << 31);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound) {
      return NotFound("model file not found: " + path +
                      " (train it with `dyad train`, or set --models)");
    }
    return bytes.status();
  }
  return Parse(std::move(*bytes), path, expected_kind);
}

Result<std::string_view> ModelFile::Section(std::string_view name) const {
  auto it = sections_.find(name);
  if (it == sections_.end()) {
    return Corruption(origin_ + ": model has no section '" + std::string(name) + "'");
  }
  return std::string_view(bytes_).substr(it->second.first, it->second.second);
}

}  // namespace dyad::nlp

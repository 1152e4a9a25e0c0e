#include "ingest/gzip_stream.h"

#include <cerrno>
#include <cstring>

namespace dyad {
namespace {
constexpr size_t kInCapacity = size_t{256} << 10;
constexpr size_t kRememberedMembers = 64;
}  // namespace

bool LooksGzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

GzipReader::GzipReader() : in_(kInCapacity) {}

GzipReader::~GzipReader() {
  if (zs_ready_) inflateEnd(&zs_);
  if (file_) std::fclose(file_);
}

Result<std::unique_ptr<GzipReader>> GzipReader::Open(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int e = errno;
    if (e == ENOENT) return NotFound(path + ": no such file");
    return IoError(path + ": " + std::strerror(e));
  }
  std::unique_ptr<GzipReader> r(new GzipReader());
  r->file_ = f;
  return r;
}

std::unique_ptr<GzipReader> GzipReader::FromMemory(std::string_view data) {
  std::unique_ptr<GzipReader> r(new GzipReader());
  r->memory_ = data;
  return r;
}

bool GzipReader::Fill() {
  if (eof_) return false;
  if (in_pos_ > 0) {
    std::memmove(in_.data(), in_.data() + in_pos_, in_len_ - in_pos_);
    in_base_ += in_pos_;
    in_len_ -= in_pos_;
    in_pos_ = 0;
  }
  size_t room = in_.size() - in_len_;
  if (room == 0) return true;  // buffer full of unconsumed input: caller makes progress
  size_t got = 0;
  if (file_) {
    got = std::fread(in_.data() + in_len_, 1, room, file_);
    if (got == 0) {
      if (std::ferror(file_)) io_error_ = IoError(std::string("read error: ") + std::strerror(errno));
      eof_ = true;
      return false;
    }
  } else {
    got = std::min(room, memory_.size() - memory_pos_);
    if (got == 0) {
      eof_ = true;
      return false;
    }
    std::memcpy(in_.data() + in_len_, memory_.data() + memory_pos_, got);
    memory_pos_ += got;
  }
  in_len_ += got;
  return true;
}

void GzipReader::StartMember() {
  if (!zs_ready_) {
    std::memset(&zs_, 0, sizeof(zs_));
    inflateInit2(&zs_, 16 + MAX_WBITS);  // gzip wrapper only
    zs_ready_ = true;
  } else {
    inflateReset(&zs_);
  }
  member_start_ = in_base_ + in_pos_;
  members_.emplace_back(out_offset_, member_start_);
  while (members_.size() > kRememberedMembers) members_.pop_front();
  in_member_ = true;
}

void GzipReader::Damage(const std::string& what) {
  ++damage_count_;
  issues_.push_back({member_start_, out_offset_, what});
  damage_offsets_.push_back(out_offset_);
  while (damage_offsets_.size() > kRememberedMembers) damage_offsets_.pop_front();
}

bool GzipReader::DamagedBetween(uint64_t begin, uint64_t end) const {
  for (uint64_t d : damage_offsets_) {
    if (d > begin && d <= end) return true;
  }
  return false;
}

bool GzipReader::Resync() {
  for (;;) {
    while (in_pos_ + 3 <= in_len_) {
      if (in_[in_pos_] == 0x1f && in_[in_pos_ + 1] == 0x8b && in_[in_pos_ + 2] == 0x08)
        return true;
      ++in_pos_;
    }
    if (!Fill()) {
      in_pos_ = in_len_;
      return false;
    }
  }
}

size_t GzipReader::Read(char* out, size_t n) {
  size_t produced = 0;
  while (produced < n) {
    if (!in_member_) {
      while (in_len_ - in_pos_ < 3 && Fill()) {
      }
      if (in_pos_ == in_len_) break;  // clean end of input
      if (in_len_ - in_pos_ < 3 || in_[in_pos_] != 0x1f || in_[in_pos_ + 1] != 0x8b ||
          in_[in_pos_ + 2] != 0x08) {
        member_start_ = in_base_ + in_pos_;
        Damage("bytes that are not a gzip member at compressed offset " +
               std::to_string(member_start_) + "; skipped to the next member");
        ++in_pos_;
        if (!Resync()) break;
        continue;
      }
      StartMember();
    }
    if (in_pos_ == in_len_ && !Fill()) {
      Damage("gzip member cut off: the file ends inside the member that starts at compressed "
             "offset " + std::to_string(member_start_));
      in_member_ = false;
      break;
    }
    size_t before_in = in_pos_;
    zs_.next_in = in_.data() + in_pos_;
    zs_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
    zs_.next_out = reinterpret_cast<Bytef*>(out + produced);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(n - produced, 1u << 30));
    size_t out_before = zs_.avail_out;
    int rc = inflate(&zs_, Z_NO_FLUSH);
    in_pos_ = static_cast<size_t>(zs_.next_in - in_.data());
    size_t made = out_before - zs_.avail_out;
    produced += made;
    out_offset_ += made;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) {
      if (in_pos_ == in_len_ && !Fill()) {
        Damage("gzip member cut off: the file ends inside the member that starts at "
               "compressed offset " + std::to_string(member_start_));
        in_member_ = false;
        break;
      }
      continue;
    }
    Damage(std::string("corrupt gzip member at compressed offset ") +
           std::to_string(member_start_) + ": " + (zs_.msg ? zs_.msg : "inflate error") +
           "; skipped to the next member");
    in_member_ = false;
    if (in_pos_ == before_in && in_pos_ < in_len_) ++in_pos_;
    if (in_base_ + in_pos_ == member_start_) ++in_pos_;
    if (!Resync()) break;
  }
  return produced;
}

std::vector<GzipReader::Issue> GzipReader::TakeIssues() {
  std::vector<Issue> out;
  out.swap(issues_);
  return out;
}

uint64_t GzipReader::MemberOffsetFor(uint64_t uncompressed) const {
  uint64_t best = members_.empty() ? 0 : members_.front().second;
  for (const auto& [u, c] : members_) {
    if (u <= uncompressed) best = c;
    else break;
  }
  return best;
}

Result<std::string> GunzipBuffer(std::string_view data, size_t max_output) {
  std::unique_ptr<GzipReader> r = GzipReader::FromMemory(data);
  std::string out;
  char buf[65536];
  while (size_t n = r->Read(buf, sizeof buf)) {
    if (out.size() + n > max_output) {
      return InvalidArgument("decompressed data exceeds " + std::to_string(max_output) +
                             " bytes");
    }
    out.append(buf, n);
  }
  std::vector<GzipReader::Issue> issues = r->TakeIssues();
  if (!issues.empty()) {
    return InvalidArgument("gzip data damaged at compressed offset " +
                           std::to_string(issues[0].compressed_offset) + ": " +
                           issues[0].message);
  }
  return out;
}

}  // namespace dyad

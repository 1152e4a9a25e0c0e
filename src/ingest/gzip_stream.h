// Streaming gzip decompression of multi-member files (such as .warc.gz, where each record is its
// own gzip member), with the compressed offset of every member and recovery from damage.
//
//   auto r = dyad::GzipReader::Open("crawl.warc.gz");
//   char buf[65536];
//   while (size_t n = (*r)->Read(buf, sizeof buf)) Consume(buf, n);
//   for (const auto& issue : (*r)->TakeIssues()) Report(issue.compressed_offset, issue.message);
//
// Memory is bounded (two fixed buffers and a short list of recent member starts) whatever the
// file size. A damaged member (bad data, bad header) is reported as an issue and skipped: the
// reader searches the compressed bytes for the next gzip member header and goes on from there.
// A member cut off at the end of the file is reported too. Data decompressed from a damaged
// member before the damage is still delivered; consumers that care (the WARC reader) check
// `damage_count()` to know the stream had a gap.
//
// Thread-safety: a GzipReader is used by one thread at a time.
#ifndef DYAD_INGEST_GZIP_STREAM_H_
#define DYAD_INGEST_GZIP_STREAM_H_

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad {

// True when `head` starts with the gzip magic bytes 1f 8b.
bool LooksGzip(std::string_view head);

// Decompresses a whole in-memory gzip buffer (all members). Fails with InvalidArgument naming
// the compressed offset on damage, or when the output would exceed `max_output` bytes.
Result<std::string> GunzipBuffer(std::string_view data, size_t max_output = SIZE_MAX);

class GzipReader {
 public:
  struct Issue {
    uint64_t compressed_offset = 0;    // where the damaged member started
    uint64_t uncompressed_offset = 0;  // output offset at which the damage was met
    std::string message;
  };

  // Reads from a file ("-" is not accepted here; use FromMemory for stdin data).
  static Result<std::unique_ptr<GzipReader>> Open(const std::string& path);
  // Reads from bytes the caller keeps alive for the reader's lifetime.
  static std::unique_ptr<GzipReader> FromMemory(std::string_view data);
  ~GzipReader();
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  // Fills `out` with up to `n` decompressed bytes; returns how many (0 only at the end of input
  // or after a read error, see io_error()).
  size_t Read(char* out, size_t n);

  // Problems met since the last call, oldest first.
  std::vector<Issue> TakeIssues();
  // How many damaged members were skipped so far.
  uint64_t damage_count() const { return damage_count_; }
  // Whether damage was met at a decompressed offset in (begin, end]: the bytes in that range
  // are not all from intact members. Remembers the last 64 damages.
  bool DamagedBetween(uint64_t begin, uint64_t end) const;
  // Set when the operating system refused a read.
  const Status& io_error() const { return io_error_; }
  // Decompressed bytes delivered so far.
  uint64_t uncompressed_offset() const { return out_offset_; }
  // Compressed offset of the member that produced the decompressed byte at `uncompressed`.
  // Accurate for recent offsets (the reader remembers the last 64 member starts).
  uint64_t MemberOffsetFor(uint64_t uncompressed) const;

 private:
  GzipReader();
  bool Fill();               // reads more compressed input; false at end
  void StartMember();        // resets the inflater at the current input position
  bool Resync();             // skips to the next member header; false at end of input
  void Damage(const std::string& what);

  FILE* file_ = nullptr;
  std::string_view memory_;
  size_t memory_pos_ = 0;
  z_stream zs_{};
  bool zs_ready_ = false;
  bool in_member_ = false;
  bool eof_ = false;
  std::vector<unsigned char> in_;
  size_t in_pos_ = 0;  // next unconsumed byte in in_
  size_t in_len_ = 0;  // valid bytes in in_
  uint64_t in_base_ = 0;     // compressed offset of in_[0]
  uint64_t member_start_ = 0;
  uint64_t out_offset_ = 0;
  uint64_t damage_count_ = 0;
  std::deque<std::pair<uint64_t, uint64_t>> members_;  // (uncompressed, compressed) starts
  std::vector<Issue> issues_;
  std::deque<uint64_t> damage_offsets_;  // decompressed offsets of recent damage
  Status io_error_;
};

}  // namespace dyad

#endif  // DYAD_INGEST_GZIP_STREAM_H_

// 64-bit non-cryptographic hashing for content ids and feature hashing.
#ifndef DYAD_BASE_HASH_H_
#define DYAD_BASE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dyad {

// A fast 64-bit hash of bytes (wyhash-style mixing; our own implementation). Stable across
// platforms and versions: content ids depend on it, so never change its output.
uint64_t Hash64(std::string_view bytes, uint64_t seed = 0);

// Incremental form of Hash64: Update() over any split of the input gives Hash64 of the whole.
class Hasher {
 public:
  explicit Hasher(uint64_t seed = 0) : state_(seed ^ 0x9e3779b97f4a7c15ULL) {}
  void Update(std::string_view bytes);
  uint64_t Finish() const;

 private:
  uint64_t state_;
  uint64_t length_ = 0;
  char pending_[8];
  size_t pending_len_ = 0;
};

// 16 lower-case hex digits.
std::string Hex64(uint64_t v);

// SHA-256 of bytes as 64 hex digits (for model MANIFEST checksums).
std::string Sha256Hex(std::string_view bytes);

}  // namespace dyad

#endif  // DYAD_BASE_HASH_H_

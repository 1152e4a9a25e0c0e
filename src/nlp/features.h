// Feature hashing helpers shared by the tagger, parser and NER (and their trainers).
//
// A feature is a 64-bit key made by mixing a template id with hashed values (words, tags,
// shapes). Keys are looked up in a LinearModel; a key never seen in training simply adds nothing.
//
// Thread-safety: pure functions.
#ifndef DYAD_NLP_FEATURES_H_
#define DYAD_NLP_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dyad::nlp {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Key of template `t` with one, two or three values.
inline uint64_t F(uint32_t t, uint64_t a) { return Mix64(a + (uint64_t{t} + 1) * 0x9e3779b97f4a7c15ULL); }
inline uint64_t F(uint32_t t, uint64_t a, uint64_t b) {
  return Mix64(F(t, a) ^ (b * 0xc2b2ae3d27d4eb4fULL + 0x165667b19e3779f9ULL));
}
inline uint64_t F(uint32_t t, uint64_t a, uint64_t b, uint64_t c) {
  return Mix64(F(t, a, b) ^ (c * 0x27d4eb2f165667c5ULL + 0x85ebca77c2b2ae63ULL));
}

// Hash of a string value (FNV-1a then mixed; fast for short words).
inline uint64_t HashStr(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return Mix64(h ^ s.size());
}

// Lower-cases ASCII letters and maps every ASCII digit to '0' ("Q3-2024" -> "q0-0000"), so that
// numbers share features.
std::string NormWord(std::string_view form);

// Word shape: letters to X/x, digits to d, other bytes kept, one U per non-ASCII code point.
// Runs are cut to 2 when `collapse` ("McDonald's" -> "XxXxx'x"), else to 4 ("XxXxxxx'x").
std::string Shape(std::string_view form, bool collapse);

// Bit flags of surface properties.
enum WordFlag : uint32_t {
  kFirstUpper = 1,
  kAllUpper = 2,
  kHasDigit = 4,
  kAllDigit = 8,
  kHasHyphen = 16,
  kHasPeriod = 32,
  kNonAscii = 64,
  kHasLower = 128,
};
uint32_t WordFlags(std::string_view form);

// Last `n` bytes of `s` not splitting a UTF-8 sequence (may return fewer bytes).
std::string_view SuffixBytes(std::string_view s, size_t n);
// First `n` bytes of `s`, extended to the end of a UTF-8 sequence.
std::string_view PrefixBytes(std::string_view s, size_t n);

}  // namespace dyad::nlp

#endif  // DYAD_NLP_FEATURES_H_

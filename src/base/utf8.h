// UTF-8 helpers: validation, decoding, and cheap character classes. All offsets are bytes.
#ifndef DYAD_BASE_UTF8_H_
#define DYAD_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dyad::utf8 {

// Returns the byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid.
size_t FindInvalid(std::string_view s);
inline bool IsValid(std::string_view s) { return FindInvalid(s) == std::string_view::npos; }

// Replaces each invalid sequence with U+FFFD; returns how many were replaced.
size_t Repair(std::string* s);

// Decodes the code point at s[i]; sets *len to its byte length (1 for an invalid byte, which
// decodes as U+FFFD). Requires i < s.size().
char32_t Decode(std::string_view s, size_t i, size_t* len);
// Decodes the code point that ends just before s[i]; sets *len. Requires i > 0.
char32_t DecodeBefore(std::string_view s, size_t i, size_t* len);
// Appends the UTF-8 encoding of `cp`.
void Append(char32_t cp, std::string* out);

// Heuristic: looks like binary data (NUL bytes or many control characters in the first bytes).
bool LooksBinary(std::string_view head);

}  // namespace dyad::utf8

#endif  // DYAD_BASE_UTF8_H_

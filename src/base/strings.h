// Small string helpers used across modules.
#ifndef DYAD_BASE_STRINGS_H_
#define DYAD_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace dyad {

std::string_view StripAscii(std::string_view s);
std::string ToLowerAscii(std::string_view s);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::vector<std::string_view> SplitChar(std::string_view s, char sep);
// Escapes for CSV (RFC 4180): quotes the field when needed.
std::string CsvEscape(std::string_view s);
// The current time in UTC as "2025-03-02T10:00:00Z".
std::string UtcNowIso8601();
// Human-readable byte counts ("1.4 MB").
std::string FormatBytes(double bytes);

}  // namespace dyad

#endif  // DYAD_BASE_STRINGS_H_

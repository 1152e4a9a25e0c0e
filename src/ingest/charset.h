// Character encodings of web pages: finding the declared one and converting to UTF-8.
//
//   dyad::web::CharsetGuess g = dyad::web::DetectHtmlCharset(bytes, "text/html; charset=latin1");
//   dyad::Result<std::string> utf8 = dyad::web::ConvertToUtf8(bytes.substr(g.bom_bytes), g.name,
//                                                              &replaced);
//
// Precedence follows the HTML standard's encoding sniffing: a byte-order mark wins, then the HTTP
// Content-Type header, then a <meta charset> / <meta http-equiv="Content-Type"> found in the first
// 4096 bytes, then a guess (UTF-8 when the bytes are valid UTF-8, else windows-1252). Labels are
// mapped as browsers do ("iso-8859-1", "latin1" and "us-ascii" mean windows-1252). One correction
// browsers do not make: when a single-byte Western charset is declared but the bytes are valid
// UTF-8 with multi-byte sequences, the page is read as UTF-8 (mislabelled UTF-8 is far more common
// than Latin-1 text that happens to be valid UTF-8); `source` then says "utf8-override".
//
// Thread-safety: all functions are pure and thread-safe.
#ifndef DYAD_INGEST_CHARSET_H_
#define DYAD_INGEST_CHARSET_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "dyad/status.h"

namespace dyad::web {

struct CharsetGuess {
  std::string name;    // canonical lower-case label usable with iconv ("utf-8", "windows-1252")
  std::string source;  // "bom", "http", "meta", "utf8-override", "guess"
  size_t bom_bytes = 0;  // length of the byte-order mark at the start (to skip), 0 if none
};

// The charset parameter of a Content-Type value ("text/html; charset=ISO-8859-1" ->
// "iso-8859-1"), lower-cased and unquoted; "" when absent.
std::string CharsetFromContentType(std::string_view content_type);

// Maps a label to the name used for conversion, following the WHATWG Encoding standard's aliases
// for the common cases. Returns "" for an empty label; unknown labels are returned lower-cased.
std::string NormalizeCharsetLabel(std::string_view label);

// Decides the encoding of an HTML document (see the precedence above).
CharsetGuess DetectHtmlCharset(std::string_view bytes, std::string_view http_content_type);

// Converts `bytes` from `charset` to UTF-8. Invalid or unconvertible sequences become U+FFFD
// and are counted in *replaced (when non-null). Returns InvalidArgument when the charset is not
// known to the system's iconv. UTF-8 input is validated and repaired the same way.
Result<std::string> ConvertToUtf8(std::string_view bytes, std::string_view charset,
                                  size_t* replaced);

}  // namespace dyad::web

#endif  // DYAD_INGEST_CHARSET_H_

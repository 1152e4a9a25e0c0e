// Unicode normalisation of article text, with an offset map back to the input.
//
// NFC; no-break and other Unicode spaces become U+0020; zero-width characters, soft hyphens and
// byte-order marks are removed; control characters other than \n and \t become spaces.
// Typographic quotes (‘ ’ “ ”) and dashes (– —) are kept as they are so later stages can
// still tell an apostrophe from a quote and a dash from a hyphen.
#ifndef DYAD_TEXT_NORMALIZE_H_
#define DYAD_TEXT_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "dyad/document.h"

namespace dyad {

// Appends the normalisation of raw[raw_begin, raw_end) to *clean, recording how the appended bytes
// map back to raw offsets in *map. `raw` must be valid UTF-8.
void NormalizeAppend(std::string_view raw, uint32_t raw_begin, uint32_t raw_end, std::string* clean,
                     OffsetMap* map);

}  // namespace dyad

#endif  // DYAD_TEXT_NORMALIZE_H_

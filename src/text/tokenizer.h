// Tokenisation of news English into UD English (EWT) tokens, with byte offsets. The building
// block of the Segmenter (segmenter.h); most code wants the Segmenter, not this.
//
//   std::vector<dyad::RawToken> toks;
//   dyad::Tokenize("He didn't go to the U.S.", &toks);
//   // He | did | n't (joins_previous) | go | to | the | U.S.
//
// Conventions (measured on the EWT and GUM training data, see docs/text-layer.md):
//   - clitics split: don't -> do n't, can't -> ca n't, I'm -> I 'm, Russia's -> Russia 's,
//     parents' -> parents ', cannot -> can not, gonna -> gon na. The second part has
//     joins_previous set: together they form one surface ("multi-word") token.
//   - abbreviations keep their period (U.S., Mr., Jan., Ph.D.), other final periods are tokens.
//   - hyphens split ("long - term") except after prefixes (non-, re-, anti-, e-, ...) and in phone
//     numbers; slashes split between words ("and / or") but not in dates or fractions (9/11).
//   - numbers keep their internal commas, points and colons (1,000 3.5 5:30); "$5" -> $ 5,
//     "5%" -> 5 %, "5pm" -> 5 pm, "1990s" and "3rd" stay whole.
//   - URLs, e-mail addresses, hashtags and @handles are single tokens.
//   - runs of ., !, ? ("...", "?!") and of dashes ("--") are single tokens.
//
// The input should be normalised text (normalize.h); any bytes are accepted (invalid UTF-8 is
// treated as one symbol per byte) and never cause a crash.
//
// Thread-safety: stateless functions; safe to call concurrently.
#ifndef DYAD_TEXT_TOKENIZER_H_
#define DYAD_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "dyad/document.h"

namespace dyad {

enum class TokKind : uint8_t {
  kWord,          // letters (possibly with digits, internal apostrophes, hyphens, periods)
  kNumber,        // starts with a digit
  kAbbrev,        // word with its abbreviation period ("U.S.", "Mr.", "J.")
  kTerminal,      // sentence-final punctuation: runs of . ! ? and the ellipsis "…"
  kOpenQuote,     // “ ‘ „ « `` and straight quotes judged opening
  kCloseQuote,    // ” ’ » '' and straight quotes judged closing
  kStraightQuote, // " whose role the sentence splitter decides from context
  kOpenBracket,   // ( [ {
  kCloseBracket,  // ) ] }
  kDash,          // - -- – —
  kComma,
  kUrl,           // URL or e-mail address
  kOther,         // any other punctuation or symbol
};

// Class of an abbreviation, for sentence splitting.
enum class AbbrevClass : uint8_t {
  kNone,     // not an abbreviation
  kTitle,    // precedes a name or number; never ends a sentence ("Mr.", "Gen.", "vs.")
  kInitial,  // a single capital letter ("J.")
  kOther,    // may end a sentence ("U.S.", "Inc.", "etc.", "Jan.")
};

struct RawToken {
  uint32_t begin = 0, end = 0;   // bytes of the text
  uint16_t newlines_before = 0;  // '\n' characters in the white space before the token (capped)
  bool space_before = false;     // white space (or the text start) before the token
  bool joins_previous = false;   // a clitic: continues the previous token's surface word
  TokKind kind = TokKind::kOther;
};

// Appends the tokens of `text` to *out (offsets relative to `text`).
void Tokenize(std::string_view text, std::vector<RawToken>* out);

// Class of `word` (with its final period, e.g. "Mr.") as an abbreviation; kNone when `word` is
// not one. Case-sensitive ("Mass." is an abbreviation, "mass." is not).
AbbrevClass ClassifyAbbreviation(std::string_view word);

// True when `word` is a capitalised word that usually starts a sentence ("The", "He", "But"):
// after an ambiguous abbreviation ("U.S.", "Inc.") such a word means a new sentence.
bool IsSentenceStarter(std::string_view word);

// Like Segmenter::Segment (segmenter.h), and also appends to *joins_previous one flag per
// appended token: true when the token is a clitic that continues the previous token's surface
// word (UD multi-word token: "do" + "n't" for "don't"). `joins_previous` may be null.
void SegmentText(std::string_view text, std::vector<Sentence>* sentences,
                 std::vector<Token>* tokens, std::vector<bool>* joins_previous);

}  // namespace dyad

#endif  // DYAD_TEXT_TOKENIZER_H_

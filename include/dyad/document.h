// The Document: the one thing that flows through the dyad engine.
//
// A reader produces a RawDoc (bytes plus metadata). MakeDocument() turns it into a Document with an
// id. Each pipeline stage then adds its own layer (clean text, sentences, tokens, tags, parses,
// mentions, events, quotes, tone) and never rewrites an earlier one. The store persists whole
// Documents; query and export read the store.
//
// Offsets: every offset in this file is a BYTE offset into UTF-8 text. Sentence, token, mention,
// event and quote spans are offsets into `clean`; `offsets` maps them back to `raw`.
//
// Thread-safety: a Document is a plain value owned by one thread at a time.
#ifndef DYAD_DOCUMENT_H_
#define DYAD_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad {

// A calendar date, possibly unknown. Never invented: an article without a date keeps an unknown
// date all the way to the store.
struct Date {
  int year = 0;   // 0 = unknown
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  bool known() const { return year != 0; }
  // "2025-03-02", or "" when unknown.
  std::string ToString() const;
  // Days since 1970-01-01 (for comparisons and date arithmetic); requires known().
  int64_t ToDays() const;
  static Date FromDays(int64_t days);
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Parses the date formats found in news and feeds: ISO 8601 ("2025-03-02", "2025/03/02",
// "2025-03-02T10:00:00Z", "20250302"), "March 2, 2025", "2 March 2025", "Mar. 2nd, 2025",
// "Sunday, March 2, 2025", RFC 2822 ("Sun, 02 Mar 2025 10:00:00 +0000"), and numeric
// day/month/year only when unambiguous ("25/03/2025"). Returns InvalidArgument for anything else,
// for ambiguous numeric dates ("02/03/2025") and for impossible dates ("2025-02-30").
Result<Date> ParseDate(std::string_view text);

// Metadata of an article, as given by the input or found in it.
struct DocumentMeta {
  std::string external_id;  // id given by the input (JSONL "id", WARC record id); may be empty
  std::string source;       // publisher or agency ("Reuters", "en.wikinews.org")
  std::string url;
  std::string title;
  std::string author;
  std::string language;     // BCP 47 ("en"); empty when unknown
  Date published;           // unknown when not given
  std::string dateline;     // "MOSCOW" when the text opens with a dateline
  std::string origin;       // where it came from: "path/file.jsonl:12", "path/a.warc.gz@40960"
  std::string format;       // reader that produced it: "text", "jsonl", "html", "warc"
};

struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;  // exclusive
  uint32_t size() const { return end - begin; }
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

// Maps byte offsets of the clean text back to byte offsets of the raw text. Built as a list of
// segments: a copied segment maps byte for byte; a replaced segment (normalisation changed the
// bytes) maps its begin to the begin and its end to the end of the raw bytes it replaced.
class OffsetMap {
 public:
  // Appends clean bytes [clean_begin, clean_begin+clean_len) that came from raw bytes
  // [raw_begin, raw_begin+raw_len). Segments must be appended in increasing order.
  void Add(uint32_t clean_begin, uint32_t clean_len, uint32_t raw_begin, uint32_t raw_len);
  // Raw offset of a clean offset. An offset inside a replaced segment maps to that segment's raw
  // begin; the offset just past the end of the text maps to the end of the last raw segment.
  uint32_t ToRaw(uint32_t clean_offset) const;
  ByteSpan ToRaw(ByteSpan clean) const;

  struct Segment {
    uint32_t clean_begin, clean_len, raw_begin, raw_len;
  };
  const std::vector<Segment>& segments() const { return segments_; }
  bool empty() const { return segments_.empty(); }

 private:
  std::vector<Segment> segments_;
};

// Raw text that is not part of the article body: header lines, a dateline, a site-name prefix,
// "Read More : ..." links, share/subscribe lines, headings run into the text. Recorded with the
// reason, never silently deleted; excluded from the clean text and so from analysis.
struct ExcludedSpan {
  ByteSpan raw;        // bytes of the raw text
  std::string reason;  // stable token: "header", "dateline", "site-prefix", "read-more-link",
                       // "share-line", "heading", ... (docs/formats/database.md lists them)
  std::string text;    // the excluded text, for review
};

// What a reader yields: the article's bytes as read (after charset decoding to UTF-8) and its
// metadata.
struct RawDoc {
  std::string text;
  DocumentMeta meta;
  // Spans of `text` the reader knows are not article text (header lines of text files).
  std::vector<ExcludedSpan> excluded;
};

struct Sentence {
  ByteSpan clean;            // bytes of the clean text
  uint32_t token_begin = 0;  // index into Document::tokens
  uint32_t token_end = 0;    // exclusive
};

// One token (UD conventions: "don't" is "do" + "n't"). Language-layer fields are empty until the
// tagger/parser stages run.
struct Token {
  ByteSpan clean;     // the bytes it covers in the clean text
  std::string form;   // normalised form (quotes/dashes kept recognisable); usually the text slice
  bool space_after = true;
  // Filled by nlp/.
  std::string upos;   // Universal POS tag ("PROPN")
  std::string xpos;   // Penn Treebank tag ("NNP")
  std::string lemma;
  std::string feats;  // UD FEATS, may be empty
  int32_t head = -1;  // index of the head token within its sentence (0-based); -1 = root/unset
  std::string deprel; // UD relation ("nsubj"); "root" for the root
  std::string ner;    // IOB2 NER tag ("B-PER"); empty if not run
};

// A named entity or actor phrase, optionally resolved to an actor.
struct Mention {
  ByteSpan clean;
  uint32_t sentence = 0;
  uint32_t token_begin = 0;
  uint32_t token_end = 0;  // exclusive
  std::string text;
  std::string type;        // PER, ORG, LOC, NORP (nationalities), AGENT ("the spokesman"), PRON
  // Filled by resolve/.
  std::string actor_id;    // KB id ("PER:putin_vladimir"); empty when unresolved
  std::string name;        // canonical actor name
  std::string country;     // ISO 3166 alpha-3 (CAMEO country code), or IGO code
  std::string sector;      // CAMEO agent code: GOV, MIL, REB, OPP, ...
  std::string role;        // role valid on the document date ("head of state")
  double latitude = 0, longitude = 0;  // for places, when known
  bool has_coordinates = false;
  int32_t antecedent = -1; // index of the mention this one refers to (coreference), or -1
  std::string rule;        // which model or rule produced the resolution (evidence)
  float confidence = 0;
};

// A coded event: who did what to whom. Filled by events/.
struct Event {
  uint32_t sentence = 0;
  ByteSpan clean;               // evidence span (the words that produced the event)
  int32_t source_mention = -1;  // index into Document::mentions
  int32_t target_mention = -1;
  std::string source_code;      // CAMEO actor code ("RUSGOV")
  std::string target_code;
  std::string cameo;            // CAMEO event code ("036")
  std::string plover;           // PLOVER event type ("CONSULT")
  std::string plover_mode;
  double goldstein = 0;
  bool negated = false;
  std::string modality;         // "", "future", "conditional", "hypothetical", ...
  std::string location;         // place mention text or KB id
  Date date;                    // event date (document date unless the text shifts it)
  std::string rule;             // lexicon entry / pattern that fired
};

// A direct or reported quote and its speaker. Filled by quotes/.
struct Quote {
  ByteSpan clean;               // the quoted words
  ByteSpan cue;                 // the speech verb ("said")
  int32_t speaker_mention = -1;
  std::string speaker;          // resolved speaker name
  bool direct = true;
};

// Document-level tone. Filled by tone/.
struct Tone {
  double score = 0;             // negative..positive
  double positive = 0, negative = 0, polarity = 0;
  uint32_t word_count = 0;
};

// A non-fatal problem found while processing a document (kept with the document).
struct Diagnostic {
  std::string stage;
  std::string message;
};

struct Document {
  std::string id;            // stable id: see MakeDocument()
  std::string content_hash;  // 16 hex digits, hash of the normalised raw text
  DocumentMeta meta;
  std::string raw;           // the text as read
  std::string clean;         // analysed text: NFC, excluded spans removed
  OffsetMap offsets;         // clean -> raw
  std::vector<ExcludedSpan> excluded;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<Mention> mentions;
  std::vector<Event> events;
  std::vector<Quote> quotes;
  std::optional<Tone> tone;
  std::vector<Diagnostic> diagnostics;

  std::string_view Text(ByteSpan clean_span) const {
    return std::string_view(clean).substr(clean_span.begin, clean_span.size());
  }
  std::string_view TokenText(const Token& t) const { return Text(t.clean); }
};

// Content hash of a text: 64-bit, printed as 16 lower-case hex digits. Computed over the text with
// Unicode NFC applied, line ends unified and runs of white space collapsed, so that re-encoding or
// re-wrapping the same article gives the same hash.
std::string ContentHash(std::string_view text);

// Builds a Document from a RawDoc. The id is the content hash unless the input gave its own id, in
// which case it is "<external_id>" (so a changed article under the same id updates the stored one).
Document MakeDocument(RawDoc raw);

}  // namespace dyad

#endif  // DYAD_DOCUMENT_H_

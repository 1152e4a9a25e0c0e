// Named-entity recogniser: PER, ORG, LOC (whatever types the training data has), as sequence
// labelling with BILOU classes, greedy left to right with an averaged-perceptron model over hashed
// features (word, affixes, shapes, neighbours, the tagger's tags, the previous two classes).
// Decoding only allows well-formed BILOU sequences, so every entity is a proper span.
//
//   ASSIGN_OR_RETURN(nlp::Ner ner, nlp::Ner::Load("models/ner.dyad"));
//   ner.Recognize(&doc.tokens[s.token_begin], n);   // needs upos/xpos; writes IOB2 in Token::ner
//
// Thread-safety: immutable after loading; Recognize() may be called from many threads at once.
#ifndef DYAD_NLP_NER_H_
#define DYAD_NLP_NER_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "nlp/linear_model.h"
#include "nlp/model_file.h"
#include "nlp/tagger.h"

namespace dyad::nlp {

// An entity span in token indices [begin, end) of one sentence.
struct EntitySpan {
  uint32_t begin = 0, end = 0;
  std::string type;
};
// Spans from IOB2 tags (a stray I-X starts a new span, as in the CoNLL evaluation).
std::vector<EntitySpan> SpansFromIob2(const Token* tokens, size_t n);

// Document consistency: a name the recogniser marked in one sentence of a document is marked with
// the same type where it recurs unmarked in the document (same token sequence, written with a
// capital, not inside a longer run of capitalised words; the most frequent type wins, a tie
// leaves it unmarked), and so is the surname alone of a person found with a full name.
// `sentences` are (first token, count) of every sentence of the document.
void PropagateEntities(const std::vector<std::pair<Token*, size_t>>& sentences);

// A gazetteer compiled into the NER model: token sequences (exact forms) with the set of types
// they are listed under (bit t = types[t] of the gazetteer's own type list). Built by the trainer
// from the knowledge base's TSV files (data/kb); matches become features, never decisions.
struct Gazetteer {
  std::vector<std::string> types;                  // "LOC", "ORG", "PER", "NORP", ...
  std::unordered_map<uint64_t, uint32_t> entries;  // GazKey(token forms) -> type bits
  uint32_t max_len = 0;                            // longest entry in tokens
  // Adds a name, split into tokens at spaces (and a trailing comma or period of a word that is
  // not an abbreviation is its own token, as the segmenter does).
  void Add(std::string_view name, std::string_view type);
  // For each token, the type bits and position (0 none, 1 begin, 2 inside, 3 last, 4 unit) of
  // the longest entry covering it, matching left to right.
  // With `fold_case`, entries and tokens are compared lower-cased (a separate feature: web and
  // social text often writes names in lower case).
  void Match(const Token* tokens, size_t n, bool fold_case, std::vector<uint32_t>* bits,
             std::vector<uint8_t>* pos) const;
  std::unordered_map<uint64_t, uint32_t> folded;  // the same entries, lower-cased
};
uint64_t GazKey(uint64_t prefix_key, std::string_view form);

// What unlabeled text says about a word (its NormWord form), compiled into the NER model by the
// trainer (train/word_stats.h): how often it is written with a capital letter inside a sentence
// (names keep their capital, common words do not: the evidence that "firefox" or "kerala" in
// lower-case web text is a name, and "Kudos" at the start of a line is not) and its word class at
// three granularities (distributional clusters: words used in the same
// contexts, such as company or city names, share a class even when the labelled data never
// shows them). 0 means unknown throughout.
struct WordProfile {
  uint8_t cap = 0;  // 1..6: share of capitalised in-sentence occurrences, in buckets
  uint16_t cls[3] = {0, 0, 0};
};
struct WordStats {
  // HashStr(NormWord(form)) -> Pack(profile). Bits 0-7 cap, 16-63 the classes; bits 8-15 are
  // not used (the first models stored a frequency bucket there that no feature read).
  std::unordered_map<uint64_t, uint64_t> table;
  static uint64_t Pack(const WordProfile& w) {
    return uint64_t{w.cap} | uint64_t{w.cls[0]} << 16 | uint64_t{w.cls[1]} << 32 |
           uint64_t{w.cls[2]} << 48;
  }
  static WordProfile Unpack(uint64_t v) {
    WordProfile w;
    w.cap = static_cast<uint8_t>(v);
    for (int k = 0; k < 3; ++k) w.cls[k] = static_cast<uint16_t>(v >> (16 + 16 * k));
    return w;
  }
  WordProfile Find(uint64_t norm_hash) const {
    auto it = table.find(norm_hash);
    return it == table.end() ? WordProfile{} : Unpack(it->second);
  }
};

// Per-token features of the NER that do not depend on previous decisions.
struct NerWord {
  uint64_t norm, exact, shape, sshape, xpos, upos, suf2, suf3, suf4, pre2, pre3;
  uint32_t flags;
  uint64_t gaz;   // hash of (type bits, position) of the gazetteer match, or 0
  uint64_t lgaz;  // the same for the case-folded match
  uint64_t cap, cl0, cl1, cl2;  // WordProfile fields (0 when unknown)
};
void PrepareNerWords(const Token* tokens, size_t n, const Gazetteer* gaz, const WordStats* stats,
                     std::vector<NerWord>* out);
constexpr size_t kMaxNerFeatures = 96;
size_t NerFeatures(const std::vector<NerWord>& w, size_t i, int p1, int p2, uint64_t* keys);

// Class layout: 0 = O, then per type t: 1 + 4t = B, 2 + 4t = I, 3 + 4t = L, 4 + 4t = U.
inline int NerClasses(int num_types) { return 1 + 4 * num_types; }
// True when class `c` may follow class `prev` (-1 = sentence start).
bool NerAllowed(int prev, int c);
// BILOU class ids from IOB2 tags (types must be in `types`; unknown types become O).
std::vector<int> EncodeBilou(const Token* tokens, size_t n, const std::vector<std::string>& types);

struct NerData {
  std::vector<std::string> types;
  Gazetteer gazetteer;
  WordStats words;  // empty in models trained without unlabeled text
  LinearModel model;
  // Self-test: "form xpos upos" per token, expected IOB2 tag per token.
  std::vector<std::vector<std::string>> test_input, test_expected;
};

class Ner {
 public:
  static constexpr std::string_view kKind = "ner";

  Ner() = default;
  explicit Ner(NerData d) : d_(std::move(d)) {}
  static Result<Ner> Load(const std::string& path);
  static Result<Ner> FromFile(const ModelFile& file);

  // Writes IOB2 tags into tokens[i].ner ("O", "B-PER", "I-PER", ...).
  void Recognize(Token* tokens, size_t n) const;

  Status SelfTest(const std::string& origin) const;
  void SetSelfTest(const std::vector<std::vector<Token>>& sentences);
  std::string Serialize(const std::string& fingerprint, const std::string& info) const;
  const NerData& data() const { return d_; }

 private:
  NerData d_;
};

}  // namespace dyad::nlp

#endif  // DYAD_NLP_NER_H_

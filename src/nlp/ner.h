// Named-entity recogniser: PER, ORG, LOC (whatever types the training data has), as sequence
// labelling with BILOU classes, greedy left to right (or with a beam, for models trained globally
// with one) with an averaged-perceptron model over hashed features (word, affixes, shapes,
// neighbours, the tagger's tags, the previous two classes, gazetteer matches, word statistics from
// unlabeled text, the run of capitalised words a token is in). Decoding only allows well-formed
// BILOU sequences, so every entity is a proper span. A model may be an ensemble of greedy models
// trained with different seeds, which keeps the entities most of its members find (it evens out
// the perceptron's dependence on the order it saw the training data). PropagateEntities() then
// makes a document's names consistent.
//
//   ASSIGN_OR_RETURN(nlp::Ner ner, nlp::Ner::Load("models/ner.dyad"));
//   ner.Recognize(&doc.tokens[s.token_begin], n);   // needs upos/xpos; writes IOB2 in Token::ner
//
// Thread-safety: immutable after loading; Recognize() may be called from many threads at once.
#ifndef DYAD_NLP_NER_H_
#define DYAD_NLP_NER_H_

#include <algorithm>
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
// leaves it unmarked), and so is the surname alone of a person found with a full name. A name
// marked with several types takes the most frequent one everywhere (a tie changes nothing).
// `sentences` are (first token, count) of every sentence of the document.
void PropagateEntities(const std::vector<std::pair<Token*, size_t>>& sentences);

// A gazetteer compiled into the NER model: token sequences (exact forms, and lower-cased) with
// the set of types they are listed under (bit t = types[t] of the gazetteer's own type list).
// Built by the trainer from the knowledge base's files (data/kb); matches become features, never
// decisions. Each table maps GazKey(token forms) to type bits, with kPrefixFlag on the keys that
// are proper prefixes of longer names ("Bank of" of "Bank of America"): matching stops
// lengthening a candidate once its key is in neither role. Lookups probe one open-addressing
// array.
struct Gazetteer {
  std::vector<std::string> types;  // "LOC", "ORG", "PER", "NORP", ... (at most 31)
  uint32_t max_len = 0;            // longest entry in tokens
  // False for tables read from models written before prefixes were stored: matching then tries
  // every length up to max_len.
  bool prefixes_known = true;
  // Adds a name, split into tokens at spaces (and a trailing comma of a word is its own token, as
  // the segmenter does); also split the way the treebanks cut hyphenated and possessive names.
  void Add(std::string_view name, std::string_view type);
  // For each token, the type bits and position (0 none, 1 begin, 2 inside, 3 last, 4 unit) of
  // the longest entry covering it, matching left to right.
  // With `fold_case`, entries and tokens are compared lower-cased (a separate feature: web and
  // social text often writes names in lower case).
  void Match(const Token* tokens, size_t n, bool fold_case, std::vector<uint32_t>* bits,
             std::vector<uint8_t>* pos) const;
  size_t size() const { return exact_.used; }  // keys of the exact table (names and prefixes)

  // For the model file: the (key, type bits) of the names, and the prefix keys, of the exact or
  // the case-folded table, in increasing key order; and the inverse.
  std::vector<std::pair<uint64_t, uint32_t>> Names(bool folded) const;
  std::vector<uint64_t> Prefixes(bool folded) const;
  void Insert(bool folded, uint64_t key, uint32_t type_bits, bool prefix);

  static constexpr uint32_t kPrefixFlag = 1u << 31;

 private:
  struct Table {  // key 0 marks an empty slot (a 0 key is stored as 1)
    std::vector<uint64_t> keys;
    std::vector<uint32_t> values;
    size_t used = 0;
    bool Find(uint64_t key, uint32_t* value) const;
    void Or(uint64_t key, uint32_t value);
  };
  Table exact_, folded_;
};
uint64_t GazKey(uint64_t prefix_key, std::string_view form);
// The same from HashStr(form).
uint64_t GazKeyHashed(uint64_t prefix_key, uint64_t form_hash);
// Gazetteer type of given names: a match is its own evidence where a capitalised word follows
// (PrepareNerWords), and kGivenAloneBit elsewhere.
inline constexpr std::string_view kGivenNameType = "GIVEN";
// Match bit of a given name that no capitalised word follows ("Sophie said"): weaker evidence,
// learned apart.
inline constexpr uint32_t kGivenAloneBit = 1u << 31;

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
  uint64_t profile;             // how the whole sentence is cased (same for every word)
  // The run of capitalised words the token is in ("Housing Authority of New Orleans": connectors
  // such as "of" and "&" between capitalised words belong to it): the hash of its head word (the
  // last word before its first "of"/"for", else its last word) and of its first word, and the
  // token's place in it (0 not in a run, 1 first, 2 inside, 3 last, 4 alone).
  uint64_t run_head = 0, run_first = 0;
  uint32_t run_pos = 0;
};
void PrepareNerWords(const Token* tokens, size_t n, const Gazetteer* gaz, const WordStats* stats,
                     std::vector<NerWord>* out);
constexpr size_t kMaxNerFeatures = 96;
// The features of token i given the classes of the two tokens before it (p1, p2; -1 before the
// sentence). `parts` selects the templates that do not look at p1/p2 (kNerStatic), those that do
// (kNerHistory) or both: a beam scores the static part once per token and the history part once
// per hypothesis. Keys do not depend on `parts`.
enum NerFeatureParts : int { kNerStatic = 1, kNerHistory = 2, kNerAll = 3 };
size_t NerFeatures(const std::vector<NerWord>& w, size_t i, int p1, int p2, uint64_t* keys,
                   int parts = kNerAll);

// One hypothesis of the NER's beam after some token: its class there and at the token before,
// its total score, the hypothesis it extends (index in the previous step's beam) and whether the
// whole path so far equals the gold one (training only).
struct NerHyp {
  float score = 0;
  int cls = -1, prev = -1;
  int back = -1;
  bool gold = true;
};
// Beam search over well-formed BILOU sequences: steps[i] is the beam after token i, best first;
// hypotheses with the same (cls, prev) are recombined (only the best is kept: the features see
// no further back). `score(keys, n, scores)` adds the weights of the keys to scores. With `gold`,
// stops after the first step whose beam has lost the gold path and returns that step (training
// with early update); otherwise, and when gold survives, returns n.
template <typename ScoreFn>
size_t NerBeamSearch(const std::vector<NerWord>& w, int num_classes, size_t beam, ScoreFn score,
                     std::vector<std::vector<NerHyp>>* steps, const std::vector<int>* gold);


// Class layout: 0 = O, then per type t: 1 + 4t = B, 2 + 4t = I, 3 + 4t = L, 4 + 4t = U.
inline int NerClasses(int num_types) { return 1 + 4 * num_types; }
// True when class `c` may follow class `prev` (-1 = sentence start).
bool NerAllowed(int prev, int c);
// The same at a sentence's `last` token, which cannot open a span (B or I) either.
inline bool NerAllowed(int prev, int c, bool last) {
  return NerAllowed(prev, c) && !(last && c > 0 && ((c - 1) % 4 == 0 || (c - 1) % 4 == 1));
}
// The same class read right to left (B and L swap): a member that decodes a sentence from its
// end works in mirrored classes, so that NerAllowed and the features serve both directions.
inline int MirrorBilou(int c) {
  if (c <= 0) return c;
  int kind = (c - 1) % 4;
  return kind == 0 ? c + 2 : kind == 2 ? c - 2 : c;
}
// The entities most of `paths` (BILOU class sequences of the same sentence) agree on: each
// span with its type found by more than half of them, longer and more agreed spans first where
// two overlap; returned as one BILOU class sequence.
std::vector<int> VoteBilou(const std::vector<std::vector<int>>& paths);
// BILOU class ids from IOB2 tags (types must be in `types`; unknown types become O).
std::vector<int> EncodeBilou(const Token* tokens, size_t n, const std::vector<std::string>& types);

// Most members an ensemble model may have.
inline constexpr uint32_t kMaxNerMembers = 15;

struct NerData {
  std::vector<std::string> types;
  Gazetteer gazetteer;
  WordStats words;  // empty in models trained without unlabeled text
  uint32_t beam = 1;  // decoding: 1 = greedy (models trained locally), > 1 = beam search
  // An ensemble of `members` greedy models trained with different seeds: `model` scores the
  // classes of all of them side by side (class c of member m is m * NerClasses + c), each
  // member decodes the sentence on its own, and an entity stands when most members find it.
  uint32_t members = 1;  // 1..kMaxNerMembers
  // Bit m set: member m decodes right to left, in mirrored classes (MirrorBilou), its history
  // features seeing the classes of the two tokens after it. Its errors differ from those of
  // left-to-right members, which is what a vote needs.
  uint32_t backward = 0;
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
  void WriteTags(Token* tokens, size_t n, const std::vector<int>& cls) const;
  // Greedy decoding, for a single model as for an ensemble: each member decodes in its own
  // direction and the entities most of them find stand (one member: its own).
  void RecognizeGreedy(const std::vector<NerWord>& words, std::vector<int>* cls) const;
  NerData d_;
};

template <typename ScoreFn>
size_t NerBeamSearch(const std::vector<NerWord>& w, int num_classes, size_t beam, ScoreFn score,
                     std::vector<std::vector<NerHyp>>* steps, const std::vector<int>* gold) {
  const size_t n = w.size();
  steps->assign(n, {});
  uint64_t keys[kMaxNerFeatures];
  std::vector<float> base(num_classes), sc(num_classes);
  std::vector<NerHyp> cands;
  const std::vector<NerHyp> start = {NerHyp{}};
  for (size_t i = 0; i < n; ++i) {
    const std::vector<NerHyp>& cur = i == 0 ? start : (*steps)[i - 1];
    std::fill(base.begin(), base.end(), 0.0f);
    size_t nk = NerFeatures(w, i, -1, -1, keys, kNerStatic);
    score(keys, nk, base.data());
    const bool last = i + 1 == n;
    cands.clear();
    for (size_t h = 0; h < cur.size(); ++h) {
      sc = base;
      nk = NerFeatures(w, i, cur[h].cls, cur[h].prev, keys, kNerHistory);
      score(keys, nk, sc.data());
      for (int c = 0; c < num_classes; ++c) {
        if (!NerAllowed(cur[h].cls, c, last)) continue;
        NerHyp x;
        x.score = cur[h].score + sc[c];
        x.cls = c;
        x.prev = cur[h].cls;
        x.back = static_cast<int>(h);
        x.gold = cur[h].gold && gold && (*gold)[i] == c;
        cands.push_back(x);
      }
    }
    std::stable_sort(cands.begin(), cands.end(),
                     [](const NerHyp& a, const NerHyp& b) { return a.score > b.score; });
    std::vector<NerHyp>& next = (*steps)[i];
    bool gold_alive = false;
    for (const NerHyp& x : cands) {
      if (next.size() >= beam) break;
      bool seen = false;
      for (const NerHyp& y : next) seen |= y.cls == x.cls && y.prev == x.prev;
      if (seen) continue;
      next.push_back(x);
      gold_alive |= x.gold;
    }
    if (gold && !gold_alive) return i;
  }
  return n;
}

}  // namespace dyad::nlp

#endif  // DYAD_NLP_NER_H_

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

// Per-token features of the NER that do not depend on previous decisions.
struct NerWord {
  uint64_t norm, exact, shape, sshape, xpos, upos, suf2, suf3, suf4, pre2, pre3;
  uint32_t flags;
};
void PrepareNerWords(const Token* tokens, size_t n, std::vector<NerWord>* out);
constexpr size_t kMaxNerFeatures = 48;
size_t NerFeatures(const std::vector<NerWord>& w, size_t i, int p1, int p2, uint64_t* keys);

// Class layout: 0 = O, then per type t: 1 + 4t = B, 2 + 4t = I, 3 + 4t = L, 4 + 4t = U.
inline int NerClasses(int num_types) { return 1 + 4 * num_types; }
// True when class `c` may follow class `prev` (-1 = sentence start).
bool NerAllowed(int prev, int c);
// BILOU class ids from IOB2 tags (types must be in `types`; unknown types become O).
std::vector<int> EncodeBilou(const Token* tokens, size_t n, const std::vector<std::string>& types);

struct NerData {
  std::vector<std::string> types;
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

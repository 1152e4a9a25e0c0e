// Part-of-speech tagger (UPOS + Penn XPOS as one combined tag), lemmatiser and morphological
// features, for tokens produced by the segmenter.
//
//   ASSIGN_OR_RETURN(nlp::Tagger tagger, nlp::Tagger::Load("models/tagger.dyad"));
//   tagger.Tag(&doc.tokens[s.token_begin], s.token_end - s.token_begin);
//
// Tagging is greedy left to right with an averaged-perceptron model (LinearModel) over hashed
// features: the word and its neighbours, affixes, shapes, the two previous tags, and the
// "ambiguity class" (the set of tags a word had in training) of the word and the words ahead.
// Lemmas come from a form+tag dictionary built from the training data, then from suffix rules
// learned from it (strip n bytes, append a string), chosen by the longest known suffix under the
// predicted tag. FEATS come from the (word, tag) pair seen most often in training, else the tag.
//
// Thread-safety: immutable after loading; Tag() may be called from many threads at once.
#ifndef DYAD_NLP_TAGGER_H_
#define DYAD_NLP_TAGGER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "nlp/linear_model.h"
#include "nlp/model_file.h"

namespace dyad::nlp {

// Hashes of one token's surface, computed once per sentence.
struct WordInfo {
  uint64_t norm = 0, exact = 0, shape = 0, sshape = 0, amb = 0;
  uint64_t pre[3] = {0, 0, 0};
  uint64_t suf[4] = {0, 0, 0, 0};
  uint32_t flags = 0;
};

// Fills `out` (resized to n) for tokens[0..n); `amb` maps HashStr(NormWord(form)) to the word's
// ambiguity class.
void PrepareWords(const Token* tokens, size_t n, const std::unordered_map<uint64_t, uint64_t>& amb,
                  std::vector<WordInfo>* out);

// Maximum number of features TaggerFeatures() writes.
constexpr size_t kMaxTaggerFeatures = 48;
// Writes the feature keys for token i given the previous two predicted classes (-1 = none) and
// returns how many were written.
size_t TaggerFeatures(const std::vector<WordInfo>& w, size_t i, int p1, int p2, uint64_t* keys);

// Everything a tagger model holds. The trainer fills it; Tagger wraps it.
struct TaggerData {
  std::vector<std::string> upos, xpos;            // per class
  LinearModel model;
  std::unordered_map<uint64_t, uint64_t> amb;     // HashStr(NormWord) -> ambiguity class
  // Lemmatiser.
  std::unordered_map<uint64_t, std::string> lemma_exact;  // LemmaKey(form, class)
  std::unordered_map<uint64_t, std::string> lemma_lower;  // LemmaKey(lower form, class)
  std::unordered_map<uint64_t, uint32_t> lemma_rule;      // RuleKey(suffix, class) -> rule
  std::vector<std::pair<uint32_t, std::string>> rules;    // strip bytes, append
  // Features.
  std::vector<std::string> feats_strings;
  std::unordered_map<uint64_t, uint32_t> feats_word;      // LemmaKey(lower form, class)
  std::vector<uint32_t> feats_class;                      // per class
  // Self-test samples: token forms and the expected "UPOS XPOS lemma" per token.
  std::vector<std::vector<std::string>> test_forms, test_expected;
};

uint64_t LemmaKey(std::string_view form, int cls);
uint64_t RuleKey(std::string_view suffix, int cls);
// Longest suffix (bytes) the lemma rules look at.
constexpr size_t kMaxRuleSuffix = 6;
// True when lemmas of this XPOS keep the form's case (proper nouns).
bool KeepsCase(std::string_view xpos);
// Lower-cases ASCII letters.
std::string LowerAscii(std::string_view s);

class Tagger {
 public:
  static constexpr std::string_view kKind = "tagger";

  Tagger() = default;
  explicit Tagger(TaggerData data) : d_(std::move(data)) {}
  // Loads, checks and self-tests a model file.
  static Result<Tagger> Load(const std::string& path);
  static Result<Tagger> FromFile(const ModelFile& file);

  // Fills upos, xpos, lemma and feats of tokens[0..n) (one sentence). n == 0 is a no-op.
  void Tag(Token* tokens, size_t n) const;
  // Only the class ids (for training and evaluation).
  void Predict(const Token* tokens, size_t n, std::vector<int>* classes) const;
  std::string Lemmatize(std::string_view form, int cls) const;
  const std::string& Feats(std::string_view form, int cls) const;

  // Runs the stored self-test samples; Corruption naming `origin` on a mismatch.
  Status SelfTest(const std::string& origin) const;
  // Records the current outputs on these sentences as self-test samples.
  void SetSelfTest(const std::vector<std::vector<std::string>>& forms);
  // The complete model file.
  std::string Serialize(const std::string& fingerprint, const std::string& info) const;

  const TaggerData& data() const { return d_; }
  int num_classes() const { return static_cast<int>(d_.upos.size()); }

 private:
  TaggerData d_;
};

}  // namespace dyad::nlp

#endif  // DYAD_NLP_TAGGER_H_

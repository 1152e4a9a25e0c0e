// Labelled dependency parser: transition-based (arc-hybrid, root at the end of the buffer),
// greedy, scored by an averaged-perceptron model over rich hashed features (words, tags, children,
// valency, label sets, distance; after Zhang and Nivre 2011), trained with a dynamic oracle.
//
//   ASSIGN_OR_RETURN(nlp::Parser parser, nlp::Parser::Load("models/parser.dyad"));
//   parser.Parse(&doc.tokens[s.token_begin], s.token_end - s.token_begin);  // needs xpos
//
// Output: Token::head (0-based index in the sentence, -1 for the root) and Token::deprel. Every
// sentence gets exactly one root and a well-formed projective tree; cost is linear in its length.
//
// Thread-safety: immutable after loading; Parse() may be called from many threads at once.
#ifndef DYAD_NLP_PARSER_H_
#define DYAD_NLP_PARSER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "nlp/linear_model.h"
#include "nlp/model_file.h"

namespace dyad::nlp {

// Transitions: 0 = SHIFT, 1 + 2l = LEFT with label l (b0 becomes head of s0), 2 + 2l = RIGHT
// with label l (s1 becomes head of s0).
constexpr int kShift = 0;
inline int LeftOf(int label) { return 1 + 2 * label; }
inline int RightOf(int label) { return 2 + 2 * label; }
inline bool IsLeft(int t) { return t > 0 && (t & 1); }
inline bool IsRight(int t) { return t > 0 && !(t & 1); }
inline int LabelOf(int t) { return (t - 1) / 2; }

// Parser configuration over one sentence of n tokens; token n is the artificial root, which sits
// at the end of the buffer.
struct ParseState {
  int n = 0;
  std::vector<int> stack;
  int b = 0;  // first buffer token (n = only the root is left)
  std::vector<int> head, label;                 // per token, -1 = none yet
  std::vector<int> lc1, lc2, rc1, rc2, nl, nr;  // children and valency, per token and root
  std::vector<uint64_t> lset, rset;             // bit sets of child labels

  void Init(int n_tokens);
  bool Terminal() const { return stack.empty() && b == n; }
  bool CanShift() const { return b < n; }
  bool CanLeft() const { return !stack.empty() && (b < n || stack.size() == 1); }
  bool CanRight() const { return stack.size() >= 2; }
  void Apply(int transition);
};

// Per-token hashes the features use (index n = root, n + 1 = none).
struct ParseWords {
  std::vector<uint64_t> w, t, u;
  void Prepare(const Token* tokens, size_t n);
};

constexpr size_t kMaxParserFeatures = 128;
size_t ParserFeatures(const ParseState& s, const ParseWords& pw, uint64_t* keys);

// Marks valid transitions (1) in `valid` (size 1 + 2 * num_labels). `root_label` is the index of
// "root": only it may attach a token to the root, and never elsewhere.
void ValidTransitions(const ParseState& s, int num_labels, int root_label, std::vector<char>* valid);

struct ParserData {
  std::vector<std::string> labels;
  int root_label = 0;
  LinearModel model;
  // Self-test: per sentence, "form xpos upos" per token and the expected "head deprel".
  std::vector<std::vector<std::string>> test_input, test_expected;
};

class Parser {
 public:
  static constexpr std::string_view kKind = "parser";

  Parser() = default;
  explicit Parser(ParserData d) : d_(std::move(d)) {}
  static Result<Parser> Load(const std::string& path);
  static Result<Parser> FromFile(const ModelFile& file);

  // Fills head and deprel of tokens[0..n) (one sentence; form, upos and xpos must be set).
  void Parse(Token* tokens, size_t n) const;

  Status SelfTest(const std::string& origin) const;
  void SetSelfTest(const std::vector<std::vector<Token>>& sentences);
  // A copy with weights below `min_abs` pruned and the self-test outputs recomputed.
  Parser Pruned(float min_abs) const;
  std::string Serialize(const std::string& fingerprint, const std::string& info) const;
  const ParserData& data() const { return d_; }

 private:
  ParserData d_;
};

}  // namespace dyad::nlp

#endif  // DYAD_NLP_PARSER_H_

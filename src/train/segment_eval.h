// Evaluation of sentence splitting and tokenisation against CoNLL-U gold data, with the CoNLL 2018
// shared-task definitions (https://universaldependencies.org/conll18/evaluation.html).
//
//   ASSIGN_OR_RETURN(auto r, dyad::EvaluateSegmentationFile("en_pud-ud-test.conllu"));
//   printf("%.2f\n", r.tokens.f1());
//
// The raw text is rebuilt from the gold the way the shared task built its input: each sentence is
// its surface tokens joined with a space unless SpaceAfter=No; sentences of a paragraph are joined
// with a space (none after SpaceAfter=No on the last token); "# newpar" and "# newdoc" start a new
// paragraph, separated by a blank line. A file without paragraph marks is thus a run of documents,
// each one paragraph. The Segmenter then runs on that text, knowing nothing of the gold.
//
// Figures (precision, recall, F1 over exact byte spans of the rebuilt text):
//   Tokens     surface tokens; a multi-word token ("don't" = do + n't) counts once.
//   Sentences  sentence spans (first token start to last token end).
//   Words      syntactic words: words of single-word tokens match by span; words of multi-word
//              tokens with the same span on both sides are aligned by their lower-cased forms
//              (longest common subsequence), as the shared-task script does.
//
// Thread-safety: functions without shared state.
#ifndef DYAD_TRAIN_SEGMENT_EVAL_H_
#define DYAD_TRAIN_SEGMENT_EVAL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "train/conllu.h"

namespace dyad {

struct SpanScore {
  size_t gold = 0, system = 0, correct = 0;
  double precision() const { return system ? 100.0 * correct / system : 0; }
  double recall() const { return gold ? 100.0 * correct / gold : 0; }
  double f1() const { return gold + system ? 200.0 * correct / (gold + system) : 0; }
};

// The text of a gold treebank and its gold segmentation (byte spans of `text`).
struct GoldSegmentation {
  std::string text;
  std::vector<ByteSpan> sentences;
  std::vector<ByteSpan> tokens;  // surface tokens
  // Words: for each surface token, its words' forms (one entry for a single-word token).
  std::vector<std::vector<std::string>> token_words;
};

// Rebuilds the raw text and the gold spans from parsed CoNLL-U (see the top of this file).
GoldSegmentation BuildGoldSegmentation(const std::vector<ConlluSentence>& sentences);

// One disagreement, for error analysis.
struct SegmentError {
  std::string kind;     // "token" or "sentence"
  bool missing = false; // true: in the gold only; false: in the system output only
  ByteSpan span;
  std::string context;  // the text around the span, the span in [brackets]
};

struct SegmentEvalResult {
  std::string gold_path;
  size_t bytes = 0;         // size of the rebuilt text
  double seconds = 0;       // time spent segmenting
  SpanScore tokens, sentences, words;
  std::vector<SegmentError> errors;  // up to the requested number, in text order
};

// Segments `gold.text` with the Segmenter and scores it. Keeps up to `max_errors` errors.
SegmentEvalResult EvaluateSegmentation(const GoldSegmentation& gold, size_t max_errors = 0);

// Reads a CoNLL-U file and evaluates it. Fails (naming the file and line) when the file cannot
// be read or parsed.
Result<SegmentEvalResult> EvaluateSegmentationFile(const std::string& path,
                                                   size_t max_errors = 0);

}  // namespace dyad

#endif  // DYAD_TRAIN_SEGMENT_EVAL_H_

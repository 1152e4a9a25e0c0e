// Evaluation of the tagger, parser and NER with the CoNLL 2018 shared-task metrics
// (https://universaldependencies.org/conll18/evaluation.html), from gold tokens or from raw text
// through dyad's own Segmenter.
//
//   ASSIGN_OR_RETURN(TagParseScores s, EvaluateTagParse(sentences, tagger, &parser, false));
//   printf("UPOS %.2f LAS %.2f\n", s.upos.f1(), s.las.f1());
//
// Every figure is an F1 over words: 2 * correct / (gold words + system words). With gold tokens
// the two counts are equal and F1 is plain accuracy. A system word is "correct" for a metric when
// it is aligned with a gold word (same byte span of the rebuilt text; words inside multi-word
// tokens aligned in order) and has the same value; for UAS its head must be aligned with the gold
// head (or both are the root); LAS also needs the same relation, where, as in the shared task, only
// the universal part of the relation counts ("nmod:poss" = "nmod"). LAS-full compares whole
// relations. NER is scored on exact entity spans and types (precision, recall, F1).
//
// Thread-safety: plain functions.
#ifndef DYAD_TRAIN_NLP_EVAL_H_
#define DYAD_TRAIN_NLP_EVAL_H_

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "dyad/status.h"
#include "nlp/ner.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "train/conllu.h"
#include "train/corpus.h"
#include "train/segment_eval.h"

namespace dyad::train {

struct TagParseScores {
  size_t sentences = 0;
  double seconds = 0;  // time spent in the models (and segmenter, in raw mode)
  SpanScore words, upos, xpos, upos_xpos, lemma, feats, uas, las, las_full;
};

// Scores tagger (and parser when non-null) on gold sentences. Raw mode rebuilds the text from
// `conllu` and segments it; gold-token mode tags the gold words.
TagParseScores EvaluateTagParse(const std::vector<ConlluSentence>& conllu,
                                const nlp::Tagger& tagger, const nlp::Parser* parser, bool raw);

struct NerScores {
  size_t sentences = 0;
  double seconds = 0;
  SpanScore all;
  std::map<std::string, SpanScore> by_type;
};

// Scores the NER on IOB2 gold. Raw mode rebuilds each sentence's text from its tokens (joined
// with single spaces), segments it and compares byte spans. With `predictions` (gold-token mode
// only), writes each sentence as "form<TAB>gold<TAB>system" lines, a blank line after each.
NerScores EvaluateNer(const std::vector<GoldSentence>& gold, const nlp::Tagger& tagger,
                      const nlp::Ner& ner, bool raw, std::ostream* predictions = nullptr);

// One document's text with its gold entities as byte spans of it.
struct TextEntities {
  std::string id;
  std::string text;
  std::vector<std::tuple<uint32_t, uint32_t, std::string>> entities;  // begin, end, type
};

// Scores the NER on whole texts, each segmented by dyad and recognised as the pipeline does
// (with the document-level pass). Returns exact-span scores; `overlap`, when given, gets a
// looser count in which a found entity is right if it overlaps a gold entity of its type that
// no other found entity has matched (for gold made under other conventions of where a name
// starts and ends). With `predictions`, writes "doc<TAB>begin<TAB>end<TAB>type<TAB>text" for
// every found entity.
NerScores EvaluateNerOnText(const std::vector<TextEntities>& docs, const nlp::Tagger& tagger,
                            const nlp::Ner& ner, NerScores* overlap = nullptr,
                            std::ostream* predictions = nullptr);

// Keeps only sentences whose id passes `keep` (e.g. PUD news: ids starting with "n"), or whose
// document id passes it when `by_doc`.
std::vector<ConlluSentence> FilterConllu(const std::vector<ConlluSentence>& s,
                                         const std::function<bool(const std::string&)>& keep,
                                         bool by_doc);

}  // namespace dyad::train

#endif  // DYAD_TRAIN_NLP_EVAL_H_

// Trainers for the nlp/ models (averaged perceptron), used by `dyad train`.
//
//   TrainOptions o; o.epochs = 10; o.seed = 1;
//   ASSIGN_OR_RETURN(nlp::Tagger t, TrainTagger(train_sents, o, &std::cerr));
//
// Training is deterministic given the data, the options and the seed (the seed drives the
// per-epoch shuffling and, for the parser, the exploration of its dynamic oracle).
//
// Thread-safety: plain functions; each call uses one thread.
#ifndef DYAD_TRAIN_TRAINERS_H_
#define DYAD_TRAIN_TRAINERS_H_

#include <cstdint>
#include <ostream>
#include <vector>

#include "dyad/status.h"
#include "nlp/ner.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "train/corpus.h"

namespace dyad::train {

struct TrainOptions {
  int epochs = 10;
  uint64_t seed = 1;
  float prune = 0.0f;       // drop averaged weights with |w| <= prune
  std::ostream* log = nullptr;
  // Parser: probability of following the model's own (possibly wrong) transition after the
  // first epoch (dynamic-oracle exploration).
  double explore = 0.9;
  int explore_from_epoch = 2;
  // Parser: when > 1, the training tags come from `jackknife` taggers, each trained on the other
  // parts of the training data (so the parser learns from tags as wrong as at run time).
  int jackknife = 0;
  int jackknife_tagger_epochs = 5;
  // NER: beam size; > 1 trains globally (beam search with early update) and the model decodes
  // with the same beam; 1 is greedy, locally trained.
  int beam = 1;
  // NER: decode right to left (greedy only), in mirrored classes (nlp::MirrorBilou).
  bool backward = false;
  // NER: domain adaptation by feature augmentation (AveragedPerceptron::SetDomain). When >= 0,
  // sentences from GUM (document id "GUM_...") train domain 2's copies of the features as well
  // as the shared ones, the others domain 1's; the model keeps the shared weights plus those of
  // domain `adapt_fold` (0: the shared weights alone). -1: one set of weights for all.
  int adapt_fold = -1;
  // Evaluated after each epoch when non-empty (log only).
  const std::vector<GoldSentence>* dev = nullptr;
};

// Tagger from gold UPOS/XPOS/lemma/FEATS.
Result<nlp::Tagger> TrainTagger(const std::vector<GoldSentence>& train, const TrainOptions& o);

// Parser from gold heads and relations; the tokens' tags are replaced by `tagger`'s predictions
// when a tagger is given (so training sees the kind of tags it gets at run time).
Result<nlp::Parser> TrainParser(std::vector<GoldSentence> train, const nlp::Tagger* tagger,
                                const TrainOptions& o);

// NER from IOB2 tags in Token::ner; POS tags come from `tagger` for every sentence whose first
// token has no XPOS (callers may tag the others, e.g. with JackknifeTag). The gazetteer (may be empty) is
// stored in the model and its matches are features.
// `words` (may be empty) holds statistics from unlabeled text (train/word_stats.h).
Result<nlp::Ner> TrainNer(std::vector<GoldSentence> train, const nlp::Tagger& tagger,
                          const TrainOptions& o, nlp::Gazetteer gazetteer = {},
                          nlp::WordStats words = {});

// One ensemble model (NerData::members) from single greedy models trained on the same types,
// gazetteer and word statistics (e.g. with different seeds): it keeps the entities most of
// them find.
Result<nlp::Ner> EnsembleNer(std::vector<nlp::Ner> members);

// Builds a gazetteer from the knowledge base's TSV files in `kb_dir` (countries, country_info,
// places, places_extra, orgs, people): names listed there become LOC, ORG, PER entries and
// nationality adjectives NORP. A file that is missing is skipped; a malformed one is an error
// naming the file and line.
Result<nlp::Gazetteer> GazetteerFromKb(const std::string& kb_dir);

// Tags `sents` with jackknifed taggers: fold k (every folds-th sentence from k) by a tagger trained
// on the other folds, so that a model trained on the tags sees them as wrong as at run time.
Status JackknifeTag(std::vector<GoldSentence>* sents, int folds, int tagger_epochs,
                    uint64_t seed, std::ostream* log);

// Fills tokens' upos/xpos/lemma/feats with the tagger's output (for all sentences).
void RetagSentences(const nlp::Tagger& tagger, std::vector<GoldSentence>* sents);

}  // namespace dyad::train

#endif  // DYAD_TRAIN_TRAINERS_H_

// Word statistics from unlabeled text, for the NER's WordStats table (nlp/ner.h).
//
//   std::vector<std::vector<std::string>> sents = ...;   // token forms, one vector per sentence
//   nlp::WordStats ws = train::BuildWordStats(sents, {}, &std::cerr);
//
// Two things are learned per word (its NormWord form: lower case, digits as 0):
//  - Capitalisation habit: among its occurrences inside a sentence (not the first token, not in a
//    sentence written mostly in capitals or without any capital), the share written with a
//    capital first letter, in six buckets.
//  - Word classes: hard clusters of words with similar left and right neighbours, found with the
//    exchange algorithm (Kneser and Ney 1993; Martin, Liermann and Ney 1998), which maximises the
//    likelihood of a class bigram model by moving one word at a time to the class that helps most.
//    Run once per granularity (e.g. 32, 128 and 512 classes). Words seen fewer than `min_count`
//    times get no class.
// Deterministic: same sentences and options, same table.
#ifndef DYAD_TRAIN_WORD_STATS_H_
#define DYAD_TRAIN_WORD_STATS_H_

#include <ostream>
#include <string>
#include <vector>

#include "dyad/status.h"
#include "nlp/ner.h"

namespace dyad::train {

struct WordStatsOptions {
  int classes[3] = {32, 128, 512};
  int min_count = 3;
  int iterations = 6;  // passes of the exchange algorithm over the vocabulary
};

// Counts and clusters; logs progress and the objective per pass to `log` when non-null.
nlp::WordStats BuildWordStats(const std::vector<std::vector<std::string>>& sentences,
                              const WordStatsOptions& options = {}, std::ostream* log = nullptr);

// Token forms of every sentence in `files`: CoNLL-U files (.conllu; GUM restricted to its openly
// licensed genres) by their words; any other input dyad reads (CSV, JSONL, text; sniffed as in
// `dyad run`) through the segmenter. Errors name the file; a file with unreadable records is an
// error too (statistics from half a corpus would silently change the model).
Result<std::vector<std::vector<std::string>>> ReadUnlabeledSentences(
    const std::vector<std::string>& files);

// Bucket (1..6) of a capitalised share; exposed for tests.
int CapBucket(double capitalised_share);

}  // namespace dyad::train

#endif  // DYAD_TRAIN_WORD_STATS_H_

// CoNLL-U reading (https://universaldependencies.org/format.html) for training and evaluation.
//
//   ASSIGN_OR_RETURN(auto sents, dyad::ReadConlluFile("en_ewt-ud-train.conllu"));
//
// Malformed lines are errors naming the file and line. Empty nodes (ids like 8.1) are skipped;
// multi-word token lines ("3-4") are kept in `multiwords` with their surface form.
#ifndef DYAD_TRAIN_CONLLU_H_
#define DYAD_TRAIN_CONLLU_H_

#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad {

struct ConlluWord {
  int id = 0;  // 1-based
  std::string form, lemma, upos, xpos, feats;
  int head = 0;  // 0 = root
  std::string deprel, deps, misc;
  bool space_after = true;  // from MISC SpaceAfter=No
};

struct ConlluMultiword {
  int first = 0, last = 0;  // word id range, inclusive
  std::string form, misc;
  bool space_after = true;
};

struct ConlluSentence {
  std::string sent_id;
  std::string text;                 // "# text = ..." when present
  bool new_document = false;        // "# newdoc"
  bool new_paragraph = false;       // "# newpar"
  std::vector<std::string> comments;
  std::vector<ConlluWord> words;
  std::vector<ConlluMultiword> multiwords;
  size_t line = 0;                  // line of the first line of the sentence (1-based)
};

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, const std::string& origin);
Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path);

// True when MISC (a |-separated list) contains `key=value`.
bool MiscHas(std::string_view misc, std::string_view key_value);

}  // namespace dyad

#endif  // DYAD_TRAIN_CONLLU_H_

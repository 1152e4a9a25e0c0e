// Training and evaluation corpora as dyad Tokens: CoNLL-U treebanks and IOB2 entity files.
//
//   ASSIGN_OR_RETURN(auto sents, LoadTreebanks({"en_ewt-ud-train.conllu"}, GumCcByFilter()));
//
// Thread-safety: plain functions.
#ifndef DYAD_TRAIN_CORPUS_H_
#define DYAD_TRAIN_CORPUS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "train/conllu.h"

namespace dyad::train {

// One gold sentence: tokens with gold annotations (head is 0-based, -1 for the root).
struct GoldSentence {
  std::string sent_id;
  std::string doc_id;  // from the last "# newdoc id = ..." comment
  std::string text;    // "# text = ..." when present
  std::vector<Token> tokens;
};

// Keeps a sentence when it returns true; gets the document id and the sentence id.
using DocFilter = std::function<bool(const std::string& doc_id, const std::string& sent_id)>;

// True for a GUM document id ("GUM_news_iodine"); GUM's genre is the word after "GUM_".
inline bool IsGumDocument(std::string_view doc_id) { return doc_id.starts_with("GUM_"); }

// Documents of GUM whose genre is openly licensed (CC BY or public domain): news, interview,
// bio, voyage, textbook, vlog, conversation, speech. Sentences outside GUM (doc id not starting
// with "GUM_") are kept.
DocFilter GumCcByFilter();

// Converts a CoNLL-U sentence (words, not multiword tokens).
GoldSentence FromConllu(const ConlluSentence& s, const std::string& doc_id);

// Reads CoNLL-U files; each sentence passes `filter` (null = keep all).
Result<std::vector<GoldSentence>> LoadTreebanks(const std::vector<std::string>& paths,
                                                const DocFilter& filter = nullptr);

// Reads an IOB2 file (UNER layout: ID, FORM, TAG, ... tab-separated; comments as in CoNLL-U).
// Tags must be O, B-X or I-X; errors name the file and line. Token.ner holds the tag.
Result<std::vector<GoldSentence>> ReadIob2File(const std::string& path);

// "sha256:<hex of the concatenated files>"; identifies the training data in a model header.
Result<std::string> FingerprintFiles(const std::vector<std::string>& paths);

}  // namespace dyad::train

namespace dyad::train {

// Named-entity training sentences from GUM's entity annotation (MISC "Entity=..."): mentions of
// type person, organization and place whose syntactic head is a proper noun become PER, ORG and
// LOC spans over the run of proper nouns around the head (with "of", "and", "&", "de", "for"
// inside the run when a proper noun follows). Sentences pass `filter` (use GumCcByFilter()).
Result<std::vector<GoldSentence>> NerFromGum(const std::string& path, const DocFilter& filter);

}  // namespace dyad::train

#endif  // DYAD_TRAIN_CORPUS_H_

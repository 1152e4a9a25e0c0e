// The re3d corpus (Dstl's Relationship and Entity Extraction Evaluation Dataset: news, government
// statements and Wikipedia on the conflicts in Syria and Iraq) as documents with entity spans,
// for evaluating the actor resolver and the NER on text of the product's domain.
//
//   std::vector<std::string> errors;
//   ASSIGN_OR_RETURN(auto docs, ReadRe3d("../shared/corpora/re3d", &errors));
//   for (const auto& d : docs) ... d.text, d.entities ...
//
// Thread-safety: plain functions.
#ifndef DYAD_TRAIN_RE3D_H_
#define DYAD_TRAIN_RE3D_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "dyad/status.h"
#include "train/nlp_eval.h"

namespace dyad::train {

struct Re3dEntity {
  uint32_t begin = 0, end = 0;  // bytes of Re3dDocument::text (re3d counts code points)
  std::string type;             // re3d's: Person, Organisation, Location, Nationality, ...
  std::string value;
  double confidence = 0;
  std::string where;  // "entities.json:LINE", for messages
};

struct Re3dDocument {
  std::string id;
  std::string folder;  // the source's folder ("BBC_Online")
  std::string text;
  std::vector<Re3dEntity> entities;  // in file order
};

// Reads every folder under `dir` that has documents.json and entities.json (or `dir` itself),
// folders in name order. A line that is not a usable JSON object, or an entity of an unknown
// document or with offsets outside its text, is reported in `errors` ("file:line: why") and
// skipped; no folder at all is an error.
Result<std::vector<Re3dDocument>> ReadRe3d(const std::string& dir,
                                           std::vector<std::string>* errors);

// The nationality adjectives and plurals ("Syrian", "Syrians") of the knowledge base's
// country_info.tsv in `kb_dir`.
Result<std::set<std::string>> DemonymsFromKb(const std::string& kb_dir);

// re3d's Person, Organisation and Location annotations mapped to UNER's conventions as far as
// rules can: where one span has several annotations the most confident one counts (ties: the
// first); a leading "the" is left out; a span with no capitalised word (or hyphenated part, as
// in "al-Qaida") other than a title ("the Foreign Secretary"), a pronoun or one of `demonyms`
// ("Syrian refugees") is a nominal mention, not a name, and is dropped; of overlapping names
// the longer one stays. Types become PER, ORG and LOC. re3d still differs from UNER in ways no
// rule fixes (a person's span includes the title, "Foreign Secretary Philip Hammond"; "Anbar
// province"), which is why EvaluateNerOnText also scores overlaps.
std::vector<Re3dEntity> Re3dNames(const Re3dDocument& doc,
                                  const std::set<std::string>& demonyms);

// Every document's text with its names (Re3dNames), as EvaluateNerOnText takes them; ids are
// "FOLDER/ID".
std::vector<TextEntities> Re3dNerGold(const std::vector<Re3dDocument>& docs,
                                      const std::set<std::string>& demonyms);

}  // namespace dyad::train

#endif  // DYAD_TRAIN_RE3D_H_

// Sentence splitting and tokenisation of news English, with byte offsets.
//
//   dyad::Segmenter seg;
//   seg.Segment(doc.clean, &doc.sentences, &doc.tokens);
//
// Tokens follow UD English conventions ("don't" -> "do" "n't", "U.S." one token, "$5" -> "$" "5").
// Paragraph breaks (blank lines) always end a sentence.
//
// Thread-safety: a Segmenter is immutable after construction; Segment() may be called from many
// threads at once.
#ifndef DYAD_TEXT_SEGMENTER_H_
#define DYAD_TEXT_SEGMENTER_H_

#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/stage.h"

namespace dyad {

class Segmenter {
 public:
  Segmenter();
  // Appends the sentences and tokens of `text` (offsets relative to `text`'s start). Token indices
  // in the appended sentences refer to positions in *tokens.
  void Segment(std::string_view text, std::vector<Sentence>* sentences,
               std::vector<Token>* tokens) const;
};

// The "segment" stage: fills doc.sentences and doc.tokens from doc.clean.
class SegmentStage : public Stage {
 public:
  std::string_view name() const override { return "segment"; }
  Status Process(Document& doc) const override;

 private:
  Segmenter segmenter_;
};

}  // namespace dyad

#endif  // DYAD_TEXT_SEGMENTER_H_

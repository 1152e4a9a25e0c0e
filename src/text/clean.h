// Cleaning: finds the parts of a raw article that are not article text, records them as
// ExcludedSpans with a reason, reads header lines and datelines into the metadata, and builds the
// clean text (normalised, excluded spans removed) with its offset map.
//
// What is excluded (reason token):
//   header          header lines of text files (found by the text reader, not here)
//   dateline        "MOSCOW (Realist English). " / "WASHINGTON, March 2 (Reuters) - "
//   site-prefix     "sitename – " before the first sentence
//   read-more-link  "Read More : ...", "Also read: ...", "Related: ..." lines
//   share-line      "Share this article", "Follow us on ...", "Subscribe to ..." lines
//   url-line        a line that is only a URL
//   heading         a title-case line without final punctuation run into the text
//
// Thread-safety: stateless; safe to share.
#ifndef DYAD_TEXT_CLEAN_H_
#define DYAD_TEXT_CLEAN_H_

#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/stage.h"

namespace dyad {

// Adds to doc.excluded (which may already hold spans the reader found, such as header lines),
// fills doc.clean and doc.offsets, and fills an empty doc.meta.dateline (and an empty source, from
// the agency in a dateline). Never fails on valid UTF-8; returns InvalidArgument on invalid UTF-8 (readers repair it).
Status CleanDocument(Document& doc);

class CleanStage : public Stage {
 public:
  std::string_view name() const override { return "clean"; }
  Status Process(Document& doc) const override { return CleanDocument(doc); }
};

}  // namespace dyad

#endif  // DYAD_TEXT_CLEAN_H_

// Cleaning: finds the parts of a raw article that are not article text, records them as
// ExcludedSpans with a reason, reads header lines and datelines into the metadata, and builds the
// clean text (normalised, excluded spans removed) with its offset map.
//
// What is excluded (reason token):
//   header          leading `date ...`, `title ...`, `source ...`, `url ...` lines of text files
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

// Header lines at the start of a text file (`date 2025-03-02`, `title ...`). The header may share
// its line with the article's first sentence (" date 2025-03-02 Kremlin spokesman ...").
struct TextHeader {
  ByteSpan span;  // raw bytes of the header, including trailing white space
  std::string key, value;
};
// Finds the header fields at the start of `raw`. A field whose value cannot be used (a bad date)
// is still returned; the caller decides (the text reader reports it and leaves the date unknown).
std::vector<TextHeader> FindTextHeaders(std::string_view raw);

// Fills doc.excluded, doc.clean, doc.offsets and, from headers and datelines, empty metadata
// fields. Never fails on valid UTF-8; returns InvalidArgument on invalid UTF-8 (readers repair it).
Status CleanDocument(Document& doc);

class CleanStage : public Stage {
 public:
  std::string_view name() const override { return "clean"; }
  Status Process(Document& doc) const override { return CleanDocument(doc); }
};

}  // namespace dyad

#endif  // DYAD_TEXT_CLEAN_H_

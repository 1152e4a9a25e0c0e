// Test helper: builds a Document from text with a simple tokenizer (white space, edge
// punctuation, abbreviations with inner periods kept), so resolver tests do not depend on the
// segmenter's exact behaviour.
#ifndef DYAD_RESOLVE_TEST_UTIL_H_
#define DYAD_RESOLVE_TEST_UTIL_H_

#include <string>

#include "dyad/document.h"

namespace dyad::resolve::testing {

Document MakeDoc(const std::string& text, const std::string& date = "");

}  // namespace dyad::resolve::testing

#endif  // DYAD_RESOLVE_TEST_UTIL_H_

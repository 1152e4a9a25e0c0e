// A byte-level pre-pass that shrinks an HTML page before the HTML5 parser sees it, without
// changing anything the article extractor reads.
//
//   std::string small = dyad::web::PrefilterHtml(page);   // typically 10-15% of the bytes
//
// The HTML5 parser (MyHTML) spends its time per input byte, and on news pages most bytes are
// scripts, style sheets, inline SVG, comments and attributes nobody reads (data-*, srcset,
// onclick, tracking parameters). This pass, a small tokenizer that honours quoting and the
// raw-text elements of the HTML standard, removes:
//   - comments, processing instructions, and <script>, <style>, <svg>, <noscript>, <iframe>,
//     <template> elements with their content (a <script type="application/ld+json"> is kept: it
//     carries metadata); <nav> and <aside> with their content when their end tag is plainly
//     there (found within 128 KiB, with no article-like markup in between);
//   - every attribute except the ones the extractor reads (class, id, role, itemprop, hidden,
//     aria-hidden, lang, rel, datetime, pubdate, type, charset, name, property, content,
//     http-equiv, href on <link>); a style attribute that hides the element becomes `hidden`;
//   - class tokens that contain none of the words the extractor looks for (a "~<hash>" token of
//     the whole value keeps class equality between siblings exact);
//   - <meta> tags whose key the metadata code does not read, <link> other than rel=canonical;
//   - runs of white space in text (collapsed to one character, as the extractor would).
// Text, tag names and nesting (up to max_depth) are copied unchanged, so the parser builds the same tree minus
// the removed elements and attributes. The extractor drops those elements anyway; the
// equivalence is checked by a differential test (html_extract_test.cc).
//
// Thread-safety: pure function.
#ifndef DYAD_INGEST_HTML_PREFILTER_H_
#define DYAD_INGEST_HTML_PREFILTER_H_

#include <string>
#include <string_view>

namespace dyad::web {

// Elements nested deeper than `max_depth` (not counting void elements and those whose end tag
// is optional) lose their tags but keep their text: HTML5 tree construction does work
// proportional to the depth for every tag, so a page of 100,000 nested elements would
// otherwise take minutes.
std::string PrefilterHtml(std::string_view html, size_t max_depth = 512);

}  // namespace dyad::web

#endif  // DYAD_INGEST_HTML_PREFILTER_H_

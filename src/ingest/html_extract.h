// Main-text ("article body") extraction and metadata from an HTML page.
//
//   dyad::Result<dyad::web::ExtractedArticle> a =
//       dyad::web::ExtractArticle(utf8_html, "https://example.com/2025/03/02/story.html");
//   if (a.ok()) Use(a->Text(), a->meta.title, a->meta.published);
//
// The page is parsed with a real HTML5 parser (MyHTML), so broken markup is repaired the way a
// browser would. Extraction is a general content-scoring algorithm, not a per-site rule list:
//  1. Elements that are never article text are dropped: scripts, styles, forms controls, hidden
//     elements, and elements whose tag (nav, aside, footer) or class/id (menu, comment, share,
//     related, sidebar, cookie, newsletter, ...) say they are boilerplate, unless the same
//     class/id also says "article/content/body".
//  2. Every block with enough of its own text (a paragraph) adds a score to its parent and, with
//     decreasing weight, to its further ancestors. The score grows with text length and with
//     commas (sentences, not menus); class/id hints add or subtract; link density scales it down.
//  3. The best-scoring container is taken; if several strong candidates share an ancestor, that
//     ancestor is taken instead; siblings with good scores or good paragraphs join it.
//  4. Inside the result, sub-blocks that look like boilerplate (link lists, image galleries,
//     share bars, short "Advertisement" lines, the title repeated) are dropped.
// Paragraphs, headings, list items, quotes and preformatted blocks are kept as separate blocks.
//
// Metadata comes from <meta> tags (Open Graph, Dublin Core, article:*), JSON-LD (schema.org
// NewsArticle and friends), <time> elements, <link rel=canonical>, <html lang>, and, for the
// publication date only, date patterns in the URL ("/2025/03/02/", "/2025/mar/02/") and dates
// written in byline/date elements. A UTC timestamp whose date is one day off the URL's or the
// byline's date gives way to them (they carry the publisher's local date). Nothing is invented:
// a field with no evidence stays empty (the date stays unknown).
//
// Thread-safety: functions are thread-safe. Each thread that calls ExtractArticle keeps its own
// parser and tree (thread_local, reused between its pages, freed at thread exit); nothing is
// shared between threads.
#ifndef DYAD_INGEST_HTML_EXTRACT_H_
#define DYAD_INGEST_HTML_EXTRACT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad::web {

enum class BlockKind { kParagraph, kHeading, kListItem, kQuote, kPreformatted };
std::string_view BlockKindName(BlockKind k);

// One block of article text: white space collapsed to single spaces (a <br> becomes "\n").
struct TextBlock {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;
};

struct PageMetadata {
  std::string title;          // og:title, JSON-LD headline, <h1>, or <title> minus the site name
  std::string author;         // comma-separated when several
  std::string site_name;      // og:site_name, JSON-LD publisher, application-name
  std::string canonical_url;  // <link rel=canonical> or og:url, made absolute against the URL
  std::string language;       // primary BCP 47 subtag, lower case ("en")
  std::string description;    // og:description / description
  Date published;             // unknown when no evidence
  // Where the date came from: "meta", "json-ld", "time", "url", "byline" (a date written in an
  // element whose class/id says date/byline/published); "" when unknown.
  std::string published_from;
};

struct ExtractedArticle {
  PageMetadata meta;
  std::vector<TextBlock> blocks;
  // The blocks joined by blank lines ("\n\n"): the article text handed to the pipeline.
  std::string Text() const;
};

struct ExtractOptions {
  // Pages with more nodes than this are refused (protects memory and time on generated
  // monsters; a real article page has well under 100,000). Checked twice: before parsing, a page
  // with more than max_nodes/2 tags (after the pre-filter) is refused at once; after parsing,
  // the element and text nodes are counted.
  size_t max_nodes = 2'000'000;
  // Elements nested deeper than this are cut off (their content is ignored): the parser and our
  // passes stay iterative, but nothing real is nested this deep.
  size_t max_depth = 512;
  // Shrink the page with PrefilterHtml (html_prefilter.h) before parsing: same result, about
  // 1.4 times faster, and the depth cut it makes keeps the parser fast on deeply nested pages
  // (parsing is quadratic in the nesting depth). Off only for the differential test.
  bool prefilter = true;
};

// Parses `html` (UTF-8; see charset.h for conversion) and extracts the article. `url` (may be
// empty) is used for relative canonical URLs and URL date patterns. Returns InvalidArgument when
// the page is over the limits in `options`. A page without any article text is not an error: the
// result then has no blocks (callers decide what an empty article means).
Result<ExtractedArticle> ExtractArticle(std::string_view html, std::string_view url,
                                        const ExtractOptions& options = {});

// Finds a publication date in a URL path: "/2025/03/02/", "/2025-03-02", "/20250302/",
// "/2025/mar/02/".
// Returns an unknown date when there is none or it is impossible.
Date DateFromUrl(std::string_view url);

}  // namespace dyad::web

#endif  // DYAD_INGEST_HTML_EXTRACT_H_

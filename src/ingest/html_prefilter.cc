#include "ingest/html_prefilter.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/strings.h"

namespace dyad::web {
namespace {

constexpr size_t npos = std::string_view::npos;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool TagBoundary(std::string_view s, size_t i) {
  return i >= s.size() || IsSpace(s[i]) || s[i] == '/' || s[i] == '>';
}

// Position of the next "</name" (case-insensitive, followed by a boundary) at or after `from`,
// or s.size().
size_t FindCloseTag(std::string_view s, size_t from, std::string_view name) {
  size_t i = from;
  while (i < s.size()) {
    const void* lt = std::memchr(s.data() + i, '<', s.size() - i);
    if (!lt) return s.size();
    size_t k = static_cast<const char*>(lt) - s.data();
    if (k + 2 + name.size() <= s.size() && s[k + 1] == '/' &&
        StartsWithIgnoreCase(s.substr(k + 2), name) && TagBoundary(s, k + 2 + name.size()))
      return k;
    i = k + 1;
  }
  return s.size();
}

// Position just after the '>' that closes a tag starting at or after `from` (quote-aware is not
// needed for end tags), or s.size().
size_t AfterGt(std::string_view s, size_t from) {
  size_t f = s.find('>', from);
  return f == npos ? s.size() : f + 1;
}

// For elements that may nest (svg, template): the position after the matching close tag.
size_t SkipNested(std::string_view s, size_t from, std::string_view name) {
  int depth = 1;
  size_t i = from;
  while (i < s.size()) {
    const void* lt = std::memchr(s.data() + i, '<', s.size() - i);
    if (!lt) return s.size();
    size_t k = static_cast<const char*>(lt) - s.data();
    if (k + 1 < s.size() && s[k + 1] == '/' && StartsWithIgnoreCase(s.substr(k + 2), name) &&
        TagBoundary(s, k + 2 + name.size())) {
      if (--depth == 0) return AfterGt(s, k);
    } else if (StartsWithIgnoreCase(s.substr(k + 1), name) &&
               TagBoundary(s, k + 1 + name.size())) {
      ++depth;
    }
    i = k + 1;
  }
  return s.size();
}

bool KeepAttr(std::string_view tag, std::string_view a) {
  if (a == "class" || a == "id" || a == "hidden" || a == "aria-hidden" || a == "role")
    return true;
  if (a == "itemprop") return true;  // values filtered below
  if (tag == "meta")
    return a == "name" || a == "property" || a == "content" || a == "http-equiv" ||
           a == "charset";
  if (tag == "html") return a == "lang" || a == "xml:lang";
  if (tag == "time") return a == "datetime" || a == "pubdate";
  if (tag == "link") return a == "href" || a == "rel";
  if (tag == "a") return a == "rel";
  return false;
}

void AppendAttrValue(std::string_view v, std::string* out) {
  out->push_back('"');
  for (char c : v) {
    if (c == '"') {
      out->append("&quot;");
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

bool HidingStyle(std::string_view v) {
  std::string s;
  for (char c : v) {
    if (!IsSpace(c)) s.push_back(Lower(c));
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

// Appends text, collapsing each run of ASCII white space to one character (a newline when the
// run had one). The extractor collapses white space itself, so this changes nothing it sees.
void AppendText(std::string_view t, std::string* out) {
  size_t i = 0;
  const size_t n = t.size();
  while (i < n) {
    size_t b = i;
    while (i < n && !IsSpace(t[i])) ++i;
    out->append(t.data() + b, i - b);
    if (i >= n) break;
    size_t w = i;
    bool newline = false;
    while (i < n && IsSpace(t[i])) newline |= t[i++] == '\n';
    if (i - w == 1) {
      out->push_back(t[w]);
    } else {
      out->push_back(newline ? '\n' : ' ');
    }
  }
}

// Elements that never hold children, and elements whose end tag may be left out (the parser
// closes them implicitly): neither counts towards the nesting depth.
bool NotCountedForDepth(std::string_view t) {
  static const char* const kTags[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "keygen", "p", "li", "td", "th", "tr", "dt", "dd", "option",
      "optgroup", "thead", "tbody", "tfoot", "colgroup", "rp", "rt", "html", "head", "body"};
  for (const char* k : kTags) {
    if (t == k) return true;
  }
  return false;
}

// <meta> keys (name, property, itemprop, http-equiv) the metadata code reads
// (html_extract.cc, FillMetadata). Other meta tags (viewport, robots, fb:app_id, ...) go.
bool IsReadMetaKey(std::string_view key) {
  static const char* const kKeys[] = {
      "application-name", "article.published", "article:author", "article:post_date",
      "article:published_time", "article_date_original", "author", "byl", "citation_author",
      "citation_publication_date", "content-language", "cxenseparse:recs:publishtime", "date",
      "date.published", "datecreated", "datepublished", "dc.creator", "dc.date",
      "dc.date.created", "dc.date.issued", "dc.language", "dc.publisher", "dc.title",
      "dcterms.created", "dcterms.date", "dcterms.issued", "description", "displaydate",
      "headline", "language", "og:article:published_time", "og:description", "og:locale",
      "og:published_time", "og:site_name", "og:title", "og:url", "original-publish-date",
      "parsely-author", "parsely-pub-date", "pub_date", "pubdate", "publish-date",
      "publish_date", "publishdate", "published_time", "publisher", "sailthru.author",
      "sailthru.date", "twitter:description", "twitter:title", "content-type"};
  std::string k = ToLowerAscii(StripAscii(key));
  for (const char* x : kKeys) {
    if (k == x) return true;
  }
  return false;
}

// Every word the extractor looks for in class and id values (html_extract.cc: LooksUnlikely,
// LooksLikeContent, HintWeight, and the date/byline detection). The extractor only asks whether
// a value contains one of these words, so a value can be replaced by the list of the words it
// contains, separated by spaces (no word has a space, so no new match can form across them).
const std::vector<std::string_view>& HintWords() {
  static const std::vector<std::string_view> kWords = {
      "-ad-", "-nav", "advert", "also-read", "article", "author", "author-bio", "banner", "blog",
      "body", "breadcrumb", "byline", "caption", "column", "combx", "comment", "community",
      "consent", "content", "cookie", "credit", "disqus", "entry", "foot", "footer", "gdpr",
      "header", "hentry", "hidden", "jump-link", "login", "main", "masthead", "menu", "meta",
      "modal", "more-stories", "most-popular", "mostpopular", "nav", "nav-", "navbar",
      "newsletter", "outbrain", "page", "pager", "pagination", "paywall", "popular", "popup",
      "post", "post-text", "print", "print-only", "promo", "read-more", "readmore", "recommend",
      "related", "reply", "rss", "share", "sharing", "shoutbox", "side-bar", "sidebar",
      "sign-up", "signup", "skip-link", "skyscraper", "social", "sponsor", "story", "subscribe",
      "taboola", "tag-list", "taglist", "tags", "text", "toolbar", "top-bar", "topbar",
      "trending", "utility", "widget", "date", "dateline", "datepublished", "datetime",
      "modified", "posted", "pubdate", "publish", "time", "update", "articlebody"};
  return kWords;
}

// Appends to *out (space-separated) each hint word that occurs in `value`, once.
// Returns whether the value had anything that is not a hint word.
bool AppendHintWords(std::string_view value, std::string* out) {
  // Words indexed by their first two characters (every word has at least three).
  static const std::vector<std::vector<uint8_t>> kByPrefix = [] {
    std::vector<std::vector<uint8_t>> by(65536);
    const auto& w = HintWords();
    for (size_t i = 0; i < w.size(); ++i) {
      unsigned key = static_cast<unsigned char>(w[i][0]) << 8 | static_cast<unsigned char>(w[i][1]);
      by[key].push_back(static_cast<uint8_t>(i));
    }
    return by;
  }();
  const auto& words = HintWords();
  uint64_t found[2] = {0, 0};
  char stack_buf[512];
  std::string heap_buf;
  char* lower = stack_buf;
  if (value.size() > sizeof stack_buf) {
    heap_buf.resize(value.size());
    lower = heap_buf.data();
  }
  for (size_t i = 0; i < value.size(); ++i) lower[i] = Lower(value[i]);
  std::string_view t(lower, value.size());
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    unsigned key = static_cast<unsigned char>(t[i]) << 8 | static_cast<unsigned char>(t[i + 1]);
    for (uint8_t k : kByPrefix[key]) {
      if (t.compare(i, words[k].size(), words[k]) == 0) found[k / 64] |= uint64_t{1} << (k % 64);
    }
  }
  size_t before = out->size();
  for (size_t k = 0; k < words.size(); ++k) {
    if (!(found[k / 64] >> (k % 64) & 1)) continue;
    if (out->size() > before) out->push_back(' ');
    out->append(words[k]);
  }
  return true;
}

// A class value reduced to its hint words plus "~<hash>" of the whole value, which keeps class
// equality between siblings (the extractor compares them) exact.
std::string CompactClass(std::string_view v) {
  std::string out;
  AppendHintWords(v, &out);
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : v) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  if (!out.empty()) out.push_back(' ');
  out += "~" + std::to_string(h % 1000000);
  return out;
}

// Whether a region holds markup of an article body (several paragraphs, an <article>, <main>):
// then it is not skipped even inside a <nav>/<aside>, in case the end tag was misplaced.
bool LooksLikeContentRegion(std::string_view r) {
  int paragraphs = 0;
  for (size_t i = 0; (i = r.find('<', i)) != std::string_view::npos; ++i) {
    std::string_view t = r.substr(i + 1, 8);
    if ((t.size() >= 2 && (t[0] == 'p' || t[0] == 'P') && (t[1] == '>' || t[1] == ' ')) &&
        ++paragraphs >= 6)
      return true;
    if (StartsWithIgnoreCase(t, "article") || StartsWithIgnoreCase(t, "main")) return true;
  }
  return false;
}

}  // namespace

std::string PrefilterHtml(std::string_view s, size_t max_depth) {
  size_t depth = 0;
  std::string out;
  out.reserve(s.size() / 2);
  const size_t n = s.size();
  size_t i = 0;
  std::string name, attrs, aname, type;
  while (i < n) {
    const void* lt = std::memchr(s.data() + i, '<', n - i);
    if (!lt) {
      AppendText(s.substr(i), &out);
      break;
    }
    size_t p = static_cast<const char*>(lt) - s.data();
    AppendText(s.substr(i, p - i), &out);
    i = p;
    if (p + 1 >= n) {
      out.push_back('<');
      break;
    }
    char c = s[p + 1];
    if (c == '!') {
      if (s.compare(p, 4, "<!--") == 0) {
        if (s.compare(p + 4, 1, ">") == 0) {
          i = p + 5;
        } else if (s.compare(p + 4, 2, "->") == 0) {
          i = p + 6;
        } else {
          size_t f = s.find("-->", p + 4);
          // "--!>" also ends a comment; look for it only before the "-->" (searching the whole
          // rest of the page for every comment would be quadratic).
          std::string_view before = s.substr(p + 4, f == npos ? npos : f - (p + 4));
          size_t g = before.find("--!>");
          if (g != npos) f = p + 4 + g + 1;
          i = f == npos ? n : f + 3;
        }
        continue;
      }
      size_t e = AfterGt(s, p);
      if (StartsWithIgnoreCase(s.substr(p + 2), "doctype")) out.append(s.substr(p, e - p));
      i = e;
      continue;
    }
    if (c == '?') {
      i = AfterGt(s, p);
      continue;
    }
    bool end_tag = c == '/';
    size_t nb = p + 1 + (end_tag ? 1 : 0);
    if (nb >= n || !IsAlpha(s[nb])) {
      if (end_tag) {
        i = AfterGt(s, p);  // "</>" and "</3" are dropped by HTML parsers too
      } else {
        out.push_back('<');  // a literal '<' in text
        i = p + 1;
      }
      continue;
    }
    size_t ne = nb;
    while (ne < n && !IsSpace(s[ne]) && s[ne] != '/' && s[ne] != '>') ++ne;
    name.assign(s.substr(nb, ne - nb));
    for (char& ch : name) ch = Lower(ch);

    // Attributes, honouring quotes.
    attrs.clear();
    type.clear();
    bool self_closing = false, closed = false, meta_wanted = false;
    size_t q = ne;
    while (q < n) {
      while (q < n && IsSpace(s[q])) ++q;
      if (q >= n) break;
      if (s[q] == '>') {
        ++q;
        closed = true;
        break;
      }
      if (s[q] == '/') {
        if (q + 1 < n && s[q + 1] == '>') {
          self_closing = true;
          closed = true;
          q += 2;
          break;
        }
        ++q;
        continue;
      }
      size_t an = q++;
      while (q < n && !IsSpace(s[q]) && s[q] != '/' && s[q] != '>' && s[q] != '=') ++q;
      aname.assign(s.substr(an, q - an));
      for (char& ch : aname) ch = Lower(ch);
      size_t save = q;
      while (q < n && IsSpace(s[q])) ++q;
      std::string_view value;
      bool has_value = false;
      if (q < n && s[q] == '=') {
        ++q;
        while (q < n && IsSpace(s[q])) ++q;
        has_value = true;
        if (q < n && (s[q] == '"' || s[q] == '\'')) {
          char quote = s[q++];
          size_t vb = q;
          const void* f = std::memchr(s.data() + q, quote, n - q);
          size_t ve = f ? static_cast<const char*>(f) - s.data() : n;
          value = s.substr(vb, ve - vb);
          q = ve < n ? ve + 1 : n;
        } else {
          size_t vb = q;
          while (q < n && !IsSpace(s[q]) && s[q] != '>') ++q;
          value = s.substr(vb, q - vb);
        }
      } else {
        q = save;
      }
      if (end_tag) continue;
      if (aname == "type" || (aname == "rel" && name == "link")) type = ToLowerAscii(value);
      if (aname == "style") {
        if (HidingStyle(value)) attrs += " hidden";
        continue;
      }
      if (KeepAttr(name, aname)) {
        if (name == "meta" && (aname == "name" || aname == "property" || aname == "itemprop" ||
                               aname == "http-equiv") && IsReadMetaKey(value))
          meta_wanted = true;
        if (aname == "charset") meta_wanted = true;
        if (aname == "id") {
          std::string words;
          AppendHintWords(value, &words);
          if (words.empty()) continue;  // an id without hint words changes nothing
          attrs += " id=";
          AppendAttrValue(words, &attrs);
          continue;
        }
        if (aname == "itemprop" && name != "meta") {
          std::string v = ToLowerAscii(value);
          if (v.find("articlebody") == std::string::npos &&
              v.find("datepublished") == std::string::npos)
            continue;
        }
        if (aname == "role") {
          std::string v = ToLowerAscii(value);
          if (v != "navigation" && v != "menu" && v != "menubar" && v != "complementary" &&
              v != "contentinfo" && v != "banner" && v != "dialog" && v != "alert")
            continue;
        }
        attrs.push_back(' ');
        attrs += aname;
        if (has_value) {
          attrs.push_back('=');
          if (aname == "class") {
            AppendAttrValue(CompactClass(value), &attrs);
          } else {
            AppendAttrValue(value, &attrs);
          }
        }
      }
    }
    if (!closed) break;  // a tag cut off by the end of input: parsers drop it too
    i = q;
    bool counted = !NotCountedForDepth(name);
    if (end_tag) {
      if (!counted || depth <= max_depth) {
        out += "</";
        out += name;
        out += '>';
      }
      if (counted && depth > 0) --depth;
      continue;
    }
    if (name == "script") {
      size_t close = FindCloseTag(s, i, "script");
      if (type.find("ld+json") != std::string::npos) {
        out += "<script type=\"application/ld+json\">";
        out.append(s.substr(i, close - i));
        out += "</script>";
      }
      i = close < n ? AfterGt(s, close) : n;
      continue;
    }
    if (name == "style" || name == "noscript" || name == "iframe" || name == "xmp" ||
        name == "noembed" || name == "noframes") {
      size_t close = FindCloseTag(s, i, name);
      i = close < n ? AfterGt(s, close) : n;
      continue;
    }
    if (name == "meta" && !meta_wanted) continue;  // a meta tag nobody reads
    if (name == "link" && type.find("canonical") == std::string::npos) {
      continue;  // style sheets, preloads, icons: only rel=canonical is read
    }
    if (name == "svg" || name == "template" || name == "math") {
      if (self_closing && name != "template") continue;  // honoured in foreign content only
      i = SkipNested(s, i, name);
      continue;
    }
    if (name == "nav" || name == "aside") {
      // Dropped whole by the extractor: skip to the matching end tag. Only when it is clearly
      // there (found, not far, not holding article-like content); a missing end tag would
      // otherwise swallow what the parser would have closed implicitly.
      size_t e = SkipNested(s, i, name);
      if (e < n && e - i < (size_t{128} << 10) && !LooksLikeContentRegion(s.substr(i, e - i))) {
        i = e;
        continue;
      }
    }
    if (counted && ++depth > max_depth) continue;  // the tag goes, its text stays
    out.push_back('<');
    out += name;
    out += attrs;
    if (self_closing) out.push_back('/');
    out.push_back('>');
    if (name == "title" || name == "textarea") {
      // RCDATA: no tags inside; copy up to the close tag as text.
      size_t close = FindCloseTag(s, i, name);
      out.append(s.substr(i, close - i));
      i = close;
      continue;
    }
    if (name == "plaintext") {
      out.append(s.substr(i));
      break;
    }
  }
  return out;
}

}  // namespace dyad::web

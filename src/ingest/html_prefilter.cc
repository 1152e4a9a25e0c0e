#include "ingest/html_prefilter.h"

#include <algorithm>
#include <cstdint>
#include <array>
#include <charconv>
#include <cstring>
#include <utility>
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

// Tag names the pass treats specially, looked up once per tag (comparing the name against
// string literals at every decision was a good part of the pass's time).
enum class TagKind : uint8_t {
  kOther, kScript, kRawText /* style noscript iframe xmp noembed noframes */, kMeta, kLink,
  kForeign /* svg math */, kTemplate, kNavAside, kRcdata /* title textarea */, kPlaintext,
  kHtml, kTime, kA
};

struct TagInfo {
  TagKind kind = TagKind::kOther;
  bool not_counted = false;  // does not count towards the nesting depth
};

TagInfo ClassifyTag(std::string_view name) {
  static constexpr std::pair<std::string_view, TagKind> kKinds[] = {
      {"script", TagKind::kScript},     {"style", TagKind::kRawText},
      {"noscript", TagKind::kRawText},  {"iframe", TagKind::kRawText},
      {"xmp", TagKind::kRawText},       {"noembed", TagKind::kRawText},
      {"noframes", TagKind::kRawText},  {"meta", TagKind::kMeta},
      {"link", TagKind::kLink},         {"svg", TagKind::kForeign},
      {"math", TagKind::kForeign},      {"template", TagKind::kTemplate},
      {"nav", TagKind::kNavAside},      {"aside", TagKind::kNavAside},
      {"title", TagKind::kRcdata},      {"textarea", TagKind::kRcdata},
      {"plaintext", TagKind::kPlaintext}, {"html", TagKind::kHtml},
      {"time", TagKind::kTime},         {"a", TagKind::kA}};
  // Elements that never hold children, and elements whose end tag may be left out (the parser
  // closes them implicitly): neither counts towards the nesting depth.
  static constexpr std::string_view kNotCounted[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "keygen", "p", "li", "td", "th", "tr", "dt", "dd", "option",
      "optgroup", "thead", "tbody", "tfoot", "colgroup", "rp", "rt", "html", "head", "body"};
  TagInfo info;
  for (const auto& [n, kind] : kKinds) {
    if (n == name) {
      info.kind = kind;
      break;
    }
  }
  for (std::string_view n : kNotCounted) {
    if (n == name) {
      info.not_counted = true;
      break;
    }
  }
  return info;
}

enum class AttrKind : uint8_t {
  kOther, kClass, kId, kHidden, kAriaHidden, kRole, kItemprop, kName, kProperty, kContent,
  kHttpEquiv, kCharset, kLang, kXmlLang, kDatetime, kPubdate, kHref, kRel, kType, kStyle
};

AttrKind ClassifyAttr(std::string_view a) {
  struct Entry {
    std::string_view name;
    AttrKind kind;
  };
  static constexpr Entry kAttrs[] = {
      {"class", AttrKind::kClass},       {"id", AttrKind::kId},
      {"hidden", AttrKind::kHidden},     {"aria-hidden", AttrKind::kAriaHidden},
      {"role", AttrKind::kRole},         {"itemprop", AttrKind::kItemprop},
      {"name", AttrKind::kName},         {"property", AttrKind::kProperty},
      {"content", AttrKind::kContent},   {"http-equiv", AttrKind::kHttpEquiv},
      {"charset", AttrKind::kCharset},   {"lang", AttrKind::kLang},
      {"xml:lang", AttrKind::kXmlLang},  {"datetime", AttrKind::kDatetime},
      {"pubdate", AttrKind::kPubdate},   {"href", AttrKind::kHref},
      {"rel", AttrKind::kRel},           {"type", AttrKind::kType},
      {"style", AttrKind::kStyle}};
  for (const Entry& e : kAttrs) {
    if (e.name.size() == a.size() && e.name == a) return e.kind;
  }
  return AttrKind::kOther;
}

bool KeepAttr(TagKind tag, AttrKind a) {
  switch (a) {
    case AttrKind::kClass: case AttrKind::kId: case AttrKind::kHidden:
    case AttrKind::kAriaHidden: case AttrKind::kRole:
    case AttrKind::kItemprop:  // values filtered below
      return true;
    case AttrKind::kName: case AttrKind::kProperty: case AttrKind::kContent:
    case AttrKind::kHttpEquiv: case AttrKind::kCharset:
      return tag == TagKind::kMeta;
    case AttrKind::kLang: case AttrKind::kXmlLang:
      return tag == TagKind::kHtml;
    case AttrKind::kDatetime: case AttrKind::kPubdate:
      return tag == TagKind::kTime;
    case AttrKind::kHref:
      return tag == TagKind::kLink;
    case AttrKind::kRel:
      return tag == TagKind::kLink || tag == TagKind::kA;
    default:
      return false;
  }
}

void AppendAttrValue(std::string_view v, std::string* out) {
  out->push_back('"');
  for (size_t q; (q = v.find('"')) != npos; v.remove_prefix(q + 1)) {
    out->append(v.data(), q);
    out->append("&quot;");
  }
  out->append(v);
  out->push_back('"');
}

bool HidingStyle(std::string_view v) {
  // Lower-cased without white space; on the stack for all but absurd style values.
  char stack_buf[256];
  std::string heap_buf;
  char* b = stack_buf;
  if (v.size() > sizeof stack_buf) {
    heap_buf.resize(v.size());
    b = heap_buf.data();
  }
  size_t len = 0;
  for (char c : v) {
    if (!IsSpace(c)) b[len++] = Lower(c);
  }
  std::string_view s(b, len);
  return s.find("display:none") != npos || s.find("visibility:hidden") != npos;
}

// Appends text, collapsing each run of ASCII white space to one character (a newline when the
// run had one). The extractor collapses white space itself, so this changes nothing it sees.
void AppendText(std::string_view t, std::string* out) {
  // A lone white-space character stays as it is, so only runs of two or more change: copy the
  // spans between them in one piece.
  const size_t n = t.size();
  size_t copied = 0;
  size_t i = 0;
  while (i + 1 < n) {
    if (!IsSpace(t[i + 1])) {
      i += 2;  // t[i + 1] cannot start a run that t[i] is part of
      continue;
    }
    if (!IsSpace(t[i])) {
      ++i;
      continue;
    }
    // A run of at least two starts at i.
    out->append(t.data() + copied, i - copied);
    bool newline = false;
    while (i < n && IsSpace(t[i])) newline |= t[i++] == '\n';
    out->push_back(newline ? '\n' : ' ');
    copied = i;
  }
  out->append(t.data() + copied, n - copied);
}

// <meta> keys (name, property, itemprop, http-equiv) the metadata code reads
// (html_extract.cc, FillMetadata). Other meta tags (viewport, robots, fb:app_id, ...) go.
bool IsReadMetaKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
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
  for (std::string_view x : kKeys) {
    if (k.size() == x.size() && k == x) return true;
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
  // Words by their first character, and a bit per (first, second) character pair that starts
  // some word (every word has at least three characters): most positions of a value are
  // rejected by one look into an 8 KiB bitmap.
  struct Index {
    std::vector<uint8_t> by_first[256];
    uint64_t pairs[256][4] = {};
  };
  static const Index kIndex = [] {
    Index x;
    const auto& w = HintWords();
    for (size_t i = 0; i < w.size(); ++i) {
      auto a = static_cast<unsigned char>(w[i][0]), b = static_cast<unsigned char>(w[i][1]);
      x.by_first[a].push_back(static_cast<uint8_t>(i));
      x.pairs[a][b / 64] |= uint64_t{1} << (b % 64);
    }
    return x;
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
    auto a = static_cast<unsigned char>(t[i]), b = static_cast<unsigned char>(t[i + 1]);
    if (!(kIndex.pairs[a][b / 64] >> (b % 64) & 1)) continue;
    std::string_view rest = t.substr(i);
    for (uint8_t k : kIndex.by_first[a]) {
      const std::string_view w = words[k];
      if (w[1] == rest[1] && rest.size() >= w.size() && w[2] == rest[2] &&
          std::memcmp(rest.data() + 3, w.data() + 3, w.size() - 3) == 0)
        found[k / 64] |= uint64_t{1} << (k % 64);
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

// Appends a class value reduced to its hint words plus "~<hash>" of the whole value, which keeps
// class equality between siblings (the extractor compares them) exact. Neither part can hold a
// '"', so it is written between quotes as it is. Pages repeat the same class values many times:
// the last result per hash slot is remembered.
class CompactClasses {
 public:
  void Append(std::string_view v, std::string* out) {
    // The slot comes from a few bytes, not the hash: the hash is a serial multiply chain over
    // every byte, not worth computing for a value seen before.
    size_t key = v.size() * 31;
    if (!v.empty()) {
      key += static_cast<unsigned char>(v[0]) * 7 + static_cast<unsigned char>(v[v.size() / 2]) * 3 +
             static_cast<unsigned char>(v.back());
    }
    Slot& slot = slots_[key % kSlots];
    if (!slot.used || slot.value != v) {
      uint32_t h = 2166136261u;  // FNV-1a
      for (char c : v) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
      slot.used = true;
      slot.value.assign(v);
      slot.compact.assign(1, '"');
      AppendHintWords(v, &slot.compact);
      if (slot.compact.size() > 1) slot.compact.push_back(' ');
      char num[16];
      num[0] = '~';
      auto r = std::to_chars(num + 1, num + sizeof num, h % 1000000);
      slot.compact.append(num, static_cast<size_t>(r.ptr - num));
      slot.compact.push_back('"');
    }
    out->append(slot.compact);
  }

 private:
  static constexpr size_t kSlots = 256;
  struct Slot {
    bool used = false;
    std::string value, compact;
  };
  std::array<Slot, kSlots> slots_;
};

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
  CompactClasses classes;
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
    const TagInfo tag = ClassifyTag(name);

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
      const AttrKind ak = ClassifyAttr(aname);
      if (ak == AttrKind::kType || (ak == AttrKind::kRel && tag.kind == TagKind::kLink))
        type = ToLowerAscii(value);
      if (ak == AttrKind::kStyle) {
        if (HidingStyle(value)) attrs += " hidden";
        continue;
      }
      if (KeepAttr(tag.kind, ak)) {
        if (tag.kind == TagKind::kMeta &&
            (ak == AttrKind::kName || ak == AttrKind::kProperty || ak == AttrKind::kItemprop ||
             ak == AttrKind::kHttpEquiv) &&
            IsReadMetaKey(value))
          meta_wanted = true;
        if (ak == AttrKind::kCharset) meta_wanted = true;
        if (ak == AttrKind::kId) {
          // Hint words only (they hold no '"'); an id without any changes nothing.
          size_t before = attrs.size();
          attrs += " id=\"";
          size_t words = attrs.size();
          AppendHintWords(value, &attrs);
          if (attrs.size() == words) {
            attrs.resize(before);
          } else {
            attrs.push_back('"');
          }
          continue;
        }
        if (ak == AttrKind::kItemprop && tag.kind != TagKind::kMeta) {
          std::string v = ToLowerAscii(value);
          if (v.find("articlebody") == std::string::npos &&
              v.find("datepublished") == std::string::npos)
            continue;
        }
        if (ak == AttrKind::kRole) {
          std::string v = ToLowerAscii(value);
          if (v != "navigation" && v != "menu" && v != "menubar" && v != "complementary" &&
              v != "contentinfo" && v != "banner" && v != "dialog" && v != "alert")
            continue;
        }
        attrs.push_back(' ');
        attrs += aname;
        if (has_value) {
          attrs.push_back('=');
          if (ak == AttrKind::kClass) {
            classes.Append(value, &attrs);
          } else {
            AppendAttrValue(value, &attrs);
          }
        }
      }
    }
    if (!closed) break;  // a tag cut off by the end of input: parsers drop it too
    i = q;
    bool counted = !tag.not_counted;
    if (end_tag) {
      if (!counted || depth <= max_depth) {
        out += "</";
        out += name;
        out += '>';
      }
      if (counted && depth > 0) --depth;
      continue;
    }
    if (tag.kind == TagKind::kScript) {
      size_t close = FindCloseTag(s, i, "script");
      if (type.find("ld+json") != std::string::npos) {
        out += "<script type=\"application/ld+json\">";
        out.append(s.substr(i, close - i));
        out += "</script>";
      }
      i = close < n ? AfterGt(s, close) : n;
      continue;
    }
    if (tag.kind == TagKind::kRawText) {
      size_t close = FindCloseTag(s, i, name);
      i = close < n ? AfterGt(s, close) : n;
      continue;
    }
    if (tag.kind == TagKind::kMeta && !meta_wanted) continue;  // a meta tag nobody reads
    if (tag.kind == TagKind::kLink && type.find("canonical") == std::string::npos) {
      continue;  // style sheets, preloads, icons: only rel=canonical is read
    }
    if (tag.kind == TagKind::kForeign || tag.kind == TagKind::kTemplate) {
      if (self_closing && tag.kind != TagKind::kTemplate) continue;  // foreign content only
      i = SkipNested(s, i, name);
      continue;
    }
    if (tag.kind == TagKind::kNavAside) {
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
    if (tag.kind == TagKind::kRcdata) {
      // RCDATA: no tags inside; copy up to the close tag as text.
      size_t close = FindCloseTag(s, i, name);
      out.append(s.substr(i, close - i));
      i = close;
      continue;
    }
    if (tag.kind == TagKind::kPlaintext) {
      out.append(s.substr(i));
      break;
    }
  }
  return out;
}

}  // namespace dyad::web

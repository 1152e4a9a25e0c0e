#include "ingest/html_extract.h"

#include <myhtml/api.h>

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/strings.h"
#include "ingest/html_prefilter.h"

namespace dyad::web {
namespace {

// ---------------------------------------------------------------------------------------------
// Small text helpers.

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Appends `s` to *out collapsing runs of white space (ASCII and U+00A0) into one space.
// *pending_space carries a space seen at the end of the previous piece.
void AppendCollapsed(std::string_view s, std::string* out, bool* pending_space) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool space = IsAsciiSpace(c);
    if (!space && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      *pending_space = true;
      continue;
    }
    if (*pending_space && !out->empty() && out->back() != '\n') out->push_back(' ');
    *pending_space = false;
    out->push_back(static_cast<char>(c));
  }
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool pending = false;
  AppendCollapsed(s, &out, &pending);
  return out;
}

// Visible characters (code points that are not white space) and commas in a text.
void CountText(std::string_view s, uint32_t* chars, uint32_t* commas) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsAsciiSpace(c)) continue;
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) continue;
    ++*chars;
    if (c == ',') ++*commas;
  }
}

bool ContainsAny(std::string_view hay, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (hay.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// MyHTML node (element or text) and tag id.
using HtmlNode = myhtml_tree_node_t;
// Tag ids of the HTML standard's elements; MyHTML numbers unknown (custom) tags from
// MyHTML_TAG_LAST_ENTRY on, we fold them all into that one value.
using Tag = uint16_t;
constexpr Tag kUnknownTag = MyHTML_TAG_LAST_ENTRY;

Tag TagOf(HtmlNode* n) {
  myhtml_tag_id_t t = myhtml_node_tag_id(n);
  return t < MyHTML_TAG_LAST_ENTRY ? static_cast<Tag>(t) : kUnknownTag;
}

bool IsTextNode(HtmlNode* n) { return myhtml_node_tag_id(n) == MyHTML_TAG__TEXT; }

std::string_view NodeText(HtmlNode* n) {
  size_t len = 0;
  const char* t = myhtml_node_text(n, &len);
  return t ? std::string_view(t, len) : std::string_view();
}

// The attribute's value, "" for an attribute without value, nullptr when it is absent. MyHTML
// keeps values NUL-terminated and lower-cases attribute names.
const char* Attr(HtmlNode* el, std::string_view name) {
  myhtml_tree_attr_t* a = myhtml_attribute_by_key(el, name.data(), name.size());
  if (!a) return nullptr;
  const char* v = myhtml_attribute_value(a, nullptr);
  return v ? v : "";
}

// ---------------------------------------------------------------------------------------------
// Class/id hints. Matching is on lower-cased "class id" strings.
//
// The tests below ask whether such a string contains one of a few lists of words. Every element
// with a class or id asks several of them, so all lists' words are found in one scan of the
// string (HintScan) and each test is a mask over the words found. No word contains a space, so
// a match never spans the space between class and id, and the scan can tell which of the two
// each match is in.

// Strongly suggests boilerplate: the element is dropped before scoring unless it also looks like
// content (kContentWords).
constexpr std::string_view kUnlikelyWords[] = {
    "comment", "disqus", "share", "sharing", "social", "related", "sidebar", "side-bar",
    "footer", "menu", "navbar", "nav-", "-nav", "breadcrumb", "cookie", "consent", "gdpr",
    "newsletter", "subscribe", "signup", "sign-up", "promo", "sponsor", "advert", "banner",
    "masthead", "popup", "modal", "outbrain", "taboola", "recommend", "trending", "most-popular",
    "mostpopular", "popular", "pagination", "pager", "skip-link", "rss", "toolbar", "widget",
    "tag-list", "taglist", "more-stories", "read-more", "readmore", "also-read", "paywall",
    "login", "print-only", "hidden", "author-bio", "reply", "shoutbox", "community", "jump-link",
    "header", "topbar", "top-bar", "utility"};

// Content words that protect an element from the kUnlikelyWords drop.
constexpr std::string_view kContentWords[] = {"article", "body",  "content",   "main",
                                              "story",   "entry", "post-text", "column"};

// Weight of class and id, readability-style: each of them adds 25 when it suggests content
// (kPositiveWords) and subtracts 25 when it suggests boilerplate (kNegativeWords).
constexpr std::string_view kNegativeWords[] = {
    "comment", "share", "social", "related", "sidebar", "footer", "menu", "nav", "breadcrumb",
    "cookie", "newsletter", "subscribe", "promo", "sponsor", "advert", "-ad-", "banner",
    "masthead", "popup", "widget", "recommend", "trending", "popular", "caption", "credit",
    "byline", "author", "meta", "tags", "pagination", "outbrain", "taboola", "hidden", "combx",
    "foot", "shoutbox", "skyscraper", "print"};
constexpr std::string_view kPositiveWords[] = {"article", "body", "entry", "hentry", "main",
                                               "page", "post", "text", "blog", "story",
                                               "content"};

// Elements whose class/id says they hold the date a reader sees (a dateline, a byline), unless
// it also says it is an update time or a comment.
constexpr std::string_view kDatelineWords[] = {"date",    "time",   "byline",
                                               "publish", "posted", "dateline"};
constexpr std::string_view kNotDatelineWords[] = {"update", "modified", "comment"};

constexpr std::string_view kArticleBodyWord[] = {"articlebody"};

using HintBits = std::bitset<160>;

class HintWords {
 public:
  static const HintWords& Get() {
    static const HintWords w;
    return w;
  }

  // Bits of the words found: in all of `lower`, in [0, split) and in [split + 1, id_end).
  struct Found {
    HintBits all, cls, id;
  };
  void Scan(std::string_view lower, size_t split, size_t id_end, size_t from, Found* f) const {
    for (size_t i = from; i + 1 < lower.size(); ++i) {
      auto a = static_cast<unsigned char>(lower[i]), b = static_cast<unsigned char>(lower[i + 1]);
      if (!(pairs_[a][b / 64] >> (b % 64) & 1)) continue;
      std::string_view rest = lower.substr(i);
      for (uint8_t k : by_first_[a]) {
        std::string_view w = words_[k];
        if (rest.size() < w.size() || w[1] != rest[1] ||
            std::memcmp(rest.data(), w.data(), w.size()) != 0)
          continue;
        f->all.set(k);
        if (i + w.size() <= split) f->cls.set(k);
        if (i > split && i + w.size() <= id_end) f->id.set(k);
      }
    }
  }

  HintBits unlikely, content, negative, positive, dateline, not_dateline, articlebody;

 private:
  HintWords() {
    unlikely = Add(kUnlikelyWords);
    content = Add(kContentWords);
    negative = Add(kNegativeWords);
    positive = Add(kPositiveWords);
    dateline = Add(kDatelineWords);
    not_dateline = Add(kNotDatelineWords);
    articlebody = Add(kArticleBodyWord);
  }
  template <size_t N>
  HintBits Add(const std::string_view (&list)[N]) {
    HintBits bits;
    for (std::string_view w : list) {
      size_t k = std::find(words_.begin(), words_.end(), w) - words_.begin();
      if (k == words_.size()) {
        words_.push_back(w);  // every word has at least two characters
        auto a = static_cast<unsigned char>(w[0]), b = static_cast<unsigned char>(w[1]);
        by_first_[a].push_back(static_cast<uint8_t>(k));
        pairs_[a][b / 64] |= uint64_t{1} << (b % 64);
      }
      bits.set(k);
    }
    return bits;
  }

  std::vector<std::string_view> words_;
  std::vector<uint8_t> by_first_[256];
  uint64_t pairs_[256][4] = {};
};

// ---------------------------------------------------------------------------------------------
// Tag classes.

bool IsDroppedTag(Tag t) {
  switch (t) {
    case MyHTML_TAG_SCRIPT: case MyHTML_TAG_STYLE: case MyHTML_TAG_NOSCRIPT:
    case MyHTML_TAG_TEMPLATE: case MyHTML_TAG_SVG: case MyHTML_TAG_MATH: case MyHTML_TAG_IFRAME:
    case MyHTML_TAG_OBJECT: case MyHTML_TAG_EMBED: case MyHTML_TAG_CANVAS: case MyHTML_TAG_VIDEO:
    case MyHTML_TAG_AUDIO: case MyHTML_TAG_SOURCE: case MyHTML_TAG_INPUT: case MyHTML_TAG_BUTTON:
    case MyHTML_TAG_SELECT: case MyHTML_TAG_TEXTAREA: case MyHTML_TAG_OPTION:
    case MyHTML_TAG_NAV: case MyHTML_TAG_ASIDE: case MyHTML_TAG_FIGCAPTION: case MyHTML_TAG_HEAD:
    case MyHTML_TAG_MENU: case MyHTML_TAG_APPLET: case MyHTML_TAG_FRAMESET:
    case MyHTML_TAG_MAP: case MyHTML_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(Tag t) {
  switch (t) {
    case MyHTML_TAG_HTML: case MyHTML_TAG_BODY: case MyHTML_TAG_P: case MyHTML_TAG_DIV:
    case MyHTML_TAG_SECTION: case MyHTML_TAG_ARTICLE: case MyHTML_TAG_MAIN: case MyHTML_TAG_HEADER:
    case MyHTML_TAG_FOOTER: case MyHTML_TAG_H1: case MyHTML_TAG_H2: case MyHTML_TAG_H3:
    case MyHTML_TAG_H4: case MyHTML_TAG_H5: case MyHTML_TAG_H6: case MyHTML_TAG_UL:
    case MyHTML_TAG_OL: case MyHTML_TAG_LI: case MyHTML_TAG_DL: case MyHTML_TAG_DT:
    case MyHTML_TAG_DD: case MyHTML_TAG_BLOCKQUOTE: case MyHTML_TAG_PRE: case MyHTML_TAG_TABLE:
    case MyHTML_TAG_TBODY: case MyHTML_TAG_THEAD: case MyHTML_TAG_TFOOT: case MyHTML_TAG_TR:
    case MyHTML_TAG_TD: case MyHTML_TAG_TH: case MyHTML_TAG_CAPTION: case MyHTML_TAG_FIGURE:
    case MyHTML_TAG_FORM: case MyHTML_TAG_FIELDSET: case MyHTML_TAG_ADDRESS: case MyHTML_TAG_HR:
    case MyHTML_TAG_CENTER: case MyHTML_TAG_DETAILS: case MyHTML_TAG_SUMMARY: case MyHTML_TAG_LISTING:
    case MyHTML_TAG_HGROUP:
      return true;
    default:
      return false;
  }
}

bool IsHeading(Tag t) {
  return t == MyHTML_TAG_H1 || t == MyHTML_TAG_H2 || t == MyHTML_TAG_H3 || t == MyHTML_TAG_H4 ||
         t == MyHTML_TAG_H5 || t == MyHTML_TAG_H6;
}

// ---------------------------------------------------------------------------------------------
// Our flat tree: nodes in document (pre-)order, so a subtree is the index range [i, end).

struct Node {
  Tag tag = kUnknownTag;
  bool is_text = false;
  bool is_block = false;
  int32_t parent = -1;
  int32_t end = 0;
  std::string_view text;              // text nodes: decoded text
  HtmlNode* el = nullptr;             // elements
  int16_t weight = 0;                 // HintWeight of class and id
  bool has_hints = false;
  // Statistics over the subtree.
  uint32_t chars = 0, link_chars = 0, commas = 0;
  // Inline text directly inside this element (not inside a nested block).
  uint32_t own_chars = 0, own_commas = 0, own_link_chars = 0;
  uint32_t p_count = 0, img_count = 0, li_count = 0, heading_count = 0;
  float score = 0;
  bool scored = false;

  double LinkDensity() const { return chars ? static_cast<double>(link_chars) / chars : 0.0; }
};

// Metadata gathered during the walk.
struct RawMeta {
  std::unordered_map<std::string, std::string> meta;  // lower-case key -> first content
  std::vector<std::string> json_ld;
  std::string title_tag;
  std::vector<std::string> h1;
  std::string canonical;
  std::string html_lang;
  std::string author_link;  // text of the first rel=author link
  // <time> elements: datetime (or text) and whether marked as the publication date.
  struct TimeEl {
    std::string value;
    bool pub = false;
  };
  std::vector<TimeEl> times;
  // Short texts of elements whose class/id says date, time, byline or published: the date a
  // reader sees, in the publisher's own time zone.
  std::vector<std::string> dateline_texts;
};

std::string ElementText(HtmlNode* n, size_t limit = 4096) {
  std::string out;
  bool pending = false;
  std::vector<HtmlNode*> stack{n};
  while (!stack.empty() && out.size() < limit) {
    HtmlNode* c = stack.back();
    stack.pop_back();
    myhtml_tag_id_t t = myhtml_node_tag_id(c);
    if (t == MyHTML_TAG__TEXT) {
      AppendCollapsed(NodeText(c), &out, &pending);
    } else if (t != MyHTML_TAG__COMMENT && t != MyHTML_TAG__DOCTYPE) {
      if (t == MyHTML_TAG_SCRIPT || t == MyHTML_TAG_STYLE) continue;
      for (HtmlNode* ch = myhtml_node_last_child(c); ch; ch = myhtml_node_prev(ch))
        stack.push_back(ch);
    }
  }
  return out;
}

void CollectHeadMeta(HtmlNode* el, Tag tag, RawMeta* m) {
  if (tag == MyHTML_TAG_META) {
    const char* content = Attr(el, "content");
    if (!content) return;
    for (const char* key_attr : {"property", "name", "itemprop", "http-equiv"}) {
      const char* k = Attr(el, key_attr);
      if (k && *k) m->meta.emplace(ToLowerAscii(StripAscii(k)), content);
    }
  } else if (tag == MyHTML_TAG_LINK) {
    const char* rel = Attr(el, "rel");
    const char* href = Attr(el, "href");
    if (rel && href && EqualsIgnoreCase(StripAscii(rel), "canonical") && m->canonical.empty())
      m->canonical = StripAscii(href);
  }
}

// One MyHTML parser and tree per thread, made on the thread's first page and reused for all of
// its pages: creating them costs about 11 us (a few per cent of a typical page), and a reused
// tree's memory pools are already grown. Destroyed at thread exit. MyHTML objects are never
// shared between threads, so concurrent ExtractArticle calls need no locking.
class ThreadParser {
 public:
  // Pages (after the pre-filter) larger than this get a fresh tree afterwards: the tree keeps its
  // pools at their largest size, which would pin tens of MB per thread after one monster page.
  static constexpr size_t kKeepTreeBytes = size_t{2} << 20;

  static ThreadParser& Get() {
    thread_local ThreadParser parser;
    return parser;
  }

  ThreadParser() = default;
  ThreadParser(const ThreadParser&) = delete;
  ThreadParser& operator=(const ThreadParser&) = delete;
  ~ThreadParser() { Reset(); }

  // Parses `html` (UTF-8) and returns the <html> element. The tree is valid until the next
  // Parse or Reset on this thread.
  Result<HtmlNode*> Parse(std::string_view html) {
    if (!tree_) {
      Status st = Create();
      if (!st.ok()) return st;
    }
    mystatus_t st = myhtml_parse(tree_, MyENCODING_UTF_8, html.data(), html.size());
    if (st != MyHTML_STATUS_OK) {
      Reset();  // the tree may be half-built: never reuse it
      return Internal("HTML parser failed (MyHTML status " + std::to_string(st) + ")");
    }
    HtmlNode* root = myhtml_tree_get_node_html(tree_);
    if (!root) return Internal("HTML parser returned no <html> element");
    return root;
  }

  void Reset() {
    if (tree_) myhtml_tree_destroy(tree_);
    if (myhtml_) myhtml_destroy(myhtml_);
    tree_ = nullptr;
    myhtml_ = nullptr;
  }

 private:
  Status Create() {
    myhtml_ = myhtml_create();
    if (!myhtml_) return Internal("HTML parser: out of memory");
    // Single mode: MyHTML parses on the calling thread and starts no threads of its own.
    if (myhtml_init(myhtml_, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
      myhtml_destroy(myhtml_);
      myhtml_ = nullptr;
      return Internal("HTML parser: initialisation failed");
    }
    tree_ = myhtml_tree_create();
    if (!tree_ || myhtml_tree_init(tree_, myhtml_) != MyHTML_STATUS_OK) {
      Reset();
      return Internal("HTML parser: tree initialisation failed");
    }
    return Status::Ok();
  }

  myhtml_t* myhtml_ = nullptr;
  myhtml_tree_t* tree_ = nullptr;
};

class Extractor {
 public:
  Extractor(HtmlNode* root, const ExtractOptions& opt) : root_(root), opt_(opt) {}

  // Builds the flat tree. `strip_unlikely` drops elements whose class/id look like boilerplate.
  Status Build(bool strip_unlikely, RawMeta* meta) {
    nodes_.clear();
    struct Item {
      HtmlNode* node;
      int32_t parent;
      uint32_t depth;
    };
    std::vector<Item> stack;
    if (root_) stack.push_back({root_, -1, 0});
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      HtmlNode* g = it.node;
      myhtml_tag_id_t raw_tag = myhtml_node_tag_id(g);
      if (raw_tag == MyHTML_TAG__TEXT) {
        if (it.parent < 0) continue;
        Node n;
        n.is_text = true;
        n.parent = it.parent;
        n.text = NodeText(g);
        nodes_.push_back(n);
        continue;
      }
      if (raw_tag == MyHTML_TAG__COMMENT || raw_tag == MyHTML_TAG__DOCTYPE ||
          raw_tag == MyHTML_TAG__UNDEF)
        continue;
      HtmlNode* el = g;
      const Tag tag = TagOf(g);
      // The class/id hints, lower-cased ("class id"), and the hint words in them.
      const ElementAttrs at = ReadAttrs(el);
      hints_.clear();
      if (at.cls) hints_.append(at.cls, at.cls_len);
      const size_t split = hints_.size();
      if (at.id) {
        hints_ += ' ';
        hints_.append(at.id, at.id_len);
      }
      const size_t id_end = hints_.size();
      for (char& c : hints_) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      const HintWords& words = HintWords::Get();
      HintWords::Found found;
      if (!hints_.empty()) words.Scan(hints_, split, id_end, 0, &found);
      if (meta) {
        if (tag == MyHTML_TAG_META || tag == MyHTML_TAG_LINK) CollectHeadMeta(el, tag, meta);
        if (tag == MyHTML_TAG_TITLE && meta->title_tag.empty()) meta->title_tag = ElementText(g);
        if (tag == MyHTML_TAG_HTML) {
          const char* lang = Attr(el, "lang");
          if (!lang) lang = Attr(el, "xml:lang");
          if (lang) meta->html_lang = lang;
        }
        if (tag == MyHTML_TAG_SCRIPT) {
          const char* type = Attr(el, "type");
          HtmlNode* t = myhtml_node_child(el);
          if (type && std::strstr(type, "ld+json") && t && IsTextNode(t))
            meta->json_ld.emplace_back(NodeText(t));
        }
        if (tag == MyHTML_TAG_TIME) {
          const char* dt = Attr(el, "datetime");
          RawMeta::TimeEl te;
          te.value = dt ? dt : ElementText(g, 200);
          const char* ip = Attr(el, "itemprop");
          const char* cls = Attr(el, "class");
          te.pub = Attr(el, "pubdate") != nullptr ||
                   (ip && ToLowerAscii(ip).find("datepublished") != std::string::npos) ||
                   (cls && ContainsAny(ToLowerAscii(cls), {"publish", "pubdate", "posted"}));
          meta->times.push_back(std::move(te));
        }
        if (tag == MyHTML_TAG_H1 && meta->h1.size() < 4) meta->h1.push_back(ElementText(g));
        if (meta->dateline_texts.size() < 24 && tag != MyHTML_TAG_BODY &&
            tag != MyHTML_TAG_HTML && tag != MyHTML_TAG_SCRIPT) {
          if ((found.all & words.dateline).any() && (found.all & words.not_dateline).none()) {
            std::string t = ElementText(g, 400);
            if (!t.empty() && t.size() < 400) meta->dateline_texts.push_back(std::move(t));
          }
        }
        if (tag == MyHTML_TAG_A && meta->author_link.empty()) {
          const char* rel = Attr(el, "rel");
          if (rel && EqualsIgnoreCase(StripAscii(rel), "author"))
            meta->author_link = ElementText(g, 200);
        }
      }
      if (tag == MyHTML_TAG_HEAD) {
        // Only metadata lives here: walk it for that, add nothing to the tree.
        if (meta) PushChildren(g, -2, it.depth + 1, &stack);
        continue;
      }
      if (it.parent == -2) {  // inside <head>
        if (meta) PushChildren(g, -2, it.depth + 1, &stack);
        continue;
      }
      if (IsDroppedTag(tag)) {
        // Keep walking scripts etc. for metadata (ld+json) only when they have element children
        // (they do not); nav/aside can hold <time>, which we do not want anyway.
        continue;
      }
      if (it.depth > opt_.max_depth) continue;
      if (Hidden(at)) continue;
      // Words the tag or attributes imply, after class and id (the scan goes on from there).
      if (tag == MyHTML_TAG_FOOTER) hints_ += " footer";
      if (tag == MyHTML_TAG_HEADER) hints_ += " header";
      if (at.role) {
        std::string r = ToLowerAscii(at.role);
        if (r == "navigation" || r == "menu" || r == "menubar" || r == "complementary" ||
            r == "contentinfo" || r == "banner" || r == "dialog" || r == "alert")
          hints_ += " menu";
      }
      if (at.itemprop) {
        if (ToLowerAscii(at.itemprop) == "articlebody") hints_ += " articlebody";
      }
      if (hints_.size() > id_end) words.Scan(hints_, split, id_end, id_end, &found);
      if (strip_unlikely && !hints_.empty() && tag != MyHTML_TAG_BODY &&
          tag != MyHTML_TAG_HTML && tag != MyHTML_TAG_ARTICLE && tag != MyHTML_TAG_A &&
          tag != MyHTML_TAG_MAIN && (found.all & words.unlikely).any() &&
          (found.all & words.content).none()) {
        continue;
      }
      if (nodes_.size() >= opt_.max_nodes) {
        return InvalidArgument("page has more than " + std::to_string(opt_.max_nodes) +
                               " elements");
      }
      Node n;
      n.tag = tag;
      n.el = el;
      n.parent = it.parent;
      n.is_block = IsBlockTag(tag);
      // Readability-style weight: class and id each add 25 when they suggest content and
      // subtract 25 when they suggest boilerplate.
      int weight = 0;
      for (const HintBits* b : {&found.cls, &found.id}) {
        if ((*b & words.negative).any()) weight -= 25;
        if ((*b & words.positive).any()) weight += 25;
      }
      if ((found.all & words.articlebody).any()) weight += 50;
      n.weight = static_cast<int16_t>(weight);
      n.has_hints = !hints_.empty();
      int32_t self = static_cast<int32_t>(nodes_.size());
      nodes_.push_back(n);
      PushChildren(g, self, it.depth + 1, &stack);
    }
    // Subtree ends: descendants follow their ancestor in pre-order.
    for (size_t i = 0; i < nodes_.size(); ++i) nodes_[i].end = static_cast<int32_t>(i + 1);
    for (size_t i = nodes_.size(); i-- > 1;) {
      int32_t p = nodes_[i].parent;
      if (p >= 0) nodes_[p].end = std::max(nodes_[p].end, nodes_[i].end);
    }
    return Status::Ok();
  }

  void ComputeStats() {
    for (size_t i = nodes_.size(); i-- > 0;) {
      Node& n = nodes_[i];
      if (n.is_text) {
        CountText(n.text, &n.chars, &n.commas);
        n.own_chars = n.chars;
        n.own_commas = n.commas;
      } else {
        if (n.tag == MyHTML_TAG_A) {
          n.link_chars = n.chars;
          n.own_link_chars = n.own_chars;
        }
        if (n.tag == MyHTML_TAG_P) ++n.p_count;
        if (n.tag == MyHTML_TAG_IMG) ++n.img_count;
        if (n.tag == MyHTML_TAG_LI) ++n.li_count;
        if (IsHeading(n.tag)) ++n.heading_count;
      }
      if (n.parent < 0) continue;
      Node& p = nodes_[n.parent];
      p.chars += n.chars;
      p.link_chars += n.link_chars;
      p.commas += n.commas;
      p.p_count += n.p_count;
      p.img_count += n.img_count;
      p.li_count += n.li_count;
      p.heading_count += n.heading_count;
      if (n.is_text || !n.is_block) {
        p.own_chars += n.own_chars;
        p.own_commas += n.own_commas;
        p.own_link_chars += n.own_link_chars;
      }
    }
  }

  // Scores containers by the paragraphs they hold. Returns the chosen content roots (in
  // document order), or an empty list when the page has no paragraph at all.
  std::vector<int32_t> SelectContent() {
    std::vector<int32_t> touched;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (n.is_text || !n.is_block || n.own_chars < 25) continue;
      if (n.tag == MyHTML_TAG_BODY || n.tag == MyHTML_TAG_HTML) continue;
      if (IsHeading(n.tag)) continue;
      double link = n.own_chars ? static_cast<double>(n.own_link_chars) / n.own_chars : 0;
      double s = 1.0 + n.own_commas + std::min(n.own_chars / 100.0, 3.0);
      s *= (1.0 - link);
      int32_t a = n.parent;
      for (int level = 0; a >= 0 && level < 5; ++level, a = nodes_[a].parent) {
        Node& an = nodes_[a];
        if (an.tag == MyHTML_TAG_HTML) break;
        if (!an.scored) {
          an.scored = true;
          an.score = static_cast<float>(BaseScore(an));
          touched.push_back(a);
        }
        double div = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
        an.score += static_cast<float>(s / div);
      }
    }
    if (touched.empty()) return {};
    int32_t top = -1;
    double top_score = -1e9;
    for (int32_t c : touched) {
      Node& n = nodes_[c];
      n.score = static_cast<float>(n.score * (1.0 - n.LinkDensity()));
      if (n.score > top_score) {
        top_score = n.score;
        top = c;
      }
    }
    // Several strong candidates under one ancestor: the article is split in parts.
    std::vector<int32_t> alternatives;
    for (int32_t c : touched) {
      if (c != top && nodes_[c].score >= 0.75 * top_score) alternatives.push_back(c);
    }
    if (alternatives.size() >= 3) {
      for (int32_t a = nodes_[top].parent; a >= 0 && nodes_[a].tag != MyHTML_TAG_BODY;
           a = nodes_[a].parent) {
        int inside = 0;
        for (int32_t alt : alternatives) {
          if (alt > a && alt < nodes_[a].end) ++inside;
        }
        if (inside >= 3) {
          top = a;
          break;
        }
      }
    }
    // Move up while the parent is scored about as well (the paragraphs' real container).
    {
      double last = nodes_[top].score;
      double threshold = last / 3;
      for (int32_t a = nodes_[top].parent; a >= 0 && nodes_[a].tag != MyHTML_TAG_BODY;
           a = nodes_[a].parent) {
        if (!nodes_[a].scored) continue;
        double ps = nodes_[a].score;
        if (ps < threshold) break;
        if (ps > last) {
          top = a;
          break;
        }
        last = ps;
      }
    }
    // A lone child says nothing: take the parent.
    while (nodes_[top].parent >= 0 && nodes_[nodes_[top].parent].tag != MyHTML_TAG_BODY &&
           ElementChildren(nodes_[top].parent) == 1) {
      top = nodes_[top].parent;
    }
    top_score = nodes_[top].scored ? nodes_[top].score : top_score;

    // Siblings that belong to the article.
    std::vector<int32_t> roots;
    int32_t parent = nodes_[top].parent;
    if (parent < 0) return {top};
    double threshold = std::max(10.0, top_score * 0.2);
    const char* top_cls = Attr(nodes_[top].el, "class");
    for (int32_t c = parent + 1; c < nodes_[parent].end; c = nodes_[c].end) {
      const Node& s = nodes_[c];
      if (c == top) {
        roots.push_back(c);
        continue;
      }
      if (s.is_text) continue;
      bool add = false;
      double bonus = 0;
      const char* cls = Attr(s.el, "class");
      if (top_cls && cls && *top_cls && std::strcmp(top_cls, cls) == 0) bonus = top_score * 0.2;
      if (s.scored && s.score + bonus >= threshold) add = true;
      if (!add && (s.tag == MyHTML_TAG_P || (s.is_block && s.own_chars == s.chars))) {
        double ld = s.LinkDensity();
        if (s.chars > 80 && ld < 0.25) add = true;
        if (s.chars > 0 && s.chars <= 80 && s.link_chars == 0 && s.commas + 1 > 0 &&
            EndsSentence(c))
          add = true;
      }
      if (add) roots.push_back(c);
    }
    return roots;
  }

  // Emits the text blocks of the content roots, dropping boilerplate inside them.
  void Emit(const std::vector<int32_t>& roots, bool clean_conditionally,
            std::vector<TextBlock>* blocks) {
    for (int32_t r : roots) EmitSubtree(r, clean_conditionally, blocks);
  }

  size_t size() const { return nodes_.size(); }

 private:
  template <typename Stack>
  static void PushChildren(HtmlNode* g, int32_t parent, uint32_t depth, Stack* stack) {
    for (HtmlNode* c = myhtml_node_last_child(g); c; c = myhtml_node_prev(c))
      stack->push_back({c, parent, depth});
  }

  // The attributes every element is asked for, read in one pass over its attribute list (one
  // lookup per name costs a pass each). nullptr when absent, "" when present without value.
  struct ElementAttrs {
    const char *cls = nullptr, *id = nullptr, *role = nullptr, *itemprop = nullptr;
    const char *hidden = nullptr, *aria_hidden = nullptr, *style = nullptr;
    size_t cls_len = 0, id_len = 0;
  };
  static ElementAttrs ReadAttrs(HtmlNode* el) {
    ElementAttrs at;
    for (myhtml_tree_attr_t* a = myhtml_node_attribute_first(el); a; a = myhtml_attribute_next(a)) {
      size_t klen = 0;
      const char* k = myhtml_attribute_key(a, &klen);
      if (!k) continue;
      std::string_view key(k, klen);
      const char** slot = nullptr;
      size_t* len_slot = nullptr;
      if (key == "class") {
        slot = &at.cls;
        len_slot = &at.cls_len;
      } else if (key == "id") {
        slot = &at.id;
        len_slot = &at.id_len;
      } else if (key == "role") {
        slot = &at.role;
      } else if (key == "itemprop") {
        slot = &at.itemprop;
      } else if (key == "hidden") {
        slot = &at.hidden;
      } else if (key == "aria-hidden") {
        slot = &at.aria_hidden;
      } else if (key == "style") {
        slot = &at.style;
      }
      if (!slot || *slot) continue;  // the first of duplicate attributes counts
      size_t vlen = 0;
      const char* v = myhtml_attribute_value(a, &vlen);
      *slot = v ? v : "";
      if (len_slot) *len_slot = v ? vlen : 0;
    }
    return at;
  }

  static bool Hidden(const ElementAttrs& at) {
    if (at.hidden) return true;
    if (at.aria_hidden && EqualsIgnoreCase(at.aria_hidden, "true")) return true;
    if (const char* style = at.style) {
      std::string s = ToLowerAscii(style);
      s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
      if (s.find("display:none") != std::string::npos ||
          s.find("visibility:hidden") != std::string::npos)
        return true;
    }
    return false;
  }

  double BaseScore(const Node& n) const {
    double s = n.weight;
    switch (n.tag) {
      case MyHTML_TAG_DIV: case MyHTML_TAG_ARTICLE: case MyHTML_TAG_SECTION: case MyHTML_TAG_MAIN:
        s += 5;
        break;
      case MyHTML_TAG_PRE: case MyHTML_TAG_TD: case MyHTML_TAG_BLOCKQUOTE:
        s += 3;
        break;
      case MyHTML_TAG_ADDRESS: case MyHTML_TAG_OL: case MyHTML_TAG_UL: case MyHTML_TAG_DL:
      case MyHTML_TAG_DD: case MyHTML_TAG_DT: case MyHTML_TAG_LI: case MyHTML_TAG_FORM:
        s -= 3;
        break;
      case MyHTML_TAG_H1: case MyHTML_TAG_H2: case MyHTML_TAG_H3: case MyHTML_TAG_H4:
      case MyHTML_TAG_H5: case MyHTML_TAG_H6: case MyHTML_TAG_TH:
        s -= 5;
        break;
      default:
        break;
    }
    if (n.tag == MyHTML_TAG_ARTICLE) s += 10;
    return s;
  }

  int ElementChildren(int32_t i) const {
    int count = 0;
    for (int32_t c = i + 1; c < nodes_[i].end; c = nodes_[c].end) {
      const Node& n = nodes_[c];
      if (n.is_text) {
        if (n.chars > 0) return 2;  // real text beside: not a lone wrapper
        continue;
      }
      ++count;
    }
    return count;
  }

  // Whether the text of the subtree ends like a sentence.
  bool EndsSentence(int32_t i) const {
    for (int32_t j = nodes_[i].end - 1; j > i; --j) {
      const Node& n = nodes_[j];
      if (!n.is_text || n.chars == 0) continue;
      std::string_view t = StripAscii(n.text);
      if (t.empty()) continue;
      char c = t.back();
      return c == '.' || c == '!' || c == '?' || c == '"';
    }
    return false;
  }

  bool DropConditionally(int32_t i) const {
    const Node& n = nodes_[i];
    switch (n.tag) {
      case MyHTML_TAG_DIV: case MyHTML_TAG_SECTION: case MyHTML_TAG_UL: case MyHTML_TAG_OL:
      case MyHTML_TAG_TABLE: case MyHTML_TAG_FORM: case MyHTML_TAG_FIGURE: case MyHTML_TAG_HEADER:
      case MyHTML_TAG_FOOTER: case MyHTML_TAG_DL: case MyHTML_TAG_ASIDE: case MyHTML_TAG_SPAN:
        break;
      default:
        return false;
    }
    if (n.tag == MyHTML_TAG_SPAN && !n.has_hints) return false;
    double score = n.scored ? n.score : 0;
    if (n.weight + score < 0) return true;
    if (n.commas >= 10) return false;
    bool is_list = n.tag == MyHTML_TAG_UL || n.tag == MyHTML_TAG_OL;
    double ld = n.LinkDensity();
    uint32_t p = n.p_count, img = n.img_count;
    if (img > 1 && static_cast<double>(p) / img < 0.5 && n.chars < 200) return true;
    if (!is_list && n.li_count > p + 10 && ld > 0.3) return true;
    if (n.chars < 25 && n.heading_count == 0 && (img == 0 || img > 2)) return true;
    if (n.weight < 25 && ld > 0.2 && n.chars > 0) {
      // A list of links, not prose with a few links in it.
      if (ld > 0.5 || n.commas < 2) return true;
    }
    if (n.weight >= 25 && ld > 0.5) return true;
    return false;
  }

  void EmitSubtree(int32_t root, bool clean_conditionally, std::vector<TextBlock>* blocks) {
    std::string cur;
    bool pending = false;
    BlockKind kind = BlockKind::kParagraph;
    auto flush = [&]() {
      while (!cur.empty() && (cur.back() == ' ' || cur.back() == '\n')) cur.pop_back();
      if (!cur.empty()) blocks->push_back({kind, std::move(cur)});
      cur.clear();
      pending = false;
    };
    // Iterative walk with an explicit stack of "close element" markers.
    std::vector<int32_t> open;  // block elements whose end we still have to see
    int32_t i = root;
    int32_t end = nodes_[root].end;
    while (i < end) {
      while (!open.empty() && i >= nodes_[open.back()].end) {
        open.pop_back();
        flush();
        kind = CurrentKind(open);
      }
      const Node& n = nodes_[i];
      if (n.is_text) {
        AppendCollapsed(n.text, &cur, &pending);
        ++i;
        continue;
      }
      if (i != root && clean_conditionally && DropConditionally(i)) {
        i = n.end;
        continue;
      }
      if (n.tag == MyHTML_TAG_BR) {
        if (!cur.empty() && cur.back() != '\n') cur.push_back('\n');
        pending = false;
        ++i;
        continue;
      }
      if (n.is_block) {
        flush();
        open.push_back(i);
        kind = CurrentKind(open);
      } else if (n.tag == MyHTML_TAG_IMG || n.tag == MyHTML_TAG_TD || n.tag == MyHTML_TAG_TH) {
        pending = true;
      }
      ++i;
    }
    flush();
  }

  BlockKind CurrentKind(const std::vector<int32_t>& open) const {
    for (size_t k = open.size(); k-- > 0;) {
      Tag t = nodes_[open[k]].tag;
      if (IsHeading(t)) return BlockKind::kHeading;
      if (t == MyHTML_TAG_LI || t == MyHTML_TAG_DD || t == MyHTML_TAG_DT) return BlockKind::kListItem;
      if (t == MyHTML_TAG_BLOCKQUOTE) return BlockKind::kQuote;
      if (t == MyHTML_TAG_PRE) return BlockKind::kPreformatted;
      if (t == MyHTML_TAG_P) return BlockKind::kParagraph;
    }
    return BlockKind::kParagraph;
  }

  HtmlNode* root_;
  ExtractOptions opt_;
  std::string hints_;  // Build's buffer for an element's hints
  std::vector<Node> nodes_;
};

// ---------------------------------------------------------------------------------------------
// Metadata.

Date TryDate(std::string_view s) {
  s = StripAscii(s);
  if (s.empty()) return {};
  Result<Date> d = ParseDate(s);
  if (d.ok()) return *d;
  // "2019-11-19T12:00:00.000+05:00" variants the parser does not take: use the date part.
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    d = ParseDate(s.substr(0, 10));
    if (d.ok()) return *d;
  }
  return {};
}

int MonthNumber(std::string_view w) {
  static const char* const kNames[] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
  std::string l = ToLowerAscii(w);
  if (!l.empty() && l.back() == '.') l.pop_back();
  if (l == "sept") return 9;
  for (int i = 0; i < 12; ++i) {
    std::string_view n = kNames[i];
    if (l == n || (l.size() == 3 && n.substr(0, 3) == l)) return i + 1;
  }
  return 0;
}

// The first date written out in free text: "Nov. 18, 2019", "18 November 2019",
// "2019-11-18". Returns an unknown date when there is none.
Date FindDateInText(std::string_view t) {
  struct Tok {
    std::string_view s;
    bool digits;
  };
  std::vector<Tok> toks;
  for (size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (std::isalpha(c) || std::isdigit(c)) {
      size_t b = i;
      bool digit = std::isdigit(c);
      while (i < t.size() && (digit ? std::isdigit(static_cast<unsigned char>(t[i]))
                                    : std::isalpha(static_cast<unsigned char>(t[i]))))
        ++i;
      toks.push_back({t.substr(b, i - b), digit});
      // ISO date: 2019-11-18.
      if (digit && i - b == 4 && i + 6 <= t.size() && t[i] == '-' && std::isdigit(t[i + 1]) &&
          std::isdigit(t[i + 2]) && t[i + 3] == '-' && std::isdigit(t[i + 4]) &&
          std::isdigit(t[i + 5])) {
        Result<Date> d = ParseDate(t.substr(b, 10));
        if (d.ok()) return *d;
      }
    } else {
      ++i;
    }
  }
  auto num = [](std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  };
  auto make = [](int y, int m, int d) -> Date {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    Result<Date> r = ParseDate(buf);
    return r.ok() ? *r : Date{};
  };
  for (size_t k = 0; k < toks.size(); ++k) {
    if (toks[k].digits) continue;
    int m = MonthNumber(toks[k].s);
    if (m == 0) continue;
    // Month Day, Year
    if (k + 2 < toks.size() && toks[k + 1].digits && toks[k + 1].s.size() <= 2 &&
        toks[k + 2].digits && toks[k + 2].s.size() == 4) {
      Date d = make(num(toks[k + 2].s), m, num(toks[k + 1].s));
      if (d.known()) return d;
    }
    // Month Day(st|nd|rd|th), Year
    if (k + 3 < toks.size() && toks[k + 1].digits && toks[k + 1].s.size() <= 2 &&
        !toks[k + 2].digits && toks[k + 2].s.size() == 2 && toks[k + 3].digits &&
        toks[k + 3].s.size() == 4) {
      Date d = make(num(toks[k + 3].s), m, num(toks[k + 1].s));
      if (d.known()) return d;
    }
    // Day Month Year
    if (k >= 1 && k + 1 < toks.size() && toks[k - 1].digits && toks[k - 1].s.size() <= 2 &&
        toks[k + 1].digits && toks[k + 1].s.size() == 4) {
      Date d = make(num(toks[k + 1].s), m, num(toks[k - 1].s));
      if (d.known()) return d;
    }
  }
  return {};
}

// A timestamp whose date part may be a day off the publisher's local date: one with a time of
// day given in UTC ("...Z", "+00:00", "GMT") or with no zone at all (usually UTC too).
bool IsUtcTimestamp(std::string_view s) {
  s = StripAscii(s);
  if (s.size() < 13 || (s[10] != 'T' && s[10] != ' ')) return false;
  if (s.back() == 'Z' || s.back() == 'z' || s.ends_with("+00:00") || s.ends_with("+0000") ||
      s.ends_with("GMT") || s.ends_with("UTC"))
    return true;
  // No offset after the time: "2019-11-20T01:50:59.403".
  size_t sign = s.find_first_of("+-", 11);
  return sign == std::string_view::npos;
}

// A timestamp with an explicit non-UTC offset ("2019-11-20T01:07:00-0500"): its date part is
// the local date.
bool HasLocalOffset(std::string_view s) {
  s = StripAscii(s);
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return false;
  size_t sign = s.find_first_of("+-", 11);
  if (sign == std::string_view::npos) return false;
  std::string_view off = s.substr(sign + 1);
  return off != "00:00" && off != "0000";
}

bool IsArticleType(const nlohmann::json& t) {
  auto one = [](const std::string& s) {
    return s.find("Article") != std::string::npos || s == "BlogPosting" ||
           s == "Report" || s == "LiveBlogPosting" || s == "WebPage";
  };
  if (t.is_string()) return one(t.get<std::string>());
  if (t.is_array()) {
    for (const auto& x : t) {
      if (x.is_string() && one(x.get<std::string>())) return true;
    }
  }
  return false;
}

std::string JsonName(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) return it->get<std::string>();
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) {
      std::string n = JsonName(x);
      if (n.empty()) continue;
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }
  return "";
}

struct LdFacts {
  std::string date_published, date_created, headline, author, publisher;
  bool from_article = false;
};

void WalkJsonLd(const nlohmann::json& j, int depth, LdFacts* f) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& x : j) WalkJsonLd(x, depth + 1, f);
    return;
  }
  if (!j.is_object()) return;
  bool article = false;
  if (auto t = j.find("@type"); t != j.end()) article = IsArticleType(*t);
  auto str = [&](const char* key) -> std::string {
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
  };
  // Prefer facts from an Article-typed object over ones from anything else.
  if (article || !f->from_article) {
    std::string dp = str("datePublished");
    if (!dp.empty() && (f->date_published.empty() || (article && !f->from_article))) {
      f->date_published = dp;
      if (article) f->from_article = true;
    }
    if (f->date_created.empty()) f->date_created = str("dateCreated");
    if (f->headline.empty()) f->headline = str("headline");
    if (f->author.empty()) {
      if (auto a = j.find("author"); a != j.end()) f->author = JsonName(*a);
    }
    if (f->publisher.empty()) {
      if (auto p = j.find("publisher"); p != j.end()) f->publisher = JsonName(*p);
    }
  }
  if (auto g = j.find("@graph"); g != j.end()) WalkJsonLd(*g, depth + 1, f);
  if (auto m = j.find("mainEntity"); m != j.end()) WalkJsonLd(*m, depth + 1, f);
}

std::string HostOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  size_t b = p + 3;
  size_t e = url.find_first_of("/?#", b);
  std::string host(url.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
  return ToLowerAscii(host);
}

std::string Absolute(std::string_view href, std::string_view base) {
  href = StripAscii(href);
  if (href.empty()) return "";
  if (href.find("://") != std::string_view::npos) return std::string(href);
  size_t p = base.find("://");
  if (p == std::string_view::npos) return std::string(href);
  std::string scheme(base.substr(0, p));
  if (href.substr(0, 2) == "//") return scheme + ":" + std::string(href);
  std::string host = HostOf(base);
  if (!href.empty() && href[0] == '/') return scheme + "://" + host + std::string(href);
  size_t slash = base.rfind('/');
  if (slash != std::string_view::npos && slash > p + 2)
    return std::string(base.substr(0, slash + 1)) + std::string(href);
  return scheme + "://" + host + "/" + std::string(href);
}

// The <title> text without a site-name part ("Story title | Site" -> "Story title").
std::string CleanTitle(const std::string& title) {
  for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: ", " · "}) {
    size_t p = title.rfind(sep);
    if (p != std::string::npos && p > 15) return title.substr(0, p);
  }
  return title;
}

void FillMetadata(const RawMeta& m, std::string_view url, PageMetadata* out) {
  auto get = [&](std::initializer_list<const char*> keys) -> std::string {
    for (const char* k : keys) {
      auto it = m.meta.find(k);
      if (it != m.meta.end()) {
        std::string v = Collapse(it->second);
        if (!v.empty()) return v;
      }
    }
    return "";
  };
  LdFacts ld;
  for (const std::string& s : m.json_ld) {
    nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) WalkJsonLd(j, 0, &ld);
  }

  // Title.
  std::string og_title = get({"og:title", "twitter:title", "dc.title", "headline"});
  std::string title_tag = Collapse(m.title_tag);
  std::string h1 = m.h1.empty() ? "" : Collapse(m.h1[0]);
  if (!h1.empty() && !title_tag.empty() && title_tag.find(h1) != std::string::npos) {
    out->title = h1;
  } else if (!og_title.empty()) {
    out->title = og_title;
  } else if (!ld.headline.empty()) {
    out->title = Collapse(ld.headline);
  } else if (!title_tag.empty()) {
    out->title = CleanTitle(title_tag);
  } else {
    out->title = h1;
  }

  // Publication date: declared metadata first, then <time>, then the URL.
  struct Source {
    std::string value;
    const char* from;
  };
  std::vector<Source> candidates = {
      {get({"article:published_time", "og:article:published_time", "article.published",
            "datepublished", "published_time", "publishdate", "publish-date", "publish_date",
            "pubdate", "date.published", "dc.date.issued", "dcterms.issued", "dcterms.created",
            "dc.date.created", "sailthru.date", "parsely-pub-date", "article_date_original",
            "original-publish-date", "og:published_time", "datecreated",
            "cxenseparse:recs:publishtime", "dc.date", "dcterms.date", "date", "pub_date",
            "displaydate", "citation_publication_date", "article:post_date"}),
       "meta"},
      {ld.date_published, "json-ld"},
      {ld.date_created, "json-ld"},
  };
  for (const auto& t : m.times) {
    if (t.pub) candidates.push_back({t.value, "time"});
  }
  Date url_date = DateFromUrl(url);
  if (!url_date.known()) url_date = DateFromUrl(m.canonical);
  Date visible;
  for (const std::string& t : m.dateline_texts) {
    visible = FindDateInText(t);
    if (visible.known()) break;
  }
  for (const Source& c : candidates) {
    Date d = TryDate(c.value);
    if (!d.known()) continue;
    out->published = d;
    out->published_from = c.from;
    // A UTC timestamp can be a day off the local date a reader sees. The URL, a <time> with a
    // local offset, and the byline carry the local date: the first of them that is within a
    // day decides.
    if (IsUtcTimestamp(c.value)) {
      std::vector<std::pair<Date, const char*>> local = {{url_date, "url"}};
      for (const auto& t : m.times) {
        if (HasLocalOffset(t.value)) local.push_back({TryDate(t.value), "time"});
      }
      local.push_back({visible, "byline"});
      for (const auto& [ld, from] : local) {
        if (!ld.known()) continue;
        int64_t diff = std::abs(ld.ToDays() - d.ToDays());
        if (diff > 1) continue;
        if (diff == 1) {
          out->published = ld;
          out->published_from = from;
        }
        break;
      }
    }
    break;
  }
  if (!out->published.known() && url_date.known()) {
    out->published = url_date;
    out->published_from = "url";
  }
  if (!out->published.known() && visible.known()) {
    out->published = visible;
    out->published_from = "byline";
  }
  if (!out->published.known()) {
    for (const auto& t : m.times) {
      Date d = TryDate(t.value);
      if (d.known()) {
        out->published = d;
        out->published_from = "time";
        break;
      }
    }
  }

  // Author.
  std::string author = get({"author", "article:author", "dc.creator", "byl", "sailthru.author",
                            "parsely-author", "citation_author"});
  if (author.find("://") != std::string::npos) author.clear();  // a profile URL, not a name
  if (author.empty()) author = Collapse(ld.author);
  if (author.empty()) author = Collapse(m.author_link);
  if (StartsWithIgnoreCase(author, "by ")) author = author.substr(3);
  out->author = author;

  // Site name.
  out->site_name = get({"og:site_name", "application-name", "publisher", "dc.publisher"});
  if (out->site_name.empty()) out->site_name = Collapse(ld.publisher);
  if (out->site_name.empty()) out->site_name = HostOf(url);

  // Canonical URL.
  std::string canon = m.canonical.empty() ? get({"og:url"}) : m.canonical;
  out->canonical_url = Absolute(canon, url);

  // Language.
  std::string lang = m.html_lang;
  if (lang.empty()) lang = get({"content-language", "og:locale", "language", "dc.language"});
  lang = ToLowerAscii(StripAscii(lang));
  size_t cut = lang.find_first_of("-_");
  if (cut != std::string::npos) lang.resize(cut);
  bool alpha = !lang.empty() && lang.size() <= 3;
  for (char c : lang) alpha = alpha && c >= 'a' && c <= 'z';
  out->language = alpha ? lang : "";

  out->description = get({"og:description", "description", "twitter:description"});
}

// Boilerplate blocks that slip through structure-based cleaning: short lines that only say
// "Advertisement", ask to share or subscribe, or repeat the title.
bool IsBoilerplateBlock(const TextBlock& b, const std::string& title) {
  if (!title.empty() && b.text == title) return true;
  if (b.text.size() > 120) return false;
  std::string l = ToLowerAscii(b.text);
  static const char* const kExact[] = {"advertisement", "advertisements", "ad", "sponsored",
                                       "share", "share this", "share this article", "tweet",
                                       "related", "related articles", "related stories",
                                       "read more", "comments", "continue reading",
                                       "story continues below advertisement",
                                       "scroll to continue with content", "skip advertisement",
                                       "supported by", "loading...", "loading", "close"};
  for (const char* e : kExact) {
    if (l == e) return true;
  }
  return false;
}

}  // namespace

std::string_view BlockKindName(BlockKind k) {
  switch (k) {
    case BlockKind::kParagraph: return "paragraph";
    case BlockKind::kHeading: return "heading";
    case BlockKind::kListItem: return "list-item";
    case BlockKind::kQuote: return "quote";
    case BlockKind::kPreformatted: return "preformatted";
  }
  return "paragraph";
}

std::string ExtractedArticle::Text() const {
  std::string out;
  for (const TextBlock& b : blocks) {
    if (!out.empty()) out += "\n\n";
    out += b.text;
  }
  return out;
}

Date DateFromUrl(std::string_view url) {
  size_t p = url.find("://");
  size_t path = url.find('/', p == std::string_view::npos ? 0 : p + 3);
  if (path == std::string_view::npos) return {};
  std::string_view s = url.substr(path);
  size_t q = s.find_first_of("?#");
  if (q != std::string_view::npos) s = s.substr(0, q);
  auto digits = [&](size_t b, size_t n) {
    if (b + n > s.size()) return -1;
    int v = 0;
    for (size_t k = b; k < b + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return -1;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  auto valid = [](int y, int m, int d) {
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > kDays[m - 1]) return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
    return true;
  };
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
    int y = digits(i, 4);
    if (y < 0) continue;
    // yyyy/mm/dd or yyyy-mm-dd (one- or two-digit month/day).
    if (i + 4 < s.size() && (s[i + 4] == '/' || s[i + 4] == '-' || s[i + 4] == '_')) {
      char sep = s[i + 4];
      size_t j = i + 5;
      int m = -1, d = -1;
      size_t mlen = (digits(j, 2) >= 0) ? 2 : (digits(j, 1) >= 0 ? 1 : 0);
      if (mlen) {
        m = digits(j, mlen);
        size_t k = j + mlen;
        if (k < s.size() && s[k] == sep) {
          size_t dlen = (digits(k + 1, 2) >= 0) ? 2 : (digits(k + 1, 1) >= 0 ? 1 : 0);
          if (dlen) {
            size_t after = k + 1 + dlen;
            bool boundary = after >= s.size() || s[after] < '0' || s[after] > '9';
            if (boundary) d = digits(k + 1, dlen);
          }
        }
      }
      if (m > 0 && d > 0 && valid(y, m, d)) return Date{y, m, d};
    }
    // yyyy/mon/dd ("/2019/nov/18/").
    if (i + 4 < s.size() && s[i + 4] == '/' && i + 9 < s.size() && s[i + 8] == '/') {
      int m = MonthNumber(s.substr(i + 5, 3));
      size_t dlen = digits(i + 9, 2) >= 0 ? 2 : (digits(i + 9, 1) >= 0 ? 1 : 0);
      size_t after = i + 9 + dlen;
      if (m > 0 && dlen > 0 && (after >= s.size() || s[after] < '0' || s[after] > '9')) {
        int d = digits(i + 9, dlen);
        if (valid(y, m, d)) return Date{y, m, d};
      }
    }
    // yyyymmdd as its own path piece or prefix of one.
    int compact = digits(i, 8);
    if (compact >= 0 && (i + 8 == s.size() || s[i + 8] < '0' || s[i + 8] > '9') &&
        (i == 0 || s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '_')) {
      int m = digits(i + 4, 2), d = digits(i + 6, 2);
      if (valid(y, m, d)) return Date{y, m, d};
    }
  }
  return {};
}

Result<ExtractedArticle> ExtractArticle(std::string_view html, std::string_view url,
                                        const ExtractOptions& options) {
  std::string filtered;
  if (options.prefilter) {
    filtered = PrefilterHtml(html, options.max_depth);
    html = filtered;
  }
  // Refuse monsters before the parser spends time and memory on them: every element and text
  // node starts at or next to a '<'.
  size_t tags = static_cast<size_t>(std::count(html.begin(), html.end(), '<'));
  if (tags > options.max_nodes / 2) {
    return InvalidArgument("page has more than " + std::to_string(options.max_nodes / 2) +
                           " tags (" + std::to_string(tags) + ")");
  }
  ThreadParser& parser = ThreadParser::Get();
  Result<HtmlNode*> root = parser.Parse(html);
  if (!root.ok()) return root.status();
  // The tree lives in the thread's parser until its next page; a very large page's tree is
  // let go at the end of this call so its memory does not stay with the thread.
  struct ReleaseLarge {
    ThreadParser& parser;
    size_t bytes;
    ~ReleaseLarge() {
      if (bytes > ThreadParser::kKeepTreeBytes) parser.Reset();
    }
  } release{parser, html.size()};

  ExtractedArticle result;
  RawMeta raw_meta;
  Extractor ex(*root, options);

  // Attempts from strict to lenient: a page whose article is hidden behind a misleading class
  // name (e.g. a wrapper called "has-sidebar") still yields its text.
  std::vector<TextBlock> best;
  size_t best_chars = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    bool strip = attempt == 0;
    bool clean = attempt < 2;
    Status st = ex.Build(strip, attempt == 0 ? &raw_meta : nullptr);
    if (!st.ok()) return st;
    if (attempt == 0) FillMetadata(raw_meta, url, &result.meta);
    ex.ComputeStats();
    std::vector<int32_t> roots = ex.SelectContent();
    std::vector<TextBlock> blocks;
    ex.Emit(roots, clean, &blocks);
    std::vector<TextBlock> kept;
    size_t chars = 0;
    for (TextBlock& b : blocks) {
      if (IsBoilerplateBlock(b, result.meta.title)) continue;
      chars += b.text.size();
      kept.push_back(std::move(b));
    }
    if (chars > best_chars || attempt == 0) {
      best = std::move(kept);
      best_chars = chars;
    }
    if (best_chars >= 250) break;
  }
  result.blocks = std::move(best);
  return result;
}

}  // namespace dyad::web

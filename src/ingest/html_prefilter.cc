#include "ingest/html_prefilter.h"

#include <cstring>

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
  if (a == "class" || a == "id" || a == "role" || a == "itemprop" || a == "hidden" ||
      a == "aria-hidden" || a == "lang" || a == "xml:lang" || a == "rel" || a == "datetime" ||
      a == "pubdate")
    return true;
  if (tag == "meta")
    return a == "name" || a == "property" || a == "content" || a == "http-equiv" ||
           a == "charset";
  if (tag == "link") return a == "href";
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
          size_t g = s.find("--!>", p + 4);
          if (g != npos && (f == npos || g < f)) f = g + 1;
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
    bool self_closing = false, closed = false;
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
        attrs.push_back(' ');
        attrs += aname;
        if (has_value) {
          attrs.push_back('=');
          AppendAttrValue(value, &attrs);
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
    if (name == "link" && type.find("canonical") == std::string::npos) {
      continue;  // style sheets, preloads, icons: only rel=canonical is read
    }
    if (name == "svg" || name == "template" || name == "math") {
      if (self_closing && name != "template") continue;  // honoured in foreign content only
      i = SkipNested(s, i, name);
      continue;
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

#include "text/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "base/utf8.h"

namespace dyad {
namespace {

// ---------------------------------------------------------------------------------------------
// Character classes.

struct Ch {
  char32_t cp;
  uint32_t len;
};

inline Ch At(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return {c, 1};
  size_t len = 1;
  char32_t cp = utf8::Decode(t, i, &len);
  return {cp, static_cast<uint32_t>(len)};
}

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
inline bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(char32_t c) { return c >= 'a' && c <= 'z'; }

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return IsAsciiAlpha(cp);
  if (cp == 0xFFFD) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return true;
    default:
      return false;
  }
}

// Characters that make up words: letters, combining marks, digits, '_' and other numerals.
bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return IsAsciiAlpha(cp) || IsAsciiDigit(cp) || cp == '_';
  if (cp == 0xFFFD) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool IsLowerStart(std::string_view t, size_t i) {
  Ch c = At(t, i);
  if (c.cp < 0x80) return IsAsciiLower(c.cp);
  return utf8proc_category(static_cast<utf8proc_int32_t>(c.cp)) == UTF8PROC_CATEGORY_LL;
}

inline bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (LowerAscii(s[i]) != lower[i]) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = LowerAscii(c);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Word lists. Derived by reading the EWT and GUM training data (which words carry a period, which
// hyphenated prefixes stay attached) and completed with the abbreviations of news English
// (titles, US states, months); reviewed by hand.

// Precede a name or number; never end a sentence when a capitalised word or number follows.
constexpr std::string_view kTitleAbbrevs[] = {
    "Mr.",    "Mrs.",  "Ms.",   "Messrs.", "Mme.",  "Mlle.", "Dr.",   "Drs.",  "Prof.",
    "Gen.",   "Lt.",   "Col.",  "Maj.",    "Capt.", "Cpt.",  "Sgt.",  "Cpl.",  "Pvt.",
    "Adm.",   "Cmdr.", "Cdr.",  "Brig.",   "Gov.",  "Sen.",  "Sens.", "Rep.",  "Reps.",
    "Rev.",   "Hon.",  "Pres.", "Supt.",   "Insp.", "Fr.",   "Rt.",   "Amb.",  "Atty.",
    "Lt.Gen.", "Maj.Gen.", "Gov.Gen.", "Sgt.Maj.", "Mx.",  "Mssrs.", "Sr.Lt.",
    "vs.",    "v.",    "cf.",   "viz.",    "approx.", "ca.", "c.",    "Ft.",   "Mt.",
    "Ave.",   "Blvd.", "Attn.", "Dept.",   "Univ.", "Assn.", "Asst.", "Assoc.", "Ass't.",
    "Sec.",   "Secs.", "Supp.", "Ed.",     "Eds.",  "Gens.", "Cmdt.", "Sq.",   "Rs.",
    "e.g.",   "i.e.",  "E.g.",  "I.e.",    "eg.",   "a.k.a.", "Ph.", "Sc.",  "Ch.",
};

// Abbreviations only when a number follows ("No. 5", "Art. 3", "p. 12"); otherwise words.
constexpr std::string_view kNumericAbbrevs[] = {
    "No.", "Nos.", "no.", "nos.", "Art.", "Arts.", "art.", "Vol.", "vol.", "Vols.", "pp.",
    "p.", "Fig.", "fig.", "Figs.", "Op.", "op.", "Para.", "para.", "Ex.", "Nr.", "Tel.",
    "tel.", "ext.", "Ext.", "Fax.", "Sept.", "Pt.", "pt.", "Sch.", "Ord.", "Reg.", "Cl.", "Ch.",
};

// May end a sentence: a new sentence follows only when the next word is a sentence starter.
constexpr std::string_view kOtherAbbrevs[] = {
    // Companies and names.
    "Inc.", "Corp.", "Ltd.", "Co.", "Cos.", "Bros.", "Jr.", "Sr.", "Esq.", "Plc.", "Pty.",
    "Mfg.", "Intl.", "Natl.", "Govt.", "St.", "Sts.", "Rd.", "Ln.", "Hwy.", "Pl.", "Ct.",
    // Months and days.
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
    "Dec.", "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.",
    // US states (AP style) and provinces.
    "Ala.", "Ariz.", "Ark.", "Calif.", "Cal.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.",
    "Ind.", "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.",
    "Mont.", "Neb.", "Nebr.", "Nev.", "Okla.", "Ore.", "Oreg.", "Pa.", "Penn.", "Tenn.", "Tex.",
    "Va.", "Vt.", "Wash.", "Wis.", "Wisc.", "Wyo.", "Ont.", "Que.", "Alta.",
    // Latin and general.
    "etc.", "al.", "et.", "seq.", "ibid.", "Ibid.", "esp.", "incl.", "misc.", "est.", "Est.",
    "dept.", "govt.", "yrs.", "yr.", "hrs.", "hr.", "mins.", "min.", "secs.", "sec.", "lbs.",
    "lb.", "oz.", "ft.", "sq.", "mi.", "km.", "kg.", "cm.", "mm.", "bn.", "mn.", "tr.",
    "info.", "div.", "max.", "approx.", "Jr.", "Mt.", "Bldg.", "Dist.", "Gov't.", "Fed.",
};

// Prefixes that keep their hyphen ("non-stop", "e-mail", "re-elected"); other hyphenated words
// are split. From the EWT/GUM training data: prefixes kept attached more often than not ("non"
// to "proto"), completed with other bound Latin/Greek prefixes (bi-, quasi-, hyper-, ...).
// Not "de", which would glue French names ("Pech-de-l'Aze").
constexpr std::string_view kHyphenPrefixes[] = {
    "non",  "e",     "re",   "anti",   "co",     "mid",   "pre",   "pro",   "cross",
    "post", "over",  "semi", "multi",  "ex",     "sub",   "counter", "mini", "neo",
    "socio", "psycho", "inter", "intra", "micro", "un",   "super", "proto", "bi",
    "tri",  "quasi", "ultra", "pseudo", "macro", "mega",  "trans", "geo",   "bio",
    "eco",  "hyper", "infra", "meta",  "poly",  "mis",
};

// Units split off a number ("5pm" -> "5 pm", "10km" -> "10 km").
constexpr std::string_view kUnits[] = {
    "am", "pm", "k", "m", "b", "bn", "mn", "km", "kg", "g", "mg", "ml", "l", "cm", "mm",
    "mph", "kph", "kmh", "ft", "lb", "lbs", "oz", "yr", "yrs", "mw", "gw", "kw", "kwh", "gb",
    "mb", "tb", "kb", "hz", "ghz", "mhz", "x", "t", "h", "hr", "hrs", "min", "mins", "sec",
    "p", "c", "f", "mi", "in", "cc", "ha", "sqm", "tn", "yo", "bbl",
};

// Capitalised words that usually begin a sentence.
constexpr std::string_view kStarters[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These",
    "Those", "There", "Here", "But", "And", "Or", "So", "Yet", "In", "On", "At", "For",
    "With", "As", "If", "When", "While", "After", "Before", "Since", "Although", "Though",
    "However", "Meanwhile", "Also", "Its", "His", "Her", "Their", "Our", "My", "Your", "What",
    "Who", "Why", "How", "Where", "Which", "Some", "Many", "Most", "All", "Both", "Each",
    "Every", "Such", "Other", "Others", "Now", "Then", "Today", "Yesterday", "Still", "Even",
    "According", "Earlier", "Later", "Last", "Next", "Despite", "During", "Because", "Under",
    "Officials", "Police", "Nor", "Instead", "Thus", "Moreover", "Furthermore", "Indeed",
    "Nevertheless", "Once", "Only", "Just", "Not", "No", "Never", "Neither", "Several", "Few",
    "Much", "More", "Is", "Are", "Was", "Were", "Do", "Does", "Did", "Has", "Have", "Had",
    "Can", "Could", "Will", "Would", "Should", "May", "Might", "Must", "Let", "Please", "Thank",
    "Thanks", "Yes", "Well", "Oh", "By", "From", "To", "Of", "About", "Among", "Between",
    "Over", "Through", "Without", "Within", "Until", "Unlike", "Like", "Following", "Asked",
    "Speaking", "Another", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
    "Nine", "Ten", "First", "Second", "Third", "Finally", "Overall", "Currently", "Recently",
};

struct Tables {
  std::unordered_map<std::string_view, AbbrevClass> abbrev;
  std::unordered_set<std::string_view> numeric_abbrev;
  std::unordered_set<std::string_view> hyphen_prefix;  // lower case
  std::unordered_set<std::string_view> units;          // lower case
  std::unordered_set<std::string_view> starters;

  Tables() {
    for (auto a : kOtherAbbrevs) abbrev[a] = AbbrevClass::kOther;
    for (auto a : kTitleAbbrevs) abbrev[a] = AbbrevClass::kTitle;
    for (auto a : kNumericAbbrevs) numeric_abbrev.insert(a);
    for (auto a : kHyphenPrefixes) hyphen_prefix.insert(a);
    for (auto a : kUnits) units.insert(a);
    for (auto a : kStarters) starters.insert(a);
  }
};

const Tables& T() {
  static const Tables* tables = new Tables();
  return *tables;
}

// ---------------------------------------------------------------------------------------------
// Tokenizer.

class Tokenizer {
 public:
  Tokenizer(std::string_view text, std::vector<RawToken>* out) : t_(text), out_(out) {}

  void Run() {
    const size_t n = t_.size();
    size_t i = 0;
    while (i < n) {
      char c = t_[i];
      if (IsAsciiSpace(c)) {
        if (c == '\n') {
          ++newlines_;
          // A blank line ends a paragraph: quotes do not run across it.
          if (newlines_ >= 2) single_open_ = false;
        }
        space_ = true;
        ++i;
        continue;
      }
      size_t j = i + 1;
      while (j < n && !IsAsciiSpace(t_[j])) ++j;
      Chunk(i, j);
      i = j;
    }
  }

 private:
  void Emit(size_t b, size_t e, TokKind kind, bool joins = false) {
    RawToken tok;
    tok.begin = static_cast<uint32_t>(b);
    tok.end = static_cast<uint32_t>(e);
    tok.newlines_before = static_cast<uint16_t>(std::min<size_t>(newlines_, 1000));
    tok.space_before = space_;
    tok.joins_previous = joins;
    tok.kind = kind;
    out_->push_back(tok);
    newlines_ = 0;
    space_ = false;
  }

  // Length of the run of `c` at i (byte-wise, for ASCII characters).
  size_t Run(size_t i, size_t e, char c) const {
    size_t j = i;
    while (j < e && t_[j] == c) ++j;
    return j - i;
  }

  bool StartsWithIgnoreCase(size_t i, size_t e, std::string_view prefix) const {
    if (e - i < prefix.size()) return false;
    return EqualsLower(t_.substr(i, prefix.size()), prefix);
  }

  // End of a URL starting at i: up to the chunk end, less final punctuation.
  size_t UrlEnd(size_t i, size_t e) const {
    size_t q = e;
    int open_parens = 0;
    for (size_t k = i; k < e; ++k) {
      if (t_[k] == '(') ++open_parens;
      if (t_[k] == ')') --open_parens;
    }
    while (q > i + 1) {
      char c = t_[q - 1];
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' ||
          c == '\'' || c == ']' || c == '>' || c == '}') {
        --q;
      } else if (c == ')' && open_parens < 0) {
        ++open_parens;
        --q;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        // Typographic closing quotes after a URL.
        size_t len = 0;
        char32_t cp = utf8::DecodeBefore(t_, q, &len);
        if (cp == 0x201D || cp == 0x2019 || cp == 0xBB) {
          q -= len;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    return q;
  }

  bool UrlAt(size_t i, size_t e) const {
    if (!IsAsciiAlpha(static_cast<unsigned char>(t_[i]))) return false;
    if (StartsWithIgnoreCase(i, e, "http://") || StartsWithIgnoreCase(i, e, "https://") ||
        StartsWithIgnoreCase(i, e, "ftp://")) {
      return e - i > 8;
    }
    return StartsWithIgnoreCase(i, e, "www.") && e - i > 5 && IsWordChar(At(t_, i + 4).cp);
  }

  void Chunk(size_t b, size_t e) {
    size_t p = b;
    const bool has_at = t_.substr(b, e - b).find('@') != std::string_view::npos;
    while (p < e) {
      Ch c = At(t_, p);
      if (c.cp < 0x80 && UrlAt(p, e)) {
        size_t q = UrlEnd(p, e);
        Emit(p, q, TokKind::kUrl);
        p = q;
        continue;
      }
      if (IsWordChar(c.cp)) {
        if (has_at) {
          size_t len = EmailLength(p, e);
          if (len > 0) {
            Emit(p, p + len, TokKind::kUrl);
            p += len;
            continue;
          }
        }
        p = Word(p, b, e);
        continue;
      }
      p = Punct(p, c, b, e);
    }
  }

  // Punctuation or symbol at p; returns the position after it.
  size_t Punct(size_t p, Ch c, size_t b, size_t e) {
    switch (c.cp) {
      case '.':
      case '!':
      case '?': {
        if (c.cp == '.' && Run(p, e, '.') == 1 && p + 1 < e && IsAsciiDigit(t_[p + 1]) &&
            (p == b || !IsWordChar(At(t_, p - 1).cp))) {
          return Word(p, b, e);  // ".5"
        }
        size_t q = p;
        while (q < e && (t_[q] == '.' || t_[q] == '!' || t_[q] == '?')) ++q;
        Emit(p, q, TokKind::kTerminal);
        return q;
      }
      case 0x0964:  // Devanagari danda
      case 0x0965:
      case 0x3002:  // ideographic full stop
      case 0xFF01:  // fullwidth ! ? .
      case 0xFF1F:
      case 0xFF0E:
        Emit(p, p + c.len, TokKind::kTerminal);
        return p + c.len;
      case 0x2026: {  // …
        size_t q = p + c.len;
        while (q < e && (t_[q] == '.' || t_[q] == '!' || t_[q] == '?' ||
                         t_.compare(q, 3, "\xE2\x80\xA6") == 0)) {
          q += t_[q] == '\xE2' ? 3 : 1;
        }
        Emit(p, q, TokKind::kTerminal);
        return q;
      }
      case '"':
        Emit(p, p + 1, TokKind::kStraightQuote);
        return p + 1;
      case '`': {
        size_t q = p + Run(p, e, '`');
        Emit(p, q, TokKind::kOpenQuote);
        return q;
      }
      case '\'':
      case 0x2019:
      case 0x02BC:
        return Apostrophe(p, c, b, e);
      case 0x2018:  // ‘
        Emit(p, p + c.len, TokKind::kOpenQuote);
        single_open_ = true;
        return p + c.len;
      case 0x201C:  // “
      case 0x201E:  // „
      case 0x00AB:  // «
      case 0x2039:  // ‹
        Emit(p, p + c.len, TokKind::kOpenQuote);
        return p + c.len;
      case 0x201D:  // ”
      case 0x00BB:  // »
      case 0x203A:  // ›
        Emit(p, p + c.len, TokKind::kCloseQuote);
        return p + c.len;
      case '(':
      case '[':
      case '{':
        Emit(p, p + 1, TokKind::kOpenBracket);
        return p + 1;
      case ')':
      case ']':
      case '}':
        Emit(p, p + 1, TokKind::kCloseBracket);
        return p + 1;
      case '-': {
        size_t q = p + Run(p, e, '-');
        Emit(p, q, TokKind::kDash);
        return q;
      }
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2014:
      case 0x2015:
      case 0x2212: {
        size_t q = p + c.len;
        while (q < e && t_.compare(q, c.len, t_.substr(p, c.len)) == 0) q += c.len;
        Emit(p, q, TokKind::kDash);
        return q;
      }
      case ',':
        Emit(p, p + 1, TokKind::kComma);
        return p + 1;
      case '#':
      case '@':
        if (p + 1 < e && IsLetter(At(t_, p + 1).cp)) {
          size_t q = p + 1;
          while (q < e) {
            Ch d = At(t_, q);
            if (!IsWordChar(d.cp)) break;
            q += d.len;
          }
          Emit(p, q, TokKind::kWord);
          return q;
        }
        break;
      default:
        break;
    }
    if (c.cp < 0x80) {
      // Emoticons (":-)", ";)") and runs of one symbol ("***", "=====", "$$$", "<<").
      size_t emo = EmoticonLength(p, e);
      if (emo > 0) {
        Emit(p, p + emo, TokKind::kOther);
        return p + emo;
      }
      size_t q = p + Run(p, e, static_cast<char>(c.cp));
      Emit(p, q, TokKind::kOther);
      return q;
    }
    // Any other symbol: one code point, with the combining marks and variation selectors that
    // follow it.
    size_t q = p + c.len;
    while (q < e) {
      Ch d = At(t_, q);
      if (d.cp < 0x300) break;
      auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(d.cp));
      if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_ME && d.cp != 0x200D &&
          !(d.cp >= 0xFE00 && d.cp <= 0xFE0F)) {
        break;
      }
      q += d.len;
    }
    Emit(p, q, TokKind::kOther);
    return q;
  }

  // Length of an emoticon at p (":)", ":-(", ";-)", ":D", "<3"), or 0.
  size_t EmoticonLength(size_t p, size_t e) const {
    char c = t_[p];
    if (c == '<' && p + 1 < e && t_[p + 1] == '3') return (p + 2 == e || !IsAsciiDigit(t_[p + 2])) ? 2 : 0;
    if (c != ':' && c != ';' && c != '=') return 0;
    size_t q = p + 1;
    if (q < e && (t_[q] == '-' || t_[q] == '\'')) ++q;
    if (q >= e) return 0;
    char m = t_[q];
    if (m == ')' || m == '(' || m == 'D' || m == 'P' || m == 'p' || m == '/' || m == '|' ||
        m == ']' || m == '[') {
      // Not when a word follows at once ("http:/", ":Part").
      if (q + 1 < e && IsAsciiAlpha(static_cast<unsigned char>(t_[q + 1]))) return 0;
      if ((m == 'D' || m == 'P' || m == 'p' || m == '/') && q == p + 1 && c == ':' &&
          q + 1 < e) {
        return 0;
      }
      return q + 1 - p;
    }
    return 0;
  }

  // An e-mail address starting at p, or 0: local@domain.tld.
  size_t EmailLength(size_t p, size_t e) const {
    size_t q = p;
    auto local = [](char x) {
      return IsAsciiAlpha(static_cast<unsigned char>(x)) || IsAsciiDigit(x) || x == '.' ||
             x == '_' || x == '%' || x == '+' || x == '-';
    };
    // Bounded scans (RFC 5321 limits: 64-byte local part, 255-byte domain), so a long chunk
    // with an '@' cannot make tokenisation quadratic.
    const size_t local_end = std::min(e, p + 65);
    while (q < local_end && local(t_[q])) ++q;
    if (q == p || q >= e || t_[q] != '@') return 0;
    size_t r = q + 1;
    size_t last_dot = 0;
    const size_t domain_end = std::min(e, q + 256);
    while (r < domain_end && (IsAsciiAlpha(static_cast<unsigned char>(t_[r])) || IsAsciiDigit(t_[r]) ||
                     t_[r] == '.' || t_[r] == '-')) {
      if (t_[r] == '.') last_dot = r;
      ++r;
    }
    while (r > q + 1 && (t_[r - 1] == '.' || t_[r - 1] == '-')) --r;
    if (last_dot == 0 || last_dot + 1 >= r) return 0;
    return r - p;
  }

  // An apostrophe that does not sit inside a word.
  size_t Apostrophe(size_t p, Ch c, size_t b, size_t e) {
    size_t q = p + c.len;
    // '90s, '72
    if (q < e && IsAsciiDigit(t_[q]) && (p == b || !IsWordChar(At(t_, p - 1).cp))) {
      size_t r = q;
      while (r < e && IsAsciiDigit(t_[r])) ++r;
      if (r - q == 2) {
        if (r < e && t_[r] == 's') ++r;
        Emit(p, r, TokKind::kNumber);
        return r;
      }
    }
    bool after_word = !out_->empty() && out_->back().end == p &&
                      (out_->back().kind == TokKind::kWord || out_->back().kind == TokKind::kNumber);
    bool before_word = q < e && IsWordChar(At(t_, q).cp);
    if (after_word && !before_word) {
      char last = t_[p - 1];
      if ((last == 's' || last == 'S') && !single_open_) {
        Emit(p, q, TokKind::kWord, /*joins=*/true);  // parents' (possessive)
        return q;
      }
      single_open_ = false;
      Emit(p, q, TokKind::kCloseQuote);
      return q;
    }
    if (!after_word && before_word) {
      // Clitic written apart ("'s" after a space) or an opening quote.
      size_t r = q;
      while (r < e && IsAsciiAlpha(static_cast<unsigned char>(t_[r]))) ++r;
      std::string_view rest = t_.substr(q, r - q);
      if ((r == e || !IsWordChar(At(t_, r).cp)) && !out_->empty() &&
          (EqualsLower(rest, "s") || EqualsLower(rest, "re") || EqualsLower(rest, "ve") ||
           EqualsLower(rest, "ll") || EqualsLower(rest, "m") || EqualsLower(rest, "d"))) {
        Emit(p, r, TokKind::kWord);
        return r;
      }
      Emit(p, q, TokKind::kOpenQuote);
      single_open_ = true;
      return q;
    }
    if (single_open_ && !space_) {
      single_open_ = false;
      Emit(p, q, TokKind::kCloseQuote);
    } else if (space_ && before_word) {
      single_open_ = true;
      Emit(p, q, TokKind::kOpenQuote);
    } else {
      // Attached to punctuation on the left (".'"): closing; otherwise a lone quote.
      bool closing = !space_;
      if (closing) single_open_ = false;
      Emit(p, q, closing ? TokKind::kCloseQuote : TokKind::kOpenQuote);
      if (!closing) single_open_ = true;
    }
    return q;
  }

  // Number of bytes of the word-character run at i.
  size_t WordRun(size_t i, size_t e) const {
    size_t q = i;
    while (q < e) {
      Ch d = At(t_, q);
      if (!IsWordChar(d.cp)) break;
      q += d.len;
    }
    return q - i;
  }

  bool AllDigits(size_t b, size_t e) const {
    if (b >= e) return false;
    for (size_t k = b; k < e; ++k) {
      if (!IsAsciiDigit(t_[k])) return false;
    }
    return true;
  }

  bool KeepHyphen(size_t seg_b, size_t hyphen, size_t e, int kept_before) const {
    size_t next_len = WordRun(hyphen + 1, e);
    if (AllDigits(seg_b, hyphen) && AllDigits(hyphen + 1, hyphen + 1 + next_len)) {
      // Phone numbers, codes and dates (713-853-3989, 12-20-2000) stay whole; ranges split.
      if (kept_before > 0) return true;
      size_t after = hyphen + 1 + next_len;
      if (after + 1 < e && t_[after] == '-' && IsAsciiDigit(t_[after + 1])) return true;
      return (hyphen - seg_b == 3 && next_len == 4);
    }
    if (hyphen - seg_b > 8) return false;
    std::string lower = Lower(t_.substr(seg_b, hyphen - seg_b));
    return T().hyphen_prefix.count(lower) > 0;
  }

  // A word starting at p (a word character, or '.' before a digit). Emits it, possibly split
  // into a word and clitics, and returns the position after it.
  size_t Word(size_t p, size_t b, size_t e) {
    size_t q = t_[p] == '.' ? p + 1 : p;  // ".5"
    size_t seg_b = p;   // start of the current hyphen/slash segment
    size_t dot_seg = p;  // start of the current period segment
    int kept_hyphens = 0;
    while (q < e) {
      Ch d = At(t_, q);
      if (IsWordChar(d.cp)) {
        q += d.len;
        continue;
      }
      if (d.cp == '-' && q > p && (q + 1 == e || !IsWordChar(At(t_, q + 1).cp)) &&
          (q + 1 == e || t_[q + 1] != '-')) {
        // A suspended or cut-off word keeps its hyphen: "pre- and post-war", "re- I mean".
        q += 1;
        break;
      }
      if (q + d.len >= e || q == p) break;
      Ch next = At(t_, q + d.len);
      bool next_word = IsWordChar(next.cp);
      char32_t prev = At(t_, q - 1).cp;  // ASCII check only below
      if (d.cp == '.' && next_word) {
        // Internal period: 3.5, U.S, e.g, a.m, example.com. Not "end.Next" (a missing space).
        bool digits = IsAsciiDigit(prev) && IsAsciiDigit(next.cp);
        if (digits || IsLowerStart(t_, q + 1) || q - dot_seg <= 2) {
          q += 1;
          dot_seg = q;
          continue;
        }
        break;
      }
      if (d.cp == ',' && IsAsciiDigit(prev) && q + 3 < e + 0 && AllDigits(q + 1, q + 4) &&
          (q + 4 == e || !IsAsciiDigit(t_[q + 4]))) {
        q += 1;  // 1,000
        continue;
      }
      if (d.cp == ':' && IsAsciiDigit(prev) && IsAsciiDigit(next.cp)) {
        q += 1;  // 5:30
        continue;
      }
      if (IsApostrophe(d.cp) && IsLetter(next.cp)) {
        q += d.len;  // don't, O'Brien (clitics are split below)
        continue;
      }
      if (d.cp == '&' && IsAsciiAlpha(prev) && IsAsciiAlpha(next.cp) && q - p <= 4) {
        q += 1;  // AT&T, S&P
        continue;
      }
      if (d.cp == '-' && next_word) {
        if (KeepHyphen(seg_b, q, e, kept_hyphens)) {
          ++kept_hyphens;
          q += 1;
          seg_b = q;
          dot_seg = q;
          continue;
        }
        break;
      }
      if (d.cp == '/' && next_word) {
        size_t next_len = WordRun(q + 1, e);
        bool digits = IsAsciiDigit(prev) && IsAsciiDigit(next.cp);
        if (digits || q - seg_b == 1 || next_len == 1) {
          q += 1;  // 9/11, 1/2, w/o, L/C
          seg_b = q;
          continue;
        }
        break;
      }
      if (d.cp == '@' && next_word) {
        // E-mail address: the rest of the address.
        size_t r = q + 1;
        while (r < e) {
          char x = t_[r];
          if (IsAsciiAlpha(static_cast<unsigned char>(x)) || IsAsciiDigit(x) || x == '.' ||
              x == '-' || x == '_') {
            ++r;
          } else {
            break;
          }
        }
        while (r > q + 1 && (t_[r - 1] == '.' || t_[r - 1] == '-')) --r;
        Emit(p, r, TokKind::kUrl);
        return r;
      }
      break;
    }
    if (q == p) q = p + At(t_, p).len;  // defensive: always make progress

    // A period that belongs to the word: abbreviations and initials.
    // "Inc.." at a sentence end: the abbreviation keeps one period, the other ends the sentence.
    if (q < e && t_[q] == '.' &&
        (q + 1 == e || t_[q + 1] != '.' || (q + 2 == e || t_[q + 2] != '.'))) {
      std::string_view with = t_.substr(p, q + 1 - p);
      bool abbrev = false;
      if (ClassifyAbbreviation(with) != AbbrevClass::kNone) {
        abbrev = true;
      } else if (T().numeric_abbrev.count(with) > 0) {
        size_t r = q + 1;
        while (r < t_.size() && (t_[r] == ' ' || t_[r] == '\t')) ++r;
        abbrev = r < t_.size() && IsAsciiDigit(t_[r]);
      }
      if (abbrev) {
        Emit(p, q + 1, TokKind::kAbbrev);
        return q + 1;
      }
    }

    std::string_view w = t_.substr(p, q - p);
    bool starts_digit = IsAsciiDigit(t_[p]) || t_[p] == '.';
    if (starts_digit) {
      // Number followed by a unit: 5pm -> 5 pm. Ordinals (3rd) and decades (1990s) stay whole.
      size_t k = p;
      while (k < q && (IsAsciiDigit(t_[k]) || t_[k] == '.' || t_[k] == ',')) ++k;
      if (k < q && k > p && IsAsciiDigit(t_[k - 1])) {
        std::string unit = Lower(t_.substr(k, q - k));
        bool letters = std::all_of(unit.begin(), unit.end(),
                                   [](char x) { return x >= 'a' && x <= 'z'; });
        if (letters && T().units.count(unit) > 0) {
          Emit(p, k, TokKind::kNumber);
          Emit(k, q, TokKind::kWord);
          return q;
        }
      }
      Emit(p, q, TokKind::kNumber);
      return q;
    }
    EmitWordWithClitics(p, q, w);
    return q;
  }

  void EmitWordWithClitics(size_t p, size_t q, std::string_view w) {
    // Whole-word contractions without an apostrophe.
    if (w.size() == 6 && EqualsLower(w, "cannot")) {
      Emit(p, p + 3, TokKind::kWord);
      Emit(p + 3, q, TokKind::kWord, true);
      return;
    }
    if (w.size() == 5 && (EqualsLower(w, "gonna") || EqualsLower(w, "wanna") ||
                          EqualsLower(w, "gotta"))) {
      Emit(p, p + 3, TokKind::kWord);
      Emit(p + 3, q, TokKind::kWord, true);
      return;
    }
    // Find the last apostrophe (ASCII or typographic).
    size_t apos = std::string_view::npos, apos_len = 0;
    for (size_t k = w.size(); k-- > 1;) {
      if (w[k] == '\'') {
        apos = k;
        apos_len = 1;
        break;
      }
      if (k >= 2 && w.compare(k - 2, 3, "\xE2\x80\x99") == 0) {
        apos = k - 2;
        apos_len = 3;
        break;
      }
    }
    if (apos != std::string_view::npos && apos > 0) {
      std::string_view suffix = w.substr(apos + apos_len);
      // n't: split before the n (don't -> do n't, can't -> ca n't, won't -> wo n't).
      if (EqualsLower(suffix, "t") && apos >= 2 && (w[apos - 1] == 'n' || w[apos - 1] == 'N')) {
        size_t split = apos - 1;
        Emit(p, p + split, TokKind::kWord);
        Emit(p + split, q, TokKind::kWord, true);
        return;
      }
      if (EqualsLower(suffix, "s") || EqualsLower(suffix, "m") || EqualsLower(suffix, "d") ||
          EqualsLower(suffix, "ll") || EqualsLower(suffix, "re") || EqualsLower(suffix, "ve")) {
        Emit(p, p + apos, TokKind::kWord);
        Emit(p + apos, q, TokKind::kWord, true);
        return;
      }
    }
    Emit(p, q, TokKind::kWord);
  }

  std::string_view t_;
  std::vector<RawToken>* out_;
  size_t newlines_ = 0;
  bool space_ = true;
  bool single_open_ = false;  // an opening single quote is waiting for its closing one
};

}  // namespace

AbbrevClass ClassifyAbbreviation(std::string_view word) {
  if (word.size() < 2 || word.back() != '.') return AbbrevClass::kNone;
  auto it = T().abbrev.find(word);
  if (it != T().abbrev.end()) return it->second;
  std::string_view stem = word.substr(0, word.size() - 1);
  if (stem.size() == 1 && IsAsciiUpper(static_cast<unsigned char>(stem[0]))) {
    return AbbrevClass::kInitial;
  }
  // Letters with inner periods: U.S., a.m., Ph.D., B.C.E.
  bool inner = false;
  bool ok = true;
  size_t seg = 0;
  for (char c : stem) {
    if (c == '.') {
      if (seg == 0 || seg > 3) ok = false;
      inner = true;
      seg = 0;
    } else if (IsAsciiAlpha(static_cast<unsigned char>(c))) {
      ++seg;
    } else {
      ok = false;
    }
  }
  if (seg == 0 || seg > 3) ok = false;
  if (ok && inner) return AbbrevClass::kOther;
  // All-caps forms of listed abbreviations ("MR.", "INC.").
  if (stem.size() <= 6) {
    std::string mixed(word);
    bool upper = true;
    for (char c : stem) upper = upper && (IsAsciiUpper(static_cast<unsigned char>(c)));
    if (upper && stem.size() >= 2) {
      for (size_t k = 1; k + 1 < mixed.size(); ++k) mixed[k] = LowerAscii(mixed[k]);
      auto it2 = T().abbrev.find(mixed);
      if (it2 != T().abbrev.end()) return it2->second;
    }
  }
  return AbbrevClass::kNone;
}

bool IsSentenceStarter(std::string_view word) { return T().starters.count(word) > 0; }

void Tokenize(std::string_view text, std::vector<RawToken>* out) {
  Tokenizer(text, out).Run();
}

}  // namespace dyad

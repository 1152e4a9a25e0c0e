#include "text/segmenter.h"

#include <cstdint>
#include <limits>
#include <string>

#include "text/tokenizer.h"

namespace dyad {
namespace {

// Role of a token in quote and bracket pairing.
enum class Role : uint8_t { kNone, kOpen, kClose };

bool IsLowerAt(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return c >= 'a' && c <= 'z';
  // Non-ASCII lower-case letters at a sentence start are rare; treat them as not lower.
  return false;
}

bool IsUpperLetterAt(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return true;  // a non-ASCII letter or symbol: could start a sentence
}

bool IsEllipsis(std::string_view s) {
  return s == "\xE2\x80\xA6" || (s.size() >= 2 && s[0] == '.' && s[1] == '.');
}

class Splitter {
 public:
  Splitter(std::string_view text, const std::vector<RawToken>& toks)
      : t_(text), toks_(toks), roles_(toks.size(), Role::kNone) {}

  // Fills *starts: (*starts)[i] is true when a sentence begins at token i.
  void Run(std::vector<uint8_t>* starts) {
    const size_t n = toks_.size();
    starts->assign(n, 0);
    if (n == 0) return;
    AssignRoles();
    // Is the text hard-wrapped (a paragraph spread over several lines), or one paragraph per
    // line as news text usually is? Wrapped text has many line breaks inside sentences, seen as
    // lines that go on in lower case.
    size_t breaks = 0, lower_next = 0;
    for (size_t i = 1; i < n; ++i) {
      if (toks_[i].newlines_before != 1) continue;
      ++breaks;
      if (IsLowerAt(t_, toks_[i].begin) && !EndsSentence(i - 1)) ++lower_next;
    }
    wrapped_ = lower_next >= 2 && lower_next * 4 >= breaks;
    (*starts)[0] = 1;
    for (size_t i = 1; i < n; ++i) {
      if (toks_[i].newlines_before >= 2) {
        (*starts)[i] = 1;
      } else if (toks_[i].newlines_before == 1 && NewlineBreaks(i)) {
        (*starts)[i] = 1;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      TokKind k = toks_[i].kind;
      if (k != TokKind::kTerminal && k != TokKind::kAbbrev) continue;
      size_t j = i + 1;
      while (j < n && toks_[j].newlines_before == 0) {
        if (roles_[j] == Role::kClose) {
          ++j;
        } else if (IsCitation(j)) {
          j += 3;  // "... in 1805. [6] An undistinguished ...": the reference ends the sentence
        } else {
          break;
        }
      }
      if (j >= n || toks_[j].newlines_before > 0) continue;  // the line rules decide
      if (BreaksAfter(i, j)) (*starts)[j] = 1;
    }
  }

 private:
  std::string_view Text(size_t i) const {
    return t_.substr(toks_[i].begin, toks_[i].end - toks_[i].begin);
  }

  // A reference mark "[12]" starting at token i.
  bool IsCitation(size_t i) const {
    return i + 2 < toks_.size() && Text(i) == "[" && toks_[i + 1].kind == TokKind::kNumber &&
           Text(i + 2) == "]" && !toks_[i + 1].space_before && !toks_[i + 2].space_before &&
           toks_[i + 1].end - toks_[i + 1].begin <= 3;
  }

  // Opening or closing role of quotes and brackets. Straight quotes are judged by what they
  // touch, and by pairing when they touch both sides or neither.
  void AssignRoles() {
    bool dq_open = false;
    const size_t n = toks_.size();
    for (size_t i = 0; i < n; ++i) {
      const RawToken& tok = toks_[i];
      if (tok.newlines_before > 0) dq_open = false;
      switch (tok.kind) {
        case TokKind::kOpenQuote:
        case TokKind::kOpenBracket:
          roles_[i] = Role::kOpen;
          break;
        case TokKind::kCloseQuote:
        case TokKind::kCloseBracket:
          roles_[i] = Role::kClose;
          break;
        case TokKind::kStraightQuote: {
          bool left = i > 0 && !tok.space_before;
          bool right = i + 1 < n && !toks_[i + 1].space_before;
          Role r;
          if (left && !right) {
            r = Role::kClose;
          } else if (right && !left) {
            r = Role::kOpen;
          } else {
            r = dq_open ? Role::kClose : Role::kOpen;
          }
          roles_[i] = r;
          dq_open = r == Role::kOpen;
          break;
        }
        default:
          break;
      }
    }
  }

  // Ends a sentence: final punctuation, possibly followed by closing quotes or brackets.
  bool EndsSentence(size_t i) const {
    // At most a few closers (bounded so that a run of brackets cannot make this quadratic).
    for (int k = 0; k < 8 && i > 0 && roles_[i] == Role::kClose; ++k) --i;
    TokKind k = toks_[i].kind;
    if (k == TokKind::kTerminal) return true;
    if (k == TokKind::kAbbrev) return ClassifyAbbreviation(Text(i)) == AbbrevClass::kOther;
    return false;
  }

  // A single newline before token i. In text with one paragraph per line, always a new
  // sentence. In hard-wrapped text, a new sentence unless the line before did not end a sentence
  // and the new line continues in lower case, or the line before ends with a lower-case word or
  // a comma that calls for more.
  bool NewlineBreaks(size_t i) const {
    if (!wrapped_) return true;
    if (EndsSentence(i - 1)) return true;
    if (IsLowerAt(t_, toks_[i].begin)) return false;
    // A list item: a line that starts with a bullet or dash.
    std::string_view first = Text(i);
    if (toks_[i].kind == TokKind::kDash || first == "*" || first == "\xE2\x80\xA2") return true;
    TokKind prev = toks_[i - 1].kind;
    if (prev == TokKind::kComma) return false;
    if (prev == TokKind::kWord && IsLowerAt(t_, toks_[i - 1].begin)) {
      // "... said the\nPresident": a wrapped line ending with a lower-case word. A heading
      // ends with a capitalised word or a number, not with "the".
      return false;
    }
    return true;
  }

  // Terminal token i, closers up to j (exclusive): does a sentence begin at j?
  bool BreaksAfter(size_t i, size_t j) const {
    const size_t n = toks_.size();
    size_t k = j;
    while (k < n && roles_[k] == Role::kOpen && toks_[k].newlines_before == 0) ++k;
    bool opener = k > j;
    if (k >= n) return opener;
    const RawToken& w = toks_[k];
    switch (w.kind) {
      case TokKind::kComma:
      case TokKind::kCloseBracket:
      case TokKind::kCloseQuote:
      case TokKind::kTerminal:
      case TokKind::kDash:
        return false;
      case TokKind::kOther: {
        std::string_view s = Text(k);
        if (s == ";" || s == ":" || s == "%") return false;
        break;
      }
      default:
        break;
    }
    const RawToken& t = toks_[i];
    std::string_view tt = Text(i);
    if (t.kind == TokKind::kAbbrev) {
      AbbrevClass cls = ClassifyAbbreviation(tt);
      if (cls == AbbrevClass::kTitle || cls == AbbrevClass::kNone) return false;
      if (IsLowerAt(t_, w.begin)) return false;
      return IsSentenceStarter(Text(k));
    }
    // After an ellipsis, only a capital starts a new sentence (EWT/GUM training data: 161 of
    // 193 times before a capital, 29 of 280 times before anything else).
    if (IsEllipsis(tt)) return IsUpperLetterAt(t_, w.begin);
    if (IsLowerAt(t_, w.begin)) {
      // "... by cats. they look": in the training data a lower-case word right after . ? !
      // starts a new sentence far more often than not; after a closing quote ('"Why?" he
      // asked') it does not.
      return j == i + 1 && !opener && w.kind != TokKind::kNumber;
    }
    // "1. The first point": a list number at the start of a line.
    if (tt == "." && i > 0 && toks_[i - 1].kind == TokKind::kNumber &&
        (i == 1 || toks_[i - 1].newlines_before > 0) && toks_[i - 1].end - toks_[i - 1].begin <= 2) {
      return false;
    }
    return true;
  }

  std::string_view t_;
  const std::vector<RawToken>& toks_;
  std::vector<Role> roles_;
  bool wrapped_ = false;
};

}  // namespace

void SegmentText(std::string_view text, std::vector<Sentence>* sentences,
                 std::vector<Token>* tokens, std::vector<bool>* joins_previous) {
  if (text.empty()) return;
  // Offsets are 32-bit; longer texts are segmented up to the limit (callers reject them first).
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    text = text.substr(0, std::numeric_limits<uint32_t>::max() - 1);
  }
  std::vector<RawToken> toks;
  toks.reserve(text.size() / 5 + 8);
  Tokenize(text, &toks);
  if (toks.empty()) return;
  std::vector<uint8_t> starts;
  Splitter(text, toks).Run(&starts);

  const uint32_t base = static_cast<uint32_t>(tokens->size());
  tokens->reserve(tokens->size() + toks.size());
  if (joins_previous != nullptr) joins_previous->reserve(joins_previous->size() + toks.size());
  for (size_t i = 0; i < toks.size(); ++i) {
    const RawToken& r = toks[i];
    Token tok;
    tok.clean = {r.begin, r.end};
    tok.form.assign(text.data() + r.begin, r.end - r.begin);
    tok.space_after = i + 1 == toks.size() ? true : toks[i + 1].begin > r.end;
    tokens->push_back(std::move(tok));
    if (joins_previous != nullptr) joins_previous->push_back(r.joins_previous);
  }
  size_t first = 0;
  for (size_t i = 1; i <= toks.size(); ++i) {
    if (i == toks.size() || starts[i]) {
      Sentence s;
      s.clean = {toks[first].begin, toks[i - 1].end};
      s.token_begin = base + static_cast<uint32_t>(first);
      s.token_end = base + static_cast<uint32_t>(i);
      sentences->push_back(s);
      first = i;
    }
  }
}

Segmenter::Segmenter() = default;

void Segmenter::Segment(std::string_view text, std::vector<Sentence>* sentences,
                        std::vector<Token>* tokens) const {
  SegmentText(text, sentences, tokens, nullptr);
}

Status SegmentStage::Process(Document& doc) const {
  if (doc.clean.size() >= std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument("document " + doc.id + ": clean text of " +
                           std::to_string(doc.clean.size()) +
                           " bytes is over the 4 GiB limit of byte offsets");
  }
  doc.sentences.clear();
  doc.tokens.clear();
  segmenter_.Segment(doc.clean, &doc.sentences, &doc.tokens);
  return Status::Ok();
}

}  // namespace dyad

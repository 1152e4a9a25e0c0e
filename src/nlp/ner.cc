#include "nlp/ner.h"
#include "nlp/self_test.h"

#include <algorithm>
#include <map>

#include "nlp/features.h"
#include "nlp/serial.h"

namespace dyad::nlp {

std::vector<EntitySpan> SpansFromIob2(const Token* tokens, size_t n) {
  std::vector<EntitySpan> out;
  for (size_t i = 0; i < n; ++i) {
    const std::string& t = tokens[i].ner;
    if (t.size() < 3 || (t[0] != 'B' && t[0] != 'I') || t[1] != '-') continue;
    std::string type = t.substr(2);
    bool cont = t[0] == 'I' && !out.empty() && out.back().end == i && out.back().type == type;
    if (cont) {
      out.back().end = static_cast<uint32_t>(i + 1);
    } else {
      out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1), type});
    }
  }
  return out;
}

void PropagateEntities(const std::vector<std::pair<Token*, size_t>>& sentences) {
  // Names found, by their token sequence.
  std::unordered_map<std::string, std::map<std::string, int>> found;
  size_t max_len = 0;
  auto key_of = [](const Token* t, size_t n) {
    std::string k;
    for (size_t i = 0; i < n; ++i) {
      if (i) k += '\x1f';
      k += t[i].form;
    }
    return k;
  };
  for (const auto& [toks, n] : sentences) {
    for (const EntitySpan& e : SpansFromIob2(toks, n)) {
      const std::string& f = toks[e.begin].form;
      if (f.size() < 2 || !(WordFlags(f) & (kFirstUpper | kAllUpper))) continue;
      found[key_of(toks + e.begin, e.end - e.begin)][e.type]++;
      max_len = std::max<size_t>(max_len, e.end - e.begin);
      // A person named in full is later called by the surname alone.
      if (e.type == "PER" && e.end - e.begin >= 2) {
        const std::string& last = toks[e.end - 1].form;
        if (last.size() >= 2 && (WordFlags(last) & kFirstUpper)) found[last]["PER"]++;
      }
    }
  }
  if (found.empty()) return;
  auto majority = [](const std::map<std::string, int>& types, std::string* type) {
    int count = 0;
    bool tie = false;
    for (const auto& [t, c] : types) {
      if (c > count) {
        *type = t;
        count = c;
        tie = false;
      } else if (c == count) {
        tie = true;
      }
    }
    return !tie;
  };
  // One type per name: where the same name is marked with different types, the minority gives
  // way to the majority (a tie leaves both).
  for (const auto& [toks, n] : sentences) {
    for (const EntitySpan& e : SpansFromIob2(toks, n)) {
      auto it = found.find(key_of(toks + e.begin, e.end - e.begin));
      std::string type;
      if (it == found.end() || !majority(it->second, &type) || type == e.type) continue;
      for (size_t k = e.begin; k < e.end; ++k) toks[k].ner = (k == e.begin ? "B-" : "I-") + type;
    }
  }
  for (const auto& [toks, n] : sentences) {
    size_t i = 0;
    while (i < n) {
      size_t best = 0;
      const std::map<std::string, int>* types = nullptr;
      auto capitalised = [&](size_t k) { return (WordFlags(toks[k].form) & kFirstUpper) != 0; };
      for (size_t len = std::min(max_len, n - i); len > 0; --len) {
        bool free = true;
        for (size_t k = i; k < i + len && free; ++k)
          free = toks[k].ner == "O" || toks[k].ner.empty();
        if (!free) continue;
        // Not a piece of a longer capitalised run ("CPA" in "New York CPA Society"): that is
        // another name, which the recogniser left unmarked for a reason.
        if ((i + len < n && capitalised(i + len)) || (i > 1 && capitalised(i - 1))) continue;
        auto it = found.find(key_of(toks + i, len));
        if (it == found.end()) continue;
        best = len;
        types = &it->second;
        break;
      }
      if (!best) {
        ++i;
        continue;
      }
      std::string type;
      if (majority(*types, &type)) {  // a name marked with two types equally often stays unmarked
        for (size_t k = i; k < i + best; ++k) toks[k].ner = (k == i ? "B-" : "I-") + type;
      }
      i += best;
    }
  }
}

bool NerAllowed(int prev, int c) {
  auto kind = [](int x) { return x <= 0 ? 0 : (x - 1) % 4; };  // 0 B, 1 I, 2 L, 3 U
  auto type = [](int x) { return (x - 1) / 4; };
  bool prev_open = prev > 0 && (kind(prev) == 0 || kind(prev) == 1);
  bool c_inside = c > 0 && (kind(c) == 1 || kind(c) == 2);
  if (prev_open) return c_inside && type(c) == type(prev);
  return !c_inside;
}

// Writes the BILOU classes of a span [begin, end) of type index `t`.
static void PutBilouSpan(uint32_t begin, uint32_t end, int t, std::vector<int>* out) {
  if (end - begin == 1) {
    (*out)[begin] = 4 + 4 * t;
    return;
  }
  (*out)[begin] = 1 + 4 * t;
  for (uint32_t i = begin + 1; i + 1 < end; ++i) (*out)[i] = 2 + 4 * t;
  (*out)[end - 1] = 3 + 4 * t;
}

std::vector<int> EncodeBilou(const Token* tokens, size_t n, const std::vector<std::string>& types) {
  std::vector<int> out(n, 0);
  for (const EntitySpan& s : SpansFromIob2(tokens, n)) {
    auto it = std::find(types.begin(), types.end(), s.type);
    if (it == types.end()) continue;
    PutBilouSpan(s.begin, s.end, static_cast<int>(it - types.begin()), &out);
  }
  return out;
}

std::vector<int> VoteBilou(const std::vector<std::vector<int>>& paths) {
  if (paths.empty()) return {};
  const size_t n = paths[0].size();
  struct Span {
    uint32_t begin, end;
    int type, votes;
  };
  std::vector<Span> spans;
  for (const auto& p : paths) {
    for (size_t i = 0; i < n; ++i) {
      if (p[i] <= 0) continue;
      int kind = (p[i] - 1) % 4, type = (p[i] - 1) / 4;
      if (kind != 0 && kind != 3) continue;  // B or U opens a span
      size_t j = i;
      if (kind == 0)
        while (j + 1 < n && (p[j + 1] - 1) % 4 == 1) ++j;  // I
      if (kind == 0) ++j;                                   // L
      uint32_t b = static_cast<uint32_t>(i), e = static_cast<uint32_t>(std::min(j + 1, n));
      bool seen = false;
      for (Span& s : spans) {
        if (s.begin == b && s.end == e && s.type == type) {
          ++s.votes;
          seen = true;
          break;
        }
      }
      if (!seen) spans.push_back({b, e, type, 1});
      i = e - 1;
    }
  }
  std::stable_sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    if (a.votes != b.votes) return a.votes > b.votes;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  });
  std::vector<int> out(n, 0);
  const int need = static_cast<int>(paths.size()) / 2 + 1;
  for (const Span& s : spans) {
    if (s.votes < need) break;
    bool free = true;
    for (uint32_t k = s.begin; k < s.end && free; ++k) free = out[k] == 0;
    if (free) PutBilouSpan(s.begin, s.end, s.type, &out);
  }
  return out;
}

uint64_t GazKeyHashed(uint64_t prefix_key, uint64_t form_hash) {
  return F(700, prefix_key, form_hash);
}

uint64_t GazKey(uint64_t prefix_key, std::string_view form) {
  return GazKeyHashed(prefix_key, HashStr(form));
}

void Gazetteer::Add(std::string_view name, std::string_view type) {
  auto it = std::find(types.begin(), types.end(), type);
  if (it == types.end()) {
    if (types.size() >= 31) return;  // bit 31 is kGivenAloneBit
    types.emplace_back(type);
    it = types.end() - 1;
  }
  uint32_t bit = 1u << (it - types.begin());
  // Tokens as the segmenter and the treebanks write them; with `split`, also a hyphen between
  // letters and a possessive 's are tokens of their own ("Coca - Cola", "McDonald 's").
  auto letter = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
  };
  auto tokenize = [&](bool split) {
    std::vector<std::string_view> toks;
    size_t i = 0;
    while (i < name.size()) {
      while (i < name.size() && name[i] == ' ') ++i;
      size_t j = i;
      while (j < name.size() && name[j] != ' ') ++j;
      if (j > i) {
        std::string_view w = name.substr(i, j - i);
        std::string_view trail;
        if (w.size() > 1 && w.back() == ',') {
          trail = w.substr(w.size() - 1);
          w.remove_suffix(1);
        }
        std::string_view poss;
        if (split && w.size() > 2 &&
            (w.substr(w.size() - 2) == "'s" || w.substr(w.size() - 2) == "'S")) {
          poss = w.substr(w.size() - 2);
          w.remove_suffix(2);
        }
        size_t a = 0;
        for (size_t k = 1; split && k + 1 < w.size(); ++k) {
          if (w[k] == '-' && letter(w[k - 1]) && letter(w[k + 1])) {
            toks.push_back(w.substr(a, k - a));
            toks.push_back(w.substr(k, 1));
            a = k + 1;
          }
        }
        toks.push_back(w.substr(a));
        if (!poss.empty()) toks.push_back(poss);
        if (!trail.empty()) toks.push_back(trail);
      }
      i = j;
    }
    return toks;
  };
  auto add = [&](const std::vector<std::string_view>& toks) {
    if (toks.empty() || toks.size() > 8) return;
    uint64_t k = 0, lk = 0;
    for (size_t j = 0; j < toks.size(); ++j) {
      if (j > 0) {
        exact_.Or(k, kPrefixFlag);
        folded_.Or(lk, kPrefixFlag);
      }
      k = GazKey(k, toks[j]);
      lk = GazKey(lk, LowerAscii(toks[j]));
    }
    exact_.Or(k, bit);
    folded_.Or(lk, bit);
    max_len = std::max<uint32_t>(max_len, static_cast<uint32_t>(toks.size()));
  };
  std::vector<std::string_view> whole = tokenize(false), split = tokenize(true);
  add(whole);
  if (split != whole) add(split);
}

bool Gazetteer::Table::Find(uint64_t key, uint32_t* value) const {
  if (keys.empty()) return false;
  if (key == 0) key = 1;
  const uint64_t mask = keys.size() - 1;
  for (uint64_t i = key & mask;; i = (i + 1) & mask) {
    if (keys[i] == key) {
      *value = values[i];
      return true;
    }
    if (keys[i] == 0) return false;
  }
}

void Gazetteer::Table::Or(uint64_t key, uint32_t value) {
  if (key == 0) key = 1;
  if ((used + 1) * 2 > keys.size()) {  // keep at most half full
    std::vector<uint64_t> old_keys = std::move(keys);
    std::vector<uint32_t> old_values = std::move(values);
    keys.assign(std::max<size_t>(16, old_keys.size() * 2), 0);
    values.assign(keys.size(), 0);
    used = 0;
    for (size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != 0) Or(old_keys[i], old_values[i]);
  }
  const uint64_t mask = keys.size() - 1;
  uint64_t i = key & mask;
  while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
  if (keys[i] == 0) {
    keys[i] = key;
    ++used;
  }
  values[i] |= value;
}

std::vector<std::pair<uint64_t, uint32_t>> Gazetteer::Names(bool folded) const {
  const Table& t = folded ? folded_ : exact_;
  std::vector<std::pair<uint64_t, uint32_t>> out;
  for (size_t i = 0; i < t.keys.size(); ++i) {
    uint32_t bits = t.values[i] & ~kPrefixFlag;
    if (t.keys[i] != 0 && bits != 0) out.emplace_back(t.keys[i], bits);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint64_t> Gazetteer::Prefixes(bool folded) const {
  const Table& t = folded ? folded_ : exact_;
  std::vector<uint64_t> out;
  for (size_t i = 0; i < t.keys.size(); ++i)
    if (t.keys[i] != 0 && (t.values[i] & kPrefixFlag)) out.push_back(t.keys[i]);
  std::sort(out.begin(), out.end());
  return out;
}

void Gazetteer::Insert(bool folded, uint64_t key, uint32_t type_bits, bool prefix) {
  (folded ? folded_ : exact_).Or(key, type_bits | (prefix ? kPrefixFlag : 0));
}

void Gazetteer::Match(const Token* tokens, size_t n, bool fold_case, std::vector<uint32_t>* bits,
                      std::vector<uint8_t>* pos) const {
  bits->assign(n, 0);
  pos->assign(n, 0);
  const Table& table = fold_case ? folded_ : exact_;
  if (table.used == 0) return;
  thread_local std::vector<uint64_t> hash;
  thread_local std::string lower;
  hash.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string& f = tokens[i].form;
    if (fold_case) {  // LowerAscii without an allocation per token
      lower.assign(f);
      for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      hash[i] = HashStr(lower);
    } else {
      hash[i] = HashStr(f);
    }
  }
  size_t i = 0;
  while (i < n) {
    uint64_t k = 0;
    size_t best_len = 0;
    uint32_t best_bits = 0;
    for (size_t len = 1; len <= max_len && i + len <= n; ++len) {
      k = GazKeyHashed(k, hash[i + len - 1]);
      uint32_t v = 0;
      if (!table.Find(k, &v)) {
        if (prefixes_known) break;  // no longer name starts this way
        continue;
      }
      if (v & ~kPrefixFlag) {
        best_len = len;
        best_bits = v & ~kPrefixFlag;
      }
      if (prefixes_known && !(v & kPrefixFlag)) break;
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    for (size_t j = 0; j < best_len; ++j) {
      (*bits)[i + j] = best_bits;
      (*pos)[i + j] = best_len == 1 ? 4 : j == 0 ? 1 : j + 1 == best_len ? 3 : 2;
    }
    i += best_len;
  }
}

void PrepareNerWords(const Token* tokens, size_t n, const Gazetteer* gaz, const WordStats* stats,
                     std::vector<NerWord>* out) {
  out->resize(n);
  thread_local std::vector<uint32_t> gbits, lbits;
  thread_local std::vector<uint8_t> gpos, lpos;
  if (gaz) {
    gaz->Match(tokens, n, false, &gbits, &gpos);
    gaz->Match(tokens, n, true, &lbits, &lpos);
    // A given name is evidence only where a capitalised word follows ("Kori Schulman"): alone,
    // a news text's person is usually the surname ("says Tarlo"), which no list covers.
    auto it = std::find(gaz->types.begin(), gaz->types.end(), kGivenNameType);
    if (it != gaz->types.end()) {
      uint32_t bit = 1u << (it - gaz->types.begin());
      for (size_t i = 0; i < n; ++i) {
        bool full = i + 1 < n && (WordFlags(tokens[i + 1].form) & kFirstUpper);
        if (!full) {
          // Alone, it is other evidence, with weights of its own.
          if (gbits[i] & bit) gbits[i] = (gbits[i] & ~bit) | kGivenAloneBit;
          if (lbits[i] & bit) lbits[i] = (lbits[i] & ~bit) | kGivenAloneBit;
        }
      }
    }
  } else {
    gbits.assign(n, 0);
    gpos.assign(n, 0);
    lbits.assign(n, 0);
    lpos.assign(n, 0);
  }
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    NerWord& w = (*out)[i];
    std::string norm = NormWord(t.form);
    w.norm = HashStr(norm);
    w.exact = HashStr(t.form);
    w.shape = HashStr(Shape(t.form, false));
    w.sshape = HashStr(Shape(t.form, true));
    w.xpos = HashStr(t.xpos);
    w.upos = HashStr(t.upos);
    w.suf2 = HashStr(SuffixBytes(norm, 2));
    w.suf3 = HashStr(SuffixBytes(norm, 3));
    w.suf4 = HashStr(SuffixBytes(norm, 4));
    w.pre2 = HashStr(PrefixBytes(norm, 2));
    w.pre3 = HashStr(PrefixBytes(norm, 3));
    w.flags = WordFlags(t.form);
    w.gaz = gbits[i] ? F(701, gbits[i], gpos[i]) : 0;
    w.lgaz = lbits[i] ? F(702, lbits[i], lpos[i]) : 0;
    WordProfile info = stats ? stats->Find(w.norm) : WordProfile{};
    w.cap = info.cap;
    w.cl0 = info.cls[0];
    w.cl1 = info.cls[1];
    w.cl2 = info.cls[2];
  }
  // How the sentence is cased: names stand out differently in all-caps or all-lower text.
  size_t upper = 0, lower = 0;
  for (const NerWord& x : *out) {
    if (x.flags & kAllUpper) ++upper;
    else if ((x.flags & kHasLower) && !(x.flags & kFirstUpper)) ++lower;
  }
  uint64_t profile = upper * 2 > n ? 1 : (lower * 10 > n * 9 ? 2 : 0);
  for (NerWord& x : *out) {
    x.profile = profile;
    x.run_head = x.run_first = 0;
    x.run_pos = 0;
  }
  if (profile == 1) return;  // in all-caps text every word is "capitalised"
  auto capital = [&](size_t k) {
    return ((*out)[k].flags & (kFirstUpper | kAllUpper)) != 0 &&
           ((*out)[k].flags & kAllDigit) == 0;
  };
  auto connector = [&](size_t k) {
    static const char* const kConnectors[] = {"of", "for", "and", "&", "the", "de", "del", "la",
                                              "'s", "-", "on", "at", "al", "el", "bin", "ibn",
                                              "van", "von", "da", "di", "du", "le", "ul"};
    for (const char* c : kConnectors)
      if (tokens[k].form == c) return true;
    return false;
  };
  size_t i = 0;
  while (i < n) {
    if (!capital(i)) {
      ++i;
      continue;
    }
    size_t j = i + 1;  // run is [i, j)
    while (j < n) {
      if (capital(j)) {
        ++j;
      } else if (connector(j) && j + 1 < n && capital(j + 1)) {
        j += 2;
      } else {
        break;
      }
    }
    if (j - i <= 10) {
      size_t head = j - 1;
      for (size_t k = i + 1; k < j; ++k) {
        if (tokens[k].form == "of" || tokens[k].form == "for") {
          head = k - 1;
          break;
        }
      }
      for (size_t k = i; k < j; ++k) {
        NerWord& x = (*out)[k];
        x.run_head = (*out)[head].norm;
        x.run_first = (*out)[i].norm;
        x.run_pos = j - i == 1 ? 4 : k == i ? 1 : k + 1 == j ? 3 : 2;
      }
    }
    i = j;
  }
}

size_t NerFeatures(const std::vector<NerWord>& w, size_t i, int p1, int p2, uint64_t* k,
                   int parts) {
  static const NerWord kPad = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 9, 9999, 9999, 9999, 0,
                               0, 0, 0};
  auto at = [&](long j) -> const NerWord& {
    return (j < 0 || j >= static_cast<long>(w.size())) ? kPad : w[j];
  };
  long ii = static_cast<long>(i);
  const NerWord& c = w[i];
  const NerWord& m1 = at(ii - 1);
  const NerWord& m2 = at(ii - 2);
  const NerWord& n1 = at(ii + 1);
  const NerWord& n2 = at(ii + 2);
  uint64_t t1 = static_cast<uint64_t>(p1 + 2), t2 = static_cast<uint64_t>(p2 + 2);
  const uint64_t profile = c.profile;
  const bool want_static = parts & kNerStatic, want_history = parts & kNerHistory;
  size_t n = 0;
  // Template ids count up in this order whatever `parts` is, so keys stay the same.
  uint32_t id = 200;
  auto f1 = [&](uint64_t a) { if (want_static) k[n++] = F(id, a); ++id; };
  auto f2 = [&](uint64_t a, uint64_t b) { if (want_static) k[n++] = F(id, a, b); ++id; };
  auto f3 = [&](uint64_t a, uint64_t b, uint64_t d) {
    if (want_static) k[n++] = F(id, a, b, d);
    ++id;
  };
  // Templates that look at the previous classes.
  auto h1 = [&](uint64_t a) { if (want_history) k[n++] = F(id, a); ++id; };
  auto h2 = [&](uint64_t a, uint64_t b) { if (want_history) k[n++] = F(id, a, b); ++id; };
  auto h3 = [&](uint64_t a, uint64_t b, uint64_t d) {
    if (want_history) k[n++] = F(id, a, b, d);
    ++id;
  };
  f1(1);
  f1(c.norm); f1(c.exact); f1(m1.norm); f1(n1.norm); f1(m2.norm); f1(n2.norm);
  f1(c.suf2); f1(c.suf3); f1(c.suf4); f1(c.pre2); f1(c.pre3);
  f1(c.shape); f1(m1.sshape); f1(n1.sshape);
  f2(c.flags, i == 0); f1(m1.flags); f1(n1.flags);
  f1(c.xpos); f1(m1.xpos); f1(n1.xpos); f2(c.xpos, n1.xpos); f2(m1.xpos, c.xpos);
  h1(t1); h2(t1, t2); h2(t1, c.norm); h2(t1, c.sshape); h2(t1, c.xpos);
  f2(m1.norm, c.norm); f2(c.norm, n1.norm); f2(c.xpos, c.sshape);
  h3(t1, c.xpos, n1.xpos); f2(c.norm, n1.xpos); f2(m1.xpos, c.norm);
  h2(t1, n1.sshape); f2(c.sshape, n1.sshape); f2(m1.sshape, c.sshape);
  f2(m2.norm, m1.norm); f2(n1.norm, n2.norm); f1(n1.suf3); f1(m1.suf3);
  f2(c.upos, n1.upos);
  // Gazetteer matches (template ids stay fixed whether or not a gazetteer is loaded).
  f1(c.gaz); f2(c.gaz, c.sshape); h2(t1, c.gaz); f1(m1.gaz); f1(n1.gaz); f2(c.gaz, c.xpos);
  f2(c.gaz, i == 0);
  f1(c.lgaz); f2(c.lgaz, c.flags); h2(t1, c.lgaz);
  f3(profile, c.flags, c.xpos); f2(profile, c.gaz);
  // Unlabeled-text statistics: capitalisation habit and word classes.
  uint64_t caseflags = c.flags & (kFirstUpper | kAllUpper);
  f2(c.cap, caseflags); f3(c.cap, caseflags, i == 0); f3(c.cap, caseflags, profile);
  f2(c.cap, c.gaz); f2(c.cap, c.lgaz); h2(t1, c.cap); f2(m1.cap, n1.cap);
  f1(c.cl0); f1(c.cl1); f1(c.cl2); f2(c.cl1, caseflags); f2(c.cl2, caseflags);
  f1(m1.cl1); f1(n1.cl1); f2(m1.cl1, c.cl1); f2(c.cl1, n1.cl1); h2(t1, c.cl1);
  f2(m1.cl2, caseflags); f2(n1.cl2, caseflags);
  // The capitalised run: its head and first word, by the token's place in it.
  f2(c.run_head, c.run_pos); f2(c.run_first, c.run_pos); f3(c.run_head, c.run_pos, c.gaz);
  return n;
}

Result<Ner> Ner::Load(const std::string& path) {
  ASSIGN_OR_RETURN(ModelFile f, ModelFile::Read(path, kKind));
  return FromFile(f);
}

Result<Ner> Ner::FromFile(const ModelFile& f) {
  NerData d;
  ASSIGN_OR_RETURN(std::string_view tsec, f.Section("types"));
  ByteReader r(tsec, f.origin() + " types");
  r.StrList(&d.types);
  RETURN_IF_ERROR(r.status());
  if (d.types.empty() || d.types.size() > 100) return Corruption(f.origin() + ": bad type set");
  ASSIGN_OR_RETURN(std::string_view wsec, f.Section("weights"));
  ASSIGN_OR_RETURN(d.model, LinearModel::Deserialize(wsec, f.origin()));
  if (f.Has("ensemble")) {
    ASSIGN_OR_RETURN(std::string_view esec, f.Section("ensemble"));
    ByteReader er(esec, f.origin() + " ensemble");
    er.U32(&d.members);
    RETURN_IF_ERROR(er.status());
    if (d.members < 1 || d.members > kMaxNerMembers) {
      return Corruption(f.origin() + ": bad ensemble size");
    }
  }
  if (f.Has("backward")) {
    ASSIGN_OR_RETURN(std::string_view bsec, f.Section("backward"));
    ByteReader br(bsec, f.origin() + " backward");
    br.U32(&d.backward);
    RETURN_IF_ERROR(br.status());
    if (d.backward >> d.members) return Corruption(f.origin() + ": bad direction set");
  }
  if (d.model.num_classes() !=
      static_cast<int>(d.members) * NerClasses(static_cast<int>(d.types.size()))) {
    return Corruption(f.origin() + ": weight table and type set disagree");
  }
  ASSIGN_OR_RETURN(std::string_view gsec, f.Section("gazetteer"));
  ByteReader g(gsec, f.origin() + " gazetteer");
  g.StrList(&d.gazetteer.types);
  g.U32(&d.gazetteer.max_len);
  for (bool folded : {false, true}) {
    std::unordered_map<uint64_t, uint32_t> names;
    GetMap(&g, &names);
    for (const auto& [key, bits] : names) d.gazetteer.Insert(folded, key, bits, false);
  }
  RETURN_IF_ERROR(g.status());
  if (d.gazetteer.types.size() > 31 || d.gazetteer.max_len > 8) {
    return Corruption(f.origin() + ": bad gazetteer header");
  }
  d.gazetteer.prefixes_known = f.Has("gazprefix");
  if (d.gazetteer.prefixes_known) {
    ASSIGN_OR_RETURN(std::string_view psec, f.Section("gazprefix"));
    ByteReader pr(psec, f.origin() + " gazprefix");
    for (bool folded : {false, true}) {
      uint32_t count = 0;
      pr.U32(&count);
      if (count > pr.remaining() / 8) return Corruption(f.origin() + ": bad gazetteer prefixes");
      for (uint32_t j = 0; j < count; ++j) {
        uint64_t key = 0;
        pr.U64(&key);
        d.gazetteer.Insert(folded, key, 0, true);
      }
    }
    RETURN_IF_ERROR(pr.status());
  }
  if (f.Has("words")) {
    ASSIGN_OR_RETURN(std::string_view wsec2, f.Section("words"));
    ByteReader wr(wsec2, f.origin() + " words");
    GetMap(&wr, &d.words.table);
    RETURN_IF_ERROR(wr.status());
  }
  if (f.Has("decode")) {
    ASSIGN_OR_RETURN(std::string_view dsec, f.Section("decode"));
    ByteReader dr(dsec, f.origin() + " decode");
    dr.U32(&d.beam);
    RETURN_IF_ERROR(dr.status());
    if (d.beam < 1 || d.beam > 64) return Corruption(f.origin() + ": bad beam size");
  }
  if ((d.members > 1 || d.backward) && d.beam > 1) {
    return Corruption(f.origin() + ": beam with an ensemble or right-to-left decoding");
  }
  ASSIGN_OR_RETURN(std::string_view st, f.Section("selftest"));
  ByteReader s(st, f.origin() + " selftest");
  GetNested(&s, &d.test_input);
  GetNested(&s, &d.test_expected);
  RETURN_IF_ERROR(s.status());
  Ner ner(std::move(d));
  RETURN_IF_ERROR(ner.SelfTest(f.origin()));
  return ner;
}

void Ner::Recognize(Token* tokens, size_t n) const {
  if (n == 0) return;
  thread_local std::vector<NerWord> words;
  thread_local std::vector<int> cls;
  PrepareNerWords(tokens, n, &d_.gazetteer, &d_.words, &words);
  const int nc = d_.model.num_classes();
  cls.assign(n, 0);
  if (d_.beam > 1) {
    thread_local std::vector<std::vector<NerHyp>> steps;
    NerBeamSearch(
        words, nc, d_.beam,
        [this](const uint64_t* k, size_t nk, float* sc) { d_.model.Score(k, nk, sc); }, &steps,
        nullptr);
    int h = 0;
    for (size_t i = n; i-- > 0;) {
      cls[i] = steps[i][h].cls;
      h = steps[i][h].back;
    }
  } else {
    RecognizeGreedy(words, &cls);
  }
  WriteTags(tokens, n, cls);
}

void Ner::RecognizeGreedy(const std::vector<NerWord>& words, std::vector<int>* cls) const {
  const size_t n = words.size();
  const int members = static_cast<int>(d_.members);
  const int nc = NerClasses(static_cast<int>(d_.types.size()));
  const size_t width = static_cast<size_t>(members) * nc;
  thread_local std::vector<float> base, hist;
  thread_local std::vector<std::vector<int>> paths;
  // The features that do not look at the neighbours' classes are the same for every member and
  // direction: one lookup per token scores all members' classes.
  base.assign(n * width, 0.0f);
  hist.resize(width);
  paths.resize(members);
  for (auto& p : paths) p.assign(n, 0);
  uint64_t keys[kMaxNerFeatures];
  for (size_t i = 0; i < n; ++i) {
    size_t nk = NerFeatures(words, i, -1, -1, keys, kNerStatic);
    d_.model.Score(keys, nk, base.data() + i * width);
  }
  int p1[kMaxNerMembers], p2[kMaxNerMembers];
  bool skip[kMaxNerMembers], done[kMaxNerMembers];
  // Left-to-right members first, then right-to-left ones, each group in step.
  for (bool backward : {false, true}) {
    bool any = false;
    for (int m = 0; m < members; ++m) {
      p1[m] = p2[m] = -1;
      skip[m] = ((d_.backward >> m) & 1) != static_cast<uint32_t>(backward);
      any |= !skip[m];
    }
    if (!any) continue;
    for (size_t s = 0; s < n; ++s) {
      const size_t i = backward ? n - 1 - s : s;
      const bool last = s + 1 == n;
      std::copy(skip, skip + members, done);
      for (int m = 0; m < members; ++m) {
        if (done[m]) continue;
        // Members with the same history share its lookups.
        std::fill(hist.begin(), hist.end(), 0.0f);
        size_t nk = NerFeatures(words, i, p1[m], p2[m], keys, kNerHistory);
        d_.model.Score(keys, nk, hist.data());
        const int h1 = p1[m], h2 = p2[m];
        for (int k = m; k < members; ++k) {
          if (done[k] || p1[k] != h1 || p2[k] != h2) continue;
          done[k] = true;
          const float* b = base.data() + i * width + static_cast<size_t>(k) * nc;
          const float* h = hist.data() + static_cast<size_t>(k) * nc;
          int best = -1;
          float best_score = 0;
          for (int c = 0; c < nc; ++c) {
            if (!NerAllowed(h1, c, last)) continue;
            float sc = b[c] + h[c];
            if (best < 0 || sc > best_score) {
              best = c;
              best_score = sc;
            }
          }
          paths[k][i] = best;
        }
      }
      for (int m = 0; m < members; ++m) {
        if (skip[m]) continue;
        p2[m] = p1[m];
        p1[m] = paths[m][i];
      }
    }
    if (backward)
      for (int m = 0; m < members; ++m)
        if (!skip[m])
          for (int& c : paths[m]) c = MirrorBilou(c);
  }
  *cls = VoteBilou(paths);
}

void Ner::WriteTags(Token* tokens, size_t n, const std::vector<int>& cls) const {
  for (size_t i = 0; i < n; ++i) {
    int c = cls[i];
    if (c == 0) {
      tokens[i].ner = "O";
      continue;
    }
    int kind = (c - 1) % 4;
    const std::string& type = d_.types[(c - 1) / 4];
    tokens[i].ner = (kind == 0 || kind == 3 ? "B-" : "I-") + type;
  }
}

static std::vector<std::string> NerOutputs(const Ner& ner, const std::vector<std::string>& in,
                                           bool* ok) {
  std::vector<Token> toks(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    auto a = in[i].find(' '), b = in[i].rfind(' ');
    if (a == std::string::npos || a == b) {
      *ok = false;
      return {};
    }
    toks[i].form = in[i].substr(0, a);
    toks[i].xpos = in[i].substr(a + 1, b - a - 1);
    toks[i].upos = in[i].substr(b + 1);
  }
  ner.Recognize(toks.data(), toks.size());
  std::vector<std::string> out;
  for (const auto& t : toks) out.push_back(t.ner);
  return out;
}

Status Ner::SelfTest(const std::string& origin) const {
  return CheckSelfTest(d_.test_input, d_.test_expected, origin, "entities",
                       [this](const std::vector<std::string>& in, bool* ok) {
                         return NerOutputs(*this, in, ok);
                       });
}

void Ner::SetSelfTest(const std::vector<std::vector<Token>>& sentences) {
  d_.test_input.clear();
  d_.test_expected.clear();
  for (const auto& s : sentences) {
    std::vector<std::string> in;
    for (const auto& t : s) in.push_back(t.form + " " + t.xpos + " " + t.upos);
    bool ok = true;
    auto out = NerOutputs(*this, in, &ok);
    if (!ok) continue;
    d_.test_input.push_back(std::move(in));
    d_.test_expected.push_back(std::move(out));
  }
}

std::string Ner::Serialize(const std::string& fingerprint, const std::string& info) const {
  ModelWriter w{std::string(kKind)};
  w.set_fingerprint(fingerprint);
  w.set_info(info);
  ByteWriter t;
  t.StrList(d_.types);
  w.AddSection("types", std::move(t.bytes()));
  ByteWriter weights;
  d_.model.Serialize(&weights);
  w.AddSection("weights", std::move(weights.bytes()));
  ByteWriter gz;
  gz.StrList(d_.gazetteer.types);
  gz.U32(d_.gazetteer.max_len);
  for (bool folded : {false, true}) {  // the layout of PutMap: count, then (key, bits) by key
    auto names = d_.gazetteer.Names(folded);
    gz.U32(static_cast<uint32_t>(names.size()));
    for (const auto& [key, bits] : names) {
      gz.U64(key);
      gz.U32(bits);
    }
  }
  w.AddSection("gazetteer", std::move(gz.bytes()));
  if (d_.gazetteer.prefixes_known) {
    ByteWriter pw;
    for (bool folded : {false, true}) {
      std::vector<uint64_t> keys = d_.gazetteer.Prefixes(folded);
      pw.U32(static_cast<uint32_t>(keys.size()));
      for (uint64_t k : keys) pw.U64(k);
    }
    w.AddSection("gazprefix", std::move(pw.bytes()));
  }
  if (d_.members > 1) {
    ByteWriter ew;
    ew.U32(d_.members);
    w.AddSection("ensemble", std::move(ew.bytes()));
  }
  if (d_.backward) {
    ByteWriter bw;
    bw.U32(d_.backward);
    w.AddSection("backward", std::move(bw.bytes()));
  }
  if (d_.beam > 1) {
    ByteWriter dw;
    dw.U32(d_.beam);
    w.AddSection("decode", std::move(dw.bytes()));
  }
  if (!d_.words.table.empty()) {
    ByteWriter ws;
    PutMap(&ws, d_.words.table);
    w.AddSection("words", std::move(ws.bytes()));
  }
  ByteWriter st;
  PutNested(&st, d_.test_input);
  PutNested(&st, d_.test_expected);
  w.AddSection("selftest", std::move(st.bytes()));
  return w.Serialize();
}

}  // namespace dyad::nlp

#include "nlp/parser.h"
#include "nlp/self_test.h"

#include <algorithm>

#include "nlp/features.h"
#include "nlp/serial.h"

namespace dyad::nlp {

void ParseState::Init(int n_tokens) {
  n = n_tokens;
  stack.clear();
  b = 0;
  head.assign(n + 1, -1);
  label.assign(n + 1, -1);
  lc1.assign(n + 1, -1);
  lc2.assign(n + 1, -1);
  rc1.assign(n + 1, -1);
  rc2.assign(n + 1, -1);
  nl.assign(n + 1, 0);
  nr.assign(n + 1, 0);
  lset.assign(n + 1, 0);
  rset.assign(n + 1, 0);
}

void ParseState::Apply(int t) {
  if (t == kShift) {
    stack.push_back(b++);
    return;
  }
  int l = LabelOf(t);
  int d = stack.back();
  stack.pop_back();
  int h = IsLeft(t) ? b : stack.back();
  head[d] = h;
  label[d] = l;
  if (d < h) {
    lc2[h] = lc1[h];
    lc1[h] = d;
    ++nl[h];
    lset[h] |= uint64_t{1} << (l & 63);
  } else {
    rc2[h] = rc1[h];
    rc1[h] = d;
    ++nr[h];
    rset[h] |= uint64_t{1} << (l & 63);
  }
}

void ParseWords::Prepare(const Token* tokens, size_t n) {
  w.resize(n + 2);
  t.resize(n + 2);
  u.resize(n + 2);
  for (size_t i = 0; i < n; ++i) {
    w[i] = HashStr(NormWord(tokens[i].form));
    t[i] = HashStr(tokens[i].xpos);
    u[i] = HashStr(tokens[i].upos);
  }
  w[n] = t[n] = u[n] = 0x524f4f54;          // root
  w[n + 1] = t[n + 1] = u[n + 1] = 0x4e4f4e45;  // none
}

size_t ParserFeatures(const ParseState& s, const ParseWords& pw, uint64_t* k) {
  const int none = s.n + 1;
  auto st = [&](size_t i) { return i < s.stack.size() ? s.stack[s.stack.size() - 1 - i] : none; };
  auto bf = [&](int i) { return s.b + i <= s.n ? s.b + i : none; };
  auto ch = [&](const std::vector<int>& v, int x) { return (x >= 0 && x <= s.n && v[x] >= 0) ? v[x] : none; };
  auto lab = [&](int x) -> uint64_t { return (x >= 0 && x < s.n && s.label[x] >= 0) ? s.label[x] + 1 : 0; };
  const int s0 = st(0), s1 = st(1), s2 = st(2), b0 = bf(0), b1 = bf(1), b2 = bf(2);
  const int s0l = ch(s.lc1, s0), s0l2 = ch(s.lc2, s0), s0r = ch(s.rc1, s0), s0r2 = ch(s.rc2, s0);
  const int s1l = ch(s.lc1, s1), s1r = ch(s.rc1, s1);
  const int b0l = ch(s.lc1, b0), b0l2 = ch(s.lc2, b0);
  const auto& W = pw.w;
  const auto& T = pw.t;
  auto wt = [&](int x) { return W[x] * 31 + T[x]; };
  uint64_t d01 = 0, d10 = 0;
  if (s0 != none && b0 != none) d01 = std::min(b0 - s0, 6);
  if (s1 != none && s0 != none) d10 = std::min(s0 - s1, 6);
  auto val = [&](const std::vector<int>& v, int x) -> uint64_t {
    return (x >= 0 && x <= s.n) ? std::min(v[x], 4) + 1 : 0;
  };
  auto lsetof = [&](const std::vector<uint64_t>& v, int x) -> uint64_t {
    return (x >= 0 && x <= s.n) ? v[x] : 0x99;
  };
  size_t n = 0;
  uint32_t id = 0;
  auto f1 = [&](uint64_t a) { k[n++] = F(id++, a); };
  auto f2 = [&](uint64_t a, uint64_t b) { k[n++] = F(id++, a, b); };
  auto f3 = [&](uint64_t a, uint64_t b, uint64_t c) { k[n++] = F(id++, a, b, c); };
  f1(1);
  // Unigrams.
  f1(W[s0]); f1(T[s0]); f1(wt(s0));
  f1(W[s1]); f1(T[s1]); f1(wt(s1));
  f1(W[b0]); f1(T[b0]); f1(wt(b0));
  f1(W[b1]); f1(T[b1]); f1(wt(b1));
  f1(W[b2]); f1(T[b2]);
  f1(T[s2]);
  f1(pw.u[s0]); f1(pw.u[b0]);
  // Coarse (UPOS) combinations generalise where the Penn tags are sparse.
  const auto& U = pw.u;
  f2(U[s0], U[b0]); f2(U[s1], U[s0]); f3(U[s0], U[b0], U[b1]); f3(U[s1], U[s0], U[b0]);
  f2(W[s0], U[b0]); f2(U[s0], W[b0]); f3(U[s0], U[s0l], U[b0]); f3(U[s0], U[s0r], U[b0]);
  // Pairs.
  f2(wt(s0), wt(b0)); f2(wt(s0), W[b0]); f2(W[s0], wt(b0)); f2(wt(s0), T[b0]);
  f2(T[s0], wt(b0)); f2(W[s0], W[b0]); f2(T[s0], T[b0]); f2(T[b0], T[b1]);
  f2(wt(s1), wt(s0)); f2(W[s1], W[s0]); f2(T[s1], T[s0]); f2(T[s1], W[s0]); f2(W[s1], T[s0]);
  f2(T[s1], T[b0]); f2(W[s1], W[b0]); f2(W[b0], W[b1]); f2(W[s0], T[b1]);
  // Triples.
  f3(T[b0], T[b1], T[b2]); f3(T[s0], T[b0], T[b1]); f3(T[s1], T[s0], T[b0]);
  f3(T[s2], T[s1], T[s0]); f3(T[s0], T[s0l], T[b0]); f3(T[s0], T[s0r], T[b0]);
  f3(T[s1], T[s1r], T[s0]); f3(T[s1], T[s1l], T[s0]); f3(T[s0], T[b0], T[b0l]);
  f3(T[s1], T[s0], T[s0l]); f3(T[s1], T[s0], T[s0r]); f3(W[s0], T[s0], T[b0]);
  f3(T[s0], W[b0], T[b0]); f3(T[s1], T[s0], T[b1]);
  // Distance.
  f2(W[s0], d01); f2(T[s0], d01); f2(W[b0], d01); f2(T[b0], d01); f3(T[s0], T[b0], d01);
  f3(T[s1], T[s0], d10); f3(W[s1], W[s0], d10);
  // Valency.
  f2(W[s0], val(s.nl, s0)); f2(T[s0], val(s.nl, s0)); f2(W[s0], val(s.nr, s0));
  f2(T[s0], val(s.nr, s0)); f2(W[b0], val(s.nl, b0)); f2(T[b0], val(s.nl, b0));
  f2(T[s1], val(s.nr, s1)); f2(W[s1], val(s.nr, s1));
  // Children.
  f1(W[s0l]); f1(T[s0l]); f1(lab(s0l)); f1(W[s0r]); f1(T[s0r]); f1(lab(s0r));
  f1(T[s0l2]); f1(lab(s0l2)); f1(T[s0r2]); f1(lab(s0r2));
  f1(T[s1l]); f1(lab(s1l)); f1(T[s1r]); f1(lab(s1r)); f1(W[s1r]);
  f1(W[b0l]); f1(T[b0l]); f1(lab(b0l)); f1(T[b0l2]); f1(lab(b0l2));
  f3(T[s0], T[s0l], T[s0l2]); f3(T[s0], T[s0r], T[s0r2]); f3(T[b0], T[b0l], T[b0l2]);
  f3(T[s0], lab(s0l), lab(s0l2)); f3(T[s0], lab(s0r), lab(s0r2)); f3(T[b0], lab(b0l), lab(b0l2));
  f2(T[s0], lab(s0r)); f2(T[b0], lab(b0l)); f2(T[s1], lab(s1r));
  // Label sets.
  f2(W[s0], lsetof(s.lset, s0)); f2(T[s0], lsetof(s.lset, s0)); f2(W[s0], lsetof(s.rset, s0));
  f2(T[s0], lsetof(s.rset, s0)); f2(W[b0], lsetof(s.lset, b0)); f2(T[b0], lsetof(s.lset, b0));
  f2(T[s1], lsetof(s.rset, s1));
  // Stack depth (near the end of the sentence).
  f2(std::min<uint64_t>(s.stack.size(), 5), b0 == s.n);
  return n;
}

void ValidTransitions(const ParseState& s, int num_labels, int root_label,
                      std::vector<char>* valid) {
  valid->assign(1 + 2 * num_labels, 0);
  (*valid)[kShift] = s.CanShift();
  if (s.CanLeft()) {
    if (s.b == s.n) {
      (*valid)[LeftOf(root_label)] = 1;
    } else {
      for (int l = 0; l < num_labels; ++l)
        if (l != root_label) (*valid)[LeftOf(l)] = 1;
    }
  }
  if (s.CanRight()) {
    for (int l = 0; l < num_labels; ++l)
      if (l != root_label) (*valid)[RightOf(l)] = 1;
  }
}

Result<Parser> Parser::Load(const std::string& path) {
  ASSIGN_OR_RETURN(ModelFile f, ModelFile::Read(path, kKind));
  return FromFile(f);
}

Result<Parser> Parser::FromFile(const ModelFile& f) {
  ParserData d;
  ASSIGN_OR_RETURN(std::string_view lsec, f.Section("labels"));
  ByteReader r(lsec, f.origin() + " labels");
  r.StrList(&d.labels);
  uint32_t root = 0;
  r.U32(&root);
  RETURN_IF_ERROR(r.status());
  if (d.labels.empty() || root >= d.labels.size() || d.labels.size() > 1000) {
    return Corruption(f.origin() + ": bad label set");
  }
  d.root_label = static_cast<int>(root);
  ASSIGN_OR_RETURN(std::string_view wsec, f.Section("weights"));
  ASSIGN_OR_RETURN(d.model, LinearModel::Deserialize(wsec, f.origin()));
  if (d.model.num_classes() != 1 + 2 * static_cast<int>(d.labels.size())) {
    return Corruption(f.origin() + ": weight table and label set disagree");
  }
  ASSIGN_OR_RETURN(std::string_view st, f.Section("selftest"));
  ByteReader s(st, f.origin() + " selftest");
  GetNested(&s, &d.test_input);
  GetNested(&s, &d.test_expected);
  RETURN_IF_ERROR(s.status());
  Parser p(std::move(d));
  RETURN_IF_ERROR(p.SelfTest(f.origin()));
  return p;
}

void Parser::Parse(Token* tokens, size_t n) const {
  if (n == 0) return;
  thread_local ParseState s;
  thread_local ParseWords pw;
  thread_local std::vector<char> valid;
  thread_local std::vector<float> scores;
  const int nl = static_cast<int>(d_.labels.size());
  pw.Prepare(tokens, n);
  s.Init(static_cast<int>(n));
  scores.resize(1 + 2 * nl);
  uint64_t keys[kMaxParserFeatures];
  while (!s.Terminal()) {
    size_t nk = ParserFeatures(s, pw, keys);
    std::fill(scores.begin(), scores.end(), 0.0f);
    d_.model.Score(keys, nk, scores.data());
    ValidTransitions(s, nl, d_.root_label, &valid);
    int best = -1;
    for (int t = 0; t < static_cast<int>(valid.size()); ++t)
      if (valid[t] && (best < 0 || scores[t] > scores[best])) best = t;
    s.Apply(best);
  }
  for (size_t i = 0; i < n; ++i) {
    tokens[i].head = s.head[i] == static_cast<int>(n) ? -1 : s.head[i];
    tokens[i].deprel = d_.labels[s.label[i]];
  }
}

static std::vector<std::string> ParseOutputs(const Parser& p, const std::vector<std::string>& in,
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
  p.Parse(toks.data(), toks.size());
  std::vector<std::string> out;
  for (const auto& t : toks) out.push_back(std::to_string(t.head) + " " + t.deprel);
  return out;
}

Status Parser::SelfTest(const std::string& origin) const {
  return CheckSelfTest(d_.test_input, d_.test_expected, origin, "parses",
                       [this](const std::vector<std::string>& in, bool* ok) {
                         return ParseOutputs(*this, in, ok);
                       });
}

void Parser::SetSelfTest(const std::vector<std::vector<Token>>& sentences) {
  d_.test_input.clear();
  d_.test_expected.clear();
  for (const auto& s : sentences) {
    std::vector<std::string> in;
    for (const auto& t : s) in.push_back(t.form + " " + t.xpos + " " + t.upos);
    bool ok = true;
    auto out = ParseOutputs(*this, in, &ok);
    if (!ok) continue;  // forms with spaces cannot be stored; skip such a sample
    d_.test_input.push_back(std::move(in));
    d_.test_expected.push_back(std::move(out));
  }
}

Parser Parser::Pruned(float min_abs) const {
  ParserData d = d_;
  d.model = d_.model.Pruned(min_abs);
  Parser p(std::move(d));
  p.d_.test_expected.clear();
  for (const auto& in : p.d_.test_input) {
    bool ok = true;
    p.d_.test_expected.push_back(ParseOutputs(p, in, &ok));
  }
  return p;
}

std::string Parser::Serialize(const std::string& fingerprint, const std::string& info) const {
  ModelWriter w{std::string(kKind)};
  w.set_fingerprint(fingerprint);
  w.set_info(info);
  ByteWriter l;
  l.StrList(d_.labels);
  l.U32(static_cast<uint32_t>(d_.root_label));
  w.AddSection("labels", std::move(l.bytes()));
  ByteWriter weights;
  d_.model.Serialize(&weights);
  w.AddSection("weights", std::move(weights.bytes()));
  ByteWriter st;
  PutNested(&st, d_.test_input);
  PutNested(&st, d_.test_expected);
  w.AddSection("selftest", std::move(st.bytes()));
  return w.Serialize();
}

}  // namespace dyad::nlp

#include "nlp/tagger.h"
#include "nlp/self_test.h"

#include <algorithm>

#include "nlp/features.h"
#include "nlp/serial.h"

namespace dyad::nlp {

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

bool KeepsCase(std::string_view xpos) { return xpos.rfind("NNP", 0) == 0; }

uint64_t LemmaKey(std::string_view form, int cls) { return F(900, HashStr(form), cls); }
uint64_t RuleKey(std::string_view suffix, int cls) { return F(901, HashStr(suffix), cls); }

void PrepareWords(const Token* tokens, size_t n, const std::unordered_map<uint64_t, uint64_t>& amb,
                  std::vector<WordInfo>* out) {
  out->resize(n);
  std::string norm;
  for (size_t i = 0; i < n; ++i) {
    std::string_view form = tokens[i].form;
    WordInfo& w = (*out)[i];
    norm = NormWord(form);
    w.norm = HashStr(norm);
    w.exact = HashStr(form);
    std::string shape = Shape(form, false);
    w.shape = HashStr(shape);
    w.sshape = HashStr(Shape(form, true));
    for (size_t k = 0; k < 3; ++k) w.pre[k] = HashStr(PrefixBytes(norm, k + 1));
    for (size_t k = 0; k < 4; ++k) w.suf[k] = HashStr(SuffixBytes(norm, k + 1));
    w.flags = WordFlags(form);
    auto it = amb.find(w.norm);
    w.amb = it != amb.end() ? it->second : F(77, w.sshape);
  }
}

size_t TaggerFeatures(const std::vector<WordInfo>& w, size_t i, int p1, int p2, uint64_t* k) {
  static const WordInfo kPad = [] {
    WordInfo p;
    p.norm = p.exact = p.shape = p.sshape = p.amb = 0x5bd1e995;
    return p;
  }();
  auto at = [&](long j) -> const WordInfo& {
    return (j < 0 || j >= static_cast<long>(w.size())) ? kPad : w[j];
  };
  long ii = static_cast<long>(i);
  const WordInfo& c = w[i];
  const WordInfo& m1 = at(ii - 1);
  const WordInfo& m2 = at(ii - 2);
  const WordInfo& n1 = at(ii + 1);
  const WordInfo& n2 = at(ii + 2);
  uint64_t t1 = static_cast<uint64_t>(p1 + 2), t2 = static_cast<uint64_t>(p2 + 2);
  size_t n = 0;
  k[n++] = F(0, 1);
  k[n++] = F(1, c.norm);
  k[n++] = F(2, m1.norm);
  k[n++] = F(3, n1.norm);
  k[n++] = F(4, m2.norm);
  k[n++] = F(5, n2.norm);
  for (uint32_t s = 0; s < 4; ++s) k[n++] = F(6 + s, c.suf[s]);
  for (uint32_t p = 0; p < 3; ++p) k[n++] = F(10 + p, c.pre[p]);
  k[n++] = F(13, c.shape);
  k[n++] = F(14, m1.sshape);
  k[n++] = F(15, n1.sshape);
  k[n++] = F(16, t1);
  k[n++] = F(17, t2);
  k[n++] = F(18, t1, t2);
  k[n++] = F(19, t1, c.norm);
  k[n++] = F(20, c.norm, n1.norm);
  k[n++] = F(21, m1.norm, c.norm);
  k[n++] = F(22, n1.suf[2]);
  k[n++] = F(23, m1.suf[2]);
  k[n++] = F(24, c.amb);
  k[n++] = F(25, n1.amb);
  k[n++] = F(26, n2.amb);
  k[n++] = F(27, t1, n1.amb);
  k[n++] = F(28, c.amb, n1.amb);
  k[n++] = F(29, c.flags, i == 0);
  k[n++] = F(30, c.exact);
  k[n++] = F(31, n1.norm, n2.norm);
  k[n++] = F(32, t1, c.sshape);
  k[n++] = F(33, t1, c.suf[2]);
  k[n++] = F(34, m1.amb, c.amb);
  k[n++] = F(35, c.amb, c.suf[1]);
  k[n++] = F(36, n1.suf[0]);
  k[n++] = F(37, t1, t2, c.amb);
  k[n++] = F(38, c.norm, n1.amb);
  k[n++] = F(39, m1.norm, c.amb);
  return n;
}

Result<Tagger> Tagger::Load(const std::string& path) {
  ASSIGN_OR_RETURN(ModelFile f, ModelFile::Read(path, kKind));
  return FromFile(f);
}

Result<Tagger> Tagger::FromFile(const ModelFile& f) {
  TaggerData d;
  ASSIGN_OR_RETURN(std::string_view tags, f.Section("tags"));
  ByteReader r(tags, f.origin() + " tags");
  r.StrList(&d.upos);
  r.StrList(&d.xpos);
  RETURN_IF_ERROR(r.status());
  if (d.upos.empty() || d.upos.size() != d.xpos.size() || d.upos.size() > 1000) {
    return Corruption(f.origin() + ": bad tag set");
  }
  ASSIGN_OR_RETURN(std::string_view wsec, f.Section("weights"));
  ASSIGN_OR_RETURN(d.model, LinearModel::Deserialize(wsec, f.origin()));
  if (d.model.num_classes() != static_cast<int>(d.upos.size())) {
    return Corruption(f.origin() + ": weight table and tag set disagree");
  }
  ASSIGN_OR_RETURN(std::string_view lex, f.Section("lexicon"));
  ByteReader l(lex, f.origin() + " lexicon");
  GetMap(&l, &d.amb);
  GetMap(&l, &d.lemma_exact);
  GetMap(&l, &d.lemma_lower);
  GetMap(&l, &d.lemma_rule);
  uint32_t nrules = 0;
  l.U32(&nrules);
  if (l.ok() && nrules > l.remaining() / 8) l.Fail("implausible rule count");
  for (uint32_t i = 0; i < nrules && l.ok(); ++i) {
    uint32_t strip = 0;
    std::string app;
    l.U32(&strip);
    l.Str(&app);
    d.rules.emplace_back(strip, std::move(app));
  }
  l.StrList(&d.feats_strings);
  GetMap(&l, &d.feats_word);
  uint32_t nfc = 0;
  l.U32(&nfc);
  if (l.ok() && nfc != d.upos.size()) l.Fail("feats table size");
  d.feats_class.resize(nfc);
  for (auto& v : d.feats_class) l.U32(&v);
  RETURN_IF_ERROR(l.status());
  for (const auto& [k, v] : d.lemma_rule)
    if (v >= d.rules.size()) return Corruption(f.origin() + ": lemma rule index out of range");
  for (const auto& [k, v] : d.feats_word)
    if (v >= d.feats_strings.size()) return Corruption(f.origin() + ": feats index out of range");
  for (uint32_t v : d.feats_class)
    if (v >= d.feats_strings.size()) return Corruption(f.origin() + ": feats index out of range");
  ASSIGN_OR_RETURN(std::string_view st, f.Section("selftest"));
  ByteReader s(st, f.origin() + " selftest");
  GetNested(&s, &d.test_forms);
  GetNested(&s, &d.test_expected);
  RETURN_IF_ERROR(s.status());
  Tagger t(std::move(d));
  RETURN_IF_ERROR(t.SelfTest(f.origin()));
  return t;
}

void Tagger::Predict(const Token* tokens, size_t n, std::vector<int>* classes) const {
  classes->assign(n, 0);
  if (n == 0) return;
  thread_local std::vector<WordInfo> words;
  thread_local std::vector<float> scores;
  PrepareWords(tokens, n, d_.amb, &words);
  int nc = num_classes();
  scores.resize(nc);
  uint64_t keys[kMaxTaggerFeatures];
  int p1 = -1, p2 = -1;
  for (size_t i = 0; i < n; ++i) {
    size_t nk = TaggerFeatures(words, i, p1, p2, keys);
    std::fill(scores.begin(), scores.end(), 0.0f);
    d_.model.Score(keys, nk, scores.data());
    int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    (*classes)[i] = best;
    p2 = p1;
    p1 = best;
  }
}

std::string Tagger::Lemmatize(std::string_view form, int cls) const {
  if (auto it = d_.lemma_exact.find(LemmaKey(form, cls)); it != d_.lemma_exact.end())
    return it->second;
  std::string lower = LowerAscii(form);
  if (auto it = d_.lemma_lower.find(LemmaKey(lower, cls)); it != d_.lemma_lower.end())
    return it->second;
  std::string base = KeepsCase(d_.xpos[cls]) ? std::string(form) : lower;
  size_t maxk = std::min(kMaxRuleSuffix, lower.size());
  for (size_t k = maxk + 1; k-- > 0;) {
    std::string_view suf = std::string_view(lower).substr(lower.size() - k);
    auto it = d_.lemma_rule.find(RuleKey(suf, cls));
    if (it == d_.lemma_rule.end()) continue;
    const auto& [strip, app] = d_.rules[it->second];
    if (strip >= base.size()) continue;  // never produce an empty lemma
    return base.substr(0, base.size() - strip) + app;
  }
  return base;
}

const std::string& Tagger::Feats(std::string_view form, int cls) const {
  auto it = d_.feats_word.find(LemmaKey(LowerAscii(form), cls));
  if (it != d_.feats_word.end()) return d_.feats_strings[it->second];
  return d_.feats_strings[d_.feats_class[cls]];
}

void Tagger::Tag(Token* tokens, size_t n) const {
  thread_local std::vector<int> classes;
  Predict(tokens, n, &classes);
  for (size_t i = 0; i < n; ++i) {
    int c = classes[i];
    tokens[i].upos = d_.upos[c];
    tokens[i].xpos = d_.xpos[c];
    tokens[i].lemma = Lemmatize(tokens[i].form, c);
    tokens[i].feats = Feats(tokens[i].form, c);
  }
}

static std::vector<std::string> Outputs(const Tagger& t, const std::vector<std::string>& forms) {
  std::vector<Token> toks(forms.size());
  for (size_t i = 0; i < forms.size(); ++i) toks[i].form = forms[i];
  t.Tag(toks.data(), toks.size());
  std::vector<std::string> out;
  for (const auto& tok : toks) out.push_back(tok.upos + " " + tok.xpos + " " + tok.lemma);
  return out;
}

Status Tagger::SelfTest(const std::string& origin) const {
  return CheckSelfTest(d_.test_forms, d_.test_expected, origin, "tags",
                       [this](const std::vector<std::string>& in, bool*) {
                         return Outputs(*this, in);
                       });
}

void Tagger::SetSelfTest(const std::vector<std::vector<std::string>>& forms) {
  d_.test_forms = forms;
  d_.test_expected.clear();
  for (const auto& f : forms) d_.test_expected.push_back(Outputs(*this, f));
}

std::string Tagger::Serialize(const std::string& fingerprint, const std::string& info) const {
  ModelWriter w{std::string(kKind)};
  w.set_fingerprint(fingerprint);
  w.set_info(info);
  ByteWriter tags;
  tags.StrList(d_.upos);
  tags.StrList(d_.xpos);
  w.AddSection("tags", std::move(tags.bytes()));
  ByteWriter weights;
  d_.model.Serialize(&weights);
  w.AddSection("weights", std::move(weights.bytes()));
  ByteWriter lex;
  PutMap(&lex, d_.amb);
  PutMap(&lex, d_.lemma_exact);
  PutMap(&lex, d_.lemma_lower);
  PutMap(&lex, d_.lemma_rule);
  lex.U32(static_cast<uint32_t>(d_.rules.size()));
  for (const auto& [strip, app] : d_.rules) {
    lex.U32(strip);
    lex.Str(app);
  }
  lex.StrList(d_.feats_strings);
  PutMap(&lex, d_.feats_word);
  lex.U32(static_cast<uint32_t>(d_.feats_class.size()));
  for (uint32_t v : d_.feats_class) lex.U32(v);
  w.AddSection("lexicon", std::move(lex.bytes()));
  ByteWriter st;
  PutNested(&st, d_.test_forms);
  PutNested(&st, d_.test_expected);
  w.AddSection("selftest", std::move(st.bytes()));
  return w.Serialize();
}

}  // namespace dyad::nlp

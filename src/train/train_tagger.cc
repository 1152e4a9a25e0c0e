#include <algorithm>
#include <map>
#include <random>

#include "nlp/features.h"
#include "train/perceptron.h"
#include "train/trainers.h"

namespace dyad::train {
namespace {

// Most frequent value per key; ties go to the smaller value so training is deterministic.
template <typename K>
std::map<K, std::string> Argmax(const std::map<K, std::map<std::string, int>>& counts) {
  std::map<K, std::string> out;
  for (const auto& [k, m] : counts) {
    const std::string* best = nullptr;
    int bc = -1;
    for (const auto& [v, c] : m) {
      if (c > bc) {
        bc = c;
        best = &v;
      }
    }
    out[k] = *best;
  }
  return out;
}

double TaggerAccuracy(const nlp::Tagger& t, const std::vector<GoldSentence>& sents,
                      const std::map<std::string, int>& class_of) {
  size_t n = 0, ok = 0;
  std::vector<int> pred;
  for (const auto& s : sents) {
    t.Predict(s.tokens.data(), s.tokens.size(), &pred);
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      ++n;
      if (t.data().upos[pred[i]] == s.tokens[i].upos && t.data().xpos[pred[i]] == s.tokens[i].xpos)
        ++ok;
    }
  }
  return n ? 100.0 * ok / n : 0;
}

}  // namespace

void RetagSentences(const nlp::Tagger& tagger, std::vector<GoldSentence>* sents) {
  for (auto& s : *sents) tagger.Tag(s.tokens.data(), s.tokens.size());
}

Result<nlp::Tagger> TrainTagger(const std::vector<GoldSentence>& train, const TrainOptions& o) {
  if (train.empty()) return InvalidArgument("no training sentences");
  // Class set: UPOS/XPOS pairs ordered by frequency then name.
  std::map<std::string, int> pair_count;
  for (const auto& s : train)
    for (const auto& t : s.tokens) pair_count[t.upos + "\t" + t.xpos]++;
  std::vector<std::pair<int, std::string>> order;
  for (const auto& [p, c] : pair_count) order.emplace_back(-c, p);
  std::sort(order.begin(), order.end());
  if (order.size() > 65000) return InvalidArgument("too many distinct UPOS/XPOS pairs");
  nlp::TaggerData d;
  std::map<std::string, int> class_of;
  for (const auto& [c, p] : order) {
    size_t tab = p.find('\t');
    class_of[p] = static_cast<int>(d.upos.size());
    d.upos.push_back(p.substr(0, tab));
    d.xpos.push_back(p.substr(tab + 1));
  }
  const int nc = static_cast<int>(d.upos.size());
  std::vector<std::vector<int>> gold(train.size());
  for (size_t s = 0; s < train.size(); ++s)
    for (const auto& t : train[s].tokens) gold[s].push_back(class_of[t.upos + "\t" + t.xpos]);

  // Ambiguity classes of words seen at least 3 times: the classes they took at least twice or
  // in at least 10% of their occurrences.
  std::map<std::string, std::map<int, int>> word_tags;
  for (size_t s = 0; s < train.size(); ++s)
    for (size_t i = 0; i < train[s].tokens.size(); ++i)
      word_tags[nlp::NormWord(train[s].tokens[i].form)][gold[s][i]]++;
  for (const auto& [w, m] : word_tags) {
    int total = 0;
    for (const auto& [c, n] : m) total += n;
    if (total < 3) continue;
    uint64_t h = 0x1234;
    for (const auto& [c, n] : m)
      if (n >= 2 || n * 10 >= total) h = nlp::F(78, h, static_cast<uint64_t>(c));
    d.amb[nlp::HashStr(w)] = h;
  }

  // Lemma dictionaries and rules; FEATS tables.
  std::map<uint64_t, std::map<std::string, int>> exact, lower, feats_word;
  std::map<std::tuple<std::string, std::string, int>, int> types;  // base, lemma, class
  std::vector<std::map<std::string, int>> feats_cls(nc);
  for (size_t s = 0; s < train.size(); ++s) {
    for (size_t i = 0; i < train[s].tokens.size(); ++i) {
      const Token& t = train[s].tokens[i];
      int c = gold[s][i];
      if (t.lemma.empty() || t.lemma == "_") continue;
      exact[nlp::LemmaKey(t.form, c)][t.lemma]++;
      std::string lo = nlp::LowerAscii(t.form);
      lower[nlp::LemmaKey(lo, c)][t.lemma]++;
      std::string base = nlp::KeepsCase(t.xpos) ? t.form : lo;
      types[{base, t.lemma, c}]++;
      feats_word[nlp::LemmaKey(lo, c)][t.feats]++;
      feats_cls[c][t.feats]++;
    }
  }
  // Only keep exact-case entries that differ from what the lower-case entry gives.
  auto lower_best = Argmax(lower);
  for (const auto& [k, v] : Argmax(exact)) d.lemma_exact[k] = v;
  for (const auto& [k, v] : lower_best) d.lemma_lower[k] = v;
  // Rules: counted over word types, per (suffix, class).
  std::map<std::pair<std::string, uint32_t>, uint32_t> rule_id;
  std::map<uint64_t, std::map<uint32_t, int>> rule_count;
  for (const auto& [key, n] : types) {
    const auto& [base, lemma, c] = key;
    std::string lo = nlp::LowerAscii(base);
    size_t lcp = 0;
    while (lcp < base.size() && lcp < lemma.size() && base[lcp] == lemma[lcp]) ++lcp;
    auto rk = std::make_pair(lemma.substr(lcp), static_cast<uint32_t>(base.size() - lcp));
    auto [it, fresh] = rule_id.emplace(rk, static_cast<uint32_t>(rule_id.size()));
    for (size_t k = 0; k <= std::min(nlp::kMaxRuleSuffix, lo.size()); ++k) {
      rule_count[nlp::RuleKey(std::string_view(lo).substr(lo.size() - k), c)][it->second]++;
    }
  }
  d.rules.resize(rule_id.size());
  for (const auto& [rk, id] : rule_id) d.rules[id] = {rk.second, rk.first};
  for (const auto& [k, m] : rule_count) {
    int total = 0, bc = -1;
    uint32_t best = 0;
    for (const auto& [r, c] : m) {
      total += c;
      if (c > bc) {
        bc = c;
        best = r;
      }
    }
    if (total >= 2) d.lemma_rule[k] = best;
  }
  std::map<std::string, uint32_t> feats_id;
  auto fid = [&](const std::string& f) {
    auto [it, fresh] = feats_id.emplace(f, static_cast<uint32_t>(d.feats_strings.size()));
    if (fresh) d.feats_strings.push_back(f);
    return it->second;
  };
  fid("");
  d.feats_class.assign(nc, 0);
  std::vector<std::string> cls_best(nc);
  for (int c = 0; c < nc; ++c) {
    int bc = -1;
    for (const auto& [f, n] : feats_cls[c])
      if (n > bc) {
        bc = n;
        cls_best[c] = f;
      }
    d.feats_class[c] = fid(cls_best[c]);
  }
  for (const auto& [k, v] : Argmax(feats_word)) d.feats_word[k] = fid(v);

  // Perceptron training.
  AveragedPerceptron p(nc);
  std::vector<size_t> order_idx(train.size());
  for (size_t i = 0; i < order_idx.size(); ++i) order_idx[i] = i;
  std::mt19937_64 rng(o.seed);
  std::vector<nlp::WordInfo> words;
  std::vector<float> scores(nc);
  uint64_t keys[nlp::kMaxTaggerFeatures];
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    std::shuffle(order_idx.begin(), order_idx.end(), rng);
    size_t n = 0, ok = 0;
    for (size_t si : order_idx) {
      const auto& toks = train[si].tokens;
      nlp::PrepareWords(toks.data(), toks.size(), d.amb, &words);
      int p1 = -1, p2 = -1;
      for (size_t i = 0; i < toks.size(); ++i) {
        size_t nk = nlp::TaggerFeatures(words, i, p1, p2, keys);
        std::fill(scores.begin(), scores.end(), 0.0f);
        p.Score(keys, nk, scores.data());
        int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
        int g = gold[si][i];
        p.Update(keys, nk, g, best);
        p.Tick();
        ++n;
        ok += best == g;
        p2 = p1;
        p1 = best;
      }
    }
    if (o.log) {
      *o.log << "tagger epoch " << epoch << ": train accuracy " << 100.0 * ok / n << "%, "
             << p.num_features() << " features";
      if (o.dev && !o.dev->empty()) {
        nlp::TaggerData dd = d;
        dd.model = p.Average(o.prune);
        nlp::Tagger t(std::move(dd));
        *o.log << ", dev UPOS+XPOS " << TaggerAccuracy(t, *o.dev, class_of) << "%";
      }
      *o.log << "\n";
    }
  }
  d.model = p.Average(o.prune);
  return nlp::Tagger(std::move(d));
}

}  // namespace dyad::train

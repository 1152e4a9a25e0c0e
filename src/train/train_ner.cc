#include <algorithm>
#include <map>
#include <random>

#include "train/perceptron.h"
#include "train/trainers.h"

namespace dyad::train {

Result<nlp::Ner> TrainNer(std::vector<GoldSentence> train, const nlp::Tagger& tagger,
                          const TrainOptions& o, nlp::Gazetteer gazetteer,
                          nlp::WordStats words_stats) {
  if (train.empty()) return InvalidArgument("no training sentences");
  for (auto& s : train)
    if (!s.tokens.empty() && s.tokens[0].xpos.empty()) tagger.Tag(s.tokens.data(), s.tokens.size());
  std::map<std::string, int> type_count;
  for (const auto& s : train)
    for (const auto& span : nlp::SpansFromIob2(s.tokens.data(), s.tokens.size()))
      type_count[span.type]++;
  if (type_count.empty()) return InvalidArgument("training data has no entities");
  nlp::NerData d;
  d.gazetteer = std::move(gazetteer);
  d.words = std::move(words_stats);
  d.beam = static_cast<uint32_t>(std::max(1, o.beam));
  for (const auto& [t, c] : type_count) d.types.push_back(t);  // alphabetical
  const int nc = nlp::NerClasses(static_cast<int>(d.types.size()));
  std::vector<std::vector<int>> gold(train.size());
  for (size_t i = 0; i < train.size(); ++i) {
    gold[i] = nlp::EncodeBilou(train[i].tokens.data(), train[i].tokens.size(), d.types);
    if (o.backward)
      for (int& c : gold[i]) c = nlp::MirrorBilou(c);
  }
  if (o.backward && o.beam > 1) return InvalidArgument("right-to-left decoding is greedy only");
  d.backward = o.backward ? 1 : 0;

  AveragedPerceptron p(nc);
  const int fold = std::max(0, o.adapt_fold);
  auto domain_of = [](const GoldSentence& s) { return IsGumDocument(s.doc_id) ? 2 : 1; };
  std::mt19937_64 rng(o.seed);
  std::vector<size_t> idx(train.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::vector<nlp::NerWord> words;
  std::vector<float> scores(nc);
  uint64_t keys[nlp::kMaxNerFeatures];
  std::vector<std::vector<nlp::NerHyp>> steps;
  std::vector<int> pred;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    std::shuffle(idx.begin(), idx.end(), rng);
    size_t n = 0, ok = 0;
    for (size_t si : idx) {
      const auto& toks = train[si].tokens;
      if (o.adapt_fold >= 0) p.SetDomain(domain_of(train[si]));
      nlp::PrepareNerWords(toks.data(), toks.size(), &d.gazetteer, &d.words, &words);
      if (o.beam > 1 && !toks.empty()) {
        // Global training with early update (Collins and Roark 2004): search with the beam;
        // where the gold path falls out of it (or at the end, when the best path is wrong),
        // reward the gold prefix and penalise the best prefix.
        const std::vector<int>& g = gold[si];
        size_t stop = nlp::NerBeamSearch(
            words, nc, static_cast<size_t>(o.beam),
            [&p](const uint64_t* k, size_t nk, float* sc) { p.Score(k, nk, sc); }, &steps, &g);
        size_t upto = stop < toks.size() ? stop : toks.size() - 1;
        pred.assign(upto + 1, 0);
        int h = 0;
        for (size_t i = upto + 1; i-- > 0;) {
          pred[i] = steps[i][h].cls;
          h = steps[i][h].back;
        }
        bool wrong = stop < toks.size();
        for (size_t i = 0; i <= upto && !wrong; ++i) wrong = pred[i] != g[i];
        if (wrong) {
          for (size_t i = 0; i <= upto; ++i) {
            int gp1 = i > 0 ? g[i - 1] : -1, gp2 = i > 1 ? g[i - 2] : -1;
            int pp1 = i > 0 ? pred[i - 1] : -1, pp2 = i > 1 ? pred[i - 2] : -1;
            if (g[i] == pred[i] && gp1 == pp1 && gp2 == pp2) continue;
            size_t nk = nlp::NerFeatures(words, i, -1, -1, keys, nlp::kNerStatic);
            p.Update(keys, nk, g[i], pred[i]);
            nk = nlp::NerFeatures(words, i, gp1, gp2, keys, nlp::kNerHistory);
            p.Update(keys, nk, g[i], -1, 1.0f);
            nk = nlp::NerFeatures(words, i, pp1, pp2, keys, nlp::kNerHistory);
            p.Update(keys, nk, pred[i], -1, -1.0f);
          }
        }
        for (size_t i = 0; i < toks.size(); ++i) {
          p.Tick();
          ++n;
          ok += i <= upto && pred[i] == g[i];  // tokens after an early stop count as wrong
        }
        continue;
      }
      int p1 = -1, p2 = -1;
      const size_t len = toks.size();
      for (size_t s = 0; s < len; ++s) {
        const size_t i = o.backward ? len - 1 - s : s;
        size_t nk = nlp::NerFeatures(words, i, p1, p2, keys);
        std::fill(scores.begin(), scores.end(), 0.0f);
        p.Score(keys, nk, scores.data());
        int best = -1;
        for (int c = 0; c < nc; ++c)
          if (nlp::NerAllowed(p1, c) && (best < 0 || scores[c] > scores[best])) best = c;
        int g = gold[si][i];
        p.Update(keys, nk, g, best);
        p.Tick();
        ++n;
        ok += best == g;
        // Follow the gold history while it is consistent with the constraint.
        int next = nlp::NerAllowed(p1, g) ? g : best;
        p2 = p1;
        p1 = next;
      }
    }
    if (o.log) {
      *o.log << "ner epoch " << epoch << ": train token accuracy " << 100.0 * ok / n << "%, "
             << p.num_features() << " features";
      if (o.dev && !o.dev->empty()) {
        nlp::NerData dd = d;
        dd.model = p.Average(o.prune, fold);
        nlp::Ner ner(std::move(dd));
        size_t tp = 0, ng = 0, np = 0;
        for (const auto& g : *o.dev) {
          std::vector<Token> toks = g.tokens;
          tagger.Tag(toks.data(), toks.size());
          ner.Recognize(toks.data(), toks.size());
          auto gs = nlp::SpansFromIob2(g.tokens.data(), g.tokens.size());
          auto ps = nlp::SpansFromIob2(toks.data(), toks.size());
          ng += gs.size();
          np += ps.size();
          for (const auto& a : ps)
            for (const auto& b : gs)
              if (a.begin == b.begin && a.end == b.end && a.type == b.type) ++tp;
        }
        double pr = np ? 100.0 * tp / np : 0, rc = ng ? 100.0 * tp / ng : 0;
        *o.log << ", dev P " << pr << " R " << rc << " F1 " << (pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0);
      }
      *o.log << "\n";
      o.log->flush();
    }
  }
  d.model = p.Average(o.prune, fold);
  return nlp::Ner(std::move(d));
}

Result<nlp::Ner> EnsembleNer(std::vector<nlp::Ner> members) {
  if (members.empty()) return InvalidArgument("an ensemble needs members");
  if (members.size() > nlp::kMaxNerMembers)
    return InvalidArgument("at most " + std::to_string(nlp::kMaxNerMembers) + " ensemble members");
  nlp::NerData d = members[0].data();
  std::vector<nlp::LinearModel> models;
  d.backward = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    const nlp::NerData& x = members[i].data();
    d.backward |= x.backward << i;
    if (x.members != 1 || x.beam != 1)
      return InvalidArgument("ensemble members must be single greedy models");
    if (x.types != d.types || x.gazetteer.size() != d.gazetteer.size() ||
        x.words.table.size() != d.words.table.size())
      return InvalidArgument("ensemble members must share types, gazetteer and word statistics");
    models.push_back(x.model);
  }
  d.model = nlp::LinearModel::Concat(models);
  d.members = static_cast<uint32_t>(members.size());
  return nlp::Ner(std::move(d));
}

}  // namespace dyad::train

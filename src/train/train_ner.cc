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
  for (const auto& [t, c] : type_count) d.types.push_back(t);  // alphabetical
  const int nc = nlp::NerClasses(static_cast<int>(d.types.size()));
  std::vector<std::vector<int>> gold(train.size());
  for (size_t i = 0; i < train.size(); ++i)
    gold[i] = nlp::EncodeBilou(train[i].tokens.data(), train[i].tokens.size(), d.types);

  AveragedPerceptron p(nc);
  std::mt19937_64 rng(o.seed);
  std::vector<size_t> idx(train.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::vector<nlp::NerWord> words;
  std::vector<float> scores(nc);
  uint64_t keys[nlp::kMaxNerFeatures];
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    std::shuffle(idx.begin(), idx.end(), rng);
    size_t n = 0, ok = 0;
    for (size_t si : idx) {
      const auto& toks = train[si].tokens;
      nlp::PrepareNerWords(toks.data(), toks.size(), &d.gazetteer, &d.words, &words);
      int p1 = -1, p2 = -1;
      for (size_t i = 0; i < toks.size(); ++i) {
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
        dd.model = p.Average(o.prune);
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
  d.model = p.Average(o.prune);
  return nlp::Ner(std::move(d));
}

}  // namespace dyad::train

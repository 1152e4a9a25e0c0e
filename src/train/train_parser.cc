// Parser training: averaged perceptron with the arc-hybrid dynamic oracle (Goldberg and Nivre
// 2013), exploring the model's own mistakes after the first epochs.
#include <algorithm>
#include <map>
#include <random>

#include "nlp/features.h"
#include "train/perceptron.h"
#include "train/trainers.h"

namespace dyad::train {
namespace {

using nlp::ParseState;

// Structural costs of LEFT and RIGHT and SHIFT (number of gold arcs they make unreachable).
struct Costs {
  int shift = 0, left = 0, right = 0;
};

Costs ComputeCosts(const ParseState& s, const std::vector<int>& gold) {
  Costs c;
  const int n = s.n;
  const int b0 = s.b;
  if (s.CanShift()) {
    // b0 loses heads in the stack below s0 and dependents anywhere in the stack.
    for (size_t i = 0; i < s.stack.size(); ++i) {
      int k = s.stack[i];
      if (i + 1 < s.stack.size() && gold[b0] == k) ++c.shift;
      if (gold[k] == b0) ++c.shift;
    }
  }
  if (!s.stack.empty()) {
    int s0 = s.stack.back();
    int s1 = s.stack.size() >= 2 ? s.stack[s.stack.size() - 2] : -1;
    int deps_in_buffer = 0;
    for (int j = b0; j < n; ++j)
      if (gold[j] == s0) ++deps_in_buffer;
    int h = gold[s0];
    // LEFT: s0 takes b0 as head.
    c.left = deps_in_buffer + ((h != b0 && (h == s1 || h > b0)) ? 1 : 0);
    // RIGHT: s0 takes s1 as head.
    c.right = deps_in_buffer + ((h != s1 && h >= b0) ? 1 : 0);
  }
  return c;
}

}  // namespace

Status JackknifeTag(std::vector<GoldSentence>* sents, int folds, int tagger_epochs,
                    uint64_t seed, std::ostream* log) {
  if (folds < 2) return InvalidArgument("jackknifing needs at least 2 folds");
  std::vector<GoldSentence> tagged = *sents;
  for (int k = 0; k < folds; ++k) {
    std::vector<GoldSentence> rest;
    for (size_t i = 0; i < sents->size(); ++i)
      if (static_cast<int>(i % folds) != k) rest.push_back((*sents)[i]);
    TrainOptions to;
    to.epochs = tagger_epochs;
    to.seed = seed + k;
    ASSIGN_OR_RETURN(nlp::Tagger t, TrainTagger(rest, to));
    for (size_t i = k; i < sents->size(); i += folds)
      t.Tag(tagged[i].tokens.data(), tagged[i].tokens.size());
    if (log) *log << "jackknife fold " << k + 1 << "/" << folds << " tagged\n";
  }
  *sents = std::move(tagged);
  return Status::Ok();
}

Result<nlp::Parser> TrainParser(std::vector<GoldSentence> train, const nlp::Tagger* tagger,
                                const TrainOptions& o) {
  if (train.empty()) return InvalidArgument("no training sentences");
  if (o.jackknife > 1) {
    // Keeps gold heads/relations (Tag() only writes tags, lemmas and FEATS).
    RETURN_IF_ERROR(JackknifeTag(&train, o.jackknife, o.jackknife_tagger_epochs, o.seed, o.log));
  } else if (tagger) {
    RetagSentences(*tagger, &train);
  }
  std::map<std::string, int> label_count;
  for (const auto& s : train)
    for (const auto& t : s.tokens) label_count[t.deprel]++;
  if (!label_count.count("root")) return InvalidArgument("training data has no 'root' relation");
  std::vector<std::pair<int, std::string>> order;
  for (const auto& [l, c] : label_count) order.emplace_back(-c, l);
  std::sort(order.begin(), order.end());
  nlp::ParserData d;
  std::map<std::string, int> label_of;
  for (const auto& [c, l] : order) {
    label_of[l] = static_cast<int>(d.labels.size());
    d.labels.push_back(l);
  }
  d.root_label = label_of["root"];
  const int nl = static_cast<int>(d.labels.size());
  const int nt = 1 + 2 * nl;

  AveragedPerceptron p(nt);
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<size_t> idx(train.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  ParseState s;
  nlp::ParseWords pw;
  std::vector<char> valid;
  std::vector<float> scores(nt);
  std::vector<int> gold, glabel;
  uint64_t keys[nlp::kMaxParserFeatures];
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    std::shuffle(idx.begin(), idx.end(), rng);
    size_t steps = 0, wrong = 0;
    for (size_t si : idx) {
      const auto& toks = train[si].tokens;
      const int n = static_cast<int>(toks.size());
      gold.resize(n + 1);
      glabel.resize(n + 1);
      for (int i = 0; i < n; ++i) {
        gold[i] = toks[i].head < 0 ? n : toks[i].head;
        glabel[i] = label_of[toks[i].deprel];
      }
      gold[n] = -1;
      pw.Prepare(toks.data(), n);
      s.Init(n);
      while (!s.Terminal()) {
        size_t nk = nlp::ParserFeatures(s, pw, keys);
        std::fill(scores.begin(), scores.end(), 0.0f);
        p.Score(keys, nk, scores.data());
        nlp::ValidTransitions(s, nl, d.root_label, &valid);
        Costs c = ComputeCosts(s, gold);
        int s0 = s.stack.empty() ? -1 : s.stack.back();
        int s1 = s.stack.size() >= 2 ? s.stack[s.stack.size() - 2] : -1;
        auto cost = [&](int t) {
          if (t == nlp::kShift) return c.shift;
          int l = nlp::LabelOf(t);
          if (nlp::IsLeft(t)) return c.left + ((gold[s0] == s.b && glabel[s0] != l) ? 1 : 0);
          return c.right + ((gold[s0] == s1 && glabel[s0] != l) ? 1 : 0);
        };
        int pred = -1, best_gold = -1, min_cost = 1 << 30;
        for (int t = 0; t < nt; ++t) {
          if (!valid[t]) continue;
          if (pred < 0 || scores[t] > scores[pred]) pred = t;
          min_cost = std::min(min_cost, cost(t));
        }
        for (int t = 0; t < nt; ++t) {
          if (valid[t] && cost(t) == min_cost && (best_gold < 0 || scores[t] > scores[best_gold]))
            best_gold = t;
        }
        ++steps;
        if (cost(pred) > min_cost) {
          ++wrong;
          p.Update(keys, nk, best_gold, pred);
        }
        p.Tick();
        bool explore = epoch >= o.explore_from_epoch && coin(rng) < o.explore;
        s.Apply(explore ? pred : best_gold);
      }
    }
    if (o.log) {
      *o.log << "parser epoch " << epoch << ": " << 100.0 * (steps - wrong) / steps
             << "% transitions optimal, " << p.num_features() << " features";
      if (o.dev && !o.dev->empty()) {
        nlp::ParserData dd = d;
        dd.model = p.Average(o.prune);
        nlp::Parser parser(std::move(dd));
        size_t words = 0, uas = 0, las = 0;
        for (const auto& g : *o.dev) {
          std::vector<Token> toks = g.tokens;
          if (tagger) tagger->Tag(toks.data(), toks.size());
          parser.Parse(toks.data(), toks.size());
          for (size_t i = 0; i < toks.size(); ++i) {
            ++words;
            if (toks[i].head == g.tokens[i].head) {
              ++uas;
              if (toks[i].deprel == g.tokens[i].deprel) ++las;
            }
          }
        }
        *o.log << ", dev UAS " << 100.0 * uas / words << " LAS(full labels) "
               << 100.0 * las / words;
      }
      *o.log << "\n";
      o.log->flush();
    }
  }
  d.model = p.Average(o.prune);
  return nlp::Parser(std::move(d));
}

}  // namespace dyad::train

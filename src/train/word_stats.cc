#include "train/word_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <unordered_map>

#include "dyad/reader.h"
#include "nlp/features.h"
#include "text/segmenter.h"
#include "train/corpus.h"

namespace dyad::train {
namespace {

// Sentences whose case carries no information (mostly capitals, or lower-case text that does not
// capitalise even its first word) do not vote on capitalisation.
bool CaseInformative(const std::vector<std::string>& s) {
  size_t alpha = 0, upper = 0;
  bool first_seen = false, first_upper = false;
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t f = nlp::WordFlags(s[i]);
    if (!(f & (nlp::kHasLower | nlp::kAllUpper | nlp::kFirstUpper))) continue;
    ++alpha;
    if (f & nlp::kAllUpper) ++upper;
    if (!first_seen) {
      first_seen = true;
      first_upper = (f & nlp::kFirstUpper) != 0;
    } else if (f & nlp::kFirstUpper) {
      first_upper = true;  // a capital inside: the writer uses case
    }
  }
  return alpha >= 3 && upper * 2 < alpha && first_upper;
}

bool StartsWithLetter(const std::string& w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// After these, a capital letter says nothing (a new sentence or a quotation may start).
bool OpensSentence(const std::string& prev) {
  return prev == "." || prev == "!" || prev == "?" || prev == ":" || prev == "\"" ||
         prev == "``" || prev == "''" || prev == "..." || prev == "-" || prev == "--" ||
         prev == "(" || prev == "*" || prev == ";";
}

// x log x on integer counts, tabulated: the exchange algorithm evaluates it billions of times.
class XLogX {
 public:
  explicit XLogX(int64_t max) : table_(static_cast<size_t>(max) + 1, 0.0) {
    for (int64_t x = 2; x <= max; ++x) table_[x] = static_cast<double>(x) * std::log(double(x));
  }
  double operator()(int64_t x) const {
    if (x < static_cast<int64_t>(table_.size())) return x > 1 ? table_[x] : 0.0;
    return static_cast<double>(x) * std::log(static_cast<double>(x));
  }

 private:
  std::vector<double> table_;
};

struct Neighbour {
  uint32_t word;
  uint32_t count;
};

// Class ids 0..K-1 for the words 0..V-1 (by decreasing frequency); word V is "rare" and word V+1
// the sentence boundary, each in its own fixed class K and K+1.
std::vector<uint32_t> Exchange(const std::vector<std::vector<Neighbour>>& right,
                               const std::vector<std::vector<Neighbour>>& left,
                               const std::vector<uint32_t>& self, size_t movable, int k_classes,
                               int iterations, const XLogX& f, std::ostream* log) {
  const size_t total_words = right.size();
  const size_t K = static_cast<size_t>(k_classes), W = K + 2;  // matrix width
  std::vector<uint32_t> cls(total_words);
  for (size_t w = 0; w < movable; ++w) cls[w] = static_cast<uint32_t>(w % K);
  for (size_t w = movable; w < total_words; ++w) cls[w] = static_cast<uint32_t>(K + (w - movable));
  std::vector<int64_t> N(W * W, 0), NL(W, 0), NR(W, 0);
  for (size_t w = 0; w < total_words; ++w) {
    for (const Neighbour& nb : right[w]) {
      N[cls[w] * W + cls[nb.word]] += nb.count;
      NL[cls[w]] += nb.count;
      NR[cls[nb.word]] += nb.count;
    }
  }
  auto objective = [&]() {
    double o = 0;
    for (int64_t x : N) o += f(x);
    for (size_t c = 0; c < W; ++c) o -= f(NL[c]) + f(NR[c]);
    return o;
  };
  std::vector<int64_t> r(W, 0), l(W, 0);
  std::vector<uint32_t> rt, lt;  // classes touched in r and l
  for (int it = 0; it < iterations; ++it) {
    size_t moved = 0;
    for (size_t w = 0; w < movable; ++w) {
      // Neighbour class counts of w, without the bigram (w, w).
      rt.clear();
      lt.clear();
      int64_t nr_w = 0, nl_w = 0;  // w as left element / as right element
      for (const Neighbour& nb : right[w]) {
        nl_w += nb.count;
        if (nb.word == w) continue;
        uint32_t d = cls[nb.word];
        if (r[d] == 0) rt.push_back(d);
        r[d] += nb.count;
      }
      for (const Neighbour& nb : left[w]) {
        nr_w += nb.count;
        if (nb.word == w) continue;
        uint32_t d = cls[nb.word];
        if (l[d] == 0) lt.push_back(d);
        l[d] += nb.count;
      }
      const int64_t s = self[w];
      // Take w out of its class.
      const uint32_t a = cls[w];
      for (uint32_t d : rt) N[a * W + d] -= r[d];
      for (uint32_t d : lt) N[d * W + a] -= l[d];
      N[a * W + a] -= s;
      NL[a] -= nl_w;
      NR[a] -= nr_w;
      // Gain of putting it into each class.
      uint32_t best = a;
      double best_gain = -1e300;
      for (uint32_t c = 0; c < K; ++c) {
        double g = 0;
        const int64_t* row = &N[c * W];
        for (uint32_t d : rt) g += f(row[d] + r[d]) - f(row[d]);
        for (uint32_t d : lt) g += f(N[d * W + c] + l[d]) - f(N[d * W + c]);
        // The cell (c, c) gets r[c] + l[c] + s at once; the sums above counted r and l apart.
        int64_t cc = row[c];
        g += f(cc + r[c] + l[c] + s) - f(cc + r[c]) - f(cc + l[c]) + f(cc);
        g -= f(NL[c] + nl_w) - f(NL[c]) + f(NR[c] + nr_w) - f(NR[c]);
        if (g > best_gain + 1e-9 || (c == a && g >= best_gain - 1e-9)) {
          best_gain = g;
          best = c;
        }
      }
      for (uint32_t d : rt) N[best * W + d] += r[d];
      for (uint32_t d : lt) N[d * W + best] += l[d];
      N[best * W + best] += s;
      NL[best] += nl_w;
      NR[best] += nr_w;
      if (best != a) ++moved;
      cls[w] = best;
      for (uint32_t d : rt) r[d] = 0;
      for (uint32_t d : lt) l[d] = 0;
    }
    if (log) {
      *log << "word classes " << K << ": pass " << it + 1 << ", " << moved << " of " << movable
           << " words moved, objective " << objective() << "\n";
      log->flush();
    }
    if (moved == 0) break;
  }
  return cls;
}

class CollectText : public DocSink {
 public:
  bool Accept(RawDoc doc) override {
    texts.push_back(std::move(doc.text));
    return true;
  }
  void Reject(const std::string& where, const Status& why) override {
    if (error.ok()) error = InvalidArgument(where + ": " + why.message());
  }
  std::vector<std::string> texts;
  Status error;
};

}  // namespace

Result<std::vector<std::vector<std::string>>> ReadUnlabeledSentences(
    const std::vector<std::string>& files) {
  std::vector<std::vector<std::string>> out;
  Segmenter seg;
  for (const std::string& f : files) {
    if (f.size() > 7 && f.compare(f.size() - 7, 7, ".conllu") == 0) {
      ASSIGN_OR_RETURN(auto sents, LoadTreebanks({f}, GumCcByFilter()));
      for (const auto& s : sents) {
        std::vector<std::string> forms;
        for (const auto& t : s.tokens) forms.push_back(t.form);
        out.push_back(std::move(forms));
      }
      continue;
    }
    CollectText sink;
    RETURN_IF_ERROR(ReadInputs({f}, ReadOptions{}, sink));
    RETURN_IF_ERROR(sink.error);
    if (sink.texts.empty()) return InvalidArgument(f + ": no text to learn word statistics from");
    for (const std::string& text : sink.texts) {
      std::vector<Sentence> sents;
      std::vector<Token> toks;
      seg.Segment(text, &sents, &toks);
      for (const Sentence& s : sents) {
        std::vector<std::string> forms;
        for (uint32_t i = s.token_begin; i < s.token_end; ++i) forms.push_back(toks[i].form);
        out.push_back(std::move(forms));
      }
    }
  }
  return out;
}

int CapBucket(double share) {
  if (share < 0.02) return 1;
  if (share < 0.2) return 2;
  if (share < 0.5) return 3;
  if (share < 0.8) return 4;
  if (share < 0.98) return 5;
  return 6;
}

nlp::WordStats BuildWordStats(const std::vector<std::vector<std::string>>& sentences,
                              const WordStatsOptions& o, std::ostream* log) {
  // Vocabulary over NormWord forms, with counts and capitalisation votes.
  struct Entry {
    std::string form;
    uint64_t count = 0, votes = 0, capitalised = 0;
  };
  std::unordered_map<std::string, uint32_t> index;
  std::vector<Entry> vocab;
  std::vector<std::vector<uint32_t>> ids(sentences.size());
  uint64_t tokens = 0;
  for (size_t si = 0; si < sentences.size(); ++si) {
    const auto& s = sentences[si];
    bool informative = CaseInformative(s);
    ids[si].reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      std::string norm = nlp::NormWord(s[i]);
      auto [it, fresh] = index.emplace(norm, static_cast<uint32_t>(vocab.size()));
      if (fresh) vocab.push_back({norm});
      Entry& e = vocab[it->second];
      ++e.count;
      ++tokens;
      ids[si].push_back(it->second);
      if (informative && i > 0 && StartsWithLetter(s[i]) && !OpensSentence(s[i - 1])) {
        ++e.votes;
        if (nlp::WordFlags(s[i]) & nlp::kFirstUpper) ++e.capitalised;
      }
    }
  }
  // Dense ids by decreasing count (ties by form, for determinism); rare words share one id.
  std::vector<uint32_t> order(vocab.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (vocab[a].count != vocab[b].count) return vocab[a].count > vocab[b].count;
    return vocab[a].form < vocab[b].form;
  });
  size_t movable = 0;
  while (movable < order.size() &&
         vocab[order[movable]].count >= static_cast<uint64_t>(std::max(1, o.min_count)))
    ++movable;
  const uint32_t kRare = static_cast<uint32_t>(movable), kBoundary = kRare + 1;
  std::vector<uint32_t> dense(vocab.size(), kRare);
  for (size_t r = 0; r < movable; ++r) dense[order[r]] = static_cast<uint32_t>(r);

  // Bigram lists (with a boundary word around each sentence).
  std::vector<std::unordered_map<uint32_t, uint32_t>> rmap(movable + 2);
  for (const auto& s : ids) {
    uint32_t prev = kBoundary;
    for (uint32_t v : s) {
      uint32_t w = dense[v];
      ++rmap[prev][w];
      prev = w;
    }
    ++rmap[prev][kBoundary];
  }
  std::vector<std::vector<Neighbour>> right(movable + 2), left(movable + 2);
  std::vector<uint32_t> self(movable + 2, 0);
  for (uint32_t w = 0; w < rmap.size(); ++w) {
    for (const auto& [v, c] : rmap[w]) {
      right[w].push_back({v, c});
      left[v].push_back({w, c});
      if (v == w) self[w] = c;
    }
  }
  auto by_word = [](const Neighbour& a, const Neighbour& b) { return a.word < b.word; };
  for (auto& x : right) std::sort(x.begin(), x.end(), by_word);
  for (auto& x : left) std::sort(x.begin(), x.end(), by_word);
  rmap.clear();
  if (log) {
    *log << "word statistics: " << sentences.size() << " sentences, " << tokens << " tokens, "
         << vocab.size() << " distinct words, " << movable << " seen at least " << o.min_count
         << " times\n";
  }
  XLogX f(static_cast<int64_t>(std::min<uint64_t>(tokens + sentences.size() + 1, 1u << 24)));
  std::vector<std::vector<uint32_t>> classes;
  for (int g = 0; g < 3; ++g) {
    if (o.classes[g] <= 0 || movable == 0) {
      classes.emplace_back();
      continue;
    }
    classes.push_back(
        Exchange(right, left, self, movable, o.classes[g], o.iterations, f, log));
  }

  nlp::WordStats out;
  for (uint32_t v = 0; v < vocab.size(); ++v) {
    const Entry& e = vocab[v];
    nlp::WordProfile info;
    if (e.votes >= 2) info.cap = static_cast<uint8_t>(CapBucket(double(e.capitalised) / e.votes));
    uint32_t d = dense[v];
    for (int g = 0; g < 3; ++g)
      if (d < movable && !classes[g].empty())
        info.cls[g] = static_cast<uint16_t>(classes[g][d] + 1);
    out.table[nlp::HashStr(e.form)] = nlp::WordStats::Pack(info);
  }
  return out;
}

}  // namespace dyad::train

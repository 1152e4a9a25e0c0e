#include "train/nlp_eval.h"

#include <chrono>
#include <set>
#include <tuple>

#include "text/segmenter.h"

namespace dyad::train {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string Universal(const std::string& rel) { return rel.substr(0, rel.find(':')); }

struct GoldWord {
  const ConlluWord* w;
  int sent_base;  // index of the sentence's first word in the flat list
};

}  // namespace

std::vector<ConlluSentence> FilterConllu(const std::vector<ConlluSentence>& s,
                                         const std::function<bool(const std::string&)>& keep,
                                         bool by_doc) {
  std::vector<ConlluSentence> out;
  std::string doc;
  for (const auto& x : s) {
    if (x.new_document) {
      for (const auto& c : x.comments) {
        if (c.rfind("newdoc", 0) == 0) {
          size_t eq = c.find('=');
          doc = eq == std::string::npos ? "" : c.substr(c.find_first_not_of(' ', eq + 1));
        }
      }
    }
    if (keep(by_doc ? doc : x.sent_id)) {
      out.push_back(x);
    }
  }
  return out;
}

TagParseScores EvaluateTagParse(const std::vector<ConlluSentence>& conllu,
                                const nlp::Tagger& tagger, const nlp::Parser* parser, bool raw) {
  TagParseScores r;
  r.sentences = conllu.size();
  // Flat gold words with absolute head indices (-1 = root).
  std::vector<const ConlluWord*> gw;
  std::vector<int> ghead;
  for (const auto& s : conllu) {
    int base = static_cast<int>(gw.size());
    for (const auto& w : s.words) {
      gw.push_back(&w);
      ghead.push_back(w.head == 0 ? -1 : base + w.head - 1);
    }
  }
  // System words (flat), their absolute heads, and their aligned gold word (-1 = none).
  std::vector<Token> sys;
  std::vector<int> shead, align;
  double t0 = Now();
  if (!raw) {
    for (const auto& s : conllu) {
      size_t base = sys.size();
      for (const auto& w : s.words) {
        Token t;
        t.form = w.form;
        sys.push_back(std::move(t));
      }
      Token* toks = sys.data() + base;
      tagger.Tag(toks, s.words.size());
      if (parser) parser->Parse(toks, s.words.size());
      for (size_t i = 0; i < s.words.size(); ++i) {
        shead.push_back(toks[i].head < 0 ? -1 : static_cast<int>(base) + toks[i].head);
        align.push_back(static_cast<int>(base + i));
      }
    }
  } else {
    GoldSegmentation gold = BuildGoldSegmentation(conllu);
    Segmenter seg;
    std::vector<Sentence> sents;
    seg.Segment(gold.text, &sents, &sys);
    for (const auto& s : sents) {
      tagger.Tag(sys.data() + s.token_begin, s.token_end - s.token_begin);
      if (parser) parser->Parse(sys.data() + s.token_begin, s.token_end - s.token_begin);
      for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
        shead.push_back(sys[i].head < 0 ? -1 : static_cast<int>(s.token_begin) + sys[i].head);
      }
    }
    // Alignment by byte spans.
    std::map<std::pair<uint32_t, uint32_t>, std::pair<int, int>> gold_tok;  // span -> first word, count
    int wi = 0;
    for (size_t t = 0; t < gold.tokens.size(); ++t) {
      int k = static_cast<int>(gold.token_words[t].size());
      gold_tok[{gold.tokens[t].begin, gold.tokens[t].end}] = {wi, k};
      wi += k;
    }
    align.assign(sys.size(), -1);
    for (size_t i = 0; i < sys.size(); ++i) {
      auto it = gold_tok.find({sys[i].clean.begin, sys[i].clean.end});
      if (it != gold_tok.end() && it->second.second == 1) {
        align[i] = it->second.first;
        continue;
      }
      // Inside a gold multi-word token: align in order when our tokens tile it exactly.
      auto up = gold_tok.upper_bound({sys[i].clean.begin, UINT32_MAX});
      if (up == gold_tok.begin()) continue;
      --up;
      auto [span, fw] = *up;
      if (fw.second <= 1 || sys[i].clean.begin != span.first) continue;
      size_t j = i;
      std::vector<size_t> inside;
      while (j < sys.size() && sys[j].clean.end <= span.second) inside.push_back(j++);
      if (inside.size() == static_cast<size_t>(fw.second) && sys[j - 1].clean.end == span.second) {
        for (size_t q = 0; q < inside.size(); ++q) align[inside[q]] = fw.first + static_cast<int>(q);
      }
    }
  }
  r.seconds = Now() - t0;
  size_t ng = gw.size(), ns = sys.size();
  for (SpanScore* s : {&r.words, &r.upos, &r.xpos, &r.upos_xpos, &r.lemma, &r.feats, &r.uas,
                       &r.las, &r.las_full}) {
    s->gold = ng;
    s->system = ns;
  }
  // gold word -> system word
  std::vector<int> g2s(ng, -1);
  for (size_t i = 0; i < ns; ++i)
    if (align[i] >= 0) g2s[align[i]] = static_cast<int>(i);
  for (size_t i = 0; i < ns; ++i) {
    int g = align[i];
    if (g < 0) continue;
    const ConlluWord& w = *gw[g];
    const Token& t = sys[i];
    r.words.correct++;
    bool up = t.upos == w.upos, xp = t.xpos == w.xpos;
    r.upos.correct += up;
    r.xpos.correct += xp;
    r.upos_xpos.correct += up && xp;
    r.lemma.correct += t.lemma == w.lemma;
    r.feats.correct += t.feats == (w.feats == "_" ? "" : w.feats);
    bool head_ok = false;
    if (ghead[g] < 0) {
      head_ok = shead[i] < 0;
    } else {
      head_ok = shead[i] >= 0 && align[shead[i]] == ghead[g];
    }
    if (head_ok) {
      r.uas.correct++;
      if (Universal(t.deprel) == Universal(w.deprel)) r.las.correct++;
      if (t.deprel == w.deprel) r.las_full.correct++;
    }
  }
  return r;
}

namespace {

// The entities the NER finds in `text` (segmented by dyad, recognised sentence by sentence, then
// the document-level pass), as byte spans.
std::vector<std::tuple<uint32_t, uint32_t, std::string>> RecogniseText(
    const std::string& text, const Segmenter& seg, const nlp::Tagger& tagger,
    const nlp::Ner& ner) {
  std::vector<Sentence> sents;
  std::vector<Token> toks;
  seg.Segment(text, &sents, &toks);
  std::vector<std::pair<Token*, size_t>> doc;
  for (const auto& s : sents) {
    Token* t = toks.data() + s.token_begin;
    size_t n = s.token_end - s.token_begin;
    tagger.Tag(t, n);
    ner.Recognize(t, n);
    doc.push_back({t, n});
  }
  nlp::PropagateEntities(doc);
  std::vector<std::tuple<uint32_t, uint32_t, std::string>> out;
  for (const auto& s : sents) {
    const Token* t = toks.data() + s.token_begin;
    for (const auto& sp : nlp::SpansFromIob2(t, s.token_end - s.token_begin))
      out.emplace_back(t[sp.begin].clean.begin, t[sp.end - 1].clean.end, sp.type);
  }
  return out;
}

}  // namespace

NerScores EvaluateNer(const std::vector<GoldSentence>& gold, const nlp::Tagger& tagger,
                      const nlp::Ner& ner, bool raw, std::ostream* predictions) {
  NerScores r;
  r.sentences = gold.size();
  using Key = std::tuple<size_t, uint32_t, uint32_t, std::string>;  // unit, begin, end, type
  std::set<Key> gs, ps;
  double t0 = Now();
  if (!raw) {
    // Recognise a document at a time (consecutive sentences with the same document id), as
    // the pipeline does, then score sentence by sentence.
    std::vector<std::vector<Token>> sys(gold.size());
    for (size_t si = 0; si < gold.size();) {
      size_t sj = si;
      std::vector<std::pair<Token*, size_t>> doc;
      while (sj < gold.size() && (sj == si || gold[sj].doc_id == gold[si].doc_id)) {
        auto& toks = sys[sj];
        toks.resize(gold[sj].tokens.size());
        for (size_t i = 0; i < toks.size(); ++i) toks[i].form = gold[sj].tokens[i].form;
        tagger.Tag(toks.data(), toks.size());
        ner.Recognize(toks.data(), toks.size());
        doc.push_back({toks.data(), toks.size()});
        ++sj;
      }
      nlp::PropagateEntities(doc);
      si = sj;
    }
    for (size_t si = 0; si < gold.size(); ++si) {
      const auto& g = gold[si];
      const std::vector<Token>& toks = sys[si];
      if (predictions) {
        for (size_t i = 0; i < toks.size(); ++i)
          *predictions << toks[i].form << '\t' << g.tokens[i].ner << '\t' << toks[i].ner << '\n';
        *predictions << '\n';
      }
      for (const auto& s : nlp::SpansFromIob2(g.tokens.data(), g.tokens.size()))
        gs.insert({si, s.begin, s.end, s.type});
      for (const auto& s : nlp::SpansFromIob2(toks.data(), toks.size()))
        ps.insert({si, s.begin, s.end, s.type});
    }
  } else {
    Segmenter seg;
    size_t si = 0, unit = 0;
    while (si < gold.size()) {
      // One document at a time (consecutive sentences with the same doc id).
      std::string text;
      size_t sj = si;
      while (sj < gold.size() && (sj == si || gold[sj].doc_id == gold[si].doc_id)) {
        const auto& g = gold[sj];
        if (!text.empty()) text += ' ';
        // Locate each token in the sentence text; without a usable text, join with spaces.
        std::string st = g.text;
        std::vector<std::pair<uint32_t, uint32_t>> spans;
        size_t pos = 0;
        bool ok = !st.empty();
        for (const auto& t : g.tokens) {
          if (!ok) break;
          size_t f = st.find(t.form, pos);
          if (f == std::string::npos || st.find_first_not_of(" \t", pos) != f) {
            ok = false;
            break;
          }
          spans.push_back({static_cast<uint32_t>(f), static_cast<uint32_t>(f + t.form.size())});
          pos = f + t.form.size();
        }
        if (!ok) {
          st.clear();
          spans.clear();
          for (const auto& t : g.tokens) {
            if (!st.empty()) st += ' ';
            spans.push_back({static_cast<uint32_t>(st.size()),
                             static_cast<uint32_t>(st.size() + t.form.size())});
            st += t.form;
          }
        }
        uint32_t base = static_cast<uint32_t>(text.size());
        text += st;
        for (const auto& s : nlp::SpansFromIob2(g.tokens.data(), g.tokens.size()))
          gs.insert({unit, base + spans[s.begin].first, base + spans[s.end - 1].second, s.type});
        ++sj;
      }
      for (const auto& [b, e, type] : RecogniseText(text, seg, tagger, ner))
        ps.insert({unit, b, e, type});
      ++unit;
      si = sj;
    }
  }
  r.seconds = Now() - t0;
  r.all.gold = gs.size();
  r.all.system = ps.size();
  for (const auto& k : gs) r.by_type[std::get<3>(k)].gold++;
  for (const auto& k : ps) {
    r.by_type[std::get<3>(k)].system++;
    if (gs.count(k)) {
      r.all.correct++;
      r.by_type[std::get<3>(k)].correct++;
    }
  }
  return r;
}

NerScores EvaluateNerOnText(const std::vector<TextEntities>& docs, const nlp::Tagger& tagger,
                            const nlp::Ner& ner, NerScores* overlap, std::ostream* predictions) {
  NerScores r, o;
  Segmenter seg;
  double t0 = Now();
  for (const TextEntities& d : docs) {
    auto found = RecogniseText(d.text, seg, tagger, ner);
    std::set<std::tuple<uint32_t, uint32_t, std::string>> gold(d.entities.begin(),
                                                               d.entities.end());
    std::vector<bool> used(d.entities.size(), false);
    for (const auto& g : d.entities) {
      for (NerScores* s : {&r, &o}) {
        s->all.gold++;
        s->by_type[std::get<2>(g)].gold++;
      }
    }
    for (const auto& f : found) {
      const auto& [b, e, type] = f;
      if (predictions) {
        std::string text = d.text.substr(b, e - b);
        for (char& c : text)
          if (c == '\n' || c == '\t') c = ' ';
        *predictions << d.id << '\t' << b << '\t' << e << '\t' << type << '\t' << text << '\n';
      }
      for (NerScores* s : {&r, &o}) {
        s->all.system++;
        s->by_type[type].system++;
      }
      if (gold.count(f)) {
        r.all.correct++;
        r.by_type[type].correct++;
      }
      for (size_t k = 0; k < d.entities.size(); ++k) {
        const auto& [gb, ge, gt] = d.entities[k];
        if (used[k] || gt != type || ge <= b || e <= gb) continue;
        used[k] = true;
        o.all.correct++;
        o.by_type[type].correct++;
        break;
      }
    }
  }
  r.sentences = o.sentences = docs.size();
  r.seconds = o.seconds = Now() - t0;
  if (overlap) *overlap = o;
  return r;
}

}  // namespace dyad::train

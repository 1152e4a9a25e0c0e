// Throughput of the language layer on one core: tagger, parser, NER, and all three together, in
// tokens/s over segmented news text; plus the time to load the models and the peak memory.
// BM_AllThree runs the three models sentence by sentence; BM_AllThreeByDocument runs them as the
// pipeline's stages do, each over a whole document before the next (documents of 1,500 tokens,
// the sample's mean article length), with the NER's document-level pass.
//
//   build/bench/nlp_bench [--benchmark_filter=All]
//
// Input: the Wikinews 2020 sample (../shared/corpora/wikinews_sample/wikinews_2020.csv) run
// through dyad's segmenter, or the file named by $DYAD_BENCH_TEXT. Models come from
// $DYAD_HOME/models or the source tree's models/.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/file.h"
#include "nlp/nlp_stages.h"
#include "text/segmenter.h"

namespace {

std::string ModelsDir() {
  const char* home = std::getenv("DYAD_HOME");
  return (home && *home ? std::string(home) : std::string(DYAD_SOURCE_DIR)) + "/models";
}

struct Corpus {
  std::vector<dyad::Sentence> sentences;
  std::vector<dyad::Token> tokens;
};

const Corpus& Input() {
  static const Corpus* c = [] {
    const char* env = std::getenv("DYAD_BENCH_TEXT");
    std::string path = env ? std::string(env)
                           : std::string(DYAD_SHARED_DIR) +
                                 "/corpora/wikinews_sample/wikinews_2020.csv";
    auto text = dyad::ReadFileToString(path);
    auto* corpus = new Corpus;
    if (!text.ok()) {
      std::fprintf(stderr, "nlp_bench: %s\n", text.status().ToString().c_str());
      return corpus;
    }
    dyad::Segmenter seg;
    seg.Segment(*text, &corpus->sentences, &corpus->tokens);
    return corpus;
  }();
  return *c;
}

struct Models {
  dyad::nlp::Tagger tagger;
  dyad::nlp::Parser parser;
  dyad::nlp::Ner ner;
  double load_seconds = 0;
  bool ok = false;
};

const Models& Load() {
  static const Models* m = [] {
    auto* m = new Models;
    auto t0 = std::chrono::steady_clock::now();
    std::string dir = ModelsDir();
    auto t = dyad::nlp::Tagger::Load(dir + "/" + dyad::nlp::kTaggerFile);
    auto p = dyad::nlp::Parser::Load(dir + "/" + dyad::nlp::kParserFile);
    auto n = dyad::nlp::Ner::Load(dir + "/" + dyad::nlp::kNerFile);
    m->load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const dyad::Status& s : {t.status(), p.status(), n.status()})
      if (!s.ok()) std::fprintf(stderr, "nlp_bench: %s\n", s.ToString().c_str());
    if (t.ok() && p.ok() && n.ok()) {
      m->tagger = std::move(*t);
      m->parser = std::move(*p);
      m->ner = std::move(*n);
      m->ok = true;
    }
    return m;
  }();
  return *m;
}

// False (and the benchmark skipped) without models or input text.
bool Ready(benchmark::State& state) {
  if (!Load().ok) {
    state.SkipWithError("models missing or damaged");
    return false;
  }
  if (Input().tokens.empty()) {
    state.SkipWithError("no input text");
    return false;
  }
  return true;
}

// Runs `what` (a bit mask: 1 tagger, 2 parser, 4 NER) over the whole corpus per iteration.
void Run(benchmark::State& state, int what) {
  if (!Ready(state)) return;
  const Models& m = Load();
  const Corpus& c = Input();
  std::vector<dyad::Token> toks = c.tokens;
  // Stages after the tagger need tags: tag once up front when the tagger is not timed.
  if (!(what & 1)) {
    for (const auto& s : c.sentences)
      m.tagger.Tag(toks.data() + s.token_begin, s.token_end - s.token_begin);
  }
  for (auto _ : state) {
    for (const auto& s : c.sentences) {
      dyad::Token* t = toks.data() + s.token_begin;
      size_t n = s.token_end - s.token_begin;
      if (what & 1) m.tagger.Tag(t, n);
      if (what & 2) m.parser.Parse(t, n);
      if (what & 4) m.ner.Recognize(t, n);
    }
    benchmark::ClobberMemory();
  }
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(c.tokens.size()) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["tokens"] = static_cast<double>(c.tokens.size());
  state.counters["load_s"] = m.load_seconds;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  state.counters["peak_MB"] = ru.ru_maxrss / 1024.0;
}

// All three as the pipeline runs them: stage by stage over a document (consecutive sentences of
// at least kDocumentTokens tokens), the NER stage ending with PropagateEntities.
void RunByDocument(benchmark::State& state) {
  constexpr size_t kDocumentTokens = 1500;
  if (!Ready(state)) return;
  const Models& m = Load();
  const Corpus& c = Input();
  std::vector<std::pair<size_t, size_t>> docs;  // sentence ranges
  for (size_t si = 0; si < c.sentences.size();) {
    size_t sj = si, n = 0;
    while (sj < c.sentences.size() && n < kDocumentTokens) {
      n += c.sentences[sj].token_end - c.sentences[sj].token_begin;
      ++sj;
    }
    docs.push_back({si, sj});
    si = sj;
  }
  std::vector<dyad::Token> toks = c.tokens;
  std::vector<std::pair<dyad::Token*, size_t>> doc;
  for (auto _ : state) {
    for (const auto& [si, sj] : docs) {
      doc.clear();
      for (size_t k = si; k < sj; ++k) {
        const dyad::Sentence& s = c.sentences[k];
        doc.push_back({toks.data() + s.token_begin, s.token_end - s.token_begin});
      }
      for (const auto& [t, n] : doc) m.tagger.Tag(t, n);
      for (const auto& [t, n] : doc) m.parser.Parse(t, n);
      for (const auto& [t, n] : doc) m.ner.Recognize(t, n);
      dyad::nlp::PropagateEntities(doc);
    }
    benchmark::ClobberMemory();
  }
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(c.tokens.size()) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["tokens"] = static_cast<double>(c.tokens.size());
  state.counters["documents"] = static_cast<double>(docs.size());
}

void BM_Tagger(benchmark::State& s) { Run(s, 1); }
void BM_Parser(benchmark::State& s) { Run(s, 2); }
void BM_Ner(benchmark::State& s) { Run(s, 4); }
void BM_AllThree(benchmark::State& s) { Run(s, 7); }
BENCHMARK(BM_Tagger)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Parser)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Ner)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AllThree)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(RunByDocument)->Name("BM_AllThreeByDocument")->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();

// Throughput of the text layer: normalisation, tokenisation + sentence splitting, and both.
//
//   build/bench/text_bench [--benchmark_filter=Text]
//
// Input: the Wikinews 2020 sample (../shared/corpora/wikinews_sample/wikinews_2020.csv) read as
// plain text, or the file named by $DYAD_BENCH_TEXT. Reports bytes/s (MB/s) and tokens/s, one
// core.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "base/file.h"
#include "dyad/document.h"
#include "text/normalize.h"
#include "text/segmenter.h"

namespace {

const std::string& Input() {
  static const std::string* text = [] {
    const char* env = std::getenv("DYAD_BENCH_TEXT");
    std::string path = env != nullptr
                           ? std::string(env)
                           : std::string(DYAD_SHARED_DIR) +
                                 "/corpora/wikinews_sample/wikinews_2020.csv";
    auto r = dyad::ReadFileToString(path);
    return new std::string(r.ok() ? std::move(*r) : std::string());
  }();
  return *text;
}

// The input cut into articles (at lines starting with "http", the CSV's url column), so each
// iteration processes realistic documents of a few KB, as the pipeline does.
const std::vector<std::string_view>& Articles() {
  static const std::vector<std::string_view>* docs = [] {
    auto* v = new std::vector<std::string_view>();
    std::string_view in = Input();
    size_t start = 0;
    for (size_t i = in.find("\nhttp"); i != std::string_view::npos; i = in.find("\nhttp", i + 1)) {
      v->push_back(in.substr(start, i + 1 - start));
      start = i + 1;
    }
    if (start < in.size()) v->push_back(in.substr(start));
    return v;
  }();
  return *docs;
}

bool Skip(benchmark::State& state) {
  if (Input().empty()) {
    state.SkipWithError("benchmark input not found (set DYAD_BENCH_TEXT)");
    return true;
  }
  return false;
}

void BM_Normalize(benchmark::State& state) {
  if (Skip(state)) return;
  const std::string& in = Input();
  std::string clean;
  for (auto _ : state) {
    clean.clear();
    dyad::OffsetMap map;
    dyad::NormalizeAppend(in, 0, static_cast<uint32_t>(in.size()), &clean, &map);
    benchmark::DoNotOptimize(clean.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

void BM_Segment(benchmark::State& state) {
  if (Skip(state)) return;
  const std::string& in = Input();
  dyad::Segmenter seg;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (std::string_view article : Articles()) {
      std::vector<dyad::Sentence> sentences;
      std::vector<dyad::Token> toks;
      seg.Segment(article, &sentences, &toks);
      tokens += toks.size();
      benchmark::DoNotOptimize(toks.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens * state.iterations()),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

// The whole text layer as the pipeline runs it, per article: copy the raw text into a Document,
// normalise, then segment the clean text.
void BM_TextLayer(benchmark::State& state) {
  if (Skip(state)) return;
  const std::string& in = Input();
  dyad::Segmenter seg;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (std::string_view article : Articles()) {
      dyad::Document doc;
      doc.raw.assign(article);
      dyad::NormalizeAppend(doc.raw, 0, static_cast<uint32_t>(doc.raw.size()), &doc.clean,
                            &doc.offsets);
      seg.Segment(doc.clean, &doc.sentences, &doc.tokens);
      tokens += doc.tokens.size();
      benchmark::DoNotOptimize(doc.tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens * state.iterations()),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TextLayer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// dyad bench: throughput per stage and end to end, on inputs the user names.
//
// Each repetition runs the full pipeline twice over the same inputs: once without a store
// (read + analyse) and once into a fresh temporary database (read + analyse + store). Stage times
// are thread CPU time summed over worker threads, so a stage's MB/s is per core and does not
// depend on the machine's load; end-to-end figures are given as wall-clock and as CPU time. Medians over repetitions are
// printed; the last line is one JSON object.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "apps/dyad/commands.h"
#include "base/strings.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "pipeline/stages.h"

namespace dyad::cli {
namespace {

struct BenchArgs {
  std::vector<std::string> inputs;
  int threads = 1;
  int repeat = 3;
  bool text_only = false;
};

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void DoBench(const BenchArgs& a) {
  EngineConfig config;
  config.text_only = a.text_only;
  std::map<std::string, std::vector<double>> stage_secs;
  std::vector<double> e2e_nostore, e2e_store, cpu_nostore, cpu_store;
  RunSummary last;
  for (int r = 0; r < a.repeat; ++r) {
    for (int with_store = 0; with_store < 2; ++with_store) {
      Result<StageList> stages = BuildStages(config);
      if (!stages.ok()) {
        std::cerr << "dyad bench: " << stages.status().ToString() << "\n";
        ExitCode() = kExitFatal;
        return;
      }
      PipelineOptions opts;
      opts.threads = a.threads;
      opts.skip_unchanged = false;
      std::unique_ptr<Store> store;
      std::string db;
      if (with_store) {
        db = (std::filesystem::temp_directory_path() /
              ("dyad-bench-" + std::to_string(getpid()) + ".db"))
                 .string();
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
        Result<std::unique_ptr<Store>> s = OpenStore(db);
        if (!s.ok()) {
          std::cerr << "dyad bench: " << s.status().ToString() << "\n";
          ExitCode() = kExitFatal;
          return;
        }
        store = std::move(*s);
      }
      Pipeline p(std::move(*stages), opts);
      RunSummary s = p.Run(a.inputs, store.get());
      store.reset();
      if (with_store) {
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
        e2e_store.push_back(s.seconds);
        cpu_store.push_back(s.cpu_seconds);
      } else {
        e2e_nostore.push_back(s.seconds);
        cpu_nostore.push_back(s.cpu_seconds);
        for (const auto& [k, v] : s.stage_seconds) stage_secs[k].push_back(v);
      }
      if (s.failed > 0 && r == 0 && with_store == 0) {
        std::cerr << "dyad bench: " << s.failed << " inputs failed (first: "
                  << s.failures.front().where << ": " << s.failures.front().reason << ")\n";
      }
      last = s;
    }
  }
  double mb = double(last.input_bytes) / 1e6;
  double docs = double(last.documents_read);
  double toks = double(last.tokens);
  nlohmann::json j;
  j["documents"] = last.documents_read;
  j["input_mb"] = mb;
  j["tokens"] = last.tokens;
  j["threads"] = a.threads;
  j["repeat"] = a.repeat;
  std::printf("dyad bench: %.0f documents, %.2f MB, %s tokens, %d thread(s), median of %d\n", docs,
              mb, std::to_string(last.tokens).c_str(), a.threads, a.repeat);
  std::printf("%-26s %10s %12s %14s %14s\n", "stage (CPU time, per core)", "seconds", "MB/s",
              "tokens/s", "documents/s");
  nlohmann::json stages = nlohmann::json::object();
  for (const auto& [k, v] : stage_secs) {
    double m = Median(v);
    std::printf("%-26s %10.4f %12.2f %14.0f %14.1f\n", k.c_str(), m, mb / m, toks / m, docs / m);
    stages[k] = {{"seconds", m}, {"mb_per_s", mb / m}, {"tokens_per_s", toks / m}};
  }
  double ns = Median(e2e_nostore), ws = Median(e2e_store);
  double nc = Median(cpu_nostore), wc = Median(cpu_store);
  auto row = [&](const char* name, double secs) {
    std::printf("%-26s %10.4f %12.2f %14.0f %14.1f\n", name, secs, mb / secs, toks / secs,
                docs / secs);
  };
  row("end to end, no store", ns);
  row("end to end, SQLite", ws);
  row("  CPU time, no store", nc);
  row("  CPU time, SQLite", wc);
  std::printf("(end to end: wall-clock time with %d worker thread(s) plus reader and writer "
              "threads; CPU time: all threads)\n",
              a.threads);
  j["stages"] = stages;
  j["end_to_end"] = {{"seconds", ns}, {"cpu_seconds", nc}, {"documents_per_s", docs / ns},
                     {"mb_per_s", mb / ns}};
  j["end_to_end_store"] = {{"seconds", ws}, {"cpu_seconds", wc}, {"documents_per_s", docs / ws},
                           {"mb_per_s", mb / ws}};
  std::cout << j.dump() << std::endl;
}

}  // namespace

void RegisterBench(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* bench = app.add_subcommand(
      "bench", "Measure throughput per stage and end to end (with and without the store)");
  bench->add_option("inputs", args->inputs, "Files or directories to process")->required();
  bench->add_option("--threads,-j", args->threads, "Worker threads")->capture_default_str();
  bench->add_option("--repeat", args->repeat, "Repetitions (the median is reported)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench->add_flag("--text-only", args->text_only, "Only the text layer (clean, segment)");
  bench->callback([args] { DoBench(*args); });
}

}  // namespace dyad::cli

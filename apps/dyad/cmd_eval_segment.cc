// dyad eval segment: sentence splitting and tokenisation against CoNLL-U gold (CoNLL 2018 metrics).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/dyad/commands.h"
#include "train/segment_eval.h"

namespace dyad::cli {
namespace {

struct SegmentEvalOptions {
  std::vector<std::string> gold;
  size_t show_errors = 0;
};

double Round2(double x) { return static_cast<double>(static_cast<long long>(x * 100 + 0.5)) / 100; }

nlohmann::json ToJson(const SegmentEvalResult& r) {
  nlohmann::json j;
  j["gold"] = r.gold_path;
  j["tokens_f1"] = Round2(r.tokens.f1());
  j["tokens_precision"] = Round2(r.tokens.precision());
  j["tokens_recall"] = Round2(r.tokens.recall());
  j["sentences_f1"] = Round2(r.sentences.f1());
  j["sentences_precision"] = Round2(r.sentences.precision());
  j["sentences_recall"] = Round2(r.sentences.recall());
  j["words_f1"] = Round2(r.words.f1());
  j["gold_tokens"] = r.tokens.gold;
  j["gold_sentences"] = r.sentences.gold;
  j["bytes"] = r.bytes;
  return j;
}

void Run(const SegmentEvalOptions& opt) {
  std::vector<SegmentEvalResult> results;
  int failed = 0;
  for (const std::string& path : opt.gold) {
    Result<SegmentEvalResult> r = EvaluateSegmentationFile(path, opt.show_errors);
    if (!r.ok()) {
      std::cerr << "dyad eval segment: " << r.status().ToString() << "\n";
      ++failed;
      continue;
    }
    results.push_back(std::move(*r));
  }
  for (const SegmentEvalResult& r : results) {
    if (r.errors.empty()) continue;
    std::printf("errors in %s ('-' gold only, '+' system only):\n", r.gold_path.c_str());
    for (const SegmentError& e : r.errors) {
      std::printf("  %c %-8s %s\n", e.missing ? '-' : '+', e.kind.c_str(), e.context.c_str());
    }
  }
  if (!results.empty()) {
    std::printf("%-50s %8s %8s %8s %8s %8s %8s %8s\n", "gold", "tok P", "tok R", "tok F1",
                "sent P", "sent R", "sent F1", "word F1");
    for (const SegmentEvalResult& r : results) {
      std::string name = r.gold_path;
      if (name.size() > 50) name = "..." + name.substr(name.size() - 47);
      std::printf("%-50s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f\n", name.c_str(),
                  r.tokens.precision(), r.tokens.recall(), r.tokens.f1(),
                  r.sentences.precision(), r.sentences.recall(), r.sentences.f1(), r.words.f1());
    }
    nlohmann::json out;
    if (results.size() == 1) {
      out = ToJson(results[0]);
    } else {
      out["results"] = nlohmann::json::array();
      for (const SegmentEvalResult& r : results) out["results"].push_back(ToJson(r));
    }
    std::printf("%s\n", out.dump().c_str());
  }
  if (results.empty()) {
    ExitCode() = kExitFatal;
  } else if (failed > 0) {
    ExitCode() = kExitSomeFailed;
  } else {
    ExitCode() = kExitOk;
  }
}

}  // namespace

void RegisterSegmentEval(CLI::App& eval) {
  auto opt = std::make_shared<SegmentEvalOptions>();
  CLI::App* cmd = eval.add_subcommand(
      "segment",
      "Score sentence splitting and tokenisation against CoNLL-U gold (CoNLL 2018 token, "
      "sentence and word F1). The last output line is one JSON object with the figures.");
  cmd->add_option("--gold", opt->gold, "CoNLL-U gold file (repeatable)")->required();
  cmd->add_option("--show-errors", opt->show_errors,
                  "Print up to N disagreements per file with their context");
  cmd->callback([opt] { Run(*opt); });
}

}  // namespace dyad::cli

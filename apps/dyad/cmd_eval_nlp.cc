// dyad eval tagger|parser|ner: accuracy of the language models (CoNLL 2018 metrics).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "apps/dyad/commands.h"
#include "nlp/nlp_stages.h"
#include "pipeline/stages.h"
#include "train/conllu.h"
#include "train/corpus.h"
#include "train/nlp_eval.h"
#include "train/re3d.h"

namespace dyad::cli {
namespace {

struct NlpEvalCli {
  std::string gold, models, sent_prefix, doc_prefix, predictions;
  std::string ner = "news";  // ner: which NER model (nlp::NerFileFor)
  bool raw = false;
  bool gum = false;  // ner: the gold is a GUM CoNLL-U file's entity layer, mapped as for training
  bool re3d = false;  // ner: the gold is the re3d corpus folder (train/re3d.h)
};

std::string ModelsDir(const std::string& given) {
  return given.empty() ? DataRoot() + "/models" : given;
}

double R2(double x) { return static_cast<double>(static_cast<long long>(x * 100 + 0.5)) / 100; }

void Fatal(const Status& st) {
  std::cerr << "dyad eval: " << st.ToString() << "\n";
  ExitCode() = kExitFatal;
}

void RunTagParse(const NlpEvalCli& o, bool with_parser) {
  std::string dir = ModelsDir(o.models);
  auto tagger = nlp::Tagger::Load(dir + "/" + nlp::kTaggerFile);
  if (!tagger.ok()) return Fatal(tagger.status());
  Result<nlp::Parser> parser = Status(Internal("not loaded"));
  if (with_parser) {
    parser = nlp::Parser::Load(dir + "/" + nlp::kParserFile);
    if (!parser.ok()) return Fatal(parser.status());
  }
  auto sents = ReadConlluFile(o.gold);
  if (!sents.ok()) return Fatal(sents.status());
  std::vector<ConlluSentence> use = *sents;
  if (!o.sent_prefix.empty()) {
    use = train::FilterConllu(use, [&](const std::string& id) { return id.rfind(o.sent_prefix, 0) == 0; }, false);
  }
  if (!o.doc_prefix.empty()) {
    use = train::FilterConllu(use, [&](const std::string& id) { return id.rfind(o.doc_prefix, 0) == 0; }, true);
  }
  if (use.empty()) {
    std::cerr << "dyad eval: no sentences left in " << o.gold << " after filtering\n";
    ExitCode() = kExitFatal;
    return;
  }
  train::TagParseScores s =
      train::EvaluateTagParse(use, *tagger, with_parser ? &*parser : nullptr, o.raw);
  std::printf("gold %s (%zu sentences, %zu words), %s\n", o.gold.c_str(), s.sentences,
              s.words.gold, o.raw ? "raw text through the dyad segmenter" : "gold tokens");
  std::printf("%-10s %8s %8s %8s\n", "metric", "P", "R", "F1");
  std::vector<std::pair<const char*, const SpanScore*>> rows = {
      {"Words", &s.words}, {"UPOS", &s.upos},   {"XPOS", &s.xpos},
      {"UPOS+XPOS", &s.upos_xpos}, {"Lemmas", &s.lemma}, {"UFeats", &s.feats}};
  if (with_parser) {
    rows.push_back({"UAS", &s.uas});
    rows.push_back({"LAS", &s.las});
    rows.push_back({"LAS-full", &s.las_full});
  }
  nlohmann::json j;
  j["gold"] = o.gold;
  j["mode"] = o.raw ? "raw" : "gold-tokens";
  j["sentences"] = s.sentences;
  j["gold_words"] = s.words.gold;
  j["system_words"] = s.words.system;
  for (const auto& [name, sc] : rows) {
    std::printf("%-10s %8.2f %8.2f %8.2f\n", name, sc->precision(), sc->recall(), sc->f1());
    std::string key = name;
    for (char& c : key) c = static_cast<char>(c == '+' || c == '-' ? '_' : std::tolower(c));
    j[key] = R2(sc->f1());
  }
  double tps = s.seconds > 0 ? s.words.system / s.seconds : 0;
  std::printf("time %.2f s, %.0f words/s\n", s.seconds, tps);
  j["words_per_s"] = static_cast<long long>(tps);
  if (!o.sent_prefix.empty()) j["sent_prefix"] = o.sent_prefix;
  if (!o.doc_prefix.empty()) j["doc_prefix"] = o.doc_prefix;
  std::printf("%s\n", j.dump().c_str());
}

void PrintNerTable(const train::NerScores& s, nlohmann::json* j, const std::string& prefix) {
  std::printf("%-8s %8s %8s %8s %8s %8s\n", "type", "gold", "system", "P", "R", "F1");
  for (const auto& [type, sc] : s.by_type) {
    std::printf("%-8s %8zu %8zu %8.2f %8.2f %8.2f\n", type.c_str(), sc.gold, sc.system,
                sc.precision(), sc.recall(), sc.f1());
    (*j)[prefix + "f1_" + type] = R2(sc.f1());
  }
  std::printf("%-8s %8zu %8zu %8.2f %8.2f %8.2f\n", "all", s.all.gold, s.all.system,
              s.all.precision(), s.all.recall(), s.all.f1());
  (*j)[prefix + "precision"] = R2(s.all.precision());
  (*j)[prefix + "recall"] = R2(s.all.recall());
  (*j)[prefix + "f1"] = R2(s.all.f1());
}

// dyad eval ner --re3d --gold DIR: re3d's names (train::Re3dNames) against the NER run on each
// document's text; exact spans and overlaps.
void RunNerRe3d(const NlpEvalCli& o, const nlp::Tagger& tagger, const nlp::Ner& ner) {
  std::vector<std::string> errors;
  auto docs = train::ReadRe3d(o.gold, &errors);
  if (!docs.ok()) return Fatal(docs.status());
  for (const auto& e : errors) std::cerr << "dyad eval: " << e << " (skipped)\n";
  auto demonyms = train::DemonymsFromKb(DataRoot() + "/data/kb");
  if (!demonyms.ok()) return Fatal(demonyms.status());
  std::vector<train::TextEntities> use;
  for (auto& t : train::Re3dNerGold(*docs, *demonyms))
    if (t.id.rfind(o.doc_prefix, 0) == 0) use.push_back(std::move(t));
  if (use.empty()) {
    std::cerr << "dyad eval: no documents left in " << o.gold << " after filtering\n";
    ExitCode() = kExitFatal;
    return;
  }
  std::ofstream pred;
  if (!o.predictions.empty()) {
    pred.open(o.predictions);
    if (!pred) return Fatal(IoError(o.predictions + ": cannot write"));
  }
  train::NerScores overlap;
  train::NerScores s = train::EvaluateNerOnText(use, tagger, ner, &overlap,
                                                o.predictions.empty() ? nullptr : &pred);
  std::printf("gold %s: re3d names (%zu documents), raw text through the dyad segmenter\n",
              o.gold.c_str(), s.sentences);
  nlohmann::json j;
  j["gold"] = o.gold;
  j["mode"] = "re3d";
  j["ner_model"] = o.ner;
  j["documents"] = s.sentences;
  j["skipped_lines"] = errors.size();
  if (!o.doc_prefix.empty()) j["doc_prefix"] = o.doc_prefix;
  std::printf("exact spans\n");
  PrintNerTable(s, &j, "");
  std::printf("overlapping spans of the same type\n");
  PrintNerTable(overlap, &j, "overlap_");
  j["gold_entities"] = s.all.gold;
  j["system_entities"] = s.all.system;
  std::printf("%s\n", j.dump().c_str());
  if (!errors.empty()) ExitCode() = kExitSomeFailed;
}

void RunNer(const NlpEvalCli& o) {
  std::string dir = ModelsDir(o.models);
  auto tagger = nlp::Tagger::Load(dir + "/" + nlp::kTaggerFile);
  if (!tagger.ok()) return Fatal(tagger.status());
  auto ner_file = nlp::NerFileFor(o.ner);
  if (!ner_file.ok()) return Fatal(ner_file.status());
  auto ner = nlp::Ner::Load(dir + "/" + *ner_file);
  if (!ner.ok()) return Fatal(ner.status());
  if (o.re3d) {
    if (o.gum || o.raw || !o.sent_prefix.empty()) {
      std::cerr << "dyad eval: --re3d goes with --gold DIR and --doc-prefix only (re3d is raw "
                   "text by nature)\n";
      ExitCode() = kExitUsage;
      return;
    }
    return RunNerRe3d(o, *tagger, *ner);
  }
  auto gold = o.gum ? train::NerFromGum(o.gold, train::GumCcByFilter())
                    : train::ReadIob2File(o.gold);
  if (!gold.ok()) return Fatal(gold.status());
  std::vector<train::GoldSentence> use;
  for (auto& g : *gold) {
    if (!o.sent_prefix.empty() && g.sent_id.rfind(o.sent_prefix, 0) != 0) continue;
    if (!o.doc_prefix.empty() && g.doc_id.rfind(o.doc_prefix, 0) != 0) continue;
    use.push_back(std::move(g));
  }
  if (use.empty()) {
    std::cerr << "dyad eval: no sentences left in " << o.gold << " after filtering\n";
    ExitCode() = kExitFatal;
    return;
  }
  std::ofstream pred;
  if (!o.predictions.empty()) {
    if (o.raw) {
      std::cerr << "dyad eval: --predictions needs gold tokens (not --raw)\n";
      ExitCode() = kExitUsage;
      return;
    }
    pred.open(o.predictions);
    if (!pred) return Fatal(IoError(o.predictions + ": cannot write"));
  }
  train::NerScores s =
      train::EvaluateNer(use, *tagger, *ner, o.raw, o.predictions.empty() ? nullptr : &pred);
  std::printf("gold %s (%zu sentences), %s\n", o.gold.c_str(), s.sentences,
              o.raw ? "raw text through the dyad segmenter" : "gold tokens");
  nlohmann::json j;
  j["gold"] = o.gold;
  j["mode"] = o.raw ? "raw" : "gold-tokens";
  j["ner_model"] = o.ner;
  j["sentences"] = s.sentences;
  PrintNerTable(s, &j, "");
  j["gold_entities"] = s.all.gold;
  j["system_entities"] = s.all.system;
  std::printf("%s\n", j.dump().c_str());
}

CLI::App* Add(CLI::App& eval, const char* name, const char* help, std::shared_ptr<NlpEvalCli> o) {
  CLI::App* c = eval.add_subcommand(name, help);
  c->add_option("--gold", o->gold, "Gold file (CoNLL-U; IOB2 for ner)")->required();
  c->add_flag("--raw", o->raw, "Start from the raw text through dyad's segmenter");
  c->add_option("--models", o->models, "Models directory (default: <data root>/models)");
  c->add_option("--sent-prefix", o->sent_prefix, "Only sentences whose id starts with this");
  c->add_option("--doc-prefix", o->doc_prefix, "Only documents whose id starts with this");
  return c;
}

}  // namespace

void RegisterNlpEval(CLI::App& eval) {
  auto t = std::make_shared<NlpEvalCli>();
  Add(eval, "tagger", "UPOS, XPOS, lemmas, FEATS against CoNLL-U gold", t)->callback([t] {
    RunTagParse(*t, false);
  });
  auto p = std::make_shared<NlpEvalCli>();
  Add(eval, "parser", "Tags plus UAS/LAS against CoNLL-U gold", p)->callback([p] {
    RunTagParse(*p, true);
  });
  auto n = std::make_shared<NlpEvalCli>();
  Add(eval, "ner", "Entity precision/recall/F1 against IOB2 gold", n)
      ->callback([n] { RunNer(*n); })
      ->add_option("--predictions", n->predictions,
                   "Write form, gold and system tag per token (TSV, blank line between sentences); "
                   "with --re3d, each entity found: document, begin, end, type, text");
  eval.get_subcommand("ner")->add_flag(
      "--gum", n->gum,
      "The gold is a GUM CoNLL-U file: its named person/organization/place mentions, mapped to "
      "UNER's conventions as for training (open genres only); e.g. GUM dev news documents as a "
      "news-domain development set");
  eval.get_subcommand("ner")
      ->add_option("--ner", n->ner, "Which NER model: news (the default) or web")
      ->check(CLI::IsMember({"news", "web"}))
      ->capture_default_str();
  eval.get_subcommand("ner")->add_flag(
      "--re3d", n->re3d,
      "--gold is the re3d corpus folder (news and government statements on Syria and Iraq): "
      "its person/organisation/location names mapped to UNER's conventions as far as rules "
      "can, scored as exact spans and as overlaps; --doc-prefix filters on FOLDER/ID");
}

}  // namespace dyad::cli

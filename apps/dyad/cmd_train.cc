// dyad train tagger|parser|ner: trains the language models from the shared corpora.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <streambuf>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "apps/dyad/commands.h"
#include "base/file.h"
#include "base/hash.h"
#include "nlp/nlp_stages.h"
#include "train/corpus.h"
#include "train/trainers.h"
#include "train/word_stats.h"

namespace dyad::cli {
namespace {

std::string Root() {
  const char* home = std::getenv("DYAD_HOME");
  return home && *home ? std::string(home) : std::string(DYAD_SOURCE_DIR);
}
std::string Corpora() { return Root() + "/../shared/corpora"; }

struct TrainCli {
  std::vector<std::string> train;
  std::string dev, out, tagger;
  int epochs = 0;
  uint64_t seed = 1;
  float prune = 0;
  bool no_gum_filter = false;
  int jackknife = 0;
  std::string kb;
  std::vector<std::string> gum;
  std::vector<std::string> gum_genres;  // NER: only these GUM genres (default: all open ones)
  std::vector<std::string> text;  // unlabeled text for the NER's word statistics
  std::vector<std::string> treebanks;  // NER: gold POS for jackknifed training tags
  int beam = 1;                        // NER: beam size (1 = greedy)
  int members = 1;                     // NER: ensemble size
  int backward = 0;                    // NER: how many of the members decode right to left
  int threads = 1;                     // NER: members trained at once
  std::string adapt;                   // NER: "", "shared", "uner" or "gum" (--adapt)
};

// A stream buffer that writes whole lines, each with a prefix, to `out` under `mu`: the log of
// ensemble members trained in parallel stays readable.
class LinePrefixLog : public std::streambuf {
 public:
  LinePrefixLog(std::ostream* out, std::mutex* mu, std::string prefix)
      : out_(out), mu_(mu), prefix_(std::move(prefix)) {}
  ~LinePrefixLog() override {
    if (!line_.empty()) Emit();
  }

 protected:
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    line_.push_back(static_cast<char>(c));
    if (c == '\n') Emit();
    return c;
  }

 private:
  void Emit() {
    std::lock_guard<std::mutex> lock(*mu_);
    *out_ << prefix_ << line_;
    if (line_.back() != '\n') *out_ << '\n';
    out_->flush();
    line_.clear();
  }
  std::ostream* out_;
  std::mutex* mu_;
  std::string prefix_, line_;
};

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string Info(const TrainCli& o, size_t sentences, double secs) {
  std::string s = "trained by dyad " + std::string(DYAD_VERSION) + " on";
  for (const auto& t : o.train) s += " " + t.substr(t.find_last_of('/') + 1);
  s += " (" + std::to_string(sentences) + " sentences; GUM restricted to CC-BY/public-domain "
       "genres); epochs " + std::to_string(o.epochs) + ", seed " + std::to_string(o.seed);
  if (o.members > 1) {
    s += " (an ensemble of " + std::to_string(o.members) + " models, seeds " +
         std::to_string(o.seed) + "-" + std::to_string(o.seed + o.members - 1);
    if (o.backward > 0) s += ", the last " + std::to_string(o.backward) + " right to left";
    s += ")";
  } else if (o.backward > 0) {
    s += ", right to left";
  }
  if (!o.gum_genres.empty()) {
    s += "; GUM genres";
    for (const auto& g : o.gum_genres) s += " " + g;
  }
  if (!o.adapt.empty()) s += "; feature augmentation by corpus, keeping " + o.adapt;
  s += ", training time " + std::to_string(static_cast<int>(secs)) + " s";
  return s;
}

int Save(const std::string& path, const std::string& bytes, double secs) {
  Status st = WriteFileAtomic(path, bytes);
  if (!st.ok()) {
    std::cerr << "dyad train: " << st.ToString() << "\n";
    return kExitFatal;
  }
  std::printf("wrote %s: %zu bytes, sha256 %s, trained in %.1f s\n", path.c_str(), bytes.size(),
              Sha256Hex(bytes).c_str(), secs);
  return kExitOk;
}

Result<std::vector<train::GoldSentence>> LoadTb(const std::vector<std::string>& files, bool filter) {
  return train::LoadTreebanks(files, filter ? train::GumCcByFilter() : train::DocFilter());
}

std::vector<std::vector<std::string>> SampleForms(const std::vector<train::GoldSentence>& s) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < s.size() && out.size() < 4; i += 97) {
    std::vector<std::string> f;
    for (const auto& t : s[i].tokens) f.push_back(t.form);
    out.push_back(std::move(f));
  }
  return out;
}

void Fail(const Status& st) {
  std::cerr << "dyad train: " << st.ToString() << "\n";
  ExitCode() = st.code() == StatusCode::kInvalidArgument ? kExitSomeFailed : kExitFatal;
}

void RunTagger(TrainCli o) {
  if (o.epochs <= 0) o.epochs = 10;
  double t0 = Now();
  auto tr = LoadTb(o.train, !o.no_gum_filter);
  if (!tr.ok()) return Fail(tr.status());
  std::vector<train::GoldSentence> dev;
  if (!o.dev.empty()) {
    auto d = LoadTb({o.dev}, false);
    if (!d.ok()) return Fail(d.status());
    dev = std::move(*d);
  }
  auto fp = train::FingerprintFiles(o.train);
  if (!fp.ok()) return Fail(fp.status());
  train::TrainOptions to;
  to.epochs = o.epochs;
  to.seed = o.seed;
  to.prune = o.prune;
  to.log = &std::cerr;
  to.dev = &dev;
  auto t = train::TrainTagger(*tr, to);
  if (!t.ok()) return Fail(t.status());
  t->SetSelfTest(SampleForms(dev.empty() ? *tr : dev));
  double secs = Now() - t0;
  std::printf("tagger: %d classes, %zu features, %zu weights\n", t->num_classes(),
              t->data().model.num_features(), t->data().model.num_weights());
  ExitCode() = Save(o.out, t->Serialize(*fp, Info(o, tr->size(), secs)), secs);
}

void RunParser(TrainCli o) {
  if (o.epochs <= 0) o.epochs = 12;
  double t0 = Now();
  auto tagger = nlp::Tagger::Load(o.tagger);
  if (!tagger.ok()) return Fail(tagger.status());
  auto tr = LoadTb(o.train, !o.no_gum_filter);
  if (!tr.ok()) return Fail(tr.status());
  std::vector<train::GoldSentence> dev;
  if (!o.dev.empty()) {
    auto d = LoadTb({o.dev}, false);
    if (!d.ok()) return Fail(d.status());
    dev = std::move(*d);
  }
  auto fp = train::FingerprintFiles(o.train);
  if (!fp.ok()) return Fail(fp.status());
  train::TrainOptions to;
  to.epochs = o.epochs;
  to.seed = o.seed;
  to.prune = o.prune;
  to.log = &std::cerr;
  to.dev = &dev;
  to.jackknife = o.jackknife;
  size_t n = tr->size();
  auto p = train::TrainParser(std::move(*tr), &*tagger, to);
  if (!p.ok()) return Fail(p.status());
  std::vector<std::vector<Token>> samples;
  for (size_t i = 0; i < dev.size() && samples.size() < 4; i += 97) {
    auto toks = dev[i].tokens;
    tagger->Tag(toks.data(), toks.size());
    samples.push_back(toks);
  }
  p->SetSelfTest(samples);
  double secs = Now() - t0;
  std::printf("parser: %zu labels, %zu features, %zu weights\n", p->data().labels.size(),
              p->data().model.num_features(), p->data().model.num_weights());
  ExitCode() = Save(o.out, p->Serialize(*fp, Info(o, n, secs)), secs);
}

void RunNer(TrainCli o) {
  if (o.epochs <= 0) o.epochs = 10;
  if (!o.adapt.empty() && o.gum.empty()) {
    std::cerr << "dyad train ner: --adapt separates GUM's sentences from the others: give --gum\n";
    ExitCode() = kExitUsage;
    return;
  }
  double t0 = Now();
  auto tagger = nlp::Tagger::Load(o.tagger);
  if (!tagger.ok()) return Fail(tagger.status());
  std::vector<train::GoldSentence> tr, dev;
  for (const auto& f : o.train) {
    auto s = train::ReadIob2File(f);
    if (!s.ok()) return Fail(s.status());
    tr.insert(tr.end(), s->begin(), s->end());
  }
  // GUM: only the open genres, and of those only --gum-genres when given.
  const train::DocFilter open = train::GumCcByFilter();
  for (const auto& g : o.gum_genres) {
    if (!open("GUM_" + g + "_1", "")) {
      std::cerr << "dyad train ner: --gum-genres: '" << g
                << "' is not one of GUM's open genres (news, interview, bio, voyage, textbook, "
                   "vlog, conversation, speech)\n";
      ExitCode() = kExitUsage;
      return;
    }
  }
  auto filter = [&](const std::string& doc, const std::string& sid) {
    if (!open(doc, sid)) return false;
    if (o.gum_genres.empty()) return true;
    for (const auto& g : o.gum_genres)
      if (doc.rfind("GUM_" + g + "_", 0) == 0) return true;
    return false;
  };
  for (const auto& f : o.gum) {
    auto s = train::NerFromGum(f, filter);
    if (!s.ok()) return Fail(s.status());
    std::printf("GUM entities: %zu sentences from %s\n", s->size(), f.c_str());
    tr.insert(tr.end(), s->begin(), s->end());
    o.train.push_back(f);  // part of the fingerprint and the info
  }
  if (!o.dev.empty()) {
    auto d = train::ReadIob2File(o.dev);
    if (!d.ok()) return Fail(d.status());
    dev = std::move(*d);
  }
  auto fp = train::FingerprintFiles(o.train);
  if (!fp.ok()) return Fail(fp.status());
  train::TrainOptions to;
  to.epochs = o.epochs;
  to.seed = o.seed;
  to.prune = o.prune;
  to.log = &std::cerr;
  to.dev = &dev;
  to.beam = o.beam;
  if (!o.adapt.empty()) {  // CLI11 checked it is one of these
    to.adapt_fold = o.adapt == "shared" ? 0 : o.adapt == "uner" ? 1 : 2;
  }
  if (o.members < 1 || o.members > static_cast<int>(nlp::kMaxNerMembers) ||
      ((o.members > 1 || o.backward > 0) && o.beam > 1) || o.backward < 0 ||
      o.backward > o.members) {
    std::cerr << "dyad train ner: --members must be 1-" << nlp::kMaxNerMembers
              << ", --backward 0-members (and ensembles and right-to-left models are greedy, "
                 "--beam 1)\n";
    ExitCode() = kExitUsage;
    return;
  }
  size_t n = tr.size();
  nlp::Gazetteer gaz;
  if (!o.kb.empty()) {
    auto g = train::GazetteerFromKb(o.kb);
    if (!g.ok()) return Fail(g.status());
    gaz = std::move(*g);
    std::printf("gazetteer: %zu keys from %s\n", gaz.size(), o.kb.c_str());
  }
  // POS tags for the training sentences: jackknifed from the treebanks (matched by sentence id
  // and words) when asked, so the NER learns from tags as wrong as at run time; otherwise, and
  // for sentences not in the treebanks, from the tagger.
  for (auto& s : tr)
    for (auto& t : s.tokens) t.xpos.clear();
  nlp::WordStats words;
  if (!o.text.empty()) {
    auto sents = train::ReadUnlabeledSentences(o.text);
    if (!sents.ok()) return Fail(sents.status());
    words = train::BuildWordStats(*sents, {}, &std::cerr);
    std::printf("word statistics: %zu words from %zu sentences\n", words.table.size(),
                sents->size());
    o.train.insert(o.train.end(), o.text.begin(), o.text.end());  // fingerprint and info
  }
  auto jackknife = [&](uint64_t seed, std::vector<train::GoldSentence>* tr,
                       std::ostream* log) -> Status {
    auto tb = LoadTb(o.treebanks, true);
    if (!tb.ok()) return tb.status();
    RETURN_IF_ERROR(
        train::JackknifeTag(&*tb, o.jackknife, to.jackknife_tagger_epochs, seed, log));
    std::unordered_map<std::string, const train::GoldSentence*> by_id;
    for (const auto& s : *tb) by_id[s.sent_id] = &s;
    size_t matched = 0;
    for (auto& s : *tr) {
      auto it = by_id.find(s.sent_id);
      if (it == by_id.end() || it->second->tokens.size() != s.tokens.size()) continue;
      bool same = true;
      for (size_t i = 0; i < s.tokens.size() && same; ++i)
        same = s.tokens[i].form == it->second->tokens[i].form;
      if (!same) continue;
      for (size_t i = 0; i < s.tokens.size(); ++i) {
        s.tokens[i].upos = it->second->tokens[i].upos;
        s.tokens[i].xpos = it->second->tokens[i].xpos;
      }
      ++matched;
    }
    *log << "jackknifed tags for " << matched << " of " << tr->size() << " training sentences\n";
    return Status::Ok();
  };
  if (o.jackknife > 1) o.train.insert(o.train.end(), o.treebanks.begin(), o.treebanks.end());
  // An ensemble's members differ in their seed, which drives both the jackknifed tags and the
  // order of the training sentences; they train independently, --threads at a time, so the
  // result does not depend on the number of threads.
  std::vector<Result<nlp::Ner>> trained(o.members, Result<nlp::Ner>(Internal("not trained")));
  std::mutex log_mu;
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int m; (m = next++) < o.members;) {
      LinePrefixLog log(&std::cerr, &log_mu,
                        o.members > 1 ? "member " + std::to_string(m + 1) + ": " : "");
      std::ostream out(&log);
      train::TrainOptions tom = to;
      tom.log = &out;
      tom.seed = o.seed + static_cast<uint64_t>(m);
      tom.backward = m >= o.members - o.backward;
      std::vector<train::GoldSentence> trm = tr;
      if (o.jackknife > 1) {
        Status st = jackknife(tom.seed, &trm, &out);
        if (!st.ok()) {
          trained[m] = st;
          continue;
        }
      }
      trained[m] = train::TrainNer(std::move(trm), *tagger, tom, gaz, words);
    }
  };
  const int threads = std::max(1, std::min(o.threads, o.members));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::vector<nlp::Ner> members;
  for (auto& one : trained) {
    if (!one.ok()) return Fail(one.status());
    members.push_back(std::move(*one));
  }
  auto ner = o.members == 1 ? Result<nlp::Ner>(std::move(members[0]))
                            : train::EnsembleNer(std::move(members));
  if (!ner.ok()) return Fail(ner.status());
  std::vector<std::vector<Token>> samples;
  for (size_t i = 0; i < dev.size() && samples.size() < 4; i += 97) {
    std::vector<Token> toks(dev[i].tokens.size());
    for (size_t k = 0; k < toks.size(); ++k) toks[k].form = dev[i].tokens[k].form;
    tagger->Tag(toks.data(), toks.size());
    samples.push_back(toks);
  }
  ner->SetSelfTest(samples);
  double secs = Now() - t0;
  std::printf("ner: %zu types, %zu features, %zu weights\n", ner->data().types.size(),
              ner->data().model.num_features(), ner->data().model.num_weights());
  ExitCode() = Save(o.out, ner->Serialize(*fp, Info(o, n, secs)), secs);
}

CLI::App* AddCommon(CLI::App& train, const char* name, const char* help,
                    std::shared_ptr<TrainCli> o) {
  CLI::App* c = train.add_subcommand(name, help);
  c->add_option("--train", o->train, "Training files (default: the shared corpora)");
  c->add_option("--dev", o->dev, "Development file, evaluated after each epoch (log only)");
  c->add_option("--out", o->out, "Model file to write");
  c->add_option("--epochs", o->epochs, "Training epochs");
  c->add_option("--seed", o->seed, "Random seed (shuffling, exploration)");
  c->add_option("--prune", o->prune, "Drop averaged weights with |w| <= this");
  return c;
}

struct PruneCli {
  std::string model, out;
  float min_abs = 0;
};

void RunPrune(const PruneCli& o) {
  auto f = nlp::ModelFile::Read(o.model, nlp::Parser::kKind);
  if (!f.ok()) return Fail(f.status());
  auto p = nlp::Parser::FromFile(*f);
  if (!p.ok()) return Fail(p.status());
  nlp::Parser small = p->Pruned(o.min_abs);
  std::printf("parser: %zu -> %zu features, %zu -> %zu weights\n",
              p->data().model.num_features(), small.data().model.num_features(),
              p->data().model.num_weights(), small.data().model.num_weights());
  char buf[64];
  std::snprintf(buf, sizeof(buf), "; weights below %g pruned", o.min_abs);
  ExitCode() = Save(o.out.empty() ? o.model : o.out,
                    small.Serialize(f->fingerprint(), f->info() + buf), 0);
}

}  // namespace

void RegisterTrainCommands(CLI::App& app) {
  CLI::App* train = app.add_subcommand("train", "Train the language models (tagger, parser, NER)");
  train->require_subcommand(1);
  const std::string models = Root() + "/models/";
  const std::string ewt = Corpora() + "/ud_english_ewt/";
  const std::string gum = Corpora() + "/ud_english_gum/";
  const std::string uner = Corpora() + "/uner_english_ewt/";

  auto t = std::make_shared<TrainCli>();
  CLI::App* tc = AddCommon(*train, "tagger", "UPOS/XPOS tagger, lemmatiser and FEATS", t);
  tc->add_flag("--all-gum-genres", t->no_gum_filter,
               "Do not restrict GUM to its CC-BY/public-domain genres (models then cannot ship)");
  tc->callback([t, models, ewt, gum] {
    TrainCli o = *t;
    if (o.train.empty())
      o.train = {ewt + "en_ewt-ud-train.conllu", gum + "en_gum-ud-train.from-sources.conllu"};
    if (o.dev.empty()) o.dev = ewt + "en_ewt-ud-dev.conllu";
    if (o.out.empty()) o.out = models + nlp::kTaggerFile;
    RunTagger(o);
  });

  auto p = std::make_shared<TrainCli>();
  CLI::App* pc = AddCommon(*train, "parser", "Labelled dependency parser", p);
  pc->add_option("--tagger", p->tagger, "Tagger model giving the dev tags (and training tags "
                 "without --jackknife)");
  pc->add_option("--jackknife", p->jackknife,
                 "Tag the training data with N taggers each trained on the other folds");
  pc->add_flag("--all-gum-genres", p->no_gum_filter,
               "Do not restrict GUM to its CC-BY/public-domain genres (models then cannot ship)");
  pc->callback([p, models, ewt, gum] {
    TrainCli o = *p;
    if (o.train.empty())
      o.train = {ewt + "en_ewt-ud-train.conllu", gum + "en_gum-ud-train.from-sources.conllu"};
    if (o.dev.empty()) o.dev = ewt + "en_ewt-ud-dev.conllu";
    if (o.out.empty()) o.out = models + nlp::kParserFile;
    if (o.tagger.empty()) o.tagger = models + nlp::kTaggerFile;
    RunParser(o);
  });

  auto pr = std::make_shared<PruneCli>();
  CLI::App* prc = train->add_subcommand("prune-parser",
                                         "Make a parser model smaller by dropping small weights");
  prc->add_option("--model", pr->model, "Parser model to read")->required();
  prc->add_option("--out", pr->out, "Where to write (default: overwrite --model)");
  prc->add_option("--min", pr->min_abs, "Drop weights with |w| below this")->required();
  prc->callback([pr] { RunPrune(*pr); });

  auto n = std::make_shared<TrainCli>();
  CLI::App* nc = AddCommon(*train, "ner", "Named-entity recogniser (IOB2 training data)", n);
  nc->add_option("--tagger", n->tagger, "Tagger model giving the tags used as features");
  n->kb = Root() + "/data/kb";
  nc->add_option("--gum", n->gum, "Also train on GUM's named person/organization/place mentions "
                 "(CC-BY/public-domain genres only)");
  nc->add_option("--gum-genres", n->gum_genres, "Only these of GUM's open genres (news, "
                 "interview, bio, voyage, textbook, vlog, conversation, speech)")
      ->delimiter(',');
  n->jackknife = 5;
  nc->add_option("--jackknife", n->jackknife,
                 "POS tags of the training sentences from N taggers each trained on the other "
                 "folds of --treebanks (0: from --tagger)")
      ->capture_default_str();
  nc->add_option("--treebanks", n->treebanks, "CoNLL-U files with gold POS of the training "
                 "sentences, for --jackknife (default: EWT and GUM train)");
  nc->add_option("--members", n->members,
                 "Train this many greedy models (seeds seed, seed+1, ...) into one ensemble that "
                 "keeps the entities most of them find (odd numbers; 1 = a single model)");
  nc->add_option("--backward", n->backward,
                 "How many of the members (the last ones) decode right to left, seeing the "
                 "classes of the words after them instead of before")
      ->capture_default_str();
  n->threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  nc->add_option("--threads,-j", n->threads,
                 "Ensemble members trained at once (each needs about 0.6 GB; the model does not "
                 "depend on it)")
      ->capture_default_str();
  nc->add_option("--adapt", n->adapt,
                 "Domain adaptation by feature augmentation: GUM's sentences and the others each "
                 "train their own copy of every feature besides the shared one, and the model "
                 "keeps the shared weights plus the copies of 'uner' or 'gum' ('shared': none)")
      ->check(CLI::IsMember({"shared", "uner", "gum"}));
  nc->add_option("--beam", n->beam, "Beam size: > 1 trains globally (early update) and decodes "
                 "with that beam; 1 is greedy")
      ->capture_default_str();
  nc->add_option("--text", n->text, "Unlabeled text for word statistics (capitalisation habits, "
                 "word classes): CoNLL-U, CSV, JSONL or text files (\"\" for none)");
  nc->add_option("--kb", n->kb, "Knowledge-base folder whose names become gazetteer features "
                 "(\"\" for none)");
  nc->callback([n, models, uner, ewt, gum] {
    TrainCli o = *n;
    if (o.text.empty()) {
      o.text = {ewt + "en_ewt-ud-train.conllu", gum + "en_gum-ud-train.from-sources.conllu",
                Corpora() + "/wikinews_sample/wikinews_2019.csv",
                Corpora() + "/wikinews_sample/wikinews_2020.csv"};
    } else if (o.text.size() == 1 && o.text[0].empty()) {
      o.text.clear();
    }
    if (o.treebanks.empty())
      o.treebanks = {ewt + "en_ewt-ud-train.conllu", gum + "en_gum-ud-train.from-sources.conllu"};
    if (o.train.empty()) o.train = {uner + "en_ewt-ud-train.approx.iob2"};
    if (o.dev.empty()) o.dev = uner + "en_ewt-ud-dev.iob2";
    if (o.out.empty()) o.out = models + nlp::kNerFile;
    if (o.tagger.empty()) o.tagger = models + nlp::kTaggerFile;
    RunNer(o);
  });
}

}  // namespace dyad::cli

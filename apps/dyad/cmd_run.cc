// dyad run | export | stats
#include <signal.h>
#include <unistd.h>

#include <atomic>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
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

using nlohmann::json;

struct RunArgs {
  std::vector<std::string> inputs;
  std::string db = "dyad.db";
  int threads = 0;
  std::string format;
  double max_doc_mb = 16;
  bool text_only = false;
  bool no_store = false;
  bool quiet = false;
  bool progress = true;
  std::string models_dir, kb_dir;
  std::string ner = "news";
  std::vector<std::string> extra_kb;
  std::string summary_json;
};


std::string WithCommas(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) {
    s.insert(static_cast<size_t>(i), 1, ',');
  }
  if (v < 0) s.insert(0, 1, '-');
  return s;
}

json SummaryJson(const RunSummary& s, const RunArgs& a) {
  json j;
  j["documents_read"] = s.documents_read;
  j["new"] = s.new_documents;
  j["updated"] = s.updated;
  j["unchanged"] = s.unchanged;
  j["failed"] = s.failed;
  j["skipped"] = s.skipped;
  j["sentences"] = s.sentences;
  j["tokens"] = s.tokens;
  j["mentions"] = s.mentions;
  j["excluded_spans"] = s.excluded_spans;
  j["input_bytes"] = s.input_bytes;
  j["seconds"] = s.seconds;
  j["cpu_seconds"] = s.cpu_seconds;
  j["documents_per_second"] = s.seconds > 0 ? double(s.documents_read) / s.seconds : 0.0;
  j["store"] = a.no_store ? "" : a.db;
  json f = json::array();
  for (const Failure& x : s.failures) f.push_back({{"where", x.where}, {"reason", x.reason}});
  j["failures"] = f;
  json st = json::object();
  for (const auto& [k, v] : s.stage_seconds) st[k] = v;
  j["stage_seconds"] = st;
  return j;
}

void PrintSummary(const RunSummary& s, const RunArgs& a, std::ostream& out) {
  double secs = s.seconds > 0 ? s.seconds : 1e-9;
  char buf[256];
  out << "dyad run: " << a.inputs.size() << (a.inputs.size() == 1 ? " input" : " inputs")
      << (a.no_store ? " (not stored)" : " -> " + a.db) << "\n";
  out << "  documents   read " << WithCommas(s.documents_read) << "   new "
      << WithCommas(s.new_documents) << "   updated " << WithCommas(s.updated) << "   unchanged "
      << WithCommas(s.unchanged) << "   failed " << WithCommas(s.failed);
  if (s.skipped > 0) out << "   skipped " << WithCommas(s.skipped);
  out << "\n";
  out << "  analysed    sentences " << WithCommas(s.sentences) << "   tokens "
      << WithCommas(s.tokens) << "   mentions " << WithCommas(s.mentions)
      << "   excluded spans " << WithCommas(s.excluded_spans) << "\n";
  std::snprintf(buf, sizeof buf, "  time        %.2f s   %.1f documents/s   %s/s\n", s.seconds,
                double(s.documents_read) / secs, FormatBytes(double(s.input_bytes) / secs).c_str());
  out << buf;
  if (!s.stage_seconds.empty()) {
    out << "  CPU time   ";
    for (const auto& [k, v] : s.stage_seconds) {
      std::snprintf(buf, sizeof buf, " %s %.3f s", k.c_str(), v);
      out << buf;
    }
    out << "\n";
  }
  for (const auto& [reason, n] : s.skip_reasons) {
    out << "  skipped     " << WithCommas(n) << " (" << reason << ")\n";
  }
  if (!s.failures.empty()) {
    out << "failed inputs:\n";
    size_t shown = 0;
    for (const Failure& f : s.failures) {
      if (++shown > 50) {
        out << "  ... and " << (s.failures.size() - 50) << " more (use --summary-json FILE)\n";
        break;
      }
      out << "  " << f.where << ": " << f.reason << "\n";
    }
  }
}

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

void DoRun(RunArgs& a) {
  EngineConfig config;
  config.models_dir = a.models_dir;
  config.kb_dir = a.kb_dir;
  config.extra_kb = a.extra_kb;
  config.text_only = a.text_only;
  config.ner = a.ner;
  Result<StageList> stages = BuildStages(config);
  if (!stages.ok()) {
    std::cerr << "dyad run: " << stages.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  std::unique_ptr<Store> store;
  if (!a.no_store) {
    Result<std::unique_ptr<Store>> s = OpenStore(a.db);
    if (!s.ok()) {
      std::cerr << "dyad run: " << s.status().ToString() << "\n";
      ExitCode() = kExitFatal;
      return;
    }
    store = std::move(*s);
  }
  PipelineOptions opts;
  opts.threads = a.threads;
  opts.read.force_format = a.format;
  opts.read.max_document_bytes = static_cast<size_t>(a.max_doc_mb * 1024 * 1024);
  opts.store_location = a.no_store ? "" : a.db;
  bool tty = a.progress && !a.quiet && isatty(STDERR_FILENO);
  auto t0 = std::chrono::steady_clock::now();
  if (tty) {
    opts.on_progress = [t0](int64_t docs, int64_t bytes) {
      double el =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() + 1e-9;
      std::fprintf(stderr, "\r  %s documents  %s  %.0f documents/s   ", WithCommas(docs).c_str(),
                   FormatBytes(double(bytes)).c_str(), double(docs) / el);
      std::fflush(stderr);
    };
  }
  // Ctrl-C: stop reading, finish and store what was read, then report. A second Ctrl-C kills.
  opts.stop = &g_interrupted;
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  Pipeline pipeline(std::move(*stages), opts);
  RunRecord record;
  record.started_at = UtcNowIso8601();
  RunSummary summary = pipeline.Run(a.inputs, store.get());
  if (store) {
    record.finished_at = UtcNowIso8601();
    for (const std::string& in : a.inputs) record.inputs += (record.inputs.empty() ? "" : " ") + in;
    record.documents_read = summary.documents_read;
    record.new_documents = summary.new_documents;
    record.updated = summary.updated;
    record.unchanged = summary.unchanged;
    record.failed = summary.failed;
    Status st = store->RecordRun(record);
    if (!st.ok()) std::cerr << "dyad run: could not record the run: " << st.ToString() << "\n";
  }
  if (tty) std::fprintf(stderr, "\r%60s\r", "");
  if (!a.quiet) PrintSummary(summary, a, std::cout);
  if (!a.summary_json.empty()) {
    std::ofstream f(a.summary_json);
    f << SummaryJson(summary, a).dump(2) << "\n";
    if (!f) std::cerr << "dyad run: cannot write " << a.summary_json << "\n";
  }
  if (summary.interrupted) {
    std::cerr << "dyad run: interrupted; documents read before the interrupt were stored\n";
    ExitCode() = kExitInterrupted;
  } else if (summary.store_failed) {
    ExitCode() = kExitFatal;
  } else if (summary.failed > 0) {
    ExitCode() = kExitSomeFailed;
  }
}

// ---- export ----

struct ExportArgs {
  std::string db = "dyad.db";
  std::string what = "documents";
  std::string format = "jsonl";
  std::string output = "-";
  std::string id;
};

class RowWriter {
 public:
  RowWriter(std::ostream& out, bool csv, std::vector<std::string> columns)
      : out_(out), csv_(csv), columns_(std::move(columns)) {
    if (csv_) {
      for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << columns_[i];
      out_ << "\n";
    }
  }
  void Row(const std::vector<json>& values) {
    if (csv_) {
      for (size_t i = 0; i < values.size(); ++i) {
        if (i) out_ << ',';
        const json& v = values[i];
        if (v.is_null()) continue;
        out_ << CsvEscape(v.is_string() ? v.get<std::string>() : v.dump());
      }
      out_ << "\n";
    } else {
      json o = json::object();
      for (size_t i = 0; i < values.size(); ++i) o[columns_[i]] = values[i];
      out_ << o.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    }
  }

 private:
  std::ostream& out_;
  bool csv_;
  std::vector<std::string> columns_;
};

json OrNull(const std::string& s) { return s.empty() ? json() : json(s); }

void DoExport(const ExportArgs& a) {
  Result<std::unique_ptr<Store>> s = OpenStore(a.db, {.read_only = true});
  if (!s.ok()) {
    std::cerr << "dyad export: " << s.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  Store& store = **s;
  std::ofstream file;
  if (a.output != "-") {
    file.open(a.output, std::ios::binary);
    if (!file) {
      std::cerr << "dyad export: cannot write " << a.output << "\n";
      ExitCode() = kExitFatal;
      return;
    }
  }
  std::ostream& out = a.output == "-" ? std::cout : file;
  bool csv = a.format == "csv";
  ScanOptions scan;
  scan.id = a.id;
  Status st;
  if (a.what == "documents") {
    RowWriter w(out, csv, {"id", "published", "source", "url", "title", "dateline", "origin",
                           "format", "content_hash", "text"});
    st = store.ScanDocuments(scan, [&](const Document& d) {
      w.Row({d.id, OrNull(d.meta.published.ToString()), d.meta.source, d.meta.url, d.meta.title,
             d.meta.dateline, d.meta.origin, d.meta.format, d.content_hash, d.clean});
      return true;
    });
  } else if (a.what == "sentences") {
    scan.layers = kLayerSentences;
    RowWriter w(out, csv, {"doc_id", "idx", "start", "end", "raw_start", "raw_end", "text"});
    st = store.ScanDocuments(scan, [&](const Document& d) {
      for (size_t i = 0; i < d.sentences.size(); ++i) {
        const Sentence& sn = d.sentences[i];
        ByteSpan raw = d.offsets.ToRaw(sn.clean);
        w.Row({d.id, i, sn.clean.begin, sn.clean.end, raw.begin, raw.end,
               std::string(d.Text(sn.clean))});
      }
      return true;
    });
  } else if (a.what == "tokens") {
    scan.layers = kLayerTokens;
    RowWriter w(out, csv, {"doc_id", "sentence", "idx", "start", "end", "form", "upos", "xpos",
                           "lemma", "head", "deprel", "ner"});
    st = store.ScanDocuments(scan, [&](const Document& d) {
      for (size_t si = 0; si < d.sentences.size(); ++si) {
        const Sentence& sn = d.sentences[si];
        for (uint32_t k = sn.token_begin; k < sn.token_end && k < d.tokens.size(); ++k) {
          const Token& t = d.tokens[k];
          w.Row({d.id, si, k - sn.token_begin, t.clean.begin, t.clean.end, t.form, OrNull(t.upos),
                 OrNull(t.xpos), OrNull(t.lemma), t.head < 0 ? json() : json(t.head),
                 OrNull(t.deprel), OrNull(t.ner)});
        }
      }
      return true;
    });
  } else if (a.what == "mentions") {
    scan.layers = kLayerMentions;
    RowWriter w(out, csv, {"doc_id", "idx", "sentence", "text", "start", "end", "raw_start",
                           "raw_end", "type", "actor_id", "name", "country", "sector", "role",
                           "latitude", "longitude", "antecedent", "rule", "date"});
    st = store.ScanDocuments(scan, [&](const Document& d) {
      for (size_t i = 0; i < d.mentions.size(); ++i) {
        const Mention& m = d.mentions[i];
        ByteSpan raw = d.offsets.ToRaw(m.clean);
        w.Row({d.id, i, m.sentence, m.text, m.clean.begin, m.clean.end, raw.begin, raw.end, m.type,
               OrNull(m.actor_id), OrNull(m.name), OrNull(m.country), OrNull(m.sector),
               OrNull(m.role), m.has_coordinates ? json(m.latitude) : json(),
               m.has_coordinates ? json(m.longitude) : json(),
               m.antecedent >= 0 ? json(m.antecedent) : json(), OrNull(m.rule),
               OrNull(d.meta.published.ToString())});
      }
      return true;
    });
  } else if (a.what == "excluded") {
    scan.layers = kLayerExcluded;
    RowWriter w(out, csv, {"doc_id", "idx", "reason", "raw_start", "raw_end", "text"});
    st = store.ScanDocuments(scan, [&](const Document& d) {
      for (size_t i = 0; i < d.excluded.size(); ++i) {
        const ExcludedSpan& e = d.excluded[i];
        w.Row({d.id, i, e.reason, e.raw.begin, e.raw.end, e.text});
      }
      return true;
    });
  } else if (a.what == "actors") {
    RowWriter w(out, csv, {"id", "name", "type", "country", "sector", "origin", "evidence"});
    st = store.ScanActors([&](const ActorRecord& r) {
      w.Row({r.id, r.name, r.type, r.country, r.sector, r.origin, r.evidence});
      return true;
    });
  }
  if (!st.ok()) {
    std::cerr << "dyad export: " << st.ToString() << "\n";
    ExitCode() = kExitFatal;
  }
}

void DoStats(const std::string& db, bool as_json) {
  Result<std::unique_ptr<Store>> s = OpenStore(db, {.read_only = true});
  if (!s.ok()) {
    std::cerr << "dyad stats: " << s.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  Result<StoreStats> r = (*s)->Stats();
  if (!r.ok()) {
    std::cerr << "dyad stats: " << r.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  const StoreStats& st = *r;
  if (as_json) {
    json j = {{"path", st.path},         {"schema_version", st.schema_version},
              {"file_bytes", st.file_bytes}, {"documents", st.documents},
              {"dated_documents", st.dated_documents}, {"first_date", st.first_date},
              {"last_date", st.last_date}, {"sentences", st.sentences},
              {"tokens", st.tokens},       {"excluded_spans", st.excluded},
              {"mentions", st.mentions},   {"actors", st.actors},
              {"events", st.events},       {"quotes", st.quotes}};
    std::cout << j.dump() << "\n";
    return;
  }
  std::cout << st.path << " (schema " << st.schema_version << ", " << FormatBytes(double(st.file_bytes))
            << ")\n";
  std::cout << "  documents       " << WithCommas(st.documents) << " (" << WithCommas(st.dated_documents)
            << " dated";
  if (!st.first_date.empty()) std::cout << ", " << st.first_date << " .. " << st.last_date;
  std::cout << ")\n";
  std::cout << "  sentences       " << WithCommas(st.sentences) << "\n";
  std::cout << "  tokens          " << WithCommas(st.tokens) << "\n";
  std::cout << "  excluded spans  " << WithCommas(st.excluded) << "\n";
  std::cout << "  mentions        " << WithCommas(st.mentions) << "\n";
  std::cout << "  actors          " << WithCommas(st.actors) << "\n";
  std::cout << "  events          " << WithCommas(st.events) << "\n";
  std::cout << "  quotes          " << WithCommas(st.quotes) << "\n";
}

}  // namespace

void RegisterRunCommands(CLI::App& app) {
  auto run_args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand(
      "run", "Read articles, analyse them and store the results (the main job)");
  run->add_option("inputs", run_args->inputs,
                  "Files, directories (read recursively) or - for standard input")
      ->required();
  run->add_option("--db", run_args->db, "SQLite database file to write")->capture_default_str();
  run->add_option("--threads,-j", run_args->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  run->add_option("--format", run_args->format, "Read every input as this format")
      ->check(CLI::IsMember({"text", "jsonl", "html", "warc"}));
  run->add_option("--max-doc-mb", run_args->max_doc_mb,
                  "Reject documents larger than this many MiB")
      ->capture_default_str();
  run->add_flag("--text-only", run_args->text_only,
                "Only clean, split and tokenise (no models, no knowledge base)");
  run->add_flag("--no-store", run_args->no_store, "Analyse without writing a database");
  run->add_flag("--quiet,-q", run_args->quiet, "Print nothing but errors");
  run->add_flag("!--no-progress", run_args->progress, "No progress line on a terminal");
  run->add_option("--models", run_args->models_dir, "Directory of model files");
  run->add_option("--ner", run_args->ner,
                  "Named-entity model: news (for news text) or web (for web text: forums, "
                  "reviews, e-mail)")
      ->check(CLI::IsMember({"news", "web"}))
      ->capture_default_str();
  run->add_option("--kb", run_args->kb_dir, "Knowledge base directory");
  run->add_option("--add-kb", run_args->extra_kb, "Extra knowledge base files of your own");
  run->add_option("--summary-json", run_args->summary_json,
                  "Also write the run summary (with every failure) as JSON to this file");
  run->callback([run_args] { DoRun(*run_args); });

  auto ex = std::make_shared<ExportArgs>();
  CLI::App* exp = app.add_subcommand("export", "Write stored records as JSONL or CSV");
  exp->add_option("--db", ex->db, "SQLite database file")->capture_default_str();
  exp->add_option("--what", ex->what, "Which records")
      ->check(CLI::IsMember(
          {"documents", "sentences", "tokens", "mentions", "actors", "excluded"}))
      ->capture_default_str();
  exp->add_option("--format", ex->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  exp->add_option("--output,-o", ex->output, "Output file (- = standard output)")
      ->capture_default_str();
  exp->add_option("--id", ex->id, "Only this document");
  exp->callback([ex] { DoExport(*ex); });

  auto stats_db = std::make_shared<std::string>("dyad.db");
  auto stats_json = std::make_shared<bool>(false);
  CLI::App* stats = app.add_subcommand("stats", "Summarise what a database holds");
  stats->add_option("--db", *stats_db, "SQLite database file")->capture_default_str();
  stats->add_flag("--json", *stats_json, "Print one JSON object");
  stats->callback([stats_db, stats_json] { DoStats(*stats_db, *stats_json); });
}

}  // namespace dyad::cli

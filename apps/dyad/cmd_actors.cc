// dyad actors [--name ...] [--country ...] [--date ...]: who is who, from the knowledge base and
// the store. dyad actors check | import-tabari. dyad eval actors --re3d DIR.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "apps/dyad/commands.h"
#include "base/file.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "dyad/store.h"
#include "kb/kb.h"
#include "kb/tabari.h"
#include "pipeline/stages.h"
#include "resolve/resolver.h"
#include "text/segmenter.h"
#include "train/re3d.h"

namespace dyad::cli {
namespace {

struct KbArgs {
  std::string kb_dir;
  std::vector<std::string> extra;
};

void AddKbOptions(CLI::App* cmd, KbArgs* a) {
  cmd->add_option("--kb", a->kb_dir, "Knowledge base directory (default: data/kb)");
  cmd->add_option("--add-kb", a->extra, "Extra knowledge base files of your own");
}

Result<std::shared_ptr<const kb::KnowledgeBase>> LoadKb(const KbArgs& a) {
  std::string dir = a.kb_dir.empty() ? DataRoot() + "/data/kb" : a.kb_dir;
  return resolve::LoadKnowledgeBase(dir, a.extra);
}

std::string RoleLine(const kb::Role& r) {
  std::string s = r.country + r.sector + "  " + r.title + "  " +
                  (r.start.known() ? r.start.ToString() : "?") + " .. " +
                  (r.end.known() ? r.end.ToString() : "");
  return s;
}

struct ActorsArgs {
  KbArgs kb;
  std::string name, country, date, db;
  int limit = 50;
  bool json = false;
};

void DoActors(const ActorsArgs& a) {
  auto kb = LoadKb(a.kb);
  if (!kb.ok()) {
    std::cerr << "dyad actors: " << kb.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  Date date;
  if (!a.date.empty()) {
    auto d = ParseDate(a.date);
    if (!d.ok()) {
      std::cerr << "dyad actors: --date: " << d.status().message() << "\n";
      ExitCode() = kExitUsage;
      return;
    }
    date = *d;
  }
  std::vector<const kb::Entity*> hits = (*kb)->Search(a.name, a.country);
  // People and organisations first, then countries, places, agents.
  auto rank = [](const kb::Entity* e) {
    switch (e->kind) {
      case kb::EntityKind::kPerson: return 0;
      case kb::EntityKind::kOrg: return 1;
      case kb::EntityKind::kCountry: return 2;
      case kb::EntityKind::kPlace: return 3;
      case kb::EntityKind::kAgent: return 4;
    }
    return 5;
  };
  std::stable_sort(hits.begin(), hits.end(), [&](const kb::Entity* x, const kb::Entity* y) {
    if (rank(x) != rank(y)) return rank(x) < rank(y);
    return x->population > y->population;
  });
  nlohmann::json out = nlohmann::json::array();
  int shown = 0;
  for (const kb::Entity* e : hits) {
    if (shown++ >= a.limit) break;
    nlohmann::json j;
    j["id"] = e->id;
    j["kind"] = std::string(kb::EntityKindName(e->kind));
    j["name"] = e->name;
    j["names"] = e->names;
    j["origin"] = e->origin;
    std::string code = e->country + e->sector;
    std::string on_date;
    if (e->kind == kb::EntityKind::kPerson) {
      kb::RoleChoice rc = kb::ChooseRole(*e, date);
      if (rc.role) {
        std::string sector = (rc.former || rc.before) ? "ELI" : rc.role->sector;
        code = rc.role->country + sector;
        on_date = (rc.former ? "former " : rc.before ? "future " : "") + rc.role->title;
        if (rc.undated) on_date += " (latest role; no --date)";
      }
      nlohmann::json roles = nlohmann::json::array();
      for (const kb::Role& r : e->roles) {
        roles.push_back({{"code", r.country + r.sector}, {"title", r.title},
                         {"start", r.start.ToString()}, {"end", r.end.ToString()},
                         {"valid_on_date", r.ValidOn(date)}});
      }
      j["roles"] = roles;
    }
    if (e->has_coordinates) {
      j["latitude"] = e->latitude;
      j["longitude"] = e->longitude;
    }
    j["code"] = code;
    if (!on_date.empty()) j["role_on_date"] = on_date;
    if (a.json) {
      out.push_back(j);
      continue;
    }
    std::cout << e->id << "  [" << kb::EntityKindName(e->kind) << "]  " << e->name << "  " << code;
    if (!on_date.empty()) std::cout << "  -- " << on_date << (date.known() ? " on " + date.ToString() : "");
    if (e->has_coordinates) std::cout << "  (" << e->latitude << ", " << e->longitude << ")";
    std::cout << "\n";
    if (e->names.size() > 1) {
      std::cout << "    names:";
      for (const auto& n : e->names) std::cout << " " << n << ";";
      std::cout << "\n";
    }
    for (const kb::Role& r : e->roles) {
      std::cout << "    " << (r.ValidOn(date) ? "* " : "  ") << RoleLine(r) << "\n";
    }
  }
  if (!a.json && static_cast<int>(hits.size()) > a.limit) {
    std::cout << "(" << hits.size() - a.limit << " more; use --limit)\n";
  }
  // Actors in the store (discovered ones carry their evidence).
  int stored = 0;
  if (!a.db.empty()) {
    auto store = OpenStore(a.db, {.read_only = true});
    if (!store.ok()) {
      std::cerr << "dyad actors: " << store.status().ToString() << "\n";
      ExitCode() = kExitFatal;
      return;
    }
    std::string needle = kb::FoldName(a.name);
    Status s = (*store)->ScanActors([&](const ActorRecord& r) {
      if (!a.country.empty() && r.country != a.country) return true;
      if (!needle.empty() && kb::FoldName(r.name).find(needle) == std::string::npos) return true;
      ++stored;
      if (a.json) {
        out.push_back({{"id", r.id}, {"kind", "stored"}, {"name", r.name}, {"type", r.type},
                       {"code", r.country + r.sector}, {"origin", r.origin},
                       {"evidence", r.evidence}});
      } else {
        std::cout << r.id << "  [store " << r.type << "]  " << r.name << "  " << r.country
                  << r.sector << "  " << r.origin;
        if (!r.evidence.empty()) std::cout << "\n    evidence: " << r.evidence;
        std::cout << "\n";
      }
      return true;
    });
    if (!s.ok()) {
      std::cerr << "dyad actors: " << s.ToString() << "\n";
      ExitCode() = kExitFatal;
      return;
    }
  }
  if (a.json) {
    std::cout << out.dump() << "\n";
  } else if (hits.empty() && stored == 0) {
    std::cout << "no actor matches\n";
  }
}

void DoCheck(const KbArgs& a) {
  auto kb = LoadKb(a);
  if (!kb.ok()) {
    std::cerr << kb.status().message() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  kb::KnowledgeBase::Counts c = (*kb)->counts();
  std::cout << "countries " << c.countries << " (+" << c.historical_countries
            << " historical)\nplaces " << c.places << "\norgs " << c.orgs << "\npeople "
            << c.people << "\nroles " << c.roles << "\nagents " << c.agents
            << "\ndistinct names " << c.names << "\n";
  nlohmann::json j = {{"countries", c.countries}, {"historical_countries", c.historical_countries},
                      {"places", c.places}, {"orgs", c.orgs}, {"people", c.people},
                      {"roles", c.roles}, {"agents", c.agents}, {"names", c.names}};
  std::cout << j.dump() << "\n";
}

struct ImportArgs {
  KbArgs kb;
  std::vector<std::string> files;
  bool agents = false;
  std::string output;
};

void DoImport(const ImportArgs& a) {
  size_t ok = 0, bad = 0, warn = 0;
  kb::TabariImport all;
  for (const std::string& f : a.files) {
    auto imp = a.agents ? kb::ReadTabariAgents(f) : kb::ReadTabariActors(f);
    if (!imp.ok()) {
      std::cerr << imp.status().ToString() << "\n";
      ExitCode() = kExitSomeFailed;
      continue;
    }
    for (const auto& r : imp->rejected) std::cerr << r.where << ": rejected: " << r.reason << "\n";
    for (const auto& w : imp->warnings) std::cerr << w.where << ": warning: " << w.reason << "\n";
    std::cout << f << ": " << imp->accepted.size() << " accepted, " << imp->rejected.size()
              << " rejected, " << imp->warnings.size() << " warnings\n";
    ok += imp->accepted.size();
    bad += imp->rejected.size();
    warn += imp->warnings.size();
    for (auto& e : imp->accepted) all.accepted.push_back(std::move(e));
  }
  std::cout << "total: " << ok << " accepted, " << bad << " rejected, " << warn << " warnings\n";
  if (bad > 0 && ExitCode() == kExitOk) ExitCode() = kExitSomeFailed;
  if (!a.output.empty()) {
    if (a.agents) {
      std::cerr << "dyad actors import-tabari: -o is for actor dictionaries only\n";
      ExitCode() = kExitUsage;
      return;
    }
    // Only codes the knowledge base knows go into the file, so that it loads with --add-kb.
    auto kb = LoadKb(a.kb);
    if (!kb.ok()) {
      std::cerr << "dyad actors import-tabari: " << kb.status().ToString() << "\n";
      ExitCode() = kExitFatal;
      return;
    }
    std::vector<std::string> skipped;
    std::string tsv = kb::TabariToKbPeople(
        all, "tabari_", [&](std::string_view c) { return (*kb)->Country(c) != nullptr; },
        &skipped);
    for (const auto& sk : skipped) std::cerr << sk << ": skipped\n";
    std::cout << skipped.size() << " codes skipped (country unknown to the knowledge base)\n";
    Status s = WriteFileAtomic(a.output, tsv);
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      ExitCode() = kExitFatal;
      return;
    }
    std::cout << "wrote " << a.output << " (load it with --add-kb)\n";
  }
}

// ---- dyad eval actors --re3d DIR ----

struct EvalArgs {
  KbArgs kb;
  std::string re3d;
  std::string gold;
  bool verbose = false;
};

void DoEvalActors(const EvalArgs& a) {
  auto kb = LoadKb(a.kb);
  if (!kb.ok()) {
    std::cerr << "dyad eval actors: " << kb.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  std::string gold_path = a.gold.empty() ? DataRoot() + "/data/kb/eval/re3d_countries.tsv" : a.gold;
  auto gold_text = ReadFileToString(gold_path);
  if (!gold_text.ok()) {
    std::cerr << "dyad eval actors: " << gold_text.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  std::map<std::string, std::string> gold;
  {
    size_t line_no = 0;
    for (std::string_view l : SplitChar(*gold_text, '\n')) {
      ++line_no;
      if (l.empty() || l[0] == '#' || l.starts_with("value\t")) continue;
      auto f = SplitChar(l, '\t');
      if (f.size() != 2) {
        std::cerr << gold_path << ":" << line_no << ": want value<TAB>country\n";
        ExitCode() = kExitFatal;
        return;
      }
      gold[std::string(f[0])] = std::string(f[1]);
    }
  }
  resolve::Resolver resolver(*kb);
  std::vector<std::string> read_errors;
  auto corpus = train::ReadRe3d(a.re3d, &read_errors);
  if (!corpus.ok()) {
    std::cerr << "dyad eval actors: " << corpus.status().ToString() << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  for (const auto& e : read_errors) std::cerr << e << "\n";
  int64_t bad_lines = static_cast<int64_t>(read_errors.size());
  Segmenter segmenter;
  struct Tally {
    int64_t total = 0;      // gold Location/Nationality mentions
    int64_t any = 0;        // ... given some country by us
    int64_t labelled = 0;   // ... whose text has a gold country
    int64_t covered = 0;    // labelled and given a country by us
    int64_t correct = 0;    // covered and right
  };
  std::map<std::string, Tally> by_type;
  std::map<std::string, int64_t> errors;  // "value: gold -> ours"
  std::map<std::string, int64_t> missed;  // labelled values we gave no country
  int64_t docs = 0;
  for (const train::Re3dDocument& rd : *corpus) {
    Document doc;
    doc.id = rd.id;
    doc.raw = rd.text;
    doc.clean = doc.raw;  // gold offsets refer to the text as given: no cleaning
    segmenter.Segment(doc.clean, &doc.sentences, &doc.tokens);
    Status st = resolver.Resolve(doc);
    if (!st.ok()) {
      std::cerr << rd.folder << "/documents.json: " << rd.id << ": " << st.ToString() << "\n";
      ++bad_lines;
      continue;
    }
    ++docs;
    for (const train::Re3dEntity& en : rd.entities) {
      const std::string& type = en.type;
      if (type != "Location" && type != "Nationality") continue;
      const uint32_t b = en.begin, e = en.end;
      const std::string& value = en.value;
      // Our country: the overlapping mention with a country, preferring the one covering most.
      std::string ours;
      uint32_t best_overlap = 0;
      for (const Mention& m : doc.mentions) {
        uint32_t ob = std::max(b, m.clean.begin), oe = std::min(e, m.clean.end);
        if (oe <= ob || m.country.empty()) continue;
        if (oe - ob > best_overlap) {
          best_overlap = oe - ob;
          ours = m.country;
        }
      }
      for (const std::string& key : {type, std::string("all")}) {
        Tally& t = by_type[key];
        ++t.total;
        if (!ours.empty()) ++t.any;
        auto g = gold.find(value);
        if (g == gold.end() || g->second == "-") continue;
        ++t.labelled;
        if (ours.empty()) {
          if (key == "all") {
            ++missed[value];
            if (a.verbose) {
              uint32_t cb = b > 40 ? b - 40 : 0;
              std::string ctx = doc.clean.substr(cb, std::min<size_t>(e + 40, doc.clean.size()) - cb);
              for (char& ch : ctx) if (ch == '\n') ch = ' ';
              std::fprintf(stderr, "missed %s @%s:%u: ...%s...\n", value.c_str(), doc.id.c_str(),
                           b, ctx.c_str());
            }
          }
          continue;
        }
        ++t.covered;
        if (ours == g->second) ++t.correct;
        else if (key == "all") ++errors[value + ": gold " + g->second + ", ours " + ours];
      }
    }
  }
  auto pct = [](int64_t a, int64_t b) { return b == 0 ? 0.0 : 100.0 * a / b; };
  std::printf("re3d country resolution (%lld documents; gold: %s)\n",
              static_cast<long long>(docs), gold_path.c_str());
  std::printf("%-12s %7s %9s %9s %9s %9s %10s\n", "type", "gold", "any-ctry", "labelled",
              "covered", "correct", "accuracy");
  nlohmann::json j = {{"documents", docs}, {"bad_lines", bad_lines}};
  for (const auto& [type, t] : by_type) {
    std::printf("%-12s %7lld %8.1f%% %9lld %8.1f%% %9lld %9.1f%%\n", type.c_str(),
                static_cast<long long>(t.total), pct(t.any, t.total),
                static_cast<long long>(t.labelled), pct(t.covered, t.labelled),
                static_cast<long long>(t.correct), pct(t.correct, t.covered));
    j[type] = {{"gold", t.total},          {"with_country_pct", pct(t.any, t.total)},
               {"labelled", t.labelled},   {"coverage_pct", pct(t.covered, t.labelled)},
               {"correct", t.correct},     {"accuracy_pct", pct(t.correct, t.covered)}};
  }
  std::printf("columns: any-ctry = share of all gold mentions we gave a country; labelled = gold\n"
              "mentions with a hand-labelled country; covered = share of those we gave a country;\n"
              "accuracy = correct / covered.\n");
  if (!errors.empty()) {
    std::printf("wrong countries:\n");
    for (const auto& [k, n] : errors) std::printf("  %lld x %s\n", static_cast<long long>(n), k.c_str());
  }
  if (!missed.empty()) {
    std::vector<std::pair<int64_t, std::string>> m;
    for (const auto& [v, n] : missed) m.emplace_back(-n, v);
    std::sort(m.begin(), m.end());
    std::printf("most missed (labelled, no country given):");
    for (size_t i = 0; i < m.size() && i < 25; ++i) {
      std::printf("%s %s x%lld", i ? "," : "", m[i].second.c_str(), static_cast<long long>(-m[i].first));
    }
    std::printf("\n");
  }
  std::printf("%s\n", j.dump().c_str());
  if (bad_lines > 0) ExitCode() = kExitSomeFailed;
}

}  // namespace

void RegisterActorCommands(CLI::App& app, CLI::App& eval) {
  auto args = std::make_shared<ActorsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "actors", "Look up actors in the knowledge base and the store (who, which roles, when)");
  cmd->add_option("--name", args->name, "Part of a name (any spelling in the KB; case-insensitive)");
  cmd->add_option("--country", args->country, "ISO alpha-3 or IGO code (e.g. RUS, IGOWSTNAT)");
  cmd->add_option("--date", args->date, "Show the role valid on this date (e.g. 2025-03-02)");
  cmd->add_option("--db", args->db, "Also search the actors stored in this database");
  cmd->add_option("--limit", args->limit, "Show at most this many KB entries")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print one JSON array");
  AddKbOptions(cmd, &args->kb);
  cmd->require_subcommand(0, 1);

  auto check_kb = std::make_shared<KbArgs>();
  CLI::App* check = cmd->add_subcommand("check", "Validate the knowledge base and count entries");
  AddKbOptions(check, check_kb.get());
  check->callback([check_kb] { DoCheck(*check_kb); });

  auto imp = std::make_shared<ImportArgs>();
  CLI::App* import = cmd->add_subcommand(
      "import-tabari", "Read TABARI/PETRARCH actor or agent dictionaries, report every bad entry");
  import->add_option("files", imp->files, "Dictionary files")->required();
  import->add_flag("--agents", imp->agents, "The files are agent dictionaries");
  import->add_option("-o,--output", imp->output, "Write the accepted actors as a dyad KB file");
  AddKbOptions(import, &imp->kb);
  import->callback([imp] { DoImport(*imp); });

  cmd->callback([cmd, args] {
    if (!cmd->get_subcommands().empty()) return;
    DoActors(*args);
  });

  auto ev = std::make_shared<EvalArgs>();
  CLI::App* e = eval.add_subcommand(
      "actors", "Country resolution of Location/Nationality mentions on re3d");
  e->add_option("--re3d", ev->re3d, "The re3d folder (documents.json + entities.json per source)")
      ->required();
  e->add_option("--gold", ev->gold, "Hand-labelled value->country file "
                                    "(default data/kb/eval/re3d_countries.tsv)");
  e->add_flag("--verbose,-v", ev->verbose, "Print each missed mention with its context (stderr)");
  AddKbOptions(e, &ev->kb);
  e->callback([ev] { DoEvalActors(*ev); });
}

}  // namespace dyad::cli

// Loading, validating and indexing the knowledge base. Format: docs/formats/kb.md.
#include "kb/kb.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <tuple>

#include "base/file.h"
#include "base/strings.h"

namespace dyad::kb {
namespace {

// Columns of each file kind, in order. The header row of a file must list exactly these.
struct KindSpec {
  std::string_view kind;
  std::vector<std::string_view> columns;
};

const std::vector<KindSpec>& Specs() {
  static const std::vector<KindSpec> specs = {
      {"countries", {"code", "alpha2", "name", "names", "status"}},
      {"country-info", {"code", "adjectives", "plurals", "names", "capital"}},
      {"places", {"id", "name", "country", "admin1", "lat", "lon", "population", "names", "kind"}},
      {"orgs", {"id", "names", "country", "sector", "kind", "note"}},
      {"people", {"id", "names", "country", "sector", "role", "start", "end"}},
      {"agents", {"terms", "sector", "note"}},
  };
  return specs;
}

// CAMEO agent (sector) codes accepted in the KB; docs/actors.md explains each.
const std::set<std::string, std::less<>>& Sectors() {
  static const std::set<std::string, std::less<>> s = {
      "GOV", "MIL", "REB", "OPP", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CVL", "LEG", "PTY",
      "ELI", "LAB", "REF", "HLH", "HRI", "REL", "AGR", "CRM", "UAF", "SEP", "INS", "ENV", "DEV",
      "JRN", "NGO", "MNC", "IGO", "UNK", "SOC", "PRE", "RAD", "MOD", "IMG"};
  return s;
}

bool IsUpperCode(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::vector<std::string> SplitList(std::string_view field) {
  std::vector<std::string> out;
  for (std::string_view part : SplitChar(field, '|')) {
    part = StripAscii(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

bool ParseDouble(std::string_view s, double* v) {
  std::string tmp(s);
  char* end = nullptr;
  *v = std::strtod(tmp.c_str(), &end);
  return !tmp.empty() && end == tmp.c_str() + tmp.size() && std::isfinite(*v);
}

bool ParseInt64(std::string_view s, int64_t* v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

int CountWords(std::string_view folded) {
  int n = 1;
  for (char c : folded) {
    if (c == ' ' || c == '-') ++n;
  }
  return n;
}

// All capitals and at most 5 long: an acronym that must match case-sensitively ("US", "UN").
bool IsAcronym(std::string_view s) {
  if (s.size() > 6) return false;
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 2 || (letters >= 1 && s.size() <= 3);
}

}  // namespace

std::string_view EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kCountry: return "country";
    case EntityKind::kPlace: return "place";
    case EntityKind::kOrg: return "org";
    case EntityKind::kPerson: return "person";
    case EntityKind::kAgent: return "agent";
  }
  return "?";
}

bool Role::ValidOn(const Date& d) const {
  if (!d.known()) return false;
  if (start.known() && d < start) return false;
  if (end.known() && !(d < end)) return false;
  return true;
}

Result<Date> ParseKbDate(std::string_view s) {
  s = StripAscii(s);
  Date d;
  if (s.empty()) return d;
  auto num = [&](std::string_view p, int* out) {
    auto r = std::from_chars(p.data(), p.data() + p.size(), *out);
    return r.ec == std::errc() && r.ptr == p.data() + p.size();
  };
  std::vector<std::string_view> parts = SplitChar(s, '-');
  if (parts.empty() || parts.size() > 3 || parts[0].size() != 4 || !num(parts[0], &d.year)) {
    return InvalidArgument("bad date '" + std::string(s) + "' (want YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  d.month = 1;
  d.day = 1;
  if (parts.size() >= 2 && (parts[1].size() != 2 || !num(parts[1], &d.month) || d.month < 1 ||
                            d.month > 12)) {
    return InvalidArgument("bad month in date '" + std::string(s) + "'");
  }
  if (parts.size() == 3) {
    if (parts[2].size() != 2 || !num(parts[2], &d.day) || d.day < 1) {
      return InvalidArgument("bad day in date '" + std::string(s) + "'");
    }
    // Round-trip through days to reject 2025-02-30.
    if (Date::FromDays(d.ToDays()) != d) {
      return InvalidArgument("impossible date '" + std::string(s) + "'");
    }
  }
  if (d.year < 1800 || d.year > 2100) {
    return InvalidArgument("date out of range '" + std::string(s) + "'");
  }
  return d;
}

RoleChoice ChooseRole(const Entity& person, const Date& date) {
  RoleChoice c;
  if (person.roles.empty()) return c;
  if (!date.known()) {
    // Most recent role: an open-ended one wins, else the latest start.
    const Role* best = nullptr;
    for (const Role& r : person.roles) {
      if (best == nullptr) { best = &r; continue; }
      bool r_open = !r.end.known(), b_open = !best->end.known();
      if (r_open != b_open) {
        if (r_open) best = &r;
        continue;
      }
      if (best->start < r.start) best = &r;
    }
    c.role = best;
    c.undated = true;
    return c;
  }
  // Valid on the date: when several, a government (GOV) role wins over others (a state
  // company's head who is also a presidential envoy speaks for the state), then the first listed
  // (a prime minister who also holds the foreign ministry is the prime minister).
  for (const Role& r : person.roles) {
    if (r.ValidOn(date) && r.sector == "GOV") {
      c.role = &r;
      return c;
    }
  }
  for (const Role& r : person.roles) {
    if (r.ValidOn(date)) {
      c.role = &r;
      return c;
    }
  }
  // Not in office on the date: the latest role that ended before it makes them "former".
  const Role* last = nullptr;
  for (const Role& r : person.roles) {
    if (r.end.known() && r.end <= date && (last == nullptr || last->end < r.end)) last = &r;
  }
  if (last != nullptr) {
    c.role = last;
    c.former = true;
    return c;
  }
  // Every role starts after the date.
  const Role* first = &person.roles.front();
  for (const Role& r : person.roles) {
    if (r.start < first->start) first = &r;
  }
  c.role = first;
  c.before = true;
  return c;
}

int32_t KnowledgeBase::AddEntity(Entity e) {
  int32_t idx = static_cast<int32_t>(entities_.size());
  by_id_[e.id] = idx;
  entities_.push_back(std::move(e));
  return idx;
}

Status KnowledgeBase::LoadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("knowledge base folder not found: " + dir);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".tsv") {
      files.push_back(entry.path().string());
    }
  }
  if (ec) return IoError("cannot list " + dir + ": " + ec.message());
  if (files.empty()) return NotFound("no .tsv files in knowledge base folder " + dir);
  std::sort(files.begin(), files.end());
  std::string errors;
  for (const std::string& f : files) {
    Status s = LoadFile(f);
    if (!s.ok()) errors += (errors.empty() ? "" : "\n") + s.message();
  }
  if (!errors.empty()) return InvalidArgument(errors);
  return Status::Ok();
}

Status KnowledgeBase::LoadFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, 256u << 20));
  return ParseFile(text, path);
}

Status KnowledgeBase::LoadText(std::string_view text, const std::string& origin) {
  return ParseFile(text, origin);
}

Status KnowledgeBase::ParseFile(std::string_view text, const std::string& origin) {
  if (finalized_) return Internal("KnowledgeBase: load after Finalize()");
  std::vector<std::string> errors;
  auto error = [&](size_t line, const std::string& msg) {
    errors.push_back(origin + ":" + std::to_string(line) + ": " + msg);
  };
  const KindSpec* spec = nullptr;
  bool header_seen = false;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      constexpr std::string_view kMagic = "# dyad-kb:";
      if (!line.starts_with(kMagic)) {
        error(1, "first line must be '# dyad-kb: <kind>' (kinds: countries, country-info, places, "
                 "orgs, people, agents)");
        break;
      }
      std::string_view kind = StripAscii(line.substr(kMagic.size()));
      for (const KindSpec& s : Specs()) {
        if (s.kind == kind) spec = &s;
      }
      if (spec == nullptr) {
        error(1, "unknown kind '" + std::string(kind) + "'");
        break;
      }
      continue;
    }
    if (StripAscii(line).empty() || line.starts_with("#")) {
      if (pos > text.size()) break;
      continue;
    }
    std::vector<std::string_view> f = SplitChar(line, '\t');
    if (!header_seen) {
      header_seen = true;
      std::string want, got;
      for (auto c : spec->columns) want += (want.empty() ? "" : ",") + std::string(c);
      for (auto c : f) got += (got.empty() ? "" : ",") + std::string(StripAscii(c));
      if (want != got) {
        error(line_no, "header must be the tab-separated columns " + want + " (got " + got + ")");
        break;
      }
      continue;
    }
    if (f.size() > spec->columns.size()) {
      error(line_no, "expected " + std::to_string(spec->columns.size()) + " tab-separated fields, got " +
                         std::to_string(f.size()));
      continue;
    }
    while (f.size() < spec->columns.size()) f.push_back({});
    for (auto& x : f) x = StripAscii(x);
    const std::string here = origin + ":" + std::to_string(line_no);
    auto check_sector = [&](std::string_view s) {
      if (s.empty() || Sectors().count(s) > 0) return true;
      error(line_no, "unknown sector code '" + std::string(s) + "'");
      return false;
    };

    if (spec->kind == "countries") {
      if (!IsUpperCode(f[0], 3, 3)) { error(line_no, "code must be 3 capital letters"); continue; }
      if (f[2].empty()) { error(line_no, "empty name"); continue; }
      std::string id = "COUNTRY:" + std::string(f[0]);
      if (by_id_.count(id)) { error(line_no, "duplicate country " + std::string(f[0])); continue; }
      Entity e;
      e.id = id;
      e.kind = EntityKind::kCountry;
      e.name = std::string(f[2]);
      e.country = std::string(f[0]);
      e.names = SplitList(f[3]);
      if (std::find(e.names.begin(), e.names.end(), e.name) == e.names.end()) {
        e.names.insert(e.names.begin(), e.name);
      }
      if (f[4] != "current" && f[4] != "region" && !f[4].starts_with("historical")) {
        error(line_no, "status must be 'current', 'region' or 'historical[:date]'");
        continue;
      }
      e.historical = f[4].starts_with("historical");
      e.note = std::string(f[1]);  // alpha-2
      e.origin = here;
      AddEntity(std::move(e));
    } else if (spec->kind == "country-info") {
      auto it = by_id_.find("COUNTRY:" + std::string(f[0]));
      if (it == by_id_.end()) {
        error(line_no, "unknown country code '" + std::string(f[0]) +
                           "' (countries.tsv must load first; files load in name order)");
        continue;
      }
      Entity& e = entities_[it->second];
      for (auto& a : SplitList(f[1])) e.adjectives.push_back(a);
      for (auto& p : SplitList(f[2])) e.plurals.push_back(p);
      std::vector<std::string> extra = SplitList(f[3]);
      // The overlay's first name is the name news uses ("Russia", not "Russian Federation").
      if (!extra.empty()) e.name = extra.front();
      for (auto& n : extra) e.names.push_back(n);
      if (!f[4].empty()) pending_capitals_.emplace_back(std::string(f[0]), std::string(f[4]), here);
    } else if (spec->kind == "places") {
      Entity e;
      if (f[0].empty() || f[1].empty()) { error(line_no, "empty id or name"); continue; }
      e.id = "PLACE:" + std::string(f[0]);
      if (by_id_.count(e.id)) { error(line_no, "duplicate place id " + std::string(f[0])); continue; }
      e.kind = EntityKind::kPlace;
      e.name = std::string(f[1]);
      e.country = std::string(f[2]);
      if (!IsUpperCode(e.country, 3, 3)) { error(line_no, "country must be an alpha-3 code"); continue; }
      e.note = std::string(f[3]);
      if (!f[4].empty() || !f[5].empty()) {
        if (!ParseDouble(f[4], &e.latitude) || !ParseDouble(f[5], &e.longitude) ||
            std::fabs(e.latitude) > 90 || std::fabs(e.longitude) > 180) {
          error(line_no, "bad coordinates '" + std::string(f[4]) + "," + std::string(f[5]) + "'");
          continue;
        }
        e.has_coordinates = true;
      }
      if (!f[6].empty() && !ParseInt64(f[6], &e.population)) {
        error(line_no, "bad population '" + std::string(f[6]) + "'");
        continue;
      }
      e.names = SplitList(f[7]);
      e.names.insert(e.names.begin(), e.name);
      e.subkind = f[8].empty() ? "city" : std::string(f[8]);
      static const std::set<std::string, std::less<>> kinds = {"city", "region", "contested",
                                                               "landmark", "capital"};
      if (!kinds.count(e.subkind)) {
        error(line_no, "kind must be city, region, contested, landmark or capital");
        continue;
      }
      e.origin = here;
      AddEntity(std::move(e));
    } else if (spec->kind == "orgs") {
      if (f[0].empty() || f[1].empty()) { error(line_no, "empty id or names"); continue; }
      Entity e;
      e.id = "ORG:" + std::string(f[0]);
      if (by_id_.count(e.id)) { error(line_no, "duplicate org id " + std::string(f[0])); continue; }
      e.kind = EntityKind::kOrg;
      e.names = SplitList(f[1]);
      e.name = e.names.front();
      e.country = std::string(f[2]);
      if (!IsUpperCode(e.country, 3, 24)) {
        error(line_no, "country must be an alpha-3 or CAMEO IGO/NGO code");
        continue;
      }
      if (!check_sector(f[3])) continue;
      e.sector = std::string(f[3]);
      e.subkind = std::string(f[4]);
      if (e.subkind.empty()) { error(line_no, "empty kind"); continue; }
      e.note = std::string(f[5]);
      e.origin = here;
      AddEntity(std::move(e));
    } else if (spec->kind == "people") {
      if (f[0].empty()) { error(line_no, "empty id"); continue; }
      std::string id = "PER:" + std::string(f[0]);
      Role r;
      r.country = std::string(f[2]);
      if (!IsUpperCode(r.country, 3, 24)) { error(line_no, "country must be a code"); continue; }
      if (f[3].empty()) { error(line_no, "empty sector"); continue; }
      if (!check_sector(f[3])) continue;
      r.sector = std::string(f[3]);
      r.title = std::string(f[4]);
      auto start = ParseKbDate(f[5]);
      auto end = ParseKbDate(f[6]);
      if (!start.ok()) { error(line_no, "start: " + start.status().message()); continue; }
      if (!end.ok()) { error(line_no, "end: " + end.status().message()); continue; }
      r.start = *start;
      r.end = *end;
      if (r.start.known() && r.end.known() && r.end < r.start) {
        error(line_no, "role ends before it starts");
        continue;
      }
      r.origin = here;
      auto it = by_id_.find(id);
      if (it == by_id_.end()) {
        if (f[1].empty()) { error(line_no, "first row of a person must give names"); continue; }
        Entity e;
        e.id = id;
        e.kind = EntityKind::kPerson;
        e.names = SplitList(f[1]);
        e.name = e.names.front();
        e.origin = here;
        e.roles.push_back(r);
        AddEntity(std::move(e));
      } else {
        Entity& e = entities_[it->second];
        if (e.kind != EntityKind::kPerson) { error(line_no, "id used by a non-person"); continue; }
        for (auto& n : SplitList(f[1])) {
          if (std::find(e.names.begin(), e.names.end(), n) == e.names.end()) e.names.push_back(n);
        }
        e.roles.push_back(r);
      }
    } else if (spec->kind == "agents") {
      std::vector<std::string> terms = SplitList(f[0]);
      if (terms.empty()) { error(line_no, "empty terms"); continue; }
      if (f[1].empty()) { error(line_no, "empty sector"); continue; }
      if (!check_sector(f[1])) continue;
      std::string id = "AGENT:" + FoldName(terms.front());
      for (char& c : id) if (c == ' ') c = '_';
      if (by_id_.count(id)) { error(line_no, "duplicate agent '" + terms.front() + "'"); continue; }
      Entity e;
      e.id = id;
      e.kind = EntityKind::kAgent;
      e.name = terms.front();
      e.names = terms;
      e.sector = std::string(f[1]);
      e.note = std::string(f[2]);
      e.origin = here;
      AddEntity(std::move(e));
    }
    if (pos > text.size()) break;
  }
  if (spec != nullptr && !header_seen && errors.empty()) {
    errors.push_back(origin + ": no header row");
  }
  if (errors.empty()) return Status::Ok();
  std::string msg;
  const size_t kMax = 50;
  for (size_t i = 0; i < errors.size() && i < kMax; ++i) msg += (i ? "\n" : "") + errors[i];
  if (errors.size() > kMax) {
    msg += "\n" + origin + ": ... and " + std::to_string(errors.size() - kMax) + " more errors";
  }
  return InvalidArgument(msg);
}

Status KnowledgeBase::Finalize() {
  if (finalized_) return Status::Ok();
  std::vector<std::string> errors;
  // Capitals: the most populous place of that name in that country.
  for (const auto& [code, cap, where] : pending_capitals_) {
    std::string folded = FoldName(cap);
    int32_t best = -1;
    for (size_t i = 0; i < entities_.size(); ++i) {
      const Entity& e = entities_[i];
      if (e.kind != EntityKind::kPlace || e.country != code) continue;
      bool match = false;
      for (const auto& n : e.names) match = match || FoldName(n) == folded;
      if (!match) continue;
      // Prefer a row marked "capital" (places_extra.tsv), then the most populous.
      if (best < 0) { best = static_cast<int32_t>(i); continue; }
      bool e_cap = e.subkind == "capital", b_cap = entities_[best].subkind == "capital";
      if (e_cap != b_cap ? e_cap : entities_[best].population < e.population) {
        best = static_cast<int32_t>(i);
      }
    }
    if (best < 0) {
      errors.push_back(where + ": capital '" + cap + "' of " + code + " is not in any places file");
      continue;
    }
    entities_[best].capital = true;
    capital_of_[code] = best;
  }
  // Codes: every country must be a known country, or an IGO/NGO/MNC code.
  std::set<std::string, std::less<>> known;
  for (const Entity& e : entities_) {
    if (e.kind == EntityKind::kCountry) known.insert(e.country);
  }
  auto code_ok = [&](const std::string& c) {
    return known.count(c) > 0 || c.starts_with("IGO") || c.starts_with("NGO") ||
           c.starts_with("MNC") || c.starts_with("IMG") || c == "INT";
  };
  for (Entity& e : entities_) {
    if (e.kind == EntityKind::kPlace || e.kind == EntityKind::kOrg) {
      if (!code_ok(e.country)) errors.push_back(e.origin + ": unknown country code " + e.country);
    }
    if (e.kind == EntityKind::kPerson) {
      for (const Role& r : e.roles) {
        if (!code_ok(r.country)) errors.push_back(r.origin + ": unknown country code " + r.country);
      }
      // The person's country/sector shown in listings: the most recent role's.
      RoleChoice rc = ChooseRole(e, Date{});
      if (rc.role) {
        e.country = rc.role->country;
        e.sector = rc.role->sector;
      }
    }
  }
  if (!errors.empty()) {
    std::string msg;
    for (size_t i = 0; i < errors.size() && i < 50; ++i) msg += (i ? "\n" : "") + errors[i];
    return InvalidArgument(msg);
  }
  // Name index.
  auto add = [&](const std::string& surface, int32_t idx, NameForm form) {
    std::string folded = FoldName(surface);
    if (folded.empty()) return;
    auto& refs = names_[folded];
    for (const NameRef& r : refs) {
      if (r.entity == idx && r.form == form) return;
    }
    NameRef ref;
    ref.entity = idx;
    ref.form = form;
    ref.case_sensitive = form != NameForm::kAgent && IsAcronym(surface);
    ref.surface = surface;
    refs.push_back(ref);
    max_name_words_ = std::max(max_name_words_, CountWords(folded));
  };
  for (size_t i = 0; i < entities_.size(); ++i) {
    const Entity& e = entities_[i];
    int32_t idx = static_cast<int32_t>(i);
    NameForm form = e.kind == EntityKind::kAgent ? NameForm::kAgent : NameForm::kName;
    for (const auto& n : e.names) {
      // "the Kremlin" when "Kremlin" is also listed: the article is not part of the name (it
      // would make "The UN Security Council" match "The UN").
      if (n.size() > 4 && (n.starts_with("the ") || n.starts_with("The "))) {
        std::string rest = FoldName(std::string_view(n).substr(4));
        bool listed = false;
        for (const auto& o : e.names) listed = listed || FoldName(o) == rest;
        if (listed) continue;
      }
      add(n, idx, form);
    }
    for (const auto& a : e.adjectives) add(a, idx, NameForm::kAdjective);
    for (const auto& p : e.plurals) add(p, idx, NameForm::kPlural);
  }
  sorted_names_.reserve(names_.size());
  for (const auto& [name, refs] : names_) sorted_names_.push_back(name);
  std::sort(sorted_names_.begin(), sorted_names_.end());
  finalized_ = true;
  return Status::Ok();
}

bool KnowledgeBase::HasNamePrefix(std::string_view folded_prefix) const {
  auto it = std::lower_bound(sorted_names_.begin(), sorted_names_.end(), folded_prefix,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != sorted_names_.end() && std::string_view(*it).starts_with(folded_prefix);
}

const Entity* KnowledgeBase::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &entities_[it->second];
}

const std::vector<NameRef>& KnowledgeBase::Lookup(std::string_view folded) const {
  static const std::vector<NameRef> kEmpty;
  auto it = names_.find(std::string(folded));
  return it == names_.end() ? kEmpty : it->second;
}

const Entity* KnowledgeBase::Country(std::string_view code) const {
  return Find("COUNTRY:" + std::string(code));
}

const Entity* KnowledgeBase::CapitalOf(std::string_view code) const {
  auto it = capital_of_.find(std::string(code));
  return it == capital_of_.end() ? nullptr : &entities_[it->second];
}

bool KnowledgeBase::KnownCode(std::string_view code) const {
  return Country(code) != nullptr || code.starts_with("IGO") || code.starts_with("NGO");
}

KnowledgeBase::Counts KnowledgeBase::counts() const {
  Counts c;
  for (const Entity& e : entities_) {
    switch (e.kind) {
      case EntityKind::kCountry: (e.historical ? c.historical_countries : c.countries)++; break;
      case EntityKind::kPlace: c.places++; break;
      case EntityKind::kOrg: c.orgs++; break;
      case EntityKind::kPerson: c.people++; c.roles += static_cast<int>(e.roles.size()); break;
      case EntityKind::kAgent: c.agents++; break;
    }
  }
  c.names = static_cast<int>(names_.size());
  return c;
}

std::vector<const Entity*> KnowledgeBase::Search(std::string_view name_part,
                                                 std::string_view country) const {
  std::vector<const Entity*> out;
  std::string needle = FoldName(name_part);
  for (const Entity& e : entities_) {
    if (!country.empty()) {
      bool ok = e.country == country;
      for (const Role& r : e.roles) ok = ok || r.country == country;
      if (!ok) continue;
    }
    if (!needle.empty()) {
      bool hit = false;
      for (const auto& n : e.names) hit = hit || FoldName(n).find(needle) != std::string::npos;
      for (const auto& n : e.adjectives) hit = hit || FoldName(n).find(needle) != std::string::npos;
      if (!hit) continue;
    }
    out.push_back(&e);
  }
  return out;
}

}  // namespace dyad::kb

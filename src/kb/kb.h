// The actor knowledge base: countries, places, organisations, people with date-bounded roles, and
// agent nouns ("spokesman" -> GOV), loaded from reviewed TSV files (docs/formats/kb.md).
//
//   dyad::kb::KnowledgeBase kb;
//   RETURN_IF_ERROR(kb.LoadDirectory("data/kb"));   // every *.tsv in the folder
//   RETURN_IF_ERROR(kb.LoadFile("my_actors.tsv"));  // user additions
//   RETURN_IF_ERROR(kb.Finalize());                 // links capitals, builds the name index
//   for (const kb::NameRef& r : kb.Lookup(kb::FoldName("Sergey Lavrov"))) ...
//
// Every file is validated on load: each malformed row is reported as "file:line: reason", all of
// them (not only the first), and a file with any malformed row fails to load. An empty result is
// never a silent fallback.
//
// Thread-safety: loading is single-threaded; after Finalize() a KnowledgeBase is immutable and
// may be shared by any number of threads.
#ifndef DYAD_KB_KB_H_
#define DYAD_KB_KB_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad::kb {

enum class EntityKind { kCountry, kPlace, kOrg, kPerson, kAgent };
std::string_view EntityKindName(EntityKind kind);  // "country", "place", "org", "person", "agent"

// One office or position held for a period. `start`/`end` may be unknown (open-ended); the role is
// valid on date d when start <= d < end (the day a successor takes office belongs to the successor).
struct Role {
  std::string country;  // ISO alpha-3 or IGO code
  std::string sector;   // CAMEO agent code (GOV, MIL, ...)
  std::string title;    // "president", "foreign minister"
  Date start, end;
  std::string origin;   // "file:line"
  bool ValidOn(const Date& d) const;
};

struct Entity {
  std::string id;        // "COUNTRY:RUS", "PLACE:moscow_rus", "ORG:nato", "PER:putin_vladimir",
                         // "AGENT:spokesman"
  EntityKind kind = EntityKind::kCountry;
  std::string name;      // canonical name
  std::vector<std::string> names;       // every surface name (canonical included)
  std::vector<std::string> adjectives;  // countries: "Russian"; "Russians" is in plurals
  std::vector<std::string> plurals;
  std::string country;   // ISO alpha-3, IGO code, or empty (agents)
  std::string sector;    // CAMEO agent code, or empty
  std::string subkind;   // places: city|region|contested|landmark; orgs: igo|gov|metonym|...
  std::vector<Role> roles;                // people
  double latitude = 0, longitude = 0;
  bool has_coordinates = false;
  int64_t population = 0;
  bool capital = false;  // places: capital of `country`
  bool historical = false;  // countries that no longer exist (ISO 3166-3)
  std::string note;
  std::string origin;    // "file:line" of the defining row
};

// How a surface form refers to an entity.
enum class NameForm {
  kName,       // "Russia", "Vladimir Putin", "NATO"
  kAdjective,  // "Russian" (country adjective / demonym)
  kPlural,     // "Russians"
  kAgent,      // agent noun "spokesman", "special services"
};

struct NameRef {
  int32_t entity = -1;  // index into entities()
  NameForm form = NameForm::kName;
  bool case_sensitive = false;  // short all-capital names ("US", "UN") must match exactly
  std::string surface;          // the name as written in the KB
};

// What a person is on a date.
struct RoleChoice {
  const Role* role = nullptr;  // the role used, or null (no roles at all)
  bool former = false;         // every role ended before the date: coded as an elite (ELI)
  bool undated = false;        // the date was unknown: the most recent role was taken
  bool before = false;         // the date is before every role
};

class KnowledgeBase {
 public:
  // Loads every "*.tsv" file in `dir` (sorted by name). Errors from all files are gathered.
  Status LoadDirectory(const std::string& dir);
  // Loads one KB file; its kind is given by its first line ("# dyad-kb: people").
  Status LoadFile(const std::string& path);
  // Loads KB text already in memory (`origin` names it in errors). Used by tests.
  Status LoadText(std::string_view text, const std::string& origin);
  // Links capitals and people's countries, checks codes, builds the name index. Call once after
  // loading; errors name the file:line of the offending row.
  Status Finalize();

  const std::vector<Entity>& entities() const { return entities_; }
  const Entity* Find(std::string_view id) const;
  // Every entity a folded surface form (see FoldName) may refer to.
  const std::vector<NameRef>& Lookup(std::string_view folded) const;
  // The country entity for an ISO alpha-3 code, or null.
  const Entity* Country(std::string_view code) const;
  // The capital place of a country, or null.
  const Entity* CapitalOf(std::string_view code) const;
  // Whether `code` is a known country or IGO code.
  bool KnownCode(std::string_view code) const;
  // Whether some folded name starts with `folded_prefix` (lets the matcher stop extending early).
  bool HasNamePrefix(std::string_view folded_prefix) const;
  // Longest name in folded words (bounds the matcher's window).
  int max_name_words() const { return max_name_words_; }

  struct Counts {
    int countries = 0, historical_countries = 0, places = 0, orgs = 0, people = 0, roles = 0,
        agents = 0, names = 0;
  };
  Counts counts() const;

  // Entities whose names contain `name_part` (folded substring match; empty = any) and whose
  // country (or any role country) is `country` (empty = any).
  std::vector<const Entity*> Search(std::string_view name_part, std::string_view country) const;

 private:
  Status ParseFile(std::string_view text, const std::string& origin);
  int32_t AddEntity(Entity e);

  std::vector<Entity> entities_;
  std::unordered_map<std::string, int32_t> by_id_;
  std::unordered_map<std::string, std::vector<NameRef>> names_;
  std::vector<std::string> sorted_names_;  // keys of names_, sorted
  std::unordered_map<std::string, int32_t> capital_of_;
  // Capital names awaiting Finalize(): country code -> (capital name, origin).
  std::vector<std::tuple<std::string, std::string, std::string>> pending_capitals_;
  int max_name_words_ = 1;
  bool finalized_ = false;
};

// Normal form used for matching names: Unicode letters with diacritics folded to ASCII where a
// base letter exists ("Erdoğan" -> "erdogan", "Élysée" -> "elysee"), lower case, typographic
// apostrophes/quotes/dashes mapped to ASCII, runs of white space collapsed to one space.
std::string FoldName(std::string_view text);

// Chooses the role of `person` valid on `date` (see RoleChoice): among roles valid that day a GOV
// role first, then the first listed. With an unknown date the most recent role (open-ended first,
// then latest start) is taken and marked undated.
RoleChoice ChooseRole(const Entity& person, const Date& date);

// Parses a KB date: "YYYY-MM-DD", "YYYY-MM" (first of month) or "YYYY" (1 January); "" = unknown.
Result<Date> ParseKbDate(std::string_view s);

}  // namespace dyad::kb

#endif  // DYAD_KB_KB_H_

// Importer for TABARI/PETRARCH actor and agent dictionaries (the CAMEO-era formats used by the
// Phoenix dictionaries), for users who own such files.
//
//   dyad::kb::TabariImport imp = dyad::kb::ReadTabariActors("Phoenix.Countries.actors.txt");
//   for (const auto& r : imp.rejected) std::cerr << r.where << ": " << r.reason << "\n";
//
// Actor files: an entry starts with a phrase in upper case, words joined by '_' ("VLADIMIR_PUTIN_";
// a trailing '_' marks a whole word), optionally followed by codes in brackets. Lines starting with
// '+' add synonyms; indented lines holding only brackets add codes. A code may carry a date
// restriction: "[RUSGOV 991231-080507]" (from-to), "[RUSGOV >080508]" (from), "[USAGOV <061231]"
// (until). Dates are YYMMDD (years 00-29 read as 20xx, 30-99 as 19xx, the PETRARCH convention) or
// YYYYMMDD. "#" starts a comment. "[---]" is the null code (the phrase is known but not coded).
//
// Agent files: "PHRASE [~GOV]" lines, with optional "{plural forms}" and substitution sets
// ("!PERSON! = MAN, MEN, WOMAN") that expand "CATTLE!PERSON!" to every listed word.
//
// A malformed entry (no code at all, unbalanced bracket, bad code, bad date, synonym with no entry)
// is rejected with its file:line and a reason; the rest of the file still loads.
#ifndef DYAD_KB_TABARI_H_
#define DYAD_KB_TABARI_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad::kb {

struct TabariCode {
  std::string code;  // "RUSGOV", "IGOUNOIAE", "~GOV" (agents), "---" (null code)
  Date start, end;   // unknown = open; `end` is exclusive like Role (the day after "<061231")
};

struct TabariEntry {
  std::vector<std::string> phrases;  // first is the entry's own phrase, then synonyms; words
                                     // separated by single spaces, original case kept
  std::vector<TabariCode> codes;
  std::string where;                 // "file:line" of the entry's first line
};

struct TabariRejection {
  std::string where;  // "file:line"
  std::string reason;
};

struct TabariImport {
  std::vector<TabariEntry> accepted;
  std::vector<TabariRejection> rejected;
  // Accepted entries with a tolerated irregularity ("[EGYGOV > 140608]": space after '>').
  std::vector<TabariRejection> warnings;
};

// Reads an actor dictionary. Fails (Status) only when the file cannot be read.
Result<TabariImport> ReadTabariActors(const std::string& path);
// Reads an agent dictionary (substitution sets expanded; every expanded phrase is its own entry).
Result<TabariImport> ReadTabariAgents(const std::string& path);
// Same, over text in memory (`origin` names it in messages).
TabariImport ParseTabariActors(std::string_view text, const std::string& origin);
TabariImport ParseTabariAgents(std::string_view text, const std::string& origin);

// Parses a TABARI date: "YYMMDD" or "YYYYMMDD".
Result<Date> ParseTabariDate(std::string_view s);

// Writes accepted actor entries as a dyad KB file of kind "people" (entries with dated codes or
// several codes) ... see docs/formats/kb.md: each code becomes one role row; the country is the
// code's first three letters (or the whole IGO/NGO code), the sector the next CAMEO sector code
// found in it (UNK when none). Entries whose only code is "---" are skipped. Returns the text.
// `known_country` (may be empty) says which country codes the target KB knows; codes it rejects
// (Phoenix's USR, KNT, ...) are left out and listed in *skipped as "file:line: reason".
std::string TabariToKbPeople(const TabariImport& imp, const std::string& id_prefix,
                             const std::function<bool(std::string_view)>& known_country = {},
                             std::vector<std::string>* skipped = nullptr);

}  // namespace dyad::kb

#endif  // DYAD_KB_TABARI_H_

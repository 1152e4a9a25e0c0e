// TABARI/PETRARCH dictionary importer; the format is summarised in tabari.h.
#include "kb/tabari.h"

#include <charconv>
#include <map>
#include <set>

#include "base/file.h"
#include "base/strings.h"

namespace dyad::kb {
namespace {

struct Line {
  std::string_view text;
  size_t number;
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t pos = 0, n = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back({l, ++n});
    pos = nl + 1;
  }
  return lines;
}

std::string_view StripComment(std::string_view l) {
  size_t h = l.find('#');
  if (h != std::string_view::npos) l = l.substr(0, h);
  while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
  return l;
}

bool ValidCode(std::string_view c) {
  if (c == "---") return true;
  size_t b = 0, e = c.size();
  if (b < e && c[b] == '~') ++b;
  if (e > b && c[e - 1] == '~') --e;
  if (e - b < 2) return false;
  for (size_t i = b; i < e; ++i) {
    char ch = c[i];
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
  }
  return true;
}

// Phrase "VLADIMIR_PUTIN_" -> "VLADIMIR PUTIN".
std::string NormalisePhrase(std::string_view p) {
  std::string out;
  bool space = false;
  for (char c : p) {
    if (c == '_' || c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

Date NextDay(const Date& d) { return Date::FromDays(d.ToDays() + 1); }

// Parses every "[...]" in `s`; the text outside brackets goes to *outside. Returns "" or an error.
std::string ParseBrackets(std::string_view s, std::vector<TabariCode>* codes, std::string* outside,
                          std::string* warning = nullptr) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ']') return "']' without '['";
    if (c != '[') {
      outside->push_back(c);
      ++i;
      continue;
    }
    size_t close = s.find(']', i + 1);
    size_t reopen = s.find('[', i + 1);
    if (close == std::string_view::npos || (reopen != std::string_view::npos && reopen < close)) {
      return "unbalanced '['";
    }
    std::string_view inner = StripAscii(s.substr(i + 1, close - i - 1));
    i = close + 1;
    if (inner.empty()) return "empty code '[]'";
    std::vector<std::string_view> parts;
    for (std::string_view p : SplitChar(inner, ' ')) {
      for (std::string_view q : SplitChar(p, '\t')) {
        if (!q.empty()) parts.push_back(q);
      }
    }
    std::string joined;
    if (parts.size() == 3 && (parts[1] == ">" || parts[1] == "<")) {
      // "[EGYGOV > 140608]": the intent is clear; accepted, and reported as a warning.
      joined = std::string(parts[1]) + std::string(parts[2]);
      parts.resize(2);
      parts[1] = joined;
      if (warning != nullptr && warning->empty()) {
        *warning = "space after '" + joined.substr(0, 1) + "' in '[" + std::string(inner) + "]'";
      }
    }
    if (parts.size() > 2) return "too many fields in '[" + std::string(inner) + "]'";
    TabariCode code;
    code.code = std::string(parts[0]);
    if (!ValidCode(code.code)) return "bad code '" + code.code + "'";
    if (parts.size() == 2) {
      std::string_view r = parts[1];
      if (r[0] == '>') {
        auto d = ParseTabariDate(r.substr(1));
        if (!d.ok()) return d.status().message();
        code.start = *d;
      } else if (r[0] == '<') {
        auto d = ParseTabariDate(r.substr(1));
        if (!d.ok()) return d.status().message();
        code.end = NextDay(*d);
      } else {
        size_t dash = r.find('-');
        if (dash == std::string_view::npos) {
          return "bad date restriction '" + std::string(r) + "' (want >D, <D or D-D)";
        }
        auto a = ParseTabariDate(r.substr(0, dash));
        auto b = ParseTabariDate(r.substr(dash + 1));
        if (!a.ok()) return a.status().message();
        if (!b.ok()) return b.status().message();
        if (*b < *a) return "date range ends before it starts '" + std::string(r) + "'";
        code.start = *a;
        code.end = NextDay(*b);
      }
    }
    codes->push_back(std::move(code));
  }
  return "";
}

}  // namespace

Result<Date> ParseTabariDate(std::string_view s) {
  auto bad = [&] { return InvalidArgument("bad date '" + std::string(s) + "' (want YYMMDD or YYYYMMDD)"); };
  if (s.size() != 6 && s.size() != 8) return bad();
  for (char c : s) {
    if (c < '0' || c > '9') return bad();
  }
  auto num = [](std::string_view p) {
    int v = 0;
    std::from_chars(p.data(), p.data() + p.size(), v);
    return v;
  };
  Date d;
  size_t y = s.size() == 8 ? 4 : 2;
  d.year = num(s.substr(0, y));
  if (y == 2) d.year += d.year < 30 ? 2000 : 1900;
  d.month = num(s.substr(y, 2));
  d.day = num(s.substr(y + 2, 2));
  if (d.month < 1 || d.month > 12 || d.day < 1 || Date::FromDays(d.ToDays()) != d) return bad();
  return d;
}

TabariImport ParseTabariActors(std::string_view text, const std::string& origin) {
  TabariImport imp;
  TabariEntry cur;
  std::string cur_error;
  bool have = false;
  auto finish = [&] {
    if (!have) return;
    if (cur_error.empty() && cur.codes.empty()) cur_error = "entry has no code";
    if (cur_error.empty()) {
      imp.accepted.push_back(std::move(cur));
    } else {
      imp.rejected.push_back({cur.where, cur_error + " ('" + (cur.phrases.empty() ? "" : cur.phrases[0]) + "')"});
    }
    cur = TabariEntry();
    cur_error.clear();
    have = false;
  };
  for (const Line& line : SplitLines(text)) {
    std::string_view l = StripComment(line.text);
    if (StripAscii(l).empty()) continue;
    const std::string where = origin + ":" + std::to_string(line.number);
    std::vector<TabariCode> codes;
    std::string outside;
    std::string warning;
    struct WarnOnExit {
      TabariImport* imp; const std::string* where; std::string* w;
      ~WarnOnExit() { if (!w->empty()) imp->warnings.push_back({*where, *w}); }
    } warn_on_exit{&imp, &where, &warning};
    if (l[0] == '+') {
      if (!have) {
        imp.rejected.push_back({where, "synonym with no entry before it"});
        continue;
      }
      std::string err = ParseBrackets(l.substr(1), &codes, &outside, &warning);
      std::string phrase = NormalisePhrase(outside);
      if (!err.empty()) {
        if (cur_error.empty()) cur_error = where.substr(origin.size() + 1) + ": " + err;
        continue;
      }
      if (phrase.empty()) {
        if (cur_error.empty()) cur_error = "line " + std::to_string(line.number) + ": empty synonym";
        continue;
      }
      cur.phrases.push_back(phrase);
      for (auto& c : codes) cur.codes.push_back(std::move(c));
      continue;
    }
    if (l[0] == ' ' || l[0] == '\t') {
      std::string err = ParseBrackets(l, &codes, &outside, &warning);
      if (!have) {
        imp.rejected.push_back({where, "code line with no entry before it"});
        continue;
      }
      if (err.empty() && !StripAscii(outside).empty()) {
        err = "text outside brackets on a code line: '" + std::string(StripAscii(outside)) + "'";
      }
      if (!err.empty()) {
        if (cur_error.empty()) cur_error = "line " + std::to_string(line.number) + ": " + err;
        continue;
      }
      for (auto& c : codes) cur.codes.push_back(std::move(c));
      continue;
    }
    finish();
    have = true;
    cur.where = where;
    std::string err = ParseBrackets(l, &codes, &outside, &warning);
    std::string phrase = NormalisePhrase(outside);
    cur.phrases.push_back(phrase.empty() ? std::string(l) : phrase);
    if (!err.empty()) {
      cur_error = err;
      continue;
    }
    if (phrase.empty()) {
      cur_error = "entry without a phrase";
      continue;
    }
    for (auto& c : codes) cur.codes.push_back(std::move(c));
  }
  finish();
  return imp;
}

TabariImport ParseTabariAgents(std::string_view text, const std::string& origin) {
  TabariImport imp;
  std::map<std::string, std::vector<std::string>, std::less<>> sets;
  for (const Line& line : SplitLines(text)) {
    std::string_view l = StripComment(line.text);
    if (StripAscii(l).empty()) continue;
    const std::string where = origin + ":" + std::to_string(line.number);
    // Substitution set: "!PERSON! = MAN, MEN".
    if (l[0] == '!' && l.find('=') != std::string_view::npos) {
      size_t eq = l.find('=');
      std::string name(StripAscii(l.substr(0, eq)));
      if (name.size() < 3 || name.back() != '!') {
        imp.rejected.push_back({where, "bad substitution set name '" + name + "'"});
        continue;
      }
      std::vector<std::string> words;
      for (std::string_view w : SplitChar(l.substr(eq + 1), ',')) {
        w = StripAscii(w);
        if (!w.empty()) words.emplace_back(w);
      }
      if (words.empty()) {
        imp.rejected.push_back({where, "empty substitution set " + name});
        continue;
      }
      sets[name] = std::move(words);
      continue;
    }
    // Plural forms in braces are phrases too: "PEACEKEEPING_TROOPS {} [IGO~]".
    std::string body(l);
    std::vector<std::string> extra;
    size_t ob = body.find('{');
    if (ob != std::string::npos) {
      size_t cb = body.find('}', ob);
      if (cb == std::string::npos) {
        imp.rejected.push_back({where, "unbalanced '{'"});
        continue;
      }
      for (std::string_view w : SplitChar(std::string_view(body).substr(ob + 1, cb - ob - 1), ' ')) {
        if (!w.empty()) extra.push_back(NormalisePhrase(w));
      }
      body.erase(ob, cb - ob + 1);
    }
    std::vector<TabariCode> codes;
    std::string outside;
    std::string err = ParseBrackets(body[0] == '+' ? std::string_view(body).substr(1) : body,
                                    &codes, &outside);
    if (!err.empty()) {
      imp.rejected.push_back({where, err});
      continue;
    }
    std::string phrase = NormalisePhrase(outside);
    if (phrase.empty()) {
      imp.rejected.push_back({where, "entry without a phrase"});
      continue;
    }
    if (codes.empty()) {
      imp.rejected.push_back({where, "entry has no code ('" + phrase + "')"});
      continue;
    }
    // Expand one substitution set (the files use at most one per phrase).
    std::vector<std::string> phrases;
    size_t b1 = phrase.find('!');
    size_t b2 = b1 == std::string::npos ? std::string::npos : phrase.find('!', b1 + 1);
    if (b1 != std::string::npos) {
      if (b2 == std::string::npos) {
        imp.rejected.push_back({where, "unterminated substitution '!' in '" + phrase + "'"});
        continue;
      }
      std::string set = phrase.substr(b1, b2 - b1 + 1);
      auto it = sets.find(set);
      if (it == sets.end()) {
        imp.rejected.push_back({where, "unknown substitution set " + set});
        continue;
      }
      for (const std::string& w : it->second) {
        phrases.push_back(phrase.substr(0, b1) + w + phrase.substr(b2 + 1));
      }
    } else {
      phrases.push_back(phrase);
    }
    for (auto& e : extra) phrases.push_back(e);
    for (const std::string& p : phrases) {
      TabariEntry entry;
      entry.phrases = {p};
      entry.codes = codes;
      entry.where = where;
      imp.accepted.push_back(std::move(entry));
    }
  }
  return imp;
}

Result<TabariImport> ReadTabariActors(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, size_t{512} << 20));
  return ParseTabariActors(text, path);
}

Result<TabariImport> ReadTabariAgents(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, size_t{512} << 20));
  return ParseTabariAgents(text, path);
}

std::string TabariToKbPeople(const TabariImport& imp, const std::string& id_prefix,
                             const std::function<bool(std::string_view)>& known_country,
                             std::vector<std::string>* skipped) {
  static const std::set<std::string, std::less<>> kSectors = {
      "GOV", "MIL", "REB", "OPP", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CVL", "LEG", "PTY",
      "ELI", "LAB", "REF", "HLH", "HRI", "REL", "AGR", "CRM", "UAF", "SEP", "INS", "ENV", "DEV",
      "JRN", "MOD", "RAD"};
  std::string out = "# dyad-kb: people\n# Imported from TABARI/PETRARCH dictionaries by dyad.\n"
                    "id\tnames\tcountry\tsector\trole\tstart\tend\n";
  size_t n = 0;
  for (const TabariEntry& e : imp.accepted) {
    ++n;
    std::string names;
    for (const auto& p : e.phrases) {
      std::string t;
      bool cap = true;
      for (char c : p) {  // "VLADIMIR PUTIN" -> "Vladimir Putin"
        t.push_back(cap ? c : static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c));
        cap = (c == ' ' || c == '-' || c == '\'');
      }
      names += (names.empty() ? "" : "|") + t;
    }
    bool first = true;
    for (const TabariCode& c : e.codes) {
      if (c.code == "---" || c.code[0] == '~' || c.code.size() < 3) continue;
      std::string country = c.code.substr(0, 3), sector;
      size_t rest = 3;
      if (country == "IGO" || country == "NGO" || country == "MNC" || country == "IMG") {
        country = c.code;  // the whole IGO code is the actor's "country"
        rest = c.code.size();
      }
      for (size_t i = rest; i + 3 <= c.code.size(); i += 3) {
        if (kSectors.count(std::string_view(c.code).substr(i, 3))) {
          sector = c.code.substr(i, 3);
          break;
        }
      }
      if (sector.empty()) sector = "UNK";
      if (known_country && !country.starts_with("IGO") && !country.starts_with("NGO") &&
          !country.starts_with("MNC") && !country.starts_with("IMG") && !known_country(country)) {
        if (skipped) skipped->push_back(e.where + ": code " + c.code + ": unknown country " + country);
        continue;
      }
      out += id_prefix + std::to_string(n) + "\t" + (first ? names : "") + "\t" + country + "\t" +
             sector + "\t" + "\t" + c.start.ToString() + "\t" + c.end.ToString() + "\n";
      first = false;
    }
  }
  return out;
}

}  // namespace dyad::kb

#include "train/re3d.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>

#include "base/file.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace dyad::train {

namespace {

// Byte offset of code point `cp` in `s`, or npos when `s` is shorter.
size_t CodePointToByte(std::string_view s, size_t cp) {
  size_t i = 0;
  while (i < s.size() && cp > 0) {
    size_t len = 1;
    utf8::Decode(s, i, &len);
    i += len;
    --cp;
  }
  return cp == 0 ? i : std::string_view::npos;
}

template <typename Fn>
void ReadJsonLines(const std::string& path, std::vector<std::string>* errors, Fn fn) {
  std::ifstream in(path);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (StripAscii(line).empty()) continue;
    const std::string where = path + ":" + std::to_string(n);
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      errors->push_back(where + ": not a JSON object");
      continue;
    }
    fn(j, where);
  }
}

// A string member of `j`, or "" when it is missing or not a string.
std::string StringField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Words that name an office or a rank, not a person: a span made only of these (and lower-case
// words) is a nominal mention.
bool IsTitle(std::string_view w) {
  static const char* const kTitles[] = {
      "President", "Vice",      "Prime",     "Minister",  "Secretary", "Foreign",  "General",
      "Gen.",      "Lt.",       "Col.",      "Maj.",      "Brig.",     "Capt.",    "Sgt.",
      "Adm.",      "Mr",        "Mr.",       "Mrs",       "Mrs.",      "Ms",       "Ms.",
      "Dr",        "Dr.",       "King",      "Queen",     "Prince",    "Sheikh",   "Ayatollah",
      "Pope",      "Senator",   "Ambassador", "Chancellor", "Commander", "Chief",  "Deputy",
      "Spokesman", "Spokeswoman", "Press",   "Defence",   "Defense",   "State"};
  for (const char* t : kTitles)
    if (w == t) return true;
  return false;
}

bool IsName(std::string_view text, const std::set<std::string>& demonyms) {
  for (std::string_view word : SplitChar(text, ' ')) {
    if (IsTitle(word) || demonyms.count(std::string(word))) continue;
    for (std::string_view w : SplitChar(word, '-')) {
      if (w.empty()) continue;
      const unsigned char c = static_cast<unsigned char>(w[0]);
      const bool capital = (c >= 'A' && c <= 'Z') || c >= 0x80;  // non-ASCII: letters of names
      if (!capital || IsTitle(w) || demonyms.count(std::string(w))) continue;
      if (w == "I" || w == "We" || w == "You" || w == "They" || w == "He" || w == "She" ||
          w == "It" || w == "The" || w == "My" || w == "A")
        continue;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::vector<Re3dDocument>> ReadRe3d(const std::string& dir,
                                           std::vector<std::string>* errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> folders;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (fs::exists(e.path() / "documents.json") && fs::exists(e.path() / "entities.json"))
      folders.push_back(e.path().string());
  }
  if (fs::exists(fs::path(dir) / "documents.json") && fs::exists(fs::path(dir) / "entities.json"))
    folders.push_back(dir);
  std::sort(folders.begin(), folders.end());
  if (folders.empty()) return NotFound("no documents.json/entities.json under " + dir);
  std::vector<Re3dDocument> out;
  for (const std::string& folder : folders) {
    std::map<std::string, size_t> by_id;
    ReadJsonLines(folder + "/documents.json", errors,
                  [&](const nlohmann::json& j, const std::string& where) {
                    if (!j.contains("_id") || !j["_id"].is_string() || !j.contains("text") ||
                        !j["text"].is_string()) {
                      errors->push_back(where + ": document without a string _id and text");
                      return;
                    }
                    Re3dDocument d;
                    d.id = j["_id"].get<std::string>();
                    d.folder = fs::path(folder).filename().string();
                    d.text = j["text"].get<std::string>();
                    if (!by_id.emplace(d.id, out.size()).second) {
                      errors->push_back(where + ": document " + d.id + " again");
                      return;
                    }
                    out.push_back(std::move(d));
                  });
    ReadJsonLines(folder + "/entities.json", errors,
                  [&](const nlohmann::json& j, const std::string& where) {
                    auto it = by_id.find(StringField(j, "documentId"));
                    if (it == by_id.end()) {
                      errors->push_back(where + ": unknown documentId");
                      return;
                    }
                    Re3dDocument& d = out[it->second];
                    const nlohmann::json& jb = j.contains("begin") ? j["begin"] : nlohmann::json();
                    const nlohmann::json& je = j.contains("end") ? j["end"] : nlohmann::json();
                    if (!jb.is_number_unsigned() || !je.is_number_unsigned() ||
                        !j.contains("type") || !j["type"].is_string()) {
                      errors->push_back(where + ": entity without begin, end and type");
                      return;
                    }
                    size_t b = CodePointToByte(d.text, jb.get<size_t>());
                    size_t e = CodePointToByte(d.text, je.get<size_t>());
                    if (b == std::string_view::npos || e == std::string_view::npos || e <= b) {
                      errors->push_back(where + ": offsets outside the document's text");
                      return;
                    }
                    Re3dEntity en;
                    en.begin = static_cast<uint32_t>(b);
                    en.end = static_cast<uint32_t>(e);
                    en.type = j["type"].get<std::string>();
                    en.value = StringField(j, "value");
                    en.confidence = j.contains("confidence") && j["confidence"].is_number()
                                        ? j["confidence"].get<double>()
                                        : 0.0;
                    en.where = fs::path(where).filename().string();
                    d.entities.push_back(std::move(en));
                  });
  }
  return out;
}

Result<std::set<std::string>> DemonymsFromKb(const std::string& kb_dir) {
  const std::string path = kb_dir + "/country_info.tsv";
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::set<std::string> out;
  size_t line_no = 0;
  bool header = false;
  for (std::string_view line : SplitChar(text, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (!header) {  // code, adjectives, plurals, ...
      header = true;
      continue;
    }
    auto f = SplitChar(line, '\t');
    if (f.size() < 3) return InvalidArgument(path + ":" + std::to_string(line_no) +
                                             ": want code, adjectives, plurals, ...");
    for (size_t c = 1; c <= 2; ++c)
      for (std::string_view w : SplitChar(f[c], '|'))
        if (!w.empty()) out.insert(std::string(w));
  }
  if (out.empty()) return InvalidArgument(path + ": no adjectives");
  return out;
}

std::vector<Re3dEntity> Re3dNames(const Re3dDocument& doc, const std::set<std::string>& demonyms) {
  // The most confident annotation of each span.
  std::map<std::pair<uint32_t, uint32_t>, const Re3dEntity*> best;
  for (const Re3dEntity& e : doc.entities) {
    auto [it, added] = best.insert({{e.begin, e.end}, &e});
    if (!added && e.confidence > it->second->confidence) it->second = &e;
  }
  std::vector<Re3dEntity> names;
  for (const auto& [span, e] : best) {
    const char* type = e->type == "Person"         ? "PER"
                       : e->type == "Organisation" ? "ORG"
                       : e->type == "Location"     ? "LOC"
                                                   : nullptr;
    if (type == nullptr) continue;
    Re3dEntity n = *e;
    n.type = type;
    std::string_view text = std::string_view(doc.text).substr(n.begin, n.end - n.begin);
    for (std::string_view the : {"the ", "The "}) {
      if (text.starts_with(the)) {
        n.begin += static_cast<uint32_t>(the.size());
        text.remove_prefix(the.size());
      }
    }
    if (!IsName(text, demonyms)) continue;
    n.value = std::string(text);
    names.push_back(std::move(n));
  }
  // Flat spans: the longer of two overlapping names stays (the first, of two as long).
  std::stable_sort(names.begin(), names.end(), [](const Re3dEntity& a, const Re3dEntity& b) {
    return a.end - a.begin > b.end - b.begin;
  });
  std::vector<Re3dEntity> kept;
  for (auto& n : names) {
    bool overlaps = false;
    for (const auto& k : kept) overlaps = overlaps || (n.begin < k.end && k.begin < n.end);
    if (!overlaps) kept.push_back(std::move(n));
  }
  std::sort(kept.begin(), kept.end(),
            [](const Re3dEntity& a, const Re3dEntity& b) { return a.begin < b.begin; });
  return kept;
}

std::vector<TextEntities> Re3dNerGold(const std::vector<Re3dDocument>& docs,
                                      const std::set<std::string>& demonyms) {
  std::vector<TextEntities> out;
  for (const Re3dDocument& d : docs) {
    TextEntities t;
    t.id = d.folder + "/" + d.id;
    t.text = d.text;
    for (const Re3dEntity& e : Re3dNames(d, demonyms)) t.entities.emplace_back(e.begin, e.end, e.type);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace dyad::train

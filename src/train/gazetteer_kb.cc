// Gazetteer for the NER, compiled from the knowledge base's reviewed TSV files.
#include <filesystem>

#include "base/file.h"
#include "base/strings.h"
#include "train/trainers.h"

namespace dyad::train {
namespace {

// Adds the '|'-separated values of the named columns of a TSV file with a header row.
Status AddColumns(const std::string& path, const std::vector<std::pair<std::string, std::string>>& cols,
                  nlp::Gazetteer* g) {
  if (!std::filesystem::exists(path)) return Status::Ok();
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::vector<std::string_view> header;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto fields = SplitChar(line, '\t');
    if (header.empty()) {
      header = fields;
      continue;
    }
    if (fields.size() > header.size()) {
      return InvalidArgument(path + ":" + std::to_string(line_no) + ": more fields than the header");
    }
    for (const auto& [col, type] : cols) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (header[i] != col) continue;
        for (std::string_view v : SplitChar(fields[i], '|')) {
          v = StripAscii(v);
          if (v.empty()) continue;
          g->Add(v, type);
          // GeoNames writes some regions formally ("State of Uttar Pradesh", "Île-de-France
          // Region"); news writes the bare name.
          if (col == "admin1") {
            for (std::string_view pre : {"State of ", "Province of ", "Region of "})
              if (v.substr(0, pre.size()) == pre) g->Add(v.substr(pre.size()), type);
            for (std::string_view suf : {" Region", " Province", " State"})
              if (v.size() > suf.size() && v.substr(v.size() - suf.size()) == suf)
                g->Add(v.substr(0, v.size() - suf.size()), type);
          }
        }
      }
    }
  }
  return Status::Ok();
}

// Adds every line of a plain list (one name per line, '#' comments) under `type`.
Status AddList(const std::string& path, const std::string& type, nlp::Gazetteer* g) {
  if (!std::filesystem::exists(path)) return Status::Ok();
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  for (std::string_view line : SplitChar(text, '\n')) {
    line = StripAscii(line);
    if (!line.empty() && line[0] != '#') g->Add(line, type);
  }
  return Status::Ok();
}

}  // namespace

Result<nlp::Gazetteer> GazetteerFromKb(const std::string& kb_dir) {
  nlp::Gazetteer g;
  const std::string d = kb_dir + "/";
  RETURN_IF_ERROR(AddColumns(d + "countries.tsv", {{"name", "LOC"}, {"names", "LOC"}}, &g));
  RETURN_IF_ERROR(AddColumns(d + "countries_cameo.tsv", {{"name", "LOC"}, {"names", "LOC"}}, &g));
  RETURN_IF_ERROR(AddColumns(d + "country_info.tsv",
                             {{"names", "LOC"}, {"capital", "LOC"}, {"adjectives", "NORP"},
                              {"plurals", "NORP"}},
                             &g));
  // admin1: the first-level regions the cities lie in (states, provinces: "Kerala", "Ontario").
  RETURN_IF_ERROR(
      AddColumns(d + "places.tsv", {{"name", "LOC"}, {"names", "LOC"}, {"admin1", "LOC"}}, &g));
  RETURN_IF_ERROR(AddColumns(d + "places_extra.tsv", {{"name", "LOC"}, {"names", "LOC"}}, &g));
  RETURN_IF_ERROR(AddColumns(d + "orgs.tsv", {{"names", "ORG"}}, &g));
  RETURN_IF_ERROR(AddColumns(d + "people.tsv", {{"names", "PER"}}, &g));
  // Given names: evidence that a capitalised word opens a person's name (its own type, so the
  // model learns how much "Jan" or "Frank" alone is worth).
  // Name lists written for the NER only (no codes or roles, so not actors of the KB): businesses,
  // institutions and places beyond the cities of places.tsv.
  RETURN_IF_ERROR(AddList(d + "names_business.txt", "ORG", &g));
  RETURN_IF_ERROR(AddList(d + "names_institutions.txt", "ORG", &g));
  RETURN_IF_ERROR(AddList(d + "names_places.txt", "LOC", &g));
  RETURN_IF_ERROR(AddList(d + "given_names.txt", std::string(nlp::kGivenNameType), &g));
  // Family names: their own type too ("says Tarlo" has no given name to go by).
  RETURN_IF_ERROR(AddList(d + "surnames.txt", "SURNAME", &g));
  return g;
}

}  // namespace dyad::train

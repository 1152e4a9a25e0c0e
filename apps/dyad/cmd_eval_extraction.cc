// dyad eval extraction: article-body extraction against the Zyte benchmark gold.
//
//   dyad eval extraction --pages DIR --gold FILE
//
// with DIR = ../shared/eval/extraction/html and FILE = ../shared/eval/extraction/ground-truth.json.
//
// Prints a table (dyad and, when the benchmark's output/ folder is beside the gold, the published
// extractors scored by the same code) and, as the last line, one JSON object with f1, precision,
// recall, accuracy, pages, pages_per_second and, with --dates, date_accuracy. Speed is measured
// in CPU time of the extraction alone (pages already in memory), so other processes on the
// machine do not distort it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "apps/dyad/commands.h"
#include "base/file.h"
#include "base/strings.h"
#include "dyad/document.h"
#include "ingest/charset.h"
#include "ingest/gzip_stream.h"
#include "ingest/html_eval_metric.h"
#include "ingest/html_extract.h"

namespace dyad::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ExtractionArgs {
  std::string pages = std::string(DYAD_SOURCE_DIR) + "/../shared/eval/extraction/html";
  std::string gold = std::string(DYAD_SOURCE_DIR) + "/../shared/eval/extraction/ground-truth.json";
  std::string dates;
  std::string subset = "all";
  std::string predictions_out;
  std::string compare_dir;
  int per_page = 0;
  int repeat = 1;
};

struct Page {
  std::string id, url, gold_text, html;
};

// Reads <id>.html.gz or <id>.html from the pages folder.
Result<std::string> LoadPage(const std::string& dir, const std::string& id) {
  std::string gz = dir + "/" + id + ".html.gz";
  std::error_code ec;
  if (fs::exists(gz, ec)) {
    ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(gz));
    Result<std::string> html = GunzipBuffer(bytes, size_t{256} << 20);
    if (!html.ok()) return html.status().WithContext(gz);
    return html;
  }
  return ReadFileToString(dir + "/" + id + ".html");
}

// Scores a published prediction file with the same metric (a check that the metric matches
// the published figures).
bool ScorePublished(const std::string& path, const std::vector<Page>& pages,
                     web::ExtractionScore* score) {
  std::ifstream in(path);
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  if (j.contains("output") && j["output"].is_object()) j = j["output"];
  for (const Page& p : pages) {
    std::string pred;
    auto it = j.find(p.id);
    if (it != j.end() && it->is_object()) {
      auto b = it->find("articleBody");
      if (b != it->end() && b->is_string()) pred = b->get<std::string>();
    }
    score->Add(p.gold_text, pred);
  }
  return true;
}

void RunExtractionEval(const ExtractionArgs& a) {
  std::ifstream gin(a.gold);
  if (!gin) {
    std::cerr << "dyad eval extraction: cannot open gold file " << a.gold << "\n";
    ExitCode() = kExitFatal;
    return;
  }
  json gold = json::parse(gin, nullptr, false);
  if (gold.is_discarded() || !gold.is_object()) {
    std::cerr << "dyad eval extraction: " << a.gold << ": not a JSON object\n";
    ExitCode() = kExitFatal;
    return;
  }
  std::vector<std::string> ids;
  for (auto it = gold.begin(); it != gold.end(); ++it) ids.push_back(it.key());
  std::sort(ids.begin(), ids.end());

  std::vector<Page> pages;
  int failed = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (a.subset == "even" && i % 2 != 0) continue;
    if (a.subset == "odd" && i % 2 != 1) continue;
    const json& g = gold[ids[i]];
    Page p;
    p.id = ids[i];
    if (g.contains("articleBody") && g["articleBody"].is_string())
      p.gold_text = g["articleBody"].get<std::string>();
    if (g.contains("url") && g["url"].is_string()) p.url = g["url"].get<std::string>();
    Result<std::string> html = LoadPage(a.pages, p.id);
    if (!html.ok()) {
      std::cerr << "dyad eval extraction: page " << p.id << ": " << html.status().ToString()
                << "\n";
      ++failed;
      continue;
    }
    p.html = std::move(*html);
    pages.push_back(std::move(p));
  }
  if (pages.empty()) {
    std::cerr << "dyad eval extraction: no pages found in " << a.pages << "\n";
    ExitCode() = kExitFatal;
    return;
  }

  // Date gold: id TAB yyyy-mm-dd (lines starting with '#' are comments).
  std::map<std::string, Date> date_gold;
  if (!a.dates.empty()) {
    std::ifstream din(a.dates);
    if (!din) {
      std::cerr << "dyad eval extraction: cannot open " << a.dates << "\n";
      ExitCode() = kExitFatal;
      return;
    }
    std::string line;
    int lineno = 0;
    while (std::getline(din, line)) {
      ++lineno;
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string_view> f = SplitChar(line, '\t');
      if (f.size() < 2) {
        std::cerr << a.dates << ":" << lineno << ": expected id<TAB>date\n";
        continue;
      }
      Result<Date> d = ParseDate(f[1]);
      if (!d.ok()) {
        std::cerr << a.dates << ":" << lineno << ": " << d.status().message() << "\n";
        continue;
      }
      date_gold[std::string(f[0])] = *d;
    }
  }

  web::ExtractionScore score;
  std::vector<std::pair<double, std::string>> worst;
  json predictions = json::object();
  int dates_total = 0, dates_right = 0, dates_missing = 0;
  std::vector<std::string> date_errors;
  double seconds = 0;
  size_t html_bytes = 0;
  for (int rep = 0; rep < std::max(1, a.repeat); ++rep) {
    for (const Page& p : pages) {
      std::clock_t t0 = std::clock();
      web::CharsetGuess cs = web::DetectHtmlCharset(p.html, "");
      std::string_view body = std::string_view(p.html).substr(cs.bom_bytes);
      Result<std::string> utf8 = web::ConvertToUtf8(body, cs.name, nullptr);
      std::string text;
      Date published;
      if (utf8.ok()) {
        Result<web::ExtractedArticle> art = web::ExtractArticle(*utf8, p.url);
        if (art.ok()) {
          text = art->Text();
          published = art->meta.published;
        }
      }
      seconds += static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
      if (rep > 0) continue;
      html_bytes += p.html.size();
      web::PageScore ps = score.Add(p.gold_text, text);
      double f = ps.precision + ps.recall > 0
                     ? 2 * ps.precision * ps.recall / (ps.precision + ps.recall)
                     : 0;
      worst.emplace_back(f, p.id);
      if (!a.predictions_out.empty()) predictions[p.id] = {{"articleBody", text}};
      auto dg = date_gold.find(p.id);
      if (dg != date_gold.end()) {
        ++dates_total;
        if (published == dg->second) {
          ++dates_right;
        } else {
          if (!published.known()) ++dates_missing;
          date_errors.push_back(p.id.substr(0, 12) + " gold " + dg->second.ToString() + " got " +
                                (published.known() ? published.ToString() : "unknown"));
        }
      }
    }
  }
  double pages_per_second = seconds > 0 ? pages.size() * std::max(1, a.repeat) / seconds : 0;

  if (!a.predictions_out.empty()) {
    std::ofstream out(a.predictions_out);
    out << predictions.dump(1) << "\n";
  }

  std::printf("Article extraction on %zu pages (%s, subset %s)\n\n", pages.size(),
              a.pages.c_str(), a.subset.c_str());
  std::printf("%-22s %9s %9s %9s %9s\n", "system", "F1", "precision", "recall", "accuracy");
  std::printf("%-22s %9.3f %9.3f %9.3f %9.3f\n", "dyad", score.f1(), score.precision(),
              score.recall(), score.accuracy());
  std::string compare = a.compare_dir;
  if (compare.empty()) compare = (fs::path(a.gold).parent_path() / "output").string();
  std::error_code ec;
  if (fs::is_directory(compare, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(compare, ec)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::pair<double, std::string>> rows;
    std::map<std::string, web::ExtractionScore> scores;
    for (const fs::path& f : files) {
      web::ExtractionScore s;
      if (ScorePublished(f.string(), pages, &s)) scores[f.stem().string()] = s;
    }
    for (const auto& [name, s] : scores) rows.emplace_back(s.f1(), name);
    std::sort(rows.rbegin(), rows.rend());
    for (const auto& [f1, name] : rows) {
      const web::ExtractionScore& s = scores[name];
      std::printf("%-22s %9.3f %9.3f %9.3f %9.3f\n", ("  " + name).c_str(), s.f1(),
                  s.precision(), s.recall(), s.accuracy());
    }
    std::printf("(published extractors' outputs from %s, scored by the same code)\n",
                compare.c_str());
  }
  std::printf("\nspeed: %.1f pages/s, %.1f MB/s (charset + parse + extraction, %d pass(es), "
              "one thread, CPU time)\n",
              pages_per_second, html_bytes * std::max(1, a.repeat) / 1e6 / seconds,
              std::max(1, a.repeat));
  if (dates_total > 0) {
    std::printf("publication date: %d / %d right (%.3f), %d not found\n", dates_right,
                dates_total, static_cast<double>(dates_right) / dates_total, dates_missing);
    for (const std::string& e : date_errors) std::printf("  date miss: %s\n", e.c_str());
  }
  if (a.per_page > 0) {
    std::sort(worst.begin(), worst.end());
    std::printf("\nworst pages (F1, id):\n");
    for (int k = 0; k < a.per_page && k < static_cast<int>(worst.size()); ++k)
      std::printf("  %.3f %s\n", worst[k].first, worst[k].second.c_str());
  }
  if (failed > 0) std::printf("%d page(s) could not be read (see messages above)\n", failed);

  json j;
  j["f1"] = score.f1();
  j["precision"] = score.precision();
  j["recall"] = score.recall();
  j["accuracy"] = score.accuracy();
  j["pages"] = pages.size();
  j["pages_per_second"] = pages_per_second;
  j["subset"] = a.subset;
  if (dates_total > 0) {
    j["date_accuracy"] = static_cast<double>(dates_right) / dates_total;
    j["dates_evaluated"] = dates_total;
  }
  std::cout << j.dump() << std::endl;
  ExitCode() = failed > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace

void RegisterExtractionEval(CLI::App& eval) {
  auto args = std::make_shared<ExtractionArgs>();
  CLI::App* cmd = eval.add_subcommand(
      "extraction", "Article-body extraction F1 on the article-extraction benchmark");
  cmd->add_option("--pages", args->pages, "Folder of <id>.html.gz (or .html) pages")
      ->capture_default_str();
  cmd->add_option("--gold", args->gold, "ground-truth.json: {id: {articleBody, url}}")
      ->capture_default_str();
  cmd->add_option("--dates", args->dates,
                  "TSV of id<TAB>publication date to score date extraction");
  cmd->add_option("--subset", args->subset, "all, even or odd (pages in sorted-id order)")
      ->check(CLI::IsMember({"all", "even", "odd"}))
      ->capture_default_str();
  cmd->add_option("--predictions", args->predictions_out,
                  "Write dyad's output as {id: {articleBody}} JSON");
  cmd->add_option("--compare", args->compare_dir,
                  "Folder of published outputs to score alongside (default: output/ beside "
                  "the gold)");
  cmd->add_option("--worst", args->per_page, "List the N pages with the lowest F1");
  cmd->add_option("--repeat", args->repeat, "Extraction passes for timing")->capture_default_str();
  cmd->callback([args]() { RunExtractionEval(*args); });
}

}  // namespace dyad::cli

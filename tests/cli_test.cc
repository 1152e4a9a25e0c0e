// Runs the dyad binary as a user would and checks what it stores and says.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Out {
  int code;
  std::string out;
};

// Runs a shell command; returns its exit code and standard output.
Out Shell(const std::string& cmd) {
  Out r{0, ""};
  FILE* p = popen((cmd + " 2>/dev/null").c_str(), "r");
  if (!p) return {-1, ""};
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::vector<json> Lines(const std::string& s) {
  std::vector<json> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("dyad_cli_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Dyad(const std::string& args) { return std::string(DYAD_BINARY) + " " + args; }
  fs::path dir_;
  std::string db_;
};

TEST_F(CliTest, SeedsAreStoredWithDateAndExcludedText) {
  std::string seeds = std::string(DYAD_SHARED_DIR) + "/seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "no " << seeds;
  Out run = Shell(Dyad("run --text-only --db " + db_ + " " + seeds));
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("read 4   new 4"), std::string::npos) << run.out;

  std::vector<json> docs = Lines(Shell(Dyad("export --db " + db_ + " --what documents")).out);
  ASSERT_EQ(docs.size(), 4u);
  int dated = 0;
  for (const json& d : docs) {
    std::string origin = d["origin"];
    if (origin.find("000_") != std::string::npos) {
      EXPECT_EQ(d["published"], "2025-03-02");
      ++dated;
      EXPECT_EQ(std::string(d["text"]).rfind("Kremlin spokesman Dmitry Peskov", 0), 0u);
    } else {
      EXPECT_TRUE(d["published"].is_null()) << origin;  // never invented
    }
    if (origin.find("003_") != std::string::npos) {
      EXPECT_EQ(d["dateline"], "MOSCOW");
    }
  }
  EXPECT_EQ(dated, 1);

  std::vector<json> excluded = Lines(Shell(Dyad("export --db " + db_ + " --what excluded")).out);
  bool read_more = false, site = false;
  for (const json& e : excluded) {
    std::string text = e["text"];
    if (e["reason"] == "read-more-link" && text.rfind("Read More :", 0) == 0) read_more = true;
    if (e["reason"] == "site-prefix" && text.rfind("seniorspectrumnewspaper", 0) == 0) site = true;
  }
  EXPECT_TRUE(read_more);
  EXPECT_TRUE(site);
  // Neither is in the analysed text.
  for (const json& d : docs) {
    EXPECT_EQ(std::string(d["text"]).find("Read More"), std::string::npos);
    EXPECT_EQ(std::string(d["text"]).find("seniorspectrumnewspaper"), std::string::npos);
  }

  // Running again changes nothing.
  Out again = Shell(Dyad("run --text-only --db " + db_ + " " + seeds));
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("new 0   updated 0   unchanged 4"), std::string::npos) << again.out;
}

TEST_F(CliTest, SentenceExportMapsBackToRawText) {
  std::string examples = std::string(DYAD_SOURCE_DIR) + "/examples/articles";
  Out run = Shell(Dyad("run --text-only --db " + db_ + " " + examples));
  ASSERT_EQ(run.code, 0) << run.out;
  std::vector<json> docs = Lines(Shell(Dyad("export --db " + db_ + " --what documents")).out);
  EXPECT_EQ(docs.size(), 9u);  // six text files and three JSONL lines
  std::vector<json> sents = Lines(Shell(Dyad("export --db " + db_ + " --what sentences")).out);
  ASSERT_GT(sents.size(), 30u);
  // Every sentence's raw span, read from the input file, is the sentence text (the examples need
  // no normalisation, so raw and clean bytes agree).
  std::map<std::string, std::string> raw_by_id;
  for (const json& d : docs) {
    std::string origin = d["origin"];
    if (origin.find(".jsonl") != std::string::npos) continue;
    std::ifstream f(origin, std::ios::binary);
    raw_by_id[d["id"]] = std::string(std::istreambuf_iterator<char>(f), {});
  }
  int checked = 0;
  for (const json& s : sents) {
    auto it = raw_by_id.find(s["doc_id"]);
    if (it == raw_by_id.end()) continue;
    size_t b = s["raw_start"], e = s["raw_end"];
    EXPECT_EQ(it->second.substr(b, e - b), std::string(s["text"]));
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST_F(CliTest, BadInputIsReportedAndExitCodeSaysSo) {
  fs::create_directories(dir_ / "in");
  std::ofstream(dir_ / "in" / "good.txt") << "Diplomats met in Vienna on Monday.\n";
  std::ofstream(dir_ / "in" / "empty.txt") << "";
  std::ofstream(dir_ / "in" / "latin1.txt") << "Caf\xE9 diplomacy.\n";
  std::ofstream(dir_ / "in" / "lines.jsonl") << "{\"text\": \"ok\"}\n{broken\n";
  std::ofstream(dir_ / "in" / "baddate.txt") << "date 2025-13-45\nText.\n";
  std::string summary = (dir_ / "summary.json").string();
  Out run = Shell(Dyad("run --text-only --db " + db_ + " --summary-json " + summary + " " +
                       (dir_ / "in").string() + " " + (dir_ / "missing.txt").string()));
  EXPECT_EQ(run.code, 1) << run.out;
  std::ifstream f(summary);
  json s = json::parse(f);
  EXPECT_EQ(s["new"], 2);
  EXPECT_EQ(s["failed"], 5);
  std::string failures = s["failures"].dump();
  for (const char* needle :
       {"empty.txt", "latin1.txt:1:4", "lines.jsonl:2", "baddate.txt:1", "missing.txt"}) {
    EXPECT_NE(failures.find(needle), std::string::npos) << needle << " in " << failures;
  }
  EXPECT_NE(run.out.find("failed inputs:"), std::string::npos);
}

TEST_F(CliTest, UsageAndFatalExitCodes) {
  EXPECT_EQ(Shell(Dyad("run")).code, 2);
  EXPECT_EQ(Shell(Dyad("no-such-command")).code, 2);
  EXPECT_EQ(Shell(Dyad("--help")).code, 0);
  std::ofstream(dir_ / "notadb.db") << "plain text, not a database at all, long enough to matter";
  EXPECT_EQ(Shell(Dyad("stats --db " + (dir_ / "notadb.db").string())).code, 3);
}

TEST_F(CliTest, StdinJsonlAndCsvExport) {
  Out run = Shell("printf '{\"id\":\"s1\",\"text\":\"Putin met Erdogan in Ankara.\"}\\n' | " +
                  Dyad("run --text-only --db " + db_ + " -"));
  ASSERT_EQ(run.code, 0) << run.out;
  Out csv = Shell(Dyad("export --db " + db_ + " --what tokens --format csv"));
  EXPECT_EQ(csv.out.rfind("doc_id,sentence,idx,start,end,form", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("s1,0,4,21,27,Ankara"), std::string::npos) << csv.out;
}

// Both NER models run in the pipeline; an unknown one is a usage error.
TEST_F(CliTest, NerModelChoice) {
  for (const char* ner : {"news", "web"}) {
    std::string db = (dir_ / (std::string(ner) + ".db")).string();
    Out run = Shell("printf '{\"id\":\"s1\",\"text\":\"Angela Merkel met Emmanuel Macron in "
                    "Berlin on Monday.\"}\\n' | " +
                    Dyad(std::string("run --ner ") + ner + " --db " + db + " -"));
    ASSERT_EQ(run.code, 0) << ner << ": " << run.out;
    Out csv = Shell(Dyad("export --db " + db + " --what mentions --format csv"));
    EXPECT_NE(csv.out.find("Angela Merkel"), std::string::npos) << ner << ": " << csv.out;
    EXPECT_NE(csv.out.find("Berlin"), std::string::npos) << ner << ": " << csv.out;
  }
  EXPECT_EQ(Shell(Dyad("run --ner legal --no-store -")).code, 2);
}

}  // namespace

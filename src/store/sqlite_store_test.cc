#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dyad/store.h"
#include "store/schema.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

Document MakeDoc(const std::string& text, const std::string& external_id = "") {
  RawDoc r;
  r.text = text;
  r.meta.external_id = external_id;
  r.meta.source = "Example Wire";
  r.meta.published = Date{2025, 3, 2};
  r.meta.origin = "test";
  Document d = MakeDocument(r);
  d.clean = d.raw;
  d.offsets.Add(0, static_cast<uint32_t>(d.clean.size()), 0, static_cast<uint32_t>(d.raw.size()));
  // One sentence, whitespace tokens.
  Sentence s;
  s.clean = {0, static_cast<uint32_t>(d.clean.size())};
  size_t i = 0;
  while (i < d.clean.size()) {
    while (i < d.clean.size() && d.clean[i] == ' ') ++i;
    size_t b = i;
    while (i < d.clean.size() && d.clean[i] != ' ') ++i;
    if (i > b) {
      Token t;
      t.clean = {static_cast<uint32_t>(b), static_cast<uint32_t>(i)};
      t.form = d.clean.substr(b, i - b);
      d.tokens.push_back(t);
    }
  }
  s.token_end = static_cast<uint32_t>(d.tokens.size());
  d.sentences.push_back(s);
  Mention m;
  m.clean = d.tokens[0].clean;
  m.token_end = 1;
  m.text = d.tokens[0].form;
  m.type = "PER";
  m.actor_id = "PER:test_" + m.text;
  m.country = "RUS";
  m.sector = "GOV";
  m.has_coordinates = true;
  m.latitude = 55.75;
  m.longitude = 37.62;
  d.mentions.push_back(m);
  d.excluded.push_back({{0, 0}, "header", "date 2025-03-02"});
  return d;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             (std::string("dyad_store_test_") +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    Remove();
  }
  void TearDown() override { Remove(); }
  void Remove() {
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path_ + ext);
  }
  std::unique_ptr<Store> Open() {
    Result<std::unique_ptr<Store>> s = OpenStore(path_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  std::vector<Document> All(Store& s, uint32_t layers = kLayerAll) {
    std::vector<Document> out;
    EXPECT_TRUE(s.ScanDocuments({.layers = layers, .id = {}}, [&](const Document& d) {
                   out.push_back(d);
                   return true;
                 }).ok());
    return out;
  }
  std::string path_;
};

TEST_F(StoreTest, RoundTripsEveryLayer) {
  auto store = Open();
  Document d = MakeDoc("Putin met Trump in Moscow");
  auto r = store->PutBatch(std::vector<Document>{d});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0], WriteOutcome::kNew);
  auto docs = All(*store);
  ASSERT_EQ(docs.size(), 1u);
  const Document& g = docs[0];
  EXPECT_EQ(g.id, d.id);
  EXPECT_EQ(g.content_hash, d.content_hash);
  EXPECT_EQ(g.meta.published, d.meta.published);
  EXPECT_EQ(g.meta.source, "Example Wire");
  EXPECT_EQ(g.clean, d.clean);
  EXPECT_EQ(g.tokens.size(), 5u);
  EXPECT_EQ(g.tokens[4].form, "Moscow");
  EXPECT_EQ(g.sentences.size(), 1u);
  ASSERT_EQ(g.mentions.size(), 1u);
  EXPECT_EQ(g.mentions[0].country, "RUS");
  EXPECT_TRUE(g.mentions[0].has_coordinates);
  EXPECT_DOUBLE_EQ(g.mentions[0].latitude, 55.75);
  EXPECT_EQ(g.excluded.size(), 1u);
  EXPECT_EQ(g.offsets.ToRaw(3u), 3u);
  int actors = 0;
  ASSERT_TRUE(store->ScanActors([&](const ActorRecord& a) {
                       ++actors;
                       EXPECT_EQ(a.id, "PER:test_Putin");
                       EXPECT_EQ(a.country, "RUS");
                       return true;
                     }).ok());
  EXPECT_EQ(actors, 1);
}

TEST_F(StoreTest, ReingestIsNoOpAndChangedContentUnderSameIdUpdates) {
  auto store = Open();
  Document a = MakeDoc("Putin met Trump", "wire-1");
  ASSERT_TRUE(store->PutBatch(std::vector<Document>{a}).ok());
  auto again = store->PutBatch(std::vector<Document>{a});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0], WriteOutcome::kUnchanged);
  EXPECT_TRUE(*store->Contains(a.id, a.content_hash));
  Document b = MakeDoc("Lavrov met Rubio in Riyadh", "wire-1");
  auto upd = store->PutBatch(std::vector<Document>{b});
  ASSERT_TRUE(upd.ok());
  EXPECT_EQ((*upd)[0], WriteOutcome::kUpdated);
  auto docs = All(*store);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].clean, "Lavrov met Rubio in Riyadh");
  EXPECT_EQ(docs[0].tokens.size(), 5u);  // old tokens replaced, not added to
  EXPECT_EQ(docs[0].mentions.size(), 1u);
  auto st = store->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->documents, 1);
  EXPECT_EQ(st->tokens, 5);
}

TEST_F(StoreTest, DuplicateInOneBatchIsUnchanged) {
  auto store = Open();
  Document a = MakeDoc("Same words twice");
  auto r = store->PutBatch(std::vector<Document>{a, a});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0], WriteOutcome::kNew);
  EXPECT_EQ((*r)[1], WriteOutcome::kUnchanged);
}

TEST_F(StoreTest, FailedBatchWritesNothing) {
  auto store = Open();
  Document a = MakeDoc("First document here");
  Document bad = MakeDoc("Second document here");
  bad.mentions.push_back(bad.mentions[0]);  // same primary key twice is impossible...
  bad.excluded.push_back(bad.excluded[0]);
  // ...so force a constraint failure: two tokens rows with the same (doc_id, idx) via a second
  // sentence covering the same tokens.
  bad.sentences.push_back(bad.sentences[0]);
  auto r = store->PutBatch(std::vector<Document>{a, bad});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(bad.id), std::string::npos);
  EXPECT_TRUE(All(*store).empty());
  // The store is still usable afterwards.
  ASSERT_TRUE(store->PutBatch(std::vector<Document>{a}).ok());
  EXPECT_EQ(All(*store).size(), 1u);
}

TEST_F(StoreTest, MigratesVersionOneDatabase) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(sqlite::Migrate(db, 1).ok());
    ASSERT_TRUE(sqlite::Exec(db,
                             "INSERT INTO documents (id, content_hash, raw, clean, ingested_at, "
                             "updated_at) VALUES ('old', 'h', 'Old text', 'Old text', 'x', 'x')")
                    .ok());
    EXPECT_EQ(*sqlite::GetUserVersion(db), 1);
    sqlite3_close(db);
  }
  auto store = Open();
  auto st = store->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->schema_version, CurrentSchemaVersion());
  EXPECT_EQ(st->documents, 1);
  // The table added by migration 2 exists.
  store.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  EXPECT_TRUE(sqlite::Exec(db, "SELECT count(*) FROM runs").ok());
  sqlite3_close(db);
}

TEST_F(StoreTest, RefusesNewerSchemaAndNonDatabaseFiles) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(sqlite::Exec(db, "PRAGMA user_version = 99").ok());
    sqlite3_close(db);
  }
  auto s = OpenStore(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("newer"), std::string::npos);
  Remove();
  std::ofstream(path_) << "this is not a database, just some text that is long enough to matter";
  auto t = OpenStore(path_);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(path_), std::string::npos) << t.status().ToString();
}

TEST_F(StoreTest, TruncatedDatabaseIsAnErrorNotACrash) {
  {
    auto store = Open();
    std::vector<Document> docs;
    for (int i = 0; i < 50; ++i) docs.push_back(MakeDoc("Document number " + std::to_string(i)));
    ASSERT_TRUE(store->PutBatch(docs).ok());
  }
  // Checkpoint happened at close; cut the file in half.
  auto size = fs::file_size(path_);
  fs::resize_file(path_, size / 2);
  for (const char* ext : {"-wal", "-shm"}) fs::remove(path_ + ext);
  auto s = OpenStore(path_);
  if (s.ok()) {
    Status scan = (*s)->ScanDocuments({.layers = kLayerAll, .id = {}}, [](const Document&) { return true; });
    EXPECT_FALSE(scan.ok());
  }
}

}  // namespace
}  // namespace dyad

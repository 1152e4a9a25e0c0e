#include "store/schema.h"

#include <vector>

namespace dyad::sqlite {
namespace {

// Migration N takes the database from version N-1 to N. Never edit a released migration: add one.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: documents and every annotation layer.
      R"sql(
CREATE TABLE documents (
  key INTEGER PRIMARY KEY,             -- internal row key; layer tables refer to it
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  external_id TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  published TEXT,                      -- YYYY-MM-DD, NULL when unknown
  dateline TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL,
  clean TEXT NOT NULL,
  offset_map BLOB,
  ingested_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_url ON documents(url) WHERE url <> '';

CREATE TABLE excluded_spans (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL,
  raw_begin INTEGER NOT NULL, raw_end INTEGER NOT NULL,
  reason TEXT NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE sentences (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL,
  begin INTEGER NOT NULL, end INTEGER NOT NULL,
  token_begin INTEGER NOT NULL, token_end INTEGER NOT NULL,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE tokens (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
  begin INTEGER NOT NULL, end INTEGER NOT NULL,
  form TEXT NOT NULL, space_after INTEGER NOT NULL,
  upos TEXT, xpos TEXT, lemma TEXT, feats TEXT,
  head INTEGER, deprel TEXT, ner TEXT,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
  begin INTEGER NOT NULL, end INTEGER NOT NULL,
  token_begin INTEGER NOT NULL, token_end INTEGER NOT NULL,
  text TEXT NOT NULL, type TEXT NOT NULL,
  actor_id TEXT, name TEXT, country TEXT, sector TEXT, role TEXT,
  latitude REAL, longitude REAL,
  antecedent INTEGER, rule TEXT, confidence REAL,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL, type TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '', sector TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '', evidence TEXT NOT NULL DEFAULT ''
);

CREATE TABLE events (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
  begin INTEGER NOT NULL, end INTEGER NOT NULL,
  source_mention INTEGER, target_mention INTEGER,
  source_code TEXT, target_code TEXT,
  cameo TEXT NOT NULL, plover TEXT, plover_mode TEXT, goldstein REAL,
  negated INTEGER NOT NULL DEFAULT 0, modality TEXT,
  location TEXT, event_date TEXT, rule TEXT,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX events_cameo ON events(cameo);

CREATE TABLE quotes (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL,
  begin INTEGER NOT NULL, end INTEGER NOT NULL,
  cue_begin INTEGER, cue_end INTEGER,
  speaker_mention INTEGER, speaker TEXT, direct INTEGER NOT NULL,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE tone (
  doc INTEGER PRIMARY KEY,
  score REAL, positive REAL, negative REAL, polarity REAL, word_count INTEGER
);

CREATE TABLE diagnostics (
  doc INTEGER NOT NULL, idx INTEGER NOT NULL, stage TEXT NOT NULL, message TEXT NOT NULL,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
)sql",
      // 2: a record of each run (what was read, when, with which dyad).
      R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  dyad_version TEXT NOT NULL,
  inputs TEXT NOT NULL,
  documents_read INTEGER, new_documents INTEGER, updated INTEGER, unchanged INTEGER,
  failed INTEGER
);
)sql",
  };
  return kMigrations;
}

}  // namespace

Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return IoError("sqlite: " + msg);
  }
  return Status::Ok();
}

Result<int> GetUserVersion(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) != SQLITE_OK) {
    return IoError(std::string("sqlite: ") + sqlite3_errmsg(db));
  }
  int v = 0;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

Status Migrate(sqlite3* db, int target) {
  ASSIGN_OR_RETURN(int version, GetUserVersion(db));
  if (version > kSchemaVersion) {
    return InvalidArgument("database schema version " + std::to_string(version) +
                           " is newer than this dyad understands (" +
                           std::to_string(kSchemaVersion) + "); upgrade dyad");
  }
  const auto& migrations = Migrations();
  for (int v = version + 1; v <= target && v <= static_cast<int>(migrations.size()); ++v) {
    RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    Status st = Exec(db, migrations[v - 1]);
    if (st.ok()) st = Exec(db, "PRAGMA user_version = " + std::to_string(v));
    if (!st.ok()) {
      Exec(db, "ROLLBACK");
      return st.WithContext("migration to schema version " + std::to_string(v));
    }
    RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  return Status::Ok();
}

}  // namespace dyad::sqlite

// The SQLite Store: one file, WAL mode, batched transactions. See dyad/store.h.
#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/strings.h"
#include "dyad/store.h"
#include "store/schema.h"

namespace dyad {
namespace {

// A prepared statement with bind/column helpers. Reset after each use.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(st_); }

  Status Prepare(sqlite3* db, const char* sql) {
    db_ = db;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st_, nullptr) != SQLITE_OK) {
      return IoError(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
    return Status::Ok();
  }
  Stmt& Bind(int i, std::string_view s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindOptText(int i, std::string_view s) {
    if (s.empty()) {
      sqlite3_bind_null(st_, i);
    } else {
      Bind(i, s);
    }
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  Stmt& BindBlob(int i, const void* p, size_t n) {
    sqlite3_bind_blob(st_, i, p, static_cast<int>(n), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  // Runs a statement that returns no rows.
  Status Run() {
    int rc = sqlite3_step(st_);
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      return IoError(std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    return Status::Ok();
  }
  // Steps; true while a row is available. Call Done() when finished.
  Result<bool> Step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return IoError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  void Done() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::string Text(int c) const {
    const unsigned char* p = sqlite3_column_text(st_, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(st_, c)))
             : std::string();
  }
  int64_t Int(int c) const { return sqlite3_column_int64(st_, c); }
  double Real(int c) const { return sqlite3_column_double(st_, c); }
  bool IsNull(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  std::string_view Blob(int c) const {
    const void* p = sqlite3_column_blob(st_, c);
    return p ? std::string_view(static_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(st_, c)))
             : std::string_view();
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
};


std::string EncodeOffsets(const OffsetMap& m) {
  std::string out;
  out.resize(m.segments().size() * 16);
  char* p = out.data();
  for (const OffsetMap::Segment& s : m.segments()) {
    uint32_t v[4] = {s.clean_begin, s.clean_len, s.raw_begin, s.raw_len};
    std::memcpy(p, v, 16);
    p += 16;
  }
  return out;
}

OffsetMap DecodeOffsets(std::string_view b) {
  OffsetMap m;
  for (size_t i = 0; i + 16 <= b.size(); i += 16) {
    uint32_t v[4];
    std::memcpy(v, b.data() + i, 16);
    m.Add(v[0], v[1], v[2], v[3]);
  }
  return m;
}

Date DateFromColumn(const std::string& s) {
  if (s.empty()) return Date{};
  Result<Date> d = ParseDate(s);
  return d.ok() ? *d : Date{};
}

class SqliteStore : public Store {
 public:
  ~SqliteStore() override {
    stmts_.clear();
    if (db_) sqlite3_close_v2(db_);
  }

  Status Open(const std::string& path, const StoreOptions& options) {
    path_ = path;
    int flags = options.read_only ? SQLITE_OPEN_READONLY
                                  : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;  // one thread per Store object (see store.h)
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      return IoError(path + ": cannot open database: " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_extended_result_codes(db_, 1);
    // A file that is not a database fails here with "file is not a database".
    Status st = sqlite::Exec(db_, "PRAGMA foreign_keys = ON");
    if (!options.read_only) {
      if (st.ok()) st = sqlite::Exec(db_, "PRAGMA journal_mode = WAL");
      if (st.ok()) st = sqlite::Exec(db_, "PRAGMA synchronous = NORMAL");
      if (st.ok()) st = sqlite::Migrate(db_);
    } else {
      Result<int> v = sqlite::GetUserVersion(db_);
      if (!v.ok()) {
        st = v.status();
      } else if (*v != sqlite::kSchemaVersion) {
        st = InvalidArgument("database schema version " + std::to_string(*v) + ", expected " +
                             std::to_string(sqlite::kSchemaVersion) +
                             (*v < sqlite::kSchemaVersion ? " (open it read-write once to migrate)"
                                                          : " (written by a newer dyad)"));
      }
    }
    if (!st.ok()) return st.WithContext(path);
    return Status::Ok();
  }

  Result<std::vector<WriteOutcome>> PutBatch(std::span<const Document> docs) override {
    RETURN_IF_ERROR(sqlite::Exec(db_, "BEGIN IMMEDIATE"));
    std::vector<WriteOutcome> outcomes;
    outcomes.reserve(docs.size());
    std::string now = UtcNowIso8601();
    for (const Document& d : docs) {
      Result<WriteOutcome> r = PutOne(d, now);
      if (!r.ok()) {
        sqlite::Exec(db_, "ROLLBACK");
        return r.status().WithContext("writing document " + d.id + " (" + d.meta.origin + ")");
      }
      outcomes.push_back(*r);
    }
    Status st = sqlite::Exec(db_, "COMMIT");
    if (!st.ok()) {
      sqlite::Exec(db_, "ROLLBACK");
      return st;
    }
    return outcomes;
  }

  Result<bool> Contains(const std::string& id, const std::string& content_hash) override {
    ASSIGN_OR_RETURN(Stmt * s, Get("SELECT content_hash FROM documents WHERE id = ?"));
    s->Bind(1, id);
    ASSIGN_OR_RETURN(bool row, s->Step());
    bool same = row && s->Text(0) == content_hash;
    s->Done();
    return same;
  }

  Status ScanDocuments(const ScanOptions& options,
                       const std::function<bool(const Document&)>& fn) override {
    const char* sql_all =
        "SELECT id, content_hash, external_id, source, url, title, author, language, published, "
        "dateline, origin, format, raw, clean, offset_map, key FROM documents ORDER BY id";
    const char* sql_one =
        "SELECT id, content_hash, external_id, source, url, title, author, language, published, "
        "dateline, origin, format, raw, clean, offset_map, key FROM documents WHERE id = ?";
    // The document cursor stays open while layers are read with other statements.
    Stmt docs;
    RETURN_IF_ERROR(docs.Prepare(db_, options.id.empty() ? sql_all : sql_one));
    if (!options.id.empty()) docs.Bind(1, options.id);
    while (true) {
      ASSIGN_OR_RETURN(bool row, docs.Step());
      if (!row) break;
      Document d;
      d.id = docs.Text(0);
      d.content_hash = docs.Text(1);
      d.meta.external_id = docs.Text(2);
      d.meta.source = docs.Text(3);
      d.meta.url = docs.Text(4);
      d.meta.title = docs.Text(5);
      d.meta.author = docs.Text(6);
      d.meta.language = docs.Text(7);
      d.meta.published = DateFromColumn(docs.Text(8));
      d.meta.dateline = docs.Text(9);
      d.meta.origin = docs.Text(10);
      d.meta.format = docs.Text(11);
      d.raw = docs.Text(12);
      d.clean = docs.Text(13);
      d.offsets = DecodeOffsets(docs.Blob(14));
      RETURN_IF_ERROR(LoadLayers(options.layers, docs.Int(15), d));
      if (!fn(d)) break;
    }
    docs.Done();
    return Status::Ok();
  }

  Status PutActors(std::span<const ActorRecord> actors) override {
    RETURN_IF_ERROR(sqlite::Exec(db_, "BEGIN IMMEDIATE"));
    for (const ActorRecord& a : actors) {
      Status st = UpsertActor(a, /*replace=*/true);
      if (!st.ok()) {
        sqlite::Exec(db_, "ROLLBACK");
        return st;
      }
    }
    return sqlite::Exec(db_, "COMMIT");
  }

  Status ScanActors(const std::function<bool(const ActorRecord&)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(
        db_, "SELECT id, name, type, country, sector, origin, evidence FROM actors ORDER BY id"));
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ActorRecord a{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
      if (!fn(a)) break;
    }
    s.Done();
    return Status::Ok();
  }

  Status RecordRun(const RunRecord& r) override {
    ASSIGN_OR_RETURN(Stmt * s, Get("INSERT INTO runs (started_at, finished_at, dyad_version, inputs, "
                                   "documents_read, new_documents, updated, unchanged, failed) "
                                   "VALUES (?,?,?,?,?,?,?,?,?)"));
    s->Bind(1, r.started_at).Bind(2, r.finished_at).Bind(3, std::string_view(DYAD_VERSION));
    s->Bind(4, r.inputs).Bind(5, r.documents_read).Bind(6, r.new_documents).Bind(7, r.updated);
    s->Bind(8, r.unchanged).Bind(9, r.failed);
    return s->Run();
  }

  Result<StoreStats> Stats() override {
    StoreStats st;
    st.path = path_;
    std::error_code ec;
    st.file_bytes = static_cast<int64_t>(std::filesystem::file_size(path_, ec));
    if (ec) st.file_bytes = 0;
    ASSIGN_OR_RETURN(st.schema_version, sqlite::GetUserVersion(db_));
    struct {
      const char* table;
      int64_t* out;
    } counts[] = {{"documents", &st.documents}, {"sentences", &st.sentences},
                  {"tokens", &st.tokens},       {"excluded_spans", &st.excluded},
                  {"mentions", &st.mentions},   {"actors", &st.actors},
                  {"events", &st.events},       {"quotes", &st.quotes}};
    for (auto& c : counts) {
      Stmt s;
      RETURN_IF_ERROR(s.Prepare(db_, (std::string("SELECT count(*) FROM ") + c.table).c_str()));
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) *c.out = s.Int(0);
      s.Done();
    }
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(db_,
                              "SELECT count(published), min(published), max(published) FROM "
                              "documents"));
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      st.dated_documents = s.Int(0);
      st.first_date = s.Text(1);
      st.last_date = s.Text(2);
    }
    s.Done();
    return st;
  }

 private:
  // Cached prepared statements, keyed by their SQL text's address (string literals).
  Result<Stmt*> Get(const char* sql) {
    for (auto& [key, stmt] : stmts_) {
      if (key == sql) return stmt.get();
    }
    auto stmt = std::make_unique<Stmt>();
    RETURN_IF_ERROR(stmt->Prepare(db_, sql));
    stmts_.emplace_back(sql, std::move(stmt));
    return stmts_.back().second.get();
  }

  Status DeleteLayers(int64_t key) {
    static const char* kDeletes[] = {
        "DELETE FROM excluded_spans WHERE doc = ?", "DELETE FROM sentences WHERE doc = ?",
        "DELETE FROM tokens WHERE doc = ?",         "DELETE FROM mentions WHERE doc = ?",
        "DELETE FROM events WHERE doc = ?",         "DELETE FROM quotes WHERE doc = ?",
        "DELETE FROM tone WHERE doc = ?",           "DELETE FROM diagnostics WHERE doc = ?"};
    for (const char* sql : kDeletes) {
      ASSIGN_OR_RETURN(Stmt * s, Get(sql));
      RETURN_IF_ERROR(s->Bind(1, key).Run());
    }
    return Status::Ok();
  }

  Status UpsertActor(const ActorRecord& a, bool replace) {
    const char* sql_replace =
        "INSERT INTO actors (id, name, type, country, sector, origin, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "type = excluded.type, country = excluded.country, sector = excluded.sector, "
        "origin = excluded.origin, evidence = excluded.evidence";
    const char* sql_keep =
        "INSERT INTO actors (id, name, type, country, sector, origin, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING";
    ASSIGN_OR_RETURN(Stmt * s, Get(replace ? sql_replace : sql_keep));
    return s->Bind(1, a.id)
        .Bind(2, a.name)
        .Bind(3, a.type)
        .Bind(4, a.country)
        .Bind(5, a.sector)
        .Bind(6, a.origin)
        .Bind(7, a.evidence)
        .Run();
  }

  Result<WriteOutcome> PutOne(const Document& d, const std::string& now) {
    ASSIGN_OR_RETURN(Stmt * find, Get("SELECT content_hash, key FROM documents WHERE id = ?"));
    find->Bind(1, d.id);
    ASSIGN_OR_RETURN(bool exists, find->Step());
    std::string old_hash = exists ? find->Text(0) : std::string();
    int64_t key = exists ? find->Int(1) : 0;
    find->Done();
    if (exists && old_hash == d.content_hash) return WriteOutcome::kUnchanged;

    std::string offsets = EncodeOffsets(d.offsets);
    std::string published = d.meta.published.ToString();
    if (exists) {
      RETURN_IF_ERROR(DeleteLayers(key));
      ASSIGN_OR_RETURN(
          Stmt * up,
          Get("UPDATE documents SET content_hash=?, external_id=?, source=?, url=?, title=?, "
              "author=?, language=?, published=?, dateline=?, origin=?, format=?, raw=?, clean=?, "
              "offset_map=?, updated_at=? WHERE id=?"));
      up->Bind(1, d.content_hash).Bind(2, d.meta.external_id).Bind(3, d.meta.source);
      up->Bind(4, d.meta.url).Bind(5, d.meta.title).Bind(6, d.meta.author);
      up->Bind(7, d.meta.language).BindOptText(8, published).Bind(9, d.meta.dateline);
      up->Bind(10, d.meta.origin).Bind(11, d.meta.format).Bind(12, d.raw).Bind(13, d.clean);
      up->BindBlob(14, offsets.data(), offsets.size()).Bind(15, now).Bind(16, d.id);
      RETURN_IF_ERROR(up->Run());
    } else {
      ASSIGN_OR_RETURN(
          Stmt * ins,
          Get("INSERT INTO documents (id, content_hash, external_id, source, url, title, author, "
              "language, published, dateline, origin, format, raw, clean, offset_map, "
              "ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      ins->Bind(1, d.id).Bind(2, d.content_hash).Bind(3, d.meta.external_id);
      ins->Bind(4, d.meta.source).Bind(5, d.meta.url).Bind(6, d.meta.title);
      ins->Bind(7, d.meta.author).Bind(8, d.meta.language).BindOptText(9, published);
      ins->Bind(10, d.meta.dateline).Bind(11, d.meta.origin).Bind(12, d.meta.format);
      ins->Bind(13, d.raw).Bind(14, d.clean).BindBlob(15, offsets.data(), offsets.size());
      ins->Bind(16, now).Bind(17, now);
      RETURN_IF_ERROR(ins->Run());
      key = sqlite3_last_insert_rowid(db_);
    }
    RETURN_IF_ERROR(PutLayers(d, key));
    return exists ? WriteOutcome::kUpdated : WriteOutcome::kNew;
  }

  Status PutLayers(const Document& d, int64_t key) {
    {
      ASSIGN_OR_RETURN(Stmt * s, Get("INSERT INTO excluded_spans VALUES (?,?,?,?,?,?)"));
      for (size_t i = 0; i < d.excluded.size(); ++i) {
        const ExcludedSpan& e = d.excluded[i];
        s->Bind(1, key).Bind(2, int64_t(i)).Bind(3, int64_t(e.raw.begin));
        s->Bind(4, int64_t(e.raw.end)).Bind(5, e.reason).Bind(6, e.text);
        RETURN_IF_ERROR(s->Run());
      }
    }
    {
      ASSIGN_OR_RETURN(Stmt * s, Get("INSERT INTO sentences VALUES (?,?,?,?,?,?)"));
      ASSIGN_OR_RETURN(Stmt * t,
                       Get("INSERT INTO tokens VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      for (size_t i = 0; i < d.sentences.size(); ++i) {
        const Sentence& sn = d.sentences[i];
        s->Bind(1, key).Bind(2, int64_t(i)).Bind(3, int64_t(sn.clean.begin));
        s->Bind(4, int64_t(sn.clean.end)).Bind(5, int64_t(sn.token_begin));
        s->Bind(6, int64_t(sn.token_end));
        RETURN_IF_ERROR(s->Run());
        for (uint32_t k = sn.token_begin; k < sn.token_end && k < d.tokens.size(); ++k) {
          const Token& tk = d.tokens[k];
          t->Bind(1, key).Bind(2, int64_t(k)).Bind(3, int64_t(i));
          t->Bind(4, int64_t(tk.clean.begin)).Bind(5, int64_t(tk.clean.end));
          t->Bind(6, tk.form).Bind(7, int64_t(tk.space_after ? 1 : 0));
          t->BindOptText(8, tk.upos).BindOptText(9, tk.xpos).BindOptText(10, tk.lemma);
          t->BindOptText(11, tk.feats);
          if (tk.head < 0) {  // root, or not parsed
            t->BindNull(12);
          } else {
            t->Bind(12, int64_t(tk.head));
          }
          t->BindOptText(13, tk.deprel).BindOptText(14, tk.ner);
          RETURN_IF_ERROR(t->Run());
        }
      }
    }
    {
      ASSIGN_OR_RETURN(
          Stmt * s, Get("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      for (size_t i = 0; i < d.mentions.size(); ++i) {
        const Mention& m = d.mentions[i];
        s->Bind(1, key).Bind(2, int64_t(i)).Bind(3, int64_t(m.sentence));
        s->Bind(4, int64_t(m.clean.begin)).Bind(5, int64_t(m.clean.end));
        s->Bind(6, int64_t(m.token_begin)).Bind(7, int64_t(m.token_end));
        s->Bind(8, m.text).Bind(9, m.type).BindOptText(10, m.actor_id);
        s->BindOptText(11, m.name).BindOptText(12, m.country).BindOptText(13, m.sector);
        s->BindOptText(14, m.role);
        if (m.has_coordinates) {
          s->Bind(15, m.latitude).Bind(16, m.longitude);
        } else {
          s->BindNull(15).BindNull(16);
        }
        if (m.antecedent >= 0) {
          s->Bind(17, int64_t(m.antecedent));
        } else {
          s->BindNull(17);
        }
        s->BindOptText(18, m.rule).Bind(19, double(m.confidence));
        RETURN_IF_ERROR(s->Run());
        if (!m.actor_id.empty() && m.antecedent < 0 && m.type != "PRON") {
          // The actors table learns every actor the text named, with its first evidence (a
          // pronoun or a back-reference adds nothing: its antecedent was named).
          ActorRecord a{m.actor_id, m.name.empty() ? m.text : m.name, m.type, m.country,
                        m.sector,   m.rule,
                        d.id + ":" + std::to_string(m.clean.begin) + ": " + m.text};
          RETURN_IF_ERROR(UpsertActor(a, /*replace=*/false));
        }
      }
    }
    {
      ASSIGN_OR_RETURN(
          Stmt * s, Get("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      for (size_t i = 0; i < d.events.size(); ++i) {
        const Event& e = d.events[i];
        s->Bind(1, key).Bind(2, int64_t(i)).Bind(3, int64_t(e.sentence));
        s->Bind(4, int64_t(e.clean.begin)).Bind(5, int64_t(e.clean.end));
        s->Bind(6, int64_t(e.source_mention)).Bind(7, int64_t(e.target_mention));
        s->BindOptText(8, e.source_code).BindOptText(9, e.target_code).Bind(10, e.cameo);
        s->BindOptText(11, e.plover).BindOptText(12, e.plover_mode).Bind(13, e.goldstein);
        s->Bind(14, int64_t(e.negated ? 1 : 0)).BindOptText(15, e.modality);
        s->BindOptText(16, e.location).BindOptText(17, e.date.ToString());
        s->BindOptText(18, e.rule);
        RETURN_IF_ERROR(s->Run());
      }
    }
    {
      ASSIGN_OR_RETURN(Stmt * s, Get("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?)"));
      for (size_t i = 0; i < d.quotes.size(); ++i) {
        const Quote& q = d.quotes[i];
        s->Bind(1, key).Bind(2, int64_t(i)).Bind(3, int64_t(q.clean.begin));
        s->Bind(4, int64_t(q.clean.end)).Bind(5, int64_t(q.cue.begin)).Bind(6, int64_t(q.cue.end));
        s->Bind(7, int64_t(q.speaker_mention)).BindOptText(8, q.speaker);
        s->Bind(9, int64_t(q.direct ? 1 : 0));
        RETURN_IF_ERROR(s->Run());
      }
    }
    if (d.tone) {
      ASSIGN_OR_RETURN(Stmt * s, Get("INSERT INTO tone VALUES (?,?,?,?,?,?)"));
      s->Bind(1, key).Bind(2, d.tone->score).Bind(3, d.tone->positive);
      s->Bind(4, d.tone->negative).Bind(5, d.tone->polarity).Bind(6, int64_t(d.tone->word_count));
      RETURN_IF_ERROR(s->Run());
    }
    {
      ASSIGN_OR_RETURN(Stmt * s, Get("INSERT INTO diagnostics VALUES (?,?,?,?)"));
      for (size_t i = 0; i < d.diagnostics.size(); ++i) {
        s->Bind(1, key).Bind(2, int64_t(i)).Bind(3, d.diagnostics[i].stage);
        s->Bind(4, d.diagnostics[i].message);
        RETURN_IF_ERROR(s->Run());
      }
    }
    return Status::Ok();
  }

  Status LoadLayers(uint32_t layers, int64_t key, Document& d) {
    if (layers & kLayerExcluded) {
      ASSIGN_OR_RETURN(Stmt * s, Get("SELECT raw_begin, raw_end, reason, text FROM excluded_spans "
                                     "WHERE doc = ? ORDER BY idx"));
      s->Bind(1, key);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        d.excluded.push_back({{uint32_t(s->Int(0)), uint32_t(s->Int(1))}, s->Text(2), s->Text(3)});
      }
      s->Done();
    }
    if (layers & (kLayerSentences | kLayerTokens | kLayerMentions | kLayerEvents)) {
      ASSIGN_OR_RETURN(Stmt * s, Get("SELECT begin, end, token_begin, token_end FROM sentences "
                                     "WHERE doc = ? ORDER BY idx"));
      s->Bind(1, key);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        Sentence sn;
        sn.clean = {uint32_t(s->Int(0)), uint32_t(s->Int(1))};
        sn.token_begin = uint32_t(s->Int(2));
        sn.token_end = uint32_t(s->Int(3));
        d.sentences.push_back(sn);
      }
      s->Done();
    }
    if (layers & (kLayerTokens | kLayerMentions | kLayerEvents)) {
      ASSIGN_OR_RETURN(Stmt * s,
                       Get("SELECT begin, end, form, space_after, upos, xpos, lemma, feats, head, "
                           "deprel, ner FROM tokens WHERE doc = ? ORDER BY idx"));
      s->Bind(1, key);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        Token t;
        t.clean = {uint32_t(s->Int(0)), uint32_t(s->Int(1))};
        t.form = s->Text(2);
        t.space_after = s->Int(3) != 0;
        t.upos = s->Text(4);
        t.xpos = s->Text(5);
        t.lemma = s->Text(6);
        t.feats = s->Text(7);
        t.head = s->IsNull(8) ? -1 : int32_t(s->Int(8));
        t.deprel = s->Text(9);
        t.ner = s->Text(10);
        d.tokens.push_back(std::move(t));
      }
      s->Done();
    }
    if (layers & (kLayerMentions | kLayerEvents | kLayerQuotes)) {
      ASSIGN_OR_RETURN(
          Stmt * s,
          Get("SELECT sentence, begin, end, token_begin, token_end, text, type, actor_id, name, "
              "country, sector, role, latitude, longitude, antecedent, rule, confidence "
              "FROM mentions WHERE doc = ? ORDER BY idx"));
      s->Bind(1, key);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        Mention m;
        m.sentence = uint32_t(s->Int(0));
        m.clean = {uint32_t(s->Int(1)), uint32_t(s->Int(2))};
        m.token_begin = uint32_t(s->Int(3));
        m.token_end = uint32_t(s->Int(4));
        m.text = s->Text(5);
        m.type = s->Text(6);
        m.actor_id = s->Text(7);
        m.name = s->Text(8);
        m.country = s->Text(9);
        m.sector = s->Text(10);
        m.role = s->Text(11);
        m.has_coordinates = !s->IsNull(12);
        m.latitude = s->Real(12);
        m.longitude = s->Real(13);
        m.antecedent = s->IsNull(14) ? -1 : int32_t(s->Int(14));
        m.rule = s->Text(15);
        m.confidence = float(s->Real(16));
        d.mentions.push_back(std::move(m));
      }
      s->Done();
    }
    if (layers & kLayerEvents) {
      ASSIGN_OR_RETURN(
          Stmt * s,
          Get("SELECT sentence, begin, end, source_mention, target_mention, source_code, "
              "target_code, cameo, plover, plover_mode, goldstein, negated, modality, location, "
              "event_date, rule FROM events WHERE doc = ? ORDER BY idx"));
      s->Bind(1, key);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        Event e;
        e.sentence = uint32_t(s->Int(0));
        e.clean = {uint32_t(s->Int(1)), uint32_t(s->Int(2))};
        e.source_mention = int32_t(s->Int(3));
        e.target_mention = int32_t(s->Int(4));
        e.source_code = s->Text(5);
        e.target_code = s->Text(6);
        e.cameo = s->Text(7);
        e.plover = s->Text(8);
        e.plover_mode = s->Text(9);
        e.goldstein = s->Real(10);
        e.negated = s->Int(11) != 0;
        e.modality = s->Text(12);
        e.location = s->Text(13);
        e.date = DateFromColumn(s->Text(14));
        e.rule = s->Text(15);
        d.events.push_back(std::move(e));
      }
      s->Done();
    }
    if (layers & kLayerQuotes) {
      ASSIGN_OR_RETURN(Stmt * s, Get("SELECT begin, end, cue_begin, cue_end, speaker_mention, "
                                     "speaker, direct FROM quotes WHERE doc = ? ORDER BY idx"));
      s->Bind(1, key);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        Quote q;
        q.clean = {uint32_t(s->Int(0)), uint32_t(s->Int(1))};
        q.cue = {uint32_t(s->Int(2)), uint32_t(s->Int(3))};
        q.speaker_mention = int32_t(s->Int(4));
        q.speaker = s->Text(5);
        q.direct = s->Int(6) != 0;
        d.quotes.push_back(std::move(q));
      }
      s->Done();
    }
    return Status::Ok();
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  std::vector<std::pair<const char*, std::unique_ptr<Stmt>>> stmts_;
};

}  // namespace

int CurrentSchemaVersion() { return sqlite::kSchemaVersion; }

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const StoreOptions& options) {
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0) {
    return Unimplemented("PostgreSQL stores are not available in this build; use a SQLite file");
  }
  auto store = std::make_unique<SqliteStore>();
  RETURN_IF_ERROR(store->Open(location, options));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace dyad

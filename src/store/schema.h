// The SQLite schema and its migrations. docs/formats/database.md documents every table.
//
// Each migration moves the database from version N-1 to N (PRAGMA user_version) and runs in the
// same transaction as the version bump, so a database is always at exactly one version.
#ifndef DYAD_STORE_SCHEMA_H_
#define DYAD_STORE_SCHEMA_H_

#include <sqlite3.h>

#include <string>

#include "dyad/status.h"

namespace dyad::sqlite {

constexpr int kSchemaVersion = 2;

// Runs `sql` (one or more statements); errors carry the SQLite message.
Status Exec(sqlite3* db, const std::string& sql);
Result<int> GetUserVersion(sqlite3* db);
// Migrates `db` to `target` (default: current). Fails with a clear message when the database was
// written by a newer dyad (version > kSchemaVersion).
Status Migrate(sqlite3* db, int target = kSchemaVersion);

}  // namespace dyad::sqlite

#endif  // DYAD_STORE_SCHEMA_H_

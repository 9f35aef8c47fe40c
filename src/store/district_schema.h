/* district_schema.h — schema version 11 (issue 18): the district above the townships. Included
 * by schema.c. Each part belongs to one piece of work; keep additions inside your own part.
 * Every statement must be harmless on a database already in this shape (IF NOT EXISTS).
 *
 * The same tables exist in every database (village, township, district); which ones hold rows
 * depends on the office's kind:
 *   station            at a district: its guidance stations (基层党建工作指导站).
 *   township           at a district: the townships registered (code, name, the fingerprint the
 *                      district was told; the office uuid and public key learnt from the first
 *                      bundle whose key has that fingerprint), each in at most one station.
 *   township_branch    at a district: which township sends (and reviews) each branch. A branch
 *                      belongs to exactly one township (branch_id UNIQUE). Not a column of
 *                      branch: branch rows travel in ledger bundles and a township's copy would
 *                      blank it. id and uuid like every journaled table (verify finds a row by
 *                      its uuid and builds its JSON by id).
 *   district_office    at a township: the district it reports to (one row), registered with its
 *                      fingerprint; district bundles are accepted only from its key.
 *   district_verdict   复审: the district's verdict per branch, month and item, beside the
 *                      township's audit_verdict (never overwriting it), with the township's
 *                      verdict as it stood when the district judged, a comment, and sent_back =
 *                      1 when the comment is a finding sent back to the township. Written at a
 *                      district; travels to the township in a district bundle.
 *   spot_check         督查: an unannounced check of a branch by a guidance station (station name
 *                      kept as text: the row travels to townships that have no station table
 *                      rows), what was inspected, the result and findings. Written at a
 *                      district; travels down with the district bundle; void with a reason.
 * All of them are journaled (history) by the store functions that write them. */
#ifndef ZHIBU_DISTRICT_SCHEMA_H
#define ZHIBU_DISTRICT_SCHEMA_H

#define SCHEMA_V11_DISTRICT                                                                   \
    "CREATE TABLE IF NOT EXISTS station ("                                                     \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  name TEXT NOT NULL UNIQUE,"                                                             \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE TABLE IF NOT EXISTS township ("                                                    \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  code TEXT NOT NULL UNIQUE,"                                                             \
    "  name TEXT NOT NULL,"                                                                    \
    "  fingerprint TEXT NOT NULL,"                                                             \
    "  office_uuid TEXT NOT NULL DEFAULT '',"                                                  \
    "  public_key TEXT NOT NULL DEFAULT '',"                                                   \
    "  station_id INTEGER REFERENCES station(id),"                                             \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS township_station ON township(station_id);"                     \
    "CREATE TABLE IF NOT EXISTS township_branch ("                                             \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  branch_id INTEGER NOT NULL UNIQUE REFERENCES branch(id),"                               \
    "  township_id INTEGER NOT NULL REFERENCES township(id),"                                  \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS township_branch_township ON township_branch(township_id,"      \
    "  branch_id);"                                                                            \
    "CREATE TABLE IF NOT EXISTS district_office ("                                             \
    "  id INTEGER PRIMARY KEY CONSTRAINT district_office_one CHECK (id = 1),"                  \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  name TEXT NOT NULL,"                                                                    \
    "  fingerprint TEXT NOT NULL,"                                                             \
    "  office_uuid TEXT NOT NULL DEFAULT '',"                                                  \
    "  public_key TEXT NOT NULL DEFAULT '',"                                                   \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE TABLE IF NOT EXISTS district_verdict ("                                            \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"                                      \
    "  month TEXT NOT NULL,"                                                                   \
    "  item TEXT NOT NULL CONSTRAINT district_verdict_item CHECK (item IN ('meetings',"        \
    "    'theme_day','records','members','dues','posts','overall')),"                          \
    "  verdict TEXT NOT NULL CONSTRAINT district_verdict_verdict CHECK (verdict IN"            \
    "    ('pass','rectify','fail')),"                                                          \
    "  township_verdict TEXT NOT NULL DEFAULT '',"                                             \
    "  comment TEXT NOT NULL DEFAULT '',"                                                      \
    "  sent_back INTEGER NOT NULL DEFAULT 0 CONSTRAINT district_verdict_sent CHECK"            \
    "    (sent_back IN (0, 1)),"                                                               \
    "  reviewer TEXT NOT NULL DEFAULT '',"                                                     \
    "  engine_json TEXT NOT NULL DEFAULT '{}' CONSTRAINT district_verdict_engine CHECK"        \
    "    (json_valid(engine_json)),"                                                           \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL,"                                                              \
    "  UNIQUE (branch_id, month, item)"                                                        \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS district_verdict_month ON district_verdict(month, branch_id);" \
    "CREATE TABLE IF NOT EXISTS spot_check ("                                                  \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"                                      \
    "  station TEXT NOT NULL DEFAULT '',"                                                      \
    "  date TEXT NOT NULL,"                                                                    \
    "  inspectors TEXT NOT NULL,"                                                              \
    "  inspected TEXT NOT NULL,"                                                               \
    "  result TEXT NOT NULL CONSTRAINT spot_check_result CHECK (result IN"                     \
    "    ('consistent','issues')),"                                                            \
    "  findings TEXT NOT NULL DEFAULT '',"                                                     \
    "  voided_at TEXT,"                                                                        \
    "  void_reason TEXT,"                                                                      \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS spot_check_branch ON spot_check(branch_id, date);"

/* ---- part roles (store helper) ----
 * app_user.role gains 'inspector' (指导站督查员) and app_user.station_id (their station).
 * SQLite cannot change a CHECK: app_user is rebuilt (every row kept with its id and uuid; it has
 * no index or trigger of its own beyond its UNIQUE columns, and no table refers to it). The
 * rebuild runs only on a table that has no station_id yet (migrate.c migrate_v11_roles: the
 * statement below cannot tell by itself), so the step is harmless when run again. */
#define SCHEMA_V11_ROLES "SELECT 11;"
#define SCHEMA_V11_ROLES_REBUILD                                                              \
    "CREATE TABLE app_user_v11 ("                                                              \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  login TEXT NOT NULL UNIQUE,"                                                            \
    "  display_name TEXT NOT NULL DEFAULT '',"                                                 \
    "  role TEXT NOT NULL CONSTRAINT user_role CHECK (role IN ('secretary','reviewer','admin',"\
    "    'inspector')),"                                                                       \
    "  branch_id INTEGER REFERENCES branch(id),"                                               \
    "  pw_hash TEXT NOT NULL DEFAULT '',"                                                      \
    "  disabled INTEGER NOT NULL DEFAULT 0,"                                                   \
    "  failed_logins INTEGER NOT NULL DEFAULT 0,"                                              \
    "  locked_until TEXT,"                                                                     \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL,"                                                              \
    "  last_login_at TEXT NOT NULL DEFAULT '',"                                                \
    "  station_id INTEGER REFERENCES station(id)"                                              \
    ");"                                                                                       \
    "INSERT INTO app_user_v11(id, uuid, login, display_name, role, branch_id, pw_hash,"        \
    "  disabled, failed_logins, locked_until, created_at, created_by, updated_at,"             \
    "  last_login_at, station_id)"                                                             \
    " SELECT id, uuid, login, display_name, role, branch_id, pw_hash, disabled,"               \
    "  failed_logins, locked_until, created_at, created_by, updated_at, last_login_at, NULL"   \
    " FROM app_user ORDER BY id;"                                                              \
    "DROP TABLE app_user;"                                                                     \
    "ALTER TABLE app_user_v11 RENAME TO app_user;"

/* ---- part bundle (bundle helper) ----
 * bundle_log records the district's bundles too (store_exchange.h): kind 'month' (a township's
 * month bundle at the district; branch_id NULL — its parts are logged as the ledger and
 * verdicts bundles they are, each with its branch) and 'district' (the district's bundle at a
 * township; branch_id NULL). The table is rebuilt with the wider CHECK and a nullable branch_id,
 * its rows kept (ids included); run again it rebuilds the same table with the same rows. */
#define SCHEMA_V11_BUNDLE                                                                     \
    "CREATE TABLE bundle_log_v11 ("                                                            \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  kind TEXT NOT NULL CONSTRAINT bundle_kind CHECK (kind IN ('ledger','verdicts','month',"  \
    "    'district')),"                                                                        \
    "  branch_id INTEGER REFERENCES branch(id),"                                               \
    "  origin_office TEXT NOT NULL,"                                                           \
    "  exported_at TEXT NOT NULL,"                                                             \
    "  exported_by TEXT NOT NULL,"                                                             \
    "  journal_head TEXT NOT NULL DEFAULT '',"                                                 \
    "  payload_sha256 TEXT NOT NULL,"                                                          \
    "  report_json TEXT NOT NULL DEFAULT '{}' CONSTRAINT bundle_report CHECK"                  \
    "    (json_valid(report_json)),"                                                           \
    "  imported_at TEXT NOT NULL,"                                                             \
    "  imported_by TEXT NOT NULL"                                                              \
    ");"                                                                                       \
    "INSERT INTO bundle_log_v11(id, uuid, kind, branch_id, origin_office, exported_at,"        \
    "  exported_by, journal_head, payload_sha256, report_json, imported_at, imported_by)"      \
    "  SELECT id, uuid, kind, branch_id, origin_office, exported_at, exported_by,"             \
    "  journal_head, payload_sha256, report_json, imported_at, imported_by FROM bundle_log;"   \
    "DROP TABLE bundle_log;"                                                                   \
    "ALTER TABLE bundle_log_v11 RENAME TO bundle_log;"                                         \
    "CREATE INDEX bundle_log_branch ON bundle_log(branch_id, kind, exported_at);"

#endif

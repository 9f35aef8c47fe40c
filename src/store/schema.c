/* schema.c — the schema: one CREATE script per version (MIGRATIONS), and the test-only extra
 * steps. */
#include "conn_priv.h"
#include "audit_schema.h"
#include "district_schema.h"
#include "people_schema.h"
#include "rows_schema.h"
#include "fts_schema.h"
#include "journal_codec.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "zhibu/clock.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- schema ---------------------------------------------------------------------------- */

/* Version 1: the roster. Coded values are checked against the codes of model.h; each CHECK is
 * named so that a failure can be reported by field (see check_names below). */
static const char SCHEMA_V1[] =
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    "INSERT INTO meta(key, value) VALUES ('app', 'zhibu');"
    "CREATE TABLE branch ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  type TEXT NOT NULL CONSTRAINT branch_type CHECK (type IN"
    "    ('rural','community','organ','institution','soe','private','social')),"
    "  parent_id INTEGER REFERENCES branch(id),"
    "  theme_day TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE TABLE party_group ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  name TEXT NOT NULL,"
    "  leader_id INTEGER REFERENCES member(id),"
    "  voided_at TEXT,"
    "  void_reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (branch_id, name)"
    ");"
    "CREATE TABLE member ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  group_id INTEGER REFERENCES party_group(id),"
    "  name TEXT NOT NULL,"
    "  gender TEXT NOT NULL CONSTRAINT member_gender CHECK (gender IN ('M','F')),"
    "  birth_date TEXT NOT NULL DEFAULT '',"
    "  ethnicity TEXT NOT NULL DEFAULT '',"
    "  education TEXT NOT NULL DEFAULT '' CONSTRAINT member_education CHECK (education IN"
    "    ('','primary','junior','senior','vocational','college','bachelor','master','doctor')),"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  join_date TEXT NOT NULL DEFAULT '',"
    "  full_date TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CONSTRAINT member_status CHECK (status IN ('full','probationary')),"
    "  dues_category TEXT NOT NULL CONSTRAINT member_dues_category CHECK (dues_category IN"
    "    ('employed','retired','farmer','student','unemployed','lowincome')),"
    "  office TEXT NOT NULL DEFAULT '' CONSTRAINT member_office CHECK (office IN"
    "    ('','secretary','deputy','organization','publicity','discipline','committee')),"
    "  mobile INTEGER NOT NULL DEFAULT 0 CONSTRAINT member_mobile CHECK (mobile IN (0,1)),"
    "  leave_status TEXT NOT NULL DEFAULT '' CONSTRAINT member_leave_status CHECK"
    "    (leave_status IN ('','transferred','deceased','expelled','suspended')),"
    "  leave_date TEXT NOT NULL DEFAULT '',"
    "  leave_reason TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX member_branch_leave ON member(branch_id, leave_status);"
    "CREATE INDEX member_group ON member(group_id);"
    "CREATE TABLE app_user ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  login TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL CONSTRAINT user_role CHECK (role IN ('secretary','reviewer','admin')),"
    "  branch_id INTEGER REFERENCES branch(id),"
    "  pw_hash TEXT NOT NULL DEFAULT '',"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  failed_logins INTEGER NOT NULL DEFAULT 0,"
    "  locked_until TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE TABLE history ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  table_name TEXT NOT NULL,"
    "  row_uuid TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL,"
    "  changed_by TEXT NOT NULL,"
    "  old_json TEXT,"
    "  new_json TEXT"
    ");"
    "CREATE INDEX history_row ON history(table_name, row_uuid);";

/* Version 2: meeting records (三会一课) with attendance and resolutions, meeting plans, and a
 * full-text index over topics and minutes. meeting and meeting_plan point at each other (a
 * record fulfils a plan; a record names the plan it fulfils): SQLite resolves the parent table
 * of a foreign key when a row is written, so the order of creation does not matter.
 * meeting_fts is an external-content FTS5 table (trigram: Chinese substrings of 3+ characters)
 * kept in step with meeting by triggers; the update trigger fires only when the texts change.
 * The long texts (topics, minutes) are meeting's last columns, so that reading the short ones
 * for a list row never walks their overflow pages; meeting_branch_date carries the columns the
 * list filters and the frequency facts read, so that counting a branch's records is an
 * index-only scan. */
static const char SCHEMA_V2[] =
    "CREATE TABLE meeting_plan ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  kind TEXT NOT NULL CONSTRAINT meeting_plan_kind CHECK (kind IN ('general','committee',"
    "    'group','lecture','theme_day','life_meeting','appraisal','talk','other')),"
    "  group_id INTEGER REFERENCES party_group(id),"
    "  date TEXT NOT NULL,"
    "  topic TEXT NOT NULL DEFAULT '',"
    "  meeting_id INTEGER REFERENCES meeting(id),"
    "  voided_at TEXT,"
    "  void_reason TEXT,"
    "  voided_by TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX meeting_plan_branch_date ON meeting_plan(branch_id, date);"
    "CREATE TABLE meeting ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  group_id INTEGER REFERENCES party_group(id),"
    "  kind TEXT NOT NULL CONSTRAINT meeting_kind CHECK (kind IN ('general','committee',"
    "    'group','lecture','theme_day','life_meeting','appraisal','talk','other')),"
    "  also_mask INTEGER NOT NULL DEFAULT 0,"
    "  date TEXT NOT NULL,"
    "  start_time TEXT NOT NULL DEFAULT '',"
    "  end_time TEXT NOT NULL DEFAULT '',"
    "  place TEXT NOT NULL DEFAULT '',"
    "  host_id INTEGER REFERENCES member(id),"
    "  recorder_id INTEGER REFERENCES member(id),"
    "  lecturer_id INTEGER REFERENCES member(id),"
    "  lecturer_name TEXT NOT NULL DEFAULT '',"
    "  election INTEGER NOT NULL DEFAULT 0,"
    "  observers TEXT NOT NULL DEFAULT '',"
    "  no_resolutions INTEGER NOT NULL DEFAULT 0,"
    "  plan_id INTEGER REFERENCES meeting_plan(id),"
    "  expected INTEGER NOT NULL DEFAULT 0,"
    "  present INTEGER NOT NULL DEFAULT 0,"
    "  on_leave INTEGER NOT NULL DEFAULT 0,"
    "  absent INTEGER NOT NULL DEFAULT 0,"
    "  voting_expected INTEGER NOT NULL DEFAULT 0,"
    "  voting_present INTEGER NOT NULL DEFAULT 0,"
    "  quorum INTEGER NOT NULL DEFAULT 0,"
    "  missing_mask INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  voided_at TEXT,"
    "  void_reason TEXT,"
    "  voided_by TEXT,"
    "  topics TEXT NOT NULL DEFAULT '',"
    "  minutes TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX meeting_branch_date ON meeting(branch_id, date, kind, also_mask, voided_at,"
    "  group_id);"
    "CREATE TABLE meeting_attendance ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  voting INTEGER NOT NULL DEFAULT 0,"
    "  mark TEXT NOT NULL CONSTRAINT attendance_mark CHECK (mark IN ('present','leave','absent')),"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  excused INTEGER NOT NULL DEFAULT 0,"
    "  seq INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (meeting_id, member_id)"
    ");"
    "CREATE TABLE meeting_resolution ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
    "  seq INTEGER NOT NULL,"
    "  text TEXT NOT NULL DEFAULT '',"
    "  votes_for INTEGER NOT NULL DEFAULT 0,"
    "  votes_against INTEGER NOT NULL DEFAULT 0,"
    "  votes_abstain INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (meeting_id, seq)"
    ");"
    "CREATE VIRTUAL TABLE meeting_fts USING fts5(topics, minutes, content='meeting',"
    "  content_rowid='id', tokenize='trigram');"
    "CREATE TRIGGER meeting_fts_insert AFTER INSERT ON meeting BEGIN"
    "  INSERT INTO meeting_fts(rowid, topics, minutes) VALUES (new.id, new.topics, new.minutes);"
    " END;"
    "CREATE TRIGGER meeting_fts_delete AFTER DELETE ON meeting BEGIN"
    "  INSERT INTO meeting_fts(meeting_fts, rowid, topics, minutes)"
    "    VALUES ('delete', old.id, old.topics, old.minutes);"
    " END;"
    "CREATE TRIGGER meeting_fts_update AFTER UPDATE OF topics, minutes ON meeting BEGIN"
    "  INSERT INTO meeting_fts(meeting_fts, rowid, topics, minutes)"
    "    VALUES ('delete', old.id, old.topics, old.minutes);"
    "  INSERT INTO meeting_fts(rowid, topics, minutes) VALUES (new.id, new.topics, new.minutes);"
    " END;";

/* Version 3: dues (党费) and members over time. A dues basis holds from a month on (one per
 * member and month: setting it again updates it); adjustments (免交 / 减交 / 缓交) carry who
 * approved them and why; a payment covers from_month..to_month and is split into allocations
 * per month (what the arrears rules count); a voided payment's allocations stop counting.
 * member.full_meeting_id names the meeting that approved 转正 (ADD COLUMN: a foreign key
 * column added this way must default to NULL, which it does). Mobile members keep one row of
 * details (ended_at when back) and a contact log; transfers out and in are kept per member. */
static const char SCHEMA_V3[] =
    "CREATE TABLE dues_basis ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  from_month TEXT NOT NULL,"
    "  category TEXT NOT NULL CONSTRAINT dues_basis_category CHECK (category IN"
    "    ('employed','retired','farmer','student','unemployed','lowincome')),"
    "  base_fen INTEGER NOT NULL DEFAULT 0 CONSTRAINT dues_basis_base CHECK (base_fen >= 0),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (member_id, from_month)"
    ");"
    "CREATE TABLE dues_adjust ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  from_month TEXT NOT NULL,"
    "  to_month TEXT NOT NULL,"
    "  kind TEXT NOT NULL CONSTRAINT dues_adjust_kind CHECK (kind IN ('waive','reduce','defer')),"
    "  amount INTEGER NOT NULL DEFAULT 0 CONSTRAINT dues_adjust_amount CHECK (amount >= 0),"
    "  approved_by TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  voided_at TEXT,"
    "  void_reason TEXT,"
    "  voided_by TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX dues_adjust_member ON dues_adjust(member_id);"
    "CREATE TABLE dues_payment ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  paid_date TEXT NOT NULL,"
    "  receipt_no TEXT NOT NULL DEFAULT '',"
    "  from_month TEXT NOT NULL,"
    "  to_month TEXT NOT NULL,"
    "  amount INTEGER NOT NULL CONSTRAINT dues_payment_amount CHECK (amount > 0),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  voided_at TEXT,"
    "  void_reason TEXT,"
    "  voided_by TEXT"
    ");"
    "CREATE INDEX dues_payment_member ON dues_payment(member_id);"
    "CREATE INDEX dues_payment_branch_date ON dues_payment(branch_id, paid_date);"
    "CREATE TABLE dues_allocation ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  payment_id INTEGER NOT NULL REFERENCES dues_payment(id),"
    "  month TEXT NOT NULL,"
    "  amount INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX dues_allocation_payment ON dues_allocation(payment_id);"
    "ALTER TABLE member ADD COLUMN full_meeting_id INTEGER REFERENCES meeting(id);"
    "CREATE TABLE member_mobile ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL UNIQUE REFERENCES member(id),"
    "  destination TEXT NOT NULL DEFAULT '',"
    "  since TEXT NOT NULL DEFAULT '',"
    "  card_no TEXT NOT NULL DEFAULT '',"
    "  contact_person TEXT NOT NULL DEFAULT '',"
    "  contact_phone TEXT NOT NULL DEFAULT '',"
    "  ended_at TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE TABLE mobile_contact ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  date TEXT NOT NULL,"
    "  way TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX mobile_contact_member_date ON mobile_contact(member_id, date);"
    "CREATE TABLE member_transfer ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  direction TEXT NOT NULL CONSTRAINT transfer_direction CHECK (direction IN ('out','in')),"
    "  date TEXT NOT NULL,"
    "  place TEXT NOT NULL DEFAULT '',"
    "  letter_no TEXT NOT NULL DEFAULT '',"
    "  dues_paid_through TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX member_transfer_member ON member_transfer(member_id);";

/* Version 4: the post scheme (设岗定责). A post belongs to a branch and is voided, never
 * deleted; a holding is one member's claim of (or recommendation to) a post, with the pledge,
 * the 公示 date and stepping down (ended, "" while held). Reports and reviews hang off a
 * holding (one review per holding and period). A member excused from the scheme has one open
 * post_excuse row (ended_at NULL); ended ones are kept. post_report's index carries the date so
 * that a holder's newest report is an index lookup. */
static const char SCHEMA_V4[] =
    "CREATE TABLE post ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  category TEXT NOT NULL DEFAULT '',"
    "  name TEXT NOT NULL,"
    "  duties TEXT NOT NULL DEFAULT '',"
    "  wanted INTEGER NOT NULL DEFAULT 1 CONSTRAINT post_wanted CHECK (wanted BETWEEN 1 AND 99),"
    "  active_from TEXT NOT NULL DEFAULT '',"
    "  active_to TEXT NOT NULL DEFAULT '',"
    "  voided_at TEXT,"
    "  void_reason TEXT,"
    "  voided_by TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX post_branch ON post(branch_id);"
    "CREATE TABLE post_holding ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  post_id INTEGER NOT NULL REFERENCES post(id),"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  how TEXT NOT NULL DEFAULT 'claim' CONSTRAINT holding_how CHECK (how IN"
    "    ('claim','recommend')),"
    "  claimed TEXT NOT NULL,"
    "  pledge TEXT NOT NULL DEFAULT '',"
    "  noticed TEXT NOT NULL DEFAULT '',"
    "  ended TEXT NOT NULL DEFAULT '',"
    "  end_reason TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX post_holding_post ON post_holding(post_id);"
    "CREATE INDEX post_holding_member ON post_holding(member_id);"
    "CREATE TABLE post_report ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  holding_id INTEGER NOT NULL REFERENCES post_holding(id),"
    "  date TEXT NOT NULL,"
    "  venue TEXT NOT NULL DEFAULT '',"
    "  content TEXT NOT NULL DEFAULT '',"
    "  meeting_id INTEGER REFERENCES meeting(id),"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX post_report_holding ON post_report(holding_id, date);"
    "CREATE TABLE post_review ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  holding_id INTEGER NOT NULL REFERENCES post_holding(id),"
    "  period_start TEXT NOT NULL,"
    "  period_end TEXT NOT NULL,"
    "  rating TEXT NOT NULL CONSTRAINT post_review_rating CHECK (rating IN"
    "    ('excellent','competent','basic','incompetent')),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  date TEXT NOT NULL,"
    "  reward TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (holding_id, period_start)"
    ");"
    "CREATE TABLE post_excuse ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  reason TEXT NOT NULL,"
    "  since TEXT NOT NULL DEFAULT '',"
    "  ended_at TEXT,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX post_excuse_member ON post_excuse(member_id);"
    "CREATE UNIQUE INDEX post_excuse_current ON post_excuse(member_id) WHERE ended_at IS NULL;";

/* Version 5: the monthly review (月审). A verdict per branch, month and item (or "overall");
 * a rectification order per branch, month and item with its states (open → done → confirmed,
 * or back to open with the reviewer's note); a month handed in (提交月报) once per branch with
 * a JSON snapshot of the result. For loading a month's dues of every branch at once (the whole
 * audit within its budget), dues_allocation carries a copy of its payment's member_id (filled
 * by the trigger for new rows, so dues.c's insert is unchanged; payments never change member)
 * with a covering index by month, voided payments have a small partial index, and a branch's
 * first payment month and its child branches are index lookups; the month's meeting facts and
 * post holdings are read from covering indexes. */
static const char SCHEMA_V5[] =
    "CREATE TABLE audit_verdict ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  month TEXT NOT NULL,"
    "  item TEXT NOT NULL CONSTRAINT audit_verdict_item CHECK (item IN ('meetings','theme_day',"
    "    'records','members','dues','posts','overall')),"
    "  verdict TEXT NOT NULL CONSTRAINT audit_verdict_verdict CHECK (verdict IN"
    "    ('pass','rectify','fail')),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  deadline TEXT NOT NULL DEFAULT '',"
    "  reviewer TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (branch_id, month, item)"
    ");"
    "CREATE TABLE rectification ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  month TEXT NOT NULL,"
    "  item TEXT NOT NULL CONSTRAINT rectification_item CHECK (item IN ('meetings','theme_day',"
    "    'records','members','dues','posts','overall')),"
    "  order_text TEXT NOT NULL DEFAULT '',"
    "  deadline TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'open' CONSTRAINT rectification_status CHECK (status IN"
    "    ('open','done','confirmed')),"
    "  done_note TEXT NOT NULL DEFAULT '',"
    "  done_at TEXT NOT NULL DEFAULT '',"
    "  done_by TEXT NOT NULL DEFAULT '',"
    "  confirmed_at TEXT NOT NULL DEFAULT '',"
    "  confirmed_by TEXT NOT NULL DEFAULT '',"
    "  return_note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (branch_id, month, item)"
    ");"
    "CREATE INDEX rectification_status_month ON rectification(status, month);"
    "CREATE TABLE handin ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  month TEXT NOT NULL,"
    "  handed_at TEXT NOT NULL,"
    "  handed_by TEXT NOT NULL,"
    "  snapshot_json TEXT NOT NULL DEFAULT '{}' CONSTRAINT handin_snapshot CHECK"
    "    (json_valid(snapshot_json)),"
    "  notes_json TEXT NOT NULL DEFAULT '{}' CONSTRAINT handin_notes CHECK (json_valid(notes_json)),"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (branch_id, month)"
    ");"
    "CREATE INDEX branch_parent ON branch(parent_id);"
    "ALTER TABLE dues_allocation ADD COLUMN member_id INTEGER;"
    "UPDATE dues_allocation SET member_id = (SELECT p.member_id FROM dues_payment p"
    "  WHERE p.id = dues_allocation.payment_id);"
    "CREATE TRIGGER dues_allocation_member AFTER INSERT ON dues_allocation"
    "  WHEN new.member_id IS NULL BEGIN"
    "  UPDATE dues_allocation SET member_id = (SELECT p.member_id FROM dues_payment p"
    "    WHERE p.id = new.payment_id) WHERE id = new.id;"
    " END;"
    "CREATE INDEX dues_allocation_month ON dues_allocation(month, member_id, amount, payment_id);"
    "CREATE INDEX dues_payment_voided ON dues_payment(voided_at) WHERE voided_at IS NOT NULL;"
    "CREATE INDEX dues_payment_branch_from ON dues_payment(branch_id, voided_at, from_month);"
    "CREATE INDEX meeting_audit ON meeting(branch_id, date, kind, also_mask, group_id, quorum,"
    "  missing_mask, created_at, voided_at) WHERE voided_at IS NULL;"
    "CREATE INDEX post_holding_audit ON post_holding(post_id, claimed, ended, member_id);";

/* Version 6: accounts, locked months and the journal. history becomes a hash chain per branch
 * (branch_id, prev_hash, hash are filled when the outermost transaction commits — see
 * journal.c); amend_request keeps each 审后修改 (a change to a month that has a verdict) with its
 * reason. app_user existed from version 1; it gains when a user last logged in. */
static const char SCHEMA_V6[] =
    "ALTER TABLE history ADD COLUMN branch_id INTEGER;"
    "ALTER TABLE history ADD COLUMN prev_hash TEXT;"
    "ALTER TABLE history ADD COLUMN hash TEXT;"
    "CREATE INDEX history_chain ON history(branch_id, id);"
    "CREATE INDEX history_unsealed ON history(id) WHERE hash IS NULL;"
    "ALTER TABLE app_user ADD COLUMN last_login_at TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE amend_request ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  month TEXT NOT NULL,"
    "  table_name TEXT NOT NULL,"
    "  row_uuid TEXT NOT NULL,"
    "  reason TEXT NOT NULL CONSTRAINT amend_reason CHECK (length(trim(reason)) > 0),"
    "  history_after INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX amend_branch_month ON amend_request(branch_id, month);";

/* Version 7: moving ledgers between offices (bundles). Each database knows its office (meta
 * office_uuid, random) and whether it is a village's or a township's (meta office_kind);
 * journal_import keeps the journal entries other offices sent with a
 * branch's ledger, exactly as they were (their own ids, branch ids, hashes), so that the
 * township can verify a village's chain; bundle_log records every bundle imported. */
static const char SCHEMA_V7[] =
    "INSERT INTO meta(key, value) SELECT 'office_uuid', lower(hex(randomblob(16)))"
    "  WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'office_uuid');"
    /* a database of more than one branch is a township's; `zhibu init --office` and the demo
     * set it explicitly */
    "INSERT INTO meta(key, value) SELECT 'office_kind',"
    "  CASE WHEN (SELECT count(*) FROM branch) > 1 THEN 'township' ELSE 'village' END"
    "  WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'office_kind');"
    "CREATE TABLE journal_import ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"            /* the entry's uuid at its origin */
    "  origin_office TEXT NOT NULL,"
    "  origin_id INTEGER NOT NULL,"           /* history.id at the origin */
    "  origin_branch_id INTEGER NOT NULL,"    /* history.branch_id at the origin (the chain) */
    "  branch_id INTEGER NOT NULL REFERENCES branch(id)," /* the branch here */
    "  table_name TEXT NOT NULL,"
    "  row_uuid TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL,"
    "  changed_by TEXT NOT NULL,"
    "  old_json TEXT,"
    "  new_json TEXT,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL"
    ");"
    "CREATE INDEX journal_import_chain ON journal_import(branch_id, origin_office, origin_id);"
    "CREATE TABLE bundle_log ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CONSTRAINT bundle_kind CHECK (kind IN ('ledger','verdicts')),"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  origin_office TEXT NOT NULL,"
    "  exported_at TEXT NOT NULL,"
    "  exported_by TEXT NOT NULL,"
    "  journal_head TEXT NOT NULL DEFAULT '',"
    "  payload_sha256 TEXT NOT NULL,"
    "  report_json TEXT NOT NULL DEFAULT '{}' CONSTRAINT bundle_report CHECK (json_valid(report_json)),"
    "  imported_at TEXT NOT NULL,"
    "  imported_by TEXT NOT NULL"
    ");"
    "CREATE INDEX bundle_log_branch ON bundle_log(branch_id, kind, exported_at);";

/* Version 8: evidence that cannot be forged.
 * office_key: the office's identity, one row written once — an Ed25519 key pair (libsodium
 * crypto_sign; the secret key is read only by src/store/office_db.c) and test_clock, set only when
 * the database is created for tests or the demo (store_options.test_clock): only then are
 * ZHIBU_TODAY / ZHIBU_NOW honoured. Triggers refuse any later change or removal; its public
 * fields are journaled (chain 0, like app_user) when it is written, so that verify finds a row
 * changed or put in with the sqlite3 shell after dropping the triggers.
 * office_peer: the offices this one accepts bundles from, per branch and role (the branch's
 * own ledger office, or its reviewing office), registered on first use and journaled.
 * journal_head: the journal heads this office sent with its bundles and received in others',
 * so that verify can tell when the newest entries of a chain went missing.
 * branch.dues_start: the ledger's first month of dues, a journaled column of the branch (it
 * was meta dues_start:<id>, outside the journal). */
static const char SCHEMA_V8[] =
    "CREATE TABLE office_key ("
    "  id INTEGER PRIMARY KEY CONSTRAINT office_key_one CHECK (id = 1),"
    "  uuid TEXT NOT NULL UNIQUE,"      /* the office's uuid (meta office_uuid): the journal's row */
    "  public_key TEXT NOT NULL,"
    "  secret_key BLOB NOT NULL,"
    "  test_clock INTEGER NOT NULL DEFAULT 0 CONSTRAINT office_test_clock"
    "    CHECK (test_clock IN (0, 1)),"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE TRIGGER office_key_no_update BEFORE UPDATE ON office_key"
    "  BEGIN SELECT RAISE(ABORT, 'office_key is written once'); END;"
    "CREATE TRIGGER office_key_no_delete BEFORE DELETE ON office_key"
    "  BEGIN SELECT RAISE(ABORT, 'office_key is written once'); END;"
    "CREATE TABLE office_peer ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  role TEXT NOT NULL CONSTRAINT peer_role CHECK (role IN ('ledger','reviewer')),"
    "  office_uuid TEXT NOT NULL,"
    "  office_kind TEXT NOT NULL DEFAULT '',"
    "  office_name TEXT NOT NULL DEFAULT '',"
    "  public_key TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  CONSTRAINT peer_one UNIQUE (branch_id, role)"
    ");"
    "CREATE TABLE journal_head ("
    "  id INTEGER PRIMARY KEY,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  direction TEXT NOT NULL CONSTRAINT head_direction CHECK (direction IN ('sent','received')),"
    "  office_uuid TEXT NOT NULL,"
    "  entry_id INTEGER NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  bundle_uuid TEXT NOT NULL DEFAULT '',"
    "  recorded_at TEXT NOT NULL"
    ");"
    "CREATE INDEX journal_head_branch ON journal_head(branch_id, office_uuid, entry_id);"
    "ALTER TABLE branch ADD COLUMN dues_start TEXT;"
    "UPDATE branch SET dues_start = (SELECT value FROM meta WHERE key = 'dues_start:' || branch.id);";

/* Version 9: the month as reviewed (issue 14). Each part below belongs to one piece of work;
 * keep additions inside your own part.
 * - review: what the engine found when a verdict or order was given, kept with it.
 * - rules: party groups' start/end dates; member outcomes of probation.
 * - records: meeting record fields.
 * - people: member lifecycle and dues. */
static const char SCHEMA_V9[] =
    /* ---- part review ---- */
    /* The month as reviewed: each verdict keeps the engine's result the reviewer judged
     * (audit_engine_json: score, states, reasons with their item), and each order the
     * problem it was given for (the failing reasons of its item at that moment). */
    "ALTER TABLE audit_verdict ADD COLUMN engine_json TEXT NOT NULL DEFAULT '{}'"
    "  CONSTRAINT audit_verdict_engine CHECK (json_valid(engine_json));"
    "ALTER TABLE rectification ADD COLUMN problem TEXT NOT NULL DEFAULT '';"

    /* ---- part rules ---- */
    /* party_group.start_date (成立日期) and end_date (撤销日期, '' while it stands). Existing
     * groups start on the earlier of the day the row was entered and the group's first
     * (not voided) meeting: a group that met before it was entered in the ledger stood then,
     * and one that never met is taken as set up when it was entered — so that a group added
     * lately does not make the months before it fail, and one that has met keeps them. */
    "ALTER TABLE party_group ADD COLUMN start_date TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE party_group ADD COLUMN end_date TEXT NOT NULL DEFAULT '';"
    "UPDATE party_group SET start_date = min(substr(created_at, 1, 10),"
    "  ifnull((SELECT min(m.date) FROM meeting m WHERE m.group_id = party_group.id"
    "   AND m.voided_at IS NULL), '9999-12-31'));"

    /* ---- part records ---- */
    "SELECT 3;"

    /* ---- part people ---- */
    /* 延长预备期 and 取消预备党员资格 (issue 14): each decided by a 支部党员大会 (meeting_id), on
     * `date`; an extension sets the new end of probation (`until`). A cancellation also takes
     * the member off the roster (member.leave_status 'expelled', 出党). Rows are never changed
     * or deleted: a decision is a fact of the member's history. */
    "CREATE TABLE probation_decision ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  member_id INTEGER NOT NULL REFERENCES member(id),"
    "  kind TEXT NOT NULL CONSTRAINT probation_decision_kind CHECK (kind IN ('extend','cancel')),"
    "  date TEXT NOT NULL,"
    "  meeting_id INTEGER REFERENCES meeting(id),"
    "  until TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX probation_decision_member ON probation_decision(member_id, date);"

    /* ---- end of version 9 ---- */
    "";

/* Version 10: the slimmer ledger (issue 17). Each part below belongs to one piece of work; keep
 * additions inside your own part. The step runs with foreign key enforcement off (it may
 * rebuild tables: CREATE the new one, INSERT ... SELECT, DROP the old, ALTER ... RENAME, then
 * recreate its indexes and triggers) and is checked with foreign_key_check before it commits
 * (migrate.c step_rebuilds). After the SQL, still in the step's transaction, migrate.c runs
 * migrate_v10_journal (the journal compacted); once every step has committed, an upgraded file
 * is VACUUMed so that it actually shrinks. Every statement must also be harmless on a database
 * already in this shape (the unit tests' downgrades take a current database back to an older
 * version number and upgrade it again): IF EXISTS / IF NOT EXISTS.
 * - rows: empty (the child rows lost their uuids in version 13).
 * - journal: the journal's JSON stored compressed (journal_codec.c).
 * - audit: dues_paid_year, the allocations summed by member and year for the monthly review,
 *   kept by triggers (audit_schema.h; it must follow any rebuild of dues_allocation). */
static const char SCHEMA_V10[] =
    /* ---- part rows ---- */
    "SELECT 10;"

    /* ---- part journal ---- */
    SCHEMA_V10_JOURNAL

    /* ---- part audit ---- */
    SCHEMA_V10_AUDIT
    /* ---- end of version 10 ---- */
    "";

/* Version 11: the district (issue 18): src/store/district_schema.h. Parts: district (the tables
 * of townships, stations, 复审 verdicts, spot checks), roles (the inspector), bundle (the
 * township's month for the district and the district's bundle back). */
static const char SCHEMA_V11[] =
    /* ---- part district ---- */
    SCHEMA_V11_DISTRICT
    /* ---- part roles ---- */
    SCHEMA_V11_ROLES
    /* ---- part bundle ---- */
    SCHEMA_V11_BUNDLE
    /* ---- end of version 11 ---- */
    "";

/* Version 12: members over a lifetime (issue 19): people_schema.h, parts in SCHEMA_V12_PARTS. */
static const char SCHEMA_V12[] = SCHEMA_V12_PARTS;

/* Version 13: attendance and allocations keyed by (meeting, member) / (payment, month), with
 * no uuid, id or timestamps of their own (rows_schema.h; the rebuild: migrate_v13_rows). */
static const char SCHEMA_V13[] =
    /* ---- part rows ---- */
    SCHEMA_V13_ROWS
    /* ---- end of version 13 ---- */
    "";

/* Migration steps: MIGRATIONS[i] takes the database from version i to i + 1. Adding a schema
 * version is one entry here plus STORE_SCHEMA_VERSION in store.h. Each step runs in its own
 * transaction with foreign keys on; a step that rebuilds a table must say so in its SQL. */
static const char *const MIGRATIONS[] = {
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4,
    SCHEMA_V5,
    SCHEMA_V6,
    SCHEMA_V7,
    SCHEMA_V8,
    SCHEMA_V9,
    SCHEMA_V10,
    SCHEMA_V11,
    SCHEMA_V12,
    SCHEMA_V13,
    SCHEMA_V14_FTS SCHEMA_V14_JOURNAL, /* 14: parts fts, journal (fts_schema.h, journal_codec.h) */
};
_Static_assert(sizeof MIGRATIONS / sizeof MIGRATIONS[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* Test-only extra steps (store_test_add_migration), applied after the real ones. */
#define TEST_MIGRATIONS_MAX 8
static const char *test_migrations[TEST_MIGRATIONS_MAX];
static int n_test_migrations;

int store_test_add_migration(const char *sql)
{
    if (n_test_migrations >= TEST_MIGRATIONS_MAX) return -1;
    test_migrations[n_test_migrations++] = sql;
    return STORE_SCHEMA_VERSION + n_test_migrations;
}

void store_test_reset_migrations(void)
{
    n_test_migrations = 0;
}

/* The unit tests' own databases are test databases (store_test_mark_new_databases). */
bool st_test_mark_new;

void store_test_mark_new_databases(bool on)
{
    st_test_mark_new = on;
}

int st_target_version(void)
{
    return STORE_SCHEMA_VERSION + n_test_migrations;
}

const char *st_migration_sql(int to_version)
{
    if (to_version <= STORE_SCHEMA_VERSION) return MIGRATIONS[to_version - 1];
    return test_migrations[to_version - STORE_SCHEMA_VERSION - 1];
}

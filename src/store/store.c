/* store.c — the connection: opening with its safety checks, schema migrations with a backup
 * taken first, the statement cache, transactions, meta settings, UUIDs and history rows. */
#include "store_priv.h"

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
 * crypto_sign; the secret key is read only by src/store/office.c) and test_clock, set only when
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
static bool test_mark_new;

void store_test_mark_new_databases(bool on)
{
    test_mark_new = on;
}

static int target_version(void)
{
    return STORE_SCHEMA_VERSION + n_test_migrations;
}

static const char *migration_sql(int to_version)
{
    if (to_version <= STORE_SCHEMA_VERSION) return MIGRATIONS[to_version - 1];
    return test_migrations[to_version - STORE_SCHEMA_VERSION - 1];
}

/* ---- messages and helpers -------------------------------------------------------------- */

int st_fail(struct store *st, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    return rc;
}

/* Names of the CHECK constraints in the schema, as the user knows the field. */
static const struct {
    const char *name;
    const char *label;
} check_names[] = {
    {"branch_type", "组织类型"},         {"member_gender", "性别"},
    {"member_education", "学历"},        {"member_status", "党员类别"},
    {"member_dues_category", "党费类别"}, {"member_office", "职务"},
    {"member_mobile", "流动党员标记"},    {"member_leave_status", "出党/离开状态"},
    {"user_role", "用户角色"},
    {"dues_basis_category", "党费类别"}, {"dues_basis_base", "党费基数"},
    {"dues_adjust_kind", "减免类别"},    {"dues_adjust_amount", "减交金额"},
    {"dues_payment_amount", "交费金额"}, {"transfer_direction", "转移方向"},
    {"post_wanted", "岗位人数"},         {"holding_how", "认领方式"},
    {"post_review_rating", "评议等次"},
    {"audit_verdict_item", "评审项目"},  {"audit_verdict_verdict", "评审结论"},
    {"rectification_item", "整改项目"},  {"rectification_status", "整改状态"},
    {"handin_snapshot", "月报快照"},     {"handin_notes", "月报说明"},
};

/* Below this, a failure to write or to start the log is taken for a full disk (the log's
 * shared-memory index alone takes 32 KB). */
#define DISK_FULL_BYTES (256 * 1024)
static long long free_bytes(const char *path);

int st_sqlfail(struct store *st, int sqlrc, const char *what)
{
    const char *msg = sqlite3_errmsg(st->db);
    st->disk_full = false;
    switch (sqlrc & 0xff) {
    case SQLITE_CONSTRAINT:
        switch (sqlrc) {
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：关联的记录不存在", what);
        case SQLITE_CONSTRAINT_NOTNULL:
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：必填项为空", what);
        case SQLITE_CONSTRAINT_CHECK:
            for (size_t i = 0; i < ZB_ARRAY_LEN(check_names); i++) {
                const char *p = strstr(msg, check_names[i].name);
                size_t len = strlen(check_names[i].name);
                if (p && (p[len] == '\0' || p[len] == ' '))
                    return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：%s的取值无效", what,
                                   check_names[i].label);
            }
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：取值无效", what);
        default:
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：记录重复", what);
        }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return st_fail(st, STORE_ERR_BUSY, "%s失败：数据库正被其他程序使用，请稍后再试", what);
    case SQLITE_READONLY:
        return st_fail(st, STORE_ERR_READONLY, "%s", ST_MSG_READ_ONLY);
    case SQLITE_FULL:
        /* one sentence, whatever was being done: nothing of it was kept, nothing before lost */
        st->disk_full = true;
        return st_fail(st, STORE_ERR, "%s", ST_MSG_DISK_FULL);
    case SQLITE_IOERR: {
        /* a full disk shows as an I/O error where SQLite cannot tell (the log's index) */
        long long left = st->path ? free_bytes(st->path) : -1;
        if (left >= 0 && left < DISK_FULL_BYTES) {
            st->disk_full = true;
            return st_fail(st, STORE_ERR, "%s", ST_MSG_DISK_FULL);
        }
        return st_fail(st, STORE_ERR, "%s失败：读写磁盘出错", what);
    }
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return st_fail(st, STORE_ERR, "%s失败：数据库文件已损坏", what);
    default:
        return st_fail(st, STORE_ERR, "%s失败：%s", what, msg);
    }
}

bool st_write_impossible(const struct store *st, int rc)
{
    return rc == STORE_ERR_READONLY || st->disk_full || st->mode != STORE_READ_WRITE;
}

sqlite3_stmt *st_stmt(struct store *st, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st->cache[id];
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        st_fail(st, STORE_ERR, "数据库语句出错：%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        return NULL;
    }
    st->cache[id] = s;
    return s;
}

void st_done(sqlite3_stmt *s)
{
    if (s) sqlite3_reset(s);
}

void st_bind_stamps(struct store *st, sqlite3_stmt *s, int uuid_idx, char uuid[UUID_STR_LEN],
                    int now_idx, char now[24])
{
    store_uuid(uuid);
    clock_now_iso(now);
    st_bind_text(s, uuid_idx, uuid);
    st_bind_text(s, now_idx, now);
    st_bind_text(s, now_idx + 1, st->user);
}

int st_bind_text(sqlite3_stmt *s, int idx, const char *text)
{
    return sqlite3_bind_text(s, idx, text ? text : "", -1, SQLITE_TRANSIENT);
}

int st_bind_id(sqlite3_stmt *s, int idx, int64_t id)
{
    if (id == 0) return sqlite3_bind_null(s, idx);
    return sqlite3_bind_int64(s, idx, id);
}

void st_col_text(sqlite3_stmt *s, int col, char *dst, size_t dstsz)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    zb_strlcpy(dst, t ? (const char *)t : "", dstsz);
}

/* Run one fixed statement with no result rows (cached). */
static int run_simple(struct store *st, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return SQLITE_ERROR;
    int rc = sqlite3_step(s);
    st_done(s);
    return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(st->db);
}

/* ---- opening --------------------------------------------------------------------------- */

char *st_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int open_fail(char *err, size_t errsz, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int open_fail(char *err, size_t errsz, int rc, const char *fmt, ...)
{
    if (err && errsz) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsz, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* What a file's first bytes and its size say about it. */
enum header_state {
    HDR_OK,
    HDR_EMPTY,      /* 0 bytes */
    HDR_FOREIGN,    /* not SQLite's magic */
    HDR_SHORT,      /* SQLite, but cut short (fewer bytes than its header says, or part pages) */
    HDR_UNREADABLE,
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether PATH-wal exists and holds something (then the main file alone is not the whole
 * database, and part of it may be in the log). */
static bool wal_has_content(const char *path)
{
    char *wal = xasprintf("%s-wal", path);
    struct stat sb;
    bool has = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    return has;
}

/* Read the 100-byte SQLite header. A truncated file is refused before SQLite sees it: SQLite
 * would read the missing pages as zeros, or take a file cut to nothing for a new database.
 * *want: the size the header asks for, when known (HDR_SHORT). */
static enum header_state read_header(const char *path, off_t size, long long *want)
{
    static const char magic[16] = "SQLite format 3";
    *want = 0;
    if (size == 0) return HDR_EMPTY;
    FILE *f = fopen(path, "rb");
    if (!f) return HDR_UNREADABLE;
    unsigned char h[100];
    size_t got = fread(h, 1, sizeof h, f);
    bool err = ferror(f);
    fclose(f);
    if (err) return HDR_UNREADABLE;
    size_t cmp = got < sizeof magic ? got : sizeof magic;
    if (memcmp(h, magic, cmp) != 0) return HDR_FOREIGN;
    if (got < sizeof h) return HDR_SHORT;
    unsigned page = (unsigned)h[16] << 8 | h[17];
    if (page == 1) page = 65536;
    if (page < 512 || (page & (page - 1)) != 0) return HDR_FOREIGN;
    if (size % (off_t)page != 0) return HDR_SHORT;
    /* the page count in the header counts only when the change counter and the
     * version-valid-for number agree (SQLite's own rule); with a write-ahead log holding
     * content, the main file may legitimately be shorter */
    uint32_t pages = be32(h + 28);
    if (pages > 0 && be32(h + 24) == be32(h + 92) && (off_t)pages * page > size &&
        !wal_has_content(path)) {
        *want = (long long)pages * page;
        return HDR_SHORT;
    }
    return HDR_OK;
}

/* Checks that change nothing on disk; 0 when the path can be opened. *exists: a file is
 * there (an empty one adopted by opt->adopt_empty counts as missing); *readonly: it can be
 * read but not written here (the file, or its directory where the log files go). */
static int check_location(const char *path, const struct store_options *opt, bool *exists,
                          bool *adopt, bool *readonly, char *err, size_t errsz)
{
    struct stat sb;
    *exists = stat(path, &sb) == 0;
    *adopt = false;
    *readonly = false;
    int stat_errno = errno;
    char *dir = st_dir_of(path);
    int rc = STORE_OK;
    struct stat db;
    if (!*exists) {
        if (stat_errno != ENOENT && stat_errno != ENOTDIR)
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：无法访问该路径",
                           path);
        else if (!opt->create)
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "数据库 %s 不存在", path);
        else if (stat(dir, &db) != 0 || !S_ISDIR(db.st_mode))
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法创建数据库 %s：目录 %s 不存在",
                           path, dir);
        else if (access(dir, W_OK | X_OK) != 0)
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法创建数据库 %s：目录不可写",
                           path);
    } else if (S_ISDIR(sb.st_mode)) {
        rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：这是一个目录", path);
    } else if (!S_ISREG(sb.st_mode)) {
        rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：不是普通文件",
                       path);
    } else if (access(path, R_OK) != 0) {
        rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：文件不可读", path);
    } else {
        long long want;
        switch (read_header(path, sb.st_size, &want)) {
        case HDR_UNREADABLE:
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：文件不可读",
                           path);
            break;
        case HDR_FOREIGN:
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                           "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）", path);
            break;
        case HDR_EMPTY:
            if (opt->adopt_empty && access(path, W_OK) == 0 && access(dir, W_OK | X_OK) == 0 &&
                !wal_has_content(path)) {
                *exists = false;
                *adopt = true;
            } else {
                rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                               "文件 %s 不是 zhibu 数据库（空文件，0 字节；新建数据库请用 zhibu init）",
                               path);
            }
            break;
        case HDR_SHORT:
            if (want > 0)
                rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                               "文件 %s 不是完整的 zhibu 数据库（文件被截短：只有 %lld 字节，应有 %lld 字节）",
                               path, (long long)sb.st_size, want);
            else
                rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                               "文件 %s 不是完整的 zhibu 数据库（文件被截短：只有 %lld 字节）", path,
                               (long long)sb.st_size);
            break;
        case HDR_OK:
            /* a file or a place that cannot be written is opened for reading only */
            *readonly = access(path, W_OK) != 0 || access(dir, W_OK | X_OK) != 0;
            break;
        }
    }
    free(dir);
    return rc;
}

/* One integer from a fixed query; SQLite's result code. */
static int query_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            *out = 0;
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/* Whether a database at version >= 1 carries our mark in meta. */
static bool is_ours(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    bool ours = false;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'app'", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(s, 0);
        ours = v && strcmp((const char *)v, "zhibu") == 0;
    }
    sqlite3_finalize(s);
    return ours;
}

/* ---- migration backups ----------------------------------------------------------------- */

/* Whether name is BASE.vN-YYYYMMDDTHHMMSS[-K].bak; *stamp points at the timestamp. */
static bool is_backup_name(const char *name, const char *base, const char **stamp)
{
    size_t bl = strlen(base);
    if (strncmp(name, base, bl) != 0 || strncmp(name + bl, ".v", 2) != 0) return false;
    const char *p = name + bl + 2;
    if (*p < '0' || *p > '9') return false;
    while (*p >= '0' && *p <= '9') p++;
    if (*p++ != '-') return false;
    *stamp = p;
    for (int i = 0; i < 15; i++, p++) {
        if (i == 8 ? *p != 'T' : (*p < '0' || *p > '9')) return false;
    }
    if (*p == '-') {
        p++;
        if (*p < '0' || *p > '9') return false;
        while (*p >= '0' && *p <= '9') p++;
    }
    return strcmp(p, ".bak") == 0;
}

struct backup_file {
    char *name;
    const char *stamp;
    long serial;
};

static int backup_newer_first(const void *a, const void *b)
{
    const struct backup_file *x = a, *y = b;
    int c = strncmp(y->stamp, x->stamp, 15);
    if (c) return c;
    return (y->serial > x->serial) - (y->serial < x->serial);
}

/* Remove all but the keep newest backups of base in dir. Only our backup files are touched. */
static void prune_backups(const char *dir, const char *base, int keep)
{
    if (keep <= 0) return;
    DIR *d = opendir(dir);
    if (!d) return;
    struct backup_file *files = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *stamp;
        if (!is_backup_name(e->d_name, base, &stamp)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            files = xrealloc(files, cap * sizeof *files);
        }
        files[n].name = xstrdup(e->d_name);
        files[n].stamp = files[n].name + (stamp - e->d_name);
        files[n].serial = stamp[15] == '-' ? strtol(stamp + 16, NULL, 10) : 0;
        n++;
    }
    closedir(d);
    qsort(files, n, sizeof *files, backup_newer_first);
    for (size_t i = 0; i < n; i++) {
        if (i >= (size_t)keep) {
            char *p = xasprintf("%s/%s", dir, files[i].name);
            unlink(p);
            free(p);
        }
        free(files[i].name);
    }
    free(files);
}

/* Copy the open database to a fresh backup file; STORE_OK or STORE_ERR_BACKUP with st->err. */
static int write_backup(struct store *st, const struct store_options *opt, int old_version)
{
    char *dir = opt->backup_dir && *opt->backup_dir ? xstrdup(opt->backup_dir) : st_dir_of(st->path);
    const char *base = base_of(st->path);
    struct stat sb;
    if (stat(dir, &sb) != 0) mkdir(dir, 0700);

    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[20];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);

    char *dest = xasprintf("%s/%s.v%d-%s.bak", dir, base, old_version, stamp);
    for (int k = 2; access(dest, F_OK) == 0 && k < 1000; k++) {
        free(dest);
        dest = xasprintf("%s/%s.v%d-%s-%d.bak", dir, base, old_version, stamp, k);
    }
    char *tmp = xasprintf("%s.tmp", dest);
    unlink(tmp);

    /* the copy holds what the database holds: owner-only, like it, synced before it is named */
    const char *why;
    int rc = st_copy_db(st->db, tmp, false, &why);
    if (rc == SQLITE_OK && rename(tmp, dest) != 0) rc = SQLITE_CANTOPEN;

    int result = STORE_OK;
    if (rc != SQLITE_OK) {
        unlink(tmp);
        result = st_fail(st, STORE_ERR_BACKUP,
                         "升级数据库 %s 前备份失败：无法写入 %s（数据库未改动）", st->path, dest);
    } else {
        zb_strlcpy(st->last_backup, dest, sizeof st->last_backup);
        prune_backups(dir, base, opt->backup_keep);
    }
    free(tmp);
    free(dest);
    free(dir);
    return result;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? rc : sqlite3_extended_errcode(db);
}

static int migrate(struct store *st, int from, int to)
{
    for (int v = from + 1; v <= to; v++) {
        char setver[48];
        snprintf(setver, sizeof setver, "PRAGMA user_version = %d", v);
        int rc = exec_sql(st->db, "BEGIN IMMEDIATE");
        /* Another process may have migrated while we waited for the write lock. */
        int now_at = 0;
        if (rc == SQLITE_OK) rc = query_int(st->db, "PRAGMA user_version", &now_at);
        if (rc == SQLITE_OK && now_at >= v) {
            rc = exec_sql(st->db, "COMMIT");
            if (rc == SQLITE_OK) continue;
        }
        if (rc == SQLITE_OK) rc = exec_sql(st->db, migration_sql(v));
        if (rc == SQLITE_OK) rc = exec_sql(st->db, setver);
        if (rc == SQLITE_OK) rc = exec_sql(st->db, "COMMIT");
        if (rc != SQLITE_OK) {
            const char *why = sqlite3_errmsg(st->db);
            st_fail(st, (rc & 0xff) == SQLITE_BUSY ? STORE_ERR_BUSY : STORE_ERR,
                    "数据库 %s 升级到版本 %d 失败：%s", st->path, v, why);
            if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return (rc & 0xff) == SQLITE_BUSY ? STORE_ERR_BUSY : STORE_ERR;
        }
    }
    return STORE_OK;
}

static int set_pragmas(struct store *st)
{
    int rc = exec_sql(st->db, "PRAGMA foreign_keys = ON");
    if (rc == SQLITE_OK) rc = exec_sql(st->db, "PRAGMA journal_mode = WAL");
    /* FULL: a commit is on the disk when it returns, log included (a pulled stick or a power
     * cut must not drop a saved meeting); NORMAL would keep the log's last commits at risk */
    if (rc == SQLITE_OK) rc = exec_sql(st->db, "PRAGMA synchronous = FULL");
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "打开数据库");
    return STORE_OK;
}

/* Before SQLite's first use: no memory statistics (a global mutex on every allocation, which
 * the audit's loader threads would otherwise contend for). */
static void sqlite_setup(void)
{
    static bool done;
    if (done) return;
    done = true;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* "file:PATH?immutable=1": read without locks or log files, for a place where nothing can
 * write (the log files cannot be made there) and no write-ahead log holds content. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *uri = xmalloc(n * 3 + 32), *w = uri;
    w += sprintf(w, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p == 0x7f)
            w += sprintf(w, "%%%02X", *p);
        else
            *w++ = (char)*p;
    }
    strcpy(w, "?immutable=1");
    return uri;
}

/* Whether the log files can be made beside path. */
static bool dir_writable(const char *path)
{
    char *dir = st_dir_of(path);
    bool ok = access(dir, W_OK | X_OK) == 0;
    free(dir);
    return ok;
}

/* Bytes free for us in the directory of path, or -1 when unknown. */
static long long free_bytes(const char *path)
{
    char *dir = st_dir_of(path);
    struct statvfs v;
    long long n = statvfs(dir, &v) == 0 ? (long long)v.f_bavail * (long long)v.f_frsize : -1;
    free(dir);
    return n;
}

enum create_how { CREATE_NONE, CREATE_NEW, CREATE_ADOPT };

/* Open the connection: read-write (creating the file 0600 when new), or read-only. */
static int connect_db(struct store *st, enum create_how create, bool immutable,
                      enum store_access mode, char *err, size_t errsz)
{
    /* one connection used by one thread: no mutexes needed around it */
    int flags = SQLITE_OPEN_NOMUTEX;
    char *name = NULL;
    if (mode != STORE_READ_WRITE) {
        flags |= SQLITE_OPEN_READONLY;
        if (immutable) {
            flags |= SQLITE_OPEN_URI;
            name = immutable_uri(st->path);
        }
    } else {
        flags |= SQLITE_OPEN_READWRITE;
        /* made here, owner-only: SQLite gives the log files the mode of the database; an
         * empty file taken for a new database becomes owner-only too */
        bool made = true;
        if (create == CREATE_NEW) {
            int fd = zb_create_private(st->path, true);
            made = fd >= 0;
            if (made) close(fd);
        } else if (create == CREATE_ADOPT) {
            made = chmod(st->path, 0600) == 0;
        }
        if (!made)
            return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法创建数据库 %s：%s",
                             st->path, zb_errno_text(errno));
    }
    int src = sqlite3_open_v2(name ? name : st->path, &st->db, flags, NULL);
    free(name);
    st->immutable = immutable && mode != STORE_READ_WRITE;
    if (src != SQLITE_OK)
        return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：%s", st->path,
                         st->db ? sqlite3_errmsg(st->db) : "内存不足");
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    st->mode = mode;
    if (st_user_sql_functions(st->db) != SQLITE_OK)
        return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：%s", st->path,
                         sqlite3_errmsg(st->db));
    return STORE_OK;
}

int st_open_reader(const struct store *st, sqlite3 **db)
{
    char *name = st->immutable ? immutable_uri(st->path) : NULL;
    int rc = sqlite3_open_v2(name ? name : st->path, db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX |
                                 (name ? SQLITE_OPEN_URI : 0),
                             NULL);
    free(name);
    return rc;
}

static void disconnect(struct store *st)
{
    for (int i = 0; i < STMT_COUNT; i++) {
        sqlite3_finalize(st->cache[i]);
        st->cache[i] = NULL;
    }
    sqlite3_close(st->db);
    st->db = NULL;
}

/* The one-off writes an open may do (migrations, baselines, the office's key): each in a
 * transaction of its own. */
static int open_writes(struct store *st, int version, int target, const struct store_options *opt)
{
    int rc = set_pragmas(st);
    if (rc == STORE_OK) rc = migrate(st, version, target);
    /* A ledger kept before the journal existed: its rows as they stand become the journal's
     * starting point (entries "baseline"), so that verification starts from the upgrade. */
    if (rc == STORE_OK && version >= 1 && version < 6 && target >= 6) {
        rc = store_begin(st);
        if (rc == STORE_OK) rc = st_journal_baseline(st);
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* A ledger from version 6 or 7: the branch's JSON gained dues_start (copied from meta by
     * the migration); a baseline entry for each branch where that is the only difference. */
    if (rc == STORE_OK && version >= 6 && version < 8 && target >= 8) {
        rc = store_begin(st);
        if (rc == STORE_OK) rc = st_branch_dues_start_baseline(st);
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* A ledger from before version 9: the group's JSON gained start_date and end_date. */
    if (rc == STORE_OK && version >= 6 && version < 9 && target >= 9) {
        rc = store_begin(st);
        if (rc == STORE_OK) rc = st_group_dates_baseline(st);
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* The office's identity, once; the test mark only on a database made by this open. */
    if (rc == STORE_OK) {
        rc = store_begin(st);
        if (rc == STORE_OK)
            rc = st_office_ensure(st, version == 0, version == 0 && (opt->test_clock || test_mark_new));
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* Accounts journaled before the history stopped keeping password hashes: one entry each
     * with the row as it is now journaled (user.c). Best effort: a full disk or a busy file
     * only puts it off to a later open (verify names those accounts until then). */
    if (rc == STORE_OK) {
        int urc = store_begin(st);
        if (urc == STORE_OK) urc = st_user_json_baseline(st);
        if (urc == STORE_OK) store_commit(st);
        else st_abort(st, urc);
        st->err[0] = '\0';
        st->disk_full = false;
    }
    return rc;
}

int store_open(const char *path, const struct store_options *opt, struct store **out,
               char *err, size_t errsz)
{
    sqlite_setup();
    static const struct store_options defaults = {.create = false};
    *out = NULL;
    if (err && errsz) err[0] = '\0';
    if (!opt) opt = &defaults;
    if (!path || !*path) return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "未指定数据库文件");

    bool exists, adopt, readonly;
    int rc = check_location(path, opt, &exists, &adopt, &readonly, err, errsz);
    if (rc != STORE_OK) return rc;

    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    zb_strlcpy(st->user, opt->user && *opt->user ? opt->user : "system", sizeof st->user);

    /* A place nobody can write (the log files cannot be made beside the file): read without
     * them when no log holds content; else read through the log, read-only. */
    bool immutable = readonly && !wal_has_content(path) && !dir_writable(path);
    enum create_how how = adopt ? CREATE_ADOPT : exists ? CREATE_NONE : CREATE_NEW;
    rc = connect_db(st, how, immutable, readonly ? STORE_READ_ONLY : STORE_READ_WRITE, err, errsz);
    if (rc != STORE_OK) goto fail;

    /* Read before writing anything: a foreign or newer file must stay byte-identical. */
    int version = 0;
    int src = query_int(st->db, "PRAGMA user_version", &version);
    /* A disk too full for the log's shared-memory index: read the file as it is, writes
     * refused with the full disk's sentence (a log holding content is read through normally
     * or not at all: it has its index already) */
    if (exists && !readonly && ((src & 0xff) == SQLITE_IOERR || (src & 0xff) == SQLITE_FULL ||
                                (src & 0xff) == SQLITE_CANTOPEN)) {
        long long left = free_bytes(path);
        if (left >= 0 && left < DISK_FULL_BYTES && !wal_has_content(path)) {
            disconnect(st);
            rc = connect_db(st, CREATE_NONE, true, STORE_DISK_FULL, err, errsz);
            if (rc != STORE_OK) goto fail;
            src = query_int(st->db, "PRAGMA user_version", &version);
        }
    }
    if ((src & 0xff) == SQLITE_NOTADB) {
        rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                       "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）", path);
        goto fail;
    }
    if ((src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED) {
        rc = open_fail(err, errsz, STORE_ERR_BUSY, "数据库 %s 正被其他程序使用，请稍后再试",
                       path);
        goto fail;
    }
    if (src != SQLITE_OK && readonly && (src & 0xff) == SQLITE_CANTOPEN) {
        rc = open_fail(err, errsz, STORE_ERR_READONLY,
                       "无法读取数据库 %s：它的预写日志（%s-wal）在只读的位置打不开，请把这几个文件"
                       "一起复制到可写的位置再打开",
                       path, base_of(path));
        goto fail;
    }
    if (src != SQLITE_OK) {
        const char *why = (src & 0xff) == SQLITE_CORRUPT ? "文件已损坏"
                          : (src & 0xff) == SQLITE_FULL ? "磁盘已满"
                          : (src & 0xff) == SQLITE_IOERR ? "读写磁盘出错"
                          : (src & 0xff) == SQLITE_CANTOPEN ? "无法打开日志文件"
                                                            : sqlite3_errmsg(st->db);
        rc = open_fail(err, errsz, STORE_ERR, "无法读取数据库 %s：%s", path, why);
        goto fail;
    }
    int target = target_version();
    if (version > target) {
        rc = open_fail(err, errsz, STORE_ERR_TOO_NEW,
                       "数据库 %s 由更新版本的 zhibu 创建（版本 %d，本程序支持 %d），请升级 zhibu",
                       path, version, target);
        goto fail;
    }
    int tables = 0;
    if (version == 0) {
        src = query_int(st->db, "SELECT count(*) FROM sqlite_schema", &tables);
        if (src != SQLITE_OK || tables > 0) {
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                           "文件 %s 不是 zhibu 数据库（含有其他程序的数据）", path);
            goto fail;
        }
        /* an SQLite file without tables is as empty as a 0-byte one: made a database only
         * when it was just created, or by a command that makes databases */
        if (exists && !opt->adopt_empty) {
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                           "文件 %s 不是 zhibu 数据库（空的 SQLite 文件；新建数据库请用 zhibu init）",
                           path);
            goto fail;
        }
    } else if (!is_ours(st->db)) {
        rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                       "文件 %s 不是 zhibu 数据库（含有其他程序的数据）", path);
        goto fail;
    }
    if (st->mode != STORE_READ_WRITE && version < target) {
        rc = open_fail(err, errsz, STORE_ERR_READONLY,
                       st->mode == STORE_DISK_FULL
                           ? "数据库 %s 须升级到新的版本才能打开，但磁盘已满：请先腾出磁盘空间"
                           : "数据库 %s 须升级到新的版本才能打开，但文件只读：请复制到可写的位置再打开",
                       path);
        goto fail;
    }
    /* the test mark is fixed when the database is created, never added to a ledger later */
    if (opt->test_clock && version != 0) {
        rc = open_fail(err, errsz, STORE_ERR_DENIED,
                       "数据库 %s 已存在：测试数据库只能在新建时标记，不能把已有的台账改为测试用",
                       path);
        goto fail;
    }
    /* until the database's mark is read, the clock is real (a database opened before in this
     * process decides nothing here); one being created as a test database has it already */
    clock_allow_override(test_mark_new || (version == 0 && opt->test_clock));

    if (version >= 1 && version < target) {
        rc = write_backup(st, opt, version);
        if (rc != STORE_OK) {
            open_fail(err, errsz, rc, "%s", st->err);
            goto fail;
        }
    }
    if (st->mode == STORE_READ_WRITE) {
        rc = open_writes(st, version, target, opt);
    } else {
        rc = exec_sql(st->db, "PRAGMA foreign_keys = ON");
        rc = rc == SQLITE_OK ? STORE_OK : st_sqlfail(st, rc, "打开数据库");
    }
    /* ZHIBU_TODAY / ZHIBU_NOW: only a test or demo database honours them (entry times are
     * evidence); a real ledger runs on the real clock whatever the environment says. */
    if (rc == STORE_OK) clock_allow_override(test_mark_new || store_office_test_clock(st));
    if (rc != STORE_OK) {
        open_fail(err, errsz, rc, "%s", st->err);
        goto fail;
    }
    st->err[0] = '\0';
    *out = st;
    return STORE_OK;

fail:
    clock_allow_override(test_mark_new); /* no database: no mark */
    store_close(st);
    /* a file this open made and could not make a database of (a full disk) is not left
     * behind: an empty file would be refused next time */
    struct stat after;
    if (how == CREATE_NEW && stat(path, &after) == 0 && after.st_size == 0) {
        static const char *const sides[] = {"-wal", "-shm", "-journal"};
        for (size_t i = 0; i < ZB_ARRAY_LEN(sides); i++) {
            char *side = xasprintf("%s%s", path, sides[i]);
            unlink(side);
            free(side);
        }
        unlink(path);
    }
    return rc;
}

/* ---- a file checked, never written (backup.c) --------------------------------------------- */

int st_open_check(const char *path, struct store **out, int *version, char *err, size_t errsz)
{
    sqlite_setup();
    *out = NULL;
    *version = 0;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return open_fail(err, errsz, STORE_ERR_NOT_FOUND, "文件 %s 不存在", path);
    if (!S_ISREG(sb.st_mode))
        return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "%s 不是普通文件", path);
    long long want = 0;
    switch (read_header(path, sb.st_size, &want)) {
    case HDR_OK: break;
    case HDR_EMPTY: return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 是空的", path);
    case HDR_FOREIGN:
        return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）",
                         path);
    case HDR_SHORT:
        return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 不完整（被截短了）", path);
    case HDR_UNREADABLE:
        return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "文件 %s 无法读取", path);
    }
    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    zb_strlcpy(st->user, "system", sizeof st->user);
    /* nothing is written beside it (a stick, a file someone handed over): read as it is, or
     * through its log when one holds content */
    int rc = connect_db(st, CREATE_NONE, !wal_has_content(path), STORE_READ_ONLY, err, errsz);
    if (rc == STORE_OK) {
        int src = query_int(st->db, "PRAGMA user_version", version);
        if (src != SQLITE_OK)
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 无法读取：%s", path,
                           (src & 0xff) == SQLITE_NOTADB    ? "不是 SQLite 文件"
                           : (src & 0xff) == SQLITE_CORRUPT ? "文件已损坏"
                                                            : sqlite3_errmsg(st->db));
        else if (*version == 0 || !is_ours(st->db))
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 不是 zhibu 数据库", path);
        else if (*version > target_version())
            rc = open_fail(err, errsz, STORE_ERR_TOO_NEW,
                           "文件 %s 由更新版本的 zhibu 写出（版本 %d，本程序支持 %d），请升级 zhibu",
                           path, *version, target_version());
        else if (exec_sql(st->db, "PRAGMA foreign_keys = ON") != SQLITE_OK)
            rc = open_fail(err, errsz, STORE_ERR, "文件 %s 无法读取", path);
    }
    if (rc != STORE_OK) {
        store_close(st);
        return rc;
    }
    *out = st;
    return STORE_OK;
}

void st_disconnect(struct store *st)
{
    if (st->db) disconnect(st);
}

int st_reconnect(struct store *st, bool read_only)
{
    char err[512];
    if (st->db) disconnect(st);
    int rc = connect_db(st, CREATE_NONE, false, read_only ? STORE_READ_ONLY : STORE_READ_WRITE, err,
                        sizeof err);
    if (rc == STORE_OK)
        rc = read_only ? (exec_sql(st->db, "PRAGMA foreign_keys = ON") == SQLITE_OK ? STORE_OK
                                                                                     : STORE_ERR)
                       : set_pragmas(st);
    if (rc != STORE_OK) st_fail(st, rc, "%s", err[0] ? err : "无法重新打开数据库");
    return rc;
}

void store_close(struct store *st)
{
    if (!st) return;
    for (int i = 0; i < STMT_COUNT; i++) sqlite3_finalize(st->cache[i]);
    if (st->db) {
        if (st->tx_depth > 0 && !sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(st->db);
    }
    store_conflict_free(&st->conflict);
    free(st->path);
    free(st);
}

const char *store_errmsg(const struct store *st)
{
    return st ? st->err : "";
}

int store_schema_version(struct store *st)
{
    int v = 0;
    if (query_int(st->db, "PRAGMA user_version", &v) != SQLITE_OK) return -1;
    return v;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

enum store_access store_access_mode(const struct store *st)
{
    return st->mode;
}

void store_set_user(struct store *st, const char *user)
{
    if (st->logged_in) return; /* after store_login the handle writes as that user only */
    zb_strlcpy(st->user, user && *user ? user : "system", sizeof st->user);
}

const char *store_last_backup(const struct store *st)
{
    return st->last_backup;
}

/* ---- transactions ---------------------------------------------------------------------- */

/* The outermost level is BEGIN IMMEDIATE ... COMMIT; inner levels are savepoints, so that a
 * failed inner write (e.g. one member of a demo batch) can be undone without the outer work. */
int store_begin(struct store *st)
{
    /* a handle that only reads refuses every write before it starts */
    if (st->mode == STORE_DISK_FULL) {
        st->disk_full = true;
        return st_fail(st, STORE_ERR_READONLY, "%s", ST_MSG_DISK_FULL);
    }
    if (st->mode == STORE_READ_ONLY) return st_fail(st, STORE_ERR_READONLY, "%s", ST_MSG_READ_ONLY);
    int rc = st->tx_depth == 0 ? run_simple(st, S_BEGIN, "BEGIN IMMEDIATE")
                               : run_simple(st, S_SAVEPOINT, "SAVEPOINT zb");
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "开始事务");
    if (st->tx_depth == 0) st->seal_from = 0;
    st->tx_depth++;
    return STORE_OK;
}

int store_commit(struct store *st)
{
    if (st->tx_depth <= 0) return st_fail(st, STORE_ERR, "提交失败：没有进行中的事务");
    if (sqlite3_get_autocommit(st->db)) {
        /* SQLite already rolled the transaction back (e.g. disk full). */
        st->tx_depth = 0;
        return st_fail(st, STORE_ERR, "提交失败：事务已被撤销");
    }
    if (st->tx_depth == 1) {
        /* the journal's hashes are part of what is committed */
        int jr = st_journal_seal(st);
        if (jr != STORE_OK) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            st->tx_depth = 0;
            return jr;
        }
    }
    int rc = st->tx_depth == 1 ? run_simple(st, S_COMMIT, "COMMIT")
                               : run_simple(st, S_RELEASE, "RELEASE zb");
    if (rc != SQLITE_OK) {
        int r = st_sqlfail(st, rc, "保存");
        if (st->tx_depth == 1) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            st->tx_depth = 0;
        }
        return r;
    }
    st->tx_depth--;
    return STORE_OK;
}

int store_rollback(struct store *st)
{
    if (st->tx_depth <= 0) return STORE_OK;
    if (sqlite3_get_autocommit(st->db)) {
        st->tx_depth = 0;
        return STORE_OK;
    }
    int rc;
    if (st->tx_depth == 1) {
        rc = run_simple(st, S_ROLLBACK, "ROLLBACK");
    } else {
        rc = run_simple(st, S_ROLLBACK_TO, "ROLLBACK TO zb");
        if (rc == SQLITE_OK) rc = run_simple(st, S_RELEASE, "RELEASE zb");
    }
    st->tx_depth--;
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "撤销");
    return STORE_OK;
}

int st_abort(struct store *st, int rc)
{
    char keep[sizeof st->err];
    memcpy(keep, st->err, sizeof keep);
    store_rollback(st);
    memcpy(st->err, keep, sizeof keep);
    return rc;
}

/* ---- uuid ------------------------------------------------------------------------------ */

void store_uuid(char out[UUID_STR_LEN])
{
    unsigned char b[16];
    sqlite3_randomness(sizeof b, b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, UUID_STR_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

/* ---- meta ------------------------------------------------------------------------------ */

int store_meta_get(struct store *st, const char *key, char *val, size_t valsz)
{
    sqlite3_stmt *s = st_stmt(st, S_META_GET, "SELECT value FROM meta WHERE key = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, key);
    int rc = sqlite3_step(s);
    int result = STORE_OK;
    if (rc == SQLITE_ROW) {
        if (val && valsz) st_col_text(s, 0, val, valsz);
    } else if (rc == SQLITE_DONE) {
        if (val && valsz) val[0] = '\0';
        result = st_fail(st, STORE_ERR_NOT_FOUND, "设置 %s 不存在", key);
    } else {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取设置");
    }
    st_done(s);
    return result;
}

int store_meta_set(struct store *st, const char *key, const char *val)
{
    sqlite3_stmt *s = st_stmt(st, S_META_SET,
                              "INSERT INTO meta(key, value) VALUES (?1, ?2)"
                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, key);
    st_bind_text(s, 2, val);
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存设置");
    return STORE_OK;
}

/* ---- history --------------------------------------------------------------------------- */

/* The JSON of one row from a cached single-column statement bound with ?1 = id: heap, or
 * NULL (no statement, or row missing). */
static char *row_json(struct store *st, enum stmt_id id, const char *sql, int64_t row_id)
{
    if (!sql) return NULL;
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, row_id);
    char *json = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        json = xstrdup((const char *)sqlite3_column_text(s, 0));
    st_done(s);
    return json;
}

int64_t st_history_begin(struct store *st, const char *table, const char *row_uuid,
                         const char *action, enum stmt_id old_id, const char *old_sql,
                         int64_t row_id)
{
    char *old_json = row_json(st, old_id, old_sql, row_id);
    sqlite3_stmt *s = st_stmt(st, S_HISTORY_INSERT,
                              "INSERT INTO history(uuid, table_name, row_uuid, action, changed_at,"
                              " changed_by, old_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) {
        free(old_json);
        return STORE_ERR;
    }
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 5, now);
    st_bind_text(s, 2, table);
    st_bind_text(s, 3, row_uuid);
    st_bind_text(s, 4, action);
    if (old_json)
        sqlite3_bind_text(s, 7, old_json, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 7);
    int rc = sqlite3_step(s);
    st_done(s);
    free(old_json);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "记录修改历史");
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (!st->seal_from) st->seal_from = id;
    return id;
}

int st_history_finish(struct store *st, int64_t hist_id, enum stmt_id new_id,
                      const char *new_sql, int64_t row_id)
{
    char *new_json = row_json(st, new_id, new_sql, row_id);
    sqlite3_stmt *s =
        st_stmt(st, S_HISTORY_SET_NEW, "UPDATE history SET new_json = ?2 WHERE id = ?1");
    if (!s) {
        free(new_json);
        return STORE_ERR;
    }
    sqlite3_bind_int64(s, 1, hist_id);
    if (new_json)
        sqlite3_bind_text(s, 2, new_json, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 2);
    int rc = sqlite3_step(s);
    st_done(s);
    free(new_json);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "记录修改历史");
    return STORE_OK;
}

int st_history_same(struct store *st, int64_t hist_id)
{
    sqlite3_stmt *s = st_stmt(st, S_HISTORY_SAME,
                              "SELECT json_remove(old_json, '$.updated_at')"
                              " IS json_remove(new_json, '$.updated_at') FROM history WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, hist_id);
    int rc = sqlite3_step(s);
    int same = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) != 0 : 0;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取修改历史");
    return same;
}

int st_update_probe(struct store *st, enum stmt_id json_id, const char *json_sql, int64_t row_id,
                    int (*write)(struct store *st, void *ctx), void *ctx)
{
    char *before = row_json(st, json_id, json_sql, row_id);
    int rc = store_begin(st);
    if (rc) {
        free(before);
        return rc;
    }
    rc = write(st, ctx);
    char *after = rc == STORE_OK ? row_json(st, json_id, json_sql, row_id) : NULL;
    int rb = store_rollback(st);
    if (rc == STORE_OK && rb != STORE_OK) rc = rb;
    int same = 0;
    if (rc == STORE_OK && before && after) {
        sqlite3_stmt *s = st_stmt(st, S_JSON_SAME,
                                  "SELECT json_remove(?1, '$.updated_at') IS json_remove(?2, '$.updated_at')");
        if (!s) rc = STORE_ERR;
        else {
            sqlite3_bind_text(s, 1, before, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, after, -1, SQLITE_STATIC);
            if (sqlite3_step(s) == SQLITE_ROW) same = sqlite3_column_int(s, 0) != 0;
            st_done(s);
        }
    }
    free(before);
    free(after);
    return rc != STORE_OK ? rc : same;
}

static char *col_dup(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return NULL;
    return xstrdup((const char *)sqlite3_column_text(s, col));
}

/* ---- versions: two sessions at one ledger ---------------------------------------------- */

/* A row's version is the id of its newest history entry. Every write through the store and
 * every import writes one in the same transaction as the change, ids only grow, and the index
 * history_row finds it: no column to keep, no clock to trust (two saves in one second, or a
 * test clock, still differ). */
int64_t st_row_version(struct store *st, const char *table, const char *row_uuid)
{
    sqlite3_stmt *s = st_stmt(st, S_ROW_VERSION,
                              "SELECT ifnull(max(id), 0) FROM history"
                              " WHERE table_name = ?1 AND row_uuid = ?2");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, table);
    st_bind_text(s, 2, row_uuid);
    int rc = sqlite3_step(s);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取修改记录");
    return v;
}

/* Who a login is, as people know them: the account's name, else the login itself. */
static void who_of(struct store *st, const char *login, char *out, size_t outsz)
{
    zb_strlcpy(out, login ? login : "", outsz);
    sqlite3_stmt *s = st_stmt(st, S_USER_DISPLAY,
                              "SELECT display_name FROM app_user WHERE login = ?1");
    if (!s) return;
    st_bind_text(s, 1, login);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) > 0)
        st_col_text(s, 0, out, outsz);
    st_done(s);
}

int st_conflict(struct store *st, const char *table, const char *who, const char *changed_at,
                char *was_json, char *now_json)
{
    struct store_conflict *c = &st->conflict;
    store_conflict_free(c);
    zb_strlcpy(c->table, table, sizeof c->table);
    who_of(st, who, c->who, sizeof c->who);
    char now[24];
    clock_now_iso(now);
    st_local_time(changed_at, now, c->when, sizeof c->when);
    c->was_json = was_json;
    c->now_json = now_json;
    return st_fail(st, STORE_ERR_CHANGED, "该记录已被 %s 于 %s 修改", c->who, c->when);
}

/* History entry id: when and by whom it was written, and (json not NULL) its new JSON when the
 * entry is of table/row_uuid (else NULL: a version from elsewhere shows no details rather than
 * wrong ones). */
static void history_entry(struct store *st, int64_t id, const char *table, const char *row_uuid,
                          char when[24], char who[64], char **json)
{
    when[0] = who[0] = '\0';
    if (json) *json = NULL;
    if (id <= 0) return;
    sqlite3_stmt *s = st_stmt(st, S_HISTORY_ENTRY,
                              "SELECT changed_at, changed_by, new_json, table_name = ?2"
                              " AND row_uuid = ?3 FROM history WHERE id = ?1");
    if (!s) return;
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, table);
    st_bind_text(s, 3, row_uuid);
    if (sqlite3_step(s) == SQLITE_ROW) {
        st_col_text(s, 0, when, 24);
        st_col_text(s, 1, who, 64);
        if (json && sqlite3_column_int(s, 3)) *json = col_dup(s, 2);
    }
    st_done(s);
}

int st_conflict_at(struct store *st, const char *table, int64_t newest, char *was_json,
                   char *now_json)
{
    char when[24], who[64];
    history_entry(st, newest, table, "", when, who, NULL);
    return st_conflict(st, table, who, when, was_json, now_json);
}

int st_check_version(struct store *st, const char *table, const char *row_uuid, int64_t read,
                     enum stmt_id json_id, const char *json_sql, int64_t row_id)
{
    int64_t now = st_row_version(st, table, row_uuid);
    if (now < 0) return (int)now;
    if (now == read) return STORE_OK;
    /* the row as it was read: the entry of the version read */
    char when[24], who[64], *was = NULL;
    history_entry(st, read, table, row_uuid, when, who, &was);
    return st_conflict_at(st, table, now, was, row_json(st, json_id, json_sql, row_id));
}

int store_conflict(struct store *st, struct store_conflict *out)
{
    memset(out, 0, sizeof *out);
    const struct store_conflict *c = &st->conflict;
    if (!c->table[0]) return st_fail(st, STORE_ERR_NOT_FOUND, "没有冲突");
    *out = *c;
    out->was_json = c->was_json ? xstrdup(c->was_json) : NULL;
    out->now_json = c->now_json ? xstrdup(c->now_json) : NULL;
    return STORE_OK;
}

void store_conflict_free(struct store_conflict *c)
{
    free(c->was_json);
    free(c->now_json);
    memset(c, 0, sizeof *c);
}

int store_history_list(struct store *st, const char *table_name, const char *row_uuid,
                       struct history_entry *out, int max, int *n)
{
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, S_HISTORY_LIST,
                              "SELECT id, table_name, row_uuid, action, changed_at, changed_by,"
                              " old_json, new_json FROM history"
                              " WHERE table_name = ?1 AND row_uuid = ?2 ORDER BY id DESC LIMIT ?3");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, table_name);
    st_bind_text(s, 2, row_uuid);
    sqlite3_bind_int(s, 3, max > 0 ? max : 0);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
        struct history_entry *e = &out[(*n)++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, e->table_name, sizeof e->table_name);
        st_col_text(s, 2, e->row_uuid, sizeof e->row_uuid);
        st_col_text(s, 3, e->action, sizeof e->action);
        st_col_text(s, 4, e->changed_at, sizeof e->changed_at);
        st_col_text(s, 5, e->changed_by, sizeof e->changed_by);
        e->old_json = col_dup(s, 6);
        e->new_json = col_dup(s, 7);
    }
    int err = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(st->db);
    st_done(s);
    if (err != SQLITE_OK) {
        store_history_free(out, *n);
        *n = 0;
        return st_sqlfail(st, err, "读取修改历史");
    }
    return STORE_OK;
}

void store_history_free(struct history_entry *e, int n)
{
    for (int i = 0; i < n; i++) {
        free(e[i].old_json);
        free(e[i].new_json);
        e[i].old_json = e[i].new_json = NULL;
    }
}

int st_count(struct store *st, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return -1;
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    else st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计");
    st_done(s);
    return n;
}

int store_history_count(struct store *st)
{
    return st_count(st, S_HISTORY_COUNT, "SELECT count(*) FROM history");
}

int store_user_count(struct store *st)
{
    return st_count(st, S_USER_COUNT, "SELECT count(*) FROM app_user");
}

int st_step_write(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    return STORE_OK;
}

int64_t st_insert_history(struct store *st, const char *table, const char *uuid,
                          enum stmt_id json_id, const char *json_sql)
{
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, table, uuid, "insert", json_id, NULL, id);
    if (h < 0) return h;
    int rc = st_history_finish(st, h, json_id, json_sql, id);
    return rc ? rc : id;
}

/* people_schema.h — schema version 12 (issue 19): members over a lifetime. Included by schema.c.
 * Each part belongs to one piece of work; keep additions inside your own part. Every statement
 * must be harmless on a database already in this shape (IF NOT EXISTS; ADD COLUMN only in the
 * facts part, guarded by migrate.c).
 *
 *   candidate          发展党员: a person in the pipeline before (and up to) membership, of one
 *                      branch. `stage` is the stage reached (applicant 入党申请人, activist 入党积极分子,
 *                      candidate 发展对象, probationary 预备党员 = admitted, stopped 中止 — not taken
 *                      further, with a reason in note); member_id is the roster row made at
 *                      admission (from then on the member's status, 转正 and probation decisions
 *                      are the roster's, as today). Personal facts as the member row's. Voided
 *                      with a reason (entered by mistake); never deleted.
 *   candidate_step     every dated step of a candidate: apply 递交申请书, talk 谈话 (person_id =
 *                      who talked), activist 确定为积极分子 (meeting_id the 支委会; person_id and
 *                      person2_id the two 培养联系人), observe 考察 (note), candidate 确定为发展对象
 *                      (meeting_id the 支委会), review 政治审查, training 集中培训, publicity 公示,
 *                      admit 接收为预备党员 (meeting_id the 支部党员大会; votes), approve 上级党委审批,
 *                      stop 中止 (note: why). Voided with a reason; never deleted.
 *   appraisal_result   民主评议党员: one member's result at one appraisal meeting (meeting kind
 *                      appraisal or counting as one), UNIQUE (meeting, member); follow_up for
 *                      不合格 (限期改正 correct, 劝其退党 persuade, 除名 remove, other) with its date.
 *   committee_term     换届: a committee elected on elected_date for term_years (config, 3 or 5),
 *                      by the election meeting meeting_id (a 支部党员大会 with election = 1).
 *                      Voided with a reason.
 *   office_term        the roster's office history: member_id held office from from_date to
 *                      to_date ("" = still holds it; from_date "" = since before the ledger).
 *                      member.office stays the office held today; the store keeps both in step.
 *   member.category    人员类别 (MEMBER_CATEGORIES, "" = not recorded), in the member's JSON
 *                      only when not "" (store_json.h), so that rows written before version 12
 *                      verify unchanged.
 *   dues_remittance    党费上缴: collected dues handed up: date, months covered (from_month ..
 *                      to_month), amount in 分, receipt number, note. Voided with a reason.
 * All are journaled (journal.c) and travel in the branch's ledger bundle (exchange_schema.c);
 * every column has its rule (core/row_rules.c). */
#ifndef ZHIBU_PEOPLE_SCHEMA_H
#define ZHIBU_PEOPLE_SCHEMA_H

#define SCHEMA_V12_PIPELINE                                                                   \
    "CREATE TABLE IF NOT EXISTS candidate ("                                                   \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"                                      \
    "  name TEXT NOT NULL,"                                                                    \
    "  gender TEXT NOT NULL CONSTRAINT candidate_gender CHECK (gender IN ('M','F')),"          \
    "  birth_date TEXT NOT NULL DEFAULT '',"                                                   \
    "  ethnicity TEXT NOT NULL DEFAULT '',"                                                    \
    "  education TEXT NOT NULL DEFAULT '' CONSTRAINT candidate_education CHECK (education IN" \
    "    ('','primary','junior','senior','vocational','college','bachelor','master','doctor')),"\
    "  category TEXT NOT NULL DEFAULT '' CONSTRAINT candidate_category CHECK (category IN"     \
    "    ('','worker','farmer','professional','manager','official','student','retired',"      \
    "     'military','other')),"                                                               \
    "  phone TEXT NOT NULL DEFAULT '',"                                                        \
    "  stage TEXT NOT NULL CONSTRAINT candidate_stage CHECK (stage IN ('applicant','activist',"\
    "    'candidate','probationary','stopped')),"                                              \
    "  member_id INTEGER REFERENCES member(id),"                                               \
    "  note TEXT NOT NULL DEFAULT '',"                                                         \
    "  voided_at TEXT,"                                                                        \
    "  void_reason TEXT,"                                                                      \
    "  voided_by TEXT,"                                                                        \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS candidate_branch ON candidate(branch_id, stage);"              \
    "CREATE TABLE IF NOT EXISTS candidate_step ("                                              \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  candidate_id INTEGER NOT NULL REFERENCES candidate(id),"                                \
    "  kind TEXT NOT NULL CONSTRAINT candidate_step_kind CHECK (kind IN ('apply','talk',"      \
    "    'activist','observe','candidate','review','training','publicity','admit','approve',"  \
    "    'stop')),"                                                                            \
    "  date TEXT NOT NULL,"                                                                    \
    "  meeting_id INTEGER REFERENCES meeting(id),"                                             \
    "  person_id INTEGER REFERENCES member(id),"                                               \
    "  person2_id INTEGER REFERENCES member(id),"                                              \
    "  votes_for INTEGER NOT NULL DEFAULT 0,"                                                  \
    "  votes_against INTEGER NOT NULL DEFAULT 0,"                                              \
    "  votes_abstain INTEGER NOT NULL DEFAULT 0,"                                              \
    "  note TEXT NOT NULL DEFAULT '',"                                                         \
    "  voided_at TEXT,"                                                                        \
    "  void_reason TEXT,"                                                                      \
    "  voided_by TEXT,"                                                                        \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS candidate_step_candidate ON candidate_step(candidate_id, date);"\
    "CREATE INDEX IF NOT EXISTS candidate_step_meeting ON candidate_step(meeting_id)"           \
    "  WHERE meeting_id IS NOT NULL;"

#define SCHEMA_V12_APPRAISAL                                                                  \
    "CREATE TABLE IF NOT EXISTS appraisal_result ("                                            \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"                                     \
    "  member_id INTEGER NOT NULL REFERENCES member(id),"                                      \
    "  result TEXT NOT NULL CONSTRAINT appraisal_result_result CHECK (result IN ('excellent',"  \
    "    'qualified','basic','unqualified')),"                                                 \
    "  follow_up TEXT NOT NULL DEFAULT '' CONSTRAINT appraisal_result_follow_up CHECK"         \
    "    (follow_up IN ('','correct','persuade','remove','other')),"                           \
    "  follow_up_date TEXT NOT NULL DEFAULT '',"                                               \
    "  follow_up_note TEXT NOT NULL DEFAULT '',"                                               \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL,"                                                              \
    "  UNIQUE (meeting_id, member_id)"                                                         \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS appraisal_result_member ON appraisal_result(member_id);"      \
    /* the year's appraisals of every branch (the December review: st_load_appraisal) */       \
    "CREATE INDEX IF NOT EXISTS meeting_appraisal ON meeting(date, branch_id) WHERE"           \
    "  voided_at IS NULL AND (kind = 'appraisal' OR (also_mask & 64) <> 0);"

#define SCHEMA_V12_COMMITTEE                                                                  \
    "CREATE TABLE IF NOT EXISTS committee_term ("                                              \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"                                      \
    "  elected_date TEXT NOT NULL,"                                                            \
    "  term_years INTEGER NOT NULL CONSTRAINT committee_term_years CHECK"                      \
    "    (term_years BETWEEN 1 AND 10),"                                                       \
    "  meeting_id INTEGER REFERENCES meeting(id),"                                             \
    "  note TEXT NOT NULL DEFAULT '',"                                                         \
    "  voided_at TEXT,"                                                                        \
    "  void_reason TEXT,"                                                                      \
    "  voided_by TEXT,"                                                                        \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS committee_term_branch ON committee_term(branch_id, elected_date);"\
    "CREATE TABLE IF NOT EXISTS office_term ("                                                 \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  member_id INTEGER NOT NULL REFERENCES member(id),"                                      \
    "  office TEXT NOT NULL CONSTRAINT office_term_office CHECK (office IN ('secretary',"     \
    "    'deputy','organization','publicity','discipline','committee')),"                     \
    "  from_date TEXT NOT NULL DEFAULT '',"                                                    \
    "  to_date TEXT NOT NULL DEFAULT '',"                                                      \
    "  term_id INTEGER REFERENCES committee_term(id),"                                         \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS office_term_member ON office_term(member_id, from_date);"

/* member.category: ADD COLUMN is run by migrate.c (migrate_v12_facts) only when the column is
 * missing; this part holds what may run again. */
#define SCHEMA_V12_FACTS_COLUMN                                                               \
    "ALTER TABLE member ADD COLUMN category TEXT NOT NULL DEFAULT ''"                         \
    "  CONSTRAINT member_category CHECK (category IN ('','worker','farmer','professional',"    \
    "  'manager','official','student','retired','military','other'));"
#define SCHEMA_V12_FACTS "SELECT 12;"

#define SCHEMA_V12_REMIT                                                                      \
    "CREATE TABLE IF NOT EXISTS dues_remittance ("                                             \
    "  id INTEGER PRIMARY KEY,"                                                                \
    "  uuid TEXT NOT NULL UNIQUE,"                                                             \
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"                                      \
    "  date TEXT NOT NULL,"                                                                    \
    "  from_month TEXT NOT NULL,"                                                              \
    "  to_month TEXT NOT NULL,"                                                                \
    "  amount_fen INTEGER NOT NULL CONSTRAINT dues_remittance_amount CHECK (amount_fen >= 0)," \
    "  receipt TEXT NOT NULL DEFAULT '',"                                                      \
    "  note TEXT NOT NULL DEFAULT '',"                                                         \
    "  voided_at TEXT,"                                                                        \
    "  void_reason TEXT,"                                                                      \
    "  voided_by TEXT,"                                                                        \
    "  created_at TEXT NOT NULL,"                                                              \
    "  created_by TEXT NOT NULL,"                                                              \
    "  updated_at TEXT NOT NULL"                                                               \
    ");"                                                                                       \
    "CREATE INDEX IF NOT EXISTS dues_remittance_branch ON dues_remittance(branch_id, to_month);"

/* The step: parts pipeline (发展党员), appraisal (民主评议 results), committee (换届 and office
 * history), facts (member.category: its column is added by migrate.c), remit (党费上缴). */
#define SCHEMA_V12_PARTS                                                                      \
    /* ---- part pipeline ---- */                                                             \
    SCHEMA_V12_PIPELINE                                                                       \
    /* ---- part appraisal ---- */                                                            \
    SCHEMA_V12_APPRAISAL                                                                      \
    /* ---- part committee ---- */                                                            \
    SCHEMA_V12_COMMITTEE                                                                      \
    /* ---- part facts ---- */                                                                \
    SCHEMA_V12_FACTS                                                                          \
    /* ---- part remit ---- */                                                                \
    SCHEMA_V12_REMIT                                                                          \
    /* ---- end of version 12 ---- */                                                         \
    ""

#endif

/* rows_schema.h — schema 13, part rows (issue 17): the two largest child tables without a
 * uuid, an id or timestamps of their own. Included by schema.c and migrate.c only. */
#ifndef ZHIBU_ROWS_SCHEMA_H
#define ZHIBU_ROWS_SCHEMA_H

#include "audit_schema.h"

/* Version 13, part rows. A meeting's attendance row is its (meeting, member), an allocation its
 * (payment, month): each table is keyed by that pair (WITHOUT ROWID, so the key is the table and
 * no second copy of it is kept), with no uuid, id, created_at or updated_at. Nothing read them:
 * the journal's JSON of a meeting or a payment (store_json.h) carries neither; a meeting's list
 * is in (seq, member) order (seq is the row's place in the list, one per member of a meeting);
 * the exchange gives each row a uuid derived from its parent's uuid and its key, and its
 * parent's timestamps (exchange_schema.c, keyed tables). On a 10-branch ten-year demo (dbstat,
 * MiB) the two tables took 40.6: attendance 17.7, its uuid index 8.1, its (meeting, member)
 * index 2.5; allocations 6.6, uuid index 3.1, dues_allocation_month 1.8, dues_allocation_payment
 * 0.8 — after the upgrade 6.6: attendance 4.0, allocations 1.3, dues_allocation_month 1.3.
 *
 * seq is renumbered 0, 1, 2 … in the old list order (seq, id): zhibu always wrote it so, and
 * the numbers stay as they were; a meeting whose seq repeats (not written by zhibu) keeps its
 * list order, which the journal's JSON of the meeting records — with the id gone, (seq, member)
 * alone would order it differently and verify would call the meeting changed.
 *
 * The step's SQL is only this marker: the rebuild is migrate.c's C part (migrate_v13_rows,
 * SCHEMA_V13_ROWS_ATTENDANCE and _ALLOCATION below), each run when its table still has its
 * uuid column, so that a
 * database already in shape (a unit test's downgrade) is left as it is. */
#define SCHEMA_V13_ROWS "SELECT 13;"

/* The rebuilds, each in the step's transaction with foreign keys off; zb_upgrade_row(x) is x,
 * each row written counted for the upgrade's progress (migrate.c). The rows are copied in key order
 * with every value as it was; the triggers on dues_allocation (dues_allocation_member, the
 * review's dues_paid_year_*: audit_schema.h) are made again on the new table, after the copy:
 * the sums in dues_paid_year are over the same rows and stay as they are. dues_paid_year_void
 * (on dues_payment) reads dues_allocation: dropped first and made again, so that no trigger
 * names a missing table while the new one takes the name. */
#define SCHEMA_V13_ROWS_ATTENDANCE                                                             \
    "CREATE TABLE meeting_attendance_v13 ("                                                    \
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"                                    \
    "  member_id INTEGER NOT NULL REFERENCES member(id),"                                      \
    "  voting INTEGER NOT NULL DEFAULT 0,"                                                     \
    "  mark TEXT NOT NULL CONSTRAINT attendance_mark CHECK (mark IN ('present','leave','absent')),"\
    "  reason TEXT NOT NULL DEFAULT '',"                                                       \
    "  excused INTEGER NOT NULL DEFAULT 0,"                                                    \
    "  seq INTEGER NOT NULL DEFAULT 0,"                                                        \
    "  PRIMARY KEY (meeting_id, member_id)"                                                    \
    ") WITHOUT ROWID;"                                                                         \
    "INSERT INTO meeting_attendance_v13 SELECT zb_upgrade_row(meeting_id), member_id, voting,"\
    "  mark, reason,"                                                                          \
    "  excused, row_number() OVER (PARTITION BY meeting_id ORDER BY seq, id) - 1"              \
    "  FROM meeting_attendance;"                                                               \
    "DROP TABLE meeting_attendance;"                                                           \
    "ALTER TABLE meeting_attendance_v13 RENAME TO meeting_attendance;"
#define SCHEMA_V13_ROWS_ALLOCATION                                                             \
    "DROP TRIGGER IF EXISTS dues_paid_year_void;"                                              \
    "CREATE TABLE dues_allocation_v13 ("                                                       \
    "  payment_id INTEGER NOT NULL REFERENCES dues_payment(id),"                               \
    "  month TEXT NOT NULL,"                                                                   \
    "  amount INTEGER NOT NULL,"                                                               \
    "  member_id INTEGER,"                                                                     \
    "  PRIMARY KEY (payment_id, month)"                                                        \
    ") WITHOUT ROWID;"                                                                         \
    "INSERT INTO dues_allocation_v13 SELECT zb_upgrade_row(payment_id), month, amount,"        \
    "  member_id"                                                                              \
    "  FROM dues_allocation ORDER BY payment_id, month;"                                       \
    "DROP TABLE dues_allocation;"                                                              \
    "ALTER TABLE dues_allocation_v13 RENAME TO dues_allocation;"                               \
    "CREATE INDEX dues_allocation_month ON dues_allocation(month, member_id, amount, payment_id);"\
    "CREATE TRIGGER dues_allocation_member AFTER INSERT ON dues_allocation"                    \
    "  WHEN new.member_id IS NULL BEGIN"                                                       \
    "  UPDATE dues_allocation SET member_id = (SELECT p.member_id FROM dues_payment p"         \
    "    WHERE p.id = new.payment_id) WHERE payment_id = new.payment_id AND month = new.month;"\
    " END;"                                                                                    \
    SCHEMA_AUDIT_ALLOCATION_TRIGGERS

#endif

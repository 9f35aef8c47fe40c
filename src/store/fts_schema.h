/* fts_schema.h — schema 14, part fts (issue 17): the meetings' search index without positions.
 * Included by schema.c and migrate.c only. */
#ifndef ZHIBU_FTS_SCHEMA_H
#define ZHIBU_FTS_SCHEMA_H

/* Version 14, part fts. meeting_fts (made in version 2: trigram, detail=full) is made again with
 * detail=none and columnsize=0: the index keeps which records hold a trigram, not where nor in
 * which column, and no per-record token counts (read only by ranking, which zhibu does not do).
 * On the ten-year district (dbstat, MiB) the index took 140.4 (meeting_fts_data 137.5,
 * meeting_fts_docsize 2.8); with detail=none 27.1, with detail=column 85.9.
 * A search of 3+ characters (meeting_list.c) then asks the index for the records holding its
 * trigrams and checks each candidate's own text with zb_trigram_has (meeting_search.c), which
 * folds case as the trigram tokenizer does: the records found are exactly those the detail=full
 * phrase query found.
 *
 * The rebuild is migrate.c's C part (migrate_v14_fts, SCHEMA_V14_FTS_REBUILD below), run while
 * meeting_fts is not yet detail=none, so that a database already in shape (a unit test's
 * downgrade) is left as it is.
 *
 * The step's SQL drops dues_payment_branch_date (branch_id, paid_date; 46.4 MiB on the ten-year
 * district): dues_payment_branch_from (branch_id, voided_at, from_month) serves every statement
 * that used it (EXPLAIN QUERY PLAN on the ten-year district, each statement zhibu prepared in
 * the dues, audit, bundle, remit, stats and review tests): a branch's payments for the
 * exchange (its rows, its allocations, min/max/count of its ids) by the same branch_id prefix,
 * covering where it was; the receipt number's check (a branch's year, voided_at IS NULL) by
 * (branch_id, voided_at) and the row: the branch's payments instead of one year's, 0.1 -> 1.0
 * ms for the biggest branch (8,068 payments). The other indexes stay: the uuid (the exchange
 * finds rows by it; UNIQUE), dues_payment_member (a member's payments, the review's sums),
 * branch_from (the township table's first month: one seek a branch), dues_payment_voided
 * (voided rows only), dues_allocation_month (verify's sums read the allocations in month order:
 * 0.7 s with it, 1.3 s sorted without). IF EXISTS: harmless again after a test's downgrade. */
#define SCHEMA_V14_FTS "DROP INDEX IF EXISTS dues_payment_branch_date;"

/* How migrate_v14_fts tells a meeting_fts already rebuilt: its CREATE text holds this. */
#define SCHEMA_V14_FTS_DONE "detail=none"

/* The rebuild, in the step's transaction: the triggers as in version 2 (they name the table,
 * dropped first so that none names a missing table), the index filled from meeting. */
#define SCHEMA_V14_FTS_REBUILD                                                                 \
    "DROP TRIGGER IF EXISTS meeting_fts_insert;"                                               \
    "DROP TRIGGER IF EXISTS meeting_fts_delete;"                                               \
    "DROP TRIGGER IF EXISTS meeting_fts_update;"                                               \
    "DROP TABLE IF EXISTS meeting_fts;"                                                        \
    "CREATE VIRTUAL TABLE meeting_fts USING fts5(topics, minutes, content='meeting',"          \
    "  content_rowid='id', tokenize='trigram', detail=none, columnsize=0);"                   \
    "INSERT INTO meeting_fts(meeting_fts) VALUES ('rebuild');"                                 \
    "CREATE TRIGGER meeting_fts_insert AFTER INSERT ON meeting BEGIN"                          \
    "  INSERT INTO meeting_fts(rowid, topics, minutes) VALUES (new.id, new.topics, new.minutes);"\
    " END;"                                                                                    \
    "CREATE TRIGGER meeting_fts_delete AFTER DELETE ON meeting BEGIN"                          \
    "  INSERT INTO meeting_fts(meeting_fts, rowid, topics, minutes)"                           \
    "    VALUES ('delete', old.id, old.topics, old.minutes);"                                  \
    " END;"                                                                                    \
    "CREATE TRIGGER meeting_fts_update AFTER UPDATE OF topics, minutes ON meeting BEGIN"      \
    "  INSERT INTO meeting_fts(meeting_fts, rowid, topics, minutes)"                           \
    "    VALUES ('delete', old.id, old.topics, old.minutes);"                                  \
    "  INSERT INTO meeting_fts(rowid, topics, minutes) VALUES (new.id, new.topics, new.minutes);"\
    " END;"

#endif

/* audit_schema.h — schema version 10, part audit (issue 17): dues_paid_year, what the monthly
 * review reads of the dues allocations. Included by schema.c and journal_derived.c (verify's
 * check that the sums are the allocations').
 *
 * dues_paid_year holds, for each member and calendar year, the month-by-month sum of the
 * allocations of the member's payments that are not voided (m1 = January … m12 = December; 0
 * where nothing was allocated). It is derived data, never written by C code: the triggers
 * below keep it in step with every write to dues_allocation (insert, delete, a change of
 * member_id, month, amount or payment_id) and with a payment voided or restored (voided_at
 * set or cleared), so the forms, the bundle import and the demo need do nothing. It is not
 * exchanged or journaled: a bundle carries dues_allocation, and the office that imports it sums
 * it here by the same triggers. verify sums the allocations again and names every member and
 * year whose stored sums differ (journal_derived.c): a change here behind zhibu's back would
 * otherwise change what the review concludes without a trace.
 *
 * Why: the review of a month reads the allocations of AUDIT_DUES_WINDOW months for every member
 * of the district; one row a member and year instead of one a member and month is twelve
 * times fewer rows to step (45,000 instead of 265,000 on the two-year district demo). The
 * review reads the twelve as one text column, `months` ("m1 m2 … m12", kept by SQLite as a
 * stored generated column): one column read a row instead of twelve (each costs SQLite about
 * as much as the number's parse in C).
 *
 * A member is the allocation's member_id, else (a row inserted without it, before the trigger
 * dues_allocation_member fills it) its payment's. Months not of the form "YYYY-MM" (01–12)
 * are left out, as the loaders' dues_ym_parse / st_fast_ym leave them out.
 *
 * Also: member_group carries the columns the review's count of a group's members on the roster
 * tests (audit_jobs.c GROUPS_SQL), so that count reads the index alone, not a member row each.
 *
 * The migration from version 9 fills the table from the rows already there (the statement
 * below, before the triggers are made). If version 10 rebuilds dues_allocation (another part),
 * that rebuild must come BEFORE this part: dropping the old table drops these triggers, and
 * rows copied into a table that has them would be counted twice. */
#ifndef ZHIBU_AUDIT_SCHEMA_H
#define ZHIBU_AUDIT_SCHEMA_H

/* the twelve months: M(x, sign, "01") … M(x, sign, "12") */
#define PY_MONTHS(M, x, sign)                                                                  \
    M(x, sign, "01") M(x, sign, "02") M(x, sign, "03") M(x, sign, "04") M(x, sign, "05")       \
    M(x, sign, "06") M(x, sign, "07") M(x, sign, "08") M(x, sign, "09") M(x, sign, "10")       \
    M(x, sign, "11") M(x, sign, "12")
#define PY_COLS " (year, member_id, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12)"
/* one row's amount in its month's column, 0 in the others */
#define PY_ONE(x, sign, mm) ", CASE WHEN substr(" x ".month, 6, 2) = '" mm "' THEN " sign x ".amount ELSE 0 END"
/* the rows' amounts summed by month */
#define PY_SUM(x, sign, mm) ", " sign "sum(CASE WHEN substr(" x ".month, 6, 2) = '" mm "' THEN " x ".amount ELSE 0 END)"
#define PY_VALID(x)                                                                            \
    " " x ".month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND substr(" x ".month, 6, 2) BETWEEN '01' AND '12'"
#define PY_MEMBER(x)                                                                           \
    "coalesce(" x ".member_id, (SELECT p.member_id FROM dues_payment p WHERE p.id = " x ".payment_id))"
#define PY_NOT_VOIDED(x)                                                                       \
    " NOT EXISTS (SELECT 1 FROM dues_payment p WHERE p.id = " x ".payment_id AND p.voided_at IS NOT NULL)"
#define PY_UPSERT                                                                              \
    " ON CONFLICT (year, member_id) DO UPDATE SET m1 = m1 + excluded.m1, m2 = m2 + excluded.m2,"  \
    " m3 = m3 + excluded.m3, m4 = m4 + excluded.m4, m5 = m5 + excluded.m5,"                    \
    " m6 = m6 + excluded.m6, m7 = m7 + excluded.m7, m8 = m8 + excluded.m8,"                    \
    " m9 = m9 + excluded.m9, m10 = m10 + excluded.m10, m11 = m11 + excluded.m11,"              \
    " m12 = m12 + excluded.m12;"
/* add (sign "") or take away (sign "-") one allocation row (new or old) */
#define PY_APPLY(x, sign)                                                                      \
    " INSERT INTO dues_paid_year" PY_COLS " SELECT CAST(substr(" x ".month, 1, 4) AS INTEGER), " \
    PY_MEMBER(x) PY_MONTHS(PY_ONE, x, sign) " WHERE" PY_VALID(x) " AND " PY_MEMBER(x)          \
    " IS NOT NULL AND" PY_NOT_VOIDED(x) PY_UPSERT

/* The triggers that keep dues_paid_year in step with dues_allocation and the voiding of
 * payments: part of SCHEMA_V10_AUDIT, and made again by schema 13's rebuild of dues_allocation
 * (rows_schema.h). */
#define SCHEMA_AUDIT_ALLOCATION_TRIGGERS                                                       \
    "CREATE TRIGGER dues_paid_year_insert AFTER INSERT ON dues_allocation BEGIN"               \
    PY_APPLY("new", "") " END;"                                                                \
    "CREATE TRIGGER dues_paid_year_delete AFTER DELETE ON dues_allocation BEGIN"               \
    PY_APPLY("old", "-") " END;"                                                               \
    /* (the fill of a NULL member_id by dues_allocation_member changes no row's member) */     \
    "CREATE TRIGGER dues_paid_year_update"                                                     \
    "  AFTER UPDATE OF member_id, month, amount, payment_id ON dues_allocation"                \
    "  WHEN old.month IS NOT new.month OR old.amount IS NOT new.amount"                        \
    "  OR old.payment_id IS NOT new.payment_id OR " PY_MEMBER("old") " IS NOT " PY_MEMBER("new") \
    " BEGIN" PY_APPLY("old", "-") PY_APPLY("new", "") " END;"                                  \
    /* a payment voided takes its allocations away; restored, gives them back */               \
    "CREATE TRIGGER dues_paid_year_void AFTER UPDATE OF voided_at ON dues_payment"             \
    "  WHEN (old.voided_at IS NULL) <> (new.voided_at IS NULL) BEGIN"                          \
    "  INSERT INTO dues_paid_year" PY_COLS " SELECT CAST(substr(a.month, 1, 4) AS INTEGER) AS y," \
    "  coalesce(a.member_id, new.member_id) AS mid"                                            \
    PY_MONTHS(PY_SUM, "a", "CASE WHEN new.voided_at IS NULL THEN 1 ELSE -1 END * ")           \
    " FROM dues_allocation a WHERE a.payment_id = new.id AND" PY_VALID("a")                   \
    " GROUP BY y, mid HAVING mid IS NOT NULL" PY_UPSERT " END;"

#define SCHEMA_V10_AUDIT                                                                       \
    "CREATE TABLE dues_paid_year (year INTEGER NOT NULL, member_id INTEGER NOT NULL,"          \
    "  m1 INTEGER NOT NULL DEFAULT 0, m2 INTEGER NOT NULL DEFAULT 0,"                          \
    "  m3 INTEGER NOT NULL DEFAULT 0, m4 INTEGER NOT NULL DEFAULT 0,"                          \
    "  m5 INTEGER NOT NULL DEFAULT 0, m6 INTEGER NOT NULL DEFAULT 0,"                          \
    "  m7 INTEGER NOT NULL DEFAULT 0, m8 INTEGER NOT NULL DEFAULT 0,"                          \
    "  m9 INTEGER NOT NULL DEFAULT 0, m10 INTEGER NOT NULL DEFAULT 0,"                         \
    "  m11 INTEGER NOT NULL DEFAULT 0, m12 INTEGER NOT NULL DEFAULT 0,"                        \
    "  months TEXT GENERATED ALWAYS AS (printf('%d %d %d %d %d %d %d %d %d %d %d %d', m1, m2,"  \
    "  m3, m4, m5, m6, m7, m8, m9, m10, m11, m12)) STORED,"                                    \
    "  PRIMARY KEY (year, member_id)) WITHOUT ROWID;"                                          \
    /* the migration from version 9: the rows already there */                                 \
    "INSERT INTO dues_paid_year" PY_COLS " SELECT CAST(substr(a.month, 1, 4) AS INTEGER) AS y, " \
    PY_MEMBER("a") " AS mid" PY_MONTHS(PY_SUM, "a", "") " FROM dues_allocation a WHERE"       \
    PY_VALID("a") " AND" PY_NOT_VOIDED("a") " GROUP BY y, mid HAVING mid IS NOT NULL;"         \
    SCHEMA_AUDIT_ALLOCATION_TRIGGERS                                                           \
    "DROP INDEX member_group;"                                                                 \
    "CREATE INDEX member_group ON member(group_id, join_date, leave_status, leave_date);"

#endif

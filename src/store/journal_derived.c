/* journal_derived.c — verify's check of the data derived from journaled rows (issue 17).
 *
 * dues_paid_year (audit_schema.h) is what the monthly review reads of the dues: the allocations
 * of the payments not voided, summed by member and year, kept by triggers. It is not journaled
 * itself, so a change to it behind zhibu's back would change what the review concludes while
 * every journaled row still matched its journal. verify therefore sums the allocations again
 * (the rows it has just compared with the journal) and names every member and year whose stored
 * sums differ — a row changed, added or removed — as a row changed outside zhibu. A year whose
 * twelve sums are all 0 is the same as no row (the triggers leave such rows after a void). */
#include "journal_priv.h"

#include <stdio.h>

#include "audit_schema.h"

#define PY_M12 "m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12"
#define PY_NONZERO                                                                             \
    "(m1 <> 0 OR m2 <> 0 OR m3 <> 0 OR m4 <> 0 OR m5 <> 0 OR m6 <> 0 OR m7 <> 0 OR m8 <> 0"    \
    " OR m9 <> 0 OR m10 <> 0 OR m11 <> 0 OR m12 <> 0)"

/* Each (year, member) whose stored sums are not the sums of its allocations: year, member id,
 * the member's uuid and branch (NULL: no such member). ALL: every branch. ONE: the members of
 * branch ?1, their allocations reached through their payments (dues_payment_member,
 * dues_allocation_payment), so that one branch of a district does not sum the whole district's
 * allocations. */
#define DERIVED_SQL(SCOPE_A, SCOPE_Y, SCOPE_M)                                                  \
    "WITH sums(year, member_id, " PY_M12 ") AS (SELECT CAST(substr(a.month, 1, 4) AS INTEGER),"   \
    "  " PY_MEMBER("a") " AS mid" PY_MONTHS(PY_SUM, "a", "") " FROM dues_allocation a WHERE"    \
    PY_VALID("a") " AND" PY_NOT_VOIDED("a") SCOPE_A " GROUP BY 1, 2 HAVING mid IS NOT NULL),"   \
    " want AS (SELECT * FROM sums WHERE " PY_NONZERO SCOPE_Y "),"                              \
    " have AS (SELECT year, member_id, " PY_M12 " FROM dues_paid_year WHERE " PY_NONZERO        \
    SCOPE_Y "),"                                                                               \
    " diff AS (SELECT year, member_id FROM (SELECT * FROM have EXCEPT SELECT * FROM want)"     \
    "  UNION SELECT year, member_id FROM (SELECT * FROM want EXCEPT SELECT * FROM have))"      \
    " SELECT d.year, d.member_id, m.uuid, m.branch_id FROM diff d"                             \
    " LEFT JOIN member m ON m.id = d.member_id" SCOPE_M " ORDER BY d.member_id, d.year"

#define BRANCH_MEMBERS "(SELECT zm_.id FROM member zm_ WHERE zm_.branch_id = ?1)"
static const char DERIVED_ALL_SQL[] = DERIVED_SQL("", "", "");
static const char DERIVED_ONE_SQL[] = DERIVED_SQL(
    " AND a.payment_id IN (SELECT zp_.id FROM dues_payment zp_ WHERE zp_.member_id IN"
    " " BRANCH_MEMBERS ")",
    " AND member_id IN " BRANCH_MEMBERS, " WHERE m.branch_id = ?1");

int st_verify_derived(struct store *st, int64_t branch_id, st_derived_fn report, void *ctx)
{
    sqlite3_stmt *s = st_stmt(st, branch_id ? DERIVED_ONE_SQL : DERIVED_ALL_SQL);
    if (!s) return STORE_ERR;
    if (branch_id) sqlite3_bind_int64(s, 1, branch_id);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *uuid = sqlite3_column_text(s, 2);
        char id[32];
        snprintf(id, sizeof id, "#%lld", (long long)sqlite3_column_int64(s, 1));
        report(ctx, sqlite3_column_int64(s, 3), uuid ? (const char *)uuid : id,
               sqlite3_column_int(s, 0));
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验党费汇总");
    st_done(s);
    return rc;
}

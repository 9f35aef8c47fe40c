/* journal_status.c — what a whole-database verify leaves behind (moved from journal_verify.c):
 * "verify:<branch>" in meta for every branch, read back by store_journal_status. */
#include "journal_priv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/util.h"

#define VERIFY_KEY "verify:"

/* After a whole-database run: "verify:<branch>" = "ok|bad <when>" for every branch and 0. */
void st_verify_remember(struct store *st, const int64_t *bad, size_t nbad)
{
    char now[24];
    clock_now_iso(now);
    sqlite3_stmt *s = st_stmt(st, "SELECT 0 UNION ALL SELECT id FROM branch");
    if (!s) return;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    st_done(s);
    if (store_begin(st) != STORE_OK) {
        free(ids);
        return;
    }
    int rc = STORE_OK;
    for (size_t i = 0; i < n && rc == STORE_OK; i++) {
        bool is_bad = false;
        for (size_t j = 0; j < nbad && !is_bad; j++) is_bad = bad[j] == ids[i];
        char key[40], val[40];
        snprintf(key, sizeof key, VERIFY_KEY "%lld", (long long)ids[i]);
        snprintf(val, sizeof val, "%s %s", is_bad ? "bad" : "ok", now);
        rc = store_meta_set(st, key, val);
    }
    if (rc == STORE_OK) store_commit(st);
    else store_rollback(st);
    free(ids);
}

int store_journal_status(struct store *st, int64_t branch_id, char *verified_at)
{
    char key[40], val[64];
    if (verified_at) verified_at[0] = '\0';
    snprintf(key, sizeof key, VERIFY_KEY "%lld", (long long)branch_id);
    int rc = store_meta_get(st, key, val, sizeof val);
    if (rc != STORE_OK) return -1; /* never verified (or unreadable: shown as never) */
    const char *sp = strchr(val, ' ');
    if (verified_at && sp) zb_strlcpy(verified_at, sp + 1, 24);
    return strncmp(val, "bad", 3) == 0 ? 1 : 0;
}

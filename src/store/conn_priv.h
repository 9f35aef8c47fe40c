/* conn_priv.h — what the files of the connection share (store.c, schema.c, migrate.c,
 * store_util.c, history.c); private to them. */
#ifndef ZHIBU_CONN_PRIV_H
#define ZHIBU_CONN_PRIV_H

#include "store_priv.h"

/* Below this, a failure to write or to start the log is taken for a full disk (the log's
 * shared-memory index alone takes 32 KB). */
#define DISK_FULL_BYTES (256 * 1024)

const char *st_base_of(const char *path);
long long st_free_bytes(const char *path);
int st_query_int(sqlite3 *db, const char *sql, int *out);
const char *st_migration_sql(int to_version);
int st_target_version(void);
extern bool st_test_mark_new;
int st_exec_sql(sqlite3 *db, const char *sql);
/* An upgrade's progress as told to the caller (store_options.progress); opt NULL or without a
 * callback: nothing is told. */
struct st_progress {
    const struct store_options *opt;
    struct store_upgrade u; /* as last told */
    sqlite3 *db;            /* while the VACUUM runs: its pages read so far (page cache misses) */
    int misses_before;
};
void st_progress_tell(struct st_progress *p, enum store_upgrade_stage stage, const char *what,
                      long long done, long long total);
/* STORE_OK when the disks hold room for the backup and the upgrade's steps (not its VACUUM,
 * skipped when short) of the open database, else STORE_ERR with st->err naming the sizes; nothing is written. */
int st_upgrade_room(struct store *st, const struct store_options *opt);
int st_migrate(struct store *st, int from, int to, struct st_progress *p);
int st_write_backup(struct store *st, const struct store_options *opt, int old_version,
                    struct st_progress *p);
int st_run_simple(struct store *st, const char *sql);

#endif

/* Unit tests of src/store/: opening and refusing files, migrations with backups, transactions,
 * branches, groups, members, history. Each test uses its own temporary directory. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

/* ---- helpers --------------------------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static unsigned char *slurp(const char *path, long *len)
{
    *len = -1;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)*len + 1);
    if (fread(buf, 1, (size_t)*len, f) != (size_t)*len) *len = -1;
    fclose(f);
    return buf;
}

static bool file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static struct store *open_new(const char *path)
{
    struct store_options opt = {.create = true, .backup_keep = 5};
    struct store *st = NULL;
    char err[512];
    int rc = store_open(path, &opt, &st, err, sizeof err);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "store_open(%s): %d %s", path, rc, err);
    return st;
}

static int64_t add_group(struct store *st, int64_t branch_id, const char *name)
{
    struct group g = {.branch_id = branch_id};
    snprintf(g.name, sizeof g.name, "%s", name);
    int rc = store_group_add(st, &g);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "group_add: %s", store_errmsg(st));
    return g.id;
}

static void fill_member(struct member *m, int64_t branch_id, int64_t group_id, const char *name,
                        const char *office)
{
    fx_member_fill(m, &(struct fx_member){.branch = branch_id, .group = group_id, .name = name,
                                          .ethnicity = "汉族", .join = "2001-07-01",
                                          .full = "2002-07-01", .office = office});
}

static int64_t add_member(struct store *st, int64_t branch_id, int64_t group_id, const char *name,
                          const char *office)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .group = group_id, .name = name,
                                             .ethnicity = "汉族", .join = "2001-07-01",
                                             .full = "2002-07-01", .office = office}, NULL);
}

/* ---- opening --------------------------------------------------------------------------- */

TEST(store_open_fresh_database)
{
    char *db = path_in(test_tmpdir(), "z.db");
    struct store *st = open_new(db);
    CHECK(st != NULL);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK_STR(store_path(st), db);
    CHECK_STR(store_migration_backup(st), "");
    CHECK_INT(store_branch_count(st), 0);
    CHECK_INT(store_user_count(st), 0);
    CHECK_INT(store_history_count(st), 1); /* the office key's public fields (chain 0) */
    char app[16];
    CHECK_INT(store_meta_get(st, "app", app, sizeof app), STORE_OK);
    CHECK_STR(app, "zhibu");
    store_close(st);

    /* WAL mode is persistent: file format bytes 18 and 19 are 2. */
    long len;
    unsigned char *bytes = slurp(db, &len);
    CHECK(len >= 100);
    if (len >= 100) {
        CHECK(memcmp(bytes, "SQLite format 3", 16) == 0);
        CHECK_INT(bytes[18], 2);
        CHECK_INT(bytes[19], 2);
        CHECK_INT(bytes[63], STORE_SCHEMA_VERSION); /* user_version, big-endian at offset 60 */
    }
    free(bytes);

    /* Reopen without create: same version, no backup, nothing migrated. */
    struct store_options opt = {.create = false};
    char err[256];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_OK);
    if (st) {
        CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
        CHECK_STR(store_migration_backup(st), "");
        store_close(st);
    }
    free(db);
}

TEST(store_open_foreign_keys_enforced)
{
    char *db = path_in(test_tmpdir(), "fk.db");
    struct store *st = open_new(db);
    if (!st) return;
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "X1");
    snprintf(b.name, sizeof b.name, "下级支部");
    snprintf(b.type, sizeof b.type, "rural");
    b.parent_id = 4242;
    CHECK_INT(store_branch_add(st, &b), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "上级组织不存在") != NULL);
    CHECK_INT(store_branch_count(st), 0);
    store_close(st);
    free(db);
}

TEST(store_open_missing_without_create)
{
    char *db = path_in(test_tmpdir(), "absent.db");
    struct store_options opt = {.create = false};
    struct store *st = (struct store *)1;
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_CANT_OPEN);
    CHECK(st == NULL);
    char want[512];
    snprintf(want, sizeof want, "数据库 %s 不存在", db);
    CHECK_STR(err, want);
    CHECK(!file_exists(db));
    free(db);
}

TEST(store_open_missing_directory)
{
    char *db = path_in(test_tmpdir(), "no/such/dir/z.db");
    struct store_options opt = {.create = true};
    struct store *st = NULL;
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_CANT_OPEN);
    CHECK(st == NULL);
    CHECK(strstr(err, db) != NULL);
    CHECK(strstr(err, "无法创建数据库") != NULL);
    CHECK(strstr(err, "不存在") != NULL);
    free(db);
}

TEST(store_open_path_is_directory)
{
    const char *dir = test_tmpdir();
    struct store_options opt = {.create = true};
    struct store *st = NULL;
    char err[512];
    CHECK_INT(store_open(dir, &opt, &st, err, sizeof err), STORE_ERR_CANT_OPEN);
    CHECK(strstr(err, dir) != NULL);
    CHECK_INT(store_open("", &opt, &st, err, sizeof err), STORE_ERR_CANT_OPEN);
}

TEST(store_open_readonly_locations)
{
    const char *dir = test_tmpdir();
    char *ro = path_in(dir, "ro");
    mkdir(ro, 0755);
    char *db = path_in(ro, "z.db");
    chmod(ro, 0555);
    struct store_options opt = {.create = true};
    struct store *st = NULL;
    char err[512];
    if (access(ro, W_OK) == 0) {
        printf("    note: running as root, a read-only directory is writable; "
               "checking only that opening works there\n");
        CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_OK);
        store_close(st);
    } else {
        CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_CANT_OPEN);
        char want[512];
        snprintf(want, sizeof want, "无法创建数据库 %s：目录不可写", db);
        CHECK_STR(err, want);
        CHECK(!file_exists(db));
    }
    chmod(ro, 0755);

    /* an existing database file that is read-only: opened for reading, writes refused */
    char *rofile = path_in(dir, "rofile.db");
    st = open_new(rofile);
    store_close(st);
    chmod(rofile, 0444);
    if (access(rofile, W_OK) == 0) {
        printf("    note: running as root, a read-only file is writable; skipped "
               "(tests/cli/files.sh mounts a read-only medium)\n");
    } else {
        CHECK_INT(store_open(rofile, &opt, &st, err, sizeof err), STORE_OK);
        if (st) {
            CHECK_INT(store_access_mode(st), STORE_READ_ONLY);
            CHECK_INT(store_branch_count(st), 0);
            struct branch b = {.code = "R1", .name = "只读村党支部", .type = "rural"};
            CHECK_INT(store_branch_add(st, &b), STORE_ERR_READONLY);
            CHECK_STR(store_errmsg(st), "只读文件：不能保存");
            store_close(st);
        }
    }
    chmod(rofile, 0644);
    free(rofile);
    free(db);
    free(ro);
}

TEST(store_open_refuses_non_sqlite_file)
{
    const char *dir = test_tmpdir();
    char *db = path_in(dir, "hello.db");
    FILE *f = fopen(db, "wb");
    fputs("hello", f);
    fclose(f);
    struct store_options opt = {.create = true};
    struct store *st = NULL;
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
    CHECK(st == NULL);
    char want[512];
    snprintf(want, sizeof want, "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）", db);
    CHECK_STR(err, want);
    long len;
    unsigned char *bytes = slurp(db, &len);
    CHECK_INT(len, 5);
    CHECK(bytes && memcmp(bytes, "hello", 5) == 0);
    free(bytes);
    char *wal = path_in(dir, "hello.db-wal");
    CHECK(!file_exists(wal));
    free(wal);

    /* A longer text file (over a page) is refused as well, byte for byte unchanged. */
    char *big = path_in(dir, "notes.txt");
    f = fopen(big, "wb");
    for (int i = 0; i < 500; i++) fputs("支部工作台账 notes line\n", f);
    fclose(f);
    long before_len;
    unsigned char *before = slurp(big, &before_len);
    CHECK_INT(store_open(big, &opt, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
    bytes = slurp(big, &len);
    CHECK_INT(len, before_len);
    CHECK(bytes && before && memcmp(bytes, before, (size_t)len) == 0);
    free(bytes);
    free(before);
    free(big);
    free(db);
}

TEST(store_open_refuses_corrupt_sqlite_header)
{
    /* SQLite's magic followed by garbage: SQLite itself says "not a database". */
    char *db = path_in(test_tmpdir(), "bad.db");
    unsigned char page[4096];
    memset(page, 0xA5, sizeof page);
    memcpy(page, "SQLite format 3", 16);
    FILE *f = fopen(db, "wb");
    fwrite(page, 1, sizeof page, f);
    fclose(f);
    struct store_options opt = {.create = true};
    struct store *st = NULL;
    char err[512];
    int rc = store_open(db, &opt, &st, err, sizeof err);
    CHECK(rc == STORE_ERR_NOT_SQLITE || rc == STORE_ERR);
    CHECK(st == NULL);
    CHECK(strstr(err, db) != NULL);
    long len;
    unsigned char *bytes = slurp(db, &len);
    CHECK_INT(len, (long)sizeof page);
    CHECK(bytes && memcmp(bytes, page, sizeof page) == 0);
    free(bytes);
    free(db);
}

TEST(store_open_refuses_newer_schema)
{
    const char *dir = test_tmpdir();
    char *db = path_in(dir, "new.db");
    struct store *st = open_new(db);
    if (!st) return;
    fx_branch(st, "B1", "红旗村党支部", 0);
    store_close(st);

    /* user_version lives big-endian at offset 60 of the header. */
    int fd = open(db, O_WRONLY);
    unsigned char v99[4] = {0, 0, 0, 99};
    CHECK_INT(pwrite(fd, v99, 4, 60), 4);
    close(fd);
    struct timespec old_times[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
    utimensat(AT_FDCWD, db, old_times, 0);
    struct stat before;
    stat(db, &before);
    long blen;
    unsigned char *bbytes = slurp(db, &blen);

    struct store_options opt = {.create = true, .backup_keep = 3};
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_TOO_NEW);
    CHECK(st == NULL);
    char want[512];
    snprintf(want, sizeof want,
             "数据库 %s 由更新版本的 zhibu 创建（版本 99，本程序支持 %d），请升级 zhibu", db,
             STORE_SCHEMA_VERSION);
    CHECK_STR(err, want);

    struct stat after;
    stat(db, &after);
    CHECK_INT(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    CHECK_INT(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    long alen;
    unsigned char *abytes = slurp(db, &alen);
    CHECK_INT(alen, blen);
    CHECK(abytes && bbytes && memcmp(abytes, bbytes, (size_t)alen) == 0);
    free(abytes);
    free(bbytes);
    /* no backup was written either */
    DIR *d = opendir(dir);
    struct dirent *e;
    int baks = 0;
    while ((e = readdir(d)) != NULL) baks += strstr(e->d_name, ".bak") != NULL;
    closedir(d);
    CHECK_INT(baks, 0);
    free(db);
}

TEST(store_open_refuses_foreign_sqlite_database)
{
    /* A SQLite file of another program (no zhibu mark) is not taken over. Make one by
     * turning our own file into "version 0 with tables". */
    char *db = path_in(test_tmpdir(), "other.db");
    struct store *st = open_new(db);
    if (!st) return;
    store_close(st);
    int fd = open(db, O_WRONLY);
    unsigned char v0[4] = {0, 0, 0, 0};
    CHECK_INT(pwrite(fd, v0, 4, 60), 4);
    close(fd);
    struct store_options opt = {.create = true};
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
    CHECK(strstr(err, "不是 zhibu 数据库") != NULL);
    free(db);
}

/* ---- migrations and backups ------------------------------------------------------------ */

static int count_backups(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    size_t pl = strlen(prefix);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, pl) == 0 && l > 4 && strcmp(e->d_name + l - 4, ".bak") == 0)
            n++;
    }
    closedir(d);
    return n;
}

TEST(store_migration_upgrade_writes_backup)
{
    const char *dir = test_tmpdir();
    char *db = path_in(dir, "up.db");
    char *bakdir = path_in(dir, "backups");
    mkdir(bakdir, 0755);
    struct store *st = open_new(db);
    if (!st) return;
    int64_t b = fx_branch(st, "U1", "东风社区党支部", 0);
    int64_t mid = add_member(st, b, 0, "李春梅", "");
    store_close(st);

    CHECK_INT(store_test_add_migration(
                  "CREATE TABLE extra (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE);"),
              STORE_SCHEMA_VERSION + 1);
    struct store_options opt = {.create = false, .backup_dir = bakdir, .backup_keep = 5};
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_OK);
    if (st) {
        CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION + 1);
        const char *bak = store_migration_backup(st);
        CHECK(strncmp(bak, bakdir, strlen(bakdir)) == 0);
        char vname[32];
        snprintf(vname, sizeof vname, "/up.db.v%d-", STORE_SCHEMA_VERSION);
        CHECK(strstr(bak, vname) != NULL);
        size_t bl = strlen(bak);
        CHECK(bl > 4 && strcmp(bak + bl - 4, ".bak") == 0);
        CHECK(file_exists(bak));
        struct member m;
        CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
        CHECK_STR(m.name, "李春梅");
        store_close(st);
    }
    /* reopening at the new version takes no second backup */
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_OK);
    if (st) {
        CHECK_STR(store_migration_backup(st), "");
        store_close(st);
    }
    char vprefix[32];
    snprintf(vprefix, sizeof vprefix, "up.db.v%d-", STORE_SCHEMA_VERSION);
    CHECK_INT(count_backups(bakdir, vprefix), 1);
    store_test_reset_migrations();

    /* The program without the extra step now sees a newer database. */
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_TOO_NEW);
    char vmsg[64];
    snprintf(vmsg, sizeof vmsg, "版本 %d，本程序支持 %d", STORE_SCHEMA_VERSION + 1,
             STORE_SCHEMA_VERSION);
    CHECK(strstr(err, vmsg) != NULL);

    /* The backup is a readable database of the previous version holding the old data. */
    DIR *d = opendir(bakdir);
    struct dirent *e;
    char *bakpath = NULL;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".bak")) bakpath = path_in(bakdir, e->d_name);
    closedir(d);
    CHECK(bakpath != NULL);
    if (bakpath) {
        CHECK_INT(store_open(bakpath, &opt, &st, err, sizeof err), STORE_OK);
        if (st) {
            CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
            struct member m;
            CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
            CHECK_STR(m.name, "李春梅");
            store_close(st);
        }
        free(bakpath);
    }
    free(bakdir);
    free(db);
}

TEST(store_migration_backup_failure_leaves_db)
{
    const char *dir = test_tmpdir();
    char *db = path_in(dir, "keep.db");
    char *notdir = path_in(dir, "plainfile");
    FILE *f = fopen(notdir, "w");
    fputs("x", f);
    fclose(f);
    struct store *st = open_new(db);
    if (!st) return;
    fx_branch(st, "K1", "保留村党支部", 0);
    store_close(st);

    store_test_add_migration("CREATE TABLE extra2 (id INTEGER PRIMARY KEY);");
    struct store_options opt = {.create = false, .backup_dir = notdir, .backup_keep = 5};
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_ERR_BACKUP);
    CHECK(st == NULL);
    CHECK(strstr(err, db) != NULL);
    CHECK(strstr(err, "备份失败") != NULL);
    store_test_reset_migrations();

    opt.backup_dir = NULL;
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_OK);
    if (st) {
        CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
        CHECK_INT(store_branch_count(st), 1);
        store_close(st);
    }
    free(notdir);
    free(db);
}

TEST(store_migration_prunes_old_backups)
{
    const char *dir = test_tmpdir();
    char *db = path_in(dir, "p.db");
    struct store *st = open_new(db);
    if (!st) return;
    store_close(st);
    /* Older backups of this database, one of another database, and an unrelated file. */
    const char *names[] = {
        "p.db.v1-20200101T000000.bak", "p.db.v1-20210101T000000.bak",
        "p.db.v1-20220101T000000.bak", "p.db.v1-20230101T000000.bak",
        "q.db.v1-20200101T000000.bak", "p.db.notes.bak",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = path_in(dir, names[i]);
        FILE *f = fopen(p, "w");
        fputs("old", f);
        fclose(f);
        free(p);
    }
    store_test_add_migration("CREATE TABLE extra3 (id INTEGER PRIMARY KEY);");
    struct store_options opt = {.create = false, .backup_keep = 2};
    char err[512];
    CHECK_INT(store_open(db, &opt, &st, err, sizeof err), STORE_OK);
    store_test_reset_migrations();
    const char *bak = st ? store_migration_backup(st) : "";
    CHECK(file_exists(bak));
    store_close(st);

    CHECK_INT(count_backups(dir, "p.db.v"), 2);
    char *kept = path_in(dir, "p.db.v1-20230101T000000.bak");
    char *gone = path_in(dir, "p.db.v1-20220101T000000.bak");
    char *other = path_in(dir, "q.db.v1-20200101T000000.bak");
    char *notes = path_in(dir, "p.db.notes.bak");
    CHECK(file_exists(kept));
    CHECK(!file_exists(gone));
    CHECK(file_exists(other));
    CHECK(file_exists(notes));
    CHECK(file_exists(db));
    free(kept);
    free(gone);
    free(other);
    free(notes);
    free(db);
}

/* ---- transactions, uuid, meta ---------------------------------------------------------- */

TEST(store_transactions_nest)
{
    char *db = path_in(test_tmpdir(), "tx.db");
    struct store *st = open_new(db);
    if (!st) return;
    CHECK_INT(store_begin(st), STORE_OK);
    fx_branch(st, "T1", "一支部", 0);
    CHECK_INT(store_begin(st), STORE_OK);
    fx_branch(st, "T2", "二支部", 0);
    CHECK_INT(store_rollback(st), STORE_OK); /* undoes T2 only */
    CHECK_INT(store_begin(st), STORE_OK);
    fx_branch(st, "T3", "三支部", 0);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(store_branch_count(st), 2);
    struct branch b;
    CHECK_INT(store_branch_by_code(st, "T2", &b), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_branch_by_code(st, "T3", &b), STORE_OK);

    CHECK_INT(store_begin(st), STORE_OK);
    fx_branch(st, "T4", "四支部", 0);
    CHECK_INT(store_rollback(st), STORE_OK);
    CHECK_INT(store_branch_count(st), 2);
    CHECK(store_commit(st) != STORE_OK); /* nothing to commit */

    /* a failed write inside an outer transaction does not lose the outer work */
    CHECK_INT(store_begin(st), STORE_OK);
    fx_branch(st, "T5", "五支部", 0);
    struct branch dup = {0};
    snprintf(dup.code, sizeof dup.code, "T1");
    snprintf(dup.name, sizeof dup.name, "重复");
    snprintf(dup.type, sizeof dup.type, "rural");
    CHECK_INT(store_branch_add(st, &dup), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(store_branch_count(st), 3);
    store_close(st);
    free(db);
}

TEST(store_uuid_v4_format)
{
    char a[UUID_STR_LEN], b[UUID_STR_LEN];
    store_uuid(a);
    store_uuid(b);
    CHECK_INT(strlen(a), 36);
    CHECK(strcmp(a, b) != 0);
    CHECK(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    CHECK(a[14] == '4');
    CHECK(strchr("89ab", a[19]) != NULL);
    for (int i = 0; i < 36; i++)
        if (i != 8 && i != 13 && i != 18 && i != 23) CHECK(strchr("0123456789abcdef", a[i]));
}

TEST(store_meta_roundtrip)
{
    char *db = path_in(test_tmpdir(), "meta.db");
    struct store *st = open_new(db);
    if (!st) return;
    char v[32] = "x";
    CHECK_INT(store_meta_get(st, "demo", v, sizeof v), STORE_ERR_NOT_FOUND);
    CHECK_STR(v, "");
    CHECK_INT(store_meta_set(st, "demo", "1"), STORE_OK);
    CHECK_INT(store_meta_set(st, "demo", "红旗"), STORE_OK);
    CHECK_INT(store_meta_get(st, "demo", v, sizeof v), STORE_OK);
    CHECK_STR(v, "红旗");
    /* a value longer than the buffer is cut at a character boundary */
    CHECK_INT(store_meta_set(st, "town", "红旗村党支部"), STORE_OK);
    char small[8];
    CHECK_INT(store_meta_get(st, "town", small, sizeof small), STORE_OK);
    CHECK_STR(small, "红旗");
    store_close(st);
    free(db);
}

/* ---- branches and groups --------------------------------------------------------------- */

TEST(store_branch_crud)
{
    char *db = path_in(test_tmpdir(), "b.db");
    struct store *st = open_new(db);
    if (!st) return;
    store_set_user(st, "张书记");
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "370102001");
    snprintf(b.name, sizeof b.name, "红旗村党支部");
    snprintf(b.type, sizeof b.type, "rural");
    snprintf(b.theme_day, sizeof b.theme_day, "15");
    CHECK_INT(store_branch_add(st, &b), STORE_OK);
    CHECK(b.id > 0);
    CHECK_INT(strlen(b.uuid), 36);
    CHECK_INT(strlen(b.created_at), 20);

    struct branch got;
    CHECK_INT(store_branch_get(st, b.id, &got), STORE_OK);
    CHECK_STR(got.name, "红旗村党支部");
    CHECK_STR(got.code, "370102001");
    CHECK_STR(got.theme_day, "15");
    CHECK_INT(got.parent_id, 0);
    CHECK_STR(got.uuid, b.uuid);

    struct branch dup = b;
    snprintf(dup.name, sizeof dup.name, "另一个");
    CHECK_INT(store_branch_add(st, &dup), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "组织代码 370102001 已存在");

    struct branch bad = {0};
    snprintf(bad.code, sizeof bad.code, "Z9");
    snprintf(bad.name, sizeof bad.name, "类型错");
    snprintf(bad.type, sizeof bad.type, "village");
    CHECK_INT(store_branch_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "组织类型") != NULL);

    int64_t b2 = fx_branch(st, "370102000", "红旗社区党委", 0);
    got.parent_id = b2;
    snprintf(got.name, sizeof got.name, "红旗村第一党支部");
    CHECK_INT(store_branch_update(st, &got), STORE_OK);
    CHECK_INT(store_branch_by_code(st, "370102001", &b), STORE_OK);
    CHECK_STR(b.name, "红旗村第一党支部");
    CHECK_INT(b.parent_id, b2);

    /* updating to a taken code is refused (an update states the version it read) */
    struct branch other;
    CHECK_INT(store_branch_get(st, b2, &other), STORE_OK);
    got.id = b2;
    got.version = other.version;
    CHECK_INT(store_branch_update(st, &got), STORE_ERR_CONSTRAINT);

    struct store_branch_list bl;
    CHECK_INT(store_branch_list(st, &bl), STORE_OK);
    CHECK_INT(bl.n, 2);
    if (bl.n == 2) {
        CHECK_STR(bl.v[0].code, "370102000");
        CHECK_STR(bl.v[1].code, "370102001");
    }
    store_branch_list_free(&bl);
    CHECK(bl.v == NULL && bl.n == 0);
    CHECK_INT(store_branch_count(st), 2);
    CHECK_INT(store_branch_get(st, 9999, &got), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_branch_by_code(st, "nope", &got), STORE_ERR_NOT_FOUND);

    struct history_entry h[4];
    int n = 0;
    CHECK_INT(store_history_list(st, "branch", b.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_STR(h[0].action, "update");
    CHECK_STR(h[1].action, "insert");
    CHECK_STR(h[0].changed_by, "张书记");
    CHECK(h[0].old_json && strstr(h[0].old_json, "\"name\":\"红旗村党支部\""));
    CHECK(h[0].new_json && strstr(h[0].new_json, "\"name\":\"红旗村第一党支部\""));
    CHECK(h[1].old_json == NULL);
    store_history_free(h, n);
    store_close(st);
    free(db);
}

TEST(store_group_crud)
{
    char *db = path_in(test_tmpdir(), "g.db");
    struct store *st = open_new(db);
    if (!st) return;
    int64_t b = fx_branch(st, "G1", "红旗村党支部", 0);
    int64_t b2 = fx_branch(st, "G2", "东风村党支部", 0);
    int64_t g1 = add_group(st, b, "第一党小组");
    int64_t g2 = add_group(st, b, "第二党小组");
    add_group(st, b2, "第一党小组"); /* same name in another branch is fine */

    struct group dup = {.branch_id = b};
    snprintf(dup.name, sizeof dup.name, "第一党小组");
    CHECK_INT(store_group_add(st, &dup), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "党小组名称 第一党小组 已存在");
    struct group orphan = {.branch_id = 777};
    snprintf(orphan.name, sizeof orphan.name, "无主小组");
    CHECK_INT(store_group_add(st, &orphan), STORE_ERR_CONSTRAINT);

    int64_t leader = add_member(st, b, g1, "王建国", "");
    add_member(st, b, g1, "赵丽", "");
    struct member left;
    fill_member(&left, b, g1, "钱老", "");
    snprintf(left.leave_status, sizeof left.leave_status, "deceased");
    CHECK_INT(store_member_add(st, &left), STORE_OK);

    struct group g;
    CHECK_INT(store_group_get(st, g1, &g), STORE_OK);
    CHECK_STR(g.name, "第一党小组");
    CHECK_INT(g.member_count, 2);
    CHECK_STR(g.leader_name, "");
    g.leader_id = leader;
    snprintf(g.name, sizeof g.name, "一组");
    CHECK_INT(store_group_update(st, &g), STORE_OK);
    CHECK_INT(store_group_get(st, g1, &g), STORE_OK);
    CHECK_STR(g.name, "一组");
    CHECK_STR(g.leader_name, "王建国");
    CHECK_INT(g.leader_id, leader);
    CHECK(!g.voided);

    struct store_group_list gl;
    CHECK_INT(store_group_list(st, b, &gl), STORE_OK);
    CHECK_INT(gl.n, 2);
    if (gl.n == 2) {
        CHECK_STR(gl.v[0].name, "一组");
        CHECK_STR(gl.v[1].name, "第二党小组");
    }
    store_group_list_free(&gl);

    CHECK_INT(store_group_void(st, g2, "合并到一组"), STORE_OK);
    CHECK_INT(store_group_get(st, g2, &g), STORE_OK);
    CHECK(g.voided);
    CHECK_INT(store_group_list(st, b, &gl), STORE_OK);
    CHECK_INT(gl.n, 1);
    store_group_list_free(&gl);
    CHECK_INT(store_group_get(st, 4242, &g), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_group_void(st, 4242, "x"), STORE_ERR_NOT_FOUND);

    struct history_entry h[4];
    int n = 0;
    CHECK_INT(store_history_list(st, "party_group", g.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_STR(h[0].action, "void");
    CHECK(h[0].new_json && strstr(h[0].new_json, "合并到一组"));
    store_history_free(h, n);
    store_close(st);
    free(db);
}

/* ---- members --------------------------------------------------------------------------- */

TEST(store_member_add_get_update)
{
    char *db = path_in(test_tmpdir(), "m.db");
    struct store *st = open_new(db);
    if (!st) return;
    store_set_user(st, "组织委员");
    int64_t b = fx_branch(st, "M1", "红旗村党支部", 0);
    int64_t g = add_group(st, b, "第一党小组");

    /* A name filling the whole field (42 characters, 126 bytes) and a 200-character note. */
    char longname[TEXT_SHORT] = "", note[TEXT_LONG] = "";
    for (int i = 0; i < 42; i++) strcat(longname, "党");
    for (int i = 0; i < 200; i++) strcat(note, i % 2 ? "员" : "注");
    struct member m;
    fill_member(&m, b, g, longname, "secretary");
    snprintf(m.note, sizeof m.note, "%s", note);
    snprintf(m.phone, sizeof m.phone, "13800138000");
    m.mobile = true;
    CHECK_INT(store_member_add(st, &m), STORE_OK);
    CHECK(m.id > 0);
    CHECK_STR(m.created_by, "组织委员");

    struct member got;
    CHECK_INT(store_member_get(st, m.id, &got), STORE_OK);
    CHECK_STR(got.name, longname);
    CHECK_INT(strlen(got.name), 126);
    CHECK_STR(got.note, note);
    CHECK_INT(strlen(got.note), 600);
    CHECK_STR(got.group_name, "第一党小组");
    CHECK_STR(got.office, "secretary");
    CHECK_STR(got.ethnicity, "汉族");
    CHECK_STR(got.phone, "13800138000");
    CHECK(got.mobile);
    CHECK_STR(got.uuid, m.uuid);
    CHECK_STR(got.created_by, "组织委员");

    /* update: history keeps the old name, and leaving records "leave" */
    snprintf(got.name, sizeof got.name, "张三");
    got.group_id = 0;
    CHECK_INT(store_member_update(st, &got), STORE_OK);
    snprintf(got.leave_status, sizeof got.leave_status, "transferred");
    snprintf(got.leave_date, sizeof got.leave_date, "2025-03-01");
    snprintf(got.leave_reason, sizeof got.leave_reason, "转往县城社区党支部");
    CHECK_INT(store_member_update(st, &got), STORE_OK);
    CHECK_INT(store_member_get(st, m.id, &got), STORE_OK);
    CHECK_STR(got.name, "张三");
    CHECK_INT(got.group_id, 0);
    CHECK_STR(got.group_name, "");
    CHECK_STR(got.leave_status, "transferred");

    struct history_entry h[8];
    int n = 0;
    CHECK_INT(store_history_list(st, "member", m.uuid, h, 8, &n), STORE_OK);
    CHECK_INT(n, 3);
    CHECK_STR(h[0].action, "leave");
    CHECK_STR(h[1].action, "update");
    CHECK_STR(h[2].action, "insert");
    CHECK(h[1].old_json && strstr(h[1].old_json, longname));
    CHECK(h[1].new_json && strstr(h[1].new_json, "\"name\":\"张三\""));
    CHECK(h[0].old_json && strstr(h[0].old_json, "\"leave_status\":\"\""));
    CHECK(h[0].new_json && strstr(h[0].new_json, "\"leave_status\":\"transferred\""));
    CHECK_STR(h[0].changed_by, "组织委员");
    CHECK_STR(h[0].row_uuid, m.uuid);
    store_history_free(h, n);
    CHECK(h[0].old_json == NULL);

    struct member none;
    CHECK_INT(store_member_get(st, 9999, &none), STORE_ERR_NOT_FOUND);
    got.id = 9999;
    CHECK_INT(store_member_update(st, &got), STORE_ERR_NOT_FOUND);
    store_close(st);
    free(db);
}

TEST(store_member_refused_writes)
{
    char *db = path_in(test_tmpdir(), "mr.db");
    struct store *st = open_new(db);
    if (!st) return;
    int64_t b = fx_branch(st, "R1", "红旗村党支部", 0);
    int64_t b2 = fx_branch(st, "R2", "东风村党支部", 0);
    int64_t g2 = add_group(st, b2, "东风一组");
    int before = store_history_count(st);

    struct member m;
    fill_member(&m, b, 4242, "王五", "");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "党小组不存在") != NULL);

    fill_member(&m, b, g2, "王五", "");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "不属于该支部") != NULL);

    fill_member(&m, 4242, 0, "王五", "");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);

    fill_member(&m, b, 0, "王五", "");
    snprintf(m.gender, sizeof m.gender, "X");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "性别") != NULL);

    fill_member(&m, b, 0, "王五", "mayor");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "职务") != NULL);

    struct member_filter f = {.branch_id = b, .include_left = true};
    CHECK_INT(store_member_count(st, &f), 0);
    CHECK_INT(store_history_count(st), before);

    /* a refused update leaves the row and history as they were */
    int64_t id = add_member(st, b, 0, "孙六", "");
    before = store_history_count(st);
    struct member got;
    store_member_get(st, id, &got);
    snprintf(got.status, sizeof got.status, "candidate");
    CHECK_INT(store_member_update(st, &got), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "党员类别") != NULL);
    CHECK_INT(store_history_count(st), before);
    CHECK_INT(store_member_get(st, id, &got), STORE_OK);
    CHECK_STR(got.status, "full");
    store_close(st);
    free(db);
}

struct collect {
    char names[16][TEXT_SHORT];
    int n;
    int stop_after;
};

static struct store *reenter_store;

static int collect_fn(const struct member *m, void *ctx)
{
    struct collect *c = ctx;
    if (reenter_store) {
        /* the callback may use the store, even the same kind of list */
        struct member_filter f = {.branch_id = m->branch_id};
        struct member page[2];
        int n = 0;
        if (store_member_page(reenter_store, &f, 0, 2, page, &n) != STORE_OK || n != 2)
            test_fail(__FILE__, __LINE__, "re-entrant page failed");
    }
    if (c->n < 16) snprintf(c->names[c->n], TEXT_SHORT, "%s", m->name);
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

TEST(store_member_page_order_filter_position)
{
    char *db = path_in(test_tmpdir(), "page.db");
    struct store *st = open_new(db);
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "红旗村党支部", 0);
    int64_t other = fx_branch(st, "P2", "别的支部", 0);
    int64_t ga = add_group(st, b, "A组");
    int64_t gb = add_group(st, b, "B组");
    add_member(st, b, gb, "B乙", "");
    add_member(st, b, gb, "B甲", "committee");
    add_member(st, b, 0, "无组甲", "");
    int64_t a3 = add_member(st, b, ga, "A丙", "");
    add_member(st, b, ga, "A乙", "organization");
    add_member(st, b, ga, "A甲", "secretary");
    add_member(st, other, 0, "外支部", "");
    struct member lm;
    fill_member(&lm, b, ga, "A已走", "");
    snprintf(lm.leave_status, sizeof lm.leave_status, "deceased");
    CHECK_INT(store_member_add(st, &lm), STORE_OK);
    struct member pm;
    fill_member(&pm, b, gb, "B预备", "");
    snprintf(pm.status, sizeof pm.status, "probationary");
    CHECK_INT(store_member_add(st, &pm), STORE_OK);

    /* A组: secretary, organization, none; B组: committee, then names; no group last. */
    const char *want[] = {"A甲", "A乙", "A丙", "B甲", "B乙", "B预备", "无组甲"};
    struct member_filter f = {.branch_id = b};
    CHECK_INT(store_member_count(st, &f), 7);
    struct member page[8];
    int n = 0;
    CHECK_INT(store_member_page(st, &f, 0, 8, page, &n), STORE_OK);
    CHECK_INT(n, 7);
    for (int i = 0; i < n && i < 7; i++) CHECK_STR(page[i].name, want[i]);
    CHECK_STR(page[0].group_name, "A组");

    CHECK_INT(store_member_page(st, &f, 3, 2, page, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_STR(page[0].name, "B甲");
    CHECK_STR(page[1].name, "B乙");
    CHECK_INT(store_member_page(st, &f, 7, 5, page, &n), STORE_OK);
    CHECK_INT(n, 0);

    CHECK_INT(store_member_position(st, &f, a3), 2);
    CHECK_INT(store_member_position(st, &f, lm.id), -1); /* left: not in this list */
    CHECK_INT(store_member_position(st, &f, 99999), -1);

    struct member_filter fl = {.branch_id = b, .include_left = true};
    CHECK_INT(store_member_count(st, &fl), 8);
    CHECK_INT(store_member_position(st, &fl, lm.id), 3); /* A甲 A乙 A丙 A已走: 丙 < 已 */
    struct member_filter fo = {.branch_id = b, .only_left = true};
    CHECK_INT(store_member_count(st, &fo), 1);

    struct member_filter fname = {.branch_id = b, .name_like = "甲"};
    CHECK_INT(store_member_count(st, &fname), 3);
    CHECK_INT(store_member_page(st, &fname, 0, 8, page, &n), STORE_OK);
    CHECK_INT(n, 3);
    CHECK_STR(page[2].name, "无组甲");
    CHECK_INT(store_member_position(st, &fname, a3), -1);

    struct member_filter fnog = {.branch_id = b, .group_id = -1};
    CHECK_INT(store_member_count(st, &fnog), 1);
    struct member_filter fgb = {.branch_id = b, .group_id = gb};
    CHECK_INT(store_member_count(st, &fgb), 3);
    struct member_filter fprob = {.branch_id = b, .status = "probationary"};
    CHECK_INT(store_member_count(st, &fprob), 1);
    struct member_filter foff = {.branch_id = b, .only_office = true};
    CHECK_INT(store_member_count(st, &foff), 3);
    CHECK_INT(store_member_position(st, &foff, a3), -1);

    /* Characters SQL would treat specially are plain text to instr(). */
    struct member_filter fpct = {.branch_id = b, .name_like = "%"};
    CHECK_INT(store_member_count(st, &fpct), 0);

    struct collect c = {.n = 0};
    CHECK_INT(store_member_each(st, &f, collect_fn, &c), STORE_OK);
    CHECK_INT(c.n, 7);
    CHECK_STR(c.names[6], "无组甲");
    struct collect c2 = {.n = 0, .stop_after = 2};
    CHECK_INT(store_member_each(st, &f, collect_fn, &c2), STORE_OK);
    CHECK_INT(c2.n, 2);
    CHECK_STR(c2.names[1], "A乙");
    reenter_store = st;
    struct collect c3 = {.n = 0};
    CHECK_INT(store_member_each(st, &f, collect_fn, &c3), STORE_OK);
    reenter_store = NULL;
    CHECK_INT(c3.n, 7);
    CHECK_STR(c3.names[6], "无组甲");
    store_close(st);
    free(db);
}

/* Groups are listed in the order they were made (第一, 第二, 第三 — not by code point), and the
 * committee alone is ordered by office rank whatever the groups. */
TEST(store_group_and_committee_order)
{
    char *db = path_in(test_tmpdir(), "order.db");
    struct store *st = open_new(db);
    if (!st) return;
    int64_t b = fx_branch(st, "O1", "柳林村党支部", 0);
    int64_t g1 = add_group(st, b, "第一党小组");
    int64_t g2 = add_group(st, b, "第二党小组");
    int64_t g3 = add_group(st, b, "第三党小组");
    add_member(st, b, g3, "丙", "secretary");
    add_member(st, b, g2, "乙", "");
    add_member(st, b, g1, "甲", "committee");
    add_member(st, b, g2, "丁", "organization");

    struct store_group_list gl;
    CHECK_INT(store_group_list(st, b, &gl), STORE_OK);
    struct group *groups = gl.v;
    int n = gl.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(groups[0].name, "第一党小组");
        CHECK_STR(groups[1].name, "第二党小组");
        CHECK_STR(groups[2].name, "第三党小组");
    }
    store_group_list_free(&gl);
    struct member page[4];
    struct member_filter all = {.branch_id = b};
    CHECK_INT(store_member_page(st, &all, 0, 4, page, &n), STORE_OK);
    const char *roster[] = {"甲", "丁", "乙", "丙"};
    CHECK_INT(n, 4);
    for (int i = 0; i < n && i < 4; i++) CHECK_STR(page[i].name, roster[i]);

    struct member_filter committee = {.branch_id = b, .only_office = true};
    CHECK_INT(store_member_page(st, &committee, 0, 4, page, &n), STORE_OK);
    const char *offices[] = {"丙", "丁", "甲"};
    CHECK_INT(n, 3);
    for (int i = 0; i < n && i < 3; i++) CHECK_STR(page[i].name, offices[i]);
    CHECK_INT(store_member_position(st, &committee, page[2].id), 2);
    store_close(st);
    free(db);
}

/* ==== the tests of test_store_concurrency.c (moved whole) ==== */
/* Unit tests of two sessions at one ledger (issue 13): two store handles open on one file, as two
 * PCs of a township office share one database. An update carries the version it was read at and
 * is refused, with who, when and what changed, when the row changed since (no lost update); a
 * payment is decided inside the write, so two Space presses on one member pay once. */
/* ---- helpers --------------------------------------------------------------------------- */

struct two {
    char *path;
    struct store *a, *b; /* two sessions on one file */
    int64_t branch, group, member;
};

/* A database with a branch, a group and a member, then a second handle on the same file, as
 * another login. The changes of session b are stamped 09:05 (UTC, the tests' time zone). */
static bool two_open(struct two *t)
{
    memset(t, 0, sizeof *t);
    t->path = test_db_path("shared.db");
    t->a = test_open_db(t->path, "shuji");
    if (!t->a) return false;
    struct branch br = {0};
    snprintf(br.code, sizeof br.code, "1101");
    snprintf(br.name, sizeof br.name, "红旗村党支部");
    snprintf(br.type, sizeof br.type, "rural");
    struct group g = {0};
    struct member m = {0};
    struct user u = {0};
    snprintf(u.login, sizeof u.login, "wei");
    snprintf(u.display_name, sizeof u.display_name, "魏委员");
    u.role = STORE_ROLE_ADMIN;
    if (store_branch_add(t->a, &br) != STORE_OK || store_user_add(t->a, &u, "weimima123") != STORE_OK) {
        test_fail(__FILE__, __LINE__, "setup: %s", store_errmsg(t->a));
        return false;
    }
    g.branch_id = br.id;
    snprintf(g.name, sizeof g.name, "第一党小组");
    m.branch_id = br.id;
    snprintf(m.name, sizeof m.name, "王小明");
    snprintf(m.gender, sizeof m.gender, "M");
    snprintf(m.birth_date, sizeof m.birth_date, "1980-05-06");
    snprintf(m.join_date, sizeof m.join_date, "2005-07-01");
    snprintf(m.full_date, sizeof m.full_date, "2006-07-01");
    snprintf(m.status, sizeof m.status, "full");
    snprintf(m.dues_category, sizeof m.dues_category, "farmer");
    if (store_group_add(t->a, &g) != STORE_OK || store_member_add(t->a, &m) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "setup: %s", store_errmsg(t->a));
        return false;
    }
    t->branch = br.id;
    t->group = g.id;
    t->member = m.id;
    t->b = test_open_db(t->path, "wei");
    if (!t->b) return false;
    setenv("ZHIBU_NOW", "2026-11-21T09:05:00Z", 1);
    return true;
}

static void two_close(struct two *t)
{
    unsetenv("ZHIBU_NOW");
    store_close(t->a);
    store_close(t->b);
    free(t->path);
}

static long long count(const struct two *t, const char *sql)
{
    return test_sql_int(t->path, sql);
}

/* The refusal A sees: the message, and the conflict naming the field with its old and new
 * values (JSON text of the row as read and as it is now). */
static void check_refusal(struct store *st, const char *table, const char *was, const char *now)
{
    CHECK_STR(store_errmsg(st), "该记录已被 魏委员 于 09:05 修改");
    struct store_conflict c;
    CHECK_INT(store_conflict(st, &c), STORE_OK);
    CHECK_STR(c.table, table);
    CHECK_STR(c.who, "魏委员");
    CHECK_STR(c.when, "09:05");
    CHECK(c.was_json && strstr(c.was_json, was) != NULL);
    CHECK(c.now_json && strstr(c.now_json, now) != NULL);
    CHECK(c.now_json && strstr(c.now_json, was) == NULL);
    store_conflict_free(&c);
}

static int64_t add_meeting(struct two *t)
{
    struct meeting m = {0};
    m.branch_id = t->branch;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "2026-11-20");
    snprintf(m.place, sizeof m.place, "村委会议室");
    m.topics = strdup("学习文件");
    m.minutes = strdup("");
    int rc = store_meeting_add(t->a, &m);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(t->a));
    meeting_free(&m);
    return m.id;
}

/* ---- tests ----------------------------------------------------------------------------- */

/* The case: A opens a meeting, B opens it too, changes 地点 and saves; A saves its older
 * form: refused, B's change kept, A's not written; A reads again and saves. */
TEST(store_concurrency_meeting_lost_update_refused)
{
    struct two t;
    if (!two_open(&t)) return;
    int64_t id = add_meeting(&t);
    struct meeting ma, mb;
    CHECK_INT(store_meeting_get(t.a, id, &ma), STORE_OK);
    CHECK_INT(store_meeting_get(t.b, id, &mb), STORE_OK);
    CHECK(ma.version > 0);
    CHECK_INT(ma.version, mb.version);

    snprintf(mb.place, sizeof mb.place, "党员活动室");
    CHECK_INT(store_meeting_update(t.b, &mb), STORE_OK);
    CHECK(mb.version > ma.version);
    long long hist = count(&t, "SELECT count(*) FROM history");

    free(ma.topics);
    ma.topics = strdup("学习文件\n讨论村规民约");
    CHECK_INT(store_meeting_update(t.a, &ma), STORE_ERR_CHANGED);
    check_refusal(t.a, "meeting", "\"place\":\"村委会议室\"", "\"place\":\"党员活动室\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting WHERE place = '党员活动室'"
                        " AND topics = '学习文件'"), 1);
    CHECK_INT(count(&t, "SELECT count(*) FROM history"), hist); /* nothing written */

    /* B saves again without reading: its own save moved its version on */
    snprintf(mb.start_time, sizeof mb.start_time, "09:00");
    CHECK_INT(store_meeting_update(t.b, &mb), STORE_OK);

    /* A reads again and saves: accepted */
    meeting_free(&ma);
    CHECK_INT(store_meeting_get(t.a, id, &ma), STORE_OK);
    free(ma.topics);
    ma.topics = strdup("学习文件\n讨论村规民约");
    CHECK_INT(store_meeting_update(t.a, &ma), STORE_OK);
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting WHERE place = '党员活动室'"
                        " AND start_time = '09:00' AND topics LIKE '%村规民约'"), 1);
    meeting_free(&ma);
    meeting_free(&mb);
    two_close(&t);
}

/* Attendance is part of the record: a change of marks by B refuses A's older record too. */
TEST(store_concurrency_meeting_attendance_counts_as_change)
{
    struct two t;
    if (!two_open(&t)) return;
    int64_t id = add_meeting(&t);
    struct meeting ma, mb;
    CHECK_INT(store_meeting_get(t.a, id, &ma), STORE_OK);
    CHECK_INT(store_meeting_get(t.b, id, &mb), STORE_OK);
    struct attendee *list = NULL;
    int n = 0;
    CHECK_INT(store_meeting_expected(t.b, t.branch, MK_GENERAL, 0, mb.date, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    free(mb.attendees);
    mb.attendees = list;
    mb.nattendees = n;
    CHECK_INT(store_meeting_update(t.b, &mb), STORE_OK);
    snprintf(ma.observers, sizeof ma.observers, "镇组织委员");
    CHECK_INT(store_meeting_update(t.a, &ma), STORE_ERR_CHANGED);
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting_attendance"), 1);
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting WHERE observers <> ''"), 0);
    meeting_free(&ma);
    meeting_free(&mb);
    two_close(&t);
}

/* The roster: a member form saved over a change made in another session (even one made
 * elsewhere, as the mobile flag) is refused; a struct never read (version 0) too. */
TEST(store_concurrency_member_group_branch)
{
    struct two t;
    if (!two_open(&t)) return;
    struct member ma, mb;
    CHECK_INT(store_member_get(t.a, t.member, &ma), STORE_OK);
    CHECK_INT(store_member_get(t.b, t.member, &mb), STORE_OK);
    snprintf(mb.phone, sizeof mb.phone, "13900001111");
    CHECK_INT(store_member_update(t.b, &mb), STORE_OK);
    snprintf(ma.note, sizeof ma.note, "老党员");
    CHECK_INT(store_member_update(t.a, &ma), STORE_ERR_CHANGED);
    check_refusal(t.a, "member", "\"phone\":\"\"", "\"phone\":\"13900001111\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM member WHERE phone = '13900001111' AND note = ''"), 1);
    /* from a list page, as the roster and the committee screens read it */
    struct member_filter f = {.branch_id = t.branch};
    struct member page[4];
    int n = 0;
    CHECK_INT(store_member_page(t.a, &f, 0, 4, page, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(page[0].version, mb.version);
    snprintf(page[0].note, sizeof page[0].note, "老党员");
    CHECK_INT(store_member_update(t.a, &page[0]), STORE_OK);
    struct member never = page[0];
    never.version = 0;
    CHECK_INT(store_member_update(t.a, &never), STORE_ERR_CHANGED);

    struct group ga, gb;
    CHECK_INT(store_group_get(t.a, t.group, &ga), STORE_OK);
    CHECK_INT(store_group_get(t.b, t.group, &gb), STORE_OK);
    snprintf(gb.name, sizeof gb.name, "一组");
    CHECK_INT(store_group_update(t.b, &gb), STORE_OK);
    ga.leader_id = t.member;
    CHECK_INT(store_group_update(t.a, &ga), STORE_ERR_CHANGED);
    check_refusal(t.a, "party_group", "\"name\":\"第一党小组\"", "\"name\":\"一组\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM party_group WHERE name = '一组' AND leader_id IS NULL"), 1);
    struct store_group_list list;
    CHECK_INT(store_group_list(t.a, t.branch, &list), STORE_OK);
    CHECK_INT(list.n, 1);
    if (list.n == 1) {
        list.v[0].leader_id = t.member;
        CHECK_INT(store_group_update(t.a, &list.v[0]), STORE_OK);
    }
    store_group_list_free(&list);

    struct branch ba, bb;
    CHECK_INT(store_branch_get(t.a, t.branch, &ba), STORE_OK);
    CHECK_INT(store_branch_get(t.b, t.branch, &bb), STORE_OK);
    snprintf(bb.theme_day, sizeof bb.theme_day, "15");
    CHECK_INT(store_branch_update(t.b, &bb), STORE_OK);
    snprintf(ba.name, sizeof ba.name, "红旗村党总支");
    CHECK_INT(store_branch_update(t.a, &ba), STORE_ERR_CHANGED);
    check_refusal(t.a, "branch", "\"theme_day\":\"\"", "\"theme_day\":\"15\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM branch WHERE name = '红旗村党支部' AND theme_day = '15'"), 1);
    two_close(&t);
}

/* Posts, plans and mobile details follow the same rule; details entered by B while A was
 * entering them too (A read none: version 0) are not overwritten either. */
TEST(store_concurrency_post_plan_mobile)
{
    struct two t;
    if (!two_open(&t)) return;
    struct post p = {.branch_id = t.branch, .wanted = 1};
    snprintf(p.name, sizeof p.name, "政策宣传员");
    p.duties = strdup("宣传政策");
    CHECK_INT(store_post_add(t.a, &p), STORE_OK);
    struct post pa, pb;
    CHECK_INT(store_post_get(t.a, p.id, &pa), STORE_OK);
    CHECK_INT(store_post_get(t.b, p.id, &pb), STORE_OK);
    CHECK_INT(pa.version, p.version);
    pb.wanted = 2;
    CHECK_INT(store_post_update(t.b, &pb), STORE_OK);
    free(pa.duties);
    pa.duties = strdup("宣传政策，收集民意");
    CHECK_INT(store_post_update(t.a, &pa), STORE_ERR_CHANGED);
    check_refusal(t.a, "post", "\"wanted\":1", "\"wanted\":2");
    CHECK_INT(count(&t, "SELECT count(*) FROM post WHERE wanted = 2 AND duties = '宣传政策'"), 1);
    post_free(&p);
    post_free(&pa);
    post_free(&pb);

    struct meeting_plan plan = {.branch_id = t.branch};
    snprintf(plan.kind, sizeof plan.kind, "lecture");
    snprintf(plan.date, sizeof plan.date, "2026-12-05");
    snprintf(plan.topic, sizeof plan.topic, "党课：党章");
    CHECK_INT(store_plan_add(t.a, &plan), STORE_OK);
    struct meeting_plan qa, qb;
    CHECK_INT(store_plan_get(t.a, plan.id, &qa), STORE_OK);
    CHECK_INT(store_plan_get(t.b, plan.id, &qb), STORE_OK);
    snprintf(qb.date, sizeof qb.date, "2026-12-06");
    CHECK_INT(store_plan_update(t.b, &qb), STORE_OK);
    snprintf(qa.topic, sizeof qa.topic, "党课：党规");
    CHECK_INT(store_plan_update(t.a, &qa), STORE_ERR_CHANGED);
    check_refusal(t.a, "meeting_plan", "\"date\":\"2026-12-05\"", "\"date\":\"2026-12-06\"");

    /* both enter mobile details for the member: B first; A (which read none) is refused */
    struct mobile_info none;
    CHECK_INT(store_mobile_get(t.a, t.member, &none), STORE_ERR_NOT_FOUND);
    struct mobile_info mb = {.member_id = t.member};
    snprintf(mb.destination, sizeof mb.destination, "广东省深圳市");
    snprintf(mb.since, sizeof mb.since, "2026-03-01");
    CHECK_INT(store_mobile_set(t.b, &mb), STORE_OK);
    struct mobile_info ma = {.member_id = t.member};
    snprintf(ma.destination, sizeof ma.destination, "浙江省义乌市");
    snprintf(ma.since, sizeof ma.since, "2026-04-01");
    CHECK_INT(store_mobile_set(t.a, &ma), STORE_ERR_CHANGED);
    CHECK_STR(store_errmsg(t.a), "该记录已被 魏委员 于 09:05 修改");
    CHECK_INT(count(&t, "SELECT count(*) FROM member_mobile WHERE destination = '广东省深圳市'"), 1);
    /* B changes them again from what it saved: its version moved with its save */
    snprintf(mb.card_no, sizeof mb.card_no, "LD-1");
    CHECK_INT(store_mobile_set(t.b, &mb), STORE_OK);
    two_close(&t);
}

/* Collection day on two PCs: both read the member's November as unpaid and press Space; the
 * first pays, the second is refused inside its write ("已由 … 登记") and nothing is paid twice.
 * Read again, the month is paid in full. */
TEST(store_concurrency_double_payment_refused)
{
    struct two t;
    if (!two_open(&t)) return;
    int ym = dues_ym(2026, 11);
    struct dues_paid alloc[1] = {{.ym = ym, .amount = 12206}};
    struct dues_member da, db;
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK_INT(store_dues_member_get(t.b, t.member, &db), STORE_OK);
    CHECK_INT(da.npaid, 0);

    struct dues_payment pb = {.member_id = t.member, .from_ym = ym, .to_ym = ym, .amount = 12206,
                              .paid_before = 0};
    snprintf(pb.paid_date, sizeof pb.paid_date, "2026-11-21");
    CHECK_INT(store_dues_payment_add(t.b, &pb, alloc, 1), STORE_OK);
    struct dues_payment pa = pb;
    pa.id = 0;
    CHECK_INT(store_dues_payment_add(t.a, &pa, alloc, 1), STORE_ERR_CHANGED);
    CHECK_STR(store_errmsg(t.a), "2026年11月的党费已由 魏委员 于 09:05 登记一笔（122.06 元）");
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_payment"), 1);
    CHECK_INT(count(&t, "SELECT sum(amount) FROM dues_allocation"), 12206);

    /* read again: paid in full; an advance over it states what was paid and goes through */
    store_dues_member_free(&da);
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK_INT(da.npaid, 1);
    pa.paid_before = 12206;
    CHECK_INT(store_dues_payment_add(t.a, &pa, alloc, 1), STORE_OK);
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_payment"), 2);

    /* a void in between is a change too: B's older view of the month is refused */
    CHECK_INT(store_dues_payment_void(t.a, pa.id, "重复登记"), STORE_OK);
    struct dues_payment pc = pb;
    pc.paid_before = 2 * 12206;
    CHECK_INT(store_dues_payment_add(t.b, &pc, alloc, 1), STORE_ERR_CHANGED);
    CHECK(strstr(store_errmsg(t.b), "作废一笔") != NULL);
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_payment WHERE voided_at IS NULL"), 1);
    store_dues_member_free(&da);
    store_dues_member_free(&db);
    two_close(&t);
}

/* Bases: B sets a member's base while A has the grid open; A's base from its older grid is
 * refused, B's kept. */
TEST(store_concurrency_dues_basis)
{
    struct two t;
    if (!two_open(&t)) return;
    struct dues_member da, db;
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK_INT(store_dues_member_get(t.b, t.member, &db), STORE_OK);
    CHECK_INT(da.bases_version, 0);
    struct zmonth ym = {2026, 1};
    CHECK_INT(store_dues_basis_set(t.b, t.member, ym, "retired", 300000, "", db.bases_version),
              STORE_OK);
    CHECK_INT(store_dues_basis_set(t.a, t.member, ym, "employed", 500000, "", da.bases_version),
              STORE_ERR_CHANGED);
    CHECK_STR(store_errmsg(t.a), "该党员的党费基数已被 魏委员 于 09:05 修改");
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_basis WHERE category = 'retired'"
                        " AND base_fen = 300000"), 1);
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_basis"), 1);
    store_dues_member_free(&da);
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK(da.bases_version > 0);
    CHECK_INT(store_dues_basis_set(t.a, t.member, ym, "employed", 500000, "", da.bases_version),
              STORE_OK);
    store_dues_member_free(&da);
    store_dues_member_free(&db);
    two_close(&t);
}

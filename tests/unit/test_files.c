/* Unit tests of files and the disk (issue 13): what store_open takes for a database and what it
 * refuses (0 bytes, truncated, an SQLite file without tables), the modes of the files it makes
 * (a migration backup under umask 022), history without password hashes (and a database from
 * before, with them, upgraded so that verify still passes), the output filter that keeps
 * control characters off the terminal, CSV and JSON fields, and the tidying of messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/store/store_priv.h"
#include "test.h"
#include "zhibu/cli.h"
#include "zhibu/csv.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/msg.h"
#include "zhibu/util.h"

static int mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        test_fail(__FILE__, __LINE__, "cannot write %s", path);
        return;
    }
    if (n) fwrite(data, 1, n, f);
    fclose(f);
}

static long size_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* ---- what store_open takes for a database ---- */

TEST(files_zero_byte_file_refused_unless_adopted)
{
    char *path = test_db_path("empty.db");
    write_bytes(path, "", 0);
    struct store *st = NULL;
    char err[512];
    /* every command that reads, and the interface (create for a missing path only) */
    struct store_options read = {.create = false}, ui = {.create = true};
    CHECK_INT(store_open(path, &read, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
    CHECK(strstr(err, "不是 zhibu 数据库（空文件，0 字节") != NULL);
    CHECK_INT(store_open(path, &ui, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
    CHECK(st == NULL);
    CHECK_INT(size_of(path), 0);
    char *wal = malloc(strlen(path) + 8);
    sprintf(wal, "%s-wal", path);
    CHECK(access(wal, F_OK) != 0);
    /* zhibu init and zhibu demo make it a database, owner-only */
    chmod(path, 0644);
    struct store_options adopt = {.create = true, .adopt_empty = true};
    CHECK_INT(store_open(path, &adopt, &st, err, sizeof err), STORE_OK);
    store_close(st);
    CHECK(size_of(path) > 0);
    CHECK_INT(mode_of(path), 0600);
    free(wal);
    free(path);
}

TEST(files_truncated_file_refused)
{
    char *path = test_db_path("whole.db");
    struct store *st = test_open_db(path, "t");
    store_close(st);
    long size = size_of(path);
    FILE *f = fopen(path, "rb");
    char *data = malloc((size_t)size);
    CHECK(fread(data, 1, (size_t)size, f) == (size_t)size);
    fclose(f);
    char *cut = test_db_path("cut.db");
    const long cuts[] = {10, 99, 100, 4095, 4097, size / 4096 / 2 * 4096};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_bytes(cut, data, (size_t)cuts[i]);
        struct store_options opt = {.create = true};
        char err[512];
        CHECK_INT(store_open(cut, &opt, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
        CHECK(strstr(err, "不是完整的 zhibu 数据库（文件被截短") != NULL);
        CHECK_INT(size_of(cut), cuts[i]);
    }
    /* the whole file still opens */
    write_bytes(cut, data, (size_t)size);
    struct store_options opt = {.create = false};
    char err[512];
    CHECK_INT(store_open(cut, &opt, &st, err, sizeof err), STORE_OK);
    store_close(st);
    free(data);
    free(cut);
    free(path);
}

TEST(files_sqlite_file_without_tables_refused)
{
    char *path = test_db_path("bare.db");
    test_sql(path, "CREATE TABLE t(x); DROP TABLE t;");
    struct store *st = NULL;
    char err[512];
    struct store_options opt = {.create = true};
    CHECK_INT(store_open(path, &opt, &st, err, sizeof err), STORE_ERR_NOT_SQLITE);
    CHECK(strstr(err, "空的 SQLite 文件") != NULL);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM sqlite_schema"), 0);
    free(path);
}

/* ---- modes ---- */

TEST(files_new_database_and_backup_are_0600_under_umask_022)
{
    mode_t old = umask(022);
    char *path = test_db_path("modes.db");
    struct store *st = test_open_db(path, "t");
    store_close(st);
    CHECK_INT(mode_of(path), 0600);
    store_test_add_migration("CREATE TABLE files_extra (id INTEGER PRIMARY KEY);");
    struct store_options opt = {.create = false, .backup_keep = 5};
    char err[512];
    CHECK_INT(store_open(path, &opt, &st, err, sizeof err), STORE_OK);
    if (st) {
        CHECK(store_migration_backup(st)[0] != '\0');
        CHECK_INT(mode_of(store_migration_backup(st)), 0600);
        store_close(st);
    }
    store_test_reset_migrations();
    /* the helpers every writer uses */
    char *f = test_db_path("plain.txt");
    FILE *fp = zb_fopen_private(f);
    CHECK(fp != NULL);
    if (fp) fclose(fp);
    CHECK_INT(mode_of(f), 0600);
    chmod(f, 0666);
    fp = zb_fopen_private(f); /* an existing file written again becomes owner-only too */
    if (fp) fclose(fp);
    CHECK_INT(mode_of(f), 0600);
    umask(old);
    free(f);
    free(path);
}

/* ---- history without password hashes ---- */

static long long argon2_entries(const char *path)
{
    return test_sql_int(path, "SELECT count(*) FROM history WHERE coalesce(old_json, '') ||"
                              " coalesce(new_json, '') LIKE '%$argon2%'");
}

static int verify_problems(const char *path)
{
    struct store *st = test_open_db(path, "t");
    if (!st) return -1;
    struct verify_result r;
    int rc = store_journal_verify(st, 0, &r);
    store_close(st);
    return rc == STORE_OK ? r.nproblems : -1;
}

TEST(files_history_keeps_no_password_hash)
{
    char *path = test_db_path("pw.db");
    struct store *st = test_open_db(path, "t");
    struct user u = {.role = STORE_ROLE_ADMIN};
    snprintf(u.login, sizeof u.login, "boss");
    CHECK_INT(store_user_add(st, &u, "secret123"), STORE_OK);
    CHECK_INT(store_user_passwd(st, "boss", "secret456"), STORE_OK);
    store_close(st);
    CHECK_INT(argon2_entries(path), 0);
    /* the change shows: the password's mark differs before and after */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE table_name = 'app_user'"
                                 " AND action = 'passwd' AND length(json_extract(new_json, '$.password')) = 32"
                                 " AND json_extract(old_json, '$.password') <> json_extract(new_json, '$.password')"),
              1);
    CHECK_INT(verify_problems(path), 0);
    free(path);
}

/* A database as zhibu left it before issue 13: its account entries held pw_hash. The journal
 * is sealed again over the rewritten entries, as that zhibu had sealed them. */
static void make_legacy(const char *path)
{
    test_sql(path,
             "UPDATE history SET"
             " new_json = json_set(json_remove(new_json, '$.password'), '$.pw_hash',"
             "   CASE WHEN id = (SELECT max(id) FROM history WHERE table_name = 'app_user')"
             "   THEN (SELECT pw_hash FROM app_user) ELSE '$argon2id$v=19$m=16384,t=2,p=1$old' END),"
             " old_json = CASE WHEN old_json IS NULL THEN NULL ELSE json_set(json_remove(old_json,"
             "   '$.password'), '$.pw_hash', '$argon2id$v=19$m=16384,t=2,p=1$older') END"
             " WHERE table_name = 'app_user';"
             "UPDATE history SET prev_hash = NULL, hash = NULL;");
    struct store *st = test_open_db(path, "t");
    if (!st) return;
    CHECK_INT(store_begin(st), STORE_OK);
    st->seal_from = 1;
    CHECK_INT(store_commit(st), STORE_OK);
    store_close(st);
}

TEST(files_history_with_old_hashes_upgraded_without_loss)
{
    char *path = test_db_path("legacy.db");
    struct store *st = test_open_db(path, "t");
    struct user u = {.role = STORE_ROLE_ADMIN};
    snprintf(u.login, sizeof u.login, "boss");
    CHECK_INT(store_user_add(st, &u, "secret123"), STORE_OK);
    CHECK_INT(store_user_passwd(st, "boss", "secret456"), STORE_OK);
    store_close(st);
    make_legacy(path);
    long long with_hash = argon2_entries(path);
    CHECK_INT(with_hash, 2);
    /* not upgraded yet (as on a read-only medium): verify reads the old entry's hash as the
     * mark it stands for, and the account matches */
    CHECK_INT(verify_problems(path), 0);
    /* while a hash changed behind zhibu's back does not */
    test_sql(path, "UPDATE app_user SET pw_hash = pw_hash || 'x'");
    CHECK_INT(verify_problems(path), 1);
    test_sql(path, "UPDATE app_user SET pw_hash = substr(pw_hash, 1, length(pw_hash) - 1)");
    /* the first open of the new zhibu: one baseline entry, nothing removed */
    test_sql(path, "DELETE FROM meta WHERE key = 'journal_user'");
    long long entries = test_sql_int(path, "SELECT count(*) FROM history");
    CHECK_INT(verify_problems(path), 0);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history"), entries + 1);
    CHECK_INT(argon2_entries(path), with_hash); /* the old entries are evidence: kept */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE action = 'baseline'"
                                 " AND table_name = 'app_user' AND old_json NOT LIKE '%argon2%'"
                                 " AND new_json NOT LIKE '%argon2%'"),
              1);
    /* once: a second open adds nothing */
    CHECK_INT(verify_problems(path), 0);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history"), entries + 1);
    /* a hash put in behind zhibu's back is still found */
    test_sql(path, "UPDATE app_user SET pw_hash = '$argon2id$v=19$m=16384,t=2,p=1$forged'");
    CHECK_INT(verify_problems(path), 1);
    free(path);
}

/* ---- what reaches the terminal ---- */

static char *clean_all(const char *in, size_t len, size_t piece)
{
    struct cli_clean_state cs = {0};
    char *out = malloc(len * 3 + 16);
    size_t w = 0;
    for (size_t i = 0; i < len; i += piece) {
        size_t n = len - i < piece ? len - i : piece;
        w += cli_clean(&cs, in + i, n, out + w, false);
    }
    w += cli_clean(&cs, "", 0, out + w, true);
    out[w] = '\0';
    return out;
}

TEST(files_output_filter_keeps_controls_off_the_terminal)
{
    static const char in[] = "红旗村\033]0;pwned\007\033[2J\n\t第\xc2\x9b一\xe2\x80\xae\xff末";
    static const char want[] = "红旗村\xef\xbf\xbd]0;pwned\xef\xbf\xbd\xef\xbf\xbd[2J\n\t第"
                               "\xef\xbf\xbd一\xef\xbf\xbd\xef\xbf\xbd末";
    /* whole, and cut into pieces of every size (a character split between two writes) */
    for (size_t piece = 1; piece <= sizeof in; piece++) {
        char *got = clean_all(in, sizeof in - 1, piece);
        CHECK_STR(got, want);
        free(got);
    }
    /* a character cut at the very end is not left out: U+FFFD */
    char *got = clean_all("ab\xe4\xb8", 4, 4);
    CHECK_STR(got, "ab\xef\xbf\xbd");
    free(got);
    /* a U+FFFD in the text passes as it is */
    got = clean_all("\xef\xbf\xbd", 3, 1);
    CHECK_STR(got, "\xef\xbf\xbd");
    free(got);
}

static char *csv_of(const char *field)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    csv_write_field(f, field);
    fclose(f);
    return buf;
}

static char *json_of(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    json_write_string(f, s);
    fclose(f);
    return buf;
}

TEST(files_csv_and_json_fields_carry_no_controls)
{
    char *got = csv_of("王\033[2J五");
    CHECK_STR(got, "王\xef\xbf\xbd[2J五");
    free(got);
    got = csv_of("a\001b\x7f" "c\xc2\x85" "d");
    CHECK_STR(got, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d");
    free(got);
    got = csv_of("甲\xe2\x80\xae乙,丙");
    CHECK_STR(got, "\"甲\xef\xbf\xbd乙,丙\"");
    free(got);
    got = csv_of("一\t二\n三");
    CHECK_STR(got, "\"一\t二\n三\"");
    free(got);
    got = json_of("王\033五\xc2\x9b\xe2\x80\xae");
    CHECK_STR(got, "\"王\\u001b五\\u009b\\u202e\"");
    free(got);
}

/* ---- messages ---- */

static void check_tidy(const char *in, const char *want)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", in);
    msg_tidy(buf, sizeof buf);
    CHECK_STR(buf, want);
}

TEST(files_messages_tidied)
{
    check_tidy("保存失败：保存党员失败: 所属支部不存在", "保存党员失败：所属支部不存在");
    check_tidy("读取支部 1101 的党员失败：读取用户失败：磁盘读写出错",
               "读取支部 1101 的党员失败：磁盘读写出错");
    check_tidy("保存失败：保存失败: 记录重复", "保存失败：记录重复");
    check_tidy("未保存：磁盘已满，未保存；已保存的内容没有丢失", "磁盘已满，未保存；已保存的内容没有丢失");
    check_tidy("保存失败：只读文件：不能保存", "只读文件：不能保存");
    check_tidy("zhibu: 无法读取密码文件 /tmp/x: 没有权限", "无法读取密码文件 /tmp/x: 没有权限");
    check_tidy("配置文件 a.ini 第 3 行: 无法解析", "配置文件 a.ini 第 3 行：无法解析");
    check_tidy("时间 12:30，文件 C:/x", "时间 12:30，文件 C:/x");
    /* two failures that are two sentences stay */
    check_tidy("导入失败：对方的结论，与本地的审查失败：不一致", "导入失败：对方的结论，与本地的审查失败：不一致");
    check_tidy("", "");
}

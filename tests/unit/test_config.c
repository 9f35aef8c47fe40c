/* Unit tests for config.c. The runner's current directory is the repository root. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "zhibu/config.h"
#include "zhibu/rules.h"

static char captured[8192];

/* Runs config_load with stderr redirected to a file; the text lands in `captured`. */
static int load_capture(const char *path, struct config *cfg, char *err, size_t errsz)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s/stderr.txt", test_tmpdir());
    fflush(stderr);
    int saved = dup(2);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    int rc = config_load(path, cfg, err, errsz);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(tmp, "r");
    size_t n = f ? fread(captured, 1, sizeof captured - 1, f) : 0;
    captured[n] = '\0';
    if (f) fclose(f);
    return rc;
}

/* Writes text to a new file in a fresh temporary directory; returns its path (static). */
static const char *write_ini(const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/zhibu.ini", test_tmpdir());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static bool same_settings(struct config a, struct config b)
{
    memset(a.source, 0, sizeof a.source);
    memset(b.source, 0, sizeof b.source);
    return memcmp(&a, &b, sizeof a) == 0;
}

TEST(config_defaults_values)
{
    struct config c;
    config_defaults(&c);
    CHECK_STR(c.source, "");
    CHECK_STR(c.db_path, "");
    CHECK_STR(c.backup_dir, "");
    CHECK_INT(c.backup_keep, 10);
    CHECK_INT(c.general_per_quarter, 1);
    CHECK_INT(c.committee_per_month, 1);
    CHECK_INT(c.late_entry_days, 7);
    CHECK_INT(c.election_quorum_percent, 80);
    CHECK_INT(c.employed_bound1, 300000);
    CHECK_INT(c.employed_bound3, 1000000);
    CHECK_INT(c.employed_rate4, 200);
    CHECK_INT(c.retired_bound1, 500000);
    CHECK_INT(c.farmer_amount, 50);
    CHECK_INT(c.flat_amount, 20);
    CHECK_INT(c.arrears_lapse_months, 6);
    CHECK_INT(c.probation_months, 12);
    CHECK_INT(c.probation_remind_days, 30);
    CHECK_INT(c.min_join_age, 18);
    CHECK_INT(c.post_report_months, 3);
    CHECK_INT(c.post_review_months, 12);
    CHECK_INT(c.weight_meetings + c.weight_theme_day + c.weight_records + c.weight_members +
                  c.weight_dues + c.weight_posts, 100);
    CHECK_INT(c.pass_score, 80);
    CHECK_INT(c.lockout_attempts, 5);
    CHECK_INT(c.lockout_minutes, 5);
    CHECK_INT(c.max_bundle_mb, 128);
    CHECK_INT(c.max_rows, 300000);
    CHECK_INT(c.max_members, 20000);
    CHECK_INT(c.clock_skew_days, 1);
}

TEST(config_shipped_file_equals_defaults)
{
    struct config c, d;
    char err[512] = "x";
    unsetenv("ZHIBU_CONFIG");
    CHECK_INT(load_capture("config/zhibu.ini", &c, err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_STR(captured, "");
    CHECK_STR(c.source, "config/zhibu.ini");
    config_defaults(&d);
    CHECK(same_settings(c, d));
    /* found without being named, from the current directory */
    CHECK_INT(load_capture(NULL, &c, err, sizeof err), 0);
    CHECK_STR(c.source, "./config/zhibu.ini");
    CHECK_STR(captured, "");
    CHECK(same_settings(c, d));
}

TEST(config_overrides)
{
    const char *p = write_ini("; test\n"
                              "[database]\n"
                              "path = /srv/zhibu/红旗村.db\n"
                              "[backup]\n"
                              "dir = \"/srv/备份#1\"\n"
                              "  KEEP=3  \r\n"
                              "\n"
                              "[meetings]\n"
                              "late_entry_days = 3 ; shorter here\n"
                              "[dues]\n"
                              "farmer_amount = 100\n"
                              "employed_bound1 = 350000\n"
                              "[members]\n"
                              "min_join_age = 18\n"
                              "probation_months = 6\n"
                              "[accounts]\n"
                              "lockout_minutes = 30\n"
                              "[exchange]\n"
                              "max_bundle_mb = 64\n"
                              "max_members = 500\n");
    struct config c;
    char err[512];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_STR(captured, "");
    CHECK_STR(c.source, p);
    CHECK_STR(c.db_path, "/srv/zhibu/红旗村.db");
    CHECK_STR(c.backup_dir, "/srv/备份#1");
    CHECK_INT(c.backup_keep, 3);
    CHECK_INT(c.late_entry_days, 3);
    CHECK_INT(c.farmer_amount, 100);
    CHECK_INT(c.employed_bound1, 350000);
    CHECK_INT(c.probation_months, 6);
    CHECK_INT(c.lockout_minutes, 30);
    CHECK_INT(c.max_bundle_mb, 64);
    CHECK_INT(c.max_members, 500);
    /* untouched keys keep their defaults */
    CHECK_INT(c.committee_per_month, 1);
    CHECK_INT(c.employed_bound2, 500000);
}

/* The keys that moved to [backup] (issue 15): read as the new ones, each with a warning naming
 * the new key; when the new key is given too, it wins. */
TEST(config_old_backup_keys)
{
    const char *p = write_ini("[database]\n"
                              "backup_dir = /media/u盘\n"
                              "backup_keep = 4\n");
    struct config c;
    char err[512];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_STR(c.backup_dir, "/media/u盘");
    CHECK_INT(c.backup_keep, 4);
    CHECK(strstr(captured, "第 2 行：键 database.backup_dir 已改为 [backup] dir，暂按新的键读取") != NULL);
    CHECK(strstr(captured, "第 3 行：键 database.backup_keep 已改为 [backup] keep") != NULL);
    CHECK(strstr(captured, "未知的键") == NULL);

    p = write_ini("[database]\n"
                  "backup_dir = /old\n"
                  "[backup]\n"
                  "dir = /new\n");
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_STR(c.backup_dir, "/new");
    CHECK_INT(c.backup_keep, 10);
    CHECK(strstr(captured, "已有新的键，旧的不再使用") != NULL);
}

TEST(config_env_var_used)
{
    const char *p = write_ini("[posts]\npost_report_months = 6\n");
    struct config c;
    char err[512];
    setenv("ZHIBU_CONFIG", p, 1);
    CHECK_INT(load_capture(NULL, &c, err, sizeof err), 0);
    CHECK_STR(c.source, p);
    CHECK_INT(c.post_report_months, 6);
    /* --config wins over the variable */
    CHECK_INT(load_capture("config/zhibu.ini", &c, err, sizeof err), 0);
    CHECK_INT(c.post_report_months, 3);
    unsetenv("ZHIBU_CONFIG");
}

TEST(config_malformed_line)
{
    const char *p = write_ini("[database]\n"
                              "path = a.db\n"
                              "; comment\n"
                              "this line has no equals sign\n"
                              "path = b.db\n");
    struct config c;
    char err[512], want[700];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 2);
    snprintf(want, sizeof want, "配置文件 %s 第 4 行：无法解析 \"this line has no equals sign\"", p);
    CHECK_STR(err, want);
    /* iniparser's own complaint never reaches stderr */
    CHECK_STR(captured, "");
    /* nothing half-read: the values are the defaults */
    CHECK_STR(c.db_path, "");
    CHECK_INT(c.backup_keep, 10);
}

TEST(config_malformed_section_and_long_line)
{
    struct config c;
    char err[512], want[700];
    const char *p = write_ini("\n\n[meetings\nlate_entry_days = 3\n");
    CHECK_INT(load_capture(p, &c, err, sizeof err), 2);
    snprintf(want, sizeof want, "配置文件 %s 第 3 行：无法解析 \"[meetings\"", p);
    CHECK_STR(err, want);

    p = write_ini("[members]\n= 5\n");
    CHECK_INT(load_capture(p, &c, err, sizeof err), 2);
    snprintf(want, sizeof want, "配置文件 %s 第 2 行：无法解析 \"= 5\"", p);
    CHECK_STR(err, want);

    /* a very long bad line is quoted shortly, on one line, with control bytes replaced */
    char text[400] = "[members]\n\x1b";
    for (int i = 0; i < 300; i++) strcat(text, "x");
    strcat(text, "\n");
    p = write_ini(text);
    CHECK_INT(load_capture(p, &c, err, sizeof err), 2);
    snprintf(want, sizeof want, "配置文件 %s 第 2 行：无法解析 \"\xEF\xBF\xBD", p);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    CHECK(strstr(err, "...\"") != NULL);
    CHECK(strchr(err, '\n') == NULL);
    CHECK(strlen(err) < strlen(want) + 80);
}

TEST(config_unknown_key_warned)
{
    const char *p = write_ini("[meetings]\n"
                              "late_entry_days = 5\n"
                              "late_entry_dayz = 9\n"
                              "[colours]\n"
                              "title = red\n");
    struct config c;
    char err[512], want[700];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.late_entry_days, 5);
    snprintf(want, sizeof want, "配置文件 %s 第 3 行：未知的键 meetings.late_entry_dayz", p);
    CHECK(strstr(captured, want) != NULL);
    snprintf(want, sizeof want, "配置文件 %s 第 4 行：未知的节 [colours]", p);
    CHECK(strstr(captured, want) != NULL);
}

TEST(config_bad_integer_keeps_default)
{
    const char *p = write_ini("[meetings]\n"
                              "late_entry_days = 7天\n"
                              "election_quorum_percent = 120\n"
                              "[dues]\n"
                              "farmer_amount = -5\n"
                              "[members]\n"
                              "probation_months = 0x0C\n"
                              "probation_remind_days = 99999999999999999999\n"
                              "min_join_age = 16\n");
    struct config c;
    char err[512], want[700];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.late_entry_days, 7);
    CHECK_INT(c.election_quorum_percent, 80);
    CHECK_INT(c.farmer_amount, 50);
    CHECK_INT(c.probation_months, 12);
    CHECK_INT(c.probation_remind_days, 30);
    CHECK_INT(c.min_join_age, 16);
    snprintf(want, sizeof want,
             "配置文件 %s 第 2 行：键 meetings.late_entry_days 的值 \"7天\" 无效，使用默认值 7", p);
    CHECK(strstr(captured, want) != NULL);
    snprintf(want, sizeof want,
             "配置文件 %s 第 3 行：键 meetings.election_quorum_percent 的值 \"120\" 无效，使用默认值 80",
             p);
    CHECK(strstr(captured, want) != NULL);
    snprintf(want, sizeof want, "第 5 行：键 dues.farmer_amount 的值 \"-5\" 无效");
    CHECK(strstr(captured, want) != NULL);
    CHECK(strstr(captured, "第 7 行：键 members.probation_months 的值 \"0x0C\"") != NULL);
    CHECK(strstr(captured, "第 8 行：键 members.probation_remind_days") != NULL);
    CHECK(strstr(captured, "min_join_age") == NULL);
}

TEST(config_dues_bounds_must_increase)
{
    const char *p = write_ini("[dues]\nemployed_bound1 = 600000\n");
    struct config c;
    char err[512];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.employed_bound1, 300000);
    CHECK_INT(c.employed_bound2, 500000);
    CHECK(strstr(captured, "第 2 行：[dues] employed_bound1 < employed_bound2") != NULL);
}

TEST(config_missing_explicit_file)
{
    struct config c;
    char err[512], want[700];
    char path[600];
    snprintf(path, sizeof path, "%s/nope.ini", test_tmpdir());
    CHECK_INT(load_capture(path, &c, err, sizeof err), 2);
    snprintf(want, sizeof want, "配置文件 %s 不存在", path);
    CHECK_STR(err, want);
    /* the same through the environment */
    setenv("ZHIBU_CONFIG", path, 1);
    CHECK_INT(load_capture(NULL, &c, err, sizeof err), 2);
    CHECK_STR(err, want);
    unsetenv("ZHIBU_CONFIG");
    /* a directory is not a config file */
    CHECK_INT(load_capture(test_tmpdir(), &c, err, sizeof err), 2);
    CHECK(strstr(err, "是目录") != NULL);
}

TEST(config_no_file_means_defaults)
{
    /* run from a directory without config/zhibu.ini (and, on a test machine, no /etc file) */
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK_INT(chdir(test_tmpdir()), 0);
    unsetenv("ZHIBU_CONFIG");
    struct config c, d;
    char err[512];
    int rc = load_capture(NULL, &c, err, sizeof err);
    CHECK_INT(chdir(cwd), 0);
    if (access("/etc/zhibu/zhibu.ini", F_OK) != 0) {
        CHECK_INT(rc, 0);
        CHECK_STR(c.source, "");
        config_defaults(&d);
        CHECK(same_settings(c, d));
    }
}

/* issue 14: 延长预备期 from config [members]; a minimum above the maximum keeps both defaults */
TEST(config_probation_extension_keys)
{
    struct config d;
    config_defaults(&d);
    CHECK_INT(d.probation_extend_min_months, 6);
    CHECK_INT(d.probation_extend_max_months, 12);
    CHECK_INT(d.probation_extend_times, 1);
    const char *p = write_ini("[members]\n"
                              "probation_extend_min_months = 3\n"
                              "probation_extend_max_months = 9\n"
                              "probation_extend_times = 2\n");
    struct config c;
    char err[512];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.probation_extend_min_months, 3);
    CHECK_INT(c.probation_extend_max_months, 9);
    CHECK_INT(c.probation_extend_times, 2);
    p = write_ini("[members]\n"
                  "probation_extend_min_months = 10\n"
                  "probation_extend_max_months = 8\n"
                  "probation_extend_times = 六\n");
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.probation_extend_min_months, 6);
    CHECK_INT(c.probation_extend_max_months, 12);
    CHECK_INT(c.probation_extend_times, 1);
    CHECK(strstr(captured, "probation_extend_min_months 大于 probation_extend_max_months，两者都使用默认值") != NULL);
}

/* The roster's 转正 / 延长预备期 rules come from [members] through one function. */
TEST(config_probation_rules_from_config)
{
    struct probation_rules r;
    { struct rules R; rules_from_config(NULL, &R); r = R.probation; }
    CHECK_INT(r.months, 12);
    CHECK_INT(r.extend_min_months, 6);
    CHECK_INT(r.extend_max_months, 12);
    CHECK_INT(r.extend_times, 1);
    const char *p = write_ini("[members]\n"
                              "probation_months = 18\n"
                              "probation_extend_min_months = 3\n"
                              "probation_extend_max_months = 9\n"
                              "probation_extend_times = 2\n");
    struct config c;
    char err[512];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    { struct rules R; rules_from_config(&c, &R); r = R.probation; }
    CHECK_INT(r.months, 18);
    CHECK_INT(r.extend_min_months, 3);
    CHECK_INT(r.extend_max_months, 9);
    CHECK_INT(r.extend_times, 2);
}

/* One struct rules holds every rule number, built once with the config (config_load and
 * config_defaults fill cfg->rules): the numbers come from the keys, not from literals. */
TEST(config_rules_from_config)
{
    struct config d;
    config_defaults(&d);
    CHECK_INT(d.rules.rectify_days, 30);
    CHECK_INT(d.rules.audit.pass_score, 80);
    CHECK_INT(d.rules.plan_lookahead_days, 7);
    CHECK_INT(d.rules.lockout.attempts, 5);
    CHECK_INT(d.rules.audit.dues.farmer_amount, 50);
    const char *p = write_ini("[audit]\n"
                              "rectify_days = 45\n"
                              "pass_score = 70\n"
                              "[meetings]\n"
                              "plan_lookahead_days = 3\n"
                              "election_quorum_percent = 75\n"
                              "[members]\n"
                              "min_join_age = 20\n"
                              "probation_months = 18\n"
                              "[posts]\n"
                              "post_review_months = 6\n"
                              "[accounts]\n"
                              "lockout_attempts = 3\n"
                              "lockout_minutes = 9\n"
                              "[dues]\n"
                              "farmer_amount = 70\n");
    struct config c;
    char err[512];
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.rules.rectify_days, 45);
    CHECK_INT(c.rules.audit.pass_score, 70);
    CHECK_INT(c.rules.plan_lookahead_days, 3);
    CHECK_INT(c.rules.election_quorum_percent, 75);
    CHECK_INT(c.rules.min_join_age, 20);
    CHECK_INT(c.rules.probation.months, 18);
    CHECK_INT(c.rules.audit.probation_months, 18);
    CHECK_INT(c.rules.post_review_months, 6);
    CHECK_INT(c.rules.lockout.attempts, 3);
    CHECK_INT(c.rules.lockout.minutes, 9);
    CHECK_INT(c.rules.audit.dues.farmer_amount, 70);
    /* out of range: warned, the default kept */
    p = write_ini("[audit]\nrectify_days = 0\n");
    CHECK_INT(load_capture(p, &c, err, sizeof err), 0);
    CHECK_INT(c.rules.rectify_days, 30);
}

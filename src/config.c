/* config.c — reads zhibu.ini once into a struct config; the only file that includes
 * iniparser.h.
 *
 * iniparser rejects a whole file for one malformed line and has no way to say which line, so
 * the file is first scanned here, line by line, with iniparser's own grammar: a line is
 * well-formed when it is blank, a comment (first character ';' or '#'), a [section], or
 * key = value. The scan names the bad line in our message and remembers the line of every key
 * for the warnings; iniparser then reads the values (quotes, inline comments) with its error
 * output silenced.
 *
 * Values and their ranges (a value outside its range, or not a whole number, is warned about
 * and the default kept):
 *   [database]  path: the ledger opened without --db, "" = none (then --db must name it); a
 *               relative path is relative to the current directory of the process (not to the
 *               config file).
 *   [backup]    dir: where backups go (a USB stick's mount point); "" = no automatic backup on
 *               quitting the interface. keep 1..1000: this office's newest backups kept there
 *               (and of the migration backups written beside the database). The old keys
 *               [database] backup_dir / backup_keep are read as these, with a warning.
 *   [meetings]  *_per_month / *_per_quarter / *_per_year 0..31 (0 = no requirement);
 *               late_entry_days, plan_lookahead_days 0..365; election_quorum_percent 0..100
 *   [dues]      amounts (分) 0..100000000; rates (basis points) 0..10000; the employed bounds must
 *               increase (bound1 < bound2 < bound3), else all three keep their defaults;
 *               arrears_* months 1..120
 *   [members]   probation_months 1..60; probation_remind_days 0..365; mobile_* months 1..120;
 *               min_join_age 14..99; probation_extend_min/max_months 1..60 (min <= max, else
 *               both keep their defaults); probation_extend_times 0..9
 *   [pipeline]  talk_within_days 1..365; observe_months 1..12; activist_min_months 1..60;
 *               approve_within_months 1..12; contacts_required 1..5
 *   [committee] term_years 3..5; term_remind_months1/2 0..24
 *               ([dues] remit_interval_months 1..12)
 *   [posts]     *_months 1..120
 *   [audit]     weights, pass_score, post_coverage_percent 0..100; rectify_days 1..365;
 *               circular_behind_months 1..12; circular_trend_months 1..24
 *   [accounts]  lockout_attempts 1..100; lockout_minutes 1..1440
 *   [exchange]  max_bundle_mb 1..4096; max_rows 1000..100000000; max_members 10..1000000;
 *               clock_skew_days 0..30
 */
#include "zhibu/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iniparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

#define CONFIG_LOCAL_PATH "./config/zhibu.ini"
#define CONFIG_SYSTEM_PATH "/etc/zhibu/zhibu.ini"
/* iniparser reads lines into a 1024-byte buffer and fails on longer ones. */
#define INI_LINE_MAX 1022
/* Columns of an offending line quoted in a message. */
#define QUOTE_COLS 60

enum setting_type { SET_INT, SET_LONG, SET_PATH };

struct setting {
    const char *section;
    const char *key;
    enum setting_type type;
    size_t offset;
    long min, max, def;
    const char *def_str; /* SET_PATH */
    bool allow_empty;    /* SET_PATH */
};

#define INT(sec, k, lo, hi, d) {sec, #k, SET_INT, offsetof(struct config, k), lo, hi, d, NULL, false}
#define LONG(sec, k, lo, hi, d) {sec, #k, SET_LONG, offsetof(struct config, k), lo, hi, d, NULL, false}
#define PATH(sec, k, field, d, empty) {sec, k, SET_PATH, offsetof(struct config, field), 0, 0, 0, d, empty}

#define AMOUNT_MAX 100000000L
#define RATE_MAX 10000

static const struct setting SETTINGS[] = {
    PATH("database", "path", db_path, "", true),
    PATH("backup", "dir", backup_dir, "", true),
    {"backup", "keep", SET_INT, offsetof(struct config, backup_keep), 1, 1000, 10, NULL, false},

    INT("meetings", general_per_quarter, 0, 31, 1),
    INT("meetings", committee_per_month, 0, 31, 1),
    INT("meetings", group_per_month, 0, 31, 1),
    INT("meetings", lecture_per_quarter, 0, 31, 1),
    INT("meetings", secretary_lectures_per_year, 0, 31, 1),
    INT("meetings", theme_day_per_month, 0, 31, 1),
    INT("meetings", life_meeting_per_year, 0, 31, 1),
    INT("meetings", appraisal_per_year, 0, 31, 1),
    INT("meetings", talk_per_year, 0, 31, 1),
    INT("meetings", late_entry_days, 0, 365, 7),
    INT("meetings", plan_lookahead_days, 0, 365, 7),
    INT("meetings", election_quorum_percent, 0, 100, 80),

    LONG("dues", employed_bound1, 0, AMOUNT_MAX, 300000),
    LONG("dues", employed_bound2, 0, AMOUNT_MAX, 500000),
    LONG("dues", employed_bound3, 0, AMOUNT_MAX, 1000000),
    INT("dues", employed_rate1, 0, RATE_MAX, 50),
    INT("dues", employed_rate2, 0, RATE_MAX, 100),
    INT("dues", employed_rate3, 0, RATE_MAX, 150),
    INT("dues", employed_rate4, 0, RATE_MAX, 200),
    LONG("dues", retired_bound1, 0, AMOUNT_MAX, 500000),
    INT("dues", retired_rate1, 0, RATE_MAX, 50),
    INT("dues", retired_rate2, 0, RATE_MAX, 100),
    INT("dues", farmer_amount, 0, AMOUNT_MAX, 50),
    INT("dues", flat_amount, 0, AMOUNT_MAX, 20),
    INT("dues", arrears_talk_months, 1, 120, 3),
    INT("dues", arrears_lapse_months, 1, 120, 6),

    INT("members", probation_months, 1, 60, 12),
    INT("members", probation_remind_days, 0, 365, 30),
    INT("members", mobile_contact_months, 1, 120, 6),
    INT("members", mobile_transfer_months, 1, 120, 6),
    INT("members", min_join_age, 14, 99, 18),
    INT("members", probation_extend_min_months, 1, 60, 6),
    INT("members", probation_extend_max_months, 1, 60, 12),
    INT("members", probation_extend_times, 0, 9, 1),

    INT("pipeline", talk_within_days, 1, 365, 30),
    INT("pipeline", observe_months, 1, 12, 3),
    INT("pipeline", activist_min_months, 1, 60, 12),
    INT("pipeline", approve_within_months, 1, 12, 3),
    INT("pipeline", contacts_required, 1, 5, 2),
    INT("committee", term_years, 3, 5, 3),
    INT("committee", term_remind_months1, 0, 24, 6),
    INT("committee", term_remind_months2, 0, 24, 3),
    INT("dues", remit_interval_months, 1, 12, 3),
    INT("posts", post_report_months, 1, 120, 3),
    INT("posts", post_review_months, 1, 120, 12),

    INT("audit", weight_meetings, 0, 100, 30),
    INT("audit", weight_theme_day, 0, 100, 15),
    INT("audit", weight_records, 0, 100, 15),
    INT("audit", weight_members, 0, 100, 15),
    INT("audit", weight_dues, 0, 100, 15),
    INT("audit", weight_posts, 0, 100, 10),
    INT("audit", pass_score, 0, 100, 80),
    INT("audit", post_coverage_percent, 0, 100, 80),
    INT("audit", rectify_days, 1, 365, 30),
    INT("audit", circular_behind_months, 1, 12, 2),
    INT("audit", circular_trend_months, 1, 24, 12),

    INT("accounts", lockout_attempts, 1, 100, 5),
    INT("accounts", lockout_minutes, 1, 1440, 5),

    INT("exchange", max_bundle_mb, 1, 4096, 128),
    INT("exchange", max_rows, 1000, 100000000, 300000),
    INT("exchange", max_members, 10, 1000000, 20000),
    INT("exchange", clock_skew_days, 0, 30, 1),
};

static const char *const SECTIONS[] = {"database", "backup",  "meetings", "dues", "members",
                                       "pipeline", "committee",
                                       "posts",    "audit",   "accounts", "exchange"};

/* Keys that moved: still read (when the new key is not set), with a warning naming the new one. */
static const struct {
    const char *section, *key, *new_section, *new_key;
} MOVED[] = {
    {"database", "backup_dir", "backup", "dir"},
    {"database", "backup_keep", "backup", "keep"},
};

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < ZB_ARRAY_LEN(SETTINGS); i++) {
        const struct setting *s = &SETTINGS[i];
        char *field = (char *)cfg + s->offset;
        switch (s->type) {
        case SET_INT: *(int *)field = (int)s->def; break;
        case SET_LONG: *(long *)field = s->def; break;
        case SET_PATH: zb_strlcpy(field, s->def_str, CONFIG_PATH_MAX); break;
        }
    }
    rules_from_config(cfg, &cfg->rules);
}

/* ---- the pre-scan ---------------------------------------------------------------------- */

/* One key line (or section header, key == NULL) seen in the file. */
struct scanned {
    int line;
    char *section; /* lowercased, as iniparser stores it */
    char *key;     /* lowercased; NULL for a section header */
};

struct scan {
    struct scanned *items;
    size_t n, cap;
};

static void scan_free(struct scan *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        free(sc->items[i].section);
        free(sc->items[i].key);
    }
    free(sc->items);
}

static void scan_add(struct scan *sc, int line, const char *section, const char *key)
{
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 64;
        sc->items = xrealloc(sc->items, sc->cap * sizeof *sc->items);
    }
    sc->items[sc->n++] = (struct scanned){line, xstrdup(section), key ? xstrdup(key) : NULL};
}

/* Strip white space from both ends of s in place (iniparser's notion: isspace); returns s. */
static char *strip(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

static void lower(char *s)
{
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

/* The offending line, made safe and short enough to quote in a one-line message. */
static void quote_line(char *out, size_t outsz, const char *line)
{
    char *safe = text_sanitize(line, false);
    int cols;
    size_t n = text_fit(safe, QUOTE_COLS, &cols);
    if (safe[n] != '\0') {
        n = text_fit(safe, QUOTE_COLS - 3, &cols);
        snprintf(out, outsz, "%.*s...", (int)n, safe);
    } else {
        snprintf(out, outsz, "%s", safe);
    }
    free(safe);
}

/* Scan the file. Returns 0, or 2 with the message in err for an unreadable file or a malformed
 * line. */
static int prescan(const char *path, FILE *f, struct scan *sc, char *err, size_t errsz)
{
    char section[INI_LINE_MAX + 2] = "";
    char orig[INI_LINE_MAX + 2];
    char quoted[QUOTE_COLS * 4 + 8];
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0, rc = 0;
    while ((got = getline(&buf, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)got;
        if (len > 0 && buf[len - 1] == '\n') buf[--len] = '\0';
        if (len > INI_LINE_MAX || memchr(buf, '\0', len)) {
            if (len > INI_LINE_MAX) buf[INI_LINE_MAX] = '\0';
            quote_line(quoted, sizeof quoted, strip(buf));
            snprintf(err, errsz, "配置文件 %s 第 %d 行：行过长或含有空字符 \"%s\"", path, lineno,
                     quoted);
            rc = 2;
            break;
        }
        char *s = strip(buf);
        size_t n = strlen(s);
        if (n == 0 || s[0] == ';' || s[0] == '#') continue;
        memcpy(orig, s, n + 1);
        /* A trailing backslash continues the line in iniparser; we have no use for it and
         * refuse it rather than guess at line numbers. */
        bool ok = s[n - 1] != '\\';
        if (ok && s[0] == '[') {
            ok = s[n - 1] == ']' && n > 2;
            if (ok) {
                s[n - 1] = '\0';
                char *name = strip(s + 1);
                ok = *name != '\0' && !strchr(name, ']');
                if (ok) {
                    lower(name);
                    snprintf(section, sizeof section, "%s", name);
                    scan_add(sc, lineno, section, NULL);
                }
            }
        } else if (ok) {
            char *eq = strchr(s, '=');
            ok = eq && eq != s;
            if (ok) {
                *eq = '\0';
                char *key = strip(s);
                ok = *key != '\0';
                if (ok) {
                    lower(key);
                    scan_add(sc, lineno, section, key);
                }
            }
        }
        if (!ok) {
            quote_line(quoted, sizeof quoted, orig);
            snprintf(err, errsz, "配置文件 %s 第 %d 行：无法解析 \"%s\"", path, lineno, quoted);
            rc = 2;
            break;
        }
    }
    free(buf);
    return rc;
}

/* ---- reading values ------------------------------------------------------------------- */

static int ini_quiet(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("zhibu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Line of the last occurrence of section.key in the scan (iniparser keeps the last), or 0. */
static int line_of(const struct scan *sc, const char *section, const char *key)
{
    int line = 0;
    for (size_t i = 0; i < sc->n; i++)
        if (sc->items[i].key && strcmp(sc->items[i].section, section) == 0 &&
            strcmp(sc->items[i].key, key) == 0)
            line = sc->items[i].line;
    return line;
}

static bool known_section(const char *name)
{
    for (size_t i = 0; i < ZB_ARRAY_LEN(SECTIONS); i++)
        if (strcmp(SECTIONS[i], name) == 0) return true;
    return false;
}

static bool known_key(const char *section, const char *key)
{
    for (size_t i = 0; i < ZB_ARRAY_LEN(MOVED); i++)
        if (strcmp(MOVED[i].section, section) == 0 && strcmp(MOVED[i].key, key) == 0) return true;
    for (size_t i = 0; i < ZB_ARRAY_LEN(SETTINGS); i++)
        if (strcmp(SETTINGS[i].section, section) == 0 && strcmp(SETTINGS[i].key, key) == 0)
            return true;
    return false;
}

static void warn_unknown(const char *path, const struct scan *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        const struct scanned *it = &sc->items[i];
        if (!it->key) {
            if (!known_section(it->section))
                warn("配置文件 %s 第 %d 行：未知的节 [%s]", path, it->line, it->section);
        } else if (!it->section[0]) {
            warn("配置文件 %s 第 %d 行：未知的键 %s", path, it->line, it->key);
        } else if (known_section(it->section) && !known_key(it->section, it->key)) {
            warn("配置文件 %s 第 %d 行：未知的键 %s.%s", path, it->line, it->section, it->key);
        }
    }
}

/* Strict base-10 integer: optional '-', digits, nothing else. */
static bool parse_long(const char *s, long *out)
{
    const char *p = s;
    if (*p == '-') p++;
    if (!*p) return false;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return false;
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno) return false;
    *out = v;
    return true;
}

/* A moved key given, its new one not: the old one's value read under the new name. */
static void read_moved(const char *path, dictionary *d, const struct scan *sc)
{
    for (size_t i = 0; i < ZB_ARRAY_LEN(MOVED); i++) {
        char old[64], now[64];
        snprintf(old, sizeof old, "%s:%s", MOVED[i].section, MOVED[i].key);
        snprintf(now, sizeof now, "%s:%s", MOVED[i].new_section, MOVED[i].new_key);
        const char *v = iniparser_getstring(d, old, NULL);
        if (!v) continue;
        bool both = iniparser_getstring(d, now, NULL) != NULL;
        warn("配置文件 %s 第 %d 行：键 %s.%s 已改为 [%s] %s%s", path,
             line_of(sc, MOVED[i].section, MOVED[i].key), MOVED[i].section, MOVED[i].key,
             MOVED[i].new_section, MOVED[i].new_key,
             both ? "，已有新的键，旧的不再使用" : "，暂按新的键读取，请改用新的键");
        if (!both) {
            if (!iniparser_find_entry(d, MOVED[i].new_section))
                iniparser_set(d, MOVED[i].new_section, NULL);
            iniparser_set(d, now, v);
        }
    }
}

static void read_values(const char *path, dictionary *d, const struct scan *sc,
                        struct config *cfg)
{
    read_moved(path, d, sc);
    for (size_t i = 0; i < ZB_ARRAY_LEN(SETTINGS); i++) {
        const struct setting *s = &SETTINGS[i];
        char full[64];
        snprintf(full, sizeof full, "%s:%s", s->section, s->key);
        const char *v = iniparser_getstring(d, full, NULL);
        if (!v) continue;
        char *field = (char *)cfg + s->offset;
        long num;
        bool ok;
        char def[32];
        if (s->type == SET_PATH) {
            ok = (s->allow_empty || v[0]) && strlen(v) < CONFIG_PATH_MAX;
            if (ok) zb_strlcpy(field, v, CONFIG_PATH_MAX);
            snprintf(def, sizeof def, "%s", s->def_str[0] ? s->def_str : "\"\"");
        } else {
            ok = parse_long(v, &num) && num >= s->min && num <= s->max;
            if (ok && s->type == SET_INT) *(int *)field = (int)num;
            if (ok && s->type == SET_LONG) *(long *)field = num;
            snprintf(def, sizeof def, "%ld", s->def);
        }
        if (!ok) {
            char quoted[QUOTE_COLS * 4 + 8];
            quote_line(quoted, sizeof quoted, v);
            warn("配置文件 %s 第 %d 行：键 %s.%s 的值 \"%s\" 无效，使用默认值 %s", path,
                 line_of(sc, s->section, s->key), s->section, s->key, quoted, def);
        }
    }
    if (!(cfg->employed_bound1 < cfg->employed_bound2 &&
          cfg->employed_bound2 < cfg->employed_bound3)) {
        struct config defs;
        config_defaults(&defs);
        warn("配置文件 %s 第 %d 行：[dues] employed_bound1 < employed_bound2 < employed_bound3 "
             "不成立，三者都使用默认值",
             path, line_of(sc, "dues", "employed_bound1"));
        cfg->employed_bound1 = defs.employed_bound1;
        cfg->employed_bound2 = defs.employed_bound2;
        cfg->employed_bound3 = defs.employed_bound3;
    }
    if (cfg->probation_extend_min_months > cfg->probation_extend_max_months) {
        struct config defs;
        config_defaults(&defs);
        warn("配置文件 %s 第 %d 行：[members] probation_extend_min_months 大于 "
             "probation_extend_max_months，两者都使用默认值",
             path, line_of(sc, "members", "probation_extend_min_months"));
        cfg->probation_extend_min_months = defs.probation_extend_min_months;
        cfg->probation_extend_max_months = defs.probation_extend_max_months;
    }
}

/* ---- finding the file ------------------------------------------------------------------- */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Open the configuration for reading: only a regular file of at most CONFIG_MAX_BYTES (a FIFO,
 * a device such as /dev/zero or a directory would hang or fill memory). The file is opened
 * without blocking (a FIFO with no writer) and checked on the descriptor, so what is checked
 * is what is read. The stream, or NULL with the message in err. */
static FILE *open_regular(const char *path, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsz, "配置文件 %s 无法读取", path);
        return NULL;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0) why = "无法读取";
    else if (S_ISDIR(st.st_mode)) why = "是目录，不是文件";
    else if (!S_ISREG(st.st_mode)) why = "不是普通文件（设备、管道等不能作配置文件）";
    else if (st.st_size > CONFIG_MAX_BYTES) why = "太大（配置文件最多 1 MB）";
    if (why) {
        snprintf(err, errsz, "配置文件 %s %s", path, why);
        close(fd);
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "r");
    if (!f) {
        snprintf(err, errsz, "配置文件 %s 无法读取", path);
        close(fd);
    }
    return f;
}

int config_load(const char *explicit_path, struct config *cfg, char *err, size_t errsz)
{
    config_defaults(cfg);
    if (err && errsz) err[0] = '\0';
    char dummy[8];
    if (!err || errsz == 0) {
        err = dummy;
        errsz = sizeof dummy;
        err[0] = '\0';
    }

    const char *path = NULL;
    const char *env = getenv("ZHIBU_CONFIG");
    if (explicit_path && *explicit_path) {
        path = explicit_path;
    } else if (env && *env) {
        path = env;
    }
    if (path) {
        if (!exists(path)) {
            snprintf(err, errsz, "配置文件 %s 不存在", path);
            return 2;
        }
    } else if (exists(CONFIG_LOCAL_PATH)) {
        path = CONFIG_LOCAL_PATH;
    } else if (exists(CONFIG_SYSTEM_PATH)) {
        path = CONFIG_SYSTEM_PATH;
    } else {
        return 0; /* defaults only; source stays "" */
    }
    if (strlen(path) >= CONFIG_PATH_MAX) {
        snprintf(err, errsz, "配置文件路径过长");
        return 2;
    }
    FILE *f = open_regular(path, err, errsz);
    if (!f) return 2;

    struct scan sc = {0};
    int rc = prescan(path, f, &sc, err, errsz);
    if (rc != 0) {
        fclose(f);
        scan_free(&sc);
        return rc;
    }

    /* iniparser reads by name: the descriptor's name, so that it reads the file checked above
     * even if the path was changed meanwhile */
    char fdpath[32];
    snprintf(fdpath, sizeof fdpath, "/dev/fd/%d", fileno(f));
    iniparser_set_error_callback(ini_quiet);
    dictionary *d = iniparser_load(access(fdpath, R_OK) == 0 ? fdpath : path);
    iniparser_set_error_callback(NULL);
    fclose(f);
    if (!d) {
        /* The scan accepted the file, so this is a read error or one of iniparser's own
         * limits. */
        snprintf(err, errsz, "配置文件 %s 无法读取", path);
        scan_free(&sc);
        return 2;
    }
    warn_unknown(path, &sc);
    read_values(path, d, &sc, cfg);
    iniparser_freedict(d);
    scan_free(&sc);
    zb_strlcpy(cfg->source, path, sizeof cfg->source);
    rules_from_config(cfg, &cfg->rules);
    return 0;
}

const char *config_places(void)
{
    return "$ZHIBU_CONFIG、" CONFIG_LOCAL_PATH "、" CONFIG_SYSTEM_PATH;
}

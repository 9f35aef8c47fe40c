/* out.c — what the program writes on standard output and standard error (see cli.h).
 *
 * Text from the ledger reaches these streams: names, topics, a bundle's manifest, messages that
 * quote them. Any of it may hold control characters — typed in another program, or put into a
 * bundle on purpose — and an ESC sequence written to a terminal can change its title, clear
 * it, or rewrite what is shown. So both streams pass through one filter, whatever they are
 * connected to (a log read later with cat is a terminal too): line feeds and tabs pass, valid
 * UTF-8 passes, and every other control character (C0, DEL, C1), the bidirectional overrides
 * and any invalid byte becomes U+FFFD. Data formats keep their own rules before that: CSV
 * fields are cleaned the same way (csv.c), JSON escapes them (\u001b).
 *
 * cli_error is the one place an error line is composed: "zhibu CMD: " and the message, tidied
 * by msg_tidy (a doubled "…失败：…失败：" and ASCII colons after Chinese text). */
#define _GNU_SOURCE /* fopencookie */
#include "zhibu/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "zhibu/config.h"
#include "zhibu/store.h"
#include "zhibu/text.h"
#include "zhibu/msg.h"
#include "zhibu/util.h"

/* Bytes a UTF-8 sequence with this lead byte has (0: not a lead byte). */
static size_t seq_len(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 0;
}

bool cli_cp_is_safe(uint32_t cp)
{
    if (cp == '\n' || cp == '\t') return true;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return false;
    return true;
}

/* Append the character at p (used bytes, decoded as cp) or U+FFFD in its place. */
static size_t put_char(char *out, const char *p, size_t used, uint32_t cp)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    /* text_decode says U+FFFD for an invalid sequence; a real U+FFFD in the text passes */
    bool bad = (cp == TEXT_REPLACEMENT && !(used == 3 && memcmp(p, fffd, 3) == 0)) ||
               !cli_cp_is_safe(cp);
    memcpy(out, bad ? fffd : p, bad ? 3 : used);
    return bad ? 3 : used;
}

size_t cli_clean(struct cli_clean_state *cs, const char *in, size_t len, char *out, bool final)
{
    size_t w = 0, i = 0;
    if (cs->n > 0) {
        /* a character cut between two writes: complete it from this one */
        size_t need = seq_len((unsigned char)cs->pending[0]);
        while (cs->n < need && i < len && ((unsigned char)in[i] & 0xC0) == 0x80)
            cs->pending[cs->n++] = in[i++];
        if (cs->n < need && i == len && !final) return 0; /* still incomplete: wait */
        if (cs->n < need) {
            /* it was never finished: one U+FFFD for it */
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
        } else {
            for (size_t j = 0; j < cs->n;) {
                uint32_t cp;
                size_t used = text_decode(cs->pending + j, cs->n - j, &cp);
                w += put_char(out + w, cs->pending + j, used, cp);
                j += used;
            }
        }
        cs->n = 0;
    }
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 0x20 && c < 0x7F) {
            out[w++] = (char)c;
            i++;
            continue;
        }
        size_t need = seq_len(c);
        if (need > 1 && len - i < need && !final) {
            /* the rest is the start of a character: kept for the next write if it may still
             * be valid */
            bool prefix = true;
            for (size_t j = i + 1; j < len; j++)
                prefix = prefix && ((unsigned char)in[j] & 0xC0) == 0x80;
            if (prefix) {
                memcpy(cs->pending, in + i, len - i);
                cs->n = len - i;
                return w;
            }
        }
        uint32_t cp;
        size_t used = text_decode(in + i, len - i, &cp);
        w += put_char(out + w, in + i, used, cp);
        i += used;
    }
    return w;
}

/* ---- the filtered streams ---- */

struct guard {
    int fd;
    struct cli_clean_state cs;
};

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
    struct guard *g = cookie;
    /* every input byte becomes at most the three of U+FFFD */
    char local[4096 * 3 + 16];
    size_t done = 0;
    while (done < size) {
        size_t part = size - done > 4096 ? 4096 : size - done;
        size_t w = cli_clean(&g->cs, buf + done, part, local, false);
        if (write_all(g->fd, local, w) != 0) return -1;
        done += part;
    }
    return (ssize_t)size;
}

static int guard_close(void *cookie)
{
    struct guard *g = cookie;
    char local[16];
    size_t w = cli_clean(&g->cs, "", 0, local, true);
    return write_all(g->fd, local, w);
}

/* Two streams at most, for the life of the process. */
static struct guard guards[2];
static FILE *plain_out, *plain_err;

static FILE *guarded(FILE *orig, struct guard *g, int mode)
{
    fflush(orig);
    g->fd = fileno(orig);
    cookie_io_functions_t io = {.write = guard_write, .close = guard_close};
    FILE *f = fopencookie(g, "w", io);
    if (!f) return NULL;
    setvbuf(f, NULL, mode, 0);
    return f;
}

/* At exit: what is buffered goes out (a character cut at the very end as U+FFFD) and the
 * streams are the plain ones again for whatever runs after. */
static void unguard(void)
{
    if (plain_out) {
        FILE *f = stdout;
        stdout = plain_out;
        fclose(f);
        plain_out = NULL;
    }
    if (plain_err) {
        FILE *f = stderr;
        stderr = plain_err;
        fclose(f);
        plain_err = NULL;
    }
}

void cli_guard_output(bool with_stdout)
{
    if (plain_out || plain_err) return;
    FILE *f;
    if (with_stdout && (f = guarded(stdout, &guards[0], isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF))) {
        plain_out = stdout;
        stdout = f;
    }
    if ((f = guarded(stderr, &guards[1], _IONBF))) {
        plain_err = stderr;
        stderr = f;
    }
    atexit(unguard);
}

/* ---- error lines ---- */

void cli_verror(const char *cmd, const char *fmt, va_list ap)
{
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg_tidy(msg, sizeof msg);
    if (cmd && *cmd && strcmp(cmd, "zhibu") != 0)
        fprintf(stderr, "zhibu %s: %s\n", cmd, msg);
    else
        fprintf(stderr, "zhibu: %s\n", msg);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_verror(cmd, fmt, ap);
    va_end(ap);
}

void cli_store_error(const char *cmd, const char *lead, const struct store *st)
{
    char m[MSG_MAX];
    cli_error(cmd, "%s", msg_store_failure(m, sizeof m, lead, store_error(st)));
}

bool cli_refuse_overwrite(const char *cmd, const char *path, bool force)
{
    struct stat sb;
    if (force || stat(path, &sb) != 0) return false;
    cli_error(cmd, "文件 %s 已存在，不会覆盖（要覆盖请加 --force）", path);
    return true;
}

/* ---- the progress of an upgrade ---- */

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The line rewritten in place: cleaned as every output is, written past the filter with the
 * carriage return and the erase-to-end that put it over the last one. */
static void progress_line(const char *text)
{
    char clean[3 * 512 + 16];
    struct cli_clean_state cs = {0};
    size_t n = strlen(text);
    if (n > 512) n = 512;
    size_t w = cli_clean(&cs, text, n, clean, true);
    fflush(stderr);
    write_all(STDERR_FILENO, "\r", 1);
    write_all(STDERR_FILENO, clean, w);
    write_all(STDERR_FILENO, "\033[K", 3);
}

void cli_upgrade_progress(const struct store_upgrade *u, void *ctx)
{
    (void)ctx;
    static bool tty, shown;
    static double started, last;
    static unsigned turn;
    double now = seconds_now();
    if (u->stage == STORE_UPGRADE_BEGIN) {
        tty = isatty(STDERR_FILENO);
        shown = false;
        started = now;
        last = 0;
        fprintf(stderr, "正在升级数据库 %s（版本 %d → %d），请勿关闭程序……\n", u->path,
                u->from, u->to);
        return;
    }
    if (u->stage == STORE_UPGRADE_END) {
        if (tty && shown) progress_line("");
        if (u->ok)
            fprintf(stderr, "数据库已升级到版本 %d（用时 %.0f 秒）%s%s\n", u->to, now - started,
                    u->backup && *u->backup ? "，升级前的备份：" : "", u->backup ? u->backup : "");
        return;
    }
    if (!tty || now - last < 0.2) return;
    last = now;
    shown = true;
    static const char spin[] = "|/-\\";
    char pct[32] = "";
    if (u->total > 0)
        snprintf(pct, sizeof pct, " %lld%%", u->done >= u->total ? 100 : u->done * 100 / u->total);
    else
        snprintf(pct, sizeof pct, " %c", spin[turn++ % 4]);
    char line[512];
    if (u->stage == STORE_UPGRADE_BACKUP)
        snprintf(line, sizeof line, "升级前备份%s", pct);
    else if (u->stage == STORE_UPGRADE_SHRINK)
        snprintf(line, sizeof line, "压缩文件%s", pct);
    else
        snprintf(line, sizeof line, "升级到版本 %d%s%s%s", u->step, *u->what ? "：" : "", u->what,
                 pct);
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, "（已用 %.0f 秒）", now - started);
    progress_line(line);
}

struct store *cli_open_db(const char *cmd, const char *db, const struct config *cfg)
{
    struct store *st = NULL;
    struct store_options so = {
        .create = false,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
    };
    char err[1024];
    if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        cli_error(cmd, "%s", err);
        return NULL;
    }
    return st;
}

int cli_finish_stdout(const char *cmd)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(cmd, "写入标准输出失败");
        return 1;
    }
    return 0;
}

/* args.c — the shared long-option parser of the subcommands (see args.h). */
#include "zhibu/args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/cli.h"

static const struct args_option *find_option(const struct args_option *opts, const char *name,
                                             size_t len)
{
    for (const struct args_option *o = opts; o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) return o;
    return NULL;
}

int args_parse(int argc, char **argv, const struct args_option *opts,
               const char **positional, int max_positional, int *npositional,
               char *err, size_t errsz)
{
    bool options_done = false;
    *npositional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (!options_done && strcmp(a, "-h") == 0) a = "--help";
        if (options_done || a[0] != '-' || a[1] == '\0') {
            if (*npositional >= max_positional) {
                snprintf(err, errsz, "多余的参数 %s", a);
                return -1;
            }
            positional[(*npositional)++] = a;
            continue;
        }
        if (a[1] != '-') {
            snprintf(err, errsz, "未知选项 %s", a);
            return -1;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct args_option *o = find_option(opts, name, len);
        if (!o) {
            snprintf(err, errsz, "未知选项 --%.*s", (int)len, name);
            return -1;
        }
        if (o->kind == ARGS_FLAG) {
            if (eq) {
                snprintf(err, errsz, "选项 --%s 不接受值", o->name);
                return -1;
            }
        } else {
            const char *v;
            if (eq) {
                v = eq + 1;
            } else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
                v = argv[++i];
            } else {
                snprintf(err, errsz, "选项 --%s 需要一个值", o->name);
                return -1;
            }
            if (o->value) *o->value = v;
        }
        if (o->set) *o->set = true;
    }
    return 0;
}

bool args_parse_long(const char *s, long min, long max, long *out)
{
    if (!s) return false;
    const char *p = s;
    if (*p == '-') p++;
    if (*p < '0' || *p > '9') return false;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return false;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) return false;
    *out = v;
    return true;
}

bool args_parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s) return false;
    for (const char *q = s; *q; q++)
        if (*q < '0' || *q > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') return false;
    *out = (uint64_t)v;
    return true;
}

int args_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_error(cmd, "%s（用 zhibu %s --help 查看用法）", msg, cmd);
    return 2;
}

/* args.h — the small long-option parser shared by the subcommands (src/cli/).
 * Accepted forms: "--name VALUE", "--name=VALUE", a flag "--name", "-h" for "--help", and
 * "--" to end the options. Anything else is positional. A value that itself starts with
 * "--" must be given as "--name=VALUE", so "--db --format csv" reports a missing value
 * instead of taking "--format" as a file name. Messages are one-line Chinese sentences. */
#ifndef ZHIBU_ARGS_H
#define ZHIBU_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum args_kind {
    ARGS_FLAG,  /* --name */
    ARGS_VALUE, /* --name VALUE or --name=VALUE */
};

/* One option; a table of them ends with an entry whose name is NULL. */
struct args_option {
    const char *name;    /* without the leading "--", e.g. "db" */
    enum args_kind kind;
    const char **value;  /* ARGS_VALUE: receives the value (points into argv); last one wins */
    bool *set;           /* may be NULL: set to true when the option appears */
};

/* Parse argv[1..argc-1] (argv[0] is the subcommand's name). Positional arguments are stored
 * in positional[0..max_positional-1] and counted in *npositional. Returns 0, or -1 with a
 * Chinese sentence in err: 未知选项 --x / 选项 --db 需要一个值 / 选项 --help 不接受值 /
 * 多余的参数 x (more positionals than max_positional). */
int args_parse(int argc, char **argv, const struct args_option *opts,
               const char **positional, int max_positional, int *npositional,
               char *err, size_t errsz);

/* Strict decimal integer in [min, max]: an optional "-", digits, nothing else (no "+",
 * spaces or trailing text). */
bool args_parse_long(const char *s, long min, long max, long *out);
/* Strict unsigned decimal 64-bit integer. */
bool args_parse_u64(const char *s, uint64_t *out);

/* Print "zhibu CMD: MESSAGE（用 zhibu CMD --help 查看用法）" on stderr and return 2, the exit
 * status of a usage error. */
int args_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

/* Unit tests of the subcommands' option parser (src/cli/args.c). */
#include <stdio.h>

#include "test.h"
#include "zhibu/args.h"

struct parsed {
    const char *db, *format;
    bool help, db_set;
    const char *pos[2];
    int npos;
    char err[256];
};

/* Parses a copy of args (writable, as a real argv is). The values point into the copy, which
 * stays valid until the next call. */
static int parse(struct parsed *p, int argc, const char *const *args)
{
    static char store[8][64];
    char *argv[9] = {0};
    for (int i = 0; i < argc && i < 8; i++) {
        snprintf(store[i], sizeof store[i], "%s", args[i]);
        argv[i] = store[i];
    }
    *p = (struct parsed){0};
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &p->db, .set = &p->db_set},
        {.name = "format", .kind = ARGS_VALUE, .value = &p->format},
        {.name = "help", .kind = ARGS_FLAG, .set = &p->help},
        {0},
    };
    return args_parse(argc, argv, opts, p->pos, 1, &p->npos, p->err, sizeof p->err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__})
#define NARGS(...) ((int)(sizeof(ARGS(__VA_ARGS__)) / sizeof(const char *)))
#define PARSE(p, ...) parse((p), NARGS(__VA_ARGS__), ARGS(__VA_ARGS__))

TEST(args_values_flags_and_positionals)
{
    struct parsed p;
    CHECK_INT(PARSE(&p, "list", "members", "--db", "a.db", "--format=json"), 0);
    CHECK_STR(p.db, "a.db");
    CHECK(p.db_set);
    CHECK_STR(p.format, "json");
    CHECK(!p.help);
    CHECK_INT(p.npos, 1);
    CHECK_STR(p.pos[0], "members");

    CHECK_INT(PARSE(&p, "demo", "-h"), 0);
    CHECK(p.help);
    CHECK_INT(PARSE(&p, "demo", "--db", "x", "--db", "y"), 0);
    CHECK_STR(p.db, "y"); /* the last one wins */
    /* "--" ends the options: what follows is positional even if it looks like one */
    CHECK_INT(PARSE(&p, "list", "--", "--db"), 0);
    CHECK_INT(p.npos, 1);
    CHECK_STR(p.pos[0], "--db");
    CHECK(p.db == NULL);
    /* a lone "-" and a negative number are values, not options */
    CHECK_INT(PARSE(&p, "demo", "--db", "-"), 0);
    CHECK_STR(p.db, "-");
    CHECK_INT(PARSE(&p, "demo", "--format", "-1"), 0);
    CHECK_STR(p.format, "-1");
    CHECK_INT(PARSE(&p, "demo", "--db="), 0);
    CHECK_STR(p.db, "");
}

TEST(args_errors_in_chinese)
{
    struct parsed p;
    CHECK_INT(PARSE(&p, "demo", "--colour"), -1);
    CHECK_STR(p.err, "未知选项 --colour");
    CHECK_INT(PARSE(&p, "demo", "--colour=red"), -1);
    CHECK_STR(p.err, "未知选项 --colour");
    CHECK_INT(PARSE(&p, "demo", "-x"), -1);
    CHECK_STR(p.err, "未知选项 -x");
    CHECK_INT(PARSE(&p, "demo", "--db"), -1);
    CHECK_STR(p.err, "选项 --db 需要一个值");
    CHECK_INT(PARSE(&p, "demo", "--db", "--format", "csv"), -1);
    CHECK_STR(p.err, "选项 --db 需要一个值");
    CHECK_INT(PARSE(&p, "demo", "--help=yes"), -1);
    CHECK_STR(p.err, "选项 --help 不接受值");
    CHECK_INT(PARSE(&p, "list", "members", "branches"), -1);
    CHECK_STR(p.err, "多余的参数 branches");
    CHECK_INT(PARSE(&p, "list", "--d", "x"), -1); /* no prefix matching */
    CHECK_STR(p.err, "未知选项 --d");
}

TEST(args_parse_long_strict)
{
    long v = 0;
    CHECK(args_parse_long("8", 1, 1000, &v));
    CHECK_INT(v, 8);
    CHECK(args_parse_long("1000", 1, 1000, &v));
    CHECK_INT(v, 1000);
    CHECK(args_parse_long("-5", -10, 10, &v));
    CHECK_INT(v, -5);
    CHECK(!args_parse_long("0", 1, 1000, &v));
    CHECK(!args_parse_long("1001", 1, 1000, &v));
    CHECK(!args_parse_long("-1", 1, 1000, &v));
    CHECK(!args_parse_long("abc", 1, 1000, &v));
    CHECK(!args_parse_long("", 1, 1000, &v));
    CHECK(!args_parse_long("3x", 1, 1000, &v));
    CHECK(!args_parse_long(" 8", 1, 1000, &v));
    CHECK(!args_parse_long("+8", 1, 1000, &v));
    CHECK(!args_parse_long("-", -10, 10, &v));
    CHECK(!args_parse_long("99999999999999999999999", 1, 1000, &v));
    CHECK(!args_parse_long(NULL, 1, 1000, &v));
    CHECK_INT(v, -5); /* untouched by failures */
}

TEST(args_parse_u64_strict)
{
    uint64_t v = 0;
    CHECK(args_parse_u64("0", &v));
    CHECK(v == 0);
    CHECK(args_parse_u64("18446744073709551615", &v));
    CHECK(v == UINT64_MAX);
    CHECK(!args_parse_u64("18446744073709551616", &v));
    CHECK(!args_parse_u64("-1", &v));
    CHECK(!args_parse_u64("", &v));
    CHECK(!args_parse_u64("1e3", &v));
    CHECK(!args_parse_u64(NULL, &v));
}

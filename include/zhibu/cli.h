/* cli.h — the subcommands (one file each in src/cli/). Each takes the arguments after its
 * own name, prints --help, writes data to stdout and one-line Chinese errors to stderr, and
 * returns the process exit status (0 ok, 1 failure, 2 usage or config error). */
#ifndef ZHIBU_CLI_H
#define ZHIBU_CLI_H

struct config;

/* zhibu demo --db PATH [--branches N] [--years N] [--seed S] */
int cli_demo(int argc, char **argv, const struct config *cfg);
/* zhibu list members|meetings --db P [--branch CODE] [--month YYYY-MM] [--include-voided]
 * --format csv|json */
int cli_list(int argc, char **argv, const struct config *cfg);
/* zhibu export meetings --db P --branch CODE [--month YYYY-MM] [--kind K] [--include-voided]
 * --out FILE.xlsx|.csv|.json */
int cli_export(int argc, char **argv, const struct config *cfg);
/* zhibu audit --db P [--month YYYY-MM] [--branch CODE] --format text|csv|json (src/cli/audit.c) */
int cli_audit(int argc, char **argv, const struct config *cfg);
/* zhibu report --db P [--month YYYY-MM] --out FILE.xlsx|FILE.csv (src/cli/audit.c) */
int cli_report(int argc, char **argv, const struct config *cfg);
/* zhibu verify --db P [--branch CODE]: the journal's chains and rows (src/cli/verify.c) */
int cli_verify(int argc, char **argv, const struct config *cfg);

#endif

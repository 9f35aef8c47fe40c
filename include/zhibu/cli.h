/* cli.h — the subcommands (one file each in src/cli/). Each takes the arguments after its
 * own name, prints --help, writes data to stdout and one-line Chinese errors to stderr, and
 * returns the process exit status (0 ok, 1 failure, 2 usage or config error). */
#ifndef ZHIBU_CLI_H
#define ZHIBU_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;

/* zhibu demo --db PATH [--branches N] [--years N] [--seed S] */
int cli_demo(int argc, char **argv, const struct config *cfg);
/* zhibu list members|meetings --db P [--branch CODE] [--month YYYY-MM] [--include-voided]
 * --format csv|json */
int cli_list(int argc, char **argv, const struct config *cfg);
/* zhibu candidate add|step|list --db P ...: 发展党员 for scripts (src/cli/candidate_cmd.c); and
 * `zhibu list candidates` (cli_list calls it): the people of the pipeline of one branch (code)
 * or all as CSV/JSON on stdout (with_id: an id column first). 0, or 1 after the error line. */
int cli_candidate(int argc, char **argv, const struct config *cfg);
struct store;
int cli_list_candidates(struct store *st, const char *cmd, const char *branch_code, bool json,
                        bool with_id, const struct config *cfg);
/* zhibu export meetings --db P --branch CODE [--month YYYY-MM] [--kind K] [--include-voided]
 * --out FILE.xlsx|.csv|.json */
int cli_export(int argc, char **argv, const struct config *cfg);
/* zhibu audit --db P [--month YYYY-MM] [--branch CODE] --format text|csv|json (src/cli/audit_cmd.c) */
int cli_audit(int argc, char **argv, const struct config *cfg);
/* zhibu report --db P [--month YYYY-MM] --out FILE.xlsx|FILE.csv (src/cli/audit_cmd.c) */
int cli_report(int argc, char **argv, const struct config *cfg);
/* zhibu circular --db P --month YYYY-MM|--quarter YYYY-Qn --out FILE.xlsx|FILE.txt [--force]:
 * the district's 通报 (src/cli/circular_cmd.c) */
int cli_circular(int argc, char **argv, const struct config *cfg);
/* zhibu stats --db P --year YYYY [--branch CODE] --format csv|json|xlsx [--out F] [--force]:
 * 党内统计 (src/cli/stats_cmd.c) */
int cli_stats(int argc, char **argv, const struct config *cfg);
/* zhibu verify --db P [--branch CODE]: the journal's chains and rows (src/cli/verify.c) */
int cli_verify(int argc, char **argv, const struct config *cfg);
/* zhibu init --db P [--login L] [--name N] [--password-file F] (src/cli/init.c) */
int cli_init(int argc, char **argv, const struct config *cfg);
/* zhibu bundle export --db P --branch CODE [--verdicts] --out FILE.zbx | bundle import --db P
 * FILE.zbx: a branch's ledger between offices (src/cli/bundle_cmd.c) */
int cli_bundle(int argc, char **argv, const struct config *cfg);
/* zhibu office show|list|name|kind --db P ...: the office's identity and the offices it has
 * registered (src/cli/office_cmd.c) */
int cli_office(int argc, char **argv, const struct config *cfg);
/* zhibu import members --db P --branch CODE FILE [--dry-run] ... | import template --out F:
 * the roster an office already keeps, from .xlsx or CSV (src/cli/import.c) */
int cli_import(int argc, char **argv, const struct config *cfg);
/* zhibu backup --db P --to DIR [--keep N] | restore --db P [--force-other-office] FILE: a
 * checked copy of the ledger and putting one back (src/cli/backup_cmd.c, store_backup.h) */
int cli_backup(int argc, char **argv, const struct config *cfg);
int cli_restore(int argc, char **argv, const struct config *cfg);
/* zhibu user add|passwd|list|disable|enable --db P ... [--as L] (src/cli/user_cmd.c) */
int cli_user(int argc, char **argv, const struct config *cfg);
/* A password into buf (CLI_PASSWORD_BUF bytes): the first line of file, else asked on /dev/tty
 * with echo off (twice when confirm: "两次输入的密码不一致"). 0, else the exit status after
 * printing why on stderr (src/cli/init.c). The caller wipes buf (sodium_memzero) after use. */
#define CLI_PASSWORD_BUF 4096
int cli_password(const char *cmd, const char *file, const char *prompt, bool confirm, char *buf,
                 size_t bufsz);
/* Log in as the account `as` (password from as_pwfile, else asked "<as> 的密码："), with the
 * configured lockout: 0, else the exit status after printing why (src/cli/init.c). */
struct store;
struct config;
int cli_login(const char *cmd, struct store *st, const char *as, const char *as_pwfile,
              const struct config *cfg);

/* ---- what the program writes (src/cli/out.c) ----
 * Control characters never reach a terminal: cli_guard_output puts a filter in front of
 * standard error (and standard output, unless the full-screen interface draws there) that
 * lets line feeds, tabs and valid UTF-8 through and writes U+FFFD for any other control
 * character (C0, DEL, C1), the bidirectional overrides (U+202A-U+202E, U+2066-U+2069) and
 * invalid bytes. Call it first thing, before anything is written. */
void cli_guard_output(bool with_stdout);
/* The filter itself, for a stream written in pieces: a character cut between two pieces is
 * kept in the state (unless final). out needs room for 3 bytes per input byte plus 12. Returns
 * the bytes written to out. */
struct cli_clean_state {
    char pending[4];
    size_t n;
};
size_t cli_clean(struct cli_clean_state *cs, const char *in, size_t len, char *out, bool final);
/* Whether a code point may be written as it is (line feed, tab, anything printable). */
bool cli_cp_is_safe(uint32_t cp);
/* The one place an error line is composed: "zhibu CMD: MESSAGE" on standard error ("zhibu:
 * MESSAGE" when cmd is NULL or "zhibu"), the message tidied by msg_tidy. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The store's last failure after the subcommand's own step ("读取数据失败"): the one sentence
 * msg_store_failure writes (msg.h), through cli_error. */
void cli_store_error(const char *cmd, const char *lead, const struct store *st);
void cli_verror(const char *cmd, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* An export names its file: one already there is refused ("文件 X 已存在，不会覆盖（要覆盖请加
 * --force）", true: the caller exits 1) unless force. */
bool cli_refuse_overwrite(const char *cmd, const char *path, bool force);
/* An existing database opened for subcommand cmd (never created; backups as the config says):
 * NULL after the error line. */
struct store;
struct store *cli_open_db(const char *cmd, const char *db, const struct config *cfg);
/* The progress of an upgrade made by an open (store_options.progress; ctx unused), on standard
 * error: one line when it starts and one when it is done; on a terminal between them one line
 * rewritten in place at most five times a second ("升级前备份 45%", "重建表 … 37%", "压缩文件 60%";
 * "|/-\\" turning where no total is known), with the seconds so far. */
struct store_upgrade;
void cli_upgrade_progress(const struct store_upgrade *u, void *ctx);
/* Standard output flushed: 0, or 1 after "写入标准输出失败". */
int cli_finish_stdout(const char *cmd);

#endif

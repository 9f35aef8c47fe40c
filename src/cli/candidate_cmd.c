/* candidate_cmd.c — 发展党员 on the command line: `zhibu list candidates` (every person in the
 * pipeline with their stage, the stage's date and what is due next, CSV or JSON with stable
 * codes) and `zhibu candidate add|step|list` (a person's application and each later step, for
 * scripts and tests; the same checks as the screens: store_pipeline.h). */
#include "zhibu/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/csv.h"
#include "zhibu/date.h"
#include "zhibu/rules.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/util.h"

#define CAND_COLUMNS 8
static const char *const CAND_KEYS[CAND_COLUMNS] = {
    "id", "branch_code", "name", "stage", "stage_date", "next_step", "due_by", "overdue",
};

/* One person as a CSV row or a JSON object (with_id: the first column, the person's id for
 * `zhibu candidate step`; 0 for a member admitted before the ledger). */
static int write_cand(FILE *f, bool json, bool with_id, const char *code,
                      const struct candidate *c, long row)
{
    char id[24], by[DATE_STR_LEN] = "";
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    if (date_valid(c->due.by)) date_format(c->due.by, by);
    const char *next = c->due.next == STEP_COUNT ? "" : cand_step_code(c->due.next);
    const char *fields[CAND_COLUMNS] = {
        id, code, c->name, c->stage, c->stage_date, next, by, c->due.overdue ? "1" : "0",
    };
    int first = with_id ? 0 : 1;
    if (!json) return csv_write_row(f, fields + first, CAND_COLUMNS - first);
    int rc = (row > 0 && fputs(",\n", f) < 0) || putc('{', f) == EOF ? -1 : 0;
    for (int i = first; rc == 0 && i < CAND_COLUMNS; i++) {
        if (i > first && putc(',', f) == EOF) rc = -1;
        if (rc == 0) rc = json_write_string(f, CAND_KEYS[i]);
        if (rc == 0 && putc(':', f) == EOF) rc = -1;
        if (rc != 0) break;
        if (i == 0) rc = fputs(id, f) < 0 ? -1 : 0;
        else if (i == CAND_COLUMNS - 1) rc = fputs(c->due.overdue ? "true" : "false", f) < 0 ? -1 : 0;
        else rc = json_write_string(f, fields[i]);
    }
    if (rc == 0 && putc('}', f) == EOF) rc = -1;
    return rc;
}

int cli_list_candidates(struct store *st, const char *cmd, const char *branch_code, bool json,
                        bool with_id, const struct config *cfg)
{
    struct store_branch_list all = {0};
    struct branch one;
    const struct branch *bs;
    int nb;
    if (branch_code) {
        int rc = store_branch_by_code(st, branch_code, &one);
        if (rc == STORE_ERR_NOT_FOUND) {
            cli_error(cmd, "没有组织代码为 %s 的支部", branch_code);
            return 1;
        }
        if (rc != STORE_OK) {
            cli_store_error(cmd, "读取支部失败", st);
            return 1;
        }
        bs = &one;
        nb = 1;
    } else {
        if (store_branch_list(st, &all) != STORE_OK) {
            cli_store_error(cmd, "读取支部失败", st);
            return 1;
        }
        bs = all.v;
        nb = all.n;
    }
    const struct people_rules *rules = cfg ? &cfg->rules.audit.people : NULL;
    int first = with_id ? 0 : 1;
    bool failed = json ? fputs("[\n", stdout) < 0
                       : csv_write_row(stdout, CAND_KEYS + first, CAND_COLUMNS - first) != 0;
    long rows = 0;
    int status = 0;
    for (int b = 0; b < nb && !failed && !status; b++) {
        struct store_candidate_list l;
        if (store_candidate_list(st, bs[b].id, false, clock_today(), rules, &l) != STORE_OK) {
            cli_error(cmd, "读取支部 %s 的发展党员失败：%s", bs[b].code, store_errmsg(st));
            status = 1;
            break;
        }
        for (int i = 0; i < l.n && !failed; i++)
            failed = write_cand(stdout, json, with_id, bs[b].code, &l.v[i], rows++) != 0;
        store_candidate_list_free(&l);
    }
    if (json && !failed && !status) failed = fputs(rows > 0 ? "\n]\n" : "]\n", stdout) < 0;
    store_branch_list_free(&all);
    if (fflush(stdout) != 0 || ferror(stdout)) failed = true;
    if (failed) {
        cli_error(cmd, "写入输出失败");
        return 1;
    }
    return status;
}

/* ---- zhibu candidate add|step|list ---- */

static void print_help(void)
{
    fputs("用法：zhibu candidate add  --db 路径 --branch 组织代码 --name 姓名 --gender M|F\n"
          "                           --applied YYYY-MM-DD [--birth YYYY-MM-DD] [--ethnicity 民族]\n"
          "                           [--education 代码] [--category 代码] [--phone 电话]\n"
          "      zhibu candidate step --db 路径 --id 编号 --kind 步骤 --date YYYY-MM-DD\n"
          "                           [--meeting 会议编号] [--person 党员编号]\n"
          "                           [--person2 党员编号] [--for N --against N --abstain N]\n"
          "                           [--note 说明]\n"
          "      zhibu candidate list --db 路径 [--branch 组织代码] --format csv|json\n"
          "  写入时另加：--as 支部书记用户名 [--as-password-file 文件]\n"
          "\n"
          "add 记录一名入党申请人（递交入党申请书的日期），输出其编号。step 为编号的人记录\n"
          "一个发展步骤：apply 递交入党申请书，talk 入党谈话，activist 确定为入党积极分子\n"
          "（--meeting 支部委员会，--person/--person2 两名培养联系人，须为当日在册的正式党员），\n"
          "observe 考察，candidate 确定为发展对象（--meeting 支部委员会），review 政治审查，\n"
          "training 集中培训，publicity 公示，admit 接收为预备党员（--meeting 支部党员大会，\n"
          "--for/--against/--abstain 表决票数；同时在党员名册中新增该预备党员），approve 上级\n"
          "党委审批，stop 中止培养（--note 原因）。步骤的顺序、间隔（配置 [pipeline]）和所关联\n"
          "会议的类型、日期不符时拒绝并说明原因。转正在党员名册中办理。\n"
          "list 与 zhibu list candidates 相同，另有首列 id（编号）。\n"
          "\n"
          "退出码：0 成功；1 被拒绝或写入失败（数据库未改动）；2 参数错误或数据库无法打开。\n",
          stdout);
}

struct cand_args {
    const char *db, *branch, *name, *gender, *applied, *birth, *ethnicity, *education,
        *category, *phone, *id, *kind, *date, *meeting, *person, *person2, *vfor, *vagainst,
        *vabstain, *note, *format, *as, *as_pwfile;
    bool help;
};

static int login_as(struct store *st, const struct cand_args *a, const struct config *cfg)
{
    int nusers = store_user_count(st);
    if (nusers < 0) {
        cli_store_error("candidate", NULL, st);
        return 1;
    }
    if (nusers == 0 && !a->as) return 0; /* before `zhibu init`: the system */
    if (!a->as)
        return args_usage_error("candidate", "数据库已有账号：请用 --as 指定支部书记账号");
    return cli_login("candidate", st, a->as, a->as_pwfile, cfg);
}

/* An optional id or count: 0 when absent; -1 after the usage error. */
static long number(const char *txt, const char *opt, long max)
{
    long v = 0;
    if (!txt) return 0;
    if (!args_parse_long(txt, 0, max, &v)) {
        args_usage_error("candidate", "--%s 应是非负整数，而不是“%s”", opt, txt);
        return -1;
    }
    return v;
}

static void copy(char *dst, size_t n, const char *src)
{
    zb_strlcpy(dst, src ? src : "", n);
}

static int cand_add(struct store *st, const struct cand_args *a, const struct config *cfg)
{
    struct branch b;
    int rc = store_branch_by_code(st, a->branch, &b);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_NOT_FOUND) cli_error("candidate", "没有组织代码为 %s 的支部", a->branch);
        else cli_store_error("candidate", NULL, st);
        return rc == STORE_ERR_NOT_FOUND ? 2 : 1;
    }
    struct candidate c = {0};
    c.branch_id = b.id;
    copy(c.name, sizeof c.name, a->name);
    copy(c.gender, sizeof c.gender, a->gender);
    copy(c.birth_date, sizeof c.birth_date, a->birth);
    copy(c.ethnicity, sizeof c.ethnicity, a->ethnicity);
    copy(c.education, sizeof c.education, a->education);
    copy(c.category, sizeof c.category, a->category);
    copy(c.phone, sizeof c.phone, a->phone);
    copy(c.note, sizeof c.note, a->note);
    if (store_candidate_add(st, &c, a->applied, &cfg->rules.audit.people, cfg->min_join_age) !=
        STORE_OK) {
        cli_store_error("candidate", "记录入党申请人失败", st);
        return 1;
    }
    printf("%lld\n", (long long)c.id);
    return cli_finish_stdout("candidate");
}

static int cand_step(struct store *st, const struct cand_args *a, const struct config *cfg)
{
    long id = number(a->id, "id", 1L << 40), meeting = number(a->meeting, "meeting", 1L << 40),
         p1 = number(a->person, "person", 1L << 40), p2 = number(a->person2, "person2", 1L << 40),
         vf = number(a->vfor, "for", 100000), va = number(a->vagainst, "against", 100000),
         vb = number(a->vabstain, "abstain", 100000);
    if (id < 0 || meeting < 0 || p1 < 0 || p2 < 0 || vf < 0 || va < 0 || vb < 0) return 2;
    struct candidate_step s = {0};
    s.candidate_id = id;
    copy(s.kind, sizeof s.kind, a->kind);
    copy(s.date, sizeof s.date, a->date);
    copy(s.note, sizeof s.note, a->note);
    s.meeting_id = meeting;
    s.person_id = p1;
    s.person2_id = p2;
    s.votes_for = (int)vf;
    s.votes_against = (int)va;
    s.votes_abstain = (int)vb;
    if (store_candidate_step_add(st, &s, NULL, &cfg->rules.audit.people, cfg->min_join_age) !=
        STORE_OK) {
        cli_store_error("candidate", "记录发展步骤失败", st);
        return 1;
    }
    printf("%lld\n", (long long)s.id);
    return cli_finish_stdout("candidate");
}

int cli_candidate(int argc, char **argv, const struct config *cfg)
{
    struct cand_args a = {0};
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &a.db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &a.branch},
        {.name = "name", .kind = ARGS_VALUE, .value = &a.name},
        {.name = "gender", .kind = ARGS_VALUE, .value = &a.gender},
        {.name = "applied", .kind = ARGS_VALUE, .value = &a.applied},
        {.name = "birth", .kind = ARGS_VALUE, .value = &a.birth},
        {.name = "ethnicity", .kind = ARGS_VALUE, .value = &a.ethnicity},
        {.name = "education", .kind = ARGS_VALUE, .value = &a.education},
        {.name = "category", .kind = ARGS_VALUE, .value = &a.category},
        {.name = "phone", .kind = ARGS_VALUE, .value = &a.phone},
        {.name = "id", .kind = ARGS_VALUE, .value = &a.id},
        {.name = "kind", .kind = ARGS_VALUE, .value = &a.kind},
        {.name = "date", .kind = ARGS_VALUE, .value = &a.date},
        {.name = "meeting", .kind = ARGS_VALUE, .value = &a.meeting},
        {.name = "person", .kind = ARGS_VALUE, .value = &a.person},
        {.name = "person2", .kind = ARGS_VALUE, .value = &a.person2},
        {.name = "for", .kind = ARGS_VALUE, .value = &a.vfor},
        {.name = "against", .kind = ARGS_VALUE, .value = &a.vagainst},
        {.name = "abstain", .kind = ARGS_VALUE, .value = &a.vabstain},
        {.name = "note", .kind = ARGS_VALUE, .value = &a.note},
        {.name = "format", .kind = ARGS_VALUE, .value = &a.format},
        {.name = "as", .kind = ARGS_VALUE, .value = &a.as},
        {.name = "as-password-file", .kind = ARGS_VALUE, .value = &a.as_pwfile},
        {.name = "help", .kind = ARGS_FLAG, .set = &a.help},
        {0},
    };
    const char *pos[1];
    int npos;
    char err[512];
    if (args_parse(argc, argv, opts, pos, 1, &npos, err, sizeof err) != 0)
        return args_usage_error("candidate", "%s", err);
    if (a.help) {
        print_help();
        return 0;
    }
    if (npos == 0) return args_usage_error("candidate", "请指定 add、step 或 list");
    enum { ADD, STEP, LIST } what;
    if (!strcmp(pos[0], "add")) what = ADD;
    else if (!strcmp(pos[0], "step")) what = STEP;
    else if (!strcmp(pos[0], "list")) what = LIST;
    else return args_usage_error("candidate", "没有“%s”：请指定 add、step 或 list", pos[0]);
    if (a.as_pwfile && !a.as)
        return args_usage_error("candidate", "--as-password-file 需要与 --as 一起用");
    bool json = false;
    if (what == LIST) {
        if (!a.format) return args_usage_error("candidate", "缺少 --format：请指定 csv 或 json");
        if (strcmp(a.format, "csv") && strcmp(a.format, "json"))
            return args_usage_error("candidate", "--format 应是 csv 或 json，而不是“%s”", a.format);
        json = !strcmp(a.format, "json");
        if (a.branch && !*a.branch) return args_usage_error("candidate", "--branch 不能为空");
    } else if (what == ADD) {
        if (!a.branch || !*a.branch) return args_usage_error("candidate", "缺少 --branch");
        if (!a.name) return args_usage_error("candidate", "缺少 --name");
        if (!a.gender) return args_usage_error("candidate", "缺少 --gender：M 或 F");
        if (!a.applied) return args_usage_error("candidate", "缺少 --applied：递交入党申请书的日期");
    } else {
        if (!a.id) return args_usage_error("candidate", "缺少 --id：发展党员对象的编号");
        if (!a.kind) return args_usage_error("candidate", "缺少 --kind：发展步骤");
        if (!a.date) return args_usage_error("candidate", "缺少 --date");
    }
    struct store *st = cli_open_db("candidate", a.db, cfg);
    if (!st) return 2;
    int rc;
    if (what == LIST) {
        rc = cli_list_candidates(st, "candidate", a.branch, json, true, cfg);
    } else {
        rc = login_as(st, &a, cfg);
        if (!rc) rc = what == ADD ? cand_add(st, &a, cfg) : cand_step(st, &a, cfg);
    }
    store_close(st);
    return rc;
}

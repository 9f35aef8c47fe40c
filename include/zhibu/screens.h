/* screens.h — the screens (one file each in src/screens/) and how main opens the interface. */
#ifndef ZHIBU_SCREENS_H
#define ZHIBU_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zhibu/screen.h"

extern const struct screen_ops login_screen;     /* 登录 (or the first administrator) */
extern const struct screen_ops home_screen;      /* 首页: the branch, today, the modules */
extern const struct screen_ops roster_screen;    /* 党员名册 */
extern const struct screen_ops member_form_screen; /* 党员信息 (add / edit); arg: struct member_form_arg* */
extern const struct screen_ops groups_screen;    /* 党小组 */
extern const struct screen_ops committee_screen; /* 支部委员会 */
extern const struct screen_ops branch_screen;    /* 支部信息; arg: int64_t* id or NULL for a new branch */
extern const struct screen_ops meetings_screen;  /* 三会一课 list */
extern const struct screen_ops meeting_form_screen; /* one record; arg: struct meeting_form_arg* */
extern const struct screen_ops attendance_screen;   /* 出席情况 of the record being edited */
extern const struct screen_ops resolutions_screen;  /* 决议 of the record being edited */
extern const struct screen_ops plans_screen;        /* 会议计划 */
extern const struct screen_ops meeting_summary_screen; /* 年度会议统计 */
extern const struct screen_ops appraisal_screen;    /* 民主评议结果; arg: int64_t* meeting id */
extern const struct screen_ops stats_screen;        /* 党内统计 (from 党员名册, t) */
extern const struct screen_ops dues_screen;         /* 党费 collection grid */
extern const struct screen_ops payment_form_screen; /* one payment; arg: struct payment_form_arg* */
extern const struct screen_ops arrears_screen;      /* 欠交党费 */
extern const struct screen_ops payments_screen;     /* a member's payments; arg: int64_t* member id */
extern const struct screen_ops remit_screen;        /* 党费上缴 of the branch; arg: int* year or NULL */
extern const struct screen_ops remit_form_screen;   /* one remittance (new); arg: NULL */
extern const struct screen_ops mobile_screen;       /* 流动党员 details; arg: int64_t* member id */
extern const struct screen_ops contacts_screen;     /* 联系记录; arg: int64_t* member id */
extern const struct screen_ops posts_screen;        /* 设岗定责 */
extern const struct screen_ops post_form_screen;    /* one post's definition; arg: struct post_form_arg* */
extern const struct screen_ops holdings_screen;     /* holders of a post, a member's posts, or overdue
                                                       holders; arg: struct holdings_arg* */
extern const struct screen_ops uncovered_screen;    /* members without a post, and the excused */
extern const struct screen_ops post_summary_screen; /* the year per post */
extern const struct screen_ops review_screen;       /* 月审: every branch's month */
extern const struct screen_ops branch_review_screen; /* one branch's month; arg: struct branch_review_arg* */
extern const struct screen_ops rectify_screen;      /* 整改事项; arg: struct rectify_arg* */
extern const struct screen_ops system_screen;       /* 系统管理 (administrators): office, file, backups, accounts */
extern const struct screen_ops roster_import_screen; /* 导入党员名册 (the roster's F7) */
extern const struct screen_ops accounts_screen;     /* 账号管理 (administrators), from 系统管理 */
extern const struct screen_ops account_form_screen; /* a new account or a new password; arg: internal */
extern const struct screen_ops exchange_screen;     /* 导入导出 (交换包: export, import, the log) */
extern const struct screen_ops circular_screen;     /* 通报 (a district's database) */
extern const struct screen_ops pipeline_screen;      /* 发展党员: the branch's pipeline by stage */
extern const struct screen_ops candidate_screen;     /* one person in the pipeline and their steps; arg: int64_t* id */
extern const struct screen_ops candidate_form_screen; /* a new applicant or their facts; arg: struct candidate_form_arg* */
/* ---- at a district's database (issue 18) ---- */
extern const struct screen_ops district_home_screen;   /* 首页 of a district: 复审, 督查, 通报, 系统管理 */
extern const struct screen_ops district_review_screen; /* 复审: every branch in scope by township */
extern const struct screen_ops spot_checks_screen;     /* 督查 of a branch or every branch; arg: struct spot_checks_arg* */
extern const struct screen_ops spot_check_form_screen; /* a new spot check; arg: int64_t* branch id */

/* The first screen after the login: the district's home at a district's database (which has no
 * current branch: app's title is then set to the office's name), else 首页. */
const struct screen_ops *screens_home(struct app *app);

struct branch_review_arg {
    int64_t branch_id;
    int year, month;
    bool reviewer;     /* opened from the township's review (else the branch's self-check) */
    bool district;     /* opened from the district's 复审 (the district's verdicts are recorded here) */
};
struct candidate_form_arg {
    int64_t id;        /* 0 = a new applicant */
    int64_t *saved_id; /* receives the saved person's id (may be NULL) */
};
struct spot_checks_arg {
    int64_t branch_id; /* 0 = every branch in the session's scope */
};
struct rectify_arg {
    int64_t branch_id; /* 0 = every branch */
    bool reviewer;
};

struct post_form_arg {
    int64_t id;        /* 0 = a new post */
};
enum holdings_mode { HOLDINGS_OF_POST, HOLDINGS_OF_MEMBER, HOLDINGS_OVERDUE };
struct holdings_arg {
    enum holdings_mode mode;
    int64_t id;        /* the post or the member */
};

/* What the payment form is opened with: the member and the last month to pay ("ym", dues.h). */
struct payment_form_arg {
    int64_t member_id;
    int to_ym;
};

/* What the meeting form is opened with: an existing record (id), or a new one of `kind`
 * (enum meeting_kind), optionally fulfilling a plan (its date and topic are filled in). */
struct meeting_form_arg {
    int64_t id;
    int kind;
    int64_t plan_id;
    int64_t *saved_id;
    bool readonly;     /* opened to be looked at (the review's evidence): nothing can be changed */
};

struct meeting;
/* What the attendance and resolution screens edit: the form's record in place. */
struct meeting_part_arg {
    struct meeting *m;
    bool *edited;      /* set when the user changes anything */
    bool readonly;
};

/* Ask for a date (buf holds the initial text and receives the answer, trimmed) until it is a
 * real date not after today; false on Esc. The one place the "日期有误" dialogue lives. */
bool screens_ask_date(const char *title, const char *label, char *buf, size_t bufsz);
/* Ask for a month YYYY-MM (*ym holds the initial "ym", dues.h) until it is one; false on Esc. */
bool screens_ask_month(const char *title, const char *label, int *ym);
/* The month a review table shows (the township's 月审, the district's 复审): asked from *year /
 * *month until it is a month not in the future; false on Esc (review_screen.c). */
bool screens_ask_review_month(int *year, int *month);

/* Before F9 writes a file the person named: true when there is none there, else asks
 * "文件 X 已存在，覆盖吗？" (Esc or n: false, and the status line says nothing was written). */
bool screens_may_overwrite(struct app *app, const char *path);

/* Choosing the meeting record that decided something (meeting_pick.c): the current branch's
 * records of `kind` (enum meeting_kind, also-counts-as included) from `from` to today, newest
 * first; none_label (may be NULL): a first option of no record; other_label (may be NULL): a last
 * option that lists the records of every kind (titled other_title) — the rules then say why one of
 * another kind does not count. Returns 1 with *id (0: none) and date (the record's, "" for
 * none), 0 when cancelled, -1 when there is nothing to pick. */
struct screens_meeting_pick {
    int kind;
    const char *from;          /* YYYY-MM-DD or NULL */
    const char *title;
    const char *none_label;
    const char *other_label;
    const char *other_title;
};
int screens_pick_meeting(struct app *app, const struct screens_meeting_pick *q, int64_t *id, char date[11]);

/* Pick a meeting kind (enum meeting_kind) or -1. */
int screens_pick_meeting_kind(const char *title, int initial);

/* Every screen, NULL-terminated (for tests that check all action tables). */
extern const struct screen_ops *const screens_all[];

/* What the member form is opened with: id 0 = a new member. When it saves, it writes the
 * member's id to *saved_id (if not NULL) so the list can select it. */
struct transfer;
struct member_form_arg {
    int64_t id;
    int64_t *saved_id;
    const struct transfer *transfer_in; /* a new member transferred in: saved with this record */
};

struct member_filter;
struct member;
/* Let the user pick one member matching f (names shown with their office, if any; typing
 * jumps). Returns 0 with *out filled, or -1 when cancelled or there is nobody (with a status
 * message `empty_msg`). */
int screens_pick_member(struct app *app, const struct member_filter *f, const char *title,
                        int64_t initial_id, const char *empty_msg, struct member *out);

/* The end of probation of m (a probationary member on the roster): 转正, 延长预备期 or 取消预备党员资格,
 * asked and written (probation_decide.c; the roster's and the 发展党员 screens' z). Returns 1 when
 * something was saved (the caller reads its list again), else 0 (a refusal is on the status line). */
int screens_probation_decide(struct app *app, const struct member *m);

/* Make `branch_id` the current branch (title line, remembered in the database). */
int screens_set_branch(struct app *app, int64_t branch_id);
/* After store_login: the title's user ("王书记（支部书记）"), a secretary's own branch as the
 * current one, app->logged_in. */
void screens_after_login(struct app *app);
/* The store's last failure on the status line, after the screen's own step ("保存失败",
 * "未保存"): the one sentence msg_store_failure writes (msg.h). */
void screens_store_error(struct app *app, const char *lead);
/* A write that may meet a month with a verdict, the one way screens make it: write(store, ctx)
 * is made; when the store refuses it with STORE_ERR_LOCKED, the 申请修改 reason is asked
 * (screens_ask_amend) and, when given, the same write is made again between store_amend_begin
 * and store_amend_end. Returns the last write's result: STORE_ERR_LOCKED when no reason was
 * given (the status line says so: nothing more to show), else what the write returned. */
int screens_write(struct app *app, int (*write)(struct store *st, void *ctx), void *ctx);
/* A dues payment (store_dues_payment_add) through screens_write: the grid's Space and the
 * payment form make it the same way. */
struct dues_payment;
struct dues_paid;
int screens_write_payment(struct app *app, struct dues_payment *p, const struct dues_paid *alloc, int n);
/* Whether the user may choose another branch (a secretary may not: the message is shown). */
bool screens_may_switch_branch(struct app *app);

struct group;
/* Every group of the current branch (heap array, free()); *n = how many (0 on a read error,
 * which is shown on the status line). */
struct group *screens_groups(struct app *app, int *n);
struct post;
/* Every post of the current branch (heap array; free with screens_posts_free); *n = how many
 * (0 on a read error, which is shown on the status line). */
struct post *screens_posts(struct app *app, int *n);
void screens_posts_free(struct post *posts, int n);
/* Let the user pick one group of the current branch (every group listed). Returns 0 with *out
 * filled, or -1 when cancelled or there is none (with the status message `empty_msg`). */
int screens_pick_group(struct app *app, const char *title, const char *empty_msg, struct group *out);

/* ---- two sessions at one ledger (conflict.c) ----
 * A form keeps a snapshot of its items as read (text, choice, check box), so that after a save
 * refused with STORE_ERR_CHANGED it can load the saved record and keep the person's typing. */
struct ui_form;
struct form_snapshot {
    char **v;          /* one value per item */
    int n;
};
void screens_form_snapshot(struct form_snapshot *s, const struct ui_form *f);
void screens_form_snapshot_free(struct form_snapshot *s);
/* Whether the form's items (not its labels) still hold base: a save of an unchanged record
 * writes nothing and asks nothing — the form says so and closes (form_same.c). */
bool screens_form_same(const struct ui_form *f, const struct form_snapshot *base);
/* After STORE_ERR_CHANGED: "该记录已被 X 于 HH:MM 修改", what changed field by field (old → new), and
 * the question whether to load the saved record. true: the caller reads the record again, fills
 * the form with it and calls screens_form_merge; false: the form stays as typed (a message says
 * it is not saved). */
bool screens_conflict_ask(struct app *app);
/* A change from a list (no form to keep) refused with STORE_ERR_CHANGED: the message, and that
 * the caller has read the list again ("未保存：该记录已被 X 于 HH:MM 修改；已重新读取，请核对后再改"). */
void screens_conflict_note(struct app *app);
/* The form now holds the record as saved; base is the snapshot of what was first read, mine the
 * form as the person left it. Each item the person changed and the other session did not gets
 * the person's value back; an item both changed keeps the saved value and is named on the status
 * line. base becomes the saved record. Returns how many items kept the person's value. */
int screens_form_merge(struct app *app, struct ui_form *f, struct form_snapshot *base,
                       const struct form_snapshot *mine);

/* After the interface closed (main.c, before the store is closed): the daily backup to
 * [backup] dir when it is set, a user was logged in, no restore was done and this office has no
 * backup of today there (store_backup_daily, keeping [backup] keep). What was done into info
 * ("已自动备份到 …"), a failure into err (a Chinese sentence to print: the stick not there, a
 * full disk); returns whether there was a failure. Never keeps the program from ending. When a
 * backup is due, "正在自动备份到 DIR……" goes to progress (may be NULL) first. */
bool system_quit_backup(struct app *app, FILE *progress, char *info, size_t infosz, char *err,
                        size_t errsz);

#endif

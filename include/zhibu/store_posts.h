/* store_posts.h — the post scheme in the database (src/store/posts_db.c): posts, holdings (claims,
 * with the pledge, the notice date and stepping down), reports, reviews with their reward, and
 * members excused from the scheme. History for every write; nothing deleted. */
#ifndef ZHIBU_STORE_POSTS_H
#define ZHIBU_STORE_POSTS_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/store.h"

struct post {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char category[64];
    char name[64];
    char *duties;              /* heap (free with post_free) */
    int wanted;                /* holders wanted */
    char active_from[11];      /* "" = always */
    char active_to[11];        /* "" = open */
    bool voided;
    /* filled on list reads */
    int holders;               /* current holders */
    char last_report[11];      /* newest report of any holder, "" if none */
    int64_t version;           /* as read (store.h: versions) */
};
void post_free(struct post *p);

int store_post_add(struct store *st, struct post *p);
/* Refused with STORE_ERR_CHANGED when the post changed since p was read (p->version). */
int store_post_update(struct store *st, struct post *p);
int store_post_get(struct store *st, int64_t id, struct post *out);
/* Void a post with a reason; refused while it has holders ("请先办理在岗党员卸任"). */
int store_post_void(struct store *st, int64_t id, const char *reason);
/* The branch's posts (not voided) by category then name, with holders and last_report;
 * store_post_list_free frees the duties too. */
struct store_post_list {
    struct post *v;
    int n;
};
int store_post_list(struct store *st, int64_t branch_id, struct store_post_list *out);
void store_post_list_free(struct store_post_list *l);

struct holding {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t post_id;
    int64_t member_id;
    char how[12];              /* "claim" 认领 / "recommend" 推荐 */
    char claimed[11];
    char pledge[600];
    char noticed[11];          /* 公示 date, "" until noticed */
    char ended[11];            /* "" while held */
    char end_reason[256];
    /* filled on read */
    char member_name[TEXT_SHORT];
    char post_name[64];
    char last_report[11];
    char latest_rating[16];    /* POST_RATINGS code of the newest review, "" if none */
};
/* A claim. Refuses a member of another branch or off the roster ("该党员已离开名册，不能认领岗位"),
 * and a second current holding of the same post by the same member. Does not refuse a full post:
 * the caller warns. */
int store_holding_add(struct store *st, struct holding *h);
/* Step down (date, reason required). */
int store_holding_end(struct store *st, int64_t id, const char *date, const char *reason);
int store_holding_get(struct store *st, int64_t id, struct holding *out);
/* Which holdings store_holding_list reads: those of a post (post_id; current first, then
 * ended), else of a member (member_id; the same order), else every holding of the branch
 * (branch_id) that was current at some time in [from, to] (NULL or "" = open; a holding is
 * current from its claim to the day before it ended), by post — for coverage and reminders. */
struct holding_filter {
    int64_t post_id;
    int64_t member_id;
    int64_t branch_id;
    const char *from, *to;
};
/* The holdings f names, with the filled fields (store.h: lists). */
struct store_holding_list {
    struct holding *v;
    int n;
};
int store_holding_list(struct store *st, const struct holding_filter *f,
                       struct store_holding_list *out);
void store_holding_list_free(struct store_holding_list *l);
/* 公示: set noticed = date on every current holding of the branch that has none; *count gets how
 * many. */
int store_holding_notice(struct store *st, int64_t branch_id, const char *date, int *count);

struct post_report {
    int64_t id;
    int64_t holding_id;
    char date[11];
    char venue[TEXT_SHORT];    /* where it was made, e.g. 支部党员大会 */
    char *content;             /* heap */
    int64_t meeting_id;        /* 0 = none */
};
int store_report_add(struct store *st, struct post_report *r);
/* Newest first; store_report_list_free frees the contents too. */
struct store_report_list {
    struct post_report *v;
    int n;
};
int store_report_list(struct store *st, int64_t holding_id, struct store_report_list *out);
void store_report_list_free(struct store_report_list *l);
void post_reports_free(struct post_report *r, int n);

struct post_review {
    int64_t id;
    int64_t holding_id;
    char period_start[11], period_end[11];
    char rating[16];           /* POST_RATINGS code */
    char comment[600];
    char date[11];
    char reward[256];          /* 考核奖励: what followed (表彰, 提醒谈话, 调整岗位 ...), may be "" */
};
/* One review per holding and period: a second for the same period replaces nothing and is
 * refused ("该期间已评议"). */
int store_review_add(struct store *st, struct post_review *r);
struct store_review_list {
    struct post_review *v;
    int n;
};
int store_review_list(struct store *st, int64_t holding_id, struct store_review_list *out);
void store_review_list_free(struct store_review_list *l);

/* Members excused from the scheme (年老体弱, 外出务工 ...): reason required; ending it keeps the
 * record. */
int store_post_excuse_add(struct store *st, int64_t member_id, const char *reason, const char *since);
int store_post_excuse_end(struct store *st, int64_t member_id);
/* The current excuse reason, or "" (return STORE_OK either way). */
int store_post_excuse_get(struct store *st, int64_t member_id, char *reason, size_t reasonsz);

#endif

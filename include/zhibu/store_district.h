/* store_district.h — the district (区县) above the townships (issue 18): its townships and
 * guidance stations, which township sends each branch, the district a township reports to,
 * the district's own verdicts (复审) beside the township's, and spot checks (督查).
 * Tables: src/store/district_schema.h. Implementation: src/store/district_db.c.
 *
 * Roles at a district's database (store_auth.h):
 *   reviewer (区委组织部复审人员, scope 0): reads every township and branch; writes district
 *       verdicts, findings sent back and spot checks on any branch.
 *   inspector (指导站督查员, app_user.station_id): reads the townships of their station and
 *       their branches; writes district verdicts, findings and spot checks only there.
 *   admin: townships, stations, users. Nobody writes a township's verdicts (audit_verdict,
 *       rectification) at a district: they arrive only in the township's bundles.
 * Every write checks the session (STORE_ERR_DENIED with a Chinese sentence), checks its input
 * (STORE_ERR_CONSTRAINT with a Chinese sentence naming the field) and is journaled. Nothing is
 * deleted: a spot check is voided with a reason; a verdict replaced keeps the old in history. */
#ifndef ZHIBU_STORE_DISTRICT_H
#define ZHIBU_STORE_DISTRICT_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/store_office.h"

/* ---- guidance stations (基层党建工作指导站) ---- */
struct station {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char name[TEXT_SHORT];    /* 1–40 characters, unique: "第一指导站" */
    int townships;            /* filled on read */
};
/* Add a station (a district's database; admin or system). Sets s->id and s->uuid. */
int store_station_add(struct store *st, struct station *s);
struct store_station_list {
    struct station *v;
    int n;
};
int store_station_list(struct store *st, struct store_station_list *out);   /* by name */
void store_station_list_free(struct store_station_list *l);
/* The station of that name: STORE_ERR_NOT_FOUND "没有名为“X”的指导站". */
int store_station_by_name(struct store *st, const char *name, struct station *out);

/* ---- townships (at a district) ---- */
struct township {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char code[24];            /* 组织代码 of the township committee: 1–20 of [0-9A-Za-z-] */
    char name[TEXT_SHORT];    /* 1–40 characters: "红旗镇党委" */
    char fingerprint[OFFICE_FPR_LEN];   /* as registered (normalised "ABCD-EFGH-JKMN-PQRS") */
    char office_uuid[40];     /* "" until its first bundle */
    char public_key[OFFICE_PK_HEX];     /* "" until its first bundle */
    int64_t station_id;       /* 0: in no station */
    char station_name[TEXT_SHORT];      /* filled on read */
    int branches;             /* filled on read: branches it sends */
    char created_at[24];
};
/* Register a township (a district's database only: "只有区（县）的数据库可以登记乡镇"; admin or
 * system). Refused: a bad or taken code, an empty or long name, a fingerprint that is not one
 * ("指纹格式不对") or already another township's. station_id 0 or a station. Sets id, uuid. */
int store_township_add(struct store *st, struct township *t);
/* Put a township in a station (0: in none). Admin or system. */
int store_township_set_station(struct store *st, int64_t township_id, int64_t station_id);
struct store_township_list {
    struct township *v;
    int n;
};
/* Every township (by code); for an inspector only those of their station. */
int store_township_list(struct store *st, struct store_township_list *out);
void store_township_list_free(struct store_township_list *l);
int store_township_get(struct store *st, int64_t id, struct township *out);
int store_township_by_code(struct store *st, const char *code, struct township *out);
/* The registered township whose fingerprint is that of the public key pk_hex (a bundle's
 * signer): STORE_ERR_NOT_FOUND when none. When the township already learnt a key, the key must
 * be the same one. */
int store_township_of_key(struct store *st, const char *pk_hex, struct township *out);
/* Record the key and office uuid of a township's first bundle (the bundle import, inside its
 * transaction; journaled). A district's database; not a secretary or an inspector. The same
 * key and uuid again: nothing changes; another: STORE_ERR_CONSTRAINT. */
int store_township_learn_key(struct store *st, int64_t township_id, const char *office_uuid,
                             const char *pk_hex);
/* The township that sends branch_id: STORE_ERR_NOT_FOUND when none. */
int store_branch_township(struct store *st, int64_t branch_id, struct township *out);
/* Record that township_id sends branch_id (the bundle import; a district's database, not a
 * secretary or an inspector). The same township again: nothing changes. Another township already: STORE_ERR_CONSTRAINT "支部 C 已属于乡镇“X”，不能再由
 * 乡镇“Y”报送". */
int store_township_assign(struct store *st, int64_t branch_id, int64_t township_id);

/* ---- the district (at a township) ---- */
struct district_info {
    char uuid[UUID_STR_LEN];
    char name[TEXT_SHORT];
    char fingerprint[OFFICE_FPR_LEN];
    char office_uuid[40];     /* "" until its first bundle */
    char public_key[OFFICE_PK_HEX];
    char created_at[24];
};
/* Register (or, with an administrator, replace) the district this township reports to: a
 * township's database only ("只有乡镇的数据库可以登记上级区（县）"); admin or system. */
int store_district_set(struct store *st, const char *name, const char *fingerprint);
/* STORE_ERR_NOT_FOUND when none is registered. */
int store_district_get(struct store *st, struct district_info *out);
/* Record the district's key on its first bundle (a township's database; fingerprint must
 * match; journaled). The same again: nothing changes; another key: STORE_ERR_CONSTRAINT. */
int store_district_learn_key(struct store *st, const char *office_uuid, const char *pk_hex);

/* ---- 复审: the district's verdicts ---- */
struct district_verdict {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char month[8];            /* YYYY-MM */
    char item[16];            /* AUDIT_ITEMS code, or "overall" */
    char verdict[12];         /* VERDICTS code: pass, rectify, fail */
    char township_verdict[12];/* the township's verdict when the district judged ("" none);
                               * set by the store from audit_verdict, not by the caller */
    char comment[600];
    bool sent_back;           /* the comment is a finding sent back to the township */
    char reviewer[64];
    char created_by[64];
    char updated_at[24];
    /* set only: the engine's result judged (a JSON object), NULL keeps the one before */
    const char *engine_json;
};
/* Set (insert or replace; history keeps the old) a district verdict. A district's database;
 * the session must be allowed STORE_PERM_DISTRICT on the branch. Refused: a month not valid or
 * in the future, an unknown item or verdict, a verdict different from the township's without a
 * comment ("与乡镇结论不同须说明理由"), sent_back without a comment ("退回乡镇须写明问题"),
 * a comment over 500 characters. Never touches audit_verdict. */
int store_district_verdict_set(struct store *st, struct district_verdict *v);
struct store_district_verdict_list {
    struct district_verdict *v;
    int n;
};
/* The district verdicts of a branch (0: every branch in the session's scope) and month (item
 * order, overall last; branches by code). */
int store_district_verdict_list(struct store *st, int64_t branch_id, struct zmonth month,
                                struct store_district_verdict_list *out);
void store_district_verdict_list_free(struct store_district_verdict_list *l);

/* ---- one month at the district, for the 复审 screen, audit and the circular ---- */
#define DISTRICT_ITEMS 7          /* the six AUDIT_ITEMS and "overall", in that order */
struct district_row {
    int64_t township_id;      /* 0: a branch no township sends */
    char township_code[24];
    char township_name[TEXT_SHORT];
    int64_t branch_id;
    char branch_code[24];
    char branch_name[TEXT_SHORT];
    char township_verdict[DISTRICT_ITEMS][12];   /* "" where none */
    char district_verdict[DISTRICT_ITEMS][12];   /* "" where none */
    bool sent_back;           /* any district verdict of the month sent back */
    bool handed_in;           /* the branch handed the month in */
    int open_orders;          /* rectification orders of the month not confirmed */
};
struct store_district_rows {
    struct district_row *v;
    int n;
};
/* Every branch in the session's scope with the verdicts of month, by township code then branch
 * code (a few bulk queries, not one per branch). */
int store_district_month(struct store *st, struct zmonth month, struct store_district_rows *out);
void store_district_rows_free(struct store_district_rows *l);

/* ---- 督查: spot checks ---- */
struct spot_check {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char station[TEXT_SHORT]; /* the guidance station (an inspector's own; a reviewer may name
                               * one or leave it "") */
    char date[11];            /* YYYY-MM-DD, not in the future */
    char inspectors[256];     /* who: 1–100 characters */
    char inspected[1024];     /* what was inspected: 1–300 characters ("会议记录与系统一致") */
    char result[16];          /* "consistent" 一致 | "issues" 发现问题 */
    char findings[2048];      /* required for "issues": up to 1000 characters */
    char voided_at[24];       /* "" when standing */
    char void_reason[600];
    char created_at[24];
    char created_by[64];
};
/* Record a spot check (a district's database; STORE_PERM_DISTRICT on the branch). Sets id, uuid. */
int store_spot_check_add(struct store *st, struct spot_check *c);
/* Void it with a reason (the same permission; "作废须填写原因"). */
int store_spot_check_void(struct store *st, int64_t id, const char *reason);
struct store_spot_check_list {
    struct spot_check *v;
    int n;
};
/* The spot checks of a branch (0: every branch in scope), newest date first, voided included. */
int store_spot_check_list(struct store *st, int64_t branch_id, struct store_spot_check_list *out);
void store_spot_check_list_free(struct store_spot_check_list *l);
/* "一致" / "发现问题"; the code itself when unknown. */
const char *spot_check_result_label(const char *code);

#endif

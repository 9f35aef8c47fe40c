/* fixtures.h — the branches and members the store tests make, through the store API (the test
 * fails when the store refuses). One parameterised version of each, instead of a copy per test
 * file: a file's own mk_member says only what its members differ in. */
#ifndef ZHIBU_FIXTURES_H
#define ZHIBU_FIXTURES_H

#include <stdint.h>

struct store;
struct member;
struct table;

/* A rural branch CODE named NAME (NULL: CODE followed by 党支部) under PARENT (0: none); its id. */
int64_t fx_branch(struct store *st, const char *code, const char *name, int64_t parent);

/* What a member is; a NULL field takes its default: gender "M", ethnicity "", join_date
 * "2010-01-01", full_date "" (full_date set: status full, else probationary), dues_category
 * "farmer", office "". A leave_date (NULL or "": none) takes leave_status (default "deceased")
 * and leave_reason (default "病故"). */
struct fx_member {
    int64_t branch, group;
    const char *name, *gender, *ethnicity, *join, *full, *category, *office;
    const char *leave_status, *leave_date, *leave_reason;
};
/* *m filled from SPEC (zeroed first: not added). */
void fx_member_fill(struct member *m, const struct fx_member *spec);
/* The member added; its id (and the whole row in *out when not NULL). */
int64_t fx_member(struct store *st, const struct fx_member *spec, struct member *out);

/* A party group NAME of BRANCH added; its id. */
int64_t fx_group(struct store *st, int64_t branch, const char *name);
/* A member of BRANCH (and GROUP, 0: none) with the given office and dates ("" allowed; status
 * full when FULL is set), transferred out on LEAVE_DATE when not ""; its id. */
int64_t fx_member_dated(struct store *st, int64_t branch, int64_t group, const char *name,
                        const char *office, const char *join, const char *full,
                        const char *leave_date);

/* The roster import's tests (test_roster_import.c, test_store_roster.c): TEXT parsed as a CSV file
 * (the test fails when it does not parse), and a member as the store holds it (full, farmer, a
 * phone number) of branch 1. */
struct table csv(const char *text);
struct member stored(int64_t id, const char *name, const char *birth);

#endif

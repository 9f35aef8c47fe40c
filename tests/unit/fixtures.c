/* fixtures.c — branches and members for the store tests (fixtures.h). */
#include "fixtures.h"

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "zhibu/store.h"
#include "zhibu/table_read.h"

int64_t fx_branch(struct store *st, const char *code, const char *name, int64_t parent)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    if (name) snprintf(b.name, sizeof b.name, "%s", name);
    else snprintf(b.name, sizeof b.name, "%s党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    b.parent_id = parent;
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add(%s): %s", code, store_errmsg(st));
    return b.id;
}

static const char *fx_or(const char *v, const char *dflt)
{
    return v ? v : dflt;
}

void fx_member_fill(struct member *m, const struct fx_member *spec)
{
    memset(m, 0, sizeof *m);
    m->branch_id = spec->branch;
    m->group_id = spec->group;
    const char *full = fx_or(spec->full, "");
    snprintf(m->name, sizeof m->name, "%s", fx_or(spec->name, ""));
    snprintf(m->gender, sizeof m->gender, "%s", fx_or(spec->gender, "M"));
    snprintf(m->ethnicity, sizeof m->ethnicity, "%s", fx_or(spec->ethnicity, ""));
    snprintf(m->join_date, sizeof m->join_date, "%s", fx_or(spec->join, "2010-01-01"));
    snprintf(m->full_date, sizeof m->full_date, "%s", full);
    snprintf(m->status, sizeof m->status, "%s", full[0] ? "full" : "probationary");
    snprintf(m->dues_category, sizeof m->dues_category, "%s", fx_or(spec->category, "farmer"));
    snprintf(m->office, sizeof m->office, "%s", fx_or(spec->office, ""));
    if (spec->leave_date && spec->leave_date[0]) {
        snprintf(m->leave_status, sizeof m->leave_status, "%s", fx_or(spec->leave_status, "deceased"));
        snprintf(m->leave_date, sizeof m->leave_date, "%s", spec->leave_date);
        snprintf(m->leave_reason, sizeof m->leave_reason, "%s", fx_or(spec->leave_reason, "病故"));
    }
}

int64_t fx_member(struct store *st, const struct fx_member *spec, struct member *out)
{
    struct member m;
    fx_member_fill(&m, spec);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", m.name, store_errmsg(st));
    if (out) *out = m;
    return m.id;
}

struct table csv(const char *text)
{
    struct table t;
    char err[256];
    if (csv_parse(text, strlen(text), NULL, "t.csv", &t, err, sizeof err) != 0)
        test_fail(__FILE__, __LINE__, "csv_parse: %s", err);
    return t;
}

struct member stored(int64_t id, const char *name, const char *birth)
{
    struct member m = {.id = id, .branch_id = 1};
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.birth_date, sizeof m.birth_date, "%s", birth);
    snprintf(m.gender, sizeof m.gender, "M");
    snprintf(m.join_date, sizeof m.join_date, "1995-07-01");
    snprintf(m.full_date, sizeof m.full_date, "1996-07-01");
    snprintf(m.status, sizeof m.status, "full");
    snprintf(m.dues_category, sizeof m.dues_category, "farmer");
    snprintf(m.phone, sizeof m.phone, "13800000000");
    return m;
}

int64_t fx_group(struct store *st, int64_t branch, const char *name)
{
    struct group g = {.branch_id = branch};
    snprintf(g.name, sizeof g.name, "%s", name);
    if (store_group_add(st, &g) != STORE_OK)
        test_fail(__FILE__, __LINE__, "group_add: %s", store_errmsg(st));
    return g.id;
}

int64_t fx_member_dated(struct store *st, int64_t branch, int64_t group, const char *name,
                        const char *office, const char *join, const char *full,
                        const char *leave_date)
{
    return fx_member(st, &(struct fx_member){.branch = branch, .group = group, .name = name,
                                             .join = join, .full = full, .office = office,
                                             .leave_status = "transferred", .leave_date = leave_date,
                                             .leave_reason = ""},
                     NULL);
}

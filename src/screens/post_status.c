/* post_status.c — a branch's post scheme today (see post_status.h). */
#include "zhibu/post_status.h"
#include "zhibu/rules.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/screen.h"
#include "zhibu/store.h"
#include "zhibu/store_posts.h"
#include "zhibu/util.h"

int post_status_load(struct app *app, struct post_status *out)
{
    memset(out, 0, sizeof *out);
    struct zdate today = clock_today();
    char day[11];
    date_format(today, day);
    struct member_filter f = {.branch_id = app->branch_id};
    struct store_member_list ml;
    if (store_member_list(app->store, &f, &ml) != STORE_OK) return -1;
    out->members = ml.v;
    out->nmembers = ml.n;
    out->covered = xcalloc((size_t)out->nmembers + 1, sizeof *out->covered);
    out->excuse = xcalloc((size_t)out->nmembers + 1, sizeof *out->excuse);
    struct holding_filter hf = {.branch_id = app->branch_id, .from = day, .to = day};
    struct store_holding_list hl;
    store_holding_list(app->store, &hf, &hl);
    out->holdings = hl.v;
    out->nholdings = hl.n;
    struct coverage_member *cm = xcalloc((size_t)out->nmembers + 1, sizeof *cm);
    for (int i = 0; i < out->nmembers; i++) {
        store_post_excuse_get(app->store, out->members[i].id, out->excuse[i], sizeof out->excuse[i]);
        cm[i] = (struct coverage_member){.id = out->members[i].id, .has_office = out->members[i].office[0] != '\0',
                                         .on_roster = true, .excused = out->excuse[i][0] != '\0'};
    }
    struct coverage_hold *ch = xcalloc((size_t)out->nholdings + 1, sizeof *ch);
    out->due = xcalloc((size_t)out->nholdings + 1, sizeof *out->due);
    for (int i = 0; i < out->nholdings; i++) {
        const struct holding *h = &out->holdings[i];
        ch[i].member_id = h->member_id;
        date_parse(h->claimed, &ch[i].claimed);
        if (h->ended[0]) date_parse(h->ended, &ch[i].ended);
        if (post_report_due(h->claimed, h->last_report, today, app->rules->audit.post_report_months, &out->due[i]) &&
            out->due[i].overdue && !h->ended[0])
            out->overdue++;
    }
    post_coverage(cm, out->nmembers, ch, out->nholdings, today, &out->coverage, out->covered);
    free(cm);
    free(ch);
    return 0;
}

void post_status_free(struct post_status *s)
{
    free(s->members);
    free(s->covered);
    free(s->excuse);
    free(s->holdings);
    free(s->due);
    memset(s, 0, sizeof *s);
}

int post_status_overdue_of_post(const struct post_status *s, int64_t post_id)
{
    int n = 0;
    for (int i = 0; i < s->nholdings; i++)
        if (s->holdings[i].post_id == post_id && !s->holdings[i].ended[0] && s->due[i].overdue) n++;
    return n;
}

/* meeting_pick.c — choosing the meeting record that decided something (screens.h
 * screens_pick_meeting): the branch's records of the needed kind from a date to today, newest
 * first, optionally a first option of no record and a last one that lists every kind (so that a
 * record filed under another kind can be chosen, and the rules then say why it does not count). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/meeting.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

/* One ui_pick over the records of kind (-1: every kind, each named). Returns the index in l
 * (>= 0), -2 for the none option, -3 for the other-kinds option, -1 on Esc. */
static int pick_from(struct app *app, int kind, const struct screens_meeting_pick *q, struct store_meeting_list *l)
{
    char to[11];
    date_format(clock_today(), to);
    struct meeting_filter f = {.branch_id = app->branch_id, .kind = kind, .from = q->from, .to = to};
    if (store_meeting_list(app->store, &f, l) != STORE_OK) screens_store_error(app, "读取会议记录失败");
    int first = q->none_label ? 1 : 0, last = kind >= 0 && q->other_label ? 1 : 0;
    int n = l->n + first + last;
    if (n == 0) return -4;
    char **opts = xcalloc((size_t)n, sizeof *opts);
    if (first) opts[0] = xstrdup(q->none_label);
    for (int i = 0; i < l->n; i++) {
        int k = meeting_kind_of_code(l->v[i].kind);
        opts[i + first] = kind >= 0 ? xasprintf("%s %s", l->v[i].date, l->v[i].first_topic)
                                    : xasprintf("%s %s %s", l->v[i].date,
                                                k >= 0 ? meeting_kind_short((enum meeting_kind)k) : l->v[i].kind,
                                                l->v[i].first_topic);
    }
    if (last) opts[n - 1] = xstrdup(q->other_label);
    int pick = ui_pick(kind >= 0 || !q->other_title ? q->title : q->other_title, (const char *const *)opts, n,
                       l->n > 0 ? first : 0);
    for (int i = 0; i < n; i++) free(opts[i]);
    free(opts);
    if (pick < 0) return -1;
    if (pick < first) return -2;
    if (pick >= first + l->n) return -3;
    return pick - first;
}

int screens_pick_meeting(struct app *app, const struct screens_meeting_pick *q, int64_t *id, char date[11])
{
    *id = 0;
    date[0] = '\0';
    int kind = q->kind;
    for (;;) {
        struct store_meeting_list l = {0};
        int p = pick_from(app, kind, q, &l);
        if (p >= 0) {
            *id = l.v[p].id;
            zb_strlcpy(date, l.v[p].date, 11);
        }
        store_meeting_list_free(&l);
        if (p == -3) { /* every kind */
            kind = -1;
            continue;
        }
        if (p == -4) return -1;
        return p == -1 ? 0 : 1;
    }
}

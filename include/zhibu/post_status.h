/* post_status.h — where a branch's post scheme stands today: coverage, who has no post, who is
 * excused, and whose reports are overdue. Gathered from the store and judged by core
 * (post_coverage, post_report_due); shared by the post screens and the home reminders. */
#ifndef ZHIBU_POST_STATUS_H
#define ZHIBU_POST_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/model.h"
#include "zhibu/posts.h"

struct app;
struct holding;

struct post_status {
    struct coverage coverage;
    struct member *members;      /* on the roster today, roster order */
    int nmembers;
    bool *covered;               /* per member */
    char (*excuse)[256];         /* per member: the excuse reason, "" if none */
    struct holding *holdings;    /* current holdings of the branch */
    int nholdings;
    struct report_due *due;      /* per holding */
    int overdue;                 /* holdings with an overdue report */
};

int post_status_load(struct app *app, struct post_status *out);
void post_status_free(struct post_status *s);
/* How many current holders of a post are overdue with their report. */
int post_status_overdue_of_post(const struct post_status *s, int64_t post_id);

#endif

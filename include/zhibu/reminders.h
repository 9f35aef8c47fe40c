/* reminders.h — what the home screen tells the secretary is due: planned meetings in the next
 * days, overdue plans, and what the rules still require this month / quarter / year. Each
 * module adds its own lines here (dues, probation, posts, rectification as they arrive). */
#ifndef ZHIBU_REMINDERS_H
#define ZHIBU_REMINDERS_H

#include <stdbool.h>

struct app;

struct reminder {
    char text[256];
    bool urgent;     /* overdue or unmet: drawn as a warning */
};

/* The current branch's reminders, most urgent first; returns how many were written. */
int reminders_collect(struct app *app, struct reminder *out, int max);

#endif

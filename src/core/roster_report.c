/* roster_report.c — the plan of a roster import as text (rimp_plan_report, roster_import.h): the
 * notes, the file's problems, then what each row would do or what is wrong with it. */
#include "zhibu/roster_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/util.h"

struct out {
    char *s;
    size_t n, cap;
};

static void out_line(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_line(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0) abort();
    char *line = small;
    if ((size_t)len >= sizeof small) {
        line = xmalloc((size_t)len + 1);
        va_start(ap, fmt);
        vsnprintf(line, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    if (o->n + (size_t)len + 2 > o->cap) {
        o->cap = (o->n + (size_t)len + 2) * 2;
        o->s = xrealloc(o->s, o->cap);
    }
    memcpy(o->s + o->n, line, (size_t)len);
    o->n += (size_t)len;
    o->s[o->n++] = '\n';
    o->s[o->n] = '\0';
    if (line != small) free(line);
}

char *rimp_plan_report(const struct rimp_plan *p, const char *create_hint)
{
    struct out o = {.s = xstrdup(""), .cap = 1};
    for (int i = 0; i < p->nnotes; i++) out_line(&o, "注意：%s", p->notes[i]);
    /* the file's own problems first (line 0, the header's), then row by row in file order */
    for (int i = 0; i < p->nproblems; i++) {
        const struct rimp_problem *q = &p->problems[i];
        if (q->line == 0)
            out_line(&o, "%s", q->text);
        else if (q->line == p->header_line)
            out_line(&o, "第 %d 行：%s", q->line, q->text);
    }
    int pi = 0;
    for (int r = 0; r < p->nrows; r++) {
        const struct rimp_row *row = &p->rows[r];
        if (row->action != RIMP_BAD) {
            out_line(&o, "第 %d 行：%s", row->line, row->what);
            continue;
        }
        while (pi < p->nproblems && p->problems[pi].line != row->line) pi++;
        for (int k = pi; k < p->nproblems && p->problems[k].line == row->line; k++)
            out_line(&o, "第 %d 行：%s", row->line, p->problems[k].text);
    }
    if (p->nrows > 0)
        out_line(&o, "共 %d 行：新增 %d，更新 %d，无变化 %d；问题 %d 处", p->nrows, p->added,
                 p->updated, p->same, p->nproblems);
    if (p->nnew_groups > 0) {
        char names[1024];
        size_t n = 0;
        names[0] = '\0';
        for (int i = 0; i < p->nnew_groups && n < sizeof names; i++)
            n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i ? "、" : "",
                                  p->new_groups[i]);
        if (p->create_groups)
            out_line(&o, "将新建党小组：%s", names);
        else if (create_hint && create_hint[0])
            out_line(&o, "支部还没有的党小组：%s（%s）", names, create_hint);
        else
            out_line(&o, "支部还没有的党小组：%s", names);
    }
    return o.s;
}

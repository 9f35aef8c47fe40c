/* year_rules.c — 谈心谈话 with each member and the secretary's 党课, per year (see year_rules.h). */
#include "zhibu/year_rules.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/util.h"

int year_talks_short(const struct year_person *p, int n, int required, int *idx)
{
    int k = 0;
    if (required <= 0 || !p) return 0;
    for (int i = 0; i < n; i++)
        if (p[i].talks < required) idx[k++] = i;
    return k;
}

bool year_lectures_short(const struct year_person *p, int required)
{
    return p && required > 0 && p->secretary && p->lectures < required;
}

void year_talks_text(const struct year_person *p, const int *idx, int nshort, int required,
                     bool open, const char *note, char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    if (nshort <= 0) return;
    char buf[4096];
    int len = snprintf(buf, sizeof buf, "本年度谈心谈话不足%d次的党员%s%d名%s：", required,
                       open ? "尚有" : "", nshort, note ? note : "");
    if (len < 0 || (size_t)len >= sizeof buf) len = (int)strlen(buf);
    size_t room = outsz < sizeof buf ? outsz : sizeof buf;
    static const char MORE[] = "等";
    for (int k = 0; k < nshort; k++) {
        char item[160];
        snprintf(item, sizeof item, "%s%s（%d次）", k ? "、" : "", p[idx[k]].name ? p[idx[k]].name : "",
                 p[idx[k]].talks);
        size_t need = strlen(item) + (k + 1 < nshort ? sizeof MORE - 1 : 0);
        if ((size_t)len + need + 1 > room) {
            zb_strlcpy(buf + len, MORE, sizeof buf - (size_t)len);
            len += (int)strlen(MORE);
            break;
        }
        memcpy(buf + len, item, strlen(item) + 1);
        len += (int)strlen(item);
    }
    zb_strlcpy(out, buf, outsz);
}

void year_lecture_text(const struct year_person *p, int required, const char *note, char *out,
                       size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    if (!year_lectures_short(p, required)) return;
    char buf[512];
    snprintf(buf, sizeof buf, "书记%s本年度讲党课%d次，应讲%d次%s", p->name ? p->name : "", p->lectures,
             required, note ? note : "");
    zb_strlcpy(out, buf, outsz);
}

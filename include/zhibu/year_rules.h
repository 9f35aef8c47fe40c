/* year_rules.h — the yearly rules about people (core: pure): 谈心谈话 with each member at least
 * talk_per_year times a year, and the secretary (书记) lecturing (讲党课) at least
 * secretary_lectures_per_year times a year (config [meetings]). Checked in the December review
 * (audit.c) and shown in the yearly summary (年度会议统计). */
#ifndef ZHIBU_YEAR_RULES_H
#define ZHIBU_YEAR_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct year_person {          /* a member on the roster at the year's end (or today) */
    int64_t id;
    const char *name;
    int talks;                /* 谈心谈话 records of the year (not voided) the member took part
                                 in: present in the attendance, or the host */
    int lectures;             /* 党课 records of the year (kind or also-counts-as, not voided)
                                 with the member as lecturer (主讲人) */
    bool secretary;           /* holds the office of 书记 */
};

/* The members with fewer than `required` talks, as indexes into p in the given order, into idx
 * (room for n); returns how many. 0 when required <= 0. */
int year_talks_short(const struct year_person *p, int n, int required, int *idx);
/* Whether p is a secretary with fewer than `required` lectures (false when required <= 0). */
bool year_lectures_short(const struct year_person *p, int required);

/* The sentences, with `note` after the count ("" once the year is over, "（年末前待定）",
 * "（台账自3月5日建立）"); open: the year is still running (尚有). Names are listed with their
 * counts in idx's order; when out is too small the list ends with "等" after the last name
 * that fits (never a cut name):
 *   "本年度谈心谈话不足1次的党员3名：张三（0次）、李四（0次）、王五（0次）"
 *   "本年度谈心谈话不足1次的党员尚有3名（年末前待定）：张三（0次）…"
 *   "书记张三本年度讲党课0次，应讲1次"  "书记张三本年度讲党课0次，应讲1次（年末前待定）" */
void year_talks_text(const struct year_person *p, const int *idx, int nshort, int required,
                     bool open, const char *note, char *out, size_t outsz);
void year_lecture_text(const struct year_person *p, int required, const char *note, char *out,
                       size_t outsz);

#endif

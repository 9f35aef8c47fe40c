/* row_rules.h — what every stored column of the ledger may hold, whichever way a row arrives:
 * typed on a screen (the forms and the store's typed writes) or brought by a bundle from another
 * office (store/import_check.c checks each imported row here before anything is written).
 * Core: pure, no I/O.
 *
 * One rule per (table, column) of every table that travels in a bundle (store_exchange.h): the
 * kind of value (a date, a month, a time, a timestamp, a code of a known list, an integer in a
 * range, a text of at most so many characters or bytes, a reference), whether NULL or "" is
 * allowed. The numbers are the ones the typed path uses: the core constants (MEETING_*_MAX,
 * NAME_MAX_CHARS, BRANCH_*_MAX, GROUP_NAME_MAX, DUES_MAX_AMOUNT ...) and, for texts the forms
 * cut by the size of a store struct, that size. Rules that tie several columns or rows together
 * are the domain checks the forms call (validate_member, meeting_check, dues_check_entry,
 * dues_check_allocations, post_check_* ...) plus row_check_meeting_counts below. */
#ifndef ZHIBU_ROW_RULES_H
#define ZHIBU_ROW_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "zhibu/date.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"

enum col_kind {
    CK_TEXT,      /* one line: valid UTF-8, no control characters */
    CK_NOTE,      /* a text that may hold line breaks */
    CK_DATE,      /* YYYY-MM-DD, a real date, not after the latest day */
    CK_DATE_ANY,  /* YYYY-MM-DD, a real date, may lie ahead (plans, deadlines, periods) */
    CK_MONTH,     /* YYYY-MM, 1900-01..2999-12 */
    CK_TIME,      /* HH:MM, 00:00..23:59 */
    CK_STAMP,     /* YYYY-MM-DDTHH:MM:SSZ (clock_now_iso), its day not after the latest day */
    CK_DAY_STAMP, /* a CK_STAMP or a CK_DATE (columns some writes fill with either) */
    CK_CODE,      /* one of codes (the empty code only when the list has it) */
    CK_INT,       /* an integer in [min, max] */
    CK_COUNT,     /* a count of people or votes: an integer in [0, limits.max_count] */
    CK_REF,       /* a reference: in a bundle, the referenced row's uuid (36 characters) */
    CK_UUID,      /* a uuid held as text (amend_request.row_uuid) */
};

enum {
    CR_NULL = 1u << 0,     /* NULL allowed (the column is nullable) */
    CR_REQUIRED = 1u << 1, /* not empty (blank after trimming counts as empty) */
    CR_EMPTY = 1u << 2,    /* CK_CODE: "" allowed though the list has no "" (education) */
};

struct col_rule {
    const char *table, *column;
    const char *label;          /* the column as the user knows it (会议日期, 金额 ...) */
    enum col_kind kind;
    unsigned flags;             /* CR_* */
    long long min, max;         /* CK_INT: the range; text kinds: max characters (0: none) */
    size_t max_bytes;           /* text kinds: the most bytes the typed path can hold (0: none) */
    const struct code_label *codes; /* CK_CODE */
};

/* The rule of table.column, NULL when there is none. */
const struct col_rule *col_rule_find(const char *table, const char *column);
/* Every rule, in table order; *n their count. */
const struct col_rule *col_rules_all(int *n);

/* A value as the database holds it. Text is s with n bytes (may hold a NUL byte, which no
 * rule accepts); CV_OTHER is a real or a blob. */
struct col_value {
    enum { CV_NULL, CV_INT, CV_TEXT, CV_OTHER } type;
    long long i;
    const char *s;
    size_t n;
};

struct row_limits {
    struct zdate latest;        /* the last day a date of the past may name (today, plus the
                                   clock skew allowed between offices) */
    long long max_count;        /* CK_COUNT's bound (the members a branch may have) */
};

/* NULL when v is acceptable for r, else a Chinese sentence (static storage). */
const char *col_check(const struct col_rule *r, const struct col_value *v,
                      const struct row_limits *lim);

/* A meeting's stored counts against its attendance list (attendees and marks): expected the
 * list's length, present / on_leave / absent its marks, voting_present <= voting_expected <=
 * expected, quorum an enum quorum_state, missing_mask of known bits only. NULL or a sentence.
 * (The counts are derived by meeting_evaluate; the store keeps what the form computed.) */
const char *row_check_meeting_counts(const struct meeting *m);

/* Codes of the columns that have no list elsewhere in core. */
extern const struct code_label DUES_ADJUST_KINDS[];     /* waive, reduce, defer */
extern const struct code_label TRANSFER_DIRECTIONS[]; /* out, in */
extern const struct code_label PROBATION_DECISIONS[]; /* extend, cancel (issue 14) */
extern const struct code_label HOLDING_HOWS[];     /* claim, recommend */
extern const struct code_label VERDICT_ITEMS[];    /* AUDIT_ITEMS and overall */

#endif

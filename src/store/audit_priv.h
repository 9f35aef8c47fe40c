/* audit_priv.h — what audit.c, audit_load.c and audit_jobs.c share (the load of one month);
 * private to them. */
#ifndef ZHIBU_AUDIT_PRIV_H
#define ZHIBU_AUDIT_PRIV_H

#include "store_priv.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/store_audit.h"

/* ---- strings that live as long as one load (audit.c) ---- */

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
};

struct arena {
    struct arena_block *head;
};

/* ---- the load ---- */

struct bslot {                 /* one branch: slices of the per-kind arrays */
    int m0, nm;                /* meetings */
    int g0, ng;                /* groups */
    int p0, np;                /* members (in the branch-ordered array) */
    int h0, nh;                /* holdings */
    struct zdate since;
    int start_ym;              /* the ledger's first month for dues (store_dues_start_get) */
};

struct bkey {
    int64_t id;
    int idx;
};

struct mrow {                  /* a member while loading, in member id order (packed: a
                                  district holds 23,000 of these) */
    struct audit_member am;
    const char *category;      /* the roster's dues category (a member without a basis) */
    int bidx;
    int b0, nb, a0, na;        /* bases, adjusts slices */
    int start_ym;
    char join[11], leave[11], since[11], contact[11];
    bool status_prob;          /* status 'probationary' (its extension read: PROBATION_SQL) */
};

/* Each member's dues bases from a load of every branch, kept for the next load of every branch
 * (store_audit_all_pair): the bases do not depend on the month. And the meetings of that load
 * (from January 1 to its month's end, in the order MEETINGS_SQL reads them): the next load, of
 * an earlier month of the same year, takes those to its own month's end instead of reading. */
struct bases_keep {
    int64_t *ids;              /* the members' ids, ascending */
    int *b0, *nb;              /* each one's slice of bases (nb 0: none) */
    int n;
    struct dues_basis *bases;
    int nbases;
    struct audit_meeting *mt;  /* NULL: no meetings kept */
    int64_t *mbid;             /* each one's branch */
    int nmt;
    struct zdate jan, me;      /* the days they were read from and to */
};

struct load {
    struct store *st;
    struct bases_keep *keep;   /* bases of the load before (NULL: read them) */
    int64_t lo, hi;            /* branch ids */
    struct zdate ms, me, today;
    int ym, win_ym;
    struct arena strings;
    struct arena tstrings;     /* the strings read on the other thread (the groups' names) */
    struct branch *br;
    struct bslot *bs;
    int nbr;
    struct bkey *keys;         /* sorted by id */
    struct audit_meeting *mt;
    int nmt, cmt;
    struct audit_group *gr;
    int ngr, cgr;
    struct mrow *mr;
    int nmr, cmr;
    struct audit_member *am;   /* members by branch, filled at the end */
    int *pos;                  /* each member's place in am (mr order; mr itself is freed) */
    char (*dates)[4][11];      /* each member's join, leave, mobile since, last contact */
    /* the members' ids (in mr order, which st_member_index searches), kept once read */
    struct {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        bool branches_set;     /* the branches read (ok: some; the holdings' thread reads */
        bool branches_ok;      /* nothing without them), st_publish_branches */
        bool ready;
        int64_t *ids;          /* NULL: no members (or they failed to load) */
        int n;
        bool mobile_read;      /* every branch: the holdings' thread has read the members'
                                  mobile details, contacts, excuses and transfers in (or will
                                  not: it failed, or there are no members) — before the layout */
        bool laid_out;         /* the members laid out (am, pos) or not to be: the allocations */
        bool laid_ok;          /* may be read into them (on the holdings' thread) when ok */
    } pub;
    struct dues_basis *bases, *defbases;
    int nbases, cbases;
    struct dues_adjust *adjusts;
    int nadjusts, cadjusts;
    int64_t *ingroup;          /* every branch: the group of each member counted in one (on the
                                  roster at the month's end: GROUP_COUNTED), counted into the
                                  groups' members once both are read (st_count_group_members) */
    int ningroup, cingroup;
    bool groups_counted;       /* st_count_group_members done (on the holdings' thread) */
    struct dues_paid *paid;    /* each member's window of months (mr order, span a member) */
    int64_t paid_split;        /* every branch, two threads: the first member whose allocations
                                  the main thread reads (the thread reads those before) */
    struct audit_holding *hs;
    char (*hrep)[DATE_STR_LEN]; /* each holding's last report */
    int nhs, chs, chrep;
    /* issue 19 (audit_people.h; audit_people_load.c): each branch's facts (L->nbr of them), and
     * the arrays the sections point into (freed with the load) */
    struct audit_people *people;
    bool remit_on_thread;      /* every branch but in December: the remittances are read on the
                                  holdings' thread (st_read_remit), people allocated before it
                                  reads them; st_load_remit then reads nothing */
    struct audit_step *steps;  /* pipeline: the month's steps, by branch */
    int nsteps, csteps;
    int64_t *rated;            /* appraisal (December): members rated in the year, by branch */
    int nrated, crated;
    struct year_fact {         /* December, every branch: each member's year (mr order), */
        int talks, lectures;   /* read on the holdings' thread beside the layout (st_read_year, */
        bool secretary;        /* st_read_secretaries), into am after the join (NULL: into mr */
    } *year;                   /* by st_load_year on the main thread) */
    int64_t year_split;        /* December, two threads: the branch id from which the main thread
                                  reads the year (YEAR_SQL's meetings of branches with ids from it
                                  on, st_load_year_part, once its allocations are read), the thread
                                  those before (0: the thread reads every branch's) */
    void *spare;               /* a large block done with, its pages touched already: the next
                                  large array is made of it (st_take; NULL: none) */
};

struct bcursor {
    int64_t bid;
    int idx;
};

/* Who counts for the month: on the roster at some time in it (admitted by its end, not left
 * before its start). The dues queries take the same members. */
#define MEMBER_SCOPE                                                                           \
    "SELECT id FROM member WHERE branch_id BETWEEN ?1 AND ?2 AND join_date <= ?4"              \
    " AND (leave_status = '' OR leave_date >= ?3)"

/* ---- the jobs (audit_jobs.c) ---- */

struct holdings_job {
    struct load *L;
    int rc;
    const char *what;          /* what failed to load */
    pthread_t thread;
    bool started;
    bool no_meetings;          /* the meetings come from the load before (L->keep), not read */
};

const char *st_arena_str(struct arena *a, const unsigned char *text);
void st_bind_load(const struct load *L, sqlite3_stmt *s);
const char *st_col_str(sqlite3_stmt *s, int col);
int st_cursor_branch(struct load *L, struct bcursor *c, int64_t bid);
void *st_grow(void *arr, int *cap, int need, size_t elem);
/* A large block done with kept as L->spare (the one before freed); st_take gives it back
 * resized for the next large array, or a new block when there is none. A district's load
 * touches 25 MB: a page touched a second time costs no page fault (the faults were a seventh
 * of the district's audit's CPU samples under perf record). */
void st_spare(struct load *L, void *block);
void *st_take(struct load *L, size_t size);
int st_load_end(struct load *L, sqlite3_stmt *s, int rc, const char *what);
sqlite3_stmt *st_load_stmt(struct load *L, const char *sql);
int st_member_index(const struct load *L, int64_t id, int *hint);
void st_publish_members(struct load *L, bool ok);
int st_load_bases_adjusts(struct load *L);
void st_bases_keep_free(struct bases_keep *k);
int st_load_excuses_transfers(struct load *L);
int st_load_members(struct load *L);
int st_load_mobile(struct load *L);
/* The readers of st_load_mobile and st_load_excuses_transfers (every branch, on the holdings'
 * thread: its own connection, the statements below): each steps s, filling the members' rows
 * (their own fields only: the main thread meanwhile reads the bases into others), and returns
 * the last sqlite3_step code. */
extern const char *const MOBILE_ALL_SQL, *const CONTACTS_ALL_SQL, *const EXCUSES_SQL,
    *const TRANSFERS_IN_SQL;
int st_read_mobile(struct load *L, sqlite3_stmt *s);
int st_read_contacts(struct load *L, sqlite3_stmt *s);
int st_read_excuses(struct load *L, sqlite3_stmt *s);
int st_read_transfers_in(struct load *L, sqlite3_stmt *s);
void st_publish_mobile_read(struct load *L);
/* The branches read (ok) or failed / none: told once by the main thread; waited for by the
 * holdings' thread (true: it may read). */
void st_publish_branches(struct load *L, bool ok);
bool st_wait_branches(struct load *L);
/* December: each member's talks and lectures of the year (YEAR_SQL) and who is 书记
 * (SECRETARIES_SQL) — into L->year when it is allocated (the holdings' thread; st_year_to_members
 * copies them into the laid-out members after the join), else into the members' rows (mr):
 * st_load_year on the load's connection. */
extern const char *const YEAR_SQL, *const SECRETARIES_SQL;
int st_read_year(struct load *L, sqlite3_stmt *s);
int st_read_secretaries(struct load *L, sqlite3_stmt *s);
int st_load_year(struct load *L);
/* December, two threads: YEAR_SQL over the meetings of the branches with ids from `from` on,
 * into *out (allocated: one a member, mr order), and those sums added to L->year after the join
 * (YEAR_SQL's sums are over the meetings' rows: the two parts' sums add up to the whole's). */
int st_load_year_part(struct load *L, int64_t from, struct year_fact **out);
void st_year_add(struct load *L, const struct year_fact *part);
void st_year_to_members(struct load *L);
void *st_holdings_job_run(void *arg);
void st_publish_laid_out(struct load *L, bool ok);
struct dues_paid *st_paid_alloc(struct load *L);
int st_load_groups(struct load *L);
void st_count_group_members(struct load *L);
int st_load_holdings(struct load *L);
int st_load_meetings(struct load *L);
bool st_meetings_kept(const struct load *L);
void st_meetings_from_keep(struct load *L);
int st_load_month_records(struct load *L);
int st_load_paid(struct load *L);
int st_load_paid_part(struct load *L, int64_t from, int64_t to);
/* issue 19: L->people allocated, then each section's loader (its own file) — after the members
 * are laid out, in the load's read transaction. STORE_OK or the failure (st's error set). */
int st_load_people(struct load *L);
int st_load_pipeline(struct load *L);  /* pipeline_db.c */
int st_load_appraisal(struct load *L); /* appraisal_db.c (December only) */
int st_load_terms(struct load *L);     /* term_db.c */
int st_load_remit(struct load *L);     /* remit_db.c */
/* Every branch's remittances (REMIT_ALL_SQL s stepped; the longer texts kept in strings) into
 * L->people's remit sections; the last sqlite3_step code. */
extern const char *const REMIT_ALL_SQL;
int st_read_remit(struct load *L, sqlite3_stmt *s, struct arena *strings);

#endif

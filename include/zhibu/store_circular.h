/* store_circular.h — what the 通报 (circular.h) is computed from, loaded from a district's
 * database (src/store/circular_db.c): the townships in the session's scope (an inspector: their
 * station's), the branches each sends (township_branch), per branch and month of the window the
 * township's overall verdict (audit_verdict), the district's (district_verdict) and the engine's
 * overall state kept with the township's verdict (audit_verdict.engine_json: the result the
 * township judged — running the engine on every branch-month of the window would cost far more
 * than the circular's budget, and the circular is about verdicts given, not about the ledgers
 * now), and the rectification orders whose deadline falls in the period. A few bulk queries. */
#ifndef ZHIBU_STORE_CIRCULAR_H
#define ZHIBU_STORE_CIRCULAR_H

#include "zhibu/circular.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/store.h"

struct circ_data {
    struct circ_input in;     /* points into the arrays below */
    struct circ_township *townships;
    struct circ_branch *branches;
    struct circ_cell *cells;
    struct circ_order *orders;
    char office_name[TEXT_SHORT]; /* the issuing office ("" when not named) */
    char scope[TEXT_SHORT];   /* an inspector's station name; "" for the whole district */
};
/* Load the period (first, period_months 1 or 3) as r's window needs it. A database that is not
 * a district's: STORE_ERR_CONSTRAINT "只有区（县）的数据库可以生成通报". */
int store_circular_load(struct store *st, struct zmonth first, int period_months,
                        const struct circular_rules *r, struct zdate today, struct circ_data *out);
void store_circular_free(struct circ_data *d);

#endif

/* district_priv.h — what district_db.c, district_verdict_db.c and spot_check_db.c share.
 * Private to src/store/. */
#ifndef ZHIBU_DISTRICT_PRIV_H
#define ZHIBU_DISTRICT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/store_office.h"

struct store;

/* STORE_OK when this database's office is of kind ("district", "township"); else
 * STORE_ERR_CONSTRAINT with refusal. */
int st_need_office(struct store *st, const char *kind, const char *refusal);
/* in trimmed into out: min_chars–max_chars characters, fits outsz, no control characters
 * (newlines allowed when newlines); else STORE_ERR_CONSTRAINT naming label. */
int st_check_text(struct store *st, const char *in, char *out, size_t outsz, size_t min_chars,
                  size_t max_chars, const char *label, bool newlines);
/* The station an inspector's lists keep to: 0 for every other role (no limit), -1 for an
 * inspector without one (nothing). */
int64_t st_inspector_station(const struct store *st);
/* A fingerprint as a person types it (case, spaces, dashes) as office_fingerprint writes it:
 * false when it is not 16 characters of its alphabet. */
bool district_fingerprint_normal(const char *in, char out[OFFICE_FPR_LEN]);

/* An inspector's scope as SQL on a branch id column: "(?N = 0 OR <col> IN (...))" — bind ?N
 * with st_inspector_station. */
#define DISTRICT_SCOPE(col, n)                                                                 \
    " (?" n " = 0 OR " col " IN (SELECT zs_.branch_id FROM township_branch zs_ JOIN township"  \
    " zt2_ ON zt2_.id = zs_.township_id WHERE zt2_.station_id = ?" n "))"

#endif

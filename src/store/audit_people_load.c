/* audit_people_load.c — issue 19's facts for the monthly review (audit_people.h): one struct per
 * branch, filled by each section's loader in its own file. */
#include "audit_priv.h"

#include <stdlib.h>

#include "zhibu/util.h"

int st_load_people(struct load *L)
{
    if (!L->people) /* (made before the holdings' thread reads the remittances into it) */
        L->people = xcalloc((size_t)(L->nbr ? L->nbr : 1), sizeof *L->people);
    int rc = st_load_pipeline(L);
    if (rc == STORE_OK) rc = st_load_appraisal(L);
    if (rc == STORE_OK) rc = st_load_terms(L);
    if (rc == STORE_OK) rc = st_load_remit(L);
    return rc;
}

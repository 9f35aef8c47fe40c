/* audit_people.c — the four issue 19 checks of the monthly review gathered (audit_people.h). */
#include "zhibu/audit_people.h"

#include "zhibu/audit.h"

int audit_people_reasons(const struct audit_input *in, const struct audit_rules *r,
                         struct audit_reason *out, int max)
{
    int n = 0;
    if (!in || !in->people || !r || max <= 0) return 0;
    n += audit_pipeline_reasons(in, r, out + n, max - n);
    if (n < max) n += audit_appraisal_reasons(in, r, out + n, max - n);
    if (n < max) n += audit_term_reasons(in, r, out + n, max - n);
    if (n < max) n += audit_remit_reasons(in, r, out + n, max - n);
    return n;
}

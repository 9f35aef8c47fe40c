/* remit.c — issue 19, section remit of audit_people.h (to be written by its owner). */
#include "zhibu/audit_people.h"

#include "zhibu/audit.h"

int audit_remit_reasons(const struct audit_input *in, const struct audit_rules *r, struct audit_reason *out,
        int max)
{
    (void)in;
    (void)r;
    (void)out;
    (void)max;
    return 0;
}

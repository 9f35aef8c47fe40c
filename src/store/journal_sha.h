/* journal_sha.h — SHA-256 for verify's chain walk (journal_sha.c): the CPU's SHA instructions
 * when it has them, else portable C. Private to src/store/. */
#ifndef ZHIBU_JOURNAL_SHA_H
#define ZHIBU_JOURNAL_SHA_H

#include <stddef.h>
#include <stdint.h>

struct jsha {
    uint32_t h[8];
    uint64_t len;          /* bytes so far */
    unsigned char buf[64];
    size_t nbuf;
};

void jsha_init(struct jsha *c);
void jsha_update(struct jsha *c, const void *p, size_t n);
void jsha_final(struct jsha *c, unsigned char out[32]);
/* n bytes as 2n lowercase hex digits and a NUL into out (2n + 1 bytes) */
void jsha_hex(const unsigned char *d, size_t n, char *out);
/* Whether the SHA instructions are used (for the tests and the figures). */
int jsha_accelerated(void);
/* For the tests: 0 the portable rounds, 1 the instructions when there are any, -1 as found. */
void jsha_force(int mode);

#endif

/* store_office.h — the office's identity: an Ed25519 key pair made when the database is created
 * (libsodium crypto_sign; the secret key never leaves src/store/office.c), whether the database
 * is a test or demo database (the only kind on which ZHIBU_TODAY / ZHIBU_NOW are honoured), and
 * a short fingerprint a person can read over the phone. */
#ifndef ZHIBU_STORE_OFFICE_H
#define ZHIBU_STORE_OFFICE_H

#include <stdbool.h>
#include <stddef.h>

#include "zhibu/store.h"

#define OFFICE_PK_HEX 65       /* 32 bytes as hex, NUL */
#define OFFICE_FPR_LEN 24      /* "ABCD-EFGH-JKLM-NPQR" and NUL */

/* The office's public key (hex) and fingerprint. */
int store_office_public(struct store *st, char pk_hex[OFFICE_PK_HEX],
                        char fingerprint[OFFICE_FPR_LEN]);
/* The fingerprint of a public key given as hex: four groups of four characters from an
 * unambiguous alphabet over the key's SHA-256; "" when the hex is not a 32-byte key. */
void office_fingerprint(const char *pk_hex, char out[OFFICE_FPR_LEN]);
/* Whether this database was created as a test or demo database (office_key.test_clock), and
 * the row is still what the journal recorded of it (a mark set behind zhibu's back is not). */
bool store_office_test_clock(struct store *st);

#endif

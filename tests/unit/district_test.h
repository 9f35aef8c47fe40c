/* district_test.h — what the district's unit tests share (test_district.c). */
#ifndef ZHIBU_DISTRICT_TEST_H
#define ZHIBU_DISTRICT_TEST_H

#include <stdint.h>

#include "zhibu/store_office.h"

struct store;

/* A fresh key pair's public key (hex) and its fingerprint. */
void dt_key(char pk[OFFICE_PK_HEX], char fpr[OFFICE_FPR_LEN]);
/* A district's database FILE (kind district, named) opened as the system; its path into
 * *path_out (heap) when not NULL. */
struct store *dt_district(const char *file, char **path_out);
/* A township registered (a new key's fingerprint; its public key into pk when not NULL); its id. */
int64_t dt_township(struct store *st, const char *code, const char *name, int64_t station,
                    char pk[OFFICE_PK_HEX]);
/* A station added; its id. */
int64_t dt_station(struct store *st, const char *name);

#endif

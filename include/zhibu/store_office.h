/* store_office.h — the office's identity: an Ed25519 key pair made when the database is created
 * (libsodium crypto_sign; the secret key never leaves src/store/office_db.c), whether the database
 * is a test or demo database (the only kind on which ZHIBU_TODAY / ZHIBU_NOW are honoured), and
 * a short fingerprint a person can read over the phone; the office's kind and name; and the other
 * offices this one has registered (office_peer), per branch and role, on the first bundle each
 * sent (trust on first use).
 *
 * Who may send what (decided by store_office_sender, applied by store_bundle_import):
 *   - a bundle signed by this office's own key is this office's own: accepted as it is;
 *   - a ledger bundle: from the office registered as the branch's ledger office (role "ledger");
 *   - a verdicts bundle (verdicts and rectification decisions): only into a village's database,
 *     only from a township (the manifest's office kind), registered as the branch's reviewing
 *     office (role "reviewer"). A township's database is itself the reviewing office of the
 *     branches it holds: it accepts no verdicts from any other office;
 *   - a district's database takes no bundle of one branch from any other office (REFUSED): a
 *     branch's ledger and the township's verdicts reach it only inside the township's month
 *     bundle, from the township registered there (store_exchange.h, bundle_month.c);
 *   - none registered yet for the branch and role: the user confirms the fingerprint (the
 *     screen asks; the CLI takes --trust FINGERPRINT) and the office is registered with the
 *     import; another key later for the same branch and role is refused naming both
 *     fingerprints, unless an administrator confirms the new fingerprint (the registration is
 *     then replaced). Registrations are journaled (history of table office_peer). */
#ifndef ZHIBU_STORE_OFFICE_H
#define ZHIBU_STORE_OFFICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/model.h"
#include "zhibu/store.h"

#define OFFICE_PK_HEX 65       /* 32 bytes as hex, NUL */
#define OFFICE_FPR_LEN 24      /* "ABCD-EFGH-JKLM-NPQR" and NUL */
#define OFFICE_SIG_HEX 129     /* 64 bytes as hex, NUL */
#define OFFICE_NAME_MAX 40     /* characters of an office's name */

/* The office's public key (hex) and fingerprint. */
int store_office_public(struct store *st, char pk_hex[OFFICE_PK_HEX],
                        char fingerprint[OFFICE_FPR_LEN]);
/* The fingerprint of a public key given as hex: four groups of four characters from an
 * unambiguous alphabet over the key's SHA-256; "" when the hex is not a 32-byte key. */
void office_fingerprint(const char *pk_hex, char out[OFFICE_FPR_LEN]);
/* Whether two fingerprints are the same, as a person types them: case, spaces and dashes
 * ignored. */
bool office_fingerprint_same(const char *a, const char *b);
/* Whether this database was created as a test or demo database (office_key.test_clock), and
 * the row is still what the journal recorded of it (a mark set behind zhibu's back is not). */
bool store_office_test_clock(struct store *st);

/* The kinds of office: "village" 村（社区）支部, "township" 乡镇, "district" 区（县）. */
bool office_kind_valid(const char *kind);
const char *office_kind_label(const char *kind);   /* the kind itself when unknown */
/* An office in words: 乡镇“红旗镇党委”, or 未命名的乡镇 when it has no name. */
void office_describe(const char *name, const char *kind, char *out, size_t outsz);
/* "ledger" 台账单位 (the office that keeps the branch's ledger), "reviewer" 审查单位. */
const char *office_role_label(const char *role);

struct office_info {
    char kind[16];
    char name[TEXT_SHORT];                 /* "" when not named yet */
    char uuid[40];                         /* meta office_uuid */
    char public_key[OFFICE_PK_HEX];
    char fingerprint[OFFICE_FPR_LEN];
    char key_created_at[24];
};
int store_office_get(struct store *st, struct office_info *out);
/* Set the office's kind and/or name (NULL: unchanged): an administrator or the system. The
 * name: 1–40 characters after trimming, no control characters. Journaled: a history entry of
 * table "office" (row: the office's uuid) with the kind and name before and after. */
int store_office_set(struct store *st, const char *kind, const char *name);

/* A registered office (office_peer). */
struct office_peer {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char branch_code[24];
    char branch_name[TEXT_SHORT];
    char role[16];                         /* "ledger" | "reviewer" */
    char office_uuid[40];
    char office_kind[16];
    char office_name[TEXT_SHORT];
    char public_key[OFFICE_PK_HEX];
    char fingerprint[OFFICE_FPR_LEN];
    char created_at[24];
    char created_by[64];
    char updated_at[24];
};
int store_office_peer_count(struct store *st);   /* or < 0 */
/* Every registration, by branch code then role (store.h: lists). */
struct store_office_peer_list {
    struct office_peer *v;
    int n;
};
int store_office_peer_list(struct store *st, struct store_office_peer_list *out);
void store_office_peer_list_free(struct store_office_peer_list *l);

/* Who signed a bundle, as this database sees it (store_office_sender). */
enum office_sender_state {
    OFFICE_SENDER_SELF,     /* this office's own key */
    OFFICE_SENDER_KNOWN,    /* the office registered for the branch and role */
    OFFICE_SENDER_NEW,      /* none registered yet: the user must confirm the fingerprint */
    OFFICE_SENDER_CHANGED,  /* another key is registered: refused (message names both) */
    OFFICE_SENDER_REFUSED,  /* not accepted here from anyone else (verdicts at a township ...) */
};
struct office_sender {
    enum office_sender_state state;
    const char *role;                      /* "ledger" | "reviewer" */
    int64_t branch_id;                     /* the branch here; 0 when new here */
    char registered_fpr[OFFICE_FPR_LEN];   /* CHANGED: the registered office's */
    char registered_name[TEXT_SHORT];
    char message[640];                     /* CHANGED, REFUSED, NEW: one Chinese line */
};
struct bundle_manifest;
/* Decide who signed the (checked, signature verified) bundle m and whether it may be taken
 * here; reads only. STORE_OK with *out filled, or a store failure. */
int store_office_sender(struct store *st, const struct bundle_manifest *m,
                        struct office_sender *out);

#endif

/* office.c — the office's identity (store_office.h): the key pair written once, when the
 * database is created or first opened by a zhibu that knows offices (schema 8), and the test
 * mark fixed at that moment. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_json.h"
#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

_Static_assert(ST_OFFICE_SIG_BYTES == crypto_sign_BYTES, "an Ed25519 signature");
_Static_assert(OFFICE_SIG_HEX == 2 * crypto_sign_BYTES + 1, "a signature as hex");

static int sodium_up(struct store *st)
{
    static int ok;
    if (!ok) ok = sodium_init() >= 0 ? 1 : -1;
    if (ok < 0) return st_fail(st, STORE_ERR, "无法初始化加密库（libsodium）");
    return STORE_OK;
}

int st_office_ensure(struct store *st, bool created, bool test_clock)
{
    int rc = sodium_up(st);
    if (rc != STORE_OK) return rc;
    int have = 0;
    sqlite3_stmt *s = st_stmt(st, "SELECT count(*) FROM office_key");
    if (!s) return STORE_ERR;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) have = sqlite3_column_int(s, 0);
    st_done(s);
    if (src != SQLITE_ROW) return st_sqlfail(st, src, "读取本单位密钥");
    if (have) return STORE_OK;

    /* the row is the office's: its uuid is the office's (schema 7 made one for every database) */
    char uuid[UUID_STR_LEN];
    if (store_meta_get(st, "office_uuid", uuid, sizeof uuid) != STORE_OK || !uuid[0])
        store_uuid(uuid);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char hex[OFFICE_PK_HEX], now[24];
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    clock_now_iso(now);
    s = st_stmt(st,
                "INSERT INTO office_key(id, uuid, public_key, secret_key, test_clock, created_at)"
                " VALUES (1, ?1, ?2, ?3, ?4, ?5)");
    if (!s) {
        sodium_memzero(sk, sizeof sk);
        return STORE_ERR;
    }
    st_bind_text(s, 1, uuid);
    st_bind_text(s, 2, hex);
    sqlite3_bind_blob(s, 3, sk, (int)sizeof sk, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 4, test_clock ? 1 : 0);
    st_bind_text(s, 5, now);
    sodium_memzero(sk, sizeof sk);
    rc = st_step_write(st, s, "建立本单位密钥");
    if (rc != STORE_OK) return rc;
    /* its public fields in the journal (chain 0): a mark changed behind zhibu's back shows */
    int64_t h = st_history_begin(st, "office_key", uuid, created ? "insert" : "baseline",
                                 NULL, 1);
    if (h < 0) return (int)h;
    return st_history_finish(st, h, OFFICE_KEY_JSON, 1);
}

/* The mark counts only while the row is what the journal last recorded of it: a test_clock
 * set with the sqlite3 shell (triggers dropped) does not switch the clock overrides on. */
bool store_office_test_clock(struct store *st)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT test_clock FROM office_key k WHERE test_clock = 1"
                              " AND " OFFICE_KEY_JSON_EXPR " = (SELECT h.new_json FROM history_data d"
                              " JOIN history h ON h.id = d.id WHERE "
                              ST_HROW("d", "'office_key'", "k.uuid")
                              " AND h.new_json IS NOT NULL ORDER BY d.id DESC LIMIT 1)");
    if (!s) return false;
    bool on = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
    st_done(s);
    return on;
}

/* Base32 without 0/O/1/I/L/U: nothing to mishear or misread. */
static const char FPR_ALPHABET[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

void office_fingerprint(const char *pk_hex, char out[OFFICE_FPR_LEN])
{
    out[0] = '\0';
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t n = 0;
    if (!pk_hex || strlen(pk_hex) != 2 * sizeof pk ||
        sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n, NULL) != 0 ||
        n != sizeof pk)
        return;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, pk, sizeof pk);
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i && i % 4 == 0) out[k++] = '-';
        out[k++] = FPR_ALPHABET[h[i] % (sizeof FPR_ALPHABET - 1)];
    }
    out[k] = '\0';
}

static void read_public(sqlite3_stmt *s, void *pk_hex)
{
    st_col_text(s, 0, pk_hex, OFFICE_PK_HEX);
}

int store_office_public(struct store *st, char pk_hex[OFFICE_PK_HEX],
                        char fingerprint[OFFICE_FPR_LEN])
{
    pk_hex[0] = '\0';
    fingerprint[0] = '\0';
    int rc = sodium_up(st);
    if (rc != STORE_OK) return rc;
    rc = st_one_row(st, st_stmt(st, "SELECT public_key FROM office_key"),
                    read_public, pk_hex, "本数据库还没有单位密钥", "读取本单位密钥");
    if (rc) return rc;
    office_fingerprint(pk_hex, fingerprint);
    return STORE_OK;
}

bool office_fingerprint_same(const char *a, const char *b)
{
    if (!a || !b) return false;
    for (;;) {
        while (*a == '-' || *a == ' ') a++;
        while (*b == '-' || *b == ' ') b++;
        if (!*a || !*b) return !*a && !*b;
        char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
        char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
        if (x != y) return false;
        a++;
        b++;
    }
}

/* ---- signing --------------------------------------------------------------------------- */

int st_office_sign(struct store *st, const unsigned char *msg, size_t len,
                   unsigned char sig[ST_OFFICE_SIG_BYTES])
{
    int rc = sodium_up(st);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(st, "SELECT secret_key FROM office_key");
    if (!s) return STORE_ERR;
    int src = sqlite3_step(s);
    rc = STORE_OK;
    if (src == SQLITE_ROW && sqlite3_column_bytes(s, 0) == crypto_sign_SECRETKEYBYTES) {
        unsigned char sk[crypto_sign_SECRETKEYBYTES];
        memcpy(sk, sqlite3_column_blob(s, 0), sizeof sk);
        if (crypto_sign_detached(sig, NULL, msg, (unsigned long long)len, sk) != 0)
            rc = st_fail(st, STORE_ERR, "签名失败");
        sodium_memzero(sk, sizeof sk);
    } else if (src == SQLITE_ROW || src == SQLITE_DONE) {
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "本数据库还没有单位密钥");
    } else {
        rc = st_sqlfail(st, src, "读取本单位密钥");
    }
    st_done(s);
    return rc;
}

/* ---- kind and name --------------------------------------------------------------------- */

static const struct {
    const char *code, *label;
} KINDS[] = {
    {"village", "村（社区）支部"},
    {"township", "乡镇"},
    {"district", "区（县）"},
};

bool office_kind_valid(const char *kind)
{
    for (size_t i = 0; kind && i < ZB_ARRAY_LEN(KINDS); i++)
        if (strcmp(kind, KINDS[i].code) == 0) return true;
    return false;
}

const char *office_kind_label(const char *kind)
{
    for (size_t i = 0; kind && i < ZB_ARRAY_LEN(KINDS); i++)
        if (strcmp(kind, KINDS[i].code) == 0) return KINDS[i].label;
    return kind && *kind ? kind : "（未设定）";
}

const char *office_role_label(const char *role)
{
    if (role && strcmp(role, "ledger") == 0) return "台账单位";
    if (role && strcmp(role, "reviewer") == 0) return "审查单位";
    return role ? role : "";
}

int store_office_get(struct store *st, struct office_info *out)
{
    memset(out, 0, sizeof *out);
    int rc = store_office_public(st, out->public_key, out->fingerprint);
    if (rc != STORE_OK) return rc;
    rc = store_meta_get(st, "office_kind", out->kind, sizeof out->kind);
    if (rc == STORE_ERR_NOT_FOUND) zb_strlcpy(out->kind, "village", sizeof out->kind);
    else if (rc != STORE_OK) return rc;
    rc = store_meta_get(st, "office_name", out->name, sizeof out->name);
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    rc = store_meta_get(st, "office_uuid", out->uuid, sizeof out->uuid);
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    sqlite3_stmt *s = st_stmt(st, "SELECT created_at FROM office_key");
    if (!s) return STORE_ERR;
    if (sqlite3_step(s) == SQLITE_ROW)
        st_col_text(s, 0, out->key_created_at, sizeof out->key_created_at);
    st_done(s);
    return STORE_OK;
}

/* The office's kind and name as history records them (bound with ?1, any value). */
#define OFFICE_JSON                                                                            \
    "SELECT json_object('kind', (SELECT value FROM meta WHERE key = 'office_kind'), 'name',"   \
    " ifnull((SELECT value FROM meta WHERE key = 'office_name'), '')) WHERE ?1 IS NOT NULL"

int store_office_set(struct store *st, const char *kind, const char *name)
{
    int rc = st_require_admin(st);
    if (rc != STORE_OK) return rc;
    if (kind && !office_kind_valid(kind))
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "单位类型只能是 village（村、社区）、township（乡镇）或 district（区、县）");
    char clean[TEXT_SHORT];
    if (name) {
        if (strlen(name) >= sizeof clean)
            return st_fail(st, STORE_ERR_CONSTRAINT, "单位名称太长：最多 %d 个字", OFFICE_NAME_MAX);
        zb_strlcpy(clean, name, sizeof clean);
        text_trim(clean);
        size_t n = text_chars(clean);
        if (n == 0) return st_fail(st, STORE_ERR_CONSTRAINT, "单位名称不能为空");
        if (n > OFFICE_NAME_MAX)
            return st_fail(st, STORE_ERR_CONSTRAINT, "单位名称太长：最多 %d 个字", OFFICE_NAME_MAX);
        for (const unsigned char *p = (const unsigned char *)clean; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                return st_fail(st, STORE_ERR_CONSTRAINT, "单位名称不能含控制字符或换行");
        char *safe = text_sanitize(clean, false);
        bool bad = strcmp(safe, clean) != 0;
        free(safe);
        if (bad) return st_fail(st, STORE_ERR_CONSTRAINT, "单位名称不是有效的文字（UTF-8）");
    }
    char uuid[40] = "";
    rc = store_meta_get(st, "office_uuid", uuid, sizeof uuid);
    if (rc != STORE_OK) return rc;
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    int64_t h = st_history_begin(st, "office", uuid, "update", OFFICE_JSON, 1);
    if (h < 0) return st_abort(st, (int)h);
    if (kind) rc = store_meta_set(st, "office_kind", kind);
    if (rc == STORE_OK && name) rc = store_meta_set(st, "office_name", clean);
    if (rc == STORE_OK) rc = st_history_finish(st, h, OFFICE_JSON, 1);
    if (rc != STORE_OK) return st_abort(st, rc);
    return store_commit(st);
}

/* ---- registered offices ---------------------------------------------------------------- */

#define PEER_COLS                                                                              \
    "SELECT p.id, p.branch_id, b.code, b.name, p.role, p.office_uuid, p.office_kind,"          \
    " p.office_name, p.public_key, p.fingerprint, p.created_at, p.created_by, p.updated_at,"   \
    " p.uuid FROM office_peer p JOIN branch b ON b.id = p.branch_id"

static void peer_row(sqlite3_stmt *s, void *out)
{
    struct office_peer *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    p->branch_id = sqlite3_column_int64(s, 1);
    st_col_text(s, 2, p->branch_code, sizeof p->branch_code);
    st_col_text(s, 3, p->branch_name, sizeof p->branch_name);
    st_col_text(s, 4, p->role, sizeof p->role);
    st_col_text(s, 5, p->office_uuid, sizeof p->office_uuid);
    st_col_text(s, 6, p->office_kind, sizeof p->office_kind);
    st_col_text(s, 7, p->office_name, sizeof p->office_name);
    st_col_text(s, 8, p->public_key, sizeof p->public_key);
    st_col_text(s, 9, p->fingerprint, sizeof p->fingerprint);
    st_col_text(s, 10, p->created_at, sizeof p->created_at);
    st_col_text(s, 11, p->created_by, sizeof p->created_by);
    st_col_text(s, 12, p->updated_at, sizeof p->updated_at);
    st_col_text(s, 13, p->uuid, sizeof p->uuid);
}

int store_office_peer_count(struct store *st)
{
    return st_count(st, "SELECT count(*) FROM office_peer");
}

int store_office_peer_list(struct store *st, struct store_office_peer_list *out)
{
    *out = (struct store_office_peer_list){0};
    sqlite3_stmt *s = st_stmt(st, PEER_COLS " ORDER BY b.code, p.role");
    if (!s) return STORE_ERR;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) peer_row(s, ST_LIST_ADD(out));
    st_done(s);
    if (rc != SQLITE_DONE) {
        store_office_peer_list_free(out);
        return st_sqlfail(st, rc, "读取登记的单位");
    }
    return STORE_OK;
}

void store_office_peer_list_free(struct store_office_peer_list *l)
{
    free(l->v);
    *l = (struct store_office_peer_list){0};
}

/* The registration of branch_id and role into *p: STORE_OK, STORE_ERR_NOT_FOUND or a failure. */
static int peer_get(struct store *st, int64_t branch_id, const char *role, struct office_peer *p)
{
    sqlite3_stmt *s = st_stmt(st,
                              PEER_COLS " WHERE p.branch_id = ?1 AND p.role = ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, role);
    return st_one_row(st, s, peer_row, p, NULL, "读取登记的单位");
}

void office_describe(const char *name, const char *kind, char *out, size_t outsz)
{
    if (name && *name)
        snprintf(out, outsz, "%s“%s”", office_kind_label(kind), name);
    else
        snprintf(out, outsz, "未命名的%s", office_kind_label(kind));
}

int store_office_sender(struct store *st, const struct bundle_manifest *m,
                        struct office_sender *out)
{
    memset(out, 0, sizeof *out);
    bool verdicts = m->kind == EXCHANGE_VERDICTS;
    out->role = verdicts ? "reviewer" : "ledger";
    struct office_info me;
    int rc = store_office_get(st, &me);
    if (rc != STORE_OK) return rc;
    char who[TEXT_SHORT + 64];
    office_describe(m->office_name, m->office_kind, who, sizeof who);

    sqlite3_stmt *s = st_stmt(st, "SELECT id FROM branch WHERE uuid = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, m->branch_uuid);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) out->branch_id = sqlite3_column_int64(s, 0);
    st_done(s);
    if (src != SQLITE_ROW && src != SQLITE_DONE) return st_sqlfail(st, src, "读取支部");

    if (strcmp(m->office_public_key, me.public_key) == 0) {
        out->state = OFFICE_SENDER_SELF;
        return STORE_OK;
    }
    if (m->office_uuid[0] && strcmp(m->office_uuid, me.uuid) == 0) {
        out->state = OFFICE_SENDER_REFUSED;
        snprintf(out->message, sizeof out->message,
                 "交换包自称来自本单位，签名的却是另一个密钥（指纹 %s），已拒绝",
                 m->office_fingerprint);
        return STORE_OK;
    }
    /* a district takes a branch's ledger only from the branch's township, inside the township's
     * month bundle (bundle_month.c checks the township's registration); a bundle of one branch,
     * from anyone, is refused */
    if (strcmp(me.kind, "district") == 0) {
        out->state = OFFICE_SENDER_REFUSED;
        snprintf(out->message, sizeof out->message,
                 "区（县）的数据库只导入乡镇报送的月度交换包（乡镇用 zhibu bundle export --month "
                 "YYYY-MM --for-district 导出）；此包是%s的单个支部的%s（指纹 %s），已拒绝",
                 who, verdicts ? "审查结论" : "台账", m->office_fingerprint);
        return STORE_OK;
    }
    if (verdicts && strcmp(me.kind, "village") != 0) {
        out->state = OFFICE_SENDER_REFUSED;
        snprintf(out->message, sizeof out->message,
                 "本数据库是%s，是其支部的审查单位：不接受其他单位导出的审查结论（此包来自%s，指纹 %s）",
                 office_kind_label(me.kind), who, m->office_fingerprint);
        return STORE_OK;
    }
    if (verdicts && strcmp(m->office_kind, "township") != 0) {
        out->state = OFFICE_SENDER_REFUSED;
        snprintf(out->message, sizeof out->message,
                 "审查结论只接受乡镇导出的，此包来自%s（指纹 %s），已拒绝", who,
                 m->office_fingerprint);
        return STORE_OK;
    }
    struct office_peer p;
    rc = out->branch_id ? peer_get(st, out->branch_id, out->role, &p) : STORE_ERR_NOT_FOUND;
    if (rc == STORE_ERR_NOT_FOUND) {
        out->state = OFFICE_SENDER_NEW;
        snprintf(out->message, sizeof out->message,
                 "首次收到%s的%s（支部 %s），签名指纹 %s，尚未登记", who,
                 verdicts ? "审查结论" : "台账", m->branch_code, m->office_fingerprint);
        return STORE_OK;
    }
    if (rc != STORE_OK) return rc;
    zb_strlcpy(out->registered_fpr, p.fingerprint, sizeof out->registered_fpr);
    zb_strlcpy(out->registered_name, p.office_name, sizeof out->registered_name);
    if (strcmp(p.public_key, m->office_public_key) == 0) {
        out->state = OFFICE_SENDER_KNOWN;
        return STORE_OK;
    }
    out->state = OFFICE_SENDER_CHANGED;
    char reg[TEXT_SHORT + 64];
    office_describe(p.office_name, p.office_kind, reg, sizeof reg);
    snprintf(out->message, sizeof out->message,
             "签名单位与登记的不符：支部 %s 登记的%s是%s，指纹 %s；此包由%s签名，指纹 %s，已拒绝",
             m->branch_code, office_role_label(out->role), reg, p.fingerprint, who,
             m->office_fingerprint);
    return STORE_OK;
}

int st_office_register(struct store *st, const struct bundle_manifest *m, int64_t branch_id,
                       const char *role)
{
    struct office_peer old;
    int rc = peer_get(st, branch_id, role, &old);
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    char now[24];
    if (rc == STORE_ERR_NOT_FOUND) {
        sqlite3_stmt *s = st_stmt(st,
                                  "INSERT INTO office_peer(uuid, branch_id, role, office_uuid,"
                                  " office_kind, office_name, public_key, fingerprint, created_at,"
                                  " created_by, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
        if (!s) return STORE_ERR;
        char uuid[UUID_STR_LEN];
        st_bind_stamps(st, s, 1, uuid, 9, now);
        sqlite3_bind_int64(s, 2, branch_id);
        st_bind_text(s, 3, role);
        st_bind_text(s, 4, m->office_uuid);
        st_bind_text(s, 5, m->office_kind);
        st_bind_text(s, 6, m->office_name);
        st_bind_text(s, 7, m->office_public_key);
        st_bind_text(s, 8, m->office_fingerprint);
        rc = st_step_write(st, s, "登记单位");
        if (rc != STORE_OK) return rc;
        int64_t id = st_insert_history(st, "office_peer", uuid, PEER_JSON);
        return id < 0 ? (int)id : STORE_OK;
    }
    int64_t h = st_history_begin(st, "office_peer", old.uuid, "update",
                                 PEER_JSON, old.id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE office_peer SET office_uuid = ?2, office_kind = ?3,"
                              " office_name = ?4, public_key = ?5, fingerprint = ?6,"
                              " updated_at = ?7 WHERE id = ?1");
    if (!s) return STORE_ERR;
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, old.id);
    st_bind_text(s, 2, m->office_uuid);
    st_bind_text(s, 3, m->office_kind);
    st_bind_text(s, 4, m->office_name);
    st_bind_text(s, 5, m->office_public_key);
    st_bind_text(s, 6, m->office_fingerprint);
    st_bind_text(s, 7, now);
    rc = st_step_write(st, s, "更换登记的单位");
    if (rc != STORE_OK) return rc;
    return st_history_finish(st, h, PEER_JSON, old.id);
}

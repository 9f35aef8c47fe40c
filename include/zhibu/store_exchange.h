/* store_exchange.h — moving a branch's ledger between offices (village ↔ township) with the
 * SQLite session extension: a bundle file (.zbx) carries one branch's rows as a changeset.
 *
 * Why an exchange schema. Every office numbers its rows itself (INTEGER PRIMARY KEY) and the
 * tables refer to each other by those numbers, so a village's member 17 is not the township's
 * member 17. Every row also has a uuid. A changeset identifies rows by primary key, so the
 * changeset is made over an *exchange schema*: for each table that travels, the same columns
 * with `uuid` as the PRIMARY KEY, `id` replaced by `xid` (the row's number at its origin, used
 * only to keep the origin's order when inserting), and every reference column (`member_id`,
 * `host_id`, `branch_id` ...) holding the referenced row's uuid instead of its number. The
 * exchange schema is derived from the live schema (PRAGMA table_info / foreign_key_list), so a
 * new column travels without code here.
 *
 * Export (src/store/exchange_db.c): a temporary database with the exchange schema, the branch's
 * rows copied in (translated) under a session attached to all its tables, a fresh session per
 * chunk of rows: each chunk's changeset is all INSERTs. Import: a staging temporary database
 * with the exchange schema holding the target's current rows of that branch (translated the
 * same way); the chunks are applied there in order with sqlite3changeset_apply and a conflict
 * handler that decides per row:
 *   - a row not there: added;
 *   - the same values: unchanged;
 *   - a table the sender owns, incoming newer or equal updated_at: replaced (updated);
 *   - a table the sender owns, incoming older updated_at: omitted (kept — an older bundle after
 *     a newer one rolls nothing back);
 *   - a table the receiver owns: omitted (kept);
 *   - rectification (both sides write it in turn: order → done → confirmed / sent back): the
 *     newer updated_at wins.
 * Then the staged rows go back into the real tables in one transaction (new rows get local ids
 * in the origin's order; references are resolved by uuid; a reference to a row that is not in
 * this database — e.g. the township committee as a village's parent — becomes NULL), and every
 * journaled row whose value changed gets a history entry "import" (the chain goes on here).
 * A changed meeting or dues record of a month that has a verdict here — or such a month dropped
 * out of the count by the branch's dues start moved later — gets an amend row (审后修改)
 * with the reason "导入时发现：评审后支部修改了该记录（包 <exported_at>）" unless the bundle
 * brought the village's own amend row for it.
 *
 * Who owns what:
 *   ledger bundle (village → township): branch, party_group, member, meeting, meeting_attendance,
 *     meeting_resolution, meeting_plan, dues_basis, dues_adjust, dues_payment, dues_allocation,
 *     member_mobile, mobile_contact, member_transfer, post, post_holding, post_report, post_review,
 *     post_excuse, handin, amend_request — owned by the branch (the sender); rectification —
 *     newer wins; the branch's dues start is the branch row's column dues_start (journaled like
 *     the rest of the row); the branch's journal entries travel as the pseudo-table journal and
 *     land in journal_import (insert only: an entry already there is left as it is).
 *     audit_verdict is never in a ledger bundle.
 *   verdicts bundle (township → village): audit_verdict (owned by the township: replaces),
 *     rectification (newer wins), spot_check (the district's spot checks of the branch as the
 *     township received them: replaces; never in a month bundle's part). Nothing else; the
 *     village's own rows are never touched.
 *   Never travel: app_user, history (the local journal), meta,
 *     bundle_log, journal_import of other branches.
 *
 * Permissions: exporting a ledger needs read access only; exporting verdicts, a reviewer, an
 * administrator or the system (store_may_export). Importing a ledger bundle needs a reviewer
 * (in scope), an administrator or the system; importing a verdicts bundle needs the
 * secretary of that branch, an administrator or the system (STORE_ERR_DENIED otherwise), and a
 * village's database: a township's or district's takes verdicts only from itself (origin_office
 * its own office_uuid), being the reviewing office of its branches — except a district from the
 * branch's registered township, inside its month bundle (exchange_source.from_township; below).
 * Which office signed a bundle and whether it is registered: store_office.h. */
#ifndef ZHIBU_STORE_EXCHANGE_H
#define ZHIBU_STORE_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/store.h"

enum exchange_kind { EXCHANGE_LEDGER, EXCHANGE_VERDICTS };
/* "ledger" / "verdicts"; parse returns -1 when unknown */
const char *exchange_kind_code(enum exchange_kind k);
int exchange_kind_parse(const char *code);

#define EXCHANGE_MAX_TABLES 32

struct exchange_count {
    char table[32];
    int rows;
};

/* The rows of branch_id as changesets over the exchange schema, in chunks: a fresh session
 * every max_rows rows or when the chunk's values reach max_bytes bytes (whichever comes first;
 * 0: no limit; bundles use EXCHANGE_CHUNK_ROWS and EXCHANGE_CHUNK_BYTES), each chunk's
 * changeset handed to put(ctx, data, n) and freed when put returns (put returns STORE_OK or a
 * store code that stops the export). A chunk's rows may refer to rows of later chunks: the
 * import applies every chunk before it resolves any reference. At least one chunk is handed
 * over (an empty one when the branch has no rows of kind). counts[] the rows per table (journal
 * included), *ncounts filled. */
/* Whether the session may export a bundle of kind: a ledger, anyone who can read it; verdicts,
 * the township's reviewer or administrator (or the system) — the export functions refuse a
 * secretary with STORE_ERR_DENIED "只有审查员或管理员可以导出审查结论". */
bool store_may_export(const struct store *st, enum exchange_kind kind);

#define EXCHANGE_CHUNK_ROWS 2000
#define EXCHANGE_CHUNK_BYTES (1024 * 1024)
typedef int (*exchange_chunk_fn)(void *ctx, const void *data, size_t n);
int store_exchange_export_chunks(struct store *st, int64_t branch_id, enum exchange_kind kind,
                                 size_t max_rows, size_t max_bytes, exchange_chunk_fn put,
                                 void *ctx, struct exchange_count *counts, int *ncounts);
/* The same as one changeset (one chunk, no size limit): *blob is heap (free()), *nblob its
 * size. Holds the whole changeset in memory: for tests and small branches. */
int store_exchange_export(struct store *st, int64_t branch_id, enum exchange_kind kind,
                          void **blob, size_t *nblob, struct exchange_count *counts,
                          int *ncounts);

struct exchange_table_report {
    char table[32];
    int added, updated, unchanged, kept, conflicts;
    /* kept: omitted because the receiver owns the row or the incoming one is older;
     * conflicts: rows the engine could not place (e.g. a constraint) — each is also reported in
     * exchange_report.problems and makes the whole import fail (nothing written) */
};
struct exchange_report {
    int64_t branch_id;                   /* the branch here (new or existing) */
    char branch_code[24];
    bool branch_new;                     /* the branch did not exist here before */
    int ntables;
    struct exchange_table_report t[EXCHANGE_MAX_TABLES];
    int amends;                          /* records marked 审后修改 by this import */
    int journal_added;                   /* journal entries added to journal_import */
    /* a ledger bundle: the head of the journal it carries, as recomputed here (the newest
     * entry's number at the origin and its hash; 0 and "" when it carries none) */
    int64_t journal_head_id;
    char journal_head[65];
    char problem[512];                   /* the first problem, Chinese, "" when none */
};

/* Apply a changeset made by store_exchange_export (of kind, for the branch whose uuid and code
 * are given) to this database in one transaction, as described above. The branch must be the
 * same branch here (same uuid), or — for a ledger bundle only, and only in a township's or a
 * district's database (meta office_kind = "township" or "district") — new here. Refused,
 * nothing changed: a branch here with the same code and another uuid ("本数据库已有组织代码 C
 * 的另一个支部"); a ledger bundle of another branch in a village's database ("这是村（社区）支部
 * 的数据库，只能导入本支部的台账"); a verdicts bundle for a branch that is not here ("本数据库没有
 * 支部 C，审查结论无处可放"). origin_office and exported_at name the sender (for journal_import
 * and the amend reason). On any failure nothing is written (called inside a transaction of the
 * caller's, the import adds no savepoint: on a failure the caller rolls that transaction back). */
int store_exchange_import(struct store *st, const void *blob, size_t nblob,
                          enum exchange_kind kind, const char *branch_uuid,
                          const char *branch_code, const char *origin_office,
                          const char *exported_at, struct exchange_report *out);

/* The chunks of an export, read one at a time (store_exchange_import_chunks): rewind(ctx)
 * goes back before the first chunk (STORE_OK or a store code); next(ctx, &data, &n) gives the
 * next chunk in order (1; data valid until the next call), 0 after the last, -1 on failure
 * with err (if set) naming it in Chinese. The import reads the chunks several times (the
 * branch's parent, the check of every row, the apply). */
struct exchange_source {
    void *ctx;
    int (*rewind)(void *ctx);
    int (*next)(void *ctx, const void **data, size_t *n);
    const char *err;
    /* the head the bundle's manifest declares (a ledger bundle): its journal must end there;
     * NULL when there is no manifest to hold it to */
    const char *journal_head;
    /* a part of a township's month bundle at a district (bundle_month.c): the sender is the
     * branch's registered township, the reviewing office whose verdicts the district keeps —
     * a verdicts part is taken although the database is not a village's */
    bool from_township;
    /* the schema version of the office that made the bundle (its manifest); 0: this program's.
     * A bundle from before a column was added (exchange_schema.c ADDED_COLS) carries its tables
     * without it; its rows get the column's default. */
    int schema_version;
};
/* store_exchange_import over the chunks of src, applied in order to the staging database
 * (same checks, rules, report and refusals); only one chunk is in memory at a time.
 *
 * A ledger bundle is also held to its own journal before anything is applied (the bundle's
 * rows must be the rows its journal describes — so that a ledger changed behind zhibu's back at
 * the village is not laundered into the township as clean): its entries (the pseudo-table
 * journal) must form one chain from "" that hashes as the origin computed it, ending at
 * src->journal_head when given; every journaled row the bundle brings must equal, as JSON, the
 * newest value that chain holds for it (computed from the bundle's own rows, renumbered with the
 * origin's ids); and every head this office received before from the same office for the branch
 * (journal_head) must still be that entry of the chain. A bundle that fails is refused with one
 * line naming the entry or the table and row ("交换包中的交费记录 1a2b3c4d 与包内日志的最新
 * 内容不符……"). */
int store_exchange_import_chunks(struct store *st, struct exchange_source *src,
                                 enum exchange_kind kind, const char *branch_uuid,
                                 const char *branch_code, const char *origin_office,
                                 const char *exported_at, struct exchange_report *out);

/* The office this database belongs to: meta office_kind "village", "township" or "district"
 * (schema 7 sets it from the number of branches; `zhibu init --office village|township|district`,
 * `zhibu office kind` and `zhibu demo`, a township, set it explicitly) and meta office_uuid.
 * store_office_set_kind is store_office_set(st, kind, NULL) (store_office.h): journaled. */
int store_office_get_kind(struct store *st, char *kind, size_t kindsz);
int store_office_set_kind(struct store *st, const char *kind);   /* admin or system */

/* ---- the bundle file (src/store/bundle_db.c) ----
 * One SQLite file: table manifest(key TEXT PRIMARY KEY, value TEXT) and table payload(id INTEGER
 * PRIMARY KEY, data BLOB) holding the changeset in chunks (store_exchange_export_chunks): row
 * id 1, 2, 3 ... each one chunk's changeset, applied in id order (a small branch: one row).
 * Manifest keys: format ("zhibu-bundle 1"), kind, branch_code, branch_name, branch_uuid,
 * exported_at, exported_by, office_uuid, schema_version, program_version, journal_head (the
 * hash of the newest sealed journal entry of the branch's chain), bundle_uuid, for a verdicts
 * bundle received_head:<office> (below), payload_sha256 (hex SHA-256
 * of the payload: the chunks' bytes concatenated in id order — for one chunk, of that blob),
 * rows:<table> per table; the exporting office: office_kind, office_name, office_public_key
 * (hex Ed25519), office_fingerprint (office_fingerprint of that key); and signature: hex
 * crypto_sign_detached by the office's key over the canonical text of every other manifest row
 * ("zhibu-bundle-manifest 1\n", then per row in key order, bytewise: the key and the value each
 * as "<length>:" and its bytes, a NULL value as "-:") — payload_sha256 among them, so the
 * signature covers the payload. The export writes the chunks into the file as it makes them
 * (peak memory about one chunk), the manifest last, under a temporary name renamed at the end;
 * the check and the import read one chunk at a time. */
struct bundle_manifest {
    char format[32];
    enum exchange_kind kind;
    char branch_code[24];
    char branch_name[TEXT_SHORT];
    char branch_uuid[UUID_STR_LEN];
    char exported_at[24];
    char exported_by[64];
    char office_uuid[40];
    int schema_version;
    char program_version[24];
    char journal_head[65];
    char bundle_uuid[40];                /* made at export (journal_head rows name it) */
    /* a verdicts bundle: the newest journal head the exporting office received from each office
     * that sent it this branch's ledger (manifest keys received_head:<office uuid> =
     * "<entry number> <hash>"); the village records those of its own chain (journal_head) */
    int nreceived;
    struct {
        char office[40];
        int64_t entry;
        char hash[65];
    } received[4];
    char payload_sha256[65];
    char office_kind[16];
    char office_name[TEXT_SHORT];
    char office_public_key[65];
    char office_fingerprint[24];
    char office_test[4];          /* "1": made by a test or demo database (its clock could be set
                                   * at will: ZHIBU_TODAY / ZHIBU_NOW), "0" a real ledger; signed
                                   * with the rest. A real ledger refuses a test database's bundle. */
    int ncounts;
    struct exchange_count counts[EXCHANGE_MAX_TABLES];
};

/* Write branch_id's bundle of kind to path (refuses to overwrite an existing file). Refused
 * while the branch does not verify (store_journal_verify of the branch: "本支部台账校验未通过（N 处问题，
 * 首个：…），导出的交换包会被乡镇发现；请先运行 zhibu verify 查看"). A ledger bundle's head
 * is recorded as sent (journal_head), so that verify finds it if those entries go missing. */
int store_bundle_export(struct store *st, int64_t branch_id, enum exchange_kind kind,
                        const char *path, const char *program_version,
                        struct bundle_manifest *out);
/* Check a bundle file without touching any database: it opens read-only, passes
 * PRAGMA integrity_check, has the manifest with the known format and kind, a schema version this
 * program understands (<= STORE_SCHEMA_VERSION), a valid signature by the public key the
 * manifest carries (whose fingerprint it also carries), and a payload whose SHA-256 matches
 * (computed one chunk at a time). 0 with the manifest (and, if payload is not NULL, the chunks
 * concatenated: heap, free() — the whole payload in memory, so callers pass NULL), else -1 with a
 * Chinese sentence in err: "文件为空", "不是 zhibu 交换包", "交换包已损坏（完整性检查失败）",
 * "交换包内容与校验值不符（文件被改动或不完整）", "交换包来自更新版本的 zhibu（数据库版本 N）",
 * "交换包没有签名（来自旧版本 zhibu），请对方升级后重新导出",
 * "交换包签名无效（文件被改动或伪造）" ... */
int store_bundle_check(const char *path, struct bundle_manifest *m, void **payload,
                       size_t *npayload, char *err, size_t errsz);
/* Check (as above) and import the bundle at path into st, chunk by chunk (the SHA-256 is
 * checked again on every pass over the chunks, so a file changed after the check is refused
 * with nothing written); also records it in bundle_log, and the journal heads it brings in
 * journal_head: a ledger's head (from another office) as received, a verdicts bundle's
 * received_head of this office's own chain as received by the township.
 * At a township, a ledger bundle (not its own) of a branch already here must leave the
 * township's decisions on the branch's rectification orders as they were (the orders, their
 * text and deadline, confirmation, the reason of a send-back; the "done" side may change), else
 * it is refused (STORE_ERR_DENIED "交换包改动了本单位对支部 C 的整改决定……").
 * The sender is decided first (store_office_sender, store_office.h): its own office's bundle
 * and a registered office's are taken; an office not registered yet for the branch and role
 * only when trust is its fingerprint (as the user confirmed it; NULL: not confirmed), and it is
 * then registered in the same transaction; a registered branch and role signed by another key
 * only when trust is the new fingerprint and the session is an administrator (the
 * registration replaced); anything else is refused (STORE_ERR_DENIED, the one-line reason in
 * rep->problem and store_errmsg) with nothing written.
 * A village database (one whose branches are all of one code other than the bundle's, and which
 * is not a township) is not special-cased: the branch rule of store_exchange_import applies. */
int store_bundle_import(struct store *st, const char *path, const char *trust,
                        struct bundle_manifest *m, struct exchange_report *rep);

/* ---- the bundles this database received (src/store/bundle_log.c) ---- */
struct bundle_log_entry {
    int64_t id;
    enum exchange_kind kind;             /* ledger or verdicts (a month or district bundle: ledger) */
    char kind_code[12];                  /* "ledger", "verdicts", "month", "district" */
    char month[8];                       /* a month or district bundle: its month ("" none) */
    char township[24];                   /* a month bundle: the township's code */
    int64_t branch_id;                   /* the branch here */
    char branch_code[24];
    char branch_name[TEXT_SHORT];
    char origin_office[40];
    char exported_at[24];
    char exported_by[64];
    char imported_at[24];
    char imported_by[64];
    /* the report's totals over its tables (report_json); -1 when it holds none */
    int added, updated, unchanged, kept, conflicts;
};
/* The imports (of branch_id, or of every branch when 0), newest first (store.h: lists): the
 * `newest` newest ones, or every one when newest <= 0 (the log grows with every import: a
 * screen shows the newest and says so). */
struct store_bundle_log_list {
    struct bundle_log_entry *v;
    int n;
};
int store_bundle_log_list(struct store *st, int64_t branch_id, int newest,
                          struct store_bundle_log_list *out);
void store_bundle_log_list_free(struct store_bundle_log_list *l);

/* ---- what an import checks before it writes anything (issue 12, holes 4-6) ----
 * Every imported row, at every depth, belongs to the bundle's branch: a row with a branch_id
 * names the bundle's branch (checked while the chunks are read, before anything is applied);
 * every other reference (a resolution's meeting, an allocation's payment, a meeting's host, a
 * holding's post and member ...) names a row of this branch — in the bundle or already here
 * under this branch — or is NULL. Else: "交换包中表 X 的记录 <uuid 前8位> 属于其他支部，整个交换包未导入"
 * (a parent in another branch) or "... 引用了其他支部的记录（列），整个交换包未导入".
 * Every row written goes through the rules a form's row goes through (core: row_rules.h,
 * validate_member, meeting_check, dues_check_*, post_check_*): one bad row refuses the bundle
 * with "交换包中表 X 的记录 <uuid 前8位> 有误：<字段>“<值>”<理由>，整个交换包未导入".
 * Limits (config [exchange], store_exchange_limits_set): the file's size (checked first by
 * store_bundle_check / store_bundle_import), a payload chunk's size (EXCHANGE_MAX_CHUNK_BYTES),
 * the rows in the bundle and its members (counted while the chunks are read, before anything
 * is applied; what an import holds in memory grows with the rows, about 30 MB at 300,000):
 * "交换包过大：……（配置 [exchange] max_bundle_mb）" and the like. */
struct exchange_limits {
    long long max_bundle_bytes; /* [exchange] max_bundle_mb, in bytes */
    long max_rows;              /* [exchange] max_rows: rows in the bundle, all tables */
    long max_members;           /* [exchange] max_members: member rows */
    int clock_skew_days;        /* [exchange] clock_skew_days: dates up to today + this */
    int min_join_age;           /* [members] min_join_age (validate_member) */
    int probation_months;       /* [members] probation_months */
};
/* A chunk of a bundle's payload: the export makes them of about EXCHANGE_CHUNK_BYTES (one
 * row more at most: a meeting's journal entry with its minutes and list is some 100 KB); a
 * bigger one is refused before it is read into memory (the import holds one chunk at a time). */
#define EXCHANGE_MAX_CHUNK_BYTES (4 * 1024 * 1024)
/* One value of a row (a text, a JSON of the journal): the largest the ledger makes are some
 * 100 KB (minutes of 20,000 characters, a meeting's JSON with a long list); a bigger one is
 * refused while the chunks are read, before anything is applied (an import holds a few copies
 * of a value while it checks and writes it). */
#define EXCHANGE_MAX_VALUE_BYTES (1024 * 1024)
/* The defaults (those of config/zhibu.ini). */
void exchange_limits_default(struct exchange_limits *l);
/* The limits every later import of this process applies (NULL: the defaults again); set
 * from the config by main() for the CLI and the screens. */
void store_exchange_limits_set(const struct exchange_limits *l);
void store_exchange_limits_get(struct exchange_limits *out);

/* ---- the district's bundles (issue 18; src/store/bundle_month.c, bundle_district.c) ----
 *
 * The month bundle (township → district), kind "month": one SQLite file, like a bundle, with
 * table manifest(key, value) and table part(id INTEGER PRIMARY KEY, data BLOB): each part is a
 * whole bundle file of the format above, as the township's `zhibu bundle export` makes it —
 * per branch the township reviews (every branch without branches under it: the villages, not
 * the township committee), its ledger (kind ledger: the ledger as the township holds it, with
 * the township's journal of it; the hand-ins among its rows) and then the township's verdicts
 * (kind verdicts: audit_verdict with engine_json, rectification with its status). Each part is
 * signed by the township like any bundle. The month names what the township reports (checked:
 * a valid month, not to come); the parts carry every month of the branch as the township holds
 * it, so the district re-reviews what the township reviewed (rows it already has count 未变). Manifest keys: format ("zhibu-bundle 1"), kind
 * ("month"), month (YYYY-MM), exported_at, exported_by, office_uuid, office_kind ("township"),
 * office_name, office_test, schema_version, program_version, bundle_uuid, township_code (the
 * 组织代码 of the township committee: the branch with branches under it and no parent in the
 * township's database; "" when it holds none — the district knows a township by its key's
 * fingerprint, the code is what the district registered it under), township_name (the office's
 * name, else the committee's), parts (their number), part:NNNN (the part row NNNN, 4 digits from
 * 0001) = JSON {"kind","branch_uuid","branch_code","branch_name","sha256","bytes"} (the SHA-256
 * and size of the part's file), office_public_key, office_fingerprint and signature (as above,
 * over every other manifest row: the parts' hashes among them, so the signature covers every
 * part). The check reads one part at a time (in pieces); the import writes one part at a time
 * to a temporary file and imports it from there with the checks of store_bundle_import.
 *
 * The import (at a district's database only), in ONE transaction, nothing written on any
 * refusal: the signer must be a township registered here (store_township_of_key; its key
 * learnt on its first bundle); every branch the bundle carries must be new here or already the
 * township's (a branch of another township refuses the whole bundle, naming the branch and both
 * townships); each part must be signed by the same key and be of the kind and branch listed;
 * each part then goes through store_exchange_import_chunks (ledger: the branch's rows, owned by
 * the township for the district; verdicts: audit_verdict replaced, rectification newer wins — a
 * district database takes verdicts only this way); a table a township may not send refuses the
 * whole bundle (district_verdict: "乡镇的交换包不能修改区委组织部的复审结论……"); a new branch
 * is assigned to the township (store_township_assign). Each part gets its bundle_log row (kind
 * ledger / verdicts, as from any bundle: an older month bundle after a newer one rolls nothing
 * back) and the month bundle one of kind "month" (branch_id NULL, payload_sha256 the SHA-256 of
 * its manifest's signature). A district database takes no bundle of one branch
 * (store_office_sender: refused). Import needs the district's reviewer or administrator (or
 * the system); export the township's reviewer or administrator (or the system). */
#define BUNDLE_KIND_MONTH "month"
#define BUNDLE_KIND_DISTRICT "district"

struct month_part {
    int id;                              /* the part row */
    enum exchange_kind kind;
    char branch_uuid[UUID_STR_LEN];
    char branch_code[24];
    char branch_name[TEXT_SHORT];
    char sha256[65];
    long long bytes;
};
struct month_manifest {
    char kind[12];                       /* "month" | "district" */
    char month[8];                       /* "month": YYYY-MM; "district": "" or the month asked */
    char exported_at[24];
    char exported_by[64];
    char office_uuid[40];
    char office_kind[16];
    char office_name[TEXT_SHORT];
    char office_test[4];
    char office_public_key[65];
    char office_fingerprint[24];
    char program_version[24];
    char bundle_uuid[40];
    int schema_version;
    char township_code[24];              /* "month": the sender; "district": the receiver */
    char township_name[TEXT_SHORT];
    int nparts;                          /* "month" */
    struct month_part *parts;            /* heap (month_manifest_free) */
    int rows_verdicts, rows_spot;        /* "district": the rows it carries */
};
void month_manifest_free(struct month_manifest *m);

/* The kind named in a bundle file's manifest ("ledger", "verdicts", "month", "district"), read
 * without any check (the command and the screen pick the import with it): 0, or -1 with err
 * ("不是 zhibu 交换包" ...). */
int store_bundle_peek_kind(const char *path, char *kind, size_t kindsz, char *err,
                           size_t errsz);

/* Write the township's month bundle for the district to path (refuses to overwrite). A
 * township's database; its reviewer or administrator (or the system). Refused: another office
 * kind ("只有乡镇的数据库可以导出给区（县）的月度交换包"), a month in the future, no branch to
 * send, a branch that does not verify. out (may be NULL) the manifest written (free it). */
int store_bundle_export_month(struct store *st, struct zmonth month, const char *path,
                              const char *program_version, struct month_manifest *out);
/* Check a month or district bundle file without touching a database (the file, the manifest,
 * the signature, every part's SHA-256 and size): 0 with *m (free it), or -1 with err. */
int store_month_bundle_check(const char *path, struct month_manifest *m, char *err,
                             size_t errsz);

/* What a month bundle's import did, per branch. */
struct month_branch_report {
    char branch_code[24];
    char branch_name[TEXT_SHORT];
    bool branch_new;
    int ledger_added, ledger_updated, ledger_unchanged, ledger_kept;
    int verdicts_added, verdicts_updated, verdicts_unchanged, verdicts_kept;
    int journal_added, amends;
};
struct month_report {
    char township_code[24];
    char township_name[TEXT_SHORT];
    bool key_learnt;                     /* the township's first bundle: its key recorded */
    bool unchanged;                      /* nothing added or updated (a re-import) */
    int nbranches;
    struct month_branch_report *b;       /* heap (month_report_free) */
    /* a district bundle (store_bundle_import_district) */
    int dv_added, dv_updated, dv_unchanged, dv_kept;
    int sc_added, sc_updated, sc_unchanged, sc_kept;
    char problem[640];                   /* the refusal, Chinese, "" when none */
};
void month_report_free(struct month_report *r);
/* Import the month bundle at path into this district's database, as described above. m and rep
 * may be NULL; on success rep lists the branches (free both). */
int store_bundle_import_month(struct store *st, const char *path, struct month_manifest *m,
                              struct month_report *rep);

/* The district bundle (district → township), kind "district": one SQLite file with table
 * manifest and table row(id INTEGER PRIMARY KEY, tbl TEXT, branch_uuid TEXT, uuid TEXT, json
 * TEXT): the district's rows for one township — district_verdict (the findings sent back among
 * them: sent_back 1) and spot_check — of the township's branches (of month only, when given;
 * spot checks: of that month's dates), each row as the JSON object of its columns (id and
 * branch_id left out: branch_uuid names the branch). Manifest keys as a month bundle's, with
 * kind "district", office_kind "district", township_code / township_name the township it is
 * for, month ("" when every month), rows:district_verdict, rows:spot_check, rows_sha256 (hex
 * SHA-256 over every row's tbl, uuid and json, each "<length>:" prefixed, in id order).
 * Export: a district's database, its reviewer or administrator (or the system).
 * Import: a township's database only; the signer must be the district registered there
 * (store_district_get: its fingerprint; the key learnt on the first bundle, another key
 * refused naming both fingerprints; none registered: refused, "请先 zhibu office district
 * set"); every row's branch must be here (a row of another branch refuses the whole bundle,
 * naming it: the district sends a township only its own branches); district_verdict and
 * spot_check rows are replaced by newer ones (updated_at; the district owns them; a row keyed
 * by its uuid, a district verdict also by branch, month and item), an older one is kept;
 * nothing else is touched; journaled; one bundle_log row of kind "district" per import. */
int store_bundle_export_district(struct store *st, const char *township_code,
                                 const struct zmonth *month, const char *path,
                                 const char *program_version, struct month_manifest *out);
int store_bundle_import_district(struct store *st, const char *path, struct month_manifest *m,
                                 struct month_report *rep);

#endif

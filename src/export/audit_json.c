/* audit_json.c — one branch's result of the monthly review as text or JSON, and the snapshot
 * kept when a month is handed in (and the engine's result kept with a verdict), read back (see
 * audit_report.h). */
#include "zhibu/audit_report.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/flatjson.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "audit_report_priv.h"

/* ---- states ---- */

static const char *const STATE_CODES[] = {"pass", "fail", "pending"};

const char *audit_state_code(enum audit_state s)
{
    return (unsigned)s < 3 ? STATE_CODES[s] : "pending";
}

int audit_state_of_code(const char *code)
{
    for (int i = 0; code && i < 3; i++)
        if (strcmp(code, STATE_CODES[i]) == 0) return i;
    return -1;
}


/* ---- text ---- */

void audit_result_text(FILE *out, const struct audit_result *r, const char *branch_code,
                       const char *branch_name)
{
    char *code = export_clean_text(branch_code ? branch_code : "", false);
    char *name = export_clean_text(branch_name ? branch_name : "", false);
    fprintf(out, "%s %s  %04d年%d月  得分 %d\n", code, name, r->year, r->month, r->score);
    free(code);
    free(name);
    for (int i = 0; i < AI_COUNT; i++) {
        fprintf(out, "  %s %s  %s", audit_state_mark(r->state[i]), item_label(i),
                audit_state_label(r->state[i]));
        if (r->deduction[i] > 0) fprintf(out, "（扣 %d 分）", r->deduction[i]);
        fputc('\n', out);
        for (int k = 0; k < r->nreasons; k++) {
            if ((int)r->reasons[k].item != i) continue;
            char *t = export_clean_text(r->reasons[k].text, false);
            fprintf(out, "      · %s\n", t);
            free(t);
        }
    }
}

/* ---- JSON ---- */

static int put(FILE *f, const char *s)
{
    return fputs(s, f) < 0 ? -1 : 0;
}

/* {"meetings":"pass",...} */
static int write_states(FILE *f, const struct audit_result *r)
{
    int rc = put(f, "{");
    for (int i = 0; rc == 0 && i < AI_COUNT; i++) {
        if (i > 0) rc = put(f, ",");
        if (rc == 0) rc = json_write_string(f, item_code(i));
        if (rc == 0) rc = put(f, ":");
        if (rc == 0) rc = json_write_string(f, audit_state_code(r->state[i]));
    }
    if (rc == 0) rc = put(f, "}");
    return rc;
}

static const char *ref_kind_code(enum audit_ref_kind k)
{
    switch (k) {
    case REF_MEETING: return "meeting";
    case REF_MEMBER: return "member";
    case REF_HOLDING: return "holding";
    case REF_GROUP: return "group";
    case REF_CANDIDATE: return "candidate";
    }
    return "other";
}

int audit_result_json(FILE *out, const struct audit_result *r, const struct audit_rules *rules,
                      const char *branch_code, const char *branch_name)
{
    char month[24];
    snprintf(month, sizeof month, "%04d-%02d", r->year, r->month);
    const char *suggest = rules ? audit_suggest_verdict(r, rules) : NULL;
    int rc = put(out, "{\"branch_code\":");
    if (rc == 0) rc = json_write_string(out, branch_code);
    if (rc == 0) rc = put(out, ",\"branch_name\":");
    if (rc == 0) rc = json_write_string(out, branch_name);
    if (rc == 0) rc = put(out, ",\"month\":");
    if (rc == 0) rc = json_write_string(out, month);
    if (rc == 0) rc = fprintf(out, ",\"score\":%d,\"suggest\":", r->score) < 0 ? -1 : 0;
    if (rc == 0) rc = json_write_string(out, suggest ? suggest : "");
    if (rc == 0) rc = put(out, ",\"states\":");
    if (rc == 0) rc = write_states(out, r);
    if (rc == 0) rc = put(out, ",\"reasons\":[");
    for (int k = 0; rc == 0 && k < r->nreasons; k++) {
        const struct audit_reason *a = &r->reasons[k];
        if (k > 0) rc = put(out, ",");
        if (rc == 0) rc = put(out, "{\"item\":");
        if (rc == 0) rc = json_write_string(out, (unsigned)a->item < AI_COUNT ? item_code((int)a->item) : "");
        if (rc == 0) rc = put(out, ",\"text\":");
        if (rc == 0) rc = json_write_string(out, a->text);
        if (rc == 0) rc = put(out, a->fails ? ",\"fails\":true,\"refs\":[" : ",\"fails\":false,\"refs\":[");
        int nrefs = a->nrefs < 0 ? 0 : a->nrefs > AUDIT_MAX_REFS ? AUDIT_MAX_REFS : a->nrefs;
        for (int j = 0; rc == 0 && j < nrefs; j++)
            rc = fprintf(out, "%s{\"kind\":\"%s\",\"id\":%lld}", j ? "," : "",
                         ref_kind_code(a->refs[j].kind), (long long)a->refs[j].id) < 0 ? -1 : 0;
        if (rc == 0) rc = put(out, "]}");
    }
    if (rc == 0) rc = put(out, "]}");
    return rc;
}

/* The result as JSON: score, states and the reasons — as texts (the hand-in's snapshot), or
 * with their item and whether they fail (the engine's result kept with a verdict). */
static char *result_json(const struct audit_result *r, bool full_reasons)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    int rc = fprintf(f, "{\"score\":%d,\"states\":", r->score) < 0 ? -1 : 0;
    if (rc == 0) rc = write_states(f, r);
    if (rc == 0) rc = put(f, ",\"reasons\":[");
    for (int k = 0; rc == 0 && k < r->nreasons; k++) {
        const struct audit_reason *a = &r->reasons[k];
        if (k > 0) rc = put(f, ",");
        if (!full_reasons) {
            if (rc == 0) rc = json_write_string(f, a->text);
            continue;
        }
        if (rc == 0) rc = put(f, "{\"item\":");
        if (rc == 0) rc = json_write_string(f, (unsigned)a->item < AI_COUNT ? item_code((int)a->item) : "");
        if (rc == 0) rc = put(f, ",\"text\":");
        if (rc == 0) rc = json_write_string(f, a->text);
        if (rc == 0) rc = put(f, a->fails ? ",\"fails\":true}" : ",\"fails\":false}");
    }
    if (rc == 0) rc = put(f, "]}");
    if (fclose(f) != 0) rc = -1;
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *audit_snapshot_json(const struct audit_result *r)
{
    return result_json(r, false);
}

char *audit_engine_json(const struct audit_result *r)
{
    return result_json(r, true);
}

/* ---- reading a snapshot back: the states object and the reasons array ---- */

/* {"meetings":"pass",...}: known items set, unknown ones skipped; a state that is not a
 * state code makes it not a snapshot. */
static int read_states(const char *s, enum audit_state states[AI_COUNT])
{
    struct flatjson_pair pairs[AI_COUNT * 2 + 4];
    int n = flatjson_parse(s, pairs, (int)(sizeof pairs / sizeof pairs[0]));
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        int item = audit_item_of_code(pairs[i].key), st = audit_state_of_code(pairs[i].value);
        if (st < 0) rc = -1;
        else if (item >= 0 && item < AI_COUNT) states[item] = (enum audit_state)st;
    }
    flatjson_free(pairs, n);
    return rc;
}

/* ["...", ...] into one "\n"-joined heap string. */
static int read_reasons(const char *s, char **out)
{
    char **items = NULL;
    int n = flatjson_strings(s, &items);
    if (n < 0) return -1;
    size_t len = 0;
    for (int i = 0; i < n; i++) len += strlen(items[i]) + 1;
    char *buf = xmalloc(len + 1);
    len = 0;
    for (int i = 0; i < n; i++) {
        if (i) buf[len++] = '\n';
        size_t k = strlen(items[i]);
        memcpy(buf + len, items[i], k);
        len += k;
        free(items[i]);
    }
    buf[len] = '\0';
    free(items);
    *out = buf;
    return 0;
}

int audit_snapshot_read(const char *json, enum audit_state states[AI_COUNT], int *score, char **reasons_out)
{
    if (reasons_out) *reasons_out = NULL;
    struct flatjson_pair pairs[16];
    int n = flatjson_parse(json, pairs, 16);
    if (n < 0) return -1;
    int rc = -1;
    enum audit_state st[AI_COUNT];
    for (int i = 0; i < AI_COUNT; i++) st[i] = AS_PENDING;
    const char *sc = flatjson_get(pairs, n, "score");
    const char *ss = flatjson_get(pairs, n, "states");
    const char *rs = flatjson_get(pairs, n, "reasons");
    char *reasons = NULL;
    long v = 0;
    char *end = NULL;
    if (!sc || !ss || !*sc) goto done;
    errno = 0;
    v = strtol(sc, &end, 10);
    if (errno || *end || v < 0 || v > 100 || !((*sc >= '0' && *sc <= '9'))) goto done;
    if (read_states(ss, st) != 0) goto done;
    if (rs && *rs && read_reasons(rs, &reasons) != 0) goto done;
    rc = 0;
done:
    flatjson_free(pairs, n);
    if (rc == 0) {
        for (int i = 0; i < AI_COUNT; i++) states[i] = st[i];
        if (score) *score = (int)v;
        if (reasons_out) *reasons_out = reasons ? reasons : xstrdup("");
        else free(reasons);
    }
    return rc;
}

void audit_kept_free(struct audit_kept *k)
{
    if (!k) return;
    for (int i = 0; i < k->nreasons; i++) free(k->reasons[i].text);
    free(k->reasons);
    k->reasons = NULL;
    k->nreasons = 0;
}

int audit_engine_read(const char *json, struct audit_kept *out)
{
    memset(out, 0, sizeof *out);
    if (!json) return -1;
    struct flatjson_pair top[8];
    int n = flatjson_parse(json, top, 8);
    if (n < 0) return -1;
    int rc = -1;
    const char *sc = flatjson_get(top, n, "score"), *ss = flatjson_get(top, n, "states");
    const char *rs = flatjson_get(top, n, "reasons");
    char **objs = NULL;
    int no = -1;
    char *end = NULL;
    long v;
    for (int i = 0; i < AI_COUNT; i++) out->state[i] = AS_PENDING;
    if (!sc || !ss || !rs || !(*sc >= '0' && *sc <= '9')) goto done;
    errno = 0;
    v = strtol(sc, &end, 10);
    if (errno || *end || v < 0 || v > 100) goto done;
    if (read_states(ss, out->state) != 0) goto done;
    no = flatjson_objects(rs, &objs);
    if (no < 0) goto done;
    out->score = (int)v;
    out->reasons = xcalloc((size_t)no + 1, sizeof *out->reasons);
    for (int i = 0; i < no; i++) {
        struct flatjson_pair p[6];
        int np = flatjson_parse(objs[i], p, 6);
        if (np < 0) continue;
        const char *it = flatjson_get(p, np, "item"), *text = flatjson_get(p, np, "text");
        const char *fails = flatjson_get(p, np, "fails");
        int item = audit_item_of_code(it);
        if (item >= 0 && item < AI_COUNT && text) {
            struct audit_kept_reason *a = &out->reasons[out->nreasons++];
            a->item = item;
            a->fails = fails && strcmp(fails, "true") == 0;
            a->text = xstrdup(text);
        }
        flatjson_free(p, np);
    }
    rc = 0;
done:
    for (int i = 0; i < no; i++) free(objs[i]);
    free(objs);
    flatjson_free(top, n);
    if (rc != 0) audit_kept_free(out);
    return rc;
}
